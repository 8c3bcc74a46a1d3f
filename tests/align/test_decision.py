"""Corroboration and the decision: a third source vouches for a pair told in different
words, but not through the names every source uses."""
from __future__ import annotations

from compare.align import align_articles

from .conftest import article, pairs_of


def test_pair_told_in_different_words_is_aligned_through_a_third_source():
    # "expelled each other's diplomats" and "Rwandan diplomats ... persona non grata" share
    # only "diplomats"; a third outlet shares words with each ("expelled", "persona non grata").
    left = article("a", "Rwanda and Belgium have expelled each other's diplomats, effectively severing ties.",
                   "The weather in Kigali was mild.")
    right = article("b", "Belgium declared Rwandan diplomats persona non grata on Monday.",
                    "Football results were announced.")
    third = article("c", "Rwanda and Belgium expelled each other's diplomats, severing ties: Belgium declared Rwandan diplomats persona non grata.")
    pair = frozenset([("a", 0), ("b", 0)])
    assert pair not in pairs_of(align_articles([left, right]))
    result = align_articles([left, right, third])
    assert pair in pairs_of(result)
    found = next(a for a in result.alignments if (a.a.source, a.b.source) == ("a", "b"))
    assert "corroborated" in found.evidence


def test_pair_sharing_only_names_every_source_uses_is_not_corroborated():
    # "Rwanda" and "Belgium" are in every source: two paragraphs that share only them report
    # different facts, although a third paragraph shares a fact with each.
    left = article("a", "On Monday, Rwanda and Belgium held talks in Geneva on coffee tariffs.",
                   "The weather in the capital stayed mild all week.")
    right = article("b", "On Friday, Rwanda and Belgium agreed a football sponsorship deal.",
                    "Local markets reported a quiet day of trading.")
    third = article("c", "This week, Rwanda and Belgium held talks in Geneva on coffee tariffs and agreed a football sponsorship deal.",
                    "A museum opened a new wing on Sunday.")
    assert pairs_of(align_articles([left, right, third])) == {frozenset([("a", 0), ("c", 0)]), frozenset([("b", 0), ("c", 0)])}
    # Of more outlets, one that leaves the names out does not make them news.
    more = [left, right, third, article("d", "Trade between Rwanda and Belgium grew last year, customs figures show."),
            article("e", "The football club confirmed its new coach on Friday.")]
    got = pairs_of(align_articles(more))
    assert frozenset([("a", 0), ("b", 0)]) not in got
    assert {frozenset([("a", 0), ("c", 0)]), frozenset([("b", 0), ("c", 0)])} <= got
