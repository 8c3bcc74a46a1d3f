"""Each source against the consensus of the others, and the facts on which they disagree.

Per source: coverage of the content the others agree on, what it omits, what it reports
alone, where it puts the shared content (lead or buried), its tone on aligned content and
toward each actor, its framing, and whom it lets speak; then one divergence figure that
weighs those factors, with the factors that drive it. Conflicts: dates, weekdays that do
not fit their date, counts and attributions that differ between aligned paragraphs.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from typing import Mapping

from .facts import find_dates, find_quantities
from .model import (
    AlignmentResult, Article, ArticleScores, Claim, Conflict, Event, ParagraphRef, SourceMetrics,
)
from .text import STOPWORDS, content_stems, stem, tokens, words

# How much each factor weighs in the overall divergence (the weights sum to 1). Each factor
# is in [0, 1]; its definition is in DEFINITIONS and in every report.
DIVERGENCE_WEIGHTS = {
    "omissions": 0.25,
    "unique content": 0.15,
    "emphasis": 0.10,
    "tone": 0.15,
    "framing": 0.20,
    "voices": 0.15,
}
FACTOR_DEFINITIONS = {
    "omissions": "1 - coverage",
    "unique content": "share of the source's paragraphs aligned with no other source",
    "emphasis": "mean difference, on shared content units, between where this source places the unit "
                "(0 = first paragraph, 1 = last) and where the others place it",
    "tone": "|sentiment gap on aligned content| × 2, capped at 1 (the whole-article gap when nothing is aligned)",
    "framing": "Jensen-Shannon distance between the source's frame profile and the others' mean profile",
    "voices": "Jensen-Shannon distance between whose words the source quotes (share of quoted words per actor) "
              "and the others' mean",
}
LEAD_SHARE = 0.25  # paragraphs in the first quarter of an article are its lead
UNATTRIBUTED = "(unattributed)"
OTHER_SPEAKERS = "(other speakers)"


def source_metrics(
    articles: tuple[Article, ...], alignment: AlignmentResult, scores: Mapping[str, ArticleScores]
) -> dict[str, SourceMetrics]:
    """Per-source metrics against the consensus of the other sources."""
    ids = sorted(a.id for a in articles)
    by_id = {a.id: a for a in articles}
    reports = unit_reports(alignment)
    positions = _unit_positions(articles, reports)
    aligned = {(ref.source, ref.paragraph) for al in alignment.alignments for ref in (al.a, al.b)}
    voices = {sid: voice_profile(scores[sid]) for sid in ids}
    metrics: dict[str, SourceMetrics] = {}
    for sid in ids:
        article = by_id[sid]
        others = [o for o in ids if o != sid]
        needed = max(1, math.ceil(len(others) / 2))
        consensus = [u for u in alignment.units if len(set(reports[u.id]) - {sid}) >= needed]
        covered = tuple(u.id for u in consensus if sid in reports[u.id])
        omitted = tuple(u.id for u in consensus if sid not in reports[u.id])
        coverage = round(len(covered) / len(consensus), 4) if consensus else None
        unique = tuple(p.index for p in article.paragraphs if (sid, p.index) not in aligned)
        unique_share = round(len(unique) / len(article.paragraphs), 4) if article.paragraphs else 0.0

        own = scores[sid]
        other_sentiment = [scores[o].sentiment for o in others]
        sentiment_gap = round(own.sentiment - _mean(other_sentiment), 4) if others else 0.0
        aligned_gap = _aligned_sentiment_gap(sid, alignment, scores)
        actor_gaps = _actor_gaps(sid, others, scores)
        frame_distance = round(js_distance(own.frames, mean_profile([scores[o].frames for o in others])), 4)
        emphasis = _emphasis(sid, others, alignment, reports, positions)
        other_voices = [voices[o]["sides"] for o in others if voices[o]["sides"]]
        voice_distance = (round(js_distance(voices[sid]["sides"], mean_profile(other_voices)), 4)
                          if voices[sid]["sides"] and other_voices else None)

        tone_gap = aligned_gap if aligned_gap is not None else sentiment_gap
        factors = {
            "omissions": 1 - coverage if coverage is not None else 0.0,
            "unique content": unique_share,
            "emphasis": emphasis["shift"] if emphasis["shift"] is not None else 0.0,
            "tone": min(1.0, 2 * abs(tone_gap)),
            "framing": frame_distance,
            "voices": voice_distance if voice_distance is not None else 0.0,
        }
        divergence = round(sum(DIVERGENCE_WEIGHTS[k] * v for k, v in factors.items()), 4)
        contributions = {k: DIVERGENCE_WEIGHTS[k] * v for k, v in factors.items()}
        drivers = tuple(k for k, v in sorted(contributions.items(), key=lambda kv: (-kv[1], kv[0])) if v >= 0.01)
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
            drivers=drivers[:3],
            extra={
                "factors": {k: round(v, 4) for k, v in factors.items()},
                "contributions": {k: round(v, 4) for k, v in contributions.items()},
                "aligned_sentiment_gap": aligned_gap,
                "actor_sentiment_gaps": actor_gaps,
                "emphasis": emphasis,
                "voices": voices[sid],
                "voice_distance": voice_distance,
                "reasons": _reasons(sid, factors, coverage, omitted, unique, article, tone_gap,
                                    aligned_gap is not None, emphasis, own, voices[sid], frame_distance),
            },
        )
    return metrics


def voice_profile(scores: ArticleScores) -> dict:
    """Who speaks in a source: quoted words per speaker and per actor side."""
    speakers: dict[tuple[str, str | None], dict] = {}
    for quote in scores.quotes:
        name = quote.speaker or UNATTRIBUTED
        entry = speakers.setdefault((name, quote.actor), {"speaker": name, "actor": quote.actor, "quotes": 0, "words": 0,
                                                          "direct": 0, "paragraphs": []})
        entry["quotes"] += 1
        entry["direct"] += int(quote.direct)
        entry["words"] += len(tokens(quote.text))
        if quote.paragraph not in entry["paragraphs"]:
            entry["paragraphs"].append(quote.paragraph)
    sides: dict[str, int] = defaultdict(int)
    for entry in speakers.values():
        if entry["speaker"] == UNATTRIBUTED:
            continue
        sides[entry["actor"] or OTHER_SPEAKERS] += entry["words"]
    total = sum(sides.values())
    return {
        "speakers": sorted(speakers.values(), key=lambda e: (-e["words"], e["speaker"])),
        "sides": {k: round(v / total, 4) for k, v in sorted(sides.items())} if total else {},
        "quoted_words": sum(e["words"] for e in speakers.values()),
    }


def unit_reports(alignment: AlignmentResult) -> dict[int, dict[str, tuple[int, ...]]]:
    """Which paragraphs of which source report each content unit.

    A unit's members report it, and so does a paragraph aligned with at least half of the
    unit's members from other sources (the aligner's own test for joining a unit): units do
    not overlap, so such a paragraph may sit in another unit, yet it reports this one too.
    """
    member_of: dict[ParagraphRef, list[int]] = defaultdict(list)
    members: dict[int, list[ParagraphRef]] = {}
    for unit in alignment.units:
        members[unit.id] = list(unit.members)
        for member in unit.members:
            member_of[member].append(unit.id)
    links: dict[tuple[int, ParagraphRef], int] = defaultdict(int)
    for al in alignment.alignments:
        for here, there in ((al.a, al.b), (al.b, al.a)):
            for unit_id in member_of.get(here, ()):
                links[(unit_id, there)] += 1
    found: dict[int, dict[str, set[int]]] = {uid: defaultdict(set) for uid in members}
    for uid, refs in members.items():
        for ref in refs:
            found[uid][ref.source].add(ref.paragraph)
    for (uid, ref), count in links.items():
        others = sum(1 for m in members[uid] if m.source != ref.source)
        if ref not in members[uid] and others and count * 2 >= others:
            found[uid][ref.source].add(ref.paragraph)
    return {uid: {sid: tuple(sorted(ps)) for sid, ps in sorted(sources.items())} for uid, sources in found.items()}


def _unit_positions(articles: tuple[Article, ...], reports: dict[int, dict[str, tuple[int, ...]]]) -> dict[tuple[int, str], float]:
    """Relative position (0 first paragraph … 1 last) of each unit's first paragraph in each source."""
    lengths = {a.id: len(a.paragraphs) for a in articles}
    positions: dict[tuple[int, str], float] = {}
    for unit_id, sources in reports.items():
        for sid, paragraphs in sources.items():
            n = lengths[sid]
            positions[(unit_id, sid)] = paragraphs[0] / (n - 1) if n > 1 else 0.0
    return positions


