"""`check`, the CI gate: its rules, its configuration, what it checks, and how it reports."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from compare.check import CheckResult, residue_kind
from compare.check.language import detect_language
from compare.model import Finding
from compare.render.findings import render_github, render_junit

from ..conftest import FIXTURES, REPO, SEED_EVENT, tree_snapshot

CHECK_FIXTURES = FIXTURES / "check"
STRAYS = CHECK_FIXTURES / "strays"


def findings_of(result) -> list[dict]:
    return json.loads(result.out)["findings"]


def rules_of(result) -> set[tuple[str, str, str]]:
    return {(f["source"], f["rule"], f["severity"]) for f in findings_of(result)}


# --- the seed event and strays ----------------------------------------------------------


def test_check_passes_on_the_seed_event(run_cli):
    before = tree_snapshot(SEED_EVENT)
    result = run_cli("check", SEED_EVENT, "--format", "json")
    assert result.code == 0, result
    data = json.loads(result.out)
    assert data["passed"] is True and data["findings"] == []
    assert data["checked"] == [f"corpus/rwanda-belgium-2025/{name}.txt"
                               for name in ("brief", "developing-story", "explainer", "wikipedia")]
    assert tree_snapshot(SEED_EVENT) == before


def test_check_flags_an_unrelated_article_as_off_topic(run_cli, seed_copy):
    shutil.copy(FIXTURES / "unrelated" / "city-council-bike-lanes.txt", seed_copy / "bike-lanes.txt")
    result = run_cli("check", seed_copy, "--format", "json")
    assert result.code == 1, result
    data = json.loads(result.out)
    assert data["passed"] is False
    offtopic = [f for f in data["findings"] if f["rule"] == "off-topic"]
    assert [f["source"] for f in offtopic] == ["bike-lanes"]
    assert offtopic[0]["severity"] == "error"
    assert "bike-lanes.txt" in offtopic[0]["message"]
    assert offtopic[0]["line"] == 6 and offtopic[0]["message"].endswith("move it to the event it reports, or remove it")


@pytest.mark.parametrize("stray", ["algeria-france-expulsions", "sudan-uae-severance"])
def test_another_diplomatic_row_of_the_same_year_is_off_topic(run_cli, seed_copy, stray):
    # Both strays share the seed's vocabulary (diplomats expelled, ties severed, ambassador,
    # persona non grata, 48 hours) but report a different row between other countries.
    shutil.copy(STRAYS / f"{stray}.txt", seed_copy / f"{stray}.txt")
    result = run_cli("check", seed_copy, "--format", "json")
    assert result.code == 1, result
    offtopic = [f for f in findings_of(result) if f["rule"] == "off-topic"]
    assert [(f["source"], f["severity"]) for f in offtopic] == [(stray, "error")]
    message = offtopic[0]["message"]
    assert message.startswith(f"{offtopic[0]['path']}:6: does not report what the other sources report")
    assert "rwanda" in message and "belgium" in message  # the words it lacks, for the contributor


def test_a_doubtful_source_is_off_topic_when_none_of_its_paragraphs_aligns(run_cli, seed_copy):
    # with the membership bar lowered out of the way, the stray is only "doubtful": the aligner
    # decides, and finds nothing of it in the other sources
    event = seed_copy / "event.yaml"
    event.write_text(event.read_text(encoding="utf-8") + "check:\n  offtopic_threshold: 0.05\n"
                     "  offtopic_min_support: 0.01\n  offtopic_unaligned_threshold: 0.45\n", encoding="utf-8")
    shutil.copy(STRAYS / "algeria-france-expulsions.txt", seed_copy / "algeria.txt")
    result = run_cli("check", seed_copy, "--format", "json")
    assert result.code == 1
    [finding] = [f for f in findings_of(result) if f["rule"] == "off-topic"]
    assert finding["source"] == "algeria"
    assert "is low (below 0.45; similarity to the closest sources" in finding["message"]
    assert "none of its 7 paragraphs aligns with a paragraph of its closest sources" in finding["message"]


def test_check_text_and_github_formats(run_cli, seed_copy):
    shutil.copy(FIXTURES / "unrelated" / "city-council-bike-lanes.txt", seed_copy / "bike-lanes.txt")
    text = run_cli("check", seed_copy)
    assert text.code == 1 and "error: [off-topic]" in text.out
    assert text.out.strip().endswith("FAILED: 1 error(s), 0 warning(s) in 5 source(s)")
    github = run_cli("check", seed_copy, "--format", "github")
    assert github.code == 1
    assert github.out.startswith("::error file=") and "bike-lanes.txt,line=6,title=source-compare off-topic::" in github.out


def test_check_prepares_articles_exactly_as_the_pipeline_does():
    from compare.check import prepare_articles
    from compare.corpus import load_event
    from compare.pipeline import prepare

    event = load_event(SEED_EVENT)
    assert tuple(prepare_articles(event)) == prepare(event)


def test_check_leaves_the_aligner_unimported_when_nothing_needs_aligning():
    # what keeps `check` fast: numpy and scipy (the aligner's) load only for a suspect source
    code = ("import sys; from compare.cli import main; code = main(['check', sys.argv[1]]); "
            "print(code, 'compare.align' in sys.modules, 'scipy' in sys.modules, 'sklearn' in sys.modules, "
            "'nltk' in sys.modules, 'matplotlib' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code, str(SEED_EVENT)], capture_output=True, text=True)
    assert run.stdout.splitlines()[-1] == "0 False False False False False", run.stderr


# --- the other rules ----------------------------------------------------------------------


def test_check_reports_an_empty_source_and_unreadable_front_matter(run_cli, seed_copy):
    (seed_copy / "blank.txt").write_text("\n\n", encoding="utf-8")
    (seed_copy / "broken.txt").write_text("---\ntitle: [oops\n---\nSome text here.\n", encoding="utf-8")
    result = run_cli("check", seed_copy, "--format", "json")
    assert result.code == 1
    rules = {(f["source"], f["rule"]) for f in findings_of(result)}
    assert ("blank", "empty") in rules and ("broken", "metadata") in rules


def test_check_warns_about_a_near_copy(run_cli, seed_copy):
    text = (seed_copy / "explainer.txt").read_text(encoding="utf-8").replace("breaking point", "breaking-point")
    (seed_copy / "explainer-copy.txt").write_text(text, encoding="utf-8")
    result = run_cli("check", seed_copy, "--format", "json")
    duplicates = [f for f in findings_of(result) if f["rule"] == "duplicate"]
    assert [(f["source"], f["severity"]) for f in duplicates] == [("explainer-copy", "warning")]
    assert "explainer" in duplicates[0]["message"]
    # a copy does not vouch for its original, and neither is off-topic
    assert not [f for f in findings_of(result) if f["rule"] == "off-topic"]


def test_a_lightly_edited_copy_with_a_dropped_paragraph_is_a_duplicate(run_cli, seed_copy):
    paragraphs = (seed_copy / "brief.txt").read_text(encoding="utf-8").split("\n\n")
    edited = [p.replace("Belgium", "Belgium's government", 1) for p in paragraphs[:2] + paragraphs[3:]]
    (seed_copy / "wire.txt").write_text("---\nsource: Wire\n---\n" + "\n\n".join(edited), encoding="utf-8")
    result = run_cli("check", seed_copy, "--format", "json")
    duplicates = [f for f in findings_of(result) if f["rule"] == "duplicate"]
    assert [f["source"] for f in duplicates] == ["wire"]
    assert re.search(r"wire.txt:\d+: near copy of brief \(.*brief.txt\): \d+% of the wording of wire also appears in brief;",
                     duplicates[0]["message"])


def test_invalid_utf8_is_decoded_with_a_warning_in_check(run_cli, seed_copy):
    data = (seed_copy / "brief.txt").read_bytes().replace(b"Goma", b"G\xf6ma")
    (seed_copy / "brief.txt").write_bytes(data)
    result = run_cli("check", seed_copy, "--format", "json")
    assert result.code == 0
    findings = findings_of(result)
    assert [(f["source"], f["rule"], f["severity"]) for f in findings] == [("brief", "encoding", "warning")]
    line = data[: data.index(b"\xf6")].count(b"\n") + 1
    assert "invalid UTF-8" in findings[0]["message"] and findings[0]["line"] == line


def test_mojibake_is_an_encoding_warning_on_its_line(run_cli, seed_copy):
    text = (seed_copy / "explainer.txt").read_text(encoding="utf-8").replace("Rwanda’s", "Rwandaâ€™s")
    (seed_copy / "explainer.txt").write_text(text, encoding="utf-8")
    result = run_cli("check", seed_copy, "--format", "json")
    assert result.code == 0
    [finding] = findings_of(result)
    line = next(i for i, l in enumerate(text.split("\n"), 1) if "â€™" in l)
    assert (finding["rule"], finding["line"]) == ("encoding", line)
    assert "'â€™' looks like UTF-8 text that was decoded as Windows-1252" in finding["message"]


def test_a_truncated_paste_is_too_short(run_cli, seed_copy):
    (seed_copy / "stub.txt").write_text(
        "Rwanda has cut diplomatic ties with Belgium and ordered Belgian diplomats to leave within 48 hours.\n",
        encoding="utf-8")
    result = run_cli("check", seed_copy, "--format", "json")
    assert result.code == 0, result  # short sources are warnings, never errors on their own
    assert ("stub", "too-short", "warning") in rules_of(result)
    assert not any(f["severity"] == "error" for f in findings_of(result))


def test_a_kept_share_prompt_is_boilerplate_residue(run_cli, seed_copy):
    path = seed_copy / "explainer.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(8, "Share this article on Facebook")
    path.write_text("\n".join(lines), encoding="utf-8")
    # pin the line so the cleaner keeps it: what is left is exactly what the rule must find
    event = (seed_copy / "event.yaml").read_text(encoding="utf-8")
    (seed_copy / "event.yaml").write_text(event + 'clean:\n  keep: ["Share this article on Facebook"]\n', encoding="utf-8")
    result = run_cli("check", seed_copy, "--format", "json")
    assert result.code == 0
    [finding] = findings_of(result)
    assert (finding["source"], finding["rule"], finding["line"]) == ("explainer", "boilerplate-residue", 9)
    assert "'Share this article on Facebook' looks like a share, subscribe or navigation prompt" in finding["message"]


@pytest.mark.parametrize("line, kind", [
    ("Subscribe to our newsletter", "a share, subscribe or navigation prompt"),
    ("Read more: Rwanda and Belgium", "a share, subscribe or navigation prompt"),
    ("3 hours ago", "a timestamp from a list of other headlines"),
    ("© 2025 Example Media Group. All rights reserved.", "a copyright notice"),
    ("By Jane Doe", "a byline"),
    ("https://example.com/world/africa", "a link"),
    ("You must be logged in to post a comment.", "page furniture ('be logged in to post')"),
    ("Get the day's top stories delivered to your inbox every morning.", "page furniture ('to your inbox')"),
    ("Image caption Belgian diplomats leave the embassy in Kigali on Tuesday", "page furniture ('Image caption')"),
    ("Belgium said it would read more of the statement before replying to Kigali on Tuesday.", None),
    ("Rwanda's newsletter to diplomats, seen by reporters, said the move was final and would not be reversed.", None),
    ("Customers who sign up for the new plan will pay less, the company said in a statement on Monday.", None),
])
def test_what_counts_as_boilerplate_residue(line, kind):
    assert residue_kind(line) == kind


def test_required_front_matter_missing_or_malformed(run_cli, seed_copy):
    event = (seed_copy / "event.yaml").read_text(encoding="utf-8")
    (seed_copy / "event.yaml").write_text(event + "check:\n  require: [published, url]\n", encoding="utf-8")
    (seed_copy / "wikipedia.txt").write_text(
        (seed_copy / "wikipedia.txt").read_text(encoding="utf-8").replace("url: https", "published: last week\nurl: https"),
        encoding="utf-8")
    result = run_cli("check", seed_copy, "--format", "json")
    assert result.code == 1
    metadata = sorted((f["source"], f["line"], f["message"].split(": ", 1)[1][:32]) for f in findings_of(result)
                      if f["rule"] == "metadata")
    # the brief has no front matter, but its page has a date line the cleaner read: that counts
    assert metadata == [
        ("brief", 1, "front matter has no 'url', which"),
        ("developing-story", 1, "front matter has no 'published',"),
        ("developing-story", 1, "front matter has no 'url', which"),
        ("explainer", 1, "front matter has no 'published',"),
        ("explainer", 1, "front matter has no 'url', which"),
        ("wikipedia", 4, "front matter published: expected"),
    ]
    assert all(f["severity"] == "error" for f in findings_of(result) if f["rule"] == "metadata")


def test_a_source_published_far_from_the_event_date(run_cli, seed_copy):
    text = (seed_copy / "explainer.txt").read_text(encoding="utf-8").replace("source: Explainer", "source: Explainer\npublished: 2024-11-02")
    (seed_copy / "explainer.txt").write_text(text, encoding="utf-8")
    result = run_cli("check", seed_copy, "--format", "json")
    assert result.code == 0
    [finding] = findings_of(result)
    assert (finding["rule"], finding["severity"], finding["line"]) == ("date-window", "warning", 3)
    assert "published 2024-11-02, 135 days from the event date 2025-03-17 (event.yaml date)" in finding["message"]
    # the event can make it an error, or allow a wider window
    event = (seed_copy / "event.yaml").read_text(encoding="utf-8")
    (seed_copy / "event.yaml").write_text(event + "check:\n  severity: {date-window: error}\n", encoding="utf-8")
    assert run_cli("check", seed_copy, "--format", "json").code == 1
    (seed_copy / "event.yaml").write_text(event + "check:\n  max_days: 200\n", encoding="utf-8")
    assert findings_of(run_cli("check", seed_copy, "--format", "json")) == []


def test_an_article_in_another_language(run_cli, seed_copy):
    shutil.copy(CHECK_FIXTURES / "french-report.txt", seed_copy / "french.txt")
    result = run_cli("check", seed_copy, "--format", "json")
    assert result.code == 1
    [finding] = findings_of(result)  # judged for its language, not also as off-topic
    assert (finding["source"], finding["rule"], finding["severity"], finding["line"]) == ("french", "language", "error", 6)
    assert "written in French (fr), not in the corpus language English (en, set in event.yaml)" in finding["message"]


def test_the_corpus_language_is_the_majority_when_the_event_does_not_say(run_cli, seed_copy):
    event = (seed_copy / "event.yaml").read_text(encoding="utf-8").replace("language: en\n", "")
    (seed_copy / "event.yaml").write_text(event, encoding="utf-8")
    shutil.copy(CHECK_FIXTURES / "french-report.txt", seed_copy / "french.txt")
    [finding] = findings_of(run_cli("check", seed_copy, "--format", "json"))
    assert finding["rule"] == "language" and "the language of 4 of 5 sources" in finding["message"]


@pytest.mark.parametrize("text, code", [
    ("The government said on Tuesday that it would expel the diplomats and recall its ambassador "
     "for consultations, after weeks of tension over the conflict in the east of the country. " * 3, "en"),
    ("Le gouvernement a annoncé mardi qu'il expulserait les diplomates et rappellerait son ambassadeur "
     "pour consultations, après des semaines de tension sur le conflit dans l'est du pays. " * 3, "fr"),
    ("Die Regierung kündigte am Dienstag an, dass sie die Diplomaten ausweisen und ihren Botschafter "
     "zu Konsultationen zurückrufen werde, nachdem es wochenlang Spannungen gegeben hatte. " * 3, "de"),
    ("Правительство во вторник заявило, что вышлет дипломатов и отзовет своего посла для консультаций "
     "после нескольких недель напряженности из-за конфликта на востоке страны. " * 3, "ru"),
    ("政府星期二表示，将驱逐外交官并召回大使进行磋商。" * 5, "zh"),
    ("Too short to tell.", None),
])
def test_language_detection(text, code):
    assert detect_language(text).code == code


# --- configuration ------------------------------------------------------------------------


def test_repository_defaults_in_pyproject_and_event_overrides(run_cli, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_EVENT, corpus / "rwanda-belgium-2025")
    shutil.copy(FIXTURES / "unrelated" / "city-council-bike-lanes.txt", corpus / "rwanda-belgium-2025" / "bike.txt")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.source-compare.check]\nseverity = { off-topic = \"warning\" }\n", encoding="utf-8")
    result = run_cli("check", corpus, "--format", "json")
    assert result.code == 0 and ("bike", "off-topic", "warning") in rules_of(result)
    event = corpus / "rwanda-belgium-2025" / "event.yaml"
    event.write_text(event.read_text(encoding="utf-8") + "check:\n  severity: {off-topic: error}\n", encoding="utf-8")
    result = run_cli("check", corpus, "--format", "json")
    assert result.code == 1 and ("bike", "off-topic", "error") in rules_of(result)
    event.write_text(event.read_text(encoding="utf-8") + "  waive: {bike: [off-topic, date-window]}\n", encoding="utf-8")
    assert findings_of(run_cli("check", corpus, "--format", "json")) == []


@pytest.mark.parametrize("setting, expected", [
    ("check:\n  min_wrods: 10\n", "event.yaml: check: unknown setting 'min_wrods'; did you mean 'min_words'? known: require, min_words"),
    ("check:\n  offtopic_threshold: 3\n", "event.yaml: check.offtopic_threshold: expected a number between 0 and 1, found 3"),
    ("check:\n  severity: {off-topic: fatal}\n", "event.yaml: check.severity.off-topic: expected error, warning or off"),
])
def test_bad_check_settings_are_one_line_errors(run_cli, seed_copy, setting, expected):
    event = seed_copy / "event.yaml"
    event.write_text(event.read_text(encoding="utf-8") + setting, encoding="utf-8")
    result = run_cli("check", seed_copy)
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and expected in result.err, result.err


# --- what is checked ---------------------------------------------------------------------


def test_an_explicit_file_is_checked_against_its_whole_event(run_cli, seed_copy):
    shutil.copy(STRAYS / "algeria-france-expulsions.txt", seed_copy / "algeria.txt")
    (seed_copy / "stub.txt").write_text("Rwanda cut ties with Belgium on Monday.\n", encoding="utf-8")
    result = run_cli("check", seed_copy / "algeria.txt", "--format", "json")
    assert result.code == 1
    data = json.loads(result.out)
    assert data["checked"] == [(seed_copy / "algeria.txt").as_posix()]
    assert {f["source"] for f in data["findings"]} == {"algeria"}  # stub.txt is not checked
    assert run_cli("check", seed_copy / "brief.txt", "--format", "json").code == 0


def test_a_folder_of_events(run_cli, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_EVENT, corpus / "rwanda-belgium-2025")
    shutil.copytree(SEED_EVENT, corpus / "copy-of-seed")
    shutil.copy(FIXTURES / "unrelated" / "city-council-bike-lanes.txt", corpus / "copy-of-seed" / "bike.txt")
    data = json.loads(run_cli("check", corpus, "--format", "json").out)
    assert len(data["checked"]) == 9
    assert [(f["event"], f["source"], f["rule"]) for f in data["findings"]] == [("copy-of-seed", "bike", "off-topic")]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def corpus_repo(tmp_path) -> Path:
    """A git repository holding the seed event on branch main, and a branch `pr` off it."""
    repo = tmp_path / "repo"
    shutil.copytree(SEED_EVENT, repo / "corpus" / "rwanda-belgium-2025")
    git(repo.parent, "init", "-q", "-b", "main", str(repo))
    git(repo, "config", "user.email", "ci@example.org")
    git(repo, "config", "user.name", "CI")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "seed event")
    git(repo, "checkout", "-q", "-b", "pr")
    return repo


def test_changed_since_checks_only_what_the_branch_added(run_cli, corpus_repo, monkeypatch):
    monkeypatch.chdir(corpus_repo)
    event = Path("corpus/rwanda-belgium-2025")
    assert json.loads(run_cli("check", "corpus", "--changed-since", "main", "--format", "json").out) == {
        "passed": True, "findings": [], "checked": []}
    shutil.copy(STRAYS / "sudan-uae-severance.txt", event / "sudan.txt")
    git(corpus_repo, "add", ".")
    git(corpus_repo, "commit", "-q", "-m", "add a source")
    # the brief is edited but left uncommitted: changed since main all the same
    (event / "brief.txt").write_text((event / "brief.txt").read_text(encoding="utf-8") + "\nA last line.\n", encoding="utf-8")
    result = run_cli("check", "corpus", "--changed-since", "main", "--format", "json")
    assert result.code == 1
    data = json.loads(result.out)
    assert data["checked"] == ["corpus/rwanda-belgium-2025/brief.txt", "corpus/rwanda-belgium-2025/sudan.txt"]
    assert [(f["source"], f["rule"]) for f in data["findings"] if f["severity"] == "error"] == [("sudan", "off-topic")]
    text = run_cli("check", "corpus", "--changed-since", "HEAD")
    assert text.code == 0 and text.out == "passed: 0 error(s), 0 warning(s) in 1 source(s)\n"


def test_changed_since_a_bad_revision_or_outside_git(run_cli, corpus_repo, tmp_path, monkeypatch):
    monkeypatch.chdir(corpus_repo)
    result = run_cli("check", "corpus", "--changed-since", "no-such-branch")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "--changed-since 'no-such-branch': no such revision" in result.err and "fetch-depth: 0" in result.err
    outside = tmp_path / "plain" / "ev"
    shutil.copytree(SEED_EVENT, outside)
    result = run_cli("check", outside, "--changed-since", "main")
    assert result.code == 2 and "not inside a git repository" in result.err and result.err.count("\n") == 1


# --- outputs ------------------------------------------------------------------------------

_COMMAND = re.compile(r"^::(error|warning) file=([^,]*),line=(\d+),title=([^:]*)::(.*)$")


def _unescape(text: str) -> str:
    return text.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def test_github_annotations_follow_the_workflow_command_syntax():
    tricky = Finding("x", "encoding", "warning", "a.txt:2: 50% of it, then: a\nsecond line", "dir,1/a:b.txt", 2, "ev")
    plain = Finding("y", "off-topic", "error", "b.txt:6: off", "corpus/ev/b.txt", 6, "ev")
    out = render_github(CheckResult((plain, tricky), ("corpus/ev/b.txt", "dir,1/a:b.txt")))
    lines = out.splitlines()
    assert len(lines) == 3 and lines[2] == "source-compare check FAILED: 1 error(s), 1 warning(s) in 2 source(s)"
    parsed = [_COMMAND.match(line).groups() for line in lines[:2]]
    assert [(lvl, _unescape(f), int(n), _unescape(t), _unescape(m)) for lvl, f, n, t, m in parsed] == [
        ("error", "corpus/ev/b.txt", 6, "source-compare off-topic", "b.txt:6: off"),
        ("warning", "dir,1/a:b.txt", 2, "source-compare encoding", "a.txt:2: 50% of it, then: a\nsecond line"),
    ]


def test_junit_xml_parses_back(run_cli, seed_copy):
    shutil.copy(FIXTURES / "unrelated" / "city-council-bike-lanes.txt", seed_copy / "bike.txt")
    (seed_copy / "stub.txt").write_text("Rwanda cut diplomatic ties with Belgium on Monday, officials said.\n", encoding="utf-8")
    result = run_cli("check", seed_copy, "--format", "junit")
    assert result.code == 1
    assert result.out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    root = ET.fromstring(result.out.split("\n", 1)[1])
    assert root.tag == "testsuites" and root.get("tests") == "6" and root.get("failures") == "1"
    [suite] = root
    assert (suite.tag, suite.get("name"), suite.get("tests"), suite.get("failures")) == ("testsuite", "rwanda-belgium-2025", "6", "1")
    cases = {Path(c.get("name")).name: c for c in suite.findall("testcase")}
    assert sorted(cases) == ["bike.txt", "brief.txt", "developing-story.txt", "explainer.txt", "stub.txt", "wikipedia.txt"]
    [failure] = cases["bike.txt"].findall("failure")
    assert failure.get("type") == "off-topic" and "does not report what the other sources report" in failure.get("message")
    assert "warning: [too-short]" in cases["stub.txt"].find("system-out").text
    assert not list(cases["brief.txt"])  # a passing source is an empty test case


def test_junit_of_a_run_with_nothing_to_check_is_valid():
    root = ET.fromstring(render_junit(CheckResult((), (), (), "no source was added or modified")).split("\n", 1)[1])
    assert (root.tag, root.get("tests"), root.get("failures"), list(root)) == ("testsuites", "0", "0", [])


# --- drop-in: the GitHub Actions workflow and the pre-commit hook -------------------------


def test_the_github_actions_workflow_catches_a_stray_in_a_pull_request(corpus_repo):
    import os
    import yaml

    workflow = yaml.safe_load((REPO / "examples" / "github-actions" / "source-compare.yml").read_text(encoding="utf-8"))
    [job] = workflow["jobs"].values()
    checkout = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # --changed-since needs the base branch's history
    steps = [s for s in job["steps"] if "source-compare check" in s.get("run", "")]
    assert len(steps) == 2
    # the pull request: one commit that adds a stray source; origin/main is where it started
    git(corpus_repo, "update-ref", "refs/remotes/origin/main", "main")
    shutil.copy(STRAYS / "algeria-france-expulsions.txt", corpus_repo / "corpus" / "rwanda-belgium-2025" / "algeria.txt")
    git(corpus_repo, "add", ".")
    git(corpus_repo, "commit", "-q", "-m", "add a source")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}  # where the CLI is installed
    outputs = []
    for step in steps:
        step_env = {k: str(v).replace("${{ github.base_ref }}", "main") for k, v in step.get("env", {}).items()}
        assert "${{" not in step["run"]  # values reach the shell through env, never pasted into it
        run = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=corpus_repo, env={**env, **step_env},
                             capture_output=True, text=True)
        outputs.append(run)
    annotate, junit = outputs
    assert annotate.returncode == 1, annotate.stderr
    assert annotate.stdout.startswith(
        "::error file=corpus/rwanda-belgium-2025/algeria.txt,line=6,title=source-compare off-topic::")
    assert annotate.stdout.count("::error ") == 1
    assert junit.returncode == 0 and (corpus_repo / "source-compare-junit.xml").is_file()  # never fails the job itself
    root = ET.parse(corpus_repo / "source-compare-junit.xml").getroot()
    assert root.get("tests") == "1" and root.get("failures") == "1"


def test_the_pre_commit_hook_checks_the_files_being_committed(run_cli, seed_copy):
    import yaml

    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "source-compare-check" and hook["language"] == "python"
    assert hook["entry"].split()[:2] == ["source-compare", "check"]
    files = re.compile(hook["files"])
    assert files.search("corpus/rwanda-belgium-2025/brief.txt") and files.search("corpus/ev/page.html")
    assert not files.search("reports/rwanda-belgium-2025/report.md") and not files.search("README.md")
    shutil.copy(STRAYS / "sudan-uae-severance.txt", seed_copy / "sudan.txt")
    # pre-commit runs the entry with the staged files that match `files` appended
    args = hook["entry"].split()[1:] + hook.get("args", []) + [str(seed_copy / "sudan.txt"), str(seed_copy / "event.yaml")]
    result = run_cli(*args)
    assert result.code == 1 and "[off-topic]" in result.out and "sudan.txt" in result.out


def test_the_readme_shows_the_workflow_and_the_hook_as_they_are():
    import yaml

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use in CI", 1)[1].split("\n## ", 1)[0]
    workflow = yaml.safe_load((REPO / "examples" / "github-actions" / "source-compare.yml").read_text(encoding="utf-8"))
    [job] = workflow["jobs"].values()
    annotate = next(s for s in job["steps"] if "--format github" in s.get("run", ""))
    assert f"run: {annotate['run']}" in section and "fetch-depth: 0" in section
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert f"- id: {hook['id']}" in section
    for rule in ("off-topic", "duplicate", "empty", "too-short", "boilerplate-residue", "metadata", "date-window",
                 "encoding", "language"):
        assert f"`{rule}`" in section


@pytest.mark.parametrize("make, expected", [
    (lambda tmp: tmp / "nowhere", "nowhere: no such file or directory"),
    (lambda tmp: (tmp / "notes.pdf").write_bytes(b"%PDF") and tmp / "notes.pdf",
     "notes.pdf: expected an article (.txt, .md, .html), an event folder or a folder of events"),
    (lambda tmp: (tmp / "empty").mkdir() or tmp / "empty", "no articles (.txt, .md, .html) and no event folders found"),
])
def test_a_path_that_is_not_an_event_is_a_one_line_error(run_cli, tmp_path, make, expected):
    result = run_cli("check", make(tmp_path), "--format", "json")
    assert result.code == 2 and result.out == "" and result.err.count("\n") == 1
    assert expected in result.err and "Traceback" not in result.err


def test_the_same_folder_gives_the_same_output_byte_for_byte(seed_copy):
    import os

    shutil.copy(STRAYS / "sudan-uae-severance.txt", seed_copy / "sudan.txt")
    shutil.copy(CHECK_FIXTURES / "french-report.txt", seed_copy / "french.txt")
    outputs = set()
    for hash_seed in ("1", "2", "3"):  # set and dict orders differ between these runs
        run = subprocess.run([sys.executable, "-m", "compare", "check", str(seed_copy), "--format", "json"],
                             capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": hash_seed})
        assert run.returncode == 1, run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1


LIBRARY_BUDGET = """\
The city council voted 7-2 on Tuesday night to restore $1.2 million to the public library budget, reversing cuts that would have closed two branches on weekends.

