"""Boilerplate removal on the seed pages and on small constructed pages."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from compare.clean.linemodel import FEATURES, MODEL_FILE, decode, load_model, page_stopwords
from compare.clean import Pins, clean_event_sources, clean_source, clean_text, outlet_template_lines
from compare.corpus import read_source
from compare.model import Source

from ..conftest import FIXTURES, SEED_EVENT


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


# --- the developing story, the brief, the encyclopedia: each seed's own boilerplate --------------


def test_developing_story_keeps_its_last_paragraph_and_loses_everything_after_it():
    result = cleaned("developing-story")
    last_paragraph = next(p for p in result.paragraphs if p.text.startswith("In the meantime, the people of both"))
    after = [r for r in result.removed if r.line > last_paragraph.line]
    assert len(after) == 24  # eight entries of separator, stamp and headline
    assert {r.reason for r in after} == {"sidebar headline list"}
    assert not any(b.line > last_paragraph.line for b in result.blocks)


def test_encyclopedia_keeps_every_paragraph_and_lists_its_sections_as_headings():
    result = cleaned("wikipedia")
    headings = [b.text for b in result.blocks if b.kind == "heading"]
    assert headings == ["Historical relations", "Initial contact", "Belgian rule", "Post-independence relations",
                        "Rwandan genocide", "Relations after the Rwandan genocide", "Resident diplomatic missions",
                        "Education"]
    assert result.paragraphs[-1].text == "École Belge de Kigali is a Belgian international school in Kigali."
    assert "Belgium has an embassy in Kigali." in [p.text for p in result.paragraphs]  # bullet mark gone
    assert [r.reason for r in result.removed] == ["page title (wiki markup)"] + ["infobox"] * 5


def test_clean_articles_lose_nothing_but_their_markup():
    for source_id in ("brief", "explainer"):
        result = cleaned(source_id)
        assert [r.reason for r in result.removed if not r.reason.startswith("metadata line")] == [], source_id


# --- pasted pages in other languages and shapes (fixtures written for these tests) ----------------


def fixture_result(name: str):
    return clean_text((FIXTURES / "clean" / name).read_text(encoding="utf-8"), markdown=False)


def test_german_page_keeps_its_article_and_loses_menu_byline_date_and_footer():
    result = fixture_result("german-page.txt")
    assert [p.text[:30] for p in result.paragraphs] == [
        "Der Stadtrat hat am Dienstagab", "Die Opposition kritisierte vor", "Der Kämmerer sagte, die Stadt "]
    removed = {r.text: r.reason for r in result.removed}
    assert removed["Startseite"] == "navigation menu or link list"
    assert removed["12. März 2025, 14:30 Uhr"] == "metadata line"
    assert removed["Bürgermeister kündigt Rücktritt an"] in ("navigation menu or link list",
                                                           "section label or headline outside the article body")
    assert removed["© 2025 Stadtanzeiger"] == "share, subscribe or site prompt"


def test_chinese_page_keeps_its_three_paragraphs():
    result = fixture_result("chinese-page.txt")
    assert [p.text[:6] for p in result.paragraphs] == ["市政府周二公", "交通局负责人", "一些市民对计"]
    assert {r.text for r in result.removed} >= {"首页", "登录", "分享到", "微博", "版权所有 © 2025"}


def test_reader_comments_after_an_article_are_removed_as_comments():
    result = fixture_result("comments-page.txt")
    assert len(result.paragraphs) == 4
    assert result.paragraphs[-1].text.startswith("Businesses on Mill Street")
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons["This bridge has needed work for years and nobody listened until now."] == "reader comments"
    assert reasons["2 hours ago"] == "reader comments"
    assert reasons["Share this article"] == "share, subscribe or site prompt"


def test_a_page_that_looks_all_boilerplate_still_keeps_its_text():
    page = "Home\nNews\nSport\nMayor opens new library\nThe library opens on Monday\nContact\n"
    result = clean_text(page, markdown=False)
    assert result.paragraphs, result.removed
    assert any("library" in p.text for p in result.paragraphs)


# --- across a corpus: an outlet's template ------------------------------------------------


def outlet_source(source_id: str, outlet: str | None, body: str) -> Source:
    meta = {"source": outlet} if outlet else {}
    return Source(source_id, Path(f"{source_id}.txt"), outlet or source_id, "text", body, meta)


STORY_A = ("The council approved the budget on Tuesday after a debate that lasted most of the evening.\n"
           "Opposition members said the cuts to libraries would hurt families in the poorer districts.\n")
STORY_B = ("Police closed the ring road on Wednesday after a lorry overturned near the northern junction.\n"
           "Drivers were told to expect delays until the evening while the wreck was cleared away.\n")
SHARED_QUOTE = "“We will not let this stand,” the mayor said in a statement issued late on Monday night."
TEMPLATE_TEXT = "Get the Daily Bulletin in your inbox every morning\nRead our community guidelines\n"


def test_lines_an_outlet_repeats_across_articles_are_its_template():
    sources = [outlet_source("a", "Daily Bulletin", TEMPLATE_TEXT + STORY_A + SHARED_QUOTE),
               outlet_source("b", "Daily Bulletin", STORY_B + SHARED_QUOTE + "\n" + TEMPLATE_TEXT),
               outlet_source("c", "Other Paper", TEMPLATE_TEXT + STORY_A)]
    templates = outlet_template_lines(sources)
    assert templates == {"Daily Bulletin": frozenset({"get the daily bulletin in your inbox every morning",
                                                      "read our community guidelines"})}
    # a sentence of reporting shared by two articles is not template text, and another outlet
    # (or a file that names no outlet) is not judged by this outlet's template
    cleaned_event = clean_event_sources(sources, {})
    for source_id in ("a", "b"):
        reasons = {r.text: r.reason for r in cleaned_event[source_id].removed}
        assert reasons["Get the Daily Bulletin in your inbox every morning"] == \
            "template text repeated across this outlet's articles"
        assert SHARED_QUOTE in [p.text for p in cleaned_event[source_id].paragraphs]
    assert not any("template" in r.reason for r in cleaned_event["c"].removed)


def test_a_shared_sentence_becomes_template_only_when_three_articles_repeat_it():
    boilerplate_sentence = "Our journalism is funded by readers like you, so please consider supporting us today."
    two = [outlet_source(s, "Gazette", body + boilerplate_sentence) for s, body in (("a", STORY_A), ("b", STORY_B))]
    assert outlet_template_lines(two) == {}
    three = two + [outlet_source("c", "Gazette", "A third story about the harbour, long enough to be prose.\n"
                                                 + boilerplate_sentence)]
    assert outlet_template_lines(three) == {"Gazette": frozenset({boilerplate_sentence.casefold()})}


# --- control: pins from event.yaml and front matter -------------------------------------------


def test_event_pins_reach_every_source_and_front_matter_pins_their_own():
    page = (STORY_B + "The council met on Monday and agreed to a new budget for the coming year.\n"
            "Read more\n")
    own = outlet_source("a", None, page)
    own = Source(own.id, own.path, own.name, own.kind, own.text, {"clean": {"keep": ["Read more"]}})
    other = outlet_source("b", None, page)
    config = {"clean": {"drop": ["The council met on Monday and agreed to a new budget for the coming year."]}}
    result = clean_event_sources([own, other], config)
    assert "Read more" in [p.text for p in result["a"].paragraphs]  # a rule removed it; the pin wins
    assert ("Read more", "share, subscribe or site prompt") in [(r.text, r.reason) for r in result["b"].removed]
    for source_id in ("a", "b"):
        assert ("The council met on Monday and agreed to a new budget for the coming year.",
                "dropped by a pin in event.yaml or front matter") in [(r.text, r.reason) for r in result[source_id].removed]


def test_pins_match_whatever_the_spacing_and_case():
    pins = Pins.from_config({"clean": {"keep": "  A SHORT line   we want kept "}})
    result = clean_text("Menu\nA short line we want kept\n", pins=pins)
    assert [p.text for p in result.paragraphs] == ["A short line we want kept"]


# --- the command line shows every removal with its reason -----------------------------------


def test_clean_json_lists_every_removed_block_with_its_reason(run_cli):
    result = run_cli("clean", SEED_EVENT / "developing-story.txt", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    removed = {(r["text"], r["reason"]) for r in data["removed"]}
    assert ("Africa", "section label or headline outside the article body") in removed
    assert ("Tech1 day ago", "sidebar headline list") in removed
    assert all(r["reason"] and isinstance(r["line"], int) for r in data["removed"])
    kept_lines = len(data["paragraphs"]) + len(data["headings"])
    page_lines = [l for l in (SEED_EVENT / "developing-story.txt").read_text(encoding="utf-8").splitlines()]
    body_lines = [l for l in page_lines[page_lines.index("---", 1) + 1:] if l.strip()]
    assert kept_lines + len(data["removed"]) == len(body_lines)  # every line is either kept or explained


# --- the model: languages, decoder, shipped file, start-up cost ----------------------------------


def test_page_language_is_read_from_stop_words():
    assert page_stopwords("Der Stadtrat hat den Haushalt für das kommende Jahr beschlossen und die").language == "German"
    assert page_stopwords("Não há dúvida de que o governo também está a preparar uma nova lei, mas ainda não foi "
                          "aprovada pelo parlamento, disse o ministro aos jornalistas.").language == "Portuguese"
    assert page_stopwords("Городской совет утвердил бюджет на следующий год и это").language == "Russian"
    assert page_stopwords("市政府周二公布了一项新的公共交通计划").language == "Chinese"
    assert page_stopwords("市役所は新しい交通計画を発表しました").language == "Japanese"


def test_decoder_keeps_a_short_line_inside_the_article_and_drops_a_lone_line_outside():
    log_odds = [-5.0, -5.0, 1.5, 0.3, 4.0, 3.0, -0.8, 3.5, -5.0, -5.0, 0.9, -5.0]
    keep = decode(log_odds, switch_cost=2.0, bias=0.0)
    assert keep == [False, False, True, True, True, True, True, True, False, False, False, False]


def test_shipped_model_matches_the_feature_code_and_says_where_it_comes_from():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES and len(data["weights"]) == len(FEATURES)
    assert "scripts/train_boilerplate.py" in data["about"]
    assert data["evaluation"]["held_out"]["f1"] >= 0.90
    assert load_model().switch_cost == data["switch_cost"]


def test_cleaning_does_not_import_scikit_learn():
    code = ("import sys; from compare.clean import clean_text; "
            "clean_text('Home\\nThe council met on Monday and agreed to a new budget for the coming year.\\n'); "
            "print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


INTRO = ("A fisherman reported the man missing on Sunday evening after his boat was found drifting near the "
         "harbour entrance, according to the county sheriff's office.")


@pytest.mark.parametrize("sentence", [
    'The officer told reporters: "We can\'t find him."',
    "He starred in “Third Watch.”",
    "‘Who gave that order?’",
    "She shouted, 'Get out now!'",
    'He called it ("a disgrace.")',
    'The mayor vowed to keep building. "',  # a space before the closing mark, as some wires print it
    'Spengler replied, "Didn\'t your mother die of cancer?',  # the quotation opens in the line
    "Q: Can I buy coverage for prescription drugs right away?",
])
def test_a_short_sentence_ending_in_a_closing_quotation_mark_is_prose_not_a_heading(sentence):
    following = ("The police department said on Tuesday that the search for the missing man would "
                 "continue through the weekend with volunteers from three counties.")
    page = "\n\n".join([INTRO, sentence, following, "Officials expect to release more details on Monday morning."])
    result = clean_source(Source("wire", Path("wire.txt"), "wire", "text", page))
    assert [b.text for b in result.blocks if b.kind == "heading"] == []
    assert sentence in [p.text for p in result.paragraphs]


def test_a_short_unquoted_line_before_prose_is_still_a_heading():
    following = ("The police department said on Tuesday that the search for the missing man would "
                 "continue through the weekend with volunteers from three counties.")
    page = "\n\n".join([INTRO, "Search goes on", following, "Officials expect to release more details on Monday morning."])
    result = clean_source(Source("wire", Path("wire.txt"), "wire", "text", page))
    assert [b.text for b in result.blocks if b.kind == "heading"] == ["Search goes on"]
