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

import atexit
import concurrent.futures
import dataclasses
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Protocol

from .errors import InputError, UsageError
from .settings import Settings

CACHE_KEY_VERSION = "source-compare cache key 1"
_CODE_SUFFIXES = {".py", ".yaml", ".yml", ".json", ".j2", ".txt", ".csv", ".tsv"}


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


@dataclass(frozen=True, slots=True)
class EventTask:
    """One event, self-contained: everything a worker needs, nothing it must find on disk."""

    event_id: str
    event_dir: str  # the event folder as reports show it (relative to the client's working directory)
    files: tuple[tuple[str, bytes], ...]  # (file name, content) of every file of the event folder
    source_paths: tuple[tuple[str, str], ...]  # (file name, path as reports show it)
    settings: Settings
    settings_files: tuple[tuple[str, str, bytes], ...]  # (Settings field, path, content), shipped to Dask
    build: tuple[tuple[str, str], ...]  # the client's tool build (see tool_build)
    key: str


@dataclass(frozen=True, slots=True)
class EventOutcome:
    event_id: str
    key: str
    files: dict[str, bytes]  # rendered report files: {file name: content}
    summary: dict | None  # compare.summary.event_summary of the report
    rows: dict[str, list[tuple]]  # tidy rows per table (compare.store.tidy_rows)
    error: str | None  # a one-line reason when the event could not be analysed
    seconds: float
    fatal: bool = False  # the worker cannot run any event (another build): stop the run


# --- what a report depends on ------------------------------------------------------------


@lru_cache(maxsize=1)
def tool_build() -> tuple[tuple[str, str], ...]:
    """What the reports depend on besides the corpus and the settings: the tool's version, a
    digest of its code and data files, Python's version and the versions of its dependencies
    (matplotlib's version changes PNG bytes). Part of every cache key, and compared between
    the client and each Dask worker."""
    from importlib import metadata

    from .version import __version__

    package = Path(__file__).absolute().parent  # not resolved: a symlinked file counts where it is linked
    code = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts):
        code.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        code.update(hashlib.sha256(path.read_bytes()).digest())
    build = {"source-compare": __version__, "code": code.hexdigest()[:16],
             "python": ".".join(map(str, sys.version_info[:2]))}
    try:
        requirements = metadata.requires("source-compare") or []
    except metadata.PackageNotFoundError:
        requirements = []
    for requirement in requirements:
        if "extra ==" in requirement:
            continue
        name = requirement.split(";")[0].strip()
        name = name.split("[")[0]
        for stop in "<>=!~ (":
            name = name.split(stop)[0]
        try:
            build[name.lower()] = metadata.version(name)
        except metadata.PackageNotFoundError:
            build[name.lower()] = "missing"
    return tuple(sorted(build.items()))


def settings_fingerprint(settings: Settings) -> str:
    """A digest of every setting; a setting that names a file (a lexicon, a model) counts by
    the file's content, so editing the file invalidates the cache."""
    values = {}
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        if isinstance(value, Path):
            value = {"file_sha256": _file_digest(value)}
        values[f.name] = value
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=repr).encode("utf-8")).hexdigest()


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror})") from None


def event_files(event_dir: Path) -> Iterator[Path]:
    """The files of an event folder that can change its report: every visible file directly
    in it (articles, event.yaml and whatever a later version may read), in name order."""
    for path in sorted(Path(event_dir).iterdir()):
        if path.is_file() and not path.name.startswith("."):
            yield path


def input_key(event_id: str, event_dir: str, files: tuple[tuple[str, bytes], ...], build_digest: str,
              settings_digest: str) -> str:
    """The cache key of an event: its files' contents, where reports say it is, the tool build
    and the settings."""
    key = hashlib.sha256()
    for part in (CACHE_KEY_VERSION, build_digest, settings_digest, event_id, event_dir):
        key.update(part.encode("utf-8") + b"\0")
    for name, content in files:
        key.update(name.encode("utf-8") + b"\0" + hashlib.sha256(content).digest())
    return key.hexdigest()


# --- the worker side ---------------------------------------------------------------------


