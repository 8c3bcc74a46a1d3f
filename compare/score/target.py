"""Sentiment toward a target mention: a linear model trained on NewsMTSC, applied with numpy.

News sentiment is mostly implicit ("X was also facing the prospect of being left out ...
because of his poor showings"), and a sentence often treats two people differently, so
the sentiment of the whole sentence is a poor guide to the sentiment toward one person in
it. The model here reads the words of the sentence with the target masked, the words
just left and right of the target marked by side and the words of its clause; VADER
valences of those regions are added as numeric features.

The fitted model ships as data, `compare/data/target_sentiment.json` (feature vocabulary,
one row of coefficients and an intercept per class; no pickle), written by
`scripts/train_target_sentiment.py` (one-vs-rest logistic regressions over Naive-Bayes-
scaled features, folded back into plain coefficients); class probabilities are the softmax
of the three class scores.
This module never imports scikit-learn: the features are built here, in pure Python, and
the training script builds its matrices with the same `target_features` function, so
training and use cannot drift apart.

What a caller gets for one (sentence, target): probabilities of negative / neutral /
positive, and a signed score that is exactly 0.0 when the model's most likely class is
neutral, and otherwise p(positive) - p(negative), pushed out to at least 0.1 in magnitude:
its sign is the class, without any threshold to guess.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import InputError

CLASSES = ("negative", "neutral", "positive")
# the smallest magnitude of a non-neutral score, so |score| > 0.05 reads as "not neutral"
MIN_POLAR_SCORE = 0.1
FEATURE_VERSION = 1

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|n['’]t\b|[!?“”\"«»,;:()—–]", re.U)
_NEGATORS = frozenset(
    "not no never nor none nobody nothing neither without cannot can't won't don't doesn't didn't "
    "isn't aren't wasn't weren't hasn't haven't hadn't shouldn't wouldn't couldn't n't".split())
# where a clause ends, for "the words of the target's own clause"
_CLAUSE_BREAKS = frozenset(", ; : ( ) — – “ ” \" but while although though whereas because however".split())
_PUNCTUATION_KEPT = frozenset('! ? “ ” " « »'.split())  # kept as words: exclamations, quotes
_WINDOW = 5  # context words each side of the target
_NEAR = 2


@dataclass(frozen=True, slots=True)
class TargetSentiment:
    """The model's reading of one target in one sentence."""

    negative: float
    neutral: float
    positive: float

    @property
    def label(self) -> str:
        return CLASSES[max(range(3), key=lambda k: (self.probabilities[k], -abs(k - 1)))]

    @property
    def probabilities(self) -> tuple[float, float, float]:
        return (self.negative, self.neutral, self.positive)

    @property
    def score(self) -> float:
        """0.0 when the likeliest class is neutral, else p(pos) - p(neg), at least 0.1 in magnitude."""
        return polar_score(self.probabilities)