def _emphasis(sid: str, others: list[str], alignment: AlignmentResult, reports: dict, positions: dict) -> dict:
    """Where the shared content sits in this source compared with the others."""
    shifts = []
    lead, buried = [], []
    shared_positions = []
    for unit in alignment.units:
        if sid not in reports[unit.id] or len(reports[unit.id]) < 2:
            continue
        mine = positions[(unit.id, sid)]
        shared_positions.append(mine)
        theirs = [positions[(unit.id, o)] for o in others if (unit.id, o) in positions]
        shifts.append(abs(mine - _mean(theirs)))
        if mine <= LEAD_SHARE and _mean(theirs) > 0.5:
            lead.append(unit.id)  # this source leads with what others put late
        elif mine > 0.5 and _mean(theirs) <= LEAD_SHARE:
            buried.append(unit.id)  # this source buries what others lead with
    return {
        "shift": round(_mean(shifts), 4) if shifts else None,
        "mean_position_of_shared": round(_mean(shared_positions), 4) if shared_positions else None,
        "leads_with": lead,
        "buries": buried,
    }


def _aligned_sentiment_gap(sid: str, alignment: AlignmentResult, scores: Mapping[str, ArticleScores]) -> float | None:
    """Mean, over this source's aligned pairs, of its paragraph sentiment minus the other side's."""
    gaps = []
    for al in alignment.alignments:
        if sid not in (al.a.source, al.b.source):
            continue
        mine, theirs = (al.a, al.b) if al.a.source == sid else (al.b, al.a)
        gaps.append(scores[sid].paragraphs[mine.paragraph].sentiment
                    - scores[theirs.source].paragraphs[theirs.paragraph].sentiment)
    return round(_mean(gaps), 4) if gaps else None