def process_event(task: EventTask) -> EventOutcome:
    """Analyse and render one event from the contents shipped with the task.

    Runs in a worker process (or in the client for --jobs 1); everything it needs is in the
    task, and it writes only under a private temporary folder that it removes. Bad input
    comes back as `error` (one line, naming the file as the client sees it), not as an
    exception, so one bad event does not stop a corpus run.
    """
    from .corpus import display_path, load_event
    from .pipeline import analyse
    from .render import render_files
    from .render.json import report_dict
    from .summary import event_summary
    from .store import tidy_rows

    start = time.perf_counter()

    def failed(message: str, fatal: bool = False) -> EventOutcome:
        return EventOutcome(task.event_id, task.key, {}, None, {}, message, time.perf_counter() - start, fatal)

    differences = _build_differences(task.build, tool_build())
    if differences:
        return failed(f"{task.event_dir}: this worker runs a different build of source-compare "
                      f"({differences}); install the same version, with the same dependencies, on every worker",
                      fatal=True)
    shown = dict(task.source_paths)
    with tempfile.TemporaryDirectory(prefix="source-compare-") as scratch:
        scratch = Path(scratch)
        event_dir = scratch / "event" / task.event_id
        event_dir.mkdir(parents=True)
        for name, content in task.files:
            (event_dir / name).write_bytes(content)
        settings = _settings_with_local_files(task.settings, task.settings_files)
        try:
            event = load_event(event_dir)
            # Reports name each source by its path as the client sees it, not the scratch copy.
            sources = tuple(dataclasses.replace(s, path=Path(shown[s.path.name])) for s in event.sources)
            event = dataclasses.replace(event, path=Path(task.event_dir), sources=sources)
            for source in sources:
                if display_path(source.path) != shown[source.path.name]:
                    return failed(f"{shown[source.path.name]}: this worker would name the file "
                                  f"{display_path(source.path)!r} in reports; run `report` from a folder "
                                  "that contains the corpus so report paths are relative")
            report = analyse(event, settings)
        except InputError as error:
            return failed(_as_client_sees_it(error, event_dir, task))
        data = report_dict(report)
        plot_dir = None
        if _wants_plots(settings):
            plot_dir = scratch / "plots"
            plot_dir.mkdir()
        files = render_files(report, settings, plot_dir=plot_dir, data=data)
        summary = event_summary(data)
        rows = tidy_rows(data)
    return EventOutcome(task.event_id, task.key, files, summary, rows, None, time.perf_counter() - start)


def _wants_plots(settings: Settings) -> bool:
    return settings.plots and ("md" in settings.formats or "html" in settings.formats)


def _build_differences(client: tuple[tuple[str, str], ...], worker: tuple[tuple[str, str], ...]) -> str:
    mine, theirs = dict(worker), dict(client)
    names = sorted(set(mine) | set(theirs))
    return ", ".join(f"{n} {mine.get(n, 'missing')} here, {theirs.get(n, 'missing')} on the client"
                     for n in names if mine.get(n) != theirs.get(n))


_SETTINGS_FILES_ROOT: Path | None = None


def _settings_with_local_files(settings: Settings, shipped: tuple[tuple[str, str, bytes], ...]) -> Settings:
    """Settings whose file-valued fields point at copies of the shipped files, kept for the life
    of the worker process under a name derived from their content, so caches keyed on the path
    (the loaded lexicon) are reused from one event to the next."""
    global _SETTINGS_FILES_ROOT
    if not shipped:
        return settings
    if _SETTINGS_FILES_ROOT is None:
        _SETTINGS_FILES_ROOT = Path(tempfile.mkdtemp(prefix="source-compare-settings-"))
        atexit.register(shutil.rmtree, _SETTINGS_FILES_ROOT, True)
    changes = {}
    for name, original, content in shipped:
        folder = _SETTINGS_FILES_ROOT / hashlib.sha256(content).hexdigest()[:20]
        copy = folder / Path(original).name
        if not copy.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(content)
        changes[name] = copy
    return dataclasses.replace(settings, **changes)


