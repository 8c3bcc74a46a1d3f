"""Saved HTML pages: trafilatura finds the article, then the text pass runs on it."""
from __future__ import annotations

from pathlib import Path

from compare.clean import clean_source, outlet_template_lines
from compare.corpus import read_source
from compare.clean.html import html_to_text
from compare.model import Source

from ..conftest import FIXTURES

PAGE = FIXTURES / "clean" / "saved-page.html"


def test_saved_page_keeps_the_article_paragraphs_heading_and_table():
    result = clean_source(read_source(PAGE))
    assert [p.text[:24] for p in result.paragraphs] == [
        "The ferry between the ol", "Engineers replaced the r", "Island residents said th",
        "The authority published ", "| Day | First sailing | ", "| Weekdays | 07:00 | 19:", "| Weekends | 09:00 | 18:",
        "Fares will stay at last "]
    assert [b.text for b in result.blocks if b.kind == "heading"] == ["Timetable"]


def test_saved_page_loses_menu_byline_sidebar_comments_and_footer():
    result = clean_source(read_source(PAGE))
    kept = " ".join(b.text for b in result.blocks)
    for boilerplate in ("Sign in", "Storm warning issued", "Most read", "We have waited all winter",
                        "bank holidays", "All rights reserved", "Share on Facebook", "By Tom Hale"):
        assert boilerplate not in kept
    assert [(r.text, r.reason) for r in result.removed] == [
        ("Harbour ferry service to resume in April", "repeated title"), ("|---|---|---|", "separator line")]


def test_saved_page_title_and_date_come_from_its_metadata():
    assert clean_source(read_source(PAGE)).metadata == {"title": "Harbour ferry service to resume in April",
                                                        "date": "2025-03-14"}


def test_page_without_text_gives_no_text():
    assert html_to_text("<html><body><div></div></body></html>") == ("", {})


def test_page_with_only_its_title_and_a_menu_is_cleaned_to_nothing(tmp_path: Path):
    page = tmp_path / "empty-page.html"
    page.write_text("<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
                    encoding="utf-8")
    result = clean_source(read_source(page))
    assert result.blocks == ()


def test_an_outlets_template_is_read_from_the_extracted_text_of_its_saved_pages():
    html = PAGE.read_text(encoding="utf-8")
    pages = [Source(name, Path(f"{name}.html"), "Coastal Courier", "html", html, {"source": "Coastal Courier"})
             for name in ("ferry", "ferry-again")]
    template = outlet_template_lines(pages)["Coastal Courier"]
    assert "timetable" in template and "| weekdays | 07:00 | 19:30 |" in template
    assert not any("<" in line for line in template)
    # the article's sentences recur in only two pages: they stay reporting, not template
    assert not any(line.startswith("the ferry between the old harbour") for line in template)