def _actor_gaps(sid: str, others: list[str], scores: Mapping[str, ArticleScores]) -> dict[str, float]:
    """Sentiment toward each actor in this source minus the others' mean, where both exist."""
    mine = {a.actor: a.sentiment for a in scores[sid].actors if a.sentiment is not None}
    gaps = {}
    for actor, value in sorted(mine.items()):
        theirs = [a.sentiment for o in others for a in scores[o].actors if a.actor == actor and a.sentiment is not None]
        if theirs:
            gaps[actor] = round(value - _mean(theirs), 4)
    return gaps


def _reasons(sid, factors, coverage, omitted, unique, article, tone_gap, on_aligned, emphasis, scores, voices,
             frame_distance) -> list[str]:
    """Plain sentences for the factors that weigh most, largest first."""
    reasons = []
    order = sorted(factors, key=lambda k: (-DIVERGENCE_WEIGHTS[k] * factors[k], k))
    for factor in order:
        if DIVERGENCE_WEIGHTS[factor] * factors[factor] < 0.01:
            continue
        if factor == "omissions" and omitted:
            reasons.append(f"omits {len(omitted)} content unit{'s' if len(omitted) != 1 else ''} that most others report "
                           f"(coverage {coverage:.0%})")
        elif factor == "unique content" and unique:
            reasons.append(f"{len(unique)} of its {len(article.paragraphs)} paragraphs are reported by no other source")
        elif factor == "tone":
            where = "on aligned content" if on_aligned else "overall"
            reasons.append(f"{'more negative' if tone_gap < 0 else 'more positive'} than the others {where} "
                           f"(sentiment gap {tone_gap:+.2f})")
        elif factor == "framing":
            top = sorted(scores.frames.items(), key=lambda kv: (-kv[1], kv[0]))[:2]
            frames = " and ".join(f.replace("_", " ") for f, _ in top) or "no frame"
            reasons.append(f"framing differs (distance {frame_distance:.2f}; leads on {frames})")
        elif factor == "emphasis" and emphasis["shift"] is not None:
            reasons.append(f"places shared content differently (mean shift {emphasis['shift']:.2f} of the article)")
        elif factor == "voices" and voices["sides"]:
            top = max(voices["sides"].items(), key=lambda kv: (kv[1], kv[0]))
            reasons.append(f"quotes different voices ({top[1]:.0%} of its quoted words from {top[0]})")
    return reasons[:3]


