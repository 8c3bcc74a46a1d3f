"""The results database of a report folder: the cache of finished events and tidy tables.

One embedded SQLite file, `<out>/.source-compare/cache.sqlite`, holds

- `cache`: per event, the key of its inputs (file contents, tool build, settings), the
  files its report consists of (name → SHA-256) and its small cross-event summary, so a
  re-run can skip an event whose inputs are unchanged and whose report files are intact;
- tidy tables, one row per observation, that a researcher can query with SQL or export to
  CSV: events, sources, metrics, paragraphs, alignments, conflicts and a few more (TABLES),
  and the view `aligned_pairs`: every aligned pair of paragraphs, listed or implied by a
  content unit (VIEWS).

The file is checked when it is opened (SQLite's quick_check, the schema version) and every
cache row carries a digest of its contents: a damaged file is reported and rebuilt, a
damaged row is recomputed; neither is ever trusted. Runs may share a folder (`_opening_lock`).
A database that cannot be written is an InputError, not a warning: it holds the tables
`export` reads, and a run without it would leave tables that no longer match the reports.
"""
from __future__ import annotations

import csv
import errno
import hashlib
import json
import os
import sqlite3
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError, one_line

SCHEMA_VERSION = 2  # 2: unit_reports, the aligned_pairs view, events.aligned_pairs
DB_RELATIVE_PATH = Path(".source-compare") / "cache.sqlite"
WAIT_SECONDS = 60  # how long a run waits for another that is opening or writing the database


@dataclass(frozen=True, slots=True)
class Table:
    """A tidy table: its columns (name, SQL type), the columns that identify a row, and what a row is."""

    name: str
    columns: tuple[tuple[str, str], ...]
    key: tuple[str, ...]
    row: str

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.columns)


