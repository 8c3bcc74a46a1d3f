"""Whole corpora: parallel and Dask runs give the serial run's bytes; the cache recomputes
only what changed; progress is a bar on a terminal, lines in a log, nothing with --quiet."""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from compare import runner, worker
from compare.corpus import display_path
from compare.progress import BarProgress, LineProgress, progress_for
from compare.runner import RunOptions, run_reports
from compare.worker import EventTask, process_event, tool_build
from compare.settings import Settings

from .conftest import SEED_EVENT, tree_snapshot


EVENTS = {  # three events made of the seed's articles, so each event's report is its own
    "event-a": ("brief.txt", "developing-story.txt"),
    "event-b": ("developing-story.txt", "explainer.txt", "wikipedia.txt"),
    "event-c": ("brief.txt", "explainer.txt"),
}


def make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    for name, articles in EVENTS.items():
        (corpus / name).mkdir(parents=True)
        for file in ("event.yaml", *articles):
            shutil.copy(SEED_EVENT / file, corpus / name / file)
    return corpus


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return make_corpus(tmp_path).relative_to(tmp_path)


def reports_only(out: Path) -> dict[str, bytes]:
    """Every report file under out, without the cache database (which records timings of nothing,
    but is a database file whose pages need not be byte-identical)."""
    return {k: v for k, v in tree_snapshot(out).items() if not k.startswith(".source-compare")}


def analysed_count(out: str) -> tuple[int, int]:
    """(analysed, cached) from a run's closing line."""
    closing = out.strip().splitlines()[-1]
    analysed = int(closing.split(" analysed")[0].split()[-1])
    cached = int(closing.split(" unchanged")[0].split()[-1])
    return analysed, cached


# --- parallel and distributed give the same bytes ----------------------------------------


def test_two_processes_write_the_same_bytes_as_one(run_cli, corpus):
    serial = run_cli("report", corpus, "--out", "serial", "--jobs", "1")
    parallel = run_cli("report", corpus, "--out", "parallel", "--jobs", "2")
    assert serial.code == 0 and parallel.code == 0, (serial, parallel)
    one, two = reports_only(Path("serial")), reports_only(Path("parallel"))
    assert set(one) >= {"summary.json", "index.html", "event-a/report.json", "event-b/report.html",
                        "event-c/report.md", "event-a/coverage.png", "event-c/frames.svg"}
    assert one == two
    assert not [name for name in one if name.endswith(".tmp")], "every file is renamed into place, none left aside"
    assert analysed_count(parallel.out) == (3, 0)


def test_a_dask_local_cluster_writes_the_same_bytes(run_cli, corpus, monkeypatch):
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    # the workers must run the code under test (as on a real cluster, the same build as the client)
    monkeypatch.setenv("PYTHONPATH", str(Path(runner.__file__).absolute().parent.parent))
    serial = run_cli("report", corpus, "--out", "serial", "--format", "json,md")
    assert serial.code == 0, serial
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        on_dask = run_cli("report", corpus, "--out", "dask", "--format", "json,md",
                          "--scheduler", cluster.scheduler_address)
    assert on_dask.code == 0, on_dask
    assert analysed_count(on_dask.out) == (3, 0)
    assert reports_only(Path("serial")) == reports_only(Path("dask"))
    # the paths in the reports are the client's, not the workers' scratch copies
    data = json.loads(Path("dask/event-b/report.json").read_text())
    assert [s["path"] for s in data["sources"]] == [
        "corpus/event-b/developing-story.txt", "corpus/event-b/explainer.txt", "corpus/event-b/wikipedia.txt"]