# --- factual conflicts -----------------------------------------------------------------


def find_conflicts(event: Event, articles: tuple[Article, ...], alignment: AlignmentResult,
                   scores: Mapping[str, ArticleScores] | None = None) -> tuple[Conflict, ...]:
    """Dates, counts and attributions that differ between aligned paragraphs, and weekdays
    that do not fit their date.

    Only values that describe the same thing conflict: both paragraphs must be aligned, a
    count must count the same noun in the same context (actor, place, time), and two dates
    must lie within two weeks of each other and be tied to the same reported action.
    """
    by_id = {a.id: a for a in articles}
    default_year = event.date.year if event.date else None
    conflicts: list[Conflict] = []

    for article in sorted(articles, key=lambda a: a.id):
        for p in article.paragraphs:
            for d in find_dates(p.text, default_year):
                if not d.weekday_matches:
                    actual = d.date.strftime("%A")
                    conflicts.append(Conflict(
                        kind="weekday",
                        about=f"{d.date:%B} {d.date.day}, {d.date.year} was a {actual}",
                        claims=(Claim(article.id, p.index, d.date.isoformat(), d.text),),
                        note=f"the text names {d.weekday.capitalize()}, but {d.date:%B} {d.date.day}, "
                             f"{d.date.year} was a {actual}",
                    ))

    seen: set = set()
    for al in sorted(alignment.alignments, key=lambda a: (-a.score, a.a, a.b)):
        pa = by_id[al.a.source].paragraphs[al.a.paragraph]
        pb = by_id[al.b.source].paragraphs[al.b.paragraph]
        conflicts.extend(_date_conflicts(al, pa.text, pb.text, default_year, seen))
        conflicts.extend(_count_conflicts(al, pa.text, pb.text, seen))
        if scores is not None:
            conflicts.extend(_attribution_conflicts(al, scores, seen))
    kinds = {"date": 0, "weekday": 1, "number": 2, "attribution": 3}
    conflicts.sort(key=lambda c: (kinds.get(c.kind, 9), c.about, [(cl.source, cl.paragraph) for cl in c.claims]))
    return tuple(conflicts)


def _date_conflicts(al, text_a: str, text_b: str, default_year, seen: set) -> list[Conflict]:
    dates_a = {d.date: d for d in find_dates(text_a, default_year)}
    dates_b = {d.date: d for d in find_dates(text_b, default_year)}
    found = []
    for da in (d for k, d in dates_a.items() if k not in dates_b):
        for db in (d for k, d in dates_b.items() if k not in dates_a):
            if not 0 < abs((da.date - db.date).days) <= 14:
                continue
            action = _shared_action(_sentence_around(text_a, da.start), _sentence_around(text_b, db.start),
                                    text_a, text_b)
            if action is None:
                continue
            key = ("date", action, frozenset({(al.a.source, da.date), (al.b.source, db.date)}))
            if key in seen:
                continue
            seen.add(key)
            found.append(Conflict(
                kind="date",
                about=f"when “{action}” happened",
                claims=(Claim(al.a.source, al.a.paragraph, da.date.isoformat(), da.text),
                        Claim(al.b.source, al.b.paragraph, db.date.isoformat(), db.text)),
                note=f"{abs((da.date - db.date).days)} day(s) apart",
            ))
    return found


def _count_conflicts(al, text_a: str, text_b: str, seen: set) -> list[Conflict]:
    qa, qb = find_quantities(text_a), find_quantities(text_b)
    values_a = {(q.noun, q.value) for q in qa}
    values_b = {(q.noun, q.value) for q in qb}
    found = []
    for x in qa:
        for y in qb:
            if x.noun != y.noun or x.value == y.value:
                continue
            if (x.noun, y.value) in values_a or (y.noun, x.value) in values_b:
                continue  # each paragraph also states the other's figure
            if (x.approximate or y.approximate) and _close(x.value, y.value, 0.15):
                continue
            if not _same_context(_window(text_a, x.start, x.text), _window(text_b, y.start, y.text)):
                continue
            key = ("number", frozenset({(al.a.source, x.noun, x.value), (al.b.source, y.noun, y.value)}))
            if key in seen:
                continue
            seen.add(key)
            found.append(Conflict(
                kind="number",
                about=f"the number of {x.word or x.noun}",
                claims=(Claim(al.a.source, al.a.paragraph, _fmt(x.value), x.text),
                        Claim(al.b.source, al.b.paragraph, _fmt(y.value), y.text)),
            ))
    return found


