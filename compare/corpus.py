"""Find events and sources on disk, read files, front matter and event.yaml.

This is the only stage that reads the corpus, and it never writes to it.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml

from .errors import InputError
from .model import Actor, Event, Source

ARTICLE_SUFFIXES = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}
EVENT_FILE = "event.yaml"
_FRONT_MATTER_OPEN = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
_SOURCE_ID = re.compile(r"^[^\W_][\w.-]*$")  # a letter or digit (any script), then letters, digits, _ . -
MAX_ARTICLE_MB = 20  # default size limit of one article file (event.yaml `max_article_mb`)
# event.yaml's keys and what each must be (the `check:` section is validated by compare.check.config)
EVENT_KEYS = {
    "title": "text", "date": "a date like 2025-03-17", "language": "a language code or name",
    "actors": "a mapping of name: [forms] or a list of names", "clean": "{keep: [lines], drop: [lines]}",
    "frames": "{lexicon: FILE, replace: true|false}", "check": "a mapping of check settings",
    "max_article_mb": "a number of megabytes",
}


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """A source file that could not be read as an article, for `check` to report."""

    path: Path
    rule: str  # "empty", "encoding", "metadata"
    message: str
    line: int = 1


def display_path(path: Path) -> str:
    """A path as reports and messages show it: relative to the working directory when it is
    inside it (so reports do not depend on where the checkout lives), else absolute."""
    path = Path(path)
    # the folder resolved, the name kept: a link is shown as itself, never as what it points to
    where = path.parent.resolve() / path.name if path.name not in ("", ".", "..") else path.resolve()
    try:
        return where.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return where.as_posix()


def is_article_file(path: Path) -> bool:
    return (
        path.is_file()
        and path.suffix.lower() in ARTICLE_SUFFIXES
        and not path.name.startswith((".", "_"))
        and path.stem.upper() != "README"
    )


def is_event_dir(path: Path) -> bool:
    return path.is_dir() and (
        (path / EVENT_FILE).is_file() or any(is_article_file(p) for p in path.iterdir())
    )


def find_events(paths: list[Path]) -> Iterator[Path]:
    """Yield the event folders under each path, in sorted order, one at a time."""
    for path in paths:
        if not path.exists():
            raise InputError(path, "no such file or directory")
        if not path.is_dir():
            raise InputError(path, "expected an event folder or a folder of event folders, found a file")
        if is_event_dir(path):
            yield path
            continue
        children = sorted(p for p in path.iterdir() if is_event_dir(p))
        if not children:
            raise InputError(
                path, "no articles (.txt, .md, .html) and no event folders found; "
                "put one article per file in an event folder"
            )
        yield from children


def load_event(path: Path) -> Event:
    """Read an event folder; any unreadable source is an InputError."""
    event, problems = scan_event(path)
    if problems:
        first = problems[0]
        raise InputError(first.path, first.message)
    if len(event.sources) < 2:
        raise InputError(
            path, f"only {len(event.sources)} source; an event needs at least two articles to compare"
        )
    return event


def scan_event(path: Path) -> tuple[Event, list[SourceProblem]]:
    """Read an event folder, setting aside the sources that cannot be read (for `check`).

    The event's files are the regular files inside the folder: a link that leads outside it,
    to nothing, or round in a loop is a problem of its own, never followed.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file or directory")
    if not path.is_dir():
        raise InputError(path, "expected an event folder, found a file")
    config = read_event_config(path / EVENT_FILE)
    limit = config.get("max_article_mb", MAX_ARTICLE_MB)
    sources: list[Source] = []
    problems: list[SourceProblem] = []
    seen: dict[str, Path] = {}
    candidates = sorted(p for p in path.iterdir()
                        if p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith((".", "_"))
                        and p.stem.upper() != "README")
    for file in candidates:
        problem = link_problem(file, path)
        if problem:
            problems.append(SourceProblem(file, "empty", problem))
            continue
        if not file.is_file():
            continue
        if file.stem in seen:
            raise InputError(file, f"source id {file.stem!r} is also used by {seen[file.stem].name}; rename one")
        seen[file.stem] = file
        try:
            sources.append(read_source(file, limit))
        except SourceError as error:
            problems.append(error.problem)
    if not sources and not problems:
        raise InputError(path, "no articles (.txt, .md, .html) found in the event folder")
    event = Event(
        id=path.resolve().name,
        path=path,
        title=str(config.get("title") or path.resolve().name),
        date=_as_date(config.get("date"), path / EVENT_FILE, "date"),
        actors=read_actors(config.get("actors"), path / EVENT_FILE),
        sources=tuple(sources),
        config=config,
    )
    return event, problems


