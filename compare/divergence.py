"""Each source against the rest: coverage, omissions, unique content, tone, framing;
and the facts on which sources contradict each other."""
from __future__ import annotations

import math
from itertools import combinations
from typing import Mapping

from .facts import find_dates, find_quantities
from .model import (
    AlignmentResult, Article, ArticleScores, Claim, Conflict, Event, SourceMetrics,
)

# How much each factor weighs in the overall divergence, and what the report calls it.
DIVERGENCE_WEIGHTS = {
    "omissions": 0.3,  # 1 - coverage
    "unique content": 0.2,  # share of its paragraphs aligned with nobody
    "tone": 0.2,  # |sentiment gap|, scaled to [0, 1]
    "framing": 0.3,  # Jensen-Shannon distance of frame profiles
}


def source_metrics(
    articles: tuple[Article, ...], alignment: AlignmentResult, scores: Mapping[str, ArticleScores]
) -> dict[str, SourceMetrics]:
    """Per-source metrics against the consensus of the other sources."""
    ids = sorted(a.id for a in articles)
    metrics: dict[str, SourceMetrics] = {}
    for article in sorted(articles, key=lambda a: a.id):
        sid = article.id
        others = [o for o in ids if o != sid]
        needed = max(1, math.ceil(len(others) / 2))
        consensus = [u for u in alignment.units if len(set(u.sources) - {sid}) >= needed]
        covered = tuple(u.id for u in consensus if sid in u.sources)
        omitted = tuple(u.id for u in consensus if sid not in u.sources)
        coverage = round(len(covered) / len(consensus), 4) if consensus else None
        unique = tuple(sorted(
            m.paragraph for u in alignment.units if u.sources == (sid,) for m in u.members))
        unique_share = round(len(unique) / len(article.paragraphs), 4) if article.paragraphs else 0.0
        own = scores[sid]
        other_sentiment = [scores[o].sentiment for o in others]
        sentiment_gap = round(own.sentiment - sum(other_sentiment) / len(other_sentiment), 4) if others else 0.0
        frame_distance = round(js_distance(own.frames, mean_profile([scores[o].frames for o in others])), 4)
        factors = {
            "omissions": 1 - coverage if coverage is not None else 0.0,
            "unique content": unique_share,
            "tone": min(1.0, abs(sentiment_gap)),
            "framing": frame_distance,
        }
        divergence = round(sum(DIVERGENCE_WEIGHTS[k] * v for k, v in factors.items()), 4)
        drivers = tuple(k for k, v in sorted(factors.items(), key=lambda kv: (-DIVERGENCE_WEIGHTS[kv[0]] * kv[1], kv[0])) if v > 0)
        metrics[sid] = SourceMetrics(
            source=sid,
            coverage=coverage,
            covered_units=covered,
            omitted_units=omitted,
            unique_paragraphs=unique,
            unique_share=unique_share,
            sentiment=own.sentiment,
            sentiment_gap=sentiment_gap,
            frame_distance=frame_distance,
            divergence=divergence,
            drivers=drivers,
            extra={"factors": {k: round(v, 4) for k, v in factors.items()}},
        )
    return metrics


