"""Cross-event summary: each outlet's figures across all events of a corpus.

Built from one small `event_summary` per event (so a corpus of any size is summarised
without holding its reports in memory); compare/render/summary.py writes it as
`summary.json` and `index.html`.
"""
from __future__ import annotations

from .stats import mean, mean_profile


def event_summary(data: dict) -> dict:
    """The few figures per source of one report.json that the corpus summary needs."""
    return {
        "id": data["event"]["id"],
        "title": data["event"]["title"],
        "date": data["event"].get("date"),
        "conflicts": len(data.get("conflicts", [])),
        "sources": [
            {
                "id": s["id"],
                "name": s["name"],
                "coverage": s["metrics"].get("coverage"),
                "divergence": s["metrics"].get("divergence"),
                "sentiment": s["metrics"].get("sentiment"),
                "own_sentiment": s["metrics"].get("own_sentiment"),
                "quote_sentiment": s["metrics"].get("quote_sentiment"),
                "frames": dict(s.get("frames", {})),
                "paragraphs": s["metrics"].get("paragraphs"),
            }
            for s in data["sources"]
        ],
    }


def summary_dict(summaries: list[dict]) -> dict:
    """Per outlet (the `source` name of its articles) across events, plus the event list."""
    events = sorted(summaries, key=lambda e: (e.get("date") or "", e["id"]))
    by_outlet: dict[str, list[tuple[dict, dict]]] = {}
    for event in events:
        for source in event["sources"]:
            by_outlet.setdefault(source["name"], []).append((event, source))
    outlets = []
    for name in sorted(by_outlet):
        rows = by_outlet[name]
        outlets.append({
            "name": name,
            "events": len(rows),
            "mean_coverage": _mean_of([s["coverage"] for _, s in rows]),
            "mean_divergence": _mean_of([s["divergence"] for _, s in rows]),
            "mean_sentiment": _mean_of([s["sentiment"] for _, s in rows]),
            "mean_own_sentiment": _mean_of([s["own_sentiment"] for _, s in rows]),
            "mean_quote_sentiment": _mean_of([s["quote_sentiment"] for _, s in rows]),
            "frames": {k: round(v, 4) for k, v in mean_profile([s["frames"] for _, s in rows]).items()},
            "per_event": [
                {"event": e["id"], "source": s["id"], "coverage": s["coverage"], "divergence": s["divergence"],
                 "sentiment": s["sentiment"]}
                for e, s in rows
            ],
        })
    return {
        "schema_version": 1,
        "events": [
            {"id": e["id"], "title": e["title"], "date": e.get("date"), "sources": len(e["sources"]),
             "conflicts": e["conflicts"], "report": f"{e['id']}/report.html"}
            for e in events
        ],
        "outlets": outlets,
        "definitions": {
            "mean_coverage": "mean over the outlet's events of its coverage (events without consensus units are left out)",
            "mean_divergence": "mean over the outlet's events of its divergence from the other sources of the event",
            "mean_sentiment": "mean over the outlet's events of its mean sentence sentiment (VADER compound)",
            "frames": "mean of the outlet's frame profiles across events",
        },
    }


def _mean_of(values: list) -> float | None:
    """The mean of the values that are known, rounded to 4 places."""
    found = mean(v for v in values if v is not None)
    return None if found is None else round(found, 4)
