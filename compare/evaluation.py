"""How the project measures itself: the readers of hand-made judgements and the metrics that
bench scripts, tests and training scripts compare the pipeline's output with.

Imported by nothing else in the package: nothing on the `report`, `clean` or `check` path
depends on it.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Iterable

from .errors import InputError
from .model import Article

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
    import yaml

    from .corpus import load_event
    from .pipeline import prepare

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


# --- boilerplate removal: the extraction benchmark's metric --------------------------------
# F1 over 4-token shingles, per-page means: the metric of scrapinghub/article-extraction-benchmark
# (`evaluate.py`), as the README of `extraction-dev` describes it. One implementation for the
# benchmark (bench/boilerplate.py), the training script (scripts/train_boilerplate.py) and the tests.

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Return the multiset of n-token shingles of `text` (a 1..n-1 token text is one shingle)."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True, slots=True)
class PageScore:
    """TP, FP and FN of one page, each divided by their sum so every page weighs the same."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        """None when the prediction is empty: such pages are left out of the precision mean."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp > 0 else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn > 0 else None


def score_page(truth: str, prediction: str, n: int = 4) -> PageScore:
    """Compare a prediction with the truth as multisets of shingles."""
    true_shingles = shingles(truth, n)
    predicted = shingles(prediction, n)
    tp = sum((true_shingles & predicted).values())
    fp = sum((predicted - true_shingles).values())
    fn = sum((true_shingles - predicted).values())
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


@dataclass(frozen=True, slots=True)
class Summary:
    precision: float
    recall: float
    f1: float
    accuracy: float
    pages: int
    empty: int  # pages with an empty prediction

    def row(self) -> str:
        return f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  acc {self.accuracy:.3f}  empty {self.empty}"


def summarise(pairs: Iterable[tuple[str, str]]) -> Summary:
    """Benchmark figures over (truth, prediction) pairs: means of per-page precision and recall."""
    precisions: list[float] = []
    recalls: list[float] = []
    exact = pages = empty = 0
    for truth, prediction in pairs:
        pages += 1
        page = score_page(truth, prediction)
        if page.precision is None:
            empty += 1
        else:
            precisions.append(page.precision)
        if page.recall is not None:
            recalls.append(page.recall)
        exact += _TOKEN.findall(truth) == _TOKEN.findall(prediction)
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Summary(precision, recall, f1, exact / pages if pages else 0.0, pages, empty)
