"""The contract of record (docs/contract.md): what the commands write validates against the
JSON Schemas shipped in compare/data, and the schemas reject what the contract does not allow.

The schemas are read through importlib.resources, as an installed package ships them, and
validated with the reference validator for JSON Schema (jsonschema, draft 2020-12).
"""
from __future__ import annotations

import copy
import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, ValidationError

from compare.cli import main

from .conftest import FIXTURES, REPO, SEED_EVENT, SHARED_DATA

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES = ("report.schema.json", "check.schema.json", "summary.schema.json")
COMMITTED_REPORT = REPO / "reports" / "rwanda-belgium-2025" / "report.json"
BASIL_CORPUS = SHARED_DATA / "basil-dev" / "corpus"
STRAY = FIXTURES / "check" / "strays" / "sudan-uae-severance.txt"


def schema(name: str) -> dict:
    """A schema as the installed package ships it (package data, not a path in the checkout)."""
    return json.loads((resources.files("compare") / "data" / name).read_text(encoding="utf-8"))


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(name))


def errors(name: str, data: dict) -> list[tuple[list, str]]:
    """Each validation error as (path to the value, the keyword that failed), sorted."""
    return sorted((list(e.absolute_path), e.validator) for e in validator(name).iter_errors(data))


@pytest.fixture(scope="module")
def committed_report() -> dict:
    return json.loads(COMMITTED_REPORT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def basil_reports(tmp_path_factory) -> Path:
    """`report` over the ten BASIL dev events, once for this module: the output folder.

    JSON only: report.json is the same bytes whatever --format asks for, and plots would
    triple the time. The data stays where it is; nothing is copied into the repository.
    """
    if not BASIL_CORPUS.is_dir():
        pytest.skip(f"the BASIL dev corpus is not at {BASIL_CORPUS} (shared data, never kept in the repository)")
    out = tmp_path_factory.mktemp("basil-reports")
    code = main(["report", str(BASIL_CORPUS), "--out", str(out), "--format", "json", "--quiet"])
    assert code == 0
    return out


# --- the schemas themselves ----------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schema_is_valid_draft_2020_12_shipped_as_package_data(name):
    document = schema(name)
    Draft202012Validator.check_schema(document)
    assert document["$schema"] == DRAFT_2020_12
    assert document["additionalProperties"] is False


# --- what the commands write validates ------------------------------------------------------


def test_committed_seed_report_matches_the_schema(committed_report):
    assert committed_report["schema_version"] == 3
    assert errors("report.schema.json", committed_report) == []


def test_freshly_generated_seed_report_matches_the_schema(run_cli, tmp_path):
    result = run_cli("report", "--out", tmp_path, SEED_EVENT)
    assert result.code == 0, result
    data = json.loads((tmp_path / "rwanda-belgium-2025" / "report.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in data["sources"]] == ["brief", "developing-story", "explainer", "wikipedia"]
    assert errors("report.schema.json", data) == []


def test_basil_dev_reports_match_the_schema(basil_reports):
    reports = sorted(basil_reports.glob("*/report.json"))
    assert len(reports) == 10
    for path in reports:
        assert errors("report.schema.json", json.loads(path.read_text(encoding="utf-8"))) == [], path


def test_basil_dev_summary_matches_the_schema(basil_reports):
    summary = json.loads((basil_reports / "summary.json").read_text(encoding="utf-8"))
    assert len(summary["events"]) == 10
    assert {o["name"] for o in summary["outlets"]} == {"Fox News", "HuffPost", "New York Times"}
    assert errors("summary.schema.json", summary) == []


def test_check_json_of_the_seed_event_matches_the_schema(run_cli):
    result = run_cli("check", SEED_EVENT, "--format", "json")
    assert result.code == 0, result
    data = json.loads(result.out)
    assert data["passed"] is True and data["findings"] == [] and len(data["checked"]) == 4
    assert errors("check.schema.json", data) == []


def test_check_json_of_a_broken_event_matches_the_schema(run_cli, seed_copy):
    (seed_copy / "empty.txt").write_text("", encoding="utf-8")
    (seed_copy / "scan.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    shutil.copy(STRAY, seed_copy / "sudan.txt")
    result = run_cli("check", seed_copy, "--format", "json")
    assert result.code == 1, result
    data = json.loads(result.out)
    assert data["passed"] is False
    assert [(f["source"], f["rule"], f["severity"]) for f in data["findings"]] == [
        ("empty", "empty", "error"), ("scan", "encoding", "error"),
        ("sudan", "off-topic", "error"), ("sudan", "date-window", "warning")]
    assert len(data["checked"]) == 7
    assert errors("check.schema.json", data) == []


# --- the schemas reject what the contract does not allow ------------------------------------


def _renamed(data: dict, path: list, old: str, new: str) -> None:
    target = _at(data, path)
    target[new] = target.pop(old)


def _at(data, path: list):
    for step in path:
        data = data[step]
    return data


def _set(data: dict, path: list, value) -> None:
    _at(data, path[:-1])[path[-1]] = value


def _delete(data: dict, path: list) -> None:
    del _at(data, path[:-1])[path[-1]]


REPORT_MUTATIONS = {
    "misspelled top-level key": (
        lambda r: _renamed(r, [], "alignments", "alignment"),
        [([], "additionalProperties"), ([], "required")]),
    "misspelled metric": (
        lambda r: _renamed(r, ["sources", 0, "metrics"], "coverage", "coverag"),
        [(["sources", 0, "metrics"], "additionalProperties"), (["sources", 0, "metrics"], "required")]),
    "missing required key": (
        lambda r: _delete(r, ["sources", 1, "paragraphs", 0, "line"]),
        [(["sources", 1, "paragraphs", 0], "required")]),
    "missing schema_version": (
        lambda r: _delete(r, ["schema_version"]),
        [([], "required")]),
    "wrong type": (
        lambda r: _set(r, ["sources", 0, "metrics", "coverage"], "0.71"),
        [(["sources", 0, "metrics", "coverage"], "type")]),
    "share out of range": (
        lambda r: _set(r, ["alignments", 0, "score"], 1.2),
        [(["alignments", 0, "score"], "maximum")]),
    "sentiment out of range": (
        lambda r: _set(r, ["sources", 2, "paragraphs", 3, "sentiment"], -1.5),
        [(["sources", 2, "paragraphs", 3, "sentiment"], "minimum")]),
    "schema_version 1": (
        lambda r: _set(r, ["schema_version"], 1),
        [(["schema_version"], "const")]),
    "unknown evidence kind": (
        lambda r: _set(r, ["alignments", 0, "evidence"], ["names", "vibes"]),
        [(["alignments", 0, "evidence", 1], "enum")]),
    "version 1 similarity": (
        lambda r: _set(r, ["similarity"], {"brief": {"explainer": 0.4}}),
        [(["similarity"], "additionalProperties"), (["similarity"], "required"), (["similarity"], "required")]),
    "alignment differing moved to compared_pairs": (
        lambda r: _set(r, ["alignments", 0, "differing"], {"a": [], "b": []}),
        [(["alignments", 0], "additionalProperties")]),
}


@pytest.mark.parametrize("mutation", REPORT_MUTATIONS, ids=list(REPORT_MUTATIONS))
def test_report_schema_rejects(committed_report, mutation):
    mutate, expected = REPORT_MUTATIONS[mutation]
    report = copy.deepcopy(committed_report)
    mutate(report)
    with pytest.raises(ValidationError):
        validator("report.schema.json").validate(report)
    assert errors("report.schema.json", report) == expected


def _check_output(severity: str = "error", passed: bool = False) -> dict:
    return {"passed": passed,
            "findings": [{"source": "sudan", "rule": "off-topic", "severity": severity,
                          "message": "corpus/x/sudan.txt:6: does not report what the other sources report",
                          "path": "corpus/x/sudan.txt", "line": 6, "event": "x"}],
            "checked": ["corpus/x/sudan.txt"]}


def test_check_schema_rejects_an_unknown_severity_a_misspelled_key_and_a_passed_run_with_errors():
    assert errors("check.schema.json", _check_output()) == []
    assert errors("check.schema.json", _check_output("warning", passed=True)) == []
    # an unknown severity is not an error, so a failed run with it fails `passed` as well
    assert errors("check.schema.json", _check_output("fatal")) == [(["findings", 0, "severity"], "enum"),
                                                                   (["passed"], "const")]
    misspelled = _check_output()
    misspelled["findings"][0]["lines"] = misspelled["findings"][0].pop("line")
    assert errors("check.schema.json", misspelled) == [(["findings", 0], "additionalProperties"),
                                                       (["findings", 0], "required")]
    assert errors("check.schema.json", _check_output(passed=True)) == [(["passed"], "const")]


def _summary() -> dict:
    outlet = {"name": "Fox News", "events": 1, "mean_coverage": 0.5, "mean_divergence": 0.322, "mean_sentiment": 0.078,
              "mean_own_sentiment": 0.0363, "mean_quote_sentiment": None, "frames": {"political": 1.0},
              "per_event": [{"event": "basil-005a2961", "source": "fox", "coverage": 0.5, "divergence": 0.322,
                             "sentiment": 0.078}]}
    return {"schema_version": 1,
            "events": [{"id": "basil-005a2961", "title": "Trump holds birther meeting", "date": None, "sources": 3,
                        "conflicts": 0, "report": "basil-005a2961/report.html"}],
            "outlets": [outlet],
            "definitions": {"mean_coverage": "...", "mean_divergence": "...", "mean_sentiment": "...", "frames": "..."}}


def test_summary_schema_rejects_a_misspelled_key_a_missing_key_and_a_wrong_type():
    assert errors("summary.schema.json", _summary()) == []
    misspelled = _summary()
    _renamed(misspelled["outlets"][0], [], "mean_divergence", "mean_divergance")
    assert errors("summary.schema.json", misspelled) == [(["outlets", 0], "additionalProperties"),
                                                         (["outlets", 0], "required")]
    missing = _summary()
    del missing["definitions"]
    assert errors("summary.schema.json", missing) == [([], "required")]
    wrong = _summary()
    wrong["events"][0]["sources"] = "3"
    assert errors("summary.schema.json", wrong) == [(["events", 0, "sources"], "type")]
