"""Small text utilities shared by the stages (compare/text.py)."""
from __future__ import annotations

from compare.text import clip, quotation_token_runs


def test_unclosed_quotation_runs_to_the_next_opening_mark():
    text = "He said “we will not back down and then “this is a second quotation” ended."
    assert quotation_token_runs(text, 3) == [["we", "will", "not", "back", "down", "and", "then"],
                                              ["this", "is", "a", "second", "quotation"]]


def test_clip_cuts_at_a_word_boundary_and_marks_the_cut():
    assert clip("short enough", 20) == "short enough"
    assert clip("Rwanda severs diplomatic ties with Belgium", 20) == "Rwanda severs…"
    assert len(clip("x" * 50, 10)) <= 10