TABLES: tuple[Table, ...] = (
    Table("events", (
        ("event_id", "TEXT"), ("title", "TEXT"), ("date", "TEXT"), ("path", "TEXT"), ("sources", "INTEGER"),
        ("paragraphs", "INTEGER"), ("alignments", "INTEGER"), ("content_units", "INTEGER"),
        ("conflicts", "INTEGER"), ("actors_from", "TEXT"), ("tool_version", "TEXT"), ("aligned_pairs", "INTEGER"),
    ), ("event_id",), "one news event (an event folder); `alignments` counts the listed ones, `aligned_pairs` all"),
    Table("sources", (
        ("event_id", "TEXT"), ("source_id", "TEXT"), ("name", "TEXT"), ("path", "TEXT"), ("title", "TEXT"),
        ("url", "TEXT"), ("published", "TEXT"), ("paragraphs", "INTEGER"), ("words", "INTEGER"),
        ("removed_blocks", "INTEGER"),
    ), ("event_id", "source_id"), "one article of an event; `name` is the outlet"),
    Table("metrics", (
        ("event_id", "TEXT"), ("source_id", "TEXT"), ("coverage", "REAL"), ("sentiment", "REAL"),
        ("own_sentiment", "REAL"), ("quote_sentiment", "REAL"), ("sentiment_gap", "REAL"),
        ("frame_distance", "REAL"), ("unique_share", "REAL"), ("divergence", "REAL"), ("drivers", "TEXT"),
    ), ("event_id", "source_id"), "the per-source figures of a report (definitions in report.json)"),
    Table("source_frames", (
        ("event_id", "TEXT"), ("source_id", "TEXT"), ("frame", "TEXT"), ("share", "REAL"),
    ), ("event_id", "source_id", "frame"), "one frame of a source's frame profile"),
    Table("actor_sentiment", (
        ("event_id", "TEXT"), ("source_id", "TEXT"), ("actor", "TEXT"), ("mentions", "INTEGER"),
        ("sentiment", "REAL"), ("own_sentiment", "REAL"), ("quote_sentiment", "REAL"),
    ), ("event_id", "source_id", "actor"), "sentiment toward one actor of the event in one source"),
    Table("paragraphs", (
        ("event_id", "TEXT"), ("source_id", "TEXT"), ("paragraph", "INTEGER"), ("line", "INTEGER"),
        ("section", "TEXT"), ("text", "TEXT"), ("sentiment", "REAL"), ("own_sentiment", "REAL"),
        ("quote_sentiment", "REAL"), ("top_frame", "TEXT"),
    ), ("event_id", "source_id", "paragraph"), "one kept paragraph (after boilerplate removal)"),
    Table("paragraph_frames", (
        ("event_id", "TEXT"), ("source_id", "TEXT"), ("paragraph", "INTEGER"), ("frame", "TEXT"), ("score", "REAL"),
    ), ("event_id", "source_id", "paragraph", "frame"), "one frame a paragraph carries (non-zero scores only)"),
    Table("removed_blocks", (
        ("event_id", "TEXT"), ("source_id", "TEXT"), ("block", "INTEGER"), ("line", "INTEGER"),
        ("reason", "TEXT"), ("text", "TEXT"),
    ), ("event_id", "source_id", "block"), "one block of page boilerplate the cleaner removed, and why"),
    Table("alignments", (
        ("event_id", "TEXT"), ("source_a", "TEXT"), ("paragraph_a", "INTEGER"), ("source_b", "TEXT"),
        ("paragraph_b", "INTEGER"), ("score", "REAL"), ("evidence", "TEXT"), ("shared", "TEXT"),
    ), ("event_id", "source_a", "paragraph_a", "source_b", "paragraph_b"),
        "a listed alignment: two paragraphs of different sources that report the same thing, with its evidence "
        "(each paragraph's strongest; the view aligned_pairs adds the pairs the content units imply)"),
    Table("content_units", (
        ("event_id", "TEXT"), ("unit", "INTEGER"), ("label", "TEXT"), ("source_id", "TEXT"), ("paragraph", "INTEGER"),
    ), ("event_id", "unit", "source_id", "paragraph"), "one paragraph that belongs to a content unit"),
    Table("unit_reports", (
        ("event_id", "TEXT"), ("unit", "INTEGER"), ("source_id", "TEXT"), ("paragraph", "INTEGER"), ("member", "INTEGER"),
    ), ("event_id", "unit", "source_id", "paragraph"),
        "one paragraph that reports a content unit: a member (1), or aligned with most of its core (0)"),
    Table("conflicts", (
        ("event_id", "TEXT"), ("conflict", "INTEGER"), ("kind", "TEXT"), ("about", "TEXT"), ("note", "TEXT"),
        ("source_id", "TEXT"), ("paragraph", "INTEGER"), ("value", "TEXT"), ("text", "TEXT"),
    ), ("event_id", "conflict", "source_id", "paragraph", "value"),
        "one claim of a factual conflict (a date or number that differs between sources)"),
)

# Views: derived tables, exported like the tables. `aligned_pairs` expands the pairs the
# content units imply (two paragraphs of different sources that report one unit), which
# are never stored one by one: a unit told by a thousand outlets implies half a million.
VIEWS: tuple[tuple[Table, str], ...] = (
    (Table("aligned_pairs", (
        ("event_id", "TEXT"), ("source_a", "TEXT"), ("paragraph_a", "INTEGER"), ("source_b", "TEXT"),
        ("paragraph_b", "INTEGER"), ("listed", "INTEGER"), ("score", "REAL"), ("evidence", "TEXT"), ("unit", "INTEGER"),
    ), ("event_id", "source_a", "paragraph_a", "source_b", "paragraph_b"),
        "every aligned pair of paragraphs: listed as an alignment (listed = 1, with its score and evidence), "
        "or both reporting one content unit (the lowest such unit)"),
     """SELECT event_id, source_a, paragraph_a, source_b, paragraph_b, MAX(listed) AS listed, MAX(score) AS score,
              MAX(evidence) AS evidence, MIN(unit) AS unit
       FROM (SELECT event_id, source_a, paragraph_a, source_b, paragraph_b, 1 AS listed, score, evidence, NULL AS unit
             FROM alignments
             UNION ALL
             SELECT x.event_id, x.source_id, x.paragraph, y.source_id, y.paragraph, 0, NULL, NULL, x.unit
             FROM unit_reports AS x JOIN unit_reports AS y
               ON x.event_id = y.event_id AND x.unit = y.unit AND x.source_id < y.source_id)
       GROUP BY event_id, source_a, paragraph_a, source_b, paragraph_b"""),
)
TABLE_NAMES = tuple(t.name for t in TABLES)
EXPORTABLE = TABLE_NAMES + tuple(view.name for view, _ in VIEWS)
_BY_NAME = {t.name: t for t in TABLES} | {view.name: view for view, _ in VIEWS}


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """What the cache knows about an event's last successful run."""

    event_id: str
    input_key: str
    files: dict[str, str]  # report file name -> SHA-256 of its bytes
    summary: dict


