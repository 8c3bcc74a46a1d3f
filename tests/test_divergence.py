"""Per-source metrics against the consensus of the others."""
from __future__ import annotations

from compare.divergence import voice_profile
from compare.model import Alignment, AlignmentResult, ArticleScores, ParagraphRef, Quote

from .conftest import make_articles


def test_coverage_and_omissions_are_consistent(seed_report):
    for sid, m in seed_report.metrics.items():
        assert set(m.covered_units).isdisjoint(m.omitted_units)
        if m.coverage is not None:
            assert m.coverage == round(len(m.covered_units) / (len(m.covered_units) + len(m.omitted_units)), 4)
        assert 0 <= m.divergence <= 1




def test_voice_profile_counts_quoted_words_per_actor_side():
    quotes = (Quote(0, "one two three four", "Maxime Prevot", "Belgium", True),
              Quote(1, "five six", "the ministry", "Rwanda", True),
              Quote(2, "seven eight nine ten", None, None, True))
    profile = voice_profile(ArticleScores("x", 0.0, None, None, {}, (), (), (), quotes))
    assert profile.sides == {"Belgium": 0.6667, "Rwanda": 0.3333}
    assert profile.quoted_words == 10
    assert [s.speaker for s in profile.speakers] == ["(unattributed)", "Maxime Prevot", "the ministry"]


def test_ranking_reasons_name_the_factors(seed_report):
    for m in seed_report.metrics.values():
        assert m.drivers and len(m.reasons) >= 1
        assert abs(sum(m.contributions.values()) - m.divergence) < 0.001



def test_a_paragraph_aligned_with_most_of_a_unit_reports_it_too():
    from compare.align import content_units
    from compare.divergence import unit_reports

    articles = make_articles({"a": ["x", "y"], "b": ["x", "y"], "c": ["x", "y"], "d": ["x and y"]})
    ref = {f"{s}{i}": ParagraphRef(s, i) for s in "abc" for i in (0, 1)} | {"d0": ParagraphRef("d", 0)}
    strong = [(x, y, 0.9) for x, y in (("a0", "b0"), ("a0", "c0"), ("b0", "c0"), ("a1", "b1"), ("a1", "c1"), ("b1", "c1"))]
    merged = [(x, "d0", 0.5) for x in ("a0", "b0", "c0", "a1", "b1", "c1")]  # d0 tells both facts in one paragraph
    alignments = tuple(Alignment(ref[x], ref[y], score) for x, y, score in strong + merged)
    units = content_units(articles, alignments)
    reports = unit_reports(AlignmentResult(alignments, tuple(units), {}))
    assert [u.members for u in units[:2]] == [(ref["a0"], ref["b0"], ref["c0"], ref["d0"]), (ref["a1"], ref["b1"], ref["c1"])]
    assert reports[0] == {"a": (0,), "b": (0,), "c": (0,), "d": (0,)}
    assert reports[1] == {"a": (1,), "b": (1,), "c": (1,), "d": (0,)}  # d0 is aligned with all of the unit's core
    lone = content_units(articles, alignments[:6] + (Alignment(ref["a1"], ref["d0"], 0.5),))
    # one alignment with a unit of three is not reporting it: d0 reports only its own unit
    assert [u.members for u in lone if "d" in u.reported_by] == [(ref["d0"],)]
