"""`source-compare align A B`: two articles side by side, aligned paragraph by paragraph,
with the evidence of each alignment and the words each side uses that the other does not."""
from __future__ import annotations

import textwrap
from pathlib import Path

from ..errors import InputError
from ..model import AlignmentResult, Article
from ..settings import Settings


def align_files(path_a: Path, path_b: Path, settings: Settings = Settings()) -> tuple[Article, Article, AlignmentResult]:
    """Clean, segment and align two article files; the second keeps its id apart from the first."""
    from dataclasses import replace

    from ..align import align_articles
    from ..api import clean_file
    from ..segment import segment

    articles = []
    for path in (path_a, path_b):
        cleaned, source = clean_file(path)
        article = segment(source, cleaned)
        if not article.paragraphs:
            raise InputError(path, "no article text is left after boilerplate removal; nothing to align")
        articles.append(article)
    if articles[0].id == articles[1].id:  # the same file name in two folders
        second = articles[1]
        articles[1] = replace(second, source=replace(second.source, id=second.id + "-2"))
    result = align_articles(articles, settings)
    return articles[0], articles[1], result


def render_side_by_side(left: Article, right: Article, result: AlignmentResult, width: int = 100) -> str:
    """Plain text: one block per alignment (strongest first within the left article's order),
    then each article's paragraphs aligned with nothing."""
    from ..score.wording import differing_words

    column = max(30, (width - 3) // 2)
    by_id = {left.id: left, right.id: right}
    lines = [f"{left.source.name} ({left.id}, {len(left.paragraphs)} paragraphs)  |  "
             f"{right.source.name} ({right.id}, {len(right.paragraphs)} paragraphs)",
             f"{len(result.alignments)} aligned pairs", ""]
    aligned = {left.id: set(), right.id: set()}
    ordered = sorted(result.alignments, key=lambda al: (al.a.source != left.id, al.a.paragraph, al.b.paragraph))
    for al in ordered:
        a, b = (al.a, al.b) if al.a.source == left.id else (al.b, al.a)
        aligned[a.source].add(a.paragraph)
        aligned[b.source].add(b.paragraph)
        text_a = by_id[a.source].paragraphs[a.paragraph].text
        text_b = by_id[b.source].paragraphs[b.paragraph].text
        only_a, only_b = differing_words(text_a, text_b)
        lines.append(f"[{a.paragraph}] <-> [{b.paragraph}]  score {al.score:.2f}  evidence: {', '.join(al.evidence) or '-'}")
        if al.shared:
            lines.append("  shared: " + "; ".join(al.shared))
        lines.extend(_columns(text_a, text_b, column))
        lines.append(f"  only left:  {', '.join(only_a) or '-'}")
        lines.append(f"  only right: {', '.join(only_b) or '-'}")
        lines.append("")
    for article in (left, right):
        alone = [p for p in article.paragraphs if p.index not in aligned[article.id]]
        lines.append(f"{article.id}: {len(alone)} paragraphs aligned with nothing"
                     + (": " + ", ".join(f"[{p.index}]" for p in alone) if alone else ""))
    return "\n".join(lines) + "\n"


def _columns(text_a: str, text_b: str, width: int) -> list[str]:
    wrapped_a = textwrap.wrap(text_a, width) or [""]
    wrapped_b = textwrap.wrap(text_b, width) or [""]
    rows = max(len(wrapped_a), len(wrapped_b))
    wrapped_a += [""] * (rows - len(wrapped_a))
    wrapped_b += [""] * (rows - len(wrapped_b))
    return [f"  {x:<{width}} | {y}" for x, y in zip(wrapped_a, wrapped_b)]
