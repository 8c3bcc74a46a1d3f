"""Content units: greedy average linkage, no chaining, units that stay small."""
from __future__ import annotations

from itertools import combinations

from compare.align import content_units
from compare.model import Alignment, ParagraphRef

from .conftest import article


def test_content_units_do_not_chain_a_path_of_alignments_into_one_unit():
    arts = [article(s, "x") for s in "abcd"]
    chain = [Alignment(ParagraphRef(x, 0), ParagraphRef(y, 0), 0.5) for x, y in ("ab", "bc", "cd")]
    units = content_units(arts, chain)
    assert sorted(len(u.members) for u in units) == [2, 2]
    clique = [Alignment(ParagraphRef(x, 0), ParagraphRef(y, 0), 0.5) for x, y in combinations("abc", 2)]
    assert [len(u.members) for u in content_units(arts, clique)] == [3, 1]


def test_two_units_merge_only_when_most_of_their_cross_pairs_are_aligned():
    arts = [article(s, "x") for s in "abcd"]
    ref = {s: ParagraphRef(s, 0) for s in "abcd"}
    strong = [Alignment(ref["a"], ref["b"], 0.9), Alignment(ref["c"], ref["d"], 0.9)]
    three_of_four = strong + [Alignment(ref[x], ref[y], 0.5) for x, y in ("ac", "ad", "bc")]
    assert [u.members for u in content_units(arts, three_of_four)] == [tuple(ref[s] for s in "abcd")]
    two_of_four = strong + [Alignment(ref[x], ref[y], 0.5) for x, y in ("ac", "bd")]
    assert [u.members for u in content_units(arts, two_of_four)] == [(ref["a"], ref["b"]), (ref["c"], ref["d"])]


def test_seed_content_units_stay_small_and_cover_every_paragraph(seed):
    articles, result = seed
    members = [m for u in result.units for m in u.members]
    assert len(members) == len(set(members)) == sum(len(a.paragraphs) for a in articles)
    assert max(len(u.members) for u in result.units) <= 12  # the union-find made one unit of 40+
    assert [u.id for u in result.units] == list(range(len(result.units)))
