"""Word choice: what one outlet says where another, reporting the same thing, says otherwise."""
from __future__ import annotations

from ..text import STOPWORDS, stem, words


def differing_words(text_a: str, text_b: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Content words of each aligned paragraph whose stem the other paragraph does not use."""
    words_a = [w for w in words(text_a) if w.lower() not in STOPWORDS and len(w) > 1]
    words_b = [w for w in words(text_b) if w.lower() not in STOPWORDS and len(w) > 1]
    stems_a = {stem(w.lower()) for w in words_a}
    stems_b = {stem(w.lower()) for w in words_b}
    only_a = tuple(dict.fromkeys(w for w in words_a if stem(w.lower()) not in stems_b))
    only_b = tuple(dict.fromkeys(w for w in words_b if stem(w.lower()) not in stems_a))
    return only_a, only_b
