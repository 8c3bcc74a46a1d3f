"""Sentence splitting without punkt data."""
from __future__ import annotations

from compare.segment import split_sentences


def texts(paragraph: str) -> list[str]:
    return [s.text for s in split_sentences(paragraph)]


def test_splits_at_sentence_ends_and_keeps_offsets():
    paragraph = "Rwanda cut ties on Monday. Belgium responded within hours! Why now? Nobody knows."
    sentences = split_sentences(paragraph)
    assert [s.text for s in sentences] == [
        "Rwanda cut ties on Monday.", "Belgium responded within hours!", "Why now?", "Nobody knows."]
    assert all(paragraph[s.start:s.end] == s.text for s in sentences)


def test_abbreviations_initials_and_acronyms_do_not_end_a_sentence():
    assert texts("Mr. Trump met Gen. Smith in Washington. They spoke for an hour.") == [
        "Mr. Trump met Gen. Smith in Washington.", "They spoke for an hour."]
    assert texts("John F. Kennedy was born in 1917. He died in 1963.") == [
        "John F. Kennedy was born in 1917.", "He died in 1963."]
    assert texts("The U.N. Security Council met. It adjourned.") == [
        "The U.N. Security Council met.", "It adjourned."]


def test_closing_quotes_stay_with_their_sentence():
    assert texts("“This is disproportionate,” he said. “We regret it.” The talks ended.") == [
        "“This is disproportionate,” he said.", "“We regret it.”", "The talks ended."]


def test_decimals_do_not_split():
    assert texts("Aid reached $41.84 million in 2019. It fell later.") == [
        "Aid reached $41.84 million in 2019.", "It fell later."]