def _attribution_conflicts(al, scores: Mapping[str, ArticleScores], seen: set) -> list[Conflict]:
    """The same quotation put in different mouths by two sources."""
    found = []
    quotes_a = [q for q in scores[al.a.source].quotes if q.paragraph == al.a.paragraph and q.direct and q.speaker]
    quotes_b = [q for q in scores[al.b.source].quotes if q.paragraph == al.b.paragraph and q.direct and q.speaker]
    for qa in quotes_a:
        ta = " ".join(tokens(qa.text))
        for qb in quotes_b:
            tb = " ".join(tokens(qb.text))
            short, long_ = sorted((ta, tb), key=len)
            if len(short.split()) < 5 or short not in long_:
                continue
            if qa.actor and qb.actor and qa.actor == qb.actor:
                continue
            if _speaker_overlap(qa.speaker, qb.speaker):
                continue
            key = ("attribution", short, al.a.source, al.b.source)
            if key in seen:
                continue
            seen.add(key)
            found.append(Conflict(
                kind="attribution",
                about=f"who said “{_clip(short, 60)}”",
                claims=(Claim(al.a.source, al.a.paragraph, qa.speaker, qa.text),
                        Claim(al.b.source, al.b.paragraph, qb.speaker, qb.text)),
            ))
    return found


def _sentence_around(text: str, offset: int) -> str:
    start = max(text.rfind(". ", 0, offset), text.rfind("? ", 0, offset), text.rfind("! ", 0, offset))
    end_candidates = [i for i in (text.find(". ", offset), text.find("? ", offset), text.find("! ", offset)) if i != -1]
    end = min(end_candidates) if end_candidates else len(text)
    return text[start + 1 if start != -1 else 0: end + 1]


# Actions a date can be tied to are the content words of its sentence; "the move", "this"
# and other back-references send the reader to the paragraph's first sentence.
_BACK_REFERENCE = re.compile(r"\b(?:the move|the decision|this|that|it|the announcement|the step)\b", re.I)


def _shared_action(sentence_a: str, sentence_b: str, paragraph_a: str, paragraph_b: str) -> str | None:
    """The action both dated sentences report, in the words of the shorter one, or None.

    Names are left out (two sentences about Rwanda and Belgium may date different things);
    at least two shared content words that are not names must tie the dates together.
    """
    def context(sentence: str, paragraph: str) -> set[str]:
        text = sentence
        if _BACK_REFERENCE.search(sentence) or len(content_stems(sentence)) < 4:
            text += " " + paragraph.split(". ")[0]
        return {stem(w.lower()) for w in words(text) if w[:1].islower() and w.lower() not in STOPWORDS}

    shared = context(sentence_a, paragraph_a) & context(sentence_b, paragraph_b)
    shorter = min((sentence_a, sentence_b), key=len)
    picked = [w for w in words(shorter) if w[:1].islower() and w.lower() not in STOPWORDS
              and stem(w.lower()) in shared and not w.isdigit()]
    picked = list(dict.fromkeys(picked))
    return " ".join(picked[:3]) if len(picked) >= 2 else None


def _window(text: str, start: int, quantity_text: str, width: int = 8) -> set[str]:
    before = tokens(text[:start])[-width:]
    after = tokens(text[start + len(quantity_text):])[:width]
    return {s for s in content_stems(" ".join(before + after))}


def _same_context(a: set[str], b: set[str]) -> bool:
    """Counts describe the same thing when the words around them overlap enough."""
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= 0.34 and len(a & b) >= 2


def _speaker_overlap(a: str, b: str) -> bool:
    wa = {w.lower() for w in re.findall(r"[\w’'-]+", a) if w[:1].isupper()}
    wb = {w.lower() for w in re.findall(r"[\w’'-]+", b) if w[:1].isupper()}
    return bool(wa & wb)


def js_distance(p: Mapping[str, float], q: Mapping[str, float]) -> float:
    """Jensen-Shannon distance (base 2, in [0, 1]) between two distributions."""
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


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _close(x: float, y: float, tolerance: float) -> bool:
    return abs(x - y) <= tolerance * max(abs(x), abs(y))


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
