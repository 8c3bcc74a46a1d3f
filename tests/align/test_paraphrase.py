"""Paraphrase alignment between two outlets' one-sentence paragraphs (as MSRP lays them out),
and content units of one fact: what each proves is in its name."""
from __future__ import annotations

from compare.align import align_articles, content_units
from compare.divergence import largest_unit
from compare.model import Alignment, ParagraphRef

from .conftest import article, pairs_of

XOMA_A = article(
    "a",
    "Shares of Xoma fell 16 percent in early trading on Tuesday after the drug failed a late-stage trial.",
    'Xoma chief executive John Castello said the company would "review every option for the psoriasis drug."',
    "The Nasdaq composite index rose 14 points to close at 1,517 on Monday.",
    "Heavy rain flooded hundreds of homes in northern Bavaria over the weekend.",
)
XOMA_B = article(
    "b",
    "The Nasdaq composite gained 14 points and ended the session at 1,517.",
    "Xoma stock dropped 16 percent in morning trade once the late-stage study of its drug failed.",
    'Castello, Xoma\'s chief executive, told analysts the firm will "review every option for the psoriasis drug."',
    "Xoma chief executive John Castello said on Tuesday that shares of the company were undervalued.",
)


def pair(x: int, y: int) -> frozenset:
    return frozenset([("a", x), ("b", y)])


def test_independently_worded_sentences_about_one_fact_are_aligned():
    got = pairs_of(align_articles([XOMA_A, XOMA_B]))
    assert pair(0, 1) in got  # "fell 16 percent ... failed a late-stage trial" in other words
    assert pair(2, 0) in got  # the Nasdaq close, told with other verbs


def test_a_sentence_ending_in_a_quotation_aligns_with_the_other_outlets_telling():
    result = align_articles([XOMA_A, XOMA_B])
    found = [al for al in result.alignments if {al.a, al.b} == {ParagraphRef("a", 1), ParagraphRef("b", 2)}]
    assert len(found) == 1 and "quote" in found[0].evidence


def test_sentences_that_share_only_the_story_s_names_are_not_aligned():
    # a0 (the share fall) and b3 (the chief executive on the share price) share "Xoma",
    # "shares" and "Tuesday"; each has its own telling in the other outlet (b1, a1).
    got = pairs_of(align_articles([XOMA_A, XOMA_B]))
    assert pair(0, 3) not in got
    assert pair(1, 3) in got
    assert not any(("a", 3) in p for p in got)  # the Bavarian floods report nothing the other outlet does


def test_two_paragraphs_of_one_outlet_aligned_with_one_lede_stay_in_two_units():
    # a0 and c0 sum up two facts that b tells in b0 and b1: b's two paragraphs are both aligned
    # with the lede's unit, yet they tell two facts, so they do not share one unit.
    arts = [article("a", "lede"), article("b", "first fact", "second fact"), article("c", "another lede")]
    ref = {name: ParagraphRef(name[0], int(name[1])) for name in ("a0", "b0", "b1", "c0")}
    links = [("a0", "c0", 0.9), ("a0", "b0", 0.6), ("c0", "b0", 0.6), ("a0", "b1", 0.5), ("c0", "b1", 0.5)]
    units = content_units(arts, [Alignment(ref[x], ref[y], s) for x, y, s in links])
    assert [u.members for u in units] == [(ref["a0"], ref["b0"], ref["c0"]), (ref["b1"],)]
    assert largest_unit(units) == {"unit": 0, "paragraphs": 3, "most_from_one_source": 1, "source": "a"}


def test_one_outlet_repeating_a_fact_word_for_word_keeps_both_in_its_unit():
    arts = [article("a", "the fact", "the fact"), article("b", "the fact told again")]
    ref = {name: ParagraphRef(name[0], int(name[1])) for name in ("a0", "a1", "b0")}
    links = [("a0", "b0", 0.9), ("a1", "b0", 0.9)]
    units = content_units(arts, [Alignment(ref[x], ref[y], s) for x, y, s in links])
    assert [u.members for u in units] == [(ref["a0"], ref["a1"], ref["b0"])]
    assert largest_unit(units) == {"unit": 0, "paragraphs": 3, "most_from_one_source": 2, "source": "a"}


def test_seed_units_hold_at_most_three_paragraphs_of_one_source(seed):
    articles, result = seed
    # the explainer's paragraphs tell different facts of the lede: no unit takes eight of them
    largest = largest_unit(result.units)
    assert largest["most_from_one_source"] <= 3, (largest, [u.members for u in result.units if u.id == largest["unit"]])
    assert max(len(ps) for u in result.units for ps in u.reporting.values()) == largest["most_from_one_source"]


def test_an_msrp_like_event_aligns_each_sentence_with_its_paraphrase_through_the_pipeline(tmp_path):
    # Two outlets, one sentence a paragraph, the partner shuffled (as bench/msrp.py reads MSRP);
    # one sentence ends in a closing quotation mark and must be kept and aligned like the rest.
    from compare import load_event
    from compare.pipeline import prepare

    (tmp_path / "event.yaml").write_text("title: shuttle board and Xoma\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(
        "The space agency said on Tuesday that foam striking the wing caused the shuttle to break apart.\n\n"
        'Investigating board member Scott Hubbard told reporters: "We have found the smoking gun."\n\n'
        "Shares of Xoma fell 16 percent in early trading after the drug failed a late-stage trial.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Xoma stock dropped 16 percent in morning trade once the late-stage study of its drug failed.\n\n"
        "The board concluded that a chunk of foam hitting the left wing led to the breakup of the shuttle, the agency said.\n\n"
        '"We have found the smoking gun," said Hubbard, director of NASA\'s Ames Research Center in California.\n', encoding="utf-8")
    articles = prepare(load_event(tmp_path))
    assert [len(a.paragraphs) for a in articles] == [3, 3]
    assert pairs_of(align_articles(articles)) == {pair(0, 1), pair(1, 2), pair(2, 0)}
