"""Output that cannot be written: an --out that is a file, a read-only folder, a read-only or
busy cache, a full disk. Each is one line naming the path and what stands in the way, exit
code 2, and nothing half-written left behind. Runs that share one fresh --out at the same
moment create its cache once, without a false "damaged" notice."""
from __future__ import annotations

import contextlib
import errno
import io
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from compare import render
from compare.cli import main
from compare.errors import InputError
from compare.render import write_files, write_report
from compare.settings import Settings
from compare.store import DB_RELATIVE_PATH, ResultStore

from .conftest import REPO, SEED_EVENT, tree_snapshot
from .test_runner import corpus, reports_only  # noqa: F401  (corpus is a fixture: three events, cwd in tmp_path)

DB = Path("out") / DB_RELATIVE_PATH
ARTICLES = ("brief.txt", "developing-story.txt", "explainer.txt", "wikipedia.txt")


def one_error(result) -> str:
    """The single line a failed run prints, without its prefix; asserts exit code 2 and no traceback."""
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("source-compare: error: ") and "internal error" not in result.err
    return lines[0].removeprefix("source-compare: error: ")


def temporary_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.tmp"))


@pytest.fixture
def read_only():
    """Make a path read-only for this process, and undo it afterwards: chmod when not root (root
    ignores modes), the immutable attribute when root. Returns the error text the system gives."""
    undo = []

    def make(path: Path) -> str:
        if hasattr(os, "geteuid") and os.geteuid() != 0:
            mode = path.stat().st_mode
            path.chmod(mode & ~0o222)
            undo.append(lambda: path.chmod(mode))
            return os.strerror(errno.EACCES)
        if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0:
            undo.append(lambda: subprocess.run(["chattr", "-i", str(path)], check=True))
            return os.strerror(errno.EPERM)
        pytest.skip("running as root without chattr +i: nothing here is read-only to this process")

    yield make
    for step in reversed(undo):
        step()


# --- the output folder -------------------------------------------------------------------


def test_an_out_that_is_a_file_is_named_and_nothing_is_written(run_cli, corpus):
    Path("out").write_text("notes\n")
    result = run_cli("report", corpus, "--out", "out", "--format", "json")
    assert one_error(result) == "out: cannot write reports here: it is a file"
    assert result.out == "" and Path("out").read_text() == "notes\n"


def test_an_out_inside_a_file_names_the_file(run_cli, corpus):
    Path("notes").write_text("notes\n")
    result = run_cli("report", corpus, "--out", "notes/out", "--format", "json")
    assert one_error(result) == "notes/out: cannot write reports here: notes is a file"


def test_a_read_only_out_is_named_before_any_event_is_analysed(run_cli, corpus, read_only):
    Path("out").mkdir()
    reason = read_only(Path("out"))
    result = run_cli("report", corpus, "--out", "out", "--format", "json")
    assert one_error(result) == f"out: cannot write reports here: the folder is read-only ({reason})"
    assert result.out == ""
    # a folder to be made inside it names the read-only one
    result = run_cli("report", corpus, "--out", "out/deeper/still", "--format", "json")
    assert one_error(result) == f"out: cannot write reports here: the folder is read-only ({reason})"


def test_a_read_only_out_for_a_user_without_root_powers(tmp_path):
    """The same through file modes, as a user sees it: root is made to obey them (setpriv drops
    the capabilities that let root write anywhere)."""
    prefix = []
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
        if not shutil.which("setpriv") or subprocess.run([*prefix, "true"], capture_output=True).returncode != 0:
            pytest.skip("root, and setpriv cannot drop root's powers here")
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        done = subprocess.run([*prefix, sys.executable, "-m", "compare", "report", str(SEED_EVENT), "--out", str(out)],
                              capture_output=True, text=True, cwd=REPO)
    finally:
        out.chmod(0o755)
    assert done.returncode == 2, done
    assert done.stderr == f"source-compare: error: {out}: cannot write reports here: the folder is read-only " \
                          f"(Permission denied)\n"
    assert list(out.iterdir()) == []


def test_an_event_folder_that_is_a_file_is_named(run_cli, corpus):
    Path("out").mkdir()
    Path("out/event-b").write_text("not a folder\n")
    result = run_cli("report", corpus, "--out", "out", "--format", "json")
    assert one_error(result) == \
        "out/event-b: cannot write the report: it is a file"
    assert Path("out/event-a/report.json").is_file() and Path("out/event-b").read_text() == "not a folder\n"


def test_a_report_file_that_is_a_folder_is_named(run_cli, corpus):
    Path("out/event-a/report.json").mkdir(parents=True)
    result = run_cli("report", corpus, "--out", "out", "--format", "json")
    assert one_error(result) == \
        "out/event-a/report.json: cannot write the report: it is a folder"
    assert temporary_files(Path("out")) == []


