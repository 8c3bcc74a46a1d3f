"""Read the hand-made seed alignment judgement (fixtures/seed_alignment_judgement.yaml) into
pairs of cleaned paragraphs, for tests/test_align.py and bench/align_quality.py."""
from __future__ import annotations

from itertools import combinations
from pathlib import Path

import yaml

from compare import load_event
from compare.pipeline import prepare

HERE = Path(__file__).resolve().parent
JUDGEMENT = HERE / "fixtures" / "seed_alignment_judgement.yaml"
SEED_EVENT = HERE.parent / "corpus" / "rwanda-belgium-2025"


def judged_pairs():
    """(articles, judged pairs, borderline pairs); a pair is a frozenset of two
    (source, cleaned paragraph index) tuples. Paragraphs are found by their first words."""
    articles = prepare(load_event(SEED_EVENT))
    judgement = yaml.safe_load(JUDGEMENT.read_text(encoding="utf-8"))
    where = {}
    for name, prefix in judgement["paragraphs"].items():
        source = name.split(":")[0]
        article = next(a for a in articles if a.id == source)
        hits = [p.index for p in article.paragraphs if p.text.startswith(prefix)]
        if len(hits) != 1:
            raise AssertionError(f"{name}: {len(hits)} cleaned paragraphs start with {prefix!r}")
        where[name] = (source, hits[0])
    same: set[frozenset] = set()
    borderline: set[frozenset] = set()
    for fact in judgement["facts"]:
        core = [where[k] for k in fact["core"]]
        everyone = core + [where[k] for k in fact["passing"]]
        for x, y in combinations(everyone, 2):
            if x[0] != y[0]:
                (same if x in core and y in core else borderline).add(frozenset([x, y]))
    return articles, same, borderline - same
