"""The fixed sequence of stages over one event: clean, segment, align, score, compare."""
from __future__ import annotations

import re
from collections import Counter

from .clean import clean_event_sources
from .errors import InputError
from .model import Actor, Article, Event, EventReport
from .segment import segment
from .settings import Settings


def prepare(event: Event) -> tuple[Article, ...]:
    """Clean and segment every source of an event (what `check` needs, without scoring)."""
    cleaned = clean_event_sources(event.sources, event.config)
    return tuple(segment(s, cleaned[s.id]) for s in sorted(event.sources, key=lambda s: s.id))


def analyse(event: Event, settings: Settings = Settings()) -> EventReport:
    """Run every stage on an event and return the finished report."""
    # Imported here, not at the top: `check` needs `prepare` and none of these (numpy,
    # scipy and the scorer's data are a large share of its time budget).
    from .align import align_articles
    from .check.config import validate_event_section
    from .conflicts import find_conflicts
    from .divergence import event_speakers, source_metrics
    from .score import score_article
    from .score.frames import event_frame_settings
    from .score.wording import word_choice

    validate_event_section(event.path, event.config)
    settings = event_frame_settings(event, settings)
    articles = prepare(event)
    for article in articles:
        if not article.paragraphs:
            removed = len(article.removed)
            raise InputError(article.source.path, f"nothing is left after boilerplate removal ({removed} block"
                             f"{'s' if removed != 1 else ''} removed), so it cannot be compared; paste the article "
                             "text, not only the page around it, or keep lines with event.yaml clean: keep:")
    alignment = align_articles(articles, settings)
    actors = event.actors or recurring_names(articles)
    scores = {a.id: score_article(a, actors, settings) for a in articles}
    metrics = source_metrics(articles, alignment, scores)
    conflicts = find_conflicts(event, articles, alignment, scores)
    return EventReport(
        event=event,
        articles=articles,
        alignment=alignment,
        scores=scores,
        metrics=metrics,
        conflicts=conflicts,
        word_choice=word_choice(articles, alignment),
        actors=actors,
        actors_from="event.yaml" if event.actors else "recurring names",
        speakers=event_speakers(scores),
    )


def recurring_names(articles: tuple[Article, ...], limit: int = 8) -> tuple[Actor, ...]:
    """Actors for an event without a list: capitalised names that several sources use."""
    in_sources: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for article in articles:
        seen = set()
        for p in article.paragraphs:
            for m in re.finditer(r"(?<![\w’'])((?:[A-Z][a-z]+|[A-Z]{2,}\d*)(?:\s+[A-Z][a-z]+){0,2})", p.text):
                name = m.group(1)
                if m.start() == 0 or p.text[m.start() - 2: m.start()].strip() in {".", "“", '"'}:
                    if " " not in name and not name.isupper():
                        continue  # a capitalised sentence start, not a name
                total[name] += 1
                seen.add(name)
        in_sources.update(seen)
    needed = 2 if len(articles) > 1 else 1
    common = {"The", "In", "On", "It", "This", "But", "And", "A", "He", "She", "They", "We", "I", "Mr", "Ms", "Mrs"}
    candidates = [n for n, k in in_sources.items() if k >= needed and n not in common]
    candidates.sort(key=lambda n: (-in_sources[n], -total[n], n))
    return tuple(Actor(n, (n,)) for n in candidates[:limit])
