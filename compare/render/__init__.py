"""Writing reports: JSON, Markdown, HTML and plots, from a finished EventReport; and writing any
output file so that it is whole or not there (`write_files`, `new_file`, `make_output_folder`)."""
from __future__ import annotations

import errno
import os
import secrets
import tempfile
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import IO, Iterator

from ..errors import InputError
from ..model import EventReport
from ..settings import Settings
from .json import dumps, report_dict


def render_files(report: EventReport, settings: Settings = Settings(), plot_dir: Path | None = None,
                 data: dict | None = None) -> dict[str, bytes]:
    """Render every requested file of a report: {relative file name: content}.

    Plots are drawn into `plot_dir` (they are needed by the HTML page and the Markdown);
    the returned mapping holds all files, plots included, so a caller can write or compare them.
    `data` is the report's `report_dict`, when the caller has it already.
    """
    if data is None:
        data = report_dict(report)
    files: dict[str, bytes] = {}
    if "json" in settings.formats:
        files["report.json"] = dumps(data).encode("utf-8")
    plots: dict[str, str] = {}
    wants_pages = "md" in settings.formats or "html" in settings.formats
    if wants_pages and settings.plots and plot_dir is not None:
        from .plots import write_plots

        plots = write_plots(data, plot_dir)
        for name in sorted(p.name for p in plot_dir.iterdir() if p.suffix in (".png", ".svg")):
            files[name] = (plot_dir / name).read_bytes()
    if "md" in settings.formats:
        from .markdown import render_markdown

        files["report.md"] = render_markdown(data, plots).encode("utf-8")
    if "html" in settings.formats:
        from .html import render_html

        files["report.html"] = render_html(data, plot_dir, plots).encode("utf-8")
    return files


def write_report(report: EventReport, out_dir: Path, settings: Settings = Settings()) -> list[Path]:
    """Write a report's files under out_dir/<event-id>/; return the paths written.

    Plots are drawn aside and every file is written whole (`write_files`), so a failure leaves
    the folder as it was; a folder or file that cannot be written is an InputError."""
    target = Path(out_dir) / report.event.id
    with tempfile.TemporaryDirectory(prefix="source-compare-plots-") as scratch:
        files = render_files(report, settings, plot_dir=Path(scratch))
    write_files(target, changed_files(target, files), "the report")
    return [target / name for name in files]


def changed_files(folder: Path, files: dict[str, bytes]) -> dict[str, bytes]:
    """The files ({name: content}) whose bytes differ from those in folder, or are not there."""
    changed = {}
    for name, content in files.items():
        try:
            if (folder / name).read_bytes() == content:
                continue
        except OSError:
            pass
        changed[name] = content
    return changed


# --- output files: whole or not there ----------------------------------------------------


def make_output_folder(folder: Path, what: str) -> Path:
    """Make folder and its parents for writing `what` ("reports here"); an InputError naming what
    stands in the way: a file where a folder should be, a read-only folder, a full disk."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _folder_error(folder, error, what) from None
    return folder


def write_files(folder: Path, files: dict[str, bytes], what: str) -> list[Path]:
    """Write files ({name: content}) into folder, made if missing; return their paths.

    Each file is written in full to a temporary file beside its target, and only when all are
    written are they renamed over their targets (os.replace): a crash or a full disk leaves the
    old files or the new ones, never a truncated one."""
    make_output_folder(folder, what)
    with ExitStack() as staged:
        for name, content in files.items():
            staged.enter_context(new_file(Path(folder) / name, what)).write(content)
    return [Path(folder) / name for name in files]


@contextmanager
def new_file(path: Path, what: str, mode: str = "wb", **open_args) -> Iterator[IO]:
    """A handle on a temporary file beside path, renamed over path when the block ends and removed
    when it fails; an OSError becomes an InputError naming path and what stands in the way.
    `open_args` are open()'s (encoding, newline); the file keeps the mode bits of the one it replaces."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        handle = open(temporary, mode.replace("w", "x"), **open_args)
    except OSError as error:
        raise _file_error(path, error, what, creating=True) from None
    try:
        with handle:
            yield handle
        try:
            os.chmod(temporary, os.stat(path).st_mode & 0o7777)
        except FileNotFoundError:
            pass
        os.replace(temporary, path)
    except BaseException as error:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _file_error(path, error, what, creating=False) from None
        raise


_READ_ONLY = (errno.EACCES, errno.EPERM)
_FULL = (errno.ENOSPC, errno.EDQUOT)


def _folder_error(folder: Path, error: OSError, what: str) -> InputError:
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        blocking = next((p for p in (folder, *folder.parents) if os.path.lexists(p) and not p.is_dir()), None)
        if blocking is not None:
            where = "it" if blocking == folder else str(blocking)
            return InputError(folder, f"cannot write {what}: {where} is {'a file' if blocking.is_file() else 'not a folder'}")
    if error.errno in _READ_ONLY or error.errno == errno.EROFS:
        # mkdir failed in the nearest folder that exists: that is the one to name
        existing = next((p for p in folder.parents if p.is_dir()), folder)
        return InputError(existing, f"cannot write {what}: {_read_only(error, 'the folder')}")
    return InputError(folder, f"cannot write {what}: {_problem(error)}")


def _file_error(path: Path, error: OSError, what: str, creating: bool) -> InputError:
    if error.errno == errno.EISDIR or (not creating and path.is_dir()):
        return InputError(path, f"cannot write {what}: it is a folder")
    if error.errno in _READ_ONLY or error.errno == errno.EROFS:
        # a temporary file that cannot be made means a read-only folder; a rename refused, a
        # target that cannot be replaced (immutable, or another owner's in a sticky folder)
        if creating:
            return InputError(path.parent, f"cannot write {what}: {_read_only(error, 'the folder')}")
        return InputError(path, f"cannot write {what}: {_read_only(error, 'it')}")
    return InputError(path, f"cannot write {what}: {_problem(error)}")


def _read_only(error: OSError, subject: str) -> str:
    if error.errno == errno.EROFS:
        return f"the file system is read-only ({error.strerror})"
    return f"{subject} is read-only ({error.strerror})"


def _problem(error: OSError) -> str:
    if error.errno in _FULL:
        return f"the disk is full ({error.strerror})"
    return error.strerror or str(error)