def _as_client_sees_it(error: InputError, event_dir: Path, task: EventTask) -> str:
    """The error's one line with the scratch path replaced by the path the user gave."""
    if error.path is None:
        return str(error)
    try:
        relative = error.path.relative_to(event_dir)
    except ValueError:
        return str(error)
    shown = dict(task.source_paths).get(relative.as_posix())
    path = shown if shown is not None else (Path(task.event_dir) / relative).as_posix()
    if relative.as_posix() == ".":
        path = task.event_dir
    return str(InputError(path, error.reason))


# --- schedulers --------------------------------------------------------------------------


class _InThisProcess:
    """--jobs 1: each event runs in the client when it is submitted."""

    window = 1
    name = "this process"

    def submit(self, task: EventTask) -> concurrent.futures.Future:
        future: concurrent.futures.Future = concurrent.futures.Future()
        future.set_result(process_event(task))
        return future

    def wait_any(self, pending: set) -> tuple[set, set]:
        return set(pending), set()

    def close(self, interrupted: bool = False) -> None:
        pass


class _LocalProcesses:
    """--jobs N: joblib's loky process pool, whose workers live on between events (imports
    and loaded lexicons are paid once per worker, not per event)."""

    def __init__(self, jobs: int):
        from joblib.externals.loky import get_reusable_executor

        # Workers import this very copy of the package (a checkout may shadow an installed one),
        # or each would refuse the tasks as coming from another build.
        here = str(Path(__file__).absolute().parent.parent)
        python_path = os.pathsep.join([here] + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else []))
        self.executor = get_reusable_executor(max_workers=jobs, env={"PYTHONPATH": python_path})
        self.window = 2 * jobs  # enough queued work that a worker never waits for the client
        self.name = f"{jobs} local processes"

    def submit(self, task: EventTask) -> concurrent.futures.Future:
        return self.executor.submit(process_event, task)

    def wait_any(self, pending: set) -> tuple[set, set]:
        done, rest = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
        return done, rest

    def close(self, interrupted: bool = False) -> None:
        if interrupted:
            self.executor.shutdown(wait=False, kill_workers=True)


class _DaskCluster:
    """--scheduler ADDRESS: events are tasks on a Dask distributed cluster."""

    def __init__(self, address: str):
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise UsageError("--scheduler needs Dask; install it with: pip install 'source-compare[dask]'") from None
        try:
            # the connect timeout is Dask's own setting (distributed.comm.timeouts.connect, 30 s)
            self.client = Client(address, set_as_default=False)
        except Exception as error:  # OSError, TimeoutError, ValueError for a malformed address
            raise UsageError(f"cannot reach the Dask scheduler at {address} ({_one_line(error)}); "
                             "start one with `dask scheduler` and give its tcp://HOST:PORT") from None
        try:
            self.client.wait_for_workers(1, timeout=60)
        except Exception:
            self.client.close()
            raise UsageError(f"the Dask scheduler at {address} has no workers after 60 s; start some "
                             f"with `dask worker {address}`") from None
        threads = sum(self.client.nthreads().values())
        self.window = 2 * max(threads, 1)
        self.name = f"Dask at {address} ({threads} worker threads)"
        # tied to this client's event loop, so no process-wide default client is needed
        self.completed = as_completed(loop=self.client.loop)

    def submit(self, task: EventTask):
        future = self.client.submit(process_event, task, key=f"source-compare-{task.event_id}-{uuid.uuid4().hex[:12]}",
                                    pure=False, retries=1)
        self.completed.add(future)
        return future

    def wait_any(self, pending: set) -> tuple[set, set]:
        done = set(self.completed.next_batch(block=True))
        return done, set(pending) - done

    def close(self, interrupted: bool = False) -> None:
        self.client.close()


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


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
    store = ResultStore.open_read_only(out_dir) if options.check_only else ResultStore.open_for_writing(out_dir)
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
                scheduler = _scheduler_for(options)
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


def _scheduler_for(options: RunOptions):
    if options.scheduler:
        return _DaskCluster(options.scheduler)
    if options.jobs > 1:
        return _LocalProcesses(options.jobs)
    return _InThisProcess()


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
    """Write the files that differ from what is on disk; return how many were written."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = 0
    for name, content in files.items():
        path = folder / name
        try:
            if path.read_bytes() == content:
                continue
        except OSError:
            pass
        path.write_bytes(content)
        changed += 1
    return changed


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
