"""How the project measures itself (compare/evaluation.py): the extraction benchmark's metric
and the reader of the seed alignment judgement."""
from __future__ import annotations

from collections import Counter

import pytest

from compare.errors import InputError
from compare.evaluation import judged_pairs, score_page, shingles, summarise

from .conftest import REPO, SEED_EVENT

SEED_JUDGEMENT = REPO / "bench" / "data" / "seed_alignment_judgement.yaml"


def test_shingle_metric_counts_shingles_as_multisets_and_skips_empty_predictions_in_precision():
    assert shingles("a b c d e") == Counter({("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1})
    assert shingles("one two") == Counter({("one", "two"): 1})
    page = score_page("a b c d e", "a b c d")
    assert (page.tp, page.fp, page.fn) == (0.5, 0.0, 0.5)
    summary = summarise([("a b c d e", "a b c d"), ("w x y z", "")])
    assert summary.precision == 1.0  # the empty prediction is left out of precision
    assert summary.recall == 0.25 and summary.empty == 1
    assert round(summary.f1, 4) == 0.4


def test_the_seed_judgement_names_paragraphs_of_different_sources_by_their_first_words():
    articles, same, borderline = judged_pairs(SEED_EVENT, SEED_JUDGEMENT)
    assert {a.id for a in articles} == {"brief", "developing-story", "explainer", "wikipedia"}
    assert same and not (same & borderline)
    assert all(len({source for source, _ in pair}) == 2 for pair in same | borderline)


def test_a_judgement_naming_a_paragraph_that_is_not_there_is_an_input_error(tmp_path):
    judgement = tmp_path / "judgement.yaml"
    judgement.write_text("paragraphs:\n  brief:0: No such opening words\nfacts: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="0 cleaned paragraphs start with 'No such opening words'"):
        judged_pairs(SEED_EVENT, judgement)