def find_conflicts(event: Event, articles: tuple[Article, ...], alignment: AlignmentResult) -> tuple[Conflict, ...]:
    """Dates and counts that differ between aligned paragraphs, and weekdays that do not fit their date."""
    by_id = {a.id: a for a in articles}
    default_year = event.date.year if event.date else None
    conflicts: list[Conflict] = []

    # A weekday that does not match its date is an error inside one source.
    for article in sorted(articles, key=lambda a: a.id):
        for p in article.paragraphs:
            for d in find_dates(p.text, default_year):
                if not d.weekday_matches:
                    actual = d.date.strftime("%A")
                    conflicts.append(Conflict(
                        kind="weekday",
                        about=f"{d.text}: {d.date:%B} {d.date.day}, {d.date.year} was a {actual}",
                        claims=(Claim(article.id, p.index, d.date.isoformat(), d.text),),
                        note=f"the text names {d.weekday.capitalize()}, but the date fell on a {actual}",
                    ))

    seen: set[tuple] = set()
    for al in alignment.alignments:
        pa = by_id[al.a.source].paragraphs[al.a.paragraph]
        pb = by_id[al.b.source].paragraphs[al.b.paragraph]
        # Dates: the same aligned report dated differently (within a few weeks: far-apart
        # dates in aligned paragraphs are usually different events, such as 1994 and 2025).
        dates_a = {d.date: d for d in find_dates(pa.text, default_year)}
        dates_b = {d.date: d for d in find_dates(pb.text, default_year)}
        only_a = [d for k, d in dates_a.items() if k not in dates_b]
        only_b = [d for k, d in dates_b.items() if k not in dates_a]
        for da in only_a:
            for db in only_b:
                if 0 < abs((da.date - db.date).days) <= 14:
                    key = ("date", frozenset({(al.a.source, da.date), (al.b.source, db.date)}))
                    if key in seen:
                        continue
                    seen.add(key)
                    conflicts.append(Conflict(
                        kind="date",
                        about=_topic(pa.text, pb.text),
                        claims=(
                            Claim(al.a.source, al.a.paragraph, da.date.isoformat(), da.text),
                            Claim(al.b.source, al.b.paragraph, db.date.isoformat(), db.text),
                        ),
                    ))
        # Counts of the same thing (same noun) that differ.
        qa = find_quantities(pa.text)
        qb = find_quantities(pb.text)
        values_a = {(q.noun, q.value) for q in qa}
        values_b = {(q.noun, q.value) for q in qb}
        for x in qa:
            for y in qb:
                if x.noun != y.noun or x.value == y.value:
                    continue
                if (x.noun, y.value) in values_a or (y.noun, x.value) in values_b:
                    continue  # each paragraph also states the other's figure
                if (x.approximate or y.approximate) and _close(x.value, y.value, 0.15):
                    continue
                key = ("number", frozenset({(al.a.source, x.noun, x.value), (al.b.source, y.noun, y.value)}))
                if key in seen:
                    continue
                seen.add(key)
                conflicts.append(Conflict(
                    kind="number",
                    about=f"number of {x.noun}",
                    claims=(
                        Claim(al.a.source, al.a.paragraph, _fmt(x.value), x.text),
                        Claim(al.b.source, al.b.paragraph, _fmt(y.value), y.text),
                    ),
                ))
    conflicts.sort(key=lambda c: ({"date": 0, "weekday": 1, "number": 2}.get(c.kind, 3), c.claims[0].source, c.claims[0].paragraph, c.about))
    return tuple(conflicts)


def js_distance(p: Mapping[str, float], q: Mapping[str, float]) -> float:
    """Jensen-Shannon distance (base 2, in [0, 1]) between two frame profiles."""
    keys = set(p) | set(q)
    if not keys or not sum(p.values()) or not sum(q.values()):
        return 0.0
    sp, sq = sum(p.values()), sum(q.values())
    divergence = 0.0
    for k in keys:
        a, b = p.get(k, 0.0) / sp, q.get(k, 0.0) / sq
        m = (a + b) / 2
        if a:
            divergence += 0.5 * a * math.log2(a / m)
        if b:
            divergence += 0.5 * b * math.log2(b / m)
    return math.sqrt(max(0.0, divergence))


def mean_profile(profiles: list[Mapping[str, float]]) -> dict[str, float]:
    profiles = [p for p in profiles if p]
    if not profiles:
        return {}
    keys = sorted({k for p in profiles for k in p})
    return {k: sum(p.get(k, 0.0) for p in profiles) / len(profiles) for k in keys}


def _topic(a: str, b: str) -> str:
    from .text import content_stems, tokens

    shared = [t for t in tokens(a) if t in set(tokens(b)) and len(content_stems(t)) == 1]
    words = list(dict.fromkeys(shared))[:6]
    return "when: " + " ".join(words) if words else "when it happened"


def _close(x: float, y: float, tolerance: float) -> bool:
    return abs(x - y) <= tolerance * max(abs(x), abs(y))


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
