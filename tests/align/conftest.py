"""Helpers of the alignment tests: articles made of given paragraphs, the aligned pairs of a
result, and the seed event aligned once for the package."""
from __future__ import annotations

from pathlib import Path

import pytest

from compare import load_event
from compare.align import align_articles
from compare.model import Article, Paragraph, Source
from compare.pipeline import prepare
from compare.segment import split_sentences

from ..conftest import SEED_EVENT


def article(source_id: str, *texts: str) -> Article:
    paragraphs = tuple(Paragraph(i, t, i + 1, None, split_sentences(t)) for i, t in enumerate(texts))
    source = Source(id=source_id, path=Path(f"{source_id}.txt"), name=source_id, kind="text", text="\n\n".join(texts))
    return Article(source=source, paragraphs=paragraphs, headings=(), removed=())


def pairs_of(result) -> set[frozenset]:
    return {frozenset([(a.a.source, a.a.paragraph), (a.b.source, a.b.paragraph)]) for a in result.alignments}


@pytest.fixture(scope="package")
def seed():
    articles = prepare(load_event(SEED_EVENT))
    return articles, align_articles(articles)
