"""The command line: exit codes, messages, and that nothing in the corpus is modified."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

from .conftest import SEED_EVENT, tree_snapshot


def test_clean_json_follows_spec(run_cli):
    result = run_cli("clean", SEED_EVENT / "brief.txt", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["source"] == "brief"
    assert len(data["paragraphs"]) == 7
    assert data["removed"][0]["text"] == "date 2025-03-17" and data["removed"][0]["reason"].startswith("metadata line")


def test_clean_prints_the_article_text(run_cli):
    result = run_cli("clean", SEED_EVENT / "developing-story.txt")
    assert result.code == 0
    assert "In a dramatic escalation of tensions" in result.out
    assert "days ago" not in result.out and "Africa\n" not in result.out


def test_report_writes_the_three_files_and_plots(run_cli, tmp_path):
    result = run_cli("report", SEED_EVENT, "--out", tmp_path)
    assert result.code == 0, result
    out = tmp_path / "rwanda-belgium-2025"
    assert {"report.json", "report.md", "report.html", "similarity.png", "coverage.png", "sentiment.png",
            "frames.png", "frames.svg"} <= {p.name for p in out.iterdir()}


def test_report_format_json_only(run_cli, tmp_path):
    result = run_cli("report", SEED_EVENT, "--out", tmp_path, "--format", "json")
    assert result.code == 0
    assert sorted(p.name for p in (tmp_path / "rwanda-belgium-2025").iterdir()) == ["report.json"]


def test_score_json(run_cli):
    result = run_cli("score", SEED_EVENT / "brief.txt", "--json", "--actor", "Rwanda=Rwanda,Rwandan,Kigali")
    assert result.code == 0
    data = json.loads(result.out)
    assert set(data) >= {"sentiment", "frames", "actors"}
    assert data["actors"]["Rwanda"]["mentions"] >= 10
    assert -1 <= data["actors"]["Rwanda"]["sentiment"] <= 1


def test_score_jsonl_keeps_input_order(run_cli, tmp_path):
    lines = [{"id": "b", "text": "The massacre was horrific.", "actors": {}},
             {"id": "a", "text": "Talks were a great success for Kenya.", "actors": {"Kenya": ["Kenya"]}}]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(l) for l in lines) + "\n", encoding="utf-8")
    result = run_cli("score", "--jsonl", path)
    assert result.code == 0
    out = [json.loads(l) for l in result.out.splitlines()]
    assert [o["id"] for o in out] == ["b", "a"]
    assert out[0]["sentiment"] < 0 < out[1]["sentiment"]
    assert out[1]["actors"]["Kenya"]["mentions"] == 1


# --- bad input: one line on stderr naming the file, exit code 2, nothing modified --------


def assert_one_line_error(result, *fragments):
    assert result.code == 2, result
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("source-compare: error: ")
    assert "Traceback" not in result.err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def test_missing_path(run_cli, tmp_path):
    assert_one_line_error(run_cli("report", tmp_path / "nowhere", "--out", tmp_path / "out"),
                          "nowhere", "no such file or directory")
    assert not (tmp_path / "out").exists()


def test_empty_folder(run_cli, tmp_path):
    (tmp_path / "empty").mkdir()
    assert_one_line_error(run_cli("report", tmp_path / "empty"), "empty", "no articles")


def test_event_with_one_source(run_cli, tmp_path):
    (tmp_path / "ev").mkdir()
    shutil.copy(SEED_EVENT / "brief.txt", tmp_path / "ev" / "brief.txt")
    assert_one_line_error(run_cli("report", tmp_path / "ev", "--out", tmp_path / "out"), "only 1 source")
    assert_one_line_error(run_cli("check", tmp_path / "ev"), "only 1 source")


def test_empty_and_binary_files(run_cli, seed_copy, tmp_path):
    (seed_copy / "blank.txt").write_text("", encoding="utf-8")
    assert_one_line_error(run_cli("report", seed_copy, "--out", tmp_path / "out"), "blank.txt", "empty")
    (seed_copy / "blank.txt").unlink()
    (seed_copy / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    before = tree_snapshot(seed_copy)
    assert_one_line_error(run_cli("report", seed_copy, "--out", tmp_path / "out"), "image.txt", "binary")
    assert tree_snapshot(seed_copy) == before


def test_malformed_front_matter_and_event_yaml(run_cli, seed_copy, tmp_path):
    (seed_copy / "bad.txt").write_text("---\ntitle: [oops\n---\nText.\n", encoding="utf-8")
    assert_one_line_error(run_cli("report", seed_copy, "--out", tmp_path / "o"), "bad.txt", "front matter is not valid YAML")
    (seed_copy / "bad.txt").unlink()
    (seed_copy / "event.yaml").write_text("title: [x\n", encoding="utf-8")
    assert_one_line_error(run_cli("report", seed_copy, "--out", tmp_path / "o"), "event.yaml", "not valid YAML")


def test_unknown_format(run_cli, tmp_path):
    assert_one_line_error(run_cli("report", SEED_EVENT, "--out", tmp_path, "--format", "pdf"),
                          "unknown --format 'pdf'", "json, md, html")
    assert_one_line_error(run_cli("check", SEED_EVENT, "--format", "xml"), "unknown --format 'xml'")
    assert not any(tmp_path.iterdir())


def test_unknown_command_and_missing_argument_are_one_line(run_cli):
    assert_one_line_error(run_cli("frobnicate"), "No such command")
    assert_one_line_error(run_cli("report"), "Missing argument")


def test_python_dash_m_and_console_script_are_the_same_program(tmp_path):
    result = subprocess.run([sys.executable, "-m", "compare", "check", str(SEED_EVENT)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "passed: 0 error(s)" in result.stdout
    result = subprocess.run([sys.executable, "-m", "compare", "report", str(tmp_path / "nope")],
                            capture_output=True, text=True)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_folder_where_a_file_is_expected_is_named_as_a_folder(run_cli, tmp_path):
    event = str(SEED_EVENT)
    article = str(SEED_EVENT / "brief.txt")
    assert_one_line_error(run_cli("clean", event), f"{event}: is a folder; `clean` takes one article file")
    assert_one_line_error(run_cli("score", event), f"{event}: is a folder; `score` takes one article file")
    assert_one_line_error(run_cli("align", event, article), f"{event}: is a folder; `align` takes two article files")
    assert_one_line_error(run_cli("align", article, event), f"{event}: is a folder; `align` takes two article files")
    assert_one_line_error(run_cli("score", article, "--lexicon", event),
                          f"{event}: is a folder; --lexicon takes a frame lexicon file (YAML)")
    assert_one_line_error(run_cli("report", event, "--out", tmp_path / "out", "--frame-model", event),
                          f"{event}: is a folder; --frame-model takes a model file written by `train-frames`")
    assert_one_line_error(run_cli("score", "--jsonl", event), f"{event}: is a folder; --jsonl takes a file of JSON lines")
    assert_one_line_error(run_cli("train-frames", event, "--out", tmp_path / "model.json"),
                          f"{event}: is a folder; `train-frames` takes a CSV file of coded paragraphs")
    assert_one_line_error(run_cli("align", article, tmp_path / "nothing.txt"), "nothing.txt: no such file")
    assert not (tmp_path / "out").exists() and not (tmp_path / "model.json").exists()