Council member Dana Ruiz said the money would come from a reserve fund set aside for road repairs. "Libraries are where our kids do their homework," she said.

The mayor's office said it would review the vote before signing the budget next month.
"""

SHORT_BRIEF = """\
Rwanda has cut diplomatic ties with Belgium and given Belgian diplomats 48 hours to leave Kigali, accusing Brussels of siding with Congo in the war against the M23 rebels. Belgium called the decision disproportionate and said it would expel Rwandan diplomats in return. The rupture follows Belgian calls for European Union sanctions on Rwanda.
"""


def test_a_short_unrelated_article_is_an_off_topic_error(run_cli, seed_copy):
    (seed_copy / "library-budget.txt").write_text(LIBRARY_BUDGET, encoding="utf-8")
    result = run_cli("check", seed_copy, "--format", "json")
    assert result.code == 1, result
    assert ("library-budget", "off-topic", "error") in rules_of(result)
    message = next(f["message"] for f in findings_of(result) if f["rule"] == "off-topic")
    assert "names none of the names most of the other sources use" in message
    assert "none of its 3 paragraphs aligns" in message
    # the seed's own sources are untouched by the newcomer
    assert {f["source"] for f in findings_of(result) if f["severity"] == "error"} == {"library-budget"}


def test_a_genuine_short_brief_still_passes(run_cli, seed_copy):
    assert 40 <= len(SHORT_BRIEF.split()) <= 80
    (seed_copy / "brief-wire.txt").write_text(SHORT_BRIEF, encoding="utf-8")
    result = run_cli("check", seed_copy, "--format", "json")
    assert result.code == 0, result
    assert ("brief-wire", "too-short", "warning") in rules_of(result)
    assert not any(f["severity"] == "error" for f in findings_of(result))
