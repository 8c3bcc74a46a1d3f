"""report.json: the finished report as plain data (schema_version 3; docs/contract.md is the
contract, compare/data/report.schema.json its exact shape).

The Markdown and HTML renderers read this same dictionary, so all three agree.
"""
from __future__ import annotations

import json

from ..version import __version__
from ..corpus import display_path
from ..divergence import DIVERGENCE_WEIGHTS, FACTOR_DEFINITIONS, consensus_needed, consensus_rule, largest_unit
from ..model import EventReport
from ..score.wording import PAIRS_COMPARED, PAIRS_PER_UNIT

# The aligner's sizes, without importing it (numpy, scipy): `check` imports this module to
# render findings and must stay light. tests/test_render.py holds them equal.
CORE_SIZE = 16
LISTED_PER_PARAGRAPH = 20

SCHEMA_VERSION = 3

DEFINITIONS = {
    "coverage": "share of the consensus units that this source also reports: the content units reported by more "
                "than half of the other sources (with two sources, the other one; with three, both others; "
                "`consensus` gives the rule for this event), where a source reports a unit when one of its "
                "paragraphs is in the unit's reported_by",
    "omitted_units": "consensus units (reported by more than half of the other sources) that this source does not report",
    "consensus": "which content units count as the others' consensus for coverage and omissions: those reported "
                 "by `needed` of the `others` other sources, strictly more than half; `rule` says it in words",
    "largest_unit": "the content unit holding the most paragraphs of one source: its id, how many paragraphs "
                    "report it in all, the most of them in one source and that source (a unit is one fact or claim: "
                    "a source rarely states one fact in more than two or three paragraphs)",
    "unique_paragraphs": "paragraphs of this source aligned with no paragraph of any other source",
    "reported_by": "per content unit, the paragraphs of each source that report it: the unit's members and the "
                   "paragraphs aligned with more than half of the unit's core members of other sources (the core: its "
                   f"first {CORE_SIZE} members, all of a smaller unit)",
    "alignments": f"each paragraph's strongest aligned pairs (at most {LISTED_PER_PARAGRAPH} per paragraph): two paragraphs of two sources "
                  "are aligned when listed here or when both report one content unit",
    "aligned_pairs": "how many pairs of paragraphs are aligned: listed (alignments), implied (both report one content "
                     "unit) and total (either); every pair is in the results database, view aligned_pairs",
    "compared_pairs": f"aligned pairs read word by word, a few per content unit (its strongest, up to {PAIRS_PER_UNIT}; "
                      f"{PAIRS_COMPARED} in all): "
                      "differing = content words only one side uses, substitutions = what one says where the other "
                      "says it otherwise",
    "sentiment": "mean VADER compound score of the source's sentences, in [-1, 1]",
    "own_sentiment": "VADER score of the text in the outlet's own voice (outside quoted and reported speech)",
    "quote_sentiment": "VADER score of quoted and reported speech",
    "sentiment_gap": "this source's sentiment minus the mean sentiment of the other sources",
    "frame_confidence": "how clear a frame profile is, in [0, 1] (per paragraph and per source): with the lexicon, "
                        "M / (M + 1) × (p1 − p2), M the weighted cue mass behind the profile (a plain cue weighs 1), "
                        "p1 and p2 the shares of the leading and the second frame (p2 = 0 with one frame); 0 without "
                        "cues or with a tie; with a frame model, the probability of the leading frame minus the second's",
    "frame_distance": "Jensen-Shannon distance (base 2, 0 = same profile, 1 = disjoint) between this source's "
                      "frame profile and the mean profile of the other sources",
    "divergence": "weighted sum of factors in [0, 1]: " + "; ".join(
        f"{k} × {w} ({FACTOR_DEFINITIONS[k]})" for k, w in DIVERGENCE_WEIGHTS.items()),
    "aligned_sentiment_gap": "mean, over the source's aligned paragraph pairs, of its paragraph sentiment minus "
                             "the aligned paragraph's sentiment",
    "actor_sentiment_gaps": "per actor, the source's sentiment toward the actor minus the other sources' mean",
    "emphasis": "where the source places content it shares with others: mean position of its first paragraph "
                "of each shared unit (0 = lead, 1 = end); leads_with = units it puts in its first quarter that "
                "the others put in their second half; buries = the reverse",
    "voices": "who is quoted: per speaker (one row per person, organisation or unnamed role, under its event-wide "
              "name; labels = how this source names them), quotes and quoted words; sides = share of attributed "
              "quoted words per event actor the speaker belongs to",
    "speakers": "everyone the sources quote, merged across sources: a label's honorifics and titles, party-state tags "
                "(party D/R/I and state) and appositions describe the name beside them; a short mention (\"Mr. "
                "Trump\", \"the president\") is the person the article named in full; the same surname with a "
                "compatible first name is one person across outlets. kind = person, organisation, unnamed (a role "
                "without a name: \"officials\") or name (one word the text never gives a first name or title); "
                "labels and quoted words per source",
    "alignment_score": "combined evidence that two paragraphs report the same thing, in [0, 1]",
    "actor_sentiment": "sentiment toward an actor: for each sentence that names it, the target-aware model's reading "
                       "(0.0 when its likeliest class is neutral, else p(positive) - p(negative), at least 0.1 in "
                       "magnitude), averaged over those sentences; own_/quote_ split by the voice of the words naming "
                       "the actor; negative/neutral/positive count the sentences; by_speaker = readings inside the "
                       "quotes of each speaker; lean = the model's p(positive) - p(negative), averaged the same way but never "
                       "set to 0; readings = every (paragraph, sentence, voice, speaker, value, lean)",
    "speaker_sentiment": "per speaker (the event actor it belongs to, else who the label names: see speakers): quotes "
                         "and the mean VADER score of their quoted or reported words",
    "loaded_language": "markers of the writer's hand from compare/data/loaded_language.yaml: intensifiers, hedges, "
                       "factive verbs, assertive verbs and subjective words, with counts per 1,000 words",
    "distinctive_words": "words the source uses more than the rest of the event: log-odds ratio with an informative "
                         "Dirichlet prior (the event's counts; Monroe et al. 2008), as a z-score; significant = z >= 1.96",
    "substitutions": "words one source uses where the other says the same thing in other words: the two spans fill "
                     "the same slot (between shared words) of two sentences that report the same thing, and look "
                     "like the same part of the sentence (similar length, the same head form, a name only against "
                     "a name); inflections, numbers and adverb swaps are left out. Other differences are only "
                     "differing words, with no claim that they mean the same",
}


