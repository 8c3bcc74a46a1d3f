"""Each source against the consensus of the others.

Per source: coverage of the content the others agree on, what it omits, what it reports
alone, where it puts the shared content (lead or buried), its tone on aligned content and
toward each actor, its framing, and whom it lets speak; then one divergence figure that
weighs those factors, with the factors that drive it. (The facts on which sources disagree
are found in compare/conflicts.py.)
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Mapping

from .model import AlignmentResult, Article, ArticleScores, Emphasis, SourceMetrics, Speaker, SpeakerVoice, Voices
from .speakers import merge_speakers
from .stats import js_distance, mean
from .text import tokens

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
    """Per-source metrics against the consensus of the other sources.

    Every figure that compares a source with "the others" is read off event totals (the sum
    over all sources minus the source's own part), so the cost grows with the sources, not
    with their square.
    """
    ids = sorted(a.id for a in articles)
    by_id = {a.id: a for a in articles}
    reports = unit_reports(alignment)
    positions = _unit_positions(articles, reports)
    aligned = {(ref.source, ref.paragraph) for al in alignment.alignments for ref in (al.a, al.b)}
    identities = merge_speakers({sid: scores[sid].speakers for sid in ids})
    voices = {sid: voice_profile(scores[sid], identities) for sid in ids}
    needed = consensus_needed(len(ids))
    reporting = {uid: len(sources) for uid, sources in reports.items()}
    units_of: dict[str, list[int]] = defaultdict(list)
    for unit in alignment.units:
        for sid in reports[unit.id]:
            units_of[sid].append(unit.id)
    aligned_gaps = _aligned_sentiment_gaps(alignment, scores)
    actor_totals = _actor_totals(scores)
    frame_totals = _profile_totals([scores[s].frames for s in ids])
    voice_totals = _profile_totals([voices[s].sides for s in ids])
    sentiment_total = sum(scores[s].sentiment for s in ids)
    emphasis_totals = _emphasis_totals(reports, positions)
    metrics: dict[str, SourceMetrics] = {}
    for sid in ids:
        article = by_id[sid]
        others = [o for o in ids if o != sid]
        mine = set(units_of[sid])
        consensus = [u.id for u in alignment.units if reporting[u.id] - (u.id in mine) >= needed]
        covered = tuple(u for u in consensus if u in mine)
        omitted = tuple(u for u in consensus if u not in mine)
        coverage = round(len(covered) / len(consensus), 4) if consensus else None
        unique = tuple(p.index for p in article.paragraphs if (sid, p.index) not in aligned)
        unique_share = round(len(unique) / len(article.paragraphs), 4) if article.paragraphs else 0.0

        own = scores[sid]
        sentiment_gap = round(own.sentiment - (sentiment_total - own.sentiment) / len(others), 4) if others else 0.0
        aligned_gap = aligned_gaps.get(sid)
        actor_gaps = _actor_gaps(sid, scores, actor_totals)
        frame_distance = round(js_distance(own.frames, _others_mean(frame_totals, own.frames)), 4)
        emphasis = _emphasis(sid, units_of[sid], reports, positions, emphasis_totals)
        others_voices = _others_mean(voice_totals, voices[sid].sides)
        voice_distance = (round(js_distance(voices[sid].sides, others_voices), 4)
                          if voices[sid].sides and others_voices else None)

        tone_gap = aligned_gap if aligned_gap is not None else sentiment_gap
        factors = {
            "omissions": 1 - coverage if coverage is not None else 0.0,
            "unique content": unique_share,
            "emphasis": emphasis.shift if emphasis.shift is not None else 0.0,
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
            factors={k: round(v, 4) for k, v in factors.items()},
            contributions={k: round(v, 4) for k, v in contributions.items()},
            reasons=_reasons(factors, coverage, omitted, unique, article, tone_gap, aligned_gap is not None,
                             emphasis, own, voices[sid], frame_distance, consensus_rule(len(ids))),
            aligned_sentiment_gap=aligned_gap,
            actor_sentiment_gaps=actor_gaps,
            emphasis=emphasis,
            voices=voices[sid],
            voice_distance=voice_distance,
        )
    return metrics


def _profile_totals(profiles: list[Mapping[str, float]]) -> tuple[dict[str, float], int]:
    """(sum of each key over the non-empty profiles, how many there are)."""
    totals: dict[str, float] = defaultdict(float)
    for profile in profiles:
        for key, value in profile.items():
            totals[key] += value
    return dict(totals), sum(1 for p in profiles if p)


def _others_mean(totals: tuple[dict[str, float], int], own: Mapping[str, float]) -> dict[str, float]:
    """`mean_profile` of every non-empty profile but `own`, from the totals of all of them."""
    sums, count = totals
    count -= 1 if own else 0
    if count <= 0:
        return {}
    return {k: (sums[k] - own.get(k, 0.0)) / count for k in sorted(sums)}


def voice_profile(scores: ArticleScores, identities: Mapping[tuple[str, str], Speaker] | None = None) -> Voices:
    """Who speaks in a source: quoted words per speaker and per actor side. `identities` (of
    `merge_speakers`) gives each of the article's speakers its event-wide name: one row per
    person, whatever the labels the source uses for them."""
    speakers: dict[tuple[str, str | None], dict] = {}
    own = {s.name: s for s in scores.speakers}
    for quote in scores.quotes:
        who = (identities or {}).get((scores.source, quote.speaker)) or own.get(quote.speaker)
        name = who.name if who else quote.speaker or UNATTRIBUTED
        actor = (who.actor or quote.actor) if who else quote.actor
        key = (name, None) if who else (name, quote.actor)
        entry = speakers.setdefault(key, {"speaker": name, "actor": actor, "quotes": 0, "words": 0, "direct": 0,
                                          "paragraphs": [], "kind": who.kind if who else
                                          ("unattributed" if name == UNATTRIBUTED else "person"),
                                          "labels": who.labels.get(scores.source, ()) if who else
                                          ((quote.label or quote.speaker,) if quote.speaker else ()),
                                          "party": who.party if who else None, "state": who.state if who else None})
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
    return Voices(
        speakers=tuple(SpeakerVoice(e["speaker"], e["actor"], e["quotes"], e["words"], e["direct"], tuple(e["paragraphs"]),
                                    e["kind"], tuple(e["labels"]), e["party"], e["state"])
                       for e in sorted(speakers.values(), key=lambda e: (-e["words"], e["speaker"]))),
        sides={k: round(v / total, 4) for k, v in sorted(sides.items())} if total else {},
        quoted_words=sum(e["words"] for e in speakers.values()),
    )


def event_speakers(scores: Mapping[str, ArticleScores]) -> tuple[Speaker, ...]:
    """Everyone the sources quote, merged across the sources (compare/speakers.py), with the
    labels each source uses and the words it quotes them for; most quoted words first."""
    ids = sorted(scores)
    identities = merge_speakers({sid: scores[sid].speakers for sid in ids})
    words: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    found: dict[int, Speaker] = {}
    for sid in ids:
        for quote in scores[sid].quotes:
            who = identities.get((sid, quote.speaker)) if quote.speaker else None
            if who is not None:
                found[id(who)] = who
                words[id(who)][sid] += len(tokens(quote.text))
    merged = [replace(who, words=dict(sorted(words[key].items()))) for key, who in found.items()]
    return tuple(sorted(merged, key=lambda s: (-sum(s.words.values()), s.name, s.kind)))


def consensus_needed(sources: int) -> int:
    """How many of the other sources must report a content unit for it to be their consensus:
    strictly more than half of them (the other one of two sources; both others of three; 2 of
    3, 3 of 4 or 4 of 5 others; 10 of 19 others)."""
    return (sources - 1) // 2 + 1 if sources > 1 else 1


def consensus_rule(sources: int) -> str:
    """The consensus of an event of `sources` sources, in words: "reported by ..."."""
    others = sources - 1
    if others <= 1:
        return "reported by the other source"
    if others == 2:
        return "reported by both other sources"
    return f"reported by at least {consensus_needed(sources)} of the {others} other sources, a majority"


def largest_unit(units) -> dict | None:
    """The unit holding the most paragraphs of one source in its `reported_by` (then the most
    paragraphs in all, then the lowest id), for judging the units' grain: a unit is one fact or
    claim. {unit, paragraphs (in all), most_from_one_source, source (the first by id on a
    tie)}, or None without units."""
    if not units:
        return None

    def size(u):
        return max(len(ps) for ps in u.reporting.values()), sum(len(ps) for ps in u.reporting.values())

    unit = min(units, key=lambda u: (-size(u)[0], -size(u)[1], u.id))
    most, total = size(unit)
    source = min(sid for sid, ps in unit.reporting.items() if len(ps) == most)
    return {"unit": unit.id, "paragraphs": total, "most_from_one_source": most, "source": source}


def unit_reports(alignment: AlignmentResult) -> dict[int, dict[str, tuple[int, ...]]]:
    """Which paragraphs of which source report each content unit (`ContentUnit.reported_by`:
    its members, and the paragraphs aligned with more than half of its core from other
    sources; see compare/align/units.py)."""
    return {u.id: dict(u.reporting) for u in alignment.units}


def _unit_positions(articles: tuple[Article, ...], reports: dict[int, dict[str, tuple[int, ...]]]) -> dict[tuple[int, str], float]:
    """Relative position (0 first paragraph … 1 last) of each unit's first paragraph in each source."""
    lengths = {a.id: len(a.paragraphs) for a in articles}
    positions: dict[tuple[int, str], float] = {}
    for unit_id, sources in reports.items():
        for sid, paragraphs in sources.items():
            n = lengths[sid]
            positions[(unit_id, sid)] = paragraphs[0] / (n - 1) if n > 1 else 0.0
    return positions


def _emphasis_totals(reports: dict[int, dict[str, tuple[int, ...]]], positions: dict[tuple[int, str], float]) -> dict[int, tuple[float, int]]:
    """Per unit reported by two sources or more: (sum of its positions over them, how many)."""
    return {uid: (sum(positions[(uid, sid)] for sid in sources), len(sources))
            for uid, sources in reports.items() if len(sources) >= 2}


def _emphasis(sid: str, units: list[int], reports: dict, positions: dict, totals: dict[int, tuple[float, int]]) -> Emphasis:
    """Where the shared content sits in this source compared with the others."""
    shifts = []
    lead, buried = [], []
    shared_positions = []
    for uid in units:
        if uid not in totals:
            continue
        mine = positions[(uid, sid)]
        shared_positions.append(mine)
        total, count = totals[uid]
        theirs = (total - mine) / (count - 1)
        shifts.append(abs(mine - theirs))
        if mine <= LEAD_SHARE and theirs > 0.5:
            lead.append(uid)  # this source leads with what others put late
        elif mine > 0.5 and theirs <= LEAD_SHARE:
            buried.append(uid)  # this source buries what others lead with
    return Emphasis(
        shift=round(mean(shifts), 4) if shifts else None,
        mean_position_of_shared=round(mean(shared_positions), 4) if shared_positions else None,
        leads_with=tuple(lead),
        buries=tuple(buried),
    )


def _aligned_sentiment_gaps(alignment: AlignmentResult, scores: Mapping[str, ArticleScores]) -> dict[str, float]:
    """Per source, the mean over its listed alignments of its paragraph sentiment minus the
    other side's, in one pass over the alignments."""
    gaps: dict[str, list[float]] = defaultdict(list)
    for al in alignment.alignments:
        a = scores[al.a.source].paragraphs[al.a.paragraph].sentiment
        b = scores[al.b.source].paragraphs[al.b.paragraph].sentiment
        gaps[al.a.source].append(a - b)
        gaps[al.b.source].append(b - a)
    return {sid: round(mean(values), 4) for sid, values in gaps.items()}


def _actor_totals(scores: Mapping[str, ArticleScores]) -> dict[str, tuple[float, int]]:
    """Per actor: (sum of the sources' sentiment toward it, how many sources have one)."""
    totals: dict[str, list] = {}
    for sid in sorted(scores):
        for a in scores[sid].actors:
            if a.sentiment is not None:
                entry = totals.setdefault(a.actor, [0.0, 0])
                entry[0] += a.sentiment
                entry[1] += 1
    return {actor: (total, count) for actor, (total, count) in totals.items()}


def _actor_gaps(sid: str, scores: Mapping[str, ArticleScores], totals: dict[str, tuple[float, int]]) -> dict[str, float]:
    """Sentiment toward each actor in this source minus the others' mean, where both exist."""
    mine = {a.actor: a.sentiment for a in scores[sid].actors if a.sentiment is not None}
    gaps = {}
    for actor, value in sorted(mine.items()):
        total, count = totals[actor]
        if count > 1:
            gaps[actor] = round(value - (total - value) / (count - 1), 4)
    return gaps


def _reasons(factors: dict[str, float], coverage: float | None, omitted: tuple[int, ...], unique: tuple[int, ...],
             article: Article, tone_gap: float, on_aligned: bool, emphasis: Emphasis, scores: ArticleScores,
             voices: Voices, frame_distance: float, consensus: str) -> tuple[str, ...]:
    """Plain sentences for the factors that weigh most, largest first (`consensus`: which units
    count as the others' consensus, in words, as `consensus_rule` says it)."""
    reasons = []
    order = sorted(factors, key=lambda k: (-DIVERGENCE_WEIGHTS[k] * factors[k], k))
    for factor in order:
        if DIVERGENCE_WEIGHTS[factor] * factors[factor] < 0.01:
            continue
        if factor == "omissions" and omitted:
            reasons.append(f"omits {len(omitted)} content unit{'s' if len(omitted) != 1 else ''} {consensus} "
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
        elif factor == "emphasis" and emphasis.shift is not None:
            reasons.append(f"places shared content differently (mean shift {emphasis.shift:.2f} of the article)")
        elif factor == "voices" and voices.sides:
            top = max(voices.sides.items(), key=lambda kv: (kv[1], kv[0]))
            reasons.append(f"quotes different voices ({top[1]:.0%} of its quoted words from {top[0]})")
    return tuple(reasons[:3])