def test_the_scheduler_can_come_from_the_environment(run_cli, corpus, monkeypatch):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    dask = pytest.importorskip("dask")
    monkeypatch.setenv("SOURCE_COMPARE_SCHEDULER", "tcp://127.0.0.1:9")  # nothing listens on the discard port
    monkeypatch.setitem(dask.config.config, "distributed", {**dask.config.get("distributed"),
                        "comm": {**dask.config.get("distributed.comm"),
                                 "timeouts": {"connect": "1s", "tcp": "1s"}}})
    result = run_cli("report", corpus, "--out", "out", "--format", "json")
    assert result.code == 2
    assert result.err.startswith("source-compare: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert len(result.err.strip().splitlines()) == 1
    assert not Path("out").exists() or not any(Path("out").glob("event-*"))


# --- the cache ---------------------------------------------------------------------------


def test_a_rerun_analyses_only_the_event_whose_source_changed(run_cli, corpus):
    first = run_cli("report", corpus, "--out", "out", "--format", "json")
    assert analysed_count(first.out) == (3, 0)
    again = run_cli("report", corpus, "--out", "out", "--format", "json")
    assert analysed_count(again.out) == (0, 3)
    assert "event-a: up to date (cached)" in again.out

    story = corpus / "event-b" / "explainer.txt"
    story.write_text(story.read_text() + "\n\nBelgium said it would respond in kind on Tuesday.\n")
    changed = run_cli("report", corpus, "--out", "out", "--format", "json")
    assert analysed_count(changed.out) == (1, 2)
    assert "event-b: wrote 1 file to out/event-b" in changed.out
    assert "respond in kind" in Path("out/event-b/report.json").read_text()

    fresh = run_cli("report", corpus, "--out", "fresh", "--format", "json", "--no-cache")
    assert fresh.code == 0
    assert reports_only(Path("out")) == reports_only(Path("fresh"))


def test_no_cache_analyses_every_event_again(run_cli, corpus):
    run_cli("report", corpus, "--out", "out", "--format", "json")
    forced = run_cli("report", corpus, "--out", "out", "--format", "json", "--no-cache")
    assert analysed_count(forced.out) == (3, 0)


def test_changed_settings_invalidate_the_cache(run_cli, corpus, tmp_path):
    run_cli("report", corpus, "--out", "out", "--format", "json")
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text("frames:\n  economic:\n    cues: [tariff]\n")
    with_lexicon = run_cli("report", corpus, "--out", "out", "--format", "json", "--lexicon", lexicon)
    assert analysed_count(with_lexicon.out) == (3, 0)
    assert analysed_count(run_cli("report", corpus, "--out", "out", "--format", "json", "--lexicon", lexicon).out) == (0, 3)
    lexicon.write_text("frames:\n  economic:\n    cues: [tariff, sanction*]\n")  # same path, new content
    assert analysed_count(run_cli("report", corpus, "--out", "out", "--format", "json", "--lexicon", lexicon).out) == (3, 0)
    # another format means other report files: not the cached ones
    assert analysed_count(run_cli("report", corpus, "--out", "out", "--format", "json,md", "--lexicon", lexicon).out) == (3, 0)


def test_a_new_tool_build_invalidates_the_cache(run_cli, corpus, monkeypatch):
    run_cli("report", corpus, "--out", "out", "--format", "json")
    newer = tuple((k, "9.9.9" if k == "source-compare" else v) for k, v in tool_build())
    monkeypatch.setattr(runner, "tool_build", lambda: newer)  # the client's key
    monkeypatch.setattr(worker, "tool_build", lambda: newer)  # and the worker's check, as after an upgrade
    assert analysed_count(run_cli("report", corpus, "--out", "out", "--format", "json").out) == (3, 0)


def test_a_report_file_edited_or_deleted_by_hand_is_written_again(run_cli, corpus):
    run_cli("report", corpus, "--out", "out", "--format", "json")
    expected = reports_only(Path("out"))
    Path("out/event-a/report.json").write_text("{}\n")
    Path("out/event-c/report.json").unlink()
    again = run_cli("report", corpus, "--out", "out", "--format", "json")
    assert analysed_count(again.out) == (2, 1)
    assert reports_only(Path("out")) == expected


def test_the_code_of_the_tool_is_part_of_its_build():
    build = dict(tool_build())
    assert build["source-compare"] and len(build["code"]) == 16 and build["python"].startswith("3.")


# --- workers -----------------------------------------------------------------------------


def _task(event_dir: Path, **changes) -> EventTask:
    files = tuple((p.name, p.read_bytes()) for p in sorted(event_dir.iterdir()) if p.is_file())
    task = EventTask(
        event_id=event_dir.name, event_dir=display_path(event_dir), files=files,
        source_paths=tuple((p.name, display_path(event_dir / p.name)) for p, _ in ((Path(n), c) for n, c in files)),
        settings=Settings(formats=("json",)), settings_files=(), build=tool_build(), key="k")
    return EventTask(**{**{f: getattr(task, f) for f in task.__dataclass_fields__}, **changes})


def test_a_worker_reads_only_what_the_task_carries(corpus, tmp_path):
    task = _task(corpus / "event-b")
    shutil.rmtree(corpus / "event-b")  # the worker must not need the corpus on disk
    outcome = process_event(task)
    assert outcome.error is None
    data = json.loads(outcome.files["report.json"])
    assert [s["path"] for s in data["sources"]] == [
        "corpus/event-b/developing-story.txt", "corpus/event-b/explainer.txt", "corpus/event-b/wikipedia.txt"]
    assert outcome.summary["id"] == "event-b" and len(outcome.summary["sources"]) == 3
    assert len(outcome.rows["sources"]) == 3 and outcome.rows["events"][0][0] == "event-b"


def test_a_worker_with_another_build_refuses_the_task(corpus):
    client_build = tuple((k, "0.0.1" if k == "source-compare" else v) for k, v in tool_build())
    outcome = process_event(_task(corpus / "event-a", build=client_build))
    assert outcome.files == {} and outcome.error.startswith("corpus/event-a: this worker runs a different build")
    assert "source-compare" in outcome.error and "0.0.1 on the client" in outcome.error


def test_a_run_stops_at_the_first_worker_of_another_build(run_cli, corpus, monkeypatch):
    newer = tuple((k, "9.9.9" if k == "source-compare" else v) for k, v in tool_build())
    monkeypatch.setattr(runner, "tool_build", lambda: newer)  # the client only: workers compute their own
    result = run_cli("report", corpus, "--out", "out", "--format", "json", "--jobs", "2")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "this worker runs a different build of source-compare" in lines[0]
    assert "here, 9.9.9 on the client" in lines[0]


def test_bad_input_comes_back_naming_the_users_file(corpus):
    (corpus / "event-a" / "blank.txt").write_text("   \n")
    outcome = process_event(_task(corpus / "event-a"))
    assert outcome.error == "corpus/event-a/blank.txt: the article is empty; paste the article text or remove the file"


def test_one_bad_event_is_reported_and_the_others_are_written(run_cli, corpus):
    (corpus / "event-c" / "brief.txt").unlink()
    result = run_cli("report", corpus, "--out", "out", "--format", "json", "--jobs", "2")
    assert result.code == 2
    errors = result.err.strip().splitlines()
    assert errors == ["source-compare: error: corpus/event-c: only 1 source; an event needs at least two articles to compare"]
    assert Path("out/event-a/report.json").is_file() and Path("out/event-b/report.json").is_file()
    assert not Path("out/event-c").exists()


def test_two_event_folders_with_one_name_are_refused(run_cli, corpus, tmp_path):
    shutil.copytree(corpus / "event-a", tmp_path / "elsewhere" / "event-a")
    result = run_cli("report", corpus, tmp_path / "elsewhere", "--out", "out")
    assert result.code == 2 and "event id 'event-a' is also the name of" in result.err
    assert not Path("out").exists()


# --- progress ----------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_lines_in_a_log_and_nothing_when_quiet(corpus):
    assert isinstance(progress_for(False, io.StringIO(), Terminal()), BarProgress)
    assert type(progress_for(False, io.StringIO(), io.StringIO())) is LineProgress

    out, err = io.StringIO(), Terminal()
    run_reports([corpus], Path("bar"), Settings(formats=("json",)), RunOptions(), progress_for(False, out, err))
    bar = err.getvalue()
    assert "3/3" in bar and "event/s" in bar and "events:" in bar
    assert out.getvalue().startswith("3 events: 3 analysed, 0 unchanged (cached)")

    out, err = io.StringIO(), io.StringIO()
    run_reports([corpus], Path("log"), Settings(formats=("json",)), RunOptions(), progress_for(False, out, err))
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("[1/3] event-a: wrote 1 file to log/event-a (")
    assert "events/s, " in lines[1] and lines[1].endswith(" left)")
    assert lines[3].startswith("3 events: 3 analysed") and err.getvalue() == ""

    out, err = io.StringIO(), io.StringIO()
    run_reports([corpus], Path("quiet"), Settings(formats=("json",)), RunOptions(), progress_for(True, out, err))
    assert out.getvalue() == "" and err.getvalue() == ""
