"""`report --check`: like a formatter's check mode, it writes nothing, exits 0 when the reports
under --out are what the corpus produces and 1 naming the stale files when they are not."""
from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import SEED_EVENT, tree_snapshot
from .test_runner import corpus  # noqa: F401  (a fixture)


def stale_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if not line.startswith("[") and " events: " not in line]


def test_up_to_date_reports_pass_and_nothing_is_written(run_cli, corpus):
    assert run_cli("report", corpus, "--out", "out", "--format", "json,md").code == 0
    before = tree_snapshot(Path("out"))
    result = run_cli("report", corpus, "--out", "out", "--format", "json,md", "--check")
    assert result.code == 0, result
    assert stale_lines(result.out) == [] and result.err == ""
    assert tree_snapshot(Path("out")) == before


def test_without_a_cache_the_check_renders_aside_and_still_writes_nothing(run_cli, corpus):
    run_cli("report", corpus, "--out", "out", "--format", "json")
    shutil.rmtree("out/.source-compare")
    before = tree_snapshot(Path("out"))
    result = run_cli("report", corpus, "--out", "out", "--format", "json", "--check", "--jobs", "2")
    assert result.code == 0, result
    assert "3 events: 3 analysed" in result.out
    assert tree_snapshot(Path("out")) == before and not Path("out/.source-compare").exists()


def test_a_changed_source_makes_its_report_and_the_summary_stale(run_cli, corpus):
    run_cli("report", corpus, "--out", "out", "--format", "json")
    explainer = corpus / "event-b" / "explainer.txt"
    explainer.write_text(explainer.read_text().replace("Belgium", "the Kingdom of Belgium", 1))
    before = tree_snapshot(Path("out"))
    result = run_cli("report", corpus, "--out", "out", "--format", "json", "--check")
    assert result.code == 1
    assert stale_lines(result.out) == [
        "out/event-b/report.json: stale (differs from what the corpus produces)",
        "out/index.html: stale (differs from what the corpus produces)",
        "out/summary.json: stale (differs from what the corpus produces)",
    ]
    assert result.err == "3 report files out of date; run `source-compare report corpus --out out` to update\n"
    assert tree_snapshot(Path("out")) == before


def test_a_missing_report_file_is_named(run_cli, corpus):
    run_cli("report", corpus, "--out", "out", "--format", "json")
    Path("out/event-c/report.json").unlink()
    result = run_cli("report", corpus, "--out", "out", "--format", "json", "--check", "--quiet")
    assert result.code == 1
    assert result.out == "out/event-c/report.json: missing\n"


def test_check_on_one_event_with_no_reports_yet(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEED_EVENT, "rwanda-belgium-2025")
    result = run_cli("report", "rwanda-belgium-2025", "--out", "out", "--format", "json", "--check", "-q")
    assert result.code == 1
    assert result.out == "out/rwanda-belgium-2025/report.json: missing\n"
    assert not Path("out").exists()


def test_check_with_a_bad_event_is_an_input_error(run_cli, corpus):
    run_cli("report", corpus, "--out", "out", "--format", "json")
    (corpus / "event-a" / "brief.txt").write_bytes(b"\x00\x01binary")
    result = run_cli("report", corpus, "--out", "out", "--format", "json", "--check", "-q")
    assert result.code == 2
    assert result.err.strip() == ("source-compare: error: corpus/event-a/brief.txt: looks like a binary file "
                                  "(it has NUL bytes), not an article; save the article as UTF-8 text or HTML")