class StoreDamaged(Exception):
    """The database file cannot be trusted; the message says why, in a few words."""


class StoreOutdated(StoreDamaged):
    """The database is sound but was written by a version with another results schema."""


def database_path(out_dir: Path) -> Path:
    return Path(out_dir) / DB_RELATIVE_PATH


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class ResultStore:
    """The cache and the tidy tables of one report folder.

    Open it with `open_for_writing` (damaged files are rebuilt) or `open_read_only`.
    Every write of an event is one transaction, so an interrupted run leaves the events it
    finished in the cache and nothing half-written.
    """

    def __init__(self, connection: sqlite3.Connection | None, path: Path, notice: str | None = None):
        self.connection = connection
        self.path = path
        self.notice = notice  # one line about a damaged file that was rebuilt or ignored

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def open_for_writing(cls, out_dir: Path) -> "ResultStore":
        """Open (or create) the database of out_dir; a damaged one is deleted and rebuilt. An
        InputError when it cannot be written: read-only, a full disk, another run holding it."""
        from .render import make_output_folder

        path = database_path(out_dir)
        make_output_folder(path.parent, "reports here")
        try:
            with _opening_lock(path):
                try:
                    return cls(_connect_sound(path), path)
                except (StoreDamaged, sqlite3.DatabaseError) as damage:
                    if isinstance(damage, sqlite3.Error) and (damage.sqlite_errorcode or 0) & 0xFF not in _DAMAGED:
                        raise  # read-only, busy, a full disk: nothing wrong with the file, nothing to remove
                    notice = f"{path}: the cache {_state(damage)} ({_damage(damage)}); rebuilding it from the corpus"
                _remove_database(path)
                return cls(_connect_sound(path), path, notice)
        except (sqlite3.Error, OSError) as error:
            raise _cannot_write(path, error) from None

    @classmethod
    def open_read_only(cls, out_dir: Path) -> "ResultStore | None":
        """The database of out_dir for reading without writing anything (None if there is none);
        a damaged file gives a store without entries and a notice."""
        path = database_path(out_dir)
        if not path.is_file():
            return None
        connection = None
        try:
            connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
            _verify(connection)
            return cls(connection, path)
        except (StoreDamaged, sqlite3.DatabaseError) as damage:
            if connection is not None:
                connection.close()
            return cls(None, path, f"{path}: the cache {_state(damage)} ({_damage(damage)}); ignoring it")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    # --- the cache -------------------------------------------------------------------------

    def lookup(self, event_id: str) -> CacheEntry | None:
        """The cache entry of an event, or None when there is none; StoreDamaged when the entry's
        digest does not match its contents (the caller recomputes the event)."""
        if self.connection is None:
            return None
        row = self.connection.execute(
            "SELECT input_key, files, summary, digest FROM cache WHERE event_id = ?", (event_id,)).fetchone()
        if row is None:
            return None
        input_key, files, summary, digest = row
        if digest != _entry_digest(event_id, input_key, files, summary):
            raise StoreDamaged(f"the cache entry of event {event_id!r} does not match its digest")
        try:
            return CacheEntry(event_id, input_key, json.loads(files), json.loads(summary))
        except ValueError:
            raise StoreDamaged(f"the cache entry of event {event_id!r} is not valid JSON") from None

    def save_event(self, event_id: str, input_key: str, files: dict[str, bytes], summary: dict,
                   rows: dict[str, list[tuple]]) -> None:
        """Record a finished event: replace its tidy rows and its cache entry, in one transaction."""
        manifest = json.dumps({name: sha256_hex(content) for name, content in sorted(files.items())}, sort_keys=True)
        # key order kept as is, so a summary read back from the cache is the one computed
        summary_text = json.dumps(summary, ensure_ascii=False)
        with self._writing():
            self._delete_rows(event_id)
            for table in TABLES:
                table_rows = rows.get(table.name, [])
                if table_rows:
                    marks = ", ".join("?" * len(table.columns))
                    self.connection.executemany(f"INSERT INTO {table.name} VALUES ({marks})", table_rows)
            self.connection.execute(
                "INSERT OR REPLACE INTO cache (event_id, input_key, files, summary, digest) VALUES (?, ?, ?, ?, ?)",
                (event_id, input_key, manifest, summary_text,
                 _entry_digest(event_id, input_key, manifest, summary_text)))

    def forget_event(self, event_id: str) -> None:
        """Drop an event that failed this time: its old results no longer describe its inputs."""
        with self._writing():
            self._delete_rows(event_id)
            self.connection.execute("DELETE FROM cache WHERE event_id = ?", (event_id,))

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One transaction; a database that refuses it (read-only, a full disk) is an InputError."""
        try:
            with self.connection:
                yield
        except sqlite3.Error as error:
            raise _cannot_write(self.path, error) from None

    def _delete_rows(self, event_id: str) -> None:
        for table in TABLES:
            self.connection.execute(f"DELETE FROM {table.name} WHERE event_id = ?", (event_id,))


# --- tidy rows from a report -------------------------------------------------------------


def tidy_rows(data: dict) -> dict[str, list[tuple]]:
    """The rows of every tidy table for one report.json dictionary: {table name: [row, ...]}.

    Reads the SPEC keys directly and the keys added since with .get, so a report that lacks
    an optional key gives NULLs rather than an error.
    """
    event = data["event"]
    event_id = event["id"]
    rows: dict[str, list[tuple]] = {t.name: [] for t in TABLES}
    sources = data["sources"]
    rows["events"].append((
        event_id, event.get("title"), event.get("date"),
        _common_folder([s.get("path") for s in sources]), len(sources),
        sum(len(s["paragraphs"]) for s in sources), len(data.get("alignments", [])),
        len(data.get("content_units", [])), len(data.get("conflicts", [])), event.get("actors_from"),
        (data.get("tool") or {}).get("version"), (data.get("aligned_pairs") or {}).get("total"),
    ))
    for s in sources:
        sid, m = s["id"], s.get("metrics", {})
        rows["sources"].append((
            event_id, sid, s.get("name"), s.get("path"), s.get("title"), s.get("url"), s.get("published"),
            len(s["paragraphs"]), m.get("words"), len(s.get("removed", [])),
        ))
        rows["metrics"].append((
            event_id, sid, m.get("coverage"), m.get("sentiment"), m.get("own_sentiment"), m.get("quote_sentiment"),
            m.get("sentiment_gap"), m.get("frame_distance"), m.get("unique_share"), m.get("divergence"),
            ",".join(m.get("drivers", [])) or None,
        ))
        rows["source_frames"].extend((event_id, sid, frame, share) for frame, share in sorted(s.get("frames", {}).items()))
        rows["actor_sentiment"].extend(
            (event_id, sid, actor, a.get("mentions"), a.get("sentiment"), a.get("own_sentiment"), a.get("quote_sentiment"))
            for actor, a in sorted(s.get("actors", {}).items()))
        for p in s["paragraphs"]:
            frames = p.get("frames", {})
            top = max(sorted(frames), key=lambda f: frames[f]) if any(v > 0 for v in frames.values()) else None
            rows["paragraphs"].append((
                event_id, sid, p["index"], p.get("line"), p.get("section"), p["text"], p.get("sentiment"),
                p.get("own_sentiment"), p.get("quote_sentiment"), top,
            ))
            rows["paragraph_frames"].extend(
                (event_id, sid, p["index"], frame, score) for frame, score in sorted(frames.items()) if score > 0)
        rows["removed_blocks"].extend(
            (event_id, sid, i, r.get("line"), r.get("reason"), r.get("text")) for i, r in enumerate(s.get("removed", [])))
    for al in data.get("alignments", []):
        rows["alignments"].append((
            event_id, al["a"]["source"], al["a"]["paragraph"], al["b"]["source"], al["b"]["paragraph"], al["score"],
            ",".join(al.get("evidence", [])) or None, " | ".join(al.get("shared", [])) or None,
        ))
    for unit in data.get("content_units", []):
        rows["content_units"].extend(
            (event_id, unit["id"], unit.get("label"), m["source"], m["paragraph"]) for m in unit.get("members", []))
        members = {(m["source"], m["paragraph"]) for m in unit.get("members", [])}
        rows["unit_reports"].extend(
            (event_id, unit["id"], sid, p, int((sid, p) in members))
            for sid, paragraphs in sorted(unit.get("reported_by", {}).items()) for p in paragraphs)
    for number, conflict in enumerate(data.get("conflicts", [])):
        rows["conflicts"].extend(
            (event_id, number, conflict["kind"], conflict.get("about"), conflict.get("note"), c["source"],
             c["paragraph"], c["value"], c.get("text"))
            for c in conflict["claims"])
    return rows


# --- export ------------------------------------------------------------------------------


def export_csv(database: Path, out_dir: Path, tables: Iterable[str] = TABLE_NAMES) -> list[tuple[Path, int]]:
    """Write each tidy table to out_dir/<table>.csv (a header row, rows sorted by the table's
    key, so the same database gives the same files); return (path, rows written) per table."""
    from .render import make_output_folder, new_file

    database = Path(database)
    if database.is_dir():
        database = database_path(database)
    if not database.is_file():
        raise InputError(database, "no results database here; run `source-compare report` with this --out first")
    unknown = [t for t in tables if t not in _BY_NAME]
    if unknown:
        raise InputError(None, f"unknown table {', '.join(unknown)}; choose from {', '.join(EXPORTABLE)}")
    try:
        connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        _verify(connection)
    except (StoreDamaged, sqlite3.DatabaseError) as damage:
        raise InputError(database, f"the results database {_state(damage)} ({_damage(damage)}); run `source-compare report` "
                                   "again to rebuild it") from None
    written = []
    try:  # each table is written whole beside its file; all are renamed over theirs at the end
        out_dir = make_output_folder(Path(out_dir), "CSV files here")
        with ExitStack() as staged:
            for name in tables:
                table = _BY_NAME[name]
                path = out_dir / f"{name}.csv"
                cursor = connection.execute(
                    f"SELECT {', '.join(table.column_names)} FROM {name} ORDER BY {', '.join(table.key)}")
                writer = csv.writer(staged.enter_context(new_file(path, "CSV files", "w", encoding="utf-8", newline="")))
                writer.writerow(table.column_names)
                count = 0
                for row in cursor:
                    writer.writerow(row)
                    count += 1
                written.append((path, count))
    finally:
        connection.close()
    return written


# --- internals ---------------------------------------------------------------------------


@contextmanager
def _opening_lock(path: Path) -> Iterator[None]:
    """Held while a run opens, checks, creates or rebuilds the database, so none reads a database
    another is still creating or removes one another has just made; then WAL and the busy timeout
    let runs write in turn. An exclusive transaction on an empty SQLite file: SQLite locks and waits."""
    lock = sqlite3.connect(f"{path}.lock", timeout=WAIT_SECONDS, isolation_level=None)
    try:
        lock.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        lock.close()  # ends the transaction: the lock is released


_DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)  # SQLite errors that mean the file is bad


def _connect_sound(path: Path) -> sqlite3.Connection:
    """A connection to the database at path, its schema verified (or created when it has no tables);
    the schema version is written in a write transaction, which fails here when it cannot be written."""
    connection = sqlite3.connect(path, timeout=WAIT_SECONDS)
    try:
        # WAL with synchronous=NORMAL: a commit per event costs no fsync, and a crash loses at
        # most the last events, never the database's consistency; readers never wait for a writer.
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        if connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
            _verify(connection)  # outside the write transaction: other runs go on writing meanwhile
        connection.execute("BEGIN IMMEDIATE")
        _create_schema(connection)
        connection.commit()
    except BaseException:
        connection.close()  # and with it any transaction
        raise
    return connection


def _verify(connection: sqlite3.Connection) -> None:
    """Raise StoreDamaged unless the file is a sound SQLite database with our schema
    (StoreOutdated when it is sound but another version's)."""
    result = connection.execute("PRAGMA quick_check").fetchall()
    if result != [("ok",)]:
        raise StoreDamaged(f"integrity check: {result[0][0] if result else 'no answer'}")
    present = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    row = (connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
           if "meta" in present else None)
    if row is not None and row[0] != str(SCHEMA_VERSION):
        raise StoreOutdated(f"results schema {row[0]}; this version writes {SCHEMA_VERSION}")
    missing = ({"meta", "cache"} | set(EXPORTABLE)) - present
    if missing:
        raise StoreDamaged(f"missing tables: {', '.join(sorted(missing))}")
    if row is None:
        raise StoreDamaged("schema version unknown")


def _create_schema(connection: sqlite3.Connection) -> None:
    """Every table, index and view that is not there yet, and the schema version (inside the
    caller's transaction)."""
    connection.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    connection.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    connection.execute(
        "CREATE TABLE IF NOT EXISTS cache (event_id TEXT PRIMARY KEY, input_key TEXT NOT NULL, files TEXT NOT NULL, "
        "summary TEXT NOT NULL, digest TEXT NOT NULL)")
    for table in TABLES:
        columns = ", ".join(f"{name} {kind}" for name, kind in table.columns)
        connection.execute(f"CREATE TABLE IF NOT EXISTS {table.name} ({columns})")
        connection.execute(f"CREATE INDEX IF NOT EXISTS {table.name}_by_event ON {table.name} (event_id)")
    connection.execute("CREATE INDEX IF NOT EXISTS unit_reports_by_unit ON unit_reports (event_id, unit, source_id)")
    for view, sql in VIEWS:
        connection.execute(f"CREATE VIEW IF NOT EXISTS {view.name} AS {sql}")


def _entry_digest(event_id: str, input_key: str, files: str, summary: str) -> str:
    return sha256_hex("\x1f".join((event_id, input_key, files, summary)).encode("utf-8"))


def _state(damage: BaseException) -> str:
    return "was written by another version of source-compare" if isinstance(damage, StoreOutdated) else "is damaged"


def _damage(error: BaseException) -> str:
    """What SQLite says is wrong, on one line (its multi-line reports are joined by "***")."""
    return " ".join(one_line(error).replace("***", " ").split())


def _cannot_write(path: Path, error: sqlite3.Error | OSError) -> InputError:
    """A database that cannot be written, on one line: why, and what to do."""
    primary = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    number = getattr(error, "errno", None)
    why = detail = error.strerror if isinstance(error, OSError) else _damage(error)
    if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM) or \
            number in (errno.EACCES, errno.EPERM, errno.EROFS):
        where = next((f"{name} is read-only" for target, name in ((path, "the file"), (path.parent, "its folder"))
                      if os.path.exists(target) and not os.access(target, os.W_OK)), "read-only")
        why = f"{where} ({detail}); make it writable, or use another --out"
    elif primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        why = f"another run has held it for {WAIT_SECONDS} s ({detail}); run again when it has finished"
    elif primary == sqlite3.SQLITE_FULL or number in (errno.ENOSPC, errno.EDQUOT):
        why = f"the disk is full ({detail})"
    return InputError(path, f"cannot write the cache: {why}")


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _common_folder(paths: list[str | None]) -> str | None:
    folders = {p.rsplit("/", 1)[0] for p in paths if p and "/" in p}
    return folders.pop() if len(folders) == 1 else None