def report_dict(report: EventReport) -> dict:
    event = report.event
    metrics = report.metrics
    sources = []
    word_choice = report.word_choice
    for article in report.articles:
        scores = report.scores[article.id]
        m = metrics[article.id]
        source = article.source
        sources.append({
            "id": article.id,
            "name": source.name,
            "path": display_path(source.path),
            "title": source.title,
            "url": str(source.meta["url"]) if source.meta.get("url") else None,
            "published": _date(source.meta.get("published")) or article.metadata.get("date"),
            "metadata": dict(sorted(article.metadata.items())),
            "warnings": list(source.warnings),
            "headings": [{"text": h.text, "line": h.line} for h in article.headings],
            "paragraphs": [
                {
                    "index": p.index,
                    "text": p.text,
                    "line": p.line,
                    "section": p.section,
                    "sentiment": ps.sentiment,
                    "own_sentiment": ps.own_sentiment,
                    "quote_sentiment": ps.quote_sentiment,
                    "frames": dict(ps.frames),
                    "frame_cues": {k: list(v) for k, v in ps.frame_cues.items()},
                    "frame_confidence": ps.frame_confidence,
                }
                for p, ps in zip(article.paragraphs, scores.paragraphs)
            ],
            "removed": [{"text": r.text, "reason": r.reason, "line": r.line} for r in article.removed],
            "metrics": {
                "coverage": m.coverage,
                "sentiment": m.sentiment,
                "divergence": m.divergence,
                "own_sentiment": scores.own_sentiment,
                "quote_sentiment": scores.quote_sentiment,
                "sentiment_gap": m.sentiment_gap,
                "frame_distance": m.frame_distance,
                "unique_share": m.unique_share,
                "paragraphs": len(article.paragraphs),
                "words": article.word_count,
                "removed_blocks": len(article.removed),
                "factors": dict(m.factors),
                "drivers": list(m.drivers),
                "aligned_sentiment_gap": m.aligned_sentiment_gap,
                "voice_distance": m.voice_distance,
            },
            "reasons": list(m.reasons),
            "emphasis": {"shift": m.emphasis.shift, "mean_position_of_shared": m.emphasis.mean_position_of_shared,
                         "leads_with": list(m.emphasis.leads_with), "buries": list(m.emphasis.buries)},
            "actor_sentiment_gaps": dict(m.actor_sentiment_gaps),
            "voices": {
                "speakers": [{"speaker": v.speaker, "kind": v.kind, "actor": v.actor, "party": v.party, "state": v.state,
                              "labels": list(v.labels), "quotes": v.quotes, "words": v.words,
                              "direct": v.direct, "paragraphs": list(v.paragraphs)} for v in m.voices.speakers],
                "sides": dict(m.voices.sides),
                "quoted_words": m.voices.quoted_words,
            },
            "covered_units": list(m.covered_units),
            "omitted_units": list(m.omitted_units),
            "unique_paragraphs": list(m.unique_paragraphs),
            "frames": dict(scores.frames),
            "frame_confidence": scores.frame_confidence,
            "actors": {
                a.actor: {
                    "mentions": a.mentions,
                    "sentiment": a.sentiment,
                    "own_sentiment": a.own_sentiment,
                    "quote_sentiment": a.quote_sentiment,
                    "own_mentions": a.own_mentions,
                    "quote_mentions": a.quote_mentions,
                    "negative": a.negative,
                    "neutral": a.neutral,
                    "positive": a.positive,
                    "vader_sentiment": a.vader_sentiment,
                    "by_speaker": {k: {"sentences": n, "sentiment": v} for k, (n, v) in a.by_speaker.items()},
                    "lean": a.lean,
                    "readings": [{"paragraph": p, "sentence": k, "voice": v, "speaker": sp, "sentiment": x, "lean": y}
                                 for p, k, v, sp, x, y in a.readings],
                }
                for a in scores.actors
            },
            "quotes": [
                {"paragraph": q.paragraph, "text": q.text, "speaker": q.speaker, "label": q.label, "actor": q.actor,
                 "direct": q.direct, "sentiment": q.sentiment}
                for q in scores.quotes
            ],
            "speaker_sentiment": {k: {"quotes": n, "sentiment": v} for k, (n, v) in scores.speaker_sentiment.items()},
            "loaded_language": {kind: {"count": k.count, "per_1000_words": k.per_1000_words, "words": dict(k.words)}
                                for kind, k in scores.loaded.items()},
            "distinctive_words": [
                {"word": d.word, "z": d.z, "count": d.count, "significant": d.significant}
                for d in (word_choice.distinctive.get(article.id, ()) if word_choice else ())
            ],
            "scoring": {"frames": scores.frame_method, "actors": scores.actor_method},
        })
    ranking = sorted(metrics.values(), key=lambda m: (-m.divergence, m.source))
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "source-compare", "version": __version__},
        "event": {
            "id": event.id,
            "title": event.title,
            "date": event.date.isoformat() if event.date else None,
            "actors": [{"name": a.name, "forms": list(a.forms)} for a in report.actors],
            "actors_from": report.actors_from,
        },
        "sources": sources,
        "speakers": [
            {"name": s.name, "kind": s.kind, "party": s.party, "state": s.state, "title": s.title, "actor": s.actor,
             "labels": {sid: list(labels) for sid, labels in s.labels.items()}, "words": dict(s.words)}
            for s in report.speakers
        ],
        "alignments": [
            {
                "a": {"source": al.a.source, "paragraph": al.a.paragraph},
                "b": {"source": al.b.source, "paragraph": al.b.paragraph},
                "score": al.score,
                "evidence": list(al.evidence),
                "shared": list(al.shared),
            }
            for al in report.alignment.alignments
        ],
        "aligned_pairs": dict(report.alignment.pair_counts),
        "consensus": {"others": max(0, len(sources) - 1), "needed": consensus_needed(len(sources)),
                      "rule": consensus_rule(len(sources))},
        "largest_unit": largest_unit(report.alignment.units),
        "content_units": [
            {
                "id": u.id,
                "label": u.label,
                "sources": list(u.sources),
                "members": [{"source": r.source, "paragraph": r.paragraph} for r in u.members],
                "reported_by": {sid: list(ps) for sid, ps in u.reporting.items()},
            }
            for u in report.alignment.units
        ],
        "compared_pairs": [
            {"a": {"source": p.a.source, "paragraph": p.a.paragraph}, "b": {"source": p.b.source, "paragraph": p.b.paragraph},
             "score": p.score, "evidence": list(p.evidence), "unit": p.unit,
             "differing": {"a": list(p.only_a), "b": list(p.only_b)},
             "substitutions": [{"a": x, "b": y} for x, y in p.substitutions]}
            for p in (word_choice.pairs if word_choice else ())
        ],
        "similarity": _similarity(report),
        "conflicts": [
            {
                "kind": c.kind,
                "about": c.about,
                "note": c.note,
                "values": [{"value": value, "sources": count} for value, count in c.tally],
                "claims": [{"source": cl.source, "paragraph": cl.paragraph, "value": cl.value, "text": cl.text}
                           for cl in c.claims],
            }
            for c in report.conflicts
        ],
        "ranking": [
            {"source": m.source, "divergence": m.divergence, "drivers": list(m.drivers),
             "reasons": list(m.reasons), "contributions": dict(m.contributions)}
            for m in ranking
        ],
        "word_choice": [
            {"a": a, "b": b, "substitutions": [{"a": x, "b": y, "times": n} for x, y, n in pairs]}
            for (a, b), pairs in (word_choice.by_sources.items() if word_choice else ())
        ],
        "definitions": DEFINITIONS,
    }


