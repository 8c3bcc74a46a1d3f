"""Paragraphs and sentences.

Sentence splitting is rule-based so that it needs no downloaded model (NLTK's punkt data
cannot be fetched on CI or offline machines): a sentence ends at . ! ? or … (with any
closing quotes or brackets) followed by a capital, digit or opening quote, except after
an abbreviation, an initial, or a dotted acronym such as U.S.
"""
from __future__ import annotations

import re

from .model import Article, CleanText, Paragraph, Sentence, Source

ABBREVIATIONS = frozenset(
    """mr mrs ms dr st jr sr gen sen rep gov lt col sgt capt cmdr adm maj prof rev hon pres
    inc ltd co corp bros vs etc al approx dept est fig no nos vol op ed eds
    jan feb mar apr jun jul aug sep sept oct nov dec mt ft sq univ assn ave blvd rd""".split()
)
_BOUNDARY = re.compile(r"""([.!?…]+)(["'”’»)\]]*)(\s+)(?=["'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])""")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def segment(source: Source, cleaned: CleanText) -> Article:
    """Number the kept paragraphs from 0 and split each into sentences."""
    paragraphs: list[Paragraph] = []
    section: str | None = None
    for block in cleaned.blocks:
        if block.kind == "heading":
            section = block.text
            continue
        paragraphs.append(
            Paragraph(
                index=len(paragraphs),
                text=block.text,
                line=block.line,
                section=section,
                sentences=split_sentences(block.text),
            )
        )
    return Article(
        source=source,
        paragraphs=tuple(paragraphs),
        headings=tuple(b for b in cleaned.blocks if b.kind == "heading"),
        removed=cleaned.removed,
        metadata=dict(cleaned.metadata),
    )


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split a paragraph into sentences with their character offsets."""
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end(2)
        if match.group(1) == "." and _is_abbreviation(text[start: match.start(1)]):
            continue
        piece = text[start:end].strip()
        if piece:
            offset = text.index(piece[0], start)
            sentences.append(Sentence(piece, offset, offset + len(piece)))
        start = match.end(3)
    piece = text[start:].strip()
    if piece:
        offset = text.index(piece[0], start)
        sentences.append(Sentence(piece, offset, offset + len(piece)))
    return tuple(sentences)


def _is_abbreviation(before: str) -> bool:
    match = _WORD_BEFORE.search(before)
    if not match:
        return False
    word = match.group(1)
    if "." in word.strip("."):  # dotted acronyms: U.S, e.g, a.m
        return True
    word = word.strip(".")
    if len(word) == 1 and word.isalpha() and word.isupper():  # initials: John F. Kennedy
        return True
    return word.lower() in ABBREVIATIONS
