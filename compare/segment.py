"""Paragraphs and sentences.

Sentence splitting is rule-based so that it needs no downloaded model (NLTK's punkt data
cannot be fetched on CI or offline machines): a sentence ends at . ! ? or … (with any
closing quotes or brackets) followed by a capital, digit or opening quote, except after
an abbreviation, an initial, or a dotted acronym such as U.S.

A kept block longer than `PARAGRAPH_MAX_CHARS` is a page pasted as one line, not a
paragraph: it is split into paragraphs at sentence ends (else at a space, else anywhere),
and a sentence longer than `SENTENCE_MAX_CHARS` is cut the same way, with a warning on the
source, so that every later stage works on pieces of bounded length (as browsers and
extractors cap very long lines).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

from .model import Article, CleanText, Paragraph, Sentence, Source

ABBREVIATIONS = frozenset(
    """mr mrs ms dr st jr sr gen sen rep gov lt col sgt capt cmdr adm maj prof rev hon pres
    inc ltd co corp bros vs etc al approx dept est fig no nos vol op ed eds
    jan feb mar apr jun jul aug sep sept oct nov dec mt ft sq univ assn ave blvd rd""".split()
)
# Real news paragraphs stay under about 2,100 characters, and so do sentences (the longest
# lines of the BASIL dev events, the seed event and the extraction benchmark's pages), so
# the caps sit well above anything a reporter writes and only catch pages pasted without
# paragraph breaks or full stops. A piece of a split paragraph holds whole sentences where
# it can; a sentence is capped at the same length, so that it fits in one piece.
PARAGRAPH_MAX_CHARS = 5_000
SENTENCE_MAX_CHARS = PARAGRAPH_MAX_CHARS
_BOUNDARY = re.compile(r"""([.!?…]+)(["'”’»)\]]*)(\s+)(?=["'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])""")
_WORD_RUN = re.compile(r"[\w.]*")  # read on the reversed paragraph: the word before a mark


def segment(source: Source, cleaned: CleanText) -> Article:
    """Number the kept paragraphs from 0 and split each into sentences.

    A block longer than `PARAGRAPH_MAX_CHARS` becomes several paragraphs (all with the
    block's line), and the source gets a warning that names the line.
    """
    paragraphs: list[Paragraph] = []
    warnings: list[str] = []
    section: str | None = None
    for block in cleaned.blocks:
        if block.kind == "heading":
            section = block.text
            continue
        pieces = split_paragraph(block.text)
        if len(pieces) > 1:
            warnings.append(
                f"line {block.line}: a paragraph of {len(block.text):,} characters was split into "
                f"{len(pieces):,} paragraphs of at most {PARAGRAPH_MAX_CHARS:,} characters (at sentence ends, "
                "else at spaces); put a blank line between the article's paragraphs")
        for text in pieces:
            paragraphs.append(
                Paragraph(
                    index=len(paragraphs),
                    text=text,
                    line=block.line,
                    section=section,
                    sentences=split_sentences(text),
                )
            )
    if warnings:
        source = replace(source, warnings=source.warnings + tuple(warnings))
    return Article(
        source=source,
        paragraphs=tuple(paragraphs),
        headings=tuple(b for b in cleaned.blocks if b.kind == "heading"),
        removed=cleaned.removed,
        metadata=dict(cleaned.metadata),
    )


def split_paragraph(text: str, limit: int = PARAGRAPH_MAX_CHARS) -> list[str]:
    """`text` as pieces of at most `limit` characters, each ending at a sentence end where
    one falls inside the limit, else at the last space, else at the limit itself."""
    if len(text) <= limit:
        return [text]
    ends = [s.end for s in split_sentences(text, cap=False)]
    return _pieces(text, limit, ends)


def split_sentences(text: str, *, cap: bool = True) -> tuple[Sentence, ...]:
    """Split a paragraph into sentences with their character offsets.

    With `cap`, a sentence longer than `SENTENCE_MAX_CHARS` is cut into pieces (at spaces
    where it can), so that no later stage reads an unbounded sentence.
    """
    spans: list[tuple[int, int]] = []
    reversed_text = text[::-1] if "." in text else ""
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end(2)
        if match.group(1) == "." and _is_abbreviation(text, reversed_text, start, match.start(1)):
            continue
        _add_span(text, start, end, spans)
        start = match.end(3)
    _add_span(text, start, len(text), spans)
    if cap and any(e - s > SENTENCE_MAX_CHARS for s, e in spans):
        spans = [piece for s, e in spans for piece in _cut(text, s, e, SENTENCE_MAX_CHARS)]
    return tuple(Sentence(text[s:e], s, e) for s, e in spans)


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """The span of text[start:end] without its surrounding whitespace, if any is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _pieces(text: str, limit: int, ends: list[int]) -> list[str]:
    """Greedy pieces of text of at most `limit` characters, cut at the last of `ends` inside
    the limit, else at the last space, else at the limit."""
    pieces: list[str] = []
    start = 0
    while start < len(text):
        stop = start + limit
        if stop >= len(text):
            cut = len(text)
        else:
            k = bisect.bisect_right(ends, stop) - 1
            cut = ends[k] if k >= 0 and ends[k] > start else _last_space(text, start, stop)
        piece = text[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = cut
    return pieces


def _cut(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """The span [start, end) cut at spaces (else anywhere) into spans of at most `limit`."""
    spans: list[tuple[int, int]] = []
    while start < end:
        stop = min(end, start + limit)
        cut = end if stop == end else _last_space(text, start, stop)
        _add_span(text, start, cut, spans)
        start = cut
    return spans


def _last_space(text: str, start: int, stop: int) -> int:
    """The offset after the last whitespace in text[start:stop] (past `start`), else `stop`."""
    found = max(text.rfind(" ", start, stop), text.rfind("\n", start, stop), text.rfind("\t", start, stop))
    return found + 1 if found > start else stop


def _is_abbreviation(text: str, reversed_text: str, start: int, mark: int) -> bool:
    """Whether the word before the full stop at `mark` (not reaching back past `start`) is
    an abbreviation, an initial or a dotted acronym.

    The word is read on the reversed paragraph, so the cost is the word's length, not the
    paragraph's: a line of a million "Mr." stays linear.
    """
    end = mark - 1 if mark > start and text[mark - 1] == "\n" else mark  # `$` also matched before a last newline
    run = _WORD_RUN.match(reversed_text, len(text) - end).end() - (len(text) - end)
    word = text[max(start, end - run): end]
    if not word:
        return False
    if "." in word.strip("."):  # dotted acronyms: U.S, e.g, a.m
        return True
    word = word.strip(".")
    if len(word) == 1 and word.isalpha() and word.isupper():  # initials: John F. Kennedy
        return True
    return word.lower() in ABBREVIATIONS
