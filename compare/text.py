"""Small text utilities shared by the stages: words, stems, quotations, numbers.

Kept free of heavy imports so that `check` and `clean` start fast.
"""
from __future__ import annotations

import re
from functools import lru_cache

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.U)
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself yourselves
said says say told according mr mrs ms one two new last first year years may might must
""".split())

_QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("«", "»"))
_QUOTE_SPAN = re.compile(r"“([^“”]+)”|\"([^\"]+)\"|«([^«»]+)»")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens with apostrophes removed (the convention of the benchmarks)."""
    return [w.replace("'", "").replace("’", "") for w in WORD.findall(text.lower())]


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


class _ContentStems(dict):
    """token -> its stem, or "" for a token that carries no content (a stop word or a single
    character): a plain dict look-up per token once a token has been seen, which is what
    the aligner does for every token of a large event."""

    LIMIT = 500_000  # distinct tokens kept before the table starts again

    def __missing__(self, token: str) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[token] = stem(token) if token not in STOPWORDS and len(token) > 1 else ""
        return value


CONTENT_STEM = _ContentStems()


def content_stems_of(tokens_: list[str]) -> list[str]:
    """Stems of the tokens that carry content, in order (stop words and one-letter tokens dropped)."""
    return list(filter(None, map(CONTENT_STEM.__getitem__, tokens_)))


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry content (stop words and one-letter tokens dropped)."""
    return content_stems_of(tokens(text))


def numbers(text: str) -> list[str]:
    """Numbers as written, without thousands separators (4,000 -> 4000)."""
    return [n.replace(",", "") for n in _NUMBER.findall(text)]


_CAPITALISED = re.compile(r"(?<=[a-z,;:] )([A-Z][\w’'-]+)")
_ACRONYM = re.compile(r"\b([A-Z]{2,}\d*|[A-Z]\d+)\b")


def names(text: str) -> set[str]:
    """Capitalised words that do not start a sentence: a cheap stand-in for named entities."""
    found = {word for word in (w.rstrip("’'s") for w in _CAPITALISED.findall(text))
             if len(word) > 1 and word.lower() not in STOPWORDS}
    found.update(_ACRONYM.findall(text))
    return found


_QUOTE_MARK = re.compile(r"[“”\"«»]")


def quotation_token_runs(text: str, min_tokens: int = 1) -> list[list[str]]:
    """Token lists (as `tokens`) of the quotations in a paragraph, read the newswire way.

    Curly, straight and angle marks are read as one stream: an opening mark (“, «, or a
    straight mark outside a quotation) starts a quotation that the next closing mark ends;
    an opening mark left unclosed runs to the next opening mark or to the end of the
    paragraph (a quote that continues into the next paragraph). Only quotations of at least
    `min_tokens` tokens are returned.
    """
    runs: list[list[str]] = []
    start: int | None = None
    for match in _QUOTE_MARK.finditer(text):
        mark = match.group()
        opening = mark in "“«" or (mark == '"' and start is None)
        if opening:
            if start is not None:
                runs.append(tokens(text[start:match.start()]))
            start = match.end()
        elif start is not None:
            runs.append(tokens(text[start:match.start()]))
            start = None
    if start is not None:
        runs.append(tokens(text[start:]))
    return [run for run in runs if len(run) >= min_tokens]


def clip(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with "…" where it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