class SourceError(InputError):
    def __init__(self, problem: SourceProblem):
        self.problem = problem
        super().__init__(problem.path, problem.message)


def link_problem(path: Path, folder: Path) -> str | None:
    """Why a link in an event folder is not read as one of its files, or None when `path` is
    not a link or is one to a file inside the folder."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return "is a link to a file that does not exist; put the article itself in the event folder"
    except (RuntimeError, OSError):
        return "is a link that leads round in a loop; put the article itself in the event folder"
    try:
        target.relative_to(Path(folder).resolve())
    except ValueError:
        return ("is a link to a file outside the event folder, which is not read; "
                "copy the article into the event folder instead")
    return None


def read_source(path: Path, max_article_mb: float = MAX_ARTICLE_MB) -> Source:
    """Read one article file: decode it, split off front matter, note anything odd."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_article_mb * 1_000_000:
            raise SourceError(SourceProblem(
                path, "empty", f"too large ({size / 1_000_000:.1f} MB; the limit is {max_article_mb:g} MB, "
                "set max_article_mb in event.yaml to read larger articles)"))
        raw = path.read_bytes()
    except OSError as error:
        raise SourceError(SourceProblem(path, "empty", f"cannot be read ({error.strerror})")) from None
    warnings: list[str] = []
    utf16 = _utf16_text(raw)
    if utf16 is not None:
        raw = utf16.encode("utf-8")
        warnings.append("is UTF-16 text (line 1), read as such; re-save the file as UTF-8")
    if b"\x00" in raw[:8192]:
        raise SourceError(SourceProblem(
            path, "encoding", "looks like a binary file (it has NUL bytes), not an article; "
            "save the article as UTF-8 text or HTML"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        text = raw.decode("utf-8", errors="replace")
        line = raw[: error.start].count(b"\n") + 1
        warnings.append(
            f"invalid UTF-8 at byte {error.start} (line {line}); undecodable bytes were "
            "replaced with U+FFFD; re-save the file as UTF-8"
        )
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    kind = ARTICLE_SUFFIXES[path.suffix.lower()]
    meta: dict[str, object] = {}
    body_line = 1
    if kind != "html":
        meta, text, body_line = split_front_matter(text, path)
    if not text.strip():
        raise SourceError(SourceProblem(path, "empty", "the article is empty; paste the article text or remove the file"))
    source_id = path.stem
    if not _SOURCE_ID.match(source_id):
        raise SourceError(SourceProblem(
            path, "metadata", "the file name is the source id: it must start with a letter or digit and hold "
            "only letters, digits, '.', '_' and '-'; rename the file"))
    name = meta.get("source")
    return Source(
        id=source_id,
        path=path,
        name=str(name) if name else source_id,
        kind=kind,
        text=text,
        meta=meta,
        body_line=body_line,
        warnings=tuple(warnings),
    )


def _utf16_text(raw: bytes) -> str | None:
    """The text of a UTF-16 file (with a byte-order mark, or English-like text whose every other
    byte is NUL), else None."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    elif len(raw) >= 4 and raw[1:64:2].count(0) >= 0.9 * len(raw[1:64:2]) and raw[0:64:2].count(0) == 0:
        encoding = "utf-16-le"
    elif len(raw) >= 4 and raw[0:64:2].count(0) >= 0.9 * len(raw[0:64:2]) and raw[1:64:2].count(0) == 0:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def split_front_matter(text: str, path: Path) -> tuple[dict[str, object], str, int]:
    """Return (front matter, body, 1-based line where the body starts)."""
    opening = _FRONT_MATTER_OPEN.match(text)
    if not opening:
        return {}, text, 1
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end())
    if not closing:
        raise SourceError(SourceProblem(
            path, "metadata", "front matter opened with --- on line 1 is never closed; "
            "add a --- line after it or remove the --- block"))
    block = text[opening.end(): closing.start()]
    try:
        meta = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f"line {where.line + 2}: " if where is not None else ""
        problem = getattr(error, "problem", None) or "cannot be parsed"
        raise SourceError(SourceProblem(
            path, "metadata", f"front matter is not valid YAML ({line}{problem}); fix it or remove the --- block",
            line=where.line + 2 if where is not None else 1)) from None
    if not isinstance(meta, dict):
        raise SourceError(SourceProblem(
            path, "metadata", f"front matter must be key: value lines, found a {type(meta).__name__}; "
            "fix it or remove the --- block"))
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, body_start) + 1
    meta = {str(k): whole_characters(v) for k, v in meta.items()}
    return meta, text[body_start:], body_line


def read_event_config(path: Path) -> dict[str, object]:
    """Read event.yaml (optional) into a mapping; malformed files are an InputError."""
    problem = link_problem(path, path.parent)
    if problem:
        raise InputError(path, problem)
    if not path.is_file():
        return {}
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text; re-save it as UTF-8") from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f"line {where.line + 1}: " if where is not None else ""
        problem = getattr(error, "problem", None) or "cannot be parsed"
        raise InputError(path, f"is not valid YAML ({line}{problem}); fix it") from None
    if config is None:
        return {}
    if not isinstance(config, dict):
        raise InputError(path, f"must be a mapping of keys (title, date, actors ...), found a {type(config).__name__}")
    config = {str(k): whole_characters(v) for k, v in config.items()}
    validate_event_config(config, path)
    return config


def validate_event_config(config: dict[str, object], path: Path) -> None:
    """Known keys with values of the right shape, or a one-line InputError naming the key (with
    the known key it was probably meant to be). The `check:` section's own keys are checked by
    compare.check.config, and `actors` by `read_actors`."""
    for key, value in config.items():
        if key not in EVENT_KEYS:
            close = difflib.get_close_matches(key, EVENT_KEYS, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise InputError(path, f"unknown key {key!r}; {hint}event.yaml keys are {', '.join(EVENT_KEYS)}")
        if value is None:
            continue
        wrong = (
            (key in ("title", "language") and not isinstance(value, (str, int, float)))
            or (key in ("clean", "frames", "check") and not isinstance(value, dict))
            or (key == "max_article_mb" and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0))
        )
        if key == "clean" and isinstance(value, dict):
            for part, lines in value.items():
                if part not in ("keep", "drop"):
                    raise InputError(path, f"clean: unknown key {part!r}; expected keep: and drop: lists of lines")
                if not (isinstance(lines, str) or lines is None
                        or (isinstance(lines, list) and all(isinstance(x, (str, int, float)) for x in lines))):
                    raise InputError(path, f"clean.{part}: expected a list of lines, found {lines!r}")
        if wrong:
            raise InputError(path, f"{key}: expected {EVENT_KEYS[key]}, found {value!r}")


def whole_characters(value: object) -> object:
    """YAML values with every string made of whole characters: YAML's "\\ud83d\\ude00" escapes
    give surrogate halves, which are joined where they pair and otherwise become U+FFFD (a
    lone half cannot be written as UTF-8, so a report holding one could not be saved)."""
    if isinstance(value, str):
        if any("\ud800" <= c <= "\udfff" for c in value):
            return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return value
    if isinstance(value, list):
        return [whole_characters(v) for v in value]
    if isinstance(value, dict):
        return {whole_characters(k): whole_characters(v) for k, v in value.items()}
    return value


def _as_date(value: object, path: Path, key: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(path, f"{key}: expected a date like 2025-03-17, found {value!r}") from None


def read_actors(value: object, path: Path) -> tuple[Actor, ...]:
    """Actors as a mapping `name: [forms]` or a list of `{name, forms}`."""
    if value is None:
        return ()
    entries: list[tuple[object, object]]
    if isinstance(value, dict):
        entries = list(value.items())
    elif isinstance(value, list):
        entries = []
        for item in value:
            if isinstance(item, str):
                entries.append((item, [item]))
            elif isinstance(item, dict) and "name" in item:
                entries.append((item["name"], item.get("forms") or [item["name"]]))
            else:
                raise InputError(path, f"actors: expected a name or {{name, forms}}, found {item!r}")
    else:
        raise InputError(path, "actors: expected a mapping of name: [surface forms]")
    actors = []
    for name, forms in entries:
        if name is None or not str(name).strip():
            raise InputError(path, "actors: an actor has an empty name; give each actor the name reports should show")
        if isinstance(forms, str):
            forms = [f.strip() for f in forms.split(",")]
        if forms is None:
            forms = [name]
        if not isinstance(forms, list) or not all(isinstance(f, (str, int)) for f in forms):
            raise InputError(path, f"actors: the forms of {name!r} must be a list of strings")
        clean_forms = tuple(dict.fromkeys(str(f).strip() for f in [name, *forms] if str(f).strip()))
        actors.append(Actor(name=str(name), forms=clean_forms))
    return tuple(actors)
