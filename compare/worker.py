"""One event's report as a self-contained task, and what a report depends on.

A worker (this process, a local process or a Dask worker) receives an `EventTask` with the
event folder's files, writes them to a private temporary folder, analyses and renders the
event there, and returns an `EventOutcome`: the rendered files, the tidy rows and the
event's summary. The cache key (`input_key`) is made of the event's files, the settings
(`settings_fingerprint`) and the tool's build (`tool_build`), which a worker also checks
against its own.
"""
from __future__ import annotations

import atexit
import dataclasses
import hashlib
import json
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .errors import InputError
from .settings import Settings

CACHE_KEY_VERSION = "source-compare cache key 1"
_CODE_SUFFIXES = {".py", ".yaml", ".yml", ".json", ".j2", ".txt", ".csv", ".tsv"}


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
    in it (articles, event.yaml and whatever a later version may read), in name order.

    Only what is inside the folder is read: an article or event.yaml that is a link out of it,
    to nothing, or in a loop is an InputError (`corpus.link_problem`); any other such link is
    left out.
    """
    from .corpus import ARTICLE_SUFFIXES, EVENT_FILE, link_problem

    for path in sorted(Path(event_dir).iterdir()):
        if path.name.startswith("."):
            continue
        problem = link_problem(path, event_dir)
        if problem:
            if path.suffix.lower() in ARTICLE_SUFFIXES or path.name == EVENT_FILE:
                raise InputError(path, problem)
            continue
        if path.is_file():
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
