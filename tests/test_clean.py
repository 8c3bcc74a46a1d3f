"""Boilerplate removal on the seed pages and on small constructed pages."""
from __future__ import annotations

import re

import pytest

from compare.clean import Pins, clean_text
from compare.corpus import read_source
from compare.clean import clean_source

from .conftest import SEED_EVENT


def cleaned(source_id: str):
    return clean_source(read_source(SEED_EVENT / f"{source_id}.txt"))


def seed_prose_lines(source_id: str) -> list[str]:
    """The prose lines of a seed as a reader sees them: long lines that end a sentence."""
    text = read_source(SEED_EVENT / f"{source_id}.txt").text
    return [re.sub(r"^date \d{4}-\d{2}-\d{2} ", "", l.strip().lstrip("- ")) for l in text.splitlines()
            if len(l.split()) >= 8 and l.rstrip().endswith((".", "”", '"', "?"))]


def test_sidebar_headline_list_is_removed_from_the_developing_story():
    result = cleaned("developing-story")
    kept = "\n".join(b.text for b in result.blocks)
    removed = {r.text: r.reason for r in result.removed}
    for line in ("Politics4 days ago", "Tech1 day ago",
                 "White House video rips Senate Dems with their own words for ‘hypocrisy’ over looming shutdown",
                 "How to Watch ‘American Idol’ 2025: Stream Season 23"):
        assert removed[line] == "sidebar headline list"
        assert line not in kept
    assert sum(1 for r in result.removed if r.text == "-") == 8


def test_developing_story_loses_its_section_label_and_repeated_title():
    result = cleaned("developing-story")
    removed = {r.text: r.reason for r in result.removed}
    assert removed["Africa"] == "section label or headline outside the article body"
    assert removed["Rwanda severs diplomatic ties with Belgium"] == "repeated title"
    assert result.paragraphs[0].text.startswith("In a dramatic escalation of tensions")


def test_brief_loses_its_date_line_and_keeps_the_date_as_metadata():
    result = cleaned("brief")
    assert result.metadata["date"] == "2025-03-17"
    assert result.removed[0].text == "date 2025-03-17"
    assert result.paragraphs[0].text.startswith("Rwanda and Belgium have expelled each other's diplomats")
    assert len(result.paragraphs) == 7


def test_encyclopedia_loses_infobox_and_markup_but_keeps_headings_as_structure():
    result = cleaned("wikipedia")
    reasons = [(r.text, r.reason) for r in result.removed]
    assert ("= Belgium–Rwanda relations =", "page title (wiki markup)") in reasons
    assert [t for t, r in reasons if r == "infobox"] == [
        "Infobox", "- Mission1: Embassy of Belgium, Kigali", "- Mission2: Embassy of Rwanda, Brussels",
        "- Envoy1: Vacant", "- Envoy2: Vacant"]
    headings = [b.text for b in result.blocks if b.kind == "heading"]
    assert headings[:3] == ["Historical relations", "Initial contact", "Belgian rule"]
    assert not any("==" in b.text for b in result.blocks)


@pytest.mark.parametrize("source_id", ["brief", "developing-story", "explainer", "wikipedia"])
def test_no_prose_line_of_any_seed_is_removed(source_id):
    kept = " ".join(b.text for b in cleaned(source_id).paragraphs)
    for line in seed_prose_lines(source_id):
        assert line in kept, line


def test_explainer_headings_are_kept_as_structure_not_prose():
    result = cleaned("explainer")
    headings = [b.text for b in result.blocks if b.kind == "heading"]
    assert "What is M23?" in headings
    assert "Rwanda’s Accusations Against Belgium" in headings
    assert all(p.text not in headings for p in result.paragraphs)


def test_menu_run_and_share_prompts_are_removed_from_a_pasted_page():
    page = "\n".join([
        "Home", "World", "Politics", "Business", "Sport",
        "Minister resigns over housing scandal",
        "The housing minister resigned on Friday after reports that her department had ignored warnings about unsafe flats.",
        "Share this article",
        "Opposition leaders said the resignation came too late and called for a public inquiry into the department.",
        "Subscribe to our newsletter",
        "© 2025 Example Media. All rights reserved.",
    ])
    result = clean_text(page)
    assert [p.text[:20] for p in result.paragraphs] == ["The housing minister", "Opposition leaders s"]
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons["Home"] == "navigation menu or link list"
    assert reasons["Share this article"] == "share, subscribe or site prompt"
    assert reasons["Subscribe to our newsletter"] == "share, subscribe or site prompt"


def test_pins_keep_and_drop_lines():
    page = "Breaking\nThe council met on Monday and agreed to a new budget for the coming year.\nA short line we want kept\n"
    result = clean_text(page, pins=Pins(keep=frozenset({"a short line we want kept"}),
                                         drop=frozenset({"the council met on monday and agreed to a new budget for the coming year."})))
    assert [p.text for p in result.paragraphs] == ["A short line we want kept"]
    assert any(r.reason == "dropped by a pin in event.yaml or front matter" for r in result.removed)


def test_hard_wrapped_paragraph_is_joined():
    page = ("The committee published its findings on Thursday, concluding that the agency had\n"
            "failed to act on repeated warnings from its own inspectors over several years.\n")
    result = clean_text(page)
    assert len(result.paragraphs) == 1
    assert "agency had failed to act" in result.paragraphs[0].text