def test_a_read_only_event_folder_keeps_its_old_report(run_cli, corpus, read_only):
    assert run_cli("report", corpus, "--out", "out", "--format", "json").code == 0
    before = tree_snapshot(Path("out/event-b"))
    story = corpus / "event-b" / "explainer.txt"
    story.write_text(story.read_text() + "\n\nBelgium said it would respond in kind on Tuesday.\n")
    reason = read_only(Path("out/event-b"))
    result = run_cli("report", corpus, "--out", "out", "--format", "json")
    assert one_error(result) == \
        f"out/event-b: cannot write the report: the folder is read-only ({reason})"
    assert tree_snapshot(Path("out/event-b")) == before


# --- the cache database ------------------------------------------------------------------


def test_a_read_only_cache_stops_the_run_before_any_work(run_cli, corpus, read_only):
    """The database holds the tables `export` reads: a run that went on without it would leave
    them describing older reports, so it is an error, not a warning."""
    assert run_cli("report", corpus, "--out", "out", "--format", "json").code == 0
    story = corpus / "event-b" / "explainer.txt"
    story.write_text(story.read_text() + "\n\nBelgium said it would respond in kind on Tuesday.\n")
    before = reports_only(Path("out"))
    read_only(DB)
    result = run_cli("report", corpus, "--out", "out", "--format", "json")
    assert one_error(result) == (f"{DB}: cannot write the cache: the file is read-only (attempt to write a readonly "
                                 "database); make it writable, or use another --out")
    assert result.out == "" and reports_only(Path("out")) == before


def test_a_read_only_cache_folder_is_named(run_cli, corpus, read_only):
    assert run_cli("report", corpus, "--out", "out", "--format", "json").code == 0
    Path(f"{DB}.lock").unlink()
    read_only(DB.parent)
    result = run_cli("report", corpus, "--out", "out", "--format", "json")
    assert one_error(result) == (f"{DB}: cannot write the cache: its folder is read-only (unable to open database "
                                 "file); make it writable, or use another --out")
    assert DB.is_file(), "a cache that cannot be written is not damaged, and is never removed"


