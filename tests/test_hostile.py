"""Hostile and broken input (tests/fixtures/hostile/): nothing from an article runs, nothing
outside the event folder is read, nothing is skipped in silence, and every problem is one
line naming the file, with exit code 2 (or a `check` finding)."""
from __future__ import annotations

import html.parser
import json
import os
import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES, SEED_EVENT, tree_snapshot
from .render.test_report_browser import browser, open_page  # noqa: F401  (a fixture and its helper)

HOSTILE = FIXTURES / "hostile"
MARKUP = HOSTILE / "markup"
BROKEN = HOSTILE / "broken"
PAYLOAD_TAGS = ("<script", "<img", "<svg", "<iframe", "<b ", "<a href", "<div")


@pytest.fixture(scope="module")
def markup_report(tmp_path_factory) -> Path:
    from compare.cli import main

    out = tmp_path_factory.mktemp("hostile-reports")
    assert main(["report", str(MARKUP), "--out", str(out), "--quiet"]) == 0
    return out / "markup"


class _Elements(html.parser.HTMLParser):
    """Every element of a page with its attributes, and the text of its scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def test_nothing_from_the_articles_becomes_markup_in_report_html(markup_report):
    page = _Elements()
    page.feed((markup_report / "report.html").read_text(encoding="utf-8"))
    assert not any("pwned" in script or "alert(" in script for script in page.scripts)
    for tag, attrs in page.elements:
        assert tag not in ("iframe", "svg", "img") or "onerror" not in attrs, (tag, attrs)
        assert not any(name.startswith("on") and "pwned" in (value or "") for name, value in attrs.items()), (tag, attrs)
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
    links = [attrs["href"] for tag, attrs in page.elements if tag == "a" and attrs.get("href", "").startswith("http")]
    assert links == ["https://example.org/rwanda?a=1&b=<x>"]  # the one web address, as a link (escaped in the source)


def test_nothing_from_the_articles_becomes_markup_in_report_md(markup_report):
    text = (markup_report / "report.md").read_text(encoding="utf-8")
    assert "pwned" in text  # the payloads are shown, as text
    for tag in PAYLOAD_TAGS:
        assert tag not in text, tag
    assert "](javascript:" not in text.replace("\\](", "")  # every bracket from input is escaped


def test_the_data_keeps_the_input_as_it_was(markup_report):
    data = json.loads((markup_report / "report.json").read_text(encoding="utf-8"))
    wire = next(s for s in data["sources"] if s["id"] == "wire")
    assert wire["url"] == "javascript:alert('url')"  # data, not a link: renderers decide
    assert wire["name"].startswith("<img src=x")


def test_no_script_from_input_runs_in_a_browser(markup_report, browser):  # noqa: F811
    page, problems, requests = open_page(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto((markup_report / "report.html").as_uri())
    page.wait_for_load_state("load")
    for selector in ("details", "button", "a", "b", "div"):  # hover and click what a reader would
        for element in page.query_selector_all(selector)[:40]:
            if element.is_visible():
                element.hover()
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert dialogs == [] and requests == [] and problems == []
    page.close()


def test_check_refuses_a_script_address_in_front_matter(run_cli):
    result = run_cli("check", str(MARKUP))
    assert result.code == 1
    assert "error: [metadata] tests/fixtures/hostile/markup/wire.txt:4: front matter url: expected the article's web " \
           "address" in result.out


# --- links ---------------------------------------------------------------------------------


@pytest.fixture
def linked_event(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    event = tmp_path / "event"
    shutil.copytree(SEED_EVENT, event)
    secret = tmp_path / "secret.txt"
    secret.write_text("Password list: hunter2. The secret must never reach a report.\n", encoding="utf-8")
    return event


LINK_CASES = {
    "outside": (lambda event: os.symlink(event.parent / "secret.txt", event / "leak.txt"),
                "event/leak.txt", "is a link to a file outside the event folder, which is not read"),
    "dangling": (lambda event: os.symlink(event / "gone.txt", event / "gone-link.txt"),
                 "event/gone-link.txt", "is a link to a file that does not exist"),
    "loop": (lambda event: os.symlink("loop.txt", event / "loop.txt"),
             "event/loop.txt", "is a link that leads round in a loop"),
}


@pytest.mark.parametrize("case", sorted(LINK_CASES))
def test_a_link_that_leaves_the_event_dangles_or_loops_is_refused(run_cli, linked_event, case):
    make, where, message = LINK_CASES[case]
    make(linked_event)
    before = tree_snapshot(linked_event.parent / "event")
    report = run_cli("report", "event", "--out", "out")
    assert report.code == 2 and f"{where}: {message}" in report.err
    assert not any("hunter2" in p.read_text(errors="replace") for p in Path("out").rglob("*") if p.is_file()
                   and p.suffix in (".json", ".md", ".html"))
    check = run_cli("check", "event")
    assert check.code == 1 and f"error: [empty] {where}:1: {message}" in check.out
    assert "hunter2" not in check.out + check.err
    assert tree_snapshot(linked_event.parent / "event") == before


def test_a_link_to_a_file_inside_the_event_is_read(run_cli, linked_event):
    os.symlink("brief.txt", linked_event / "brief-again.txt")
    result = run_cli("check", "event")
    assert "brief-again.txt" in result.out and "is a link" not in result.out  # a near copy of brief, not refused


# --- broken files and settings -------------------------------------------------------------


def test_a_page_nested_deeper_than_the_parser_allows_keeps_its_text(run_cli):
    result = run_cli("clean", str(BROKEN / "deep.html"))
    assert result.code == 0
    assert result.out.splitlines()[0].startswith("Rwanda severed diplomatic ties with Belgium on Monday")


def test_a_source_left_empty_after_cleaning_is_an_error_for_report(run_cli, seed_copy, tmp_path):
    shutil.copy(BROKEN / "menu.txt", seed_copy / "menu.txt")
    result = run_cli("report", str(seed_copy), "--out", str(tmp_path / "out"))
    assert result.code == 2
    assert "menu.txt: nothing is left after boilerplate removal" in result.err


@pytest.mark.parametrize("config, message", [
    ("chek:\n  min_words: 10\n", "unknown key 'chek'; did you mean 'check'?"),
    ("settings: [1, 2]\n", "unknown key 'settings'"),
    ("clean: x\n", "clean: expected {keep: [lines], drop: [lines]}, found 'x'"),
    ("clean:\n  dropp: [Share]\n", "clean: unknown key 'dropp'"),
    ("max_article_mb: -1\n", "max_article_mb: expected a number of megabytes, found -1"),
    ("actors:\n  '': [Rwanda]\n", "actors: an actor has an empty name"),
    ("check:\n  min_word: 10\n", "check: unknown setting 'min_word'; did you mean 'min_words'?"),
])
def test_event_yaml_is_validated_for_report_and_check_alike(run_cli, seed_copy, tmp_path, config, message):
    (seed_copy / "event.yaml").write_text(config, encoding="utf-8")
    for command in (["report", str(seed_copy), "--out", str(tmp_path / "out")], ["check", str(seed_copy)]):
        result = run_cli(*command)
        assert result.code == 2, (command, result)
        assert message in result.err and "event.yaml" in result.err
        assert len(result.err.strip().splitlines()) == 1


def test_an_article_over_the_size_limit_is_refused_with_the_setting_to_raise_it(run_cli, seed_copy, tmp_path):
    (seed_copy / "event.yaml").write_text("max_article_mb: 0.001\n", encoding="utf-8")
    result = run_cli("report", str(seed_copy), "--out", str(tmp_path / "out"))
    assert result.code == 2
    assert "too large (" in result.err and "the limit is 0.001 MB, set max_article_mb in event.yaml" in result.err


def test_file_names_the_message_allows_are_allowed(run_cli, seed_copy):
    shutil.copy(seed_copy / "brief.txt", seed_copy / "brüssel.txt")
    shutil.copy(seed_copy / "brief.txt", seed_copy / "-brief.txt")
    result = run_cli("check", str(seed_copy))
    assert "brüssel.txt: the file name" not in result.out
    assert "-brief.txt:1: the file name is the source id: it must start with a letter or digit" in result.out


def test_utf16_text_is_read_with_a_warning(run_cli, seed_copy):
    shutil.copy(BROKEN / "utf16.txt", seed_copy / "brief.txt")
    result = run_cli("check", str(seed_copy))
    assert "warning: [encoding]" in result.out and "brief.txt:1: is UTF-16 text" in result.out
    assert "binary" not in result.out


def test_check_on_the_only_article_of_a_folder_names_the_article(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("lonely").mkdir()
    shutil.copy(SEED_EVENT / "brief.txt", "lonely/brief.txt")
    result = run_cli("check", "lonely/brief.txt")
    assert result.code == 2
    assert result.err.strip() == ("source-compare: error: lonely/brief.txt: is the only article in its event folder "
                                  "lonely; an event needs at least two articles to compare")


def test_yaml_escapes_of_surrogate_halves_become_whole_characters(run_cli, seed_copy, tmp_path):
    text = (seed_copy / "brief.txt").read_text(encoding="utf-8")
    (seed_copy / "brief.txt").write_text('---\ntitle: "Smile \\ud83d\\ude00 and a lone \\ud800 half"\n---\n' + text,
                                         encoding="utf-8")
    result = run_cli("report", str(seed_copy), "--out", str(tmp_path / "out"), "--format", "json")
    assert result.code == 0, result.err
    data = json.loads((tmp_path / "out" / seed_copy.name / "report.json").read_text(encoding="utf-8"))
    assert next(s["title"] for s in data["sources"] if s["id"] == "brief") == "Smile 😀 and a lone \ufffd half"


def test_a_misspelt_front_matter_key_is_named_with_the_key_it_was_meant_to_be(run_cli, seed_copy):
    text = (seed_copy / "brief.txt").read_text(encoding="utf-8")
    (seed_copy / "brief.txt").write_text("---\npublised: 2025-03-17\nauthor: A. Writer\n---\n" + text, encoding="utf-8")
    result = run_cli("check", str(seed_copy))
    assert "warning: [metadata] " in result.out
    assert "brief.txt:2: front matter key 'publised' is not one source-compare reads; did you mean 'published'?" in result.out
    assert "'author'" not in result.out  # a key of the researcher's own is theirs to keep
