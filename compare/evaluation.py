"""How the project measures itself: the readers of hand-made judgements and the metrics that
bench scripts, tests and training scripts compare the pipeline's output with.

Imported by nothing else in the package: nothing on the `report`, `clean` or `check` path
depends on it.
"""
from __future__ import annotations

from itertools import combinations
from pathlib import Path

import yaml

from .corpus import load_event
from .errors import InputError
from .model import Article
from .pipeline import prepare

# Two paragraphs of two sources, each as (source id, cleaned paragraph index).
ParagraphPair = frozenset[tuple[str, int]]


# --- alignment judgement ------------------------------------------------------------------


def judged_pairs(event_folder: Path, judgement_file: Path) -> tuple[tuple[Article, ...], set[ParagraphPair], set[ParagraphPair]]:
    """(articles, judged pairs, borderline pairs) of a hand-made alignment judgement of the
    event in `event_folder` (as bench/data/seed_alignment_judgement.yaml describes it).

    The articles are the event's cleaned articles; a judged pair is two `core` paragraphs of
    one fact, a borderline pair shares a fact only through a `passing` paragraph (and is
    not also a judged pair). Paragraphs are found by their first words, so the judgement
    survives a change of the cleaner's indices.
    """
    articles = prepare(load_event(event_folder))
    judgement = yaml.safe_load(Path(judgement_file).read_text(encoding="utf-8"))
    where = {}
    for name, prefix in judgement["paragraphs"].items():
        source = name.split(":")[0]
        article = next((a for a in articles if a.id == source), None)
        if article is None:
            raise InputError(judgement_file, f"{name}: the event has no source {source!r}; "
                                             f"name a paragraph <source>:<index> of {event_folder}")
        hits = [p.index for p in article.paragraphs if p.text.startswith(prefix)]
        if len(hits) != 1:
            raise InputError(judgement_file, f"{name}: {len(hits)} cleaned paragraphs start with {prefix!r}, "
                                             f"expected one; give the paragraph's own first words")
        where[name] = (source, hits[0])
    same: set[ParagraphPair] = set()
    borderline: set[ParagraphPair] = set()
    for fact in judgement["facts"]:
        core = [where[k] for k in fact["core"]]
        everyone = core + [where[k] for k in fact["passing"]]
        for x, y in combinations(everyone, 2):
            if x[0] != y[0]:
                (same if x in core and y in core else borderline).add(frozenset([x, y]))
    return articles, same, borderline - same