def test_a_cache_another_run_holds_too_long_is_one_line(run_cli, corpus, monkeypatch):
    from compare import store

    assert run_cli("report", corpus, "--out", "out", "--format", "json").code == 0
    monkeypatch.setattr(store, "WAIT_SECONDS", 0.2)
    holder = sqlite3.connect(f"{DB}.lock", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # as a run that is opening the cache
    try:
        result = run_cli("report", corpus, "--out", "out", "--format", "json")
    finally:
        holder.close()
    assert one_error(result) == (f"{DB}: cannot write the cache: another run has held it for 0.2 s (database is "
                                 "locked); run again when it has finished")
    assert run_cli("report", corpus, "--out", "out", "--format", "json").code == 0


# --- whole files or none: a full disk, simulated -----------------------------------------


@pytest.fixture
def disk_full_at(monkeypatch):
    """Make the nth file written through compare.render fail as a full disk does, halfway through
    its bytes (simulated: the write raises ENOSPC after writing a part, as a real one would)."""
    def arm(nth: int) -> None:
        opened = []

        class FillingUp(io.FileIO):
            def write(self, data):
                if len(opened) == nth:
                    super().write(bytes(data)[: len(data) // 2])
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                return super().write(data)

        def open_file(path, mode="r", **open_args):
            opened.append(path)
            raw = FillingUp(path, mode.replace("b", "").replace("t", ""))
            return raw if "b" in mode else io.TextIOWrapper(raw, **open_args, write_through=True)

        monkeypatch.setattr(render, "open", open_file, raising=False)

    return arm


def test_a_full_disk_leaves_the_old_summary_whole(run_cli, corpus, disk_full_at):
    assert run_cli("report", corpus, "--out", "out", "--format", "json").code == 0
    before = tree_snapshot(Path("out"))
    story = corpus / "event-b" / "explainer.txt"
    story.write_text(story.read_text() + "\n\nBelgium said it would respond in kind on Tuesday.\n")
    disk_full_at(3)  # event-b's report.json, then summary.json, then index.html
    result = run_cli("report", corpus, "--out", "out", "--format", "json")
    assert one_error(result) == \
        "out/index.html: cannot write the summary: the disk is full (No space left on device)"
    after = tree_snapshot(Path("out"))
    assert after["summary.json"] == before["summary.json"] and after["index.html"] == before["index.html"]
    assert after["event-b/report.json"] != before["event-b/report.json"], "the event written before is whole"
    assert temporary_files(Path("out")) == []


def test_write_report_writes_every_file_or_none(tmp_path, seed_report, disk_full_at):
    settings = Settings(formats=("json", "md"))
    written = write_report(seed_report, tmp_path, settings)
    folder = tmp_path / seed_report.event.id
    assert sorted(p.name for p in written) == sorted(p.name for p in folder.iterdir())
    assert {"report.json", "report.md", "coverage.png"} <= {p.name for p in written}
    for path in written:
        path.write_bytes(b"old")
    disk_full_at(2)
    with pytest.raises(InputError) as raised:
        write_report(seed_report, tmp_path, settings)
    assert str(raised.value).endswith(": cannot write the report: the disk is full (No space left on device)")
    assert {p.read_bytes() for p in folder.iterdir()} == {b"old"}


def test_export_keeps_the_old_csv_files_when_the_disk_fills(run_cli, corpus, disk_full_at):
    assert run_cli("report", corpus, "--out", "out", "--format", "json").code == 0
    assert run_cli("export", "out", "--out", "csv").code == 0
    for path in Path("csv").iterdir():
        path.write_text("old\n")
    disk_full_at(4)
    result = run_cli("export", "out", "--out", "csv")
    assert one_error(result) == "csv/source_frames.csv: cannot write CSV files: the disk is full (No space left on device)"
    assert {p.read_text() for p in Path("csv").iterdir()} == {"old\n"}


def test_export_to_an_out_that_is_a_file(run_cli, corpus):
    assert run_cli("report", corpus, "--out", "out", "--format", "json").code == 0
    Path("csv").write_text("")
    assert one_error(run_cli("export", "out", "--out", "csv")) == "csv: cannot write CSV files here: it is a file"


def test_a_replaced_file_keeps_its_mode_and_a_new_one_gets_the_usual(tmp_path):
    write_files(tmp_path, {"kept.txt": b"one", "new.txt": b"one"}, "the report")
    (tmp_path / "kept.txt").chmod(0o640)
    (tmp_path / "new.txt").unlink()
    write_files(tmp_path, {"kept.txt": b"two", "new.txt": b"two"}, "the report")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "kept.txt").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o666 & ~umask
    assert (tmp_path / "kept.txt").read_bytes() == b"two" and temporary_files(tmp_path) == []


# --- runs that share one fresh --out at the same moment ----------------------------------

ROUNDS = 12  # the race was seen in 1 run of 8 with two processes; before the fix this failed in round 1
RUNS_PER_ROUND = 3


def make_events(root: Path, count: int) -> list[Path]:
    """count small events (two of the seed's articles each, a different pair per event)."""
    pairs = [(a, b) for i, a in enumerate(ARTICLES) for b in ARTICLES[i + 1:]]
    events = []
    for number in range(count):
        event = root / f"event-{number}"
        event.mkdir(parents=True)
        for name in ("event.yaml", *pairs[number % len(pairs)]):
            shutil.copy(SEED_EVENT / name, event / name)
        events.append(event)
    return events


def _report_at_the_same_moment(barrier, results, event: str, out: str) -> None:
    """One `report` run in a forked child, started when every other run of its round is ready."""
    err, out_text = io.StringIO(), io.StringIO()
    barrier.wait()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out_text):
        code = main(["report", event, "--out", out, "--format", "json"])
    results.put((event, code, err.getvalue()))


def _open_at_the_same_moment(barrier, results, out: str, event_id: str) -> None:
    barrier.wait()
    try:
        store = ResultStore.open_for_writing(Path(out))
        store.save_event(event_id, "key", {"report.json": b"{}"}, {"id": event_id}, {})
        results.put((event_id, store.notice, None))
        store.close()
    except Exception as error:  # reported to the parent, which names it
        results.put((event_id, None, f"{type(error).__name__}: {error}"))


def fork_context():
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs fork to start the runs at one moment without importing the package again")
    return multiprocessing.get_context("fork")


def run_together(context, target, argument_lists: list[tuple]) -> list[tuple]:
    """Start one process per argument tuple, all released at once by a barrier; their results, sorted."""
    barrier, results = context.Barrier(len(argument_lists)), context.Queue()
    runs = [context.Process(target=target, args=(barrier, results, *arguments)) for arguments in argument_lists]
    for run in runs:
        run.start()
    outcomes = sorted(results.get(timeout=120) for _ in runs)
    for run in runs:
        run.join(timeout=60)
    return outcomes


def test_report_runs_into_one_fresh_out_at_the_same_moment_share_the_cache(tmp_path):
    context = fork_context()
    events = make_events(tmp_path / "corpus", RUNS_PER_ROUND)
    # a first run imports what analysing needs, so the forked runs start with it loaded
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["report", str(events[0]), "--out", str(tmp_path / "warm"), "--format", "json"]) == 0
    for round_number in range(ROUNDS):
        out = tmp_path / f"out-{round_number}"
        outcomes = run_together(context, _report_at_the_same_moment, [(str(event), str(out)) for event in events])
        assert [(code, err) for _, code, err in outcomes] == [(0, "")] * RUNS_PER_ROUND, (round_number, outcomes)
        assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [e.name for e in events]
        store = ResultStore.open_for_writing(out)
        assert store.notice is None and all(store.lookup(e.name) is not None for e in events)
        store.close()


def test_stores_opened_at_the_same_moment_create_one_schema_and_keep_every_event(tmp_path):
    context = fork_context()
    names = [f"event-{n}" for n in range(6)]
    for round_number in range(40):
        out = tmp_path / f"out-{round_number}"
        outcomes = run_together(context, _open_at_the_same_moment, [(str(out), name) for name in names])
        assert outcomes == [(name, None, None) for name in names], (round_number, outcomes)
        store = ResultStore.open_for_writing(out)
        assert store.notice is None
        assert [store.lookup(name).summary for name in names] == [{"id": name} for name in names]
        store.close()