def _similarity(report: EventReport) -> dict:
    """The source x source similarity as a matrix over the sources in report order."""
    ids = [a.id for a in report.articles]
    similarity = report.alignment.similarity
    return {"sources": ids,
            "values": [[similarity.get((a, b), 1.0 if a == b else 0.0) for b in ids] for a in ids]}


def dumps(data: dict) -> str:
    """Deterministic JSON text: same report, same bytes.

    Laid out for people and line-based tools at any size: the report's keys one per line,
    and so the keys of each object in a top-level list that holds lists of records (each
    source); every list of records (alignments, units, paragraphs, quotes, matrix rows) one
    record per line. Records are written by the C encoder: a 200-outlet report has a
    million values, which the pure-Python pretty printer takes seconds over.
    """
    return _layout(data, 0) + "\n"


def _layout(value, level: int) -> str:
    if isinstance(value, dict) and value and (level == 0 or level == 1 or (level == 2 and any(map(_is_rows, value.values())))):
        inner = "  " * (level + 1)
        return ("{\n" + ",\n".join(f"{inner}{_compact(k)}: {_layout(v, level + 1)}" for k, v in value.items())
                + "\n" + "  " * level + "}")
    if _is_rows(value):
        inner = "  " * (level + 1)
        expand = level == 1 and any(isinstance(item, dict) and any(map(_is_rows, item.values())) for item in value[:1])
        return ("[\n" + ",\n".join(inner + (_layout(item, level + 1) if expand else _compact(item)) for item in value)
                + "\n" + "  " * level + "]")
    return _compact(value)


def _is_rows(value) -> bool:
    """A non-empty list of objects or lists."""
    return isinstance(value, list) and bool(value) and isinstance(value[0], (dict, list))


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _date(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
