"""Word choice: substitutions on aligned paragraphs, loaded language, distinctive vocabulary."""
from __future__ import annotations

import math
from collections import Counter

from compare.model import LoadedMarkers
from compare.score.loaded import load_markers, loaded_summary, loaded_words
from compare.score.wording import distinctive_words, substitutions


def test_substitution_in_the_same_slot_is_found():
    a = "Rwanda accused the M23 rebels of seizing Goma on Monday."
    b = "Rwanda accused the M23 armed group of seizing Goma on Monday."
    assert substitutions(a, b) == [("rebels", "armed group")]
    assert substitutions("Rwanda severed diplomatic ties with Belgium on Monday.",
                         "Rwanda cut diplomatic ties with Belgium on Monday.") == [("severed", "cut")]


def test_inflections_numbers_and_unanchored_changes_are_not_substitutions():
    assert substitutions("Rwanda severed diplomatic ties with Belgium.", "Rwanda severs diplomatic ties with Belgium.") == []
    assert substitutions("At least 7,000 people have been killed in the fighting.",
                         "At least 3,000 people have been killed in the fighting.") == []
    assert substitutions("The talks failed.", "A ceasefire was agreed in Angola after long talks.") == []


# Two aligned seed paragraphs (developing story ¶1 and explainer ¶1, abridged): the second
# sentence of each names other things, so no slot of one is filled by the other.
KIGALI = ("International pressure for sanctions against Rwandan leaders has intensified over the past month. "
          "Rwanda has consistently defended its actions in the DRC, where it has been accused of supporting rebels.")
BRUSSELS = ("Rwandan officials have long been critical of Belgium's attempts to influence international opinion and "
            "advocate for sanctions against Rwanda. The ministry accused Belgium of consistently undermining "
            "Rwanda's position in the DRC conflict.")


def test_spans_from_sentences_about_other_things_are_not_swaps():
    assert substitutions(KIGALI, BRUSSELS) == []
    assert substitutions(BRUSSELS, KIGALI) == []


def test_swaps_need_the_same_role_in_the_sentence():
    base = "The ministry said on Monday that Rwanda had {} in the eastern DRC for months."
    # a verb phrase against a verb phrase of another form, a list against one word, an adverb swap
    assert substitutions(base.format("defended its actions"), base.format("undermining Belgium's position")) == []
    assert substitutions(base.format("pressure"), base.format("opinion and advocacy")) == []
    assert substitutions("Kagame recently accused Belgium of backing sanctions against his country.",
                         "Kagame specifically accused Belgium of backing sanctions against his country.") == []
    assert substitutions("Officials warned of a double dip recession in the coming year.",
                         "Officials warned of a double-dip recession in the coming year.") == []
    # the same role: two nouns, two verbs of one form
    assert substitutions("Shareholders approved the merger of the two banks on Friday.",
                         "Stockholders approved the merger of the two banks on Friday.") == []  # no left anchor
    assert substitutions("The board said its shareholders approved the merger of the two banks on Friday.",
                         "The board said its stockholders approved the merger of the two banks on Friday.") == [
        ("shareholders", "stockholders")]
    assert substitutions(base.format("deployed troops"), base.format("stationed soldiers")) == [
        ("deployed troops", "stationed soldiers")]


def test_the_seed_event_claims_no_swap_a_reader_would_reject(seed_report_dict):
    pairs = {(p["a"], p["b"]) for block in seed_report_dict["word_choice"] for p in block["substitutions"]}
    rejected = {("pressure", "opinion and advocate"), ("defended its actions", "undermining Rwanda’s position"),
                ("recently", "specifically")}
    assert not pairs & (rejected | {(b, a) for a, b in rejected})
    assert pairs <= {("cut", "sever"), ("sever", "cut")}


def test_loaded_language_markers_by_kind():
    found = loaded_words("Critics apparently slammed the so-called reform, which was utterly phony, and he "
                         "admitted that he had complained.")
    assert found == {
        "hedges": ["apparently", "so-called"],
        "subjective": ["slammed", "phony"],
        "intensifiers": ["utterly"],
        "factive_verbs": ["admitted"],
        "assertive_verbs": ["complained"],
    }


def test_vader_strong_words_count_as_subjective_and_neutral_prose_has_no_markers():
    markers = load_markers()
    counts, cues = markers.match("The ministry published the list on its website on Tuesday.")
    assert counts == {}
    _, cues = markers.match("It was a horrible massacre.")
    assert "horrible" in cues["subjective"]


def test_loaded_summary_counts_per_thousand_words():
    summary = loaded_summary({"hedges": ("apparently", "apparently", "reportedly")}, 600)
    assert summary["hedges"] == LoadedMarkers(count=3, per_1000_words=5.0, words={"apparently": 2, "reportedly": 1})
    assert summary["intensifiers"].count == 0


def test_log_odds_with_informative_prior_matches_the_formula_and_prefers_consistent_use():
    counts = {
        "a": Counter({"rebels": 6, "said": 4, "army": 10}),
        "b": Counter({"armed": 6, "said": 4, "army": 10}),
        "c": Counter({"said": 4, "army": 10, "rebels": 1, "armed": 1}),
    }
    result = distinctive_words(counts)
    words = {w: (z, n) for w, z, n in result["a"]}
    assert "rebels" in words and "armed" not in words and "said" not in words
    # the formula, by hand, for "rebels" in a against b + c with the event's counts as the prior
    y_i, y_j, a_w = 6, 1, 7
    n_i, n_j, a_0 = 20, 36, 56
    delta = math.log((y_i + a_w) / (n_i + a_0 - y_i - a_w)) - math.log((y_j + a_w) / (n_j + a_0 - y_j - a_w))
    assert words["rebels"] == (round(delta / math.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w)), 3), 6)
    assert result["b"][0][0] == "armed"


def test_seed_report_lists_word_choice(seed_report_dict):
    sources = {s["id"]: s for s in seed_report_dict["sources"]}
    assert all("loaded_language" in s and "distinctive_words" in s for s in sources.values())
    wikipedia = [w["word"] for w in sources["wikipedia"]["distinctive_words"][:8]]
    assert "mandate" in wikipedia  # the encyclopedia's history of the League of Nations mandate
    pairs = {(p["a"], p["b"]) for block in seed_report_dict["word_choice"] for p in block["substitutions"]}
    compared = seed_report_dict["compared_pairs"]
    assert {(p["a"], p["b"]) for c in compared for p in c["substitutions"]} == pairs
    for compared_pair in compared:
        for pair in compared_pair["substitutions"]:
            for side in "ab":
                ref = compared_pair[side]
                text = sources[ref["source"]]["paragraphs"][ref["paragraph"]]["text"]
                assert all(word in text for word in pair[side].split())
    assert all(a != b for a, b in pairs)
