"""The CI gate: rules over an event's sources → findings.

Each rule has an id, a severity and a message that names the file, the line it applies to
and the fix.
"""
from __future__ import annotations

from pathlib import Path

from rapidfuzz import fuzz

from .align import align_articles
from .corpus import display_path, scan_event
from .errors import InputError
from .model import AlignmentResult, Article, Finding
from .pipeline import prepare
from .settings import Settings

MIN_WORDS = 80  # below this an article is probably a truncated paste


def check_event(path: Path, settings: Settings = Settings()) -> list[Finding]:
    """Run every rule on an event folder; problems with unreadable files are findings too."""
    event, problems = scan_event(Path(path))
    findings = [
        Finding(p.path.stem, p.rule, "error", f"{display_path(p.path)}:{p.line}: {p.message}", display_path(p.path), p.line)
        for p in problems
    ]
    for source in event.sources:
        for warning in source.warnings:
            findings.append(Finding(source.id, "encoding", "warning", f"{display_path(source.path)}: {warning}", display_path(source.path)))
    if len(event.sources) + len(problems) < 2:
        raise InputError(path, f"only {len(event.sources) + len(problems)} source; an event needs at least two articles to compare")
    articles = prepare(event)
    for article in articles:
        where = display_path(article.source.path)
        if not article.paragraphs:
            findings.append(Finding(article.id, "empty", "error",
                                    f"{where}:{article.source.body_line}: nothing is left after boilerplate removal; "
                                    "paste the article text, not only the page around it", where, article.source.body_line))
        elif article.word_count < MIN_WORDS:
            findings.append(Finding(article.id, "too-short", "warning",
                                    f"{where}:{article.source.body_line}: only {article.word_count} words of article text; "
                                    "check that the paste is complete", where, article.source.body_line))
    comparable = [a for a in articles if a.paragraphs]
    if len(comparable) >= 2:
        alignment = align_articles(comparable, settings)
        findings.extend(_offtopic(comparable, alignment, settings))
        findings.extend(_duplicates(comparable))
    findings.sort(key=lambda f: (f.source, f.rule, f.line, f.message))
    return findings


def _offtopic(articles: list[Article], alignment: AlignmentResult, settings: Settings) -> list[Finding]:
    """A source none of whose paragraphs align with another source is not about the event."""
    aligned: dict[str, set[int]] = {a.id: set() for a in articles}
    for al in alignment.alignments:
        aligned[al.a.source].add(al.a.paragraph)
        aligned[al.b.source].add(al.b.paragraph)
    findings = []
    for article in articles:
        if aligned[article.id]:
            continue
        best = max((s for (x, _), s in alignment.similarity.items() if x == article.id), default=0.0)
        where = display_path(article.source.path)
        findings.append(Finding(
            article.id, "off-topic", "error",
            f"{where}:{article.source.body_line}: no paragraph reports what the other sources report "
            f"(best similarity {best:.2f}); move it to the event it belongs to or remove it",
            where, article.source.body_line))
    return findings


def _duplicates(articles: list[Article]) -> list[Finding]:
    """Two sources most of whose paragraphs are near-identical: wire copy counted twice."""
    findings = []
    ordered = sorted(articles, key=lambda a: a.id)
    for i, left in enumerate(ordered):
        for right in ordered[i + 1:]:
            share = _copied_share(left, right)
            if share >= 0.8:
                where = display_path(right.source.path)
                findings.append(Finding(
                    right.id, "duplicate", "warning",
                    f"{where}:{right.source.body_line}: {share:.0%} of its paragraphs are near-copies of {left.id}; "
                    "if it is the same wire story, keep one source or mark the other as wire copy",
                    where, right.source.body_line))
    return findings


def _copied_share(left: Article, right: Article) -> float:
    shorter, longer = sorted((left, right), key=lambda a: len(a.paragraphs))
    copied = 0
    for p in shorter.paragraphs:
        if any(fuzz.ratio(p.text, q.text) >= 90 for q in longer.paragraphs):
            copied += 1
    return copied / len(shorter.paragraphs) if shorter.paragraphs else 0.0