def polar_score(probabilities: Sequence[float]) -> float:
    """The signed score of a (negative, neutral, positive) probability triple (see module doc)."""
    negative, neutral, positive = probabilities
    if neutral >= negative and neutral >= positive:
        return 0.0
    value = positive - negative
    if value == 0.0:
        return 0.0
    magnitude = max(abs(value), MIN_POLAR_SCORE)
    return round(math.copysign(magnitude, value), 4)


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased tokens (words and clause punctuation) with their character offsets."""
    return [(m.group(0).lower().replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def target_features(sentence: str, spans: Sequence[tuple[int, int]]) -> dict[str, float]:
    """Named features of the target at character `spans` of `sentence` (all its mentions).

    - `w=` sentence words and `s=` their stems, `b=` word pairs, with the target masked (the
      model learns how a sentence talks about someone, not who tends to be liked); words in
      the scope of a negation get a `not_` prefix;
    - `l=`/`r=` stems within five words left/right of the nearest mention, `l1=` .. `r2=`
      the two nearest on each side, `c=` stems of the target's own clause;
    - `v:` numbers: VADER valences of those regions (sums, and weighted by distance), VADER's
      compound score of the sentence and of the target's clause;
    - `pos:` whether the target opens the sentence, recurs, or is absent.
    """
    from ..text import stem
    from .sentiment import sentence_sentiment

    tokens = tokenize(sentence)
    is_target = [any(a < e and s < b for a, b in spans) for _, s, e in tokens]
    valence = _valences()
    features: dict[str, float] = {}

    def add(name: str, value: float = 1.0) -> None:
        features[name] = features.get(name, 0.0) + value

    def stemmed(word: str) -> str:
        if word.startswith("not_"):
            return "not_" + stem(word[4:])
        return stem(word) if word.isalpha() else word

    def polarity(word: str) -> float:
        if word.startswith("not_"):
            return -0.5 * valence.get(word[4:], 0.0)
        return valence.get(word, 0.0)

    # the word sequence: each mention masked as one <t>, negation scope marked
    words: list[str] = []
    target_positions: list[int] = []
    negated = 0
    for (tok, _, _), target in zip(tokens, is_target):
        if target:
            if not words or words[-1] != "<t>":
                target_positions.append(len(words))
                words.append("<t>")
            negated = 0
        elif tok in _CLAUSE_BREAKS and tok not in _PUNCTUATION_KEPT and not tok[0].isalpha():
            negated = 0
        elif tok in _NEGATORS:
            negated = 3
            words.append(tok)
        elif negated and tok.isalpha():
            words.append("not_" + tok)
            negated -= 1
        else:
            words.append(tok)

    for w in words:
        if w != "<t>":
            add("w=" + w)
            add("s=" + stemmed(w))
    for a, b in zip(words, words[1:]):
        add("b=" + a + "_" + b)
    polar = [polarity(w) for w in words]
    add("v:sent_pos", sum(v for v in polar if v > 0) / 4)
    add("v:sent_neg", sum(-v for v in polar if v < 0) / 4)
    add("v:compound", _compound(sum(polar)))
    add("v:sent_vader", sentence_sentiment(sentence))
    if not target_positions:
        add("pos:absent")
        return features

    near: dict[int, int] = {}
    for p in target_positions:
        for k in range(max(0, p - _WINDOW), min(len(words), p + _WINDOW + 1)):
            if words[k] != "<t>" and (k not in near or abs(k - p) < abs(near[k])):
                near[k] = k - p
    for k, offset in near.items():
        w = stemmed(words[k])
        side = "l" if offset < 0 else "r"
        add(f"{side}={w}")
        if abs(offset) <= _NEAR:
            add(f"{side}{abs(offset)}={w}")
    left = [polar[k] for k, off in near.items() if off < 0]
    right = [polar[k] for k, off in near.items() if off > 0]
    add("v:near_pos", sum(v for v in left + right if v > 0) / 4)
    add("v:near_neg", sum(-v for v in left + right if v < 0) / 4)
    add("v:left", sum(left) / 4)
    add("v:right", sum(right) / 4)
    by_distance_pos = by_distance_neg = 0.0
    for k, v in enumerate(polar):
        if v:
            distance = min(abs(k - p) for p in target_positions)
            if v > 0:
                by_distance_pos += v / (1 + distance)
            else:
                by_distance_neg -= v / (1 + distance)
    add("v:dist_pos", by_distance_pos / 2)
    add("v:dist_neg", by_distance_neg / 2)
    if target_positions[0] <= 1:
        add("pos:start")
    if len(target_positions) > 1:
        add("pos:repeated")

    # the target's clause: from the break before its first mention to the break after its last
    first = min(k for k, t in enumerate(is_target) if t)
    last = max(k for k, t in enumerate(is_target) if t)
    while first > 0 and tokens[first - 1][0] not in _CLAUSE_BREAKS:
        first -= 1
    while last < len(tokens) - 1 and tokens[last + 1][0] not in _CLAUSE_BREAKS:
        last += 1
    clause = [tokens[k][0] for k in range(first, last + 1) if not is_target[k]]
    for w in clause:
        add("c=" + stemmed(w))
    clause_polar = [valence.get(w, 0.0) for w in clause]
    add("v:clause_pos", sum(v for v in clause_polar if v > 0) / 4)
    add("v:clause_neg", sum(-v for v in clause_polar if v < 0) / 4)
    add("v:clause_vader", sentence_sentiment(sentence[tokens[first][1]:tokens[last][2]]))
    return features


def _compound(total: float) -> float:
    return total / math.sqrt(total * total + 15)  # VADER's normalisation


@lru_cache(maxsize=1)
def _valences() -> dict[str, float]:
    """VADER's word valences (from the vaderSentiment package, as in `sentiment.py`)."""
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    found: dict[str, float] = {}
    for line in text.split("\n"):
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] and not parts[0][0].isdigit():
            try:
                found[parts[0].lower()] = float(parts[1])
            except ValueError:
                continue
    return found


@dataclass(frozen=True, slots=True)
class TargetModel:
    """A fitted linear model over `target_features`: weights per class and feature."""

    index: dict[str, int]
    weights: object  # numpy array, features x classes
    intercept: object  # numpy array, classes
    meta: dict

    def predict(self, sentence: str, spans: Sequence[tuple[int, int]]) -> TargetSentiment:
        """The class probabilities for the target at `spans` of `sentence`."""
        return self.predict_many([(sentence, spans)])[0]

    def predict_many(self, items: Iterable[tuple[str, Sequence[tuple[int, int]]]]) -> list[TargetSentiment]:
        import numpy as np

        results = []
        for sentence, spans in items:
            columns: list[int] = []
            values: list[float] = []
            for name, value in target_features(sentence, spans).items():
                k = self.index.get(name)
                if k is not None:
                    columns.append(k)
                    values.append(value)
            logits = self.intercept + np.asarray(values) @ self.weights[columns]
            p = np.exp(logits - logits.max())
            p /= p.sum()
            results.append(TargetSentiment(*(round(float(x), 4) for x in p)))
        return results


DEFAULT_MODEL = "target_sentiment.json"


@lru_cache(maxsize=4)
def load_target_model(path: Path | None = None) -> TargetModel:
    """The bundled model, or one written by `scripts/train_target_sentiment.py` at `path`."""
    import numpy as np

    try:
        if path is None:
            text = resources.files("compare").joinpath("data", DEFAULT_MODEL).read_text(encoding="utf-8")
            where: Path | str = f"compare/data/{DEFAULT_MODEL}"
        else:
            text = Path(path).read_text(encoding="utf-8")
            where = path
    except OSError as error:
        raise InputError(path or DEFAULT_MODEL, f"cannot read the target sentiment model ({error.strerror})") from None
    try:
        data = json.loads(text)
        features = data["features"]
        weights = np.array(data["coefficients"], dtype=np.float64).T
        intercept = np.array(data["intercept"], dtype=np.float64)
        classes = tuple(data["classes"])
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(where, f"not a target sentiment model written by scripts/train_target_sentiment.py ({error})") from None
    if classes != CLASSES or weights.shape != (len(features), 3) or data.get("feature_version") != FEATURE_VERSION:
        raise InputError(where, f"target sentiment model does not match this version of source-compare "
                                f"(classes {classes}, feature_version {data.get('feature_version')}); retrain it")
    return TargetModel({f: k for k, f in enumerate(features)}, weights, intercept, data.get("meta", {}))
