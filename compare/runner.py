"""`report` over a whole corpus: find the events, skip the unchanged ones, analyse the rest
one by one, on local processes (joblib's loky pool) or on a Dask cluster, and collect
the results: report files, tidy tables, the cross-event summary.

How one event travels, the same way on every scheduler (so the outputs are the same bytes):
the client reads the event folder's files once, hashes them into the cache key, and ships
their contents with the task (`EventTask`); a worker writes them to a private temporary
folder, analyses and renders the event there, and returns the rendered files, the tidy
rows and the event's summary (`EventOutcome`); only the client writes to the output
folder. A Dask worker therefore needs the package installed, not the corpus: no shared
file system. Events are streamed: at most a few tasks are in flight per worker, and no
finished report is kept once its files are written.
"""
from __future__ import annotations

import dataclasses
import hashlib
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .errors import InputError, UsageError
from .settings import Settings
from .schedulers import scheduler_for
from .worker import EventOutcome, EventTask, event_files, input_key, settings_fingerprint, tool_build


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How to run, as opposed to what to compute (that is Settings): none of these change a report."""

    jobs: int = 1  # local worker processes; 1 runs in this process
    scheduler: str | None = None  # a Dask scheduler address (tcp://HOST:PORT); overrides jobs
    use_cache: bool = True  # False recomputes every event (the tables and cache are still updated)
    check_only: bool = False  # compare with the files under out_dir instead of writing anything


@dataclass
class RunResult:
    """What a run did; the CLI turns it into lines and an exit code."""

    events: int = 0
    analysed: int = 0
    cached: int = 0
    failed: list[str] = field(default_factory=list)  # one line per event that could not be analysed
    stale: list[tuple[Path, str]] = field(default_factory=list)  # check mode: (file, "missing" | "differs")
    written: int = 0  # files whose bytes changed on disk
    summary_files: list[Path] = field(default_factory=list)
    database: Path | None = None
    seconds: float = 0.0


class Progress(Protocol):
    """What the runner tells about a run as it goes (see compare.progress)."""

    def start(self, total: int) -> None: ...
    def event_done(self, event_id: str, status: str, detail: str) -> None: ...
    def notice(self, message: str) -> None: ...
    def error(self, message: str) -> None: ...
    def finish(self, result: RunResult) -> None: ...


# --- the client --------------------------------------------------------------------------


def list_events(paths: list[Path]) -> list[Path]:
    """Every event folder under paths, found before any work so bad paths and clashing event
    ids fail at once. Only folder names are read here, never the articles."""
    from .corpus import find_events

    events = list(find_events(list(paths)))
    seen: dict[str, Path] = {}
    for event_dir in events:
        event_id = event_dir.resolve().name
        if event_id in seen and seen[event_id].resolve() != event_dir.resolve():
            raise InputError(event_dir, f"event id {event_id!r} is also the name of {seen[event_id]}; "
                                        "reports of both would go to the same folder; rename one")
        seen[event_id] = event_dir
    # the same folder given twice is one event
    return list(dict.fromkeys(seen.values()))


def run_reports(paths: list[Path], out_dir: Path, settings: Settings, options: RunOptions,
                progress: Progress) -> RunResult:
    """Write (or, with check_only, compare) the reports of every event under paths.

    Returns what was done; bad events are listed in `failed` rather than raised, so a corpus
    run reports every bad event at once. Bad paths, clashing event ids and an unreachable
    scheduler are raised as InputError before any work starts.
    """
    from .render import make_output_folder
    from .store import ResultStore, StoreDamaged, sha256_hex

    started = time.perf_counter()
    out_dir = Path(out_dir)
    if options.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {options.jobs}")
    events = list_events(paths)
    build = tool_build()
    build_digest = hashlib.sha256(repr(build).encode("utf-8")).hexdigest()
    settings_digest = settings_fingerprint(settings)
    shipped_settings = _settings_files(settings) if options.scheduler else ()
    result = RunResult(events=len(events))
    if options.check_only:
        store = ResultStore.open_read_only(out_dir)
    else:
        # the first write of a run: an --out that cannot hold reports fails here, before any work
        make_output_folder(out_dir, "reports here")
        store = ResultStore.open_for_writing(out_dir)
    if store is not None:
        result.database = None if options.check_only else store.path
        if store.notice:
            progress.notice(store.notice)
    scheduler = None
    summaries: list[dict] = []
    pending: dict = {}  # future -> event id
    progress.start(len(events))

    def collect(future, event_id: str) -> None:
        try:
            outcome: EventOutcome = future.result()
        except Exception as error:
            error.add_note(f"(while analysing event {event_id})")
            raise
        if outcome.fatal:
            raise UsageError(outcome.error)
        if outcome.error is not None:
            result.failed.append(outcome.error)
            progress.error(outcome.error)
            if store is not None and not options.check_only:
                store.forget_event(outcome.event_id)
            return
        result.analysed += 1
        summaries.append(outcome.summary)
        target = out_dir / outcome.event_id
        if options.check_only:
            stale = _compare_files(target, outcome.files)
            result.stale.extend(stale)
            progress.event_done(outcome.event_id, "checked",
                                f"{len(stale)} stale file{'s' * (len(stale) != 1)}" if stale else "up to date")
            return
        changed = _write_files(target, outcome.files)
        result.written += changed
        store.save_event(outcome.event_id, outcome.key, outcome.files, outcome.summary, outcome.rows)
        n = len(outcome.files)
        progress.event_done(outcome.event_id, "analysed", f"wrote {n} file{'s' * (n != 1)} to {target}")

    interrupted = True
    try:
        for event_dir in events:
            task = _make_task(event_dir, settings, shipped_settings, build, build_digest, settings_digest)
            entry = None
            if options.use_cache and store is not None:
                try:
                    entry = store.lookup(task.event_id)
                except StoreDamaged as damage:
                    progress.notice(f"{store.path}: {damage}; recomputing the event")
            if entry is not None and entry.input_key == task.key and _files_match(out_dir / task.event_id, entry.files, sha256_hex):
                result.cached += 1
                summaries.append(entry.summary)
                progress.event_done(task.event_id, "cached", "up to date (cached)")
                continue
            if scheduler is None:
                scheduler = scheduler_for(options.jobs, options.scheduler)
            pending[scheduler.submit(task)] = task.event_id
            while len(pending) >= scheduler.window:
                _collect_some(scheduler, pending, collect)
        while pending:
            _collect_some(scheduler, pending, collect)
        if len(events) > 1 and summaries:
            _finish_summary(out_dir, summaries, options, result)
        interrupted = False
    finally:
        if scheduler is not None:
            scheduler.close(interrupted)
        if store is not None:
            store.close()
    result.seconds = time.perf_counter() - started
    progress.finish(result)
    return result


def _collect_some(scheduler, pending: dict, collect) -> None:
    """Wait for at least one task to finish and collect the finished ones, in event order."""
    done, _ = scheduler.wait_any(set(pending))
    for future in sorted(done, key=lambda f: pending[f]):
        collect(future, pending.pop(future))

def _make_task(event_dir: Path, settings: Settings, shipped_settings: tuple, build: tuple, build_digest: str,
               settings_digest: str) -> EventTask:
    from .corpus import display_path

    files, shown = [], []
    for path in event_files(event_dir):
        try:
            files.append((path.name, path.read_bytes()))
        except OSError as error:
            raise InputError(path, f"cannot be read ({error.strerror})") from None
        shown.append((path.name, display_path(path)))
    event_id = Path(event_dir).resolve().name
    shown_dir = display_path(event_dir)
    files_tuple = tuple(files)
    return EventTask(
        event_id=event_id, event_dir=shown_dir, files=files_tuple, source_paths=tuple(shown), settings=settings,
        settings_files=shipped_settings, build=build,
        key=input_key(event_id, shown_dir, files_tuple, build_digest, settings_digest),
    )


def _settings_files(settings: Settings) -> tuple[tuple[str, str, bytes], ...]:
    """The files that settings name (a user lexicon, a frame model), read to ship to Dask workers."""
    shipped = []
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        if isinstance(value, Path):
            try:
                shipped.append((f.name, str(value), value.read_bytes()))
            except OSError as error:
                raise InputError(value, f"cannot be read ({error.strerror})") from None
    return tuple(shipped)


def _files_match(folder: Path, manifest: dict[str, str], digest) -> bool:
    """Whether every report file the cache recorded is on disk with the recorded content."""
    if not manifest:
        return False
    for name, expected in manifest.items():
        try:
            if digest((folder / name).read_bytes()) != expected:
                return False
        except OSError:
            return False
    return True


def _write_files(folder: Path, files: dict[str, bytes]) -> int:
    """Write the files that differ from what is on disk, each whole or not at all (an InputError
    when the folder cannot hold them); return how many were written."""
    from .render import changed_files, write_files

    return len(write_files(folder, changed_files(folder, files), "the report"))


def _compare_files(folder: Path, files: dict[str, bytes]) -> list[tuple[Path, str]]:
    stale = []
    for name, content in sorted(files.items()):
        path = folder / name
        try:
            if path.read_bytes() != content:
                stale.append((path, "differs"))
        except OSError:
            stale.append((path, "missing"))
    return stale


def _finish_summary(out_dir: Path, summaries: list[dict], options: RunOptions, result: RunResult) -> None:
    """Write summary.json and index.html, or in check mode render them aside and compare."""
    from .render.summary import write_summary
    from .summary import summary_dict

    data = summary_dict(summaries)
    if not options.check_only:
        result.summary_files = write_summary(out_dir, data)
        return
    with tempfile.TemporaryDirectory(prefix="source-compare-check-") as scratch:
        fresh = write_summary(Path(scratch), data)
        result.stale.extend(_compare_files(out_dir, {p.name: p.read_bytes() for p in fresh}))
