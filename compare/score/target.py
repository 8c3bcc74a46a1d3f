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
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate, compress
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

from ..errors import InputError
from ..text import stem
from .sentiment import sentence_sentiment, word_valences

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
    """Lower-cased tokens (words and clause punctuation) with their character offsets.

    The text is lower-cased once and each token cut from it, which is each token lower-cased
    on its own as long as every character lower-cases to one character by itself: not so for
    a few (İ becomes two) and for Σ, whose small form depends on its neighbours; a text with
    such a character has its tokens lower-cased one by one."""
    lowered = text.lower()
    if len(lowered) != len(text) or "Σ" in text:
        return [(m.group(0).lower().replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    lowered = lowered.replace("’", "'")
    spans = list(map(_SPAN, _TOKEN.finditer(text)))
    return [(lowered[start:end], start, end) for start, end in spans]


_SPAN = re.Match.span


def target_features(sentence: str, spans: Sequence[tuple[int, int]],
                    tokens: list[tuple[str, int, int]] | None = None) -> dict[str, float]:
    """Named features of the target at character `spans` of `sentence` (all its mentions).

    - `w=` sentence words and `s=` their stems, `b=` word pairs, with the target masked (the
      model learns how a sentence talks about someone, not who tends to be liked); words in
      the scope of a negation get a `not_` prefix;
    - `l=`/`r=` stems within five words left/right of the nearest mention, `l1=` .. `r2=`
      the two nearest on each side, `c=` stems of the target's own clause;
    - `v:` numbers: VADER valences of those regions (sums, and weighted by distance), VADER's
      compound score of the sentence and of the target's clause;
    - `pos:` whether the target opens the sentence, recurs, or is absent.

    `tokens` is `tokenize(sentence)` when the caller already has it.
    """
    return _features(sentence, spans, tokenize(sentence) if tokens is None else tokens, FEATURE_NAMES)


def _features(sentence: str, spans: Sequence[tuple[int, int]], tokens: list[tuple[str, int, int]],
              keys: FeatureKeys) -> dict:
    """The features of `target_features`, counted under `keys`: their names, or a model's
    columns (a feature the model does not know is left out).

    This is the one definition of the features, for training and for prediction alike.
    Features are kept in the order they are first met: the model's dot product sums them in
    that order, so another order could move a probability in its last bit.
    """
    if len(spans) == 1:
        (a, b), = spans
        is_target = [a < e and s < b for _, s, e in tokens]
    else:
        is_target = _overlapping(tokens, spans)
    # a key is None for a feature the model does not know, and for the masked target's own
    # word: such features are not counted
    features: dict = {}
    get = features.get
    constant = keys.constants

    def add(name: str, value: float) -> None:
        key = constant[name]
        if key is not None:
            features[key] = get(key, 0.0) + value

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

    table = keys.words
    looked_up = [table[w] for w in words]
    # the loops below are `add` inlined: they run for every word of every sentence read
    for word in looked_up:
        key = word.word
        if key is not None:
            features[key] = get(key, 0.0) + 1.0
        key = word.stem
        if key is not None:
            features[key] = get(key, 0.0) + 1.0
    for word, following in zip(looked_up, words[1:]):  # b=word_following
        key = word.pairs.get(following)
        if key is not None:
            features[key] = get(key, 0.0) + 1.0
    polar = [word.polarity for word in looked_up]
    valenced = list(filter(None, polar))  # a valence of 0 adds nothing to these three sums
    add("v:sent_pos", _positive_sum(valenced) / 4)
    add("v:sent_neg", _negative_magnitude(valenced) / 4)
    add("v:compound", _compound(sum(valenced)))
    add("v:sent_vader", sentence_sentiment(sentence))
    if not target_positions:
        add("pos:absent", 1.0)
        return features

    near: dict[int, int] = {}
    for p in target_positions:
        for k in range(max(0, p - _WINDOW), min(len(words), p + _WINDOW + 1)):
            if words[k] != "<t>" and (k not in near or abs(k - p) < abs(near[k])):
                near[k] = k - p
    for k, offset in near.items():
        word = looked_up[k]
        side, nearest = (word.left, word.left_nearest) if offset < 0 else (word.right, word.right_nearest)
        for key in (side, nearest[abs(offset) - 1] if abs(offset) <= _NEAR else None):
            if key is not None:
                features[key] = get(key, 0.0) + 1.0
    left = [polar[k] for k, off in near.items() if off < 0]
    right = [polar[k] for k, off in near.items() if off > 0]
    add("v:near_pos", _positive_sum(left + right) / 4)
    add("v:near_neg", _negative_magnitude(left + right) / 4)
    add("v:left", sum(left) / 4)
    add("v:right", sum(right) / 4)
    by_distance_pos = by_distance_neg = 0.0
    for k in compress(range(len(polar)), polar):  # the words with a valence
        v = polar[k]
        # the nearest mention is one of the two around k (positions ascend)
        after = bisect_left(target_positions, k)
        distance = min(abs(k - p) for p in target_positions[max(0, after - 1):after + 1])
        if v > 0:
            by_distance_pos += v / (1 + distance)
        else:
            by_distance_neg -= v / (1 + distance)
    add("v:dist_pos", by_distance_pos / 2)
    add("v:dist_neg", by_distance_neg / 2)
    if target_positions[0] <= 1:
        add("pos:start", 1.0)
    if len(target_positions) > 1:
        add("pos:repeated", 1.0)

    # the target's clause: from the break before its first mention to the break after its last
    first = is_target.index(True)
    last = len(is_target) - 1 - is_target[::-1].index(True)
    while first > 0 and tokens[first - 1][0] not in _CLAUSE_BREAKS:
        first -= 1
    while last < len(tokens) - 1 and tokens[last + 1][0] not in _CLAUSE_BREAKS:
        last += 1
    clause = [table[tokens[k][0]] for k in range(first, last + 1) if not is_target[k]]
    for word in clause:
        key = word.clause
        if key is not None:
            features[key] = get(key, 0.0) + 1.0
    # a clause token is never negation-marked, so its polarity is its plain VADER valence
    clause_polar = [word.polarity for word in clause]
    add("v:clause_pos", _positive_sum(clause_polar) / 4)
    add("v:clause_neg", _negative_magnitude(clause_polar) / 4)
    add("v:clause_vader", sentence_sentiment(sentence[tokens[first][1]:tokens[last][2]]))
    return features


def _overlapping(tokens: list[tuple[str, int, int]], spans: Sequence[tuple[int, int]]) -> list[bool]:
    """Per token, whether it overlaps any of the spans: one binary search per token over the
    spans by start, with the furthest end reached so far (a sentence may name its target
    hundreds of times)."""
    ordered = sorted(spans)
    starts = [a for a, _ in ordered]
    reach = list(accumulate((b for _, b in ordered), max))
    found = []
    for _, s, e in tokens:
        last = bisect_left(starts, e) - 1  # the spans that start before the token ends
        found.append(last >= 0 and reach[last] > s)
    return found


# the features that are numbers or flags rather than words
_CONSTANT_FEATURES = (
    "v:sent_pos", "v:sent_neg", "v:compound", "v:sent_vader", "pos:absent", "v:near_pos", "v:near_neg",
    "v:left", "v:right", "v:dist_pos", "v:dist_neg", "pos:start", "pos:repeated", "v:clause_pos",
    "v:clause_neg", "v:clause_vader")


class _WordKeys(NamedTuple):
    """The keys of the features one word gives (see `FeatureKeys`), and its VADER valence."""

    word: object  # w=word
    stem: object  # s=stem
    clause: object  # c=stem
    left: object  # l=stem
    right: object  # r=stem
    left_nearest: tuple  # l1=stem, l2=stem
    right_nearest: tuple  # r1=stem, r2=stem
    polarity: float
    pairs: object  # .get(next word) -> the key of b=word_next


class _WordKeyTable(dict):
    """word (as `_features` spells it: a token, `not_` + token, or <t>) -> its `_WordKeys`,
    made the first time the word is met: `key` turns a feature name into its key, `pairs` a
    word into the pairs it starts."""

    LIMIT = 500_000  # distinct words kept before the table starts again

    def __init__(self, key, pairs):
        super().__init__()
        self.key, self.pairs = key, pairs

    def __missing__(self, word: str) -> _WordKeys:
        if len(self) >= self.LIMIT:
            self.clear()
        valence = word_valences()
        if word.startswith("not_"):
            stemmed = "not_" + stem(word[4:])
            polarity = -0.5 * valence.get(word[4:], 0.0)
        else:
            stemmed = stem(word) if word.isalpha() else word
            polarity = valence.get(word, 0.0)
        key = self.key
        masked = word == "<t>"  # the target itself has no word features
        value = self[word] = _WordKeys(
            None if masked else key("w=" + word), None if masked else key("s=" + stemmed),
            key("c=" + stemmed), key("l=" + stemmed), key("r=" + stemmed),
            tuple(key(f"l{d}={stemmed}") for d in range(1, _NEAR + 1)),
            tuple(key(f"r{d}={stemmed}") for d in range(1, _NEAR + 1)),
            polarity, self.pairs(word))
        return value


class _PairNames:
    """The `pairs` of a word when features are keyed by name: b=word_next for any next word."""

    __slots__ = ("prefix",)

    def __init__(self, word: str):
        self.prefix = f"b={word}_"

    def get(self, following: str) -> str:
        """The name of the pair (this word, `following`)."""
        return self.prefix + following


class FeatureKeys:
    """What `_features` counts each feature under: its name (`index` None), or its column in
    a model (`index`: name -> column), None for a feature the model does not know.

    A word's keys are looked up once, the first time the word is met, instead of joining and
    looking up each of its feature names for every sentence that has it.
    """

    def __init__(self, index: dict[str, int] | None = None):
        self.index = index
        key = (lambda name: name) if index is None else index.get
        self.words = _WordKeyTable(key, _PairNames if index is None else self._pair_columns)
        self.constants = {name: key(name) for name in _CONSTANT_FEATURES}
        # the model's word pairs in order, so that the pairs a word starts are a slice
        self.pair_names = sorted(name for name in index if name.startswith("b=")) if index is not None else []

    def _pair_columns(self, word: str) -> dict[str, int]:
        """next word -> column, for the pairs b=word_next the model knows: a word's pairs
        looked up once, instead of joining and looking up each pair of every sentence."""
        prefix = f"b={word}_"
        names = self.pair_names
        # the names that start with the prefix: from the prefix up to where "_" would be "`"
        first, last = bisect_left(names, prefix), bisect_left(names, prefix[:-1] + "`")
        return {name[len(prefix):]: self.index[name] for name in names[first:last]}


FEATURE_NAMES = FeatureKeys()  # features by name, as `target_features` gives them


def _positive_sum(values: list[float]) -> float:
    """`sum(v for v in values if v > 0)`, the same additions in the same order, filtered in C."""
    return sum(filter(_IS_POSITIVE, values))


def _negative_magnitude(values: list[float]) -> float:
    """`sum(-v for v in values if v < 0)`: the same bits, as rounding treats a sum and its
    negation alike (-a + -b is -(a + b) exactly)."""
    return -sum(filter(_IS_NEGATIVE, values))


_IS_POSITIVE = (0.0).__lt__  # v > 0
_IS_NEGATIVE = (0.0).__gt__  # v < 0


def _compound(total: float) -> float:
    return total / math.sqrt(total * total + 15)  # VADER's normalisation


@dataclass(frozen=True, slots=True)
class TargetModel:
    """A fitted linear model over `target_features`: weights per class and feature."""

    index: dict[str, int]
    weights: object  # numpy array, features x classes
    intercept: object  # numpy array, classes
    meta: dict
    keys: FeatureKeys = field(init=False, repr=False, compare=False)  # the features by column

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", FeatureKeys(self.index))

    def predict(self, sentence: str, spans: Sequence[tuple[int, int]]) -> TargetSentiment:
        """The class probabilities for the target at `spans` of `sentence`."""
        return self.predict_many([(sentence, spans)])[0]

    def predict_many(self, items: Iterable[tuple[str, Sequence[tuple[int, int]]]]) -> list[TargetSentiment]:
        """The class probabilities of each (sentence, target spans), in order.

        A sentence that comes several times (one per actor it names) is tokenized once. Each
        reading keeps its own small product over its own features, in their order: one
        product for the whole batch would sum the same terms in another order and could
        change a probability in its last bit.
        """
        import numpy as np

        weights, intercept = self.weights, self.intercept
        tokenized: dict[str, list[tuple[str, int, int]]] = {}
        # a reading that comes again (one sentence repeated down a page) is read once
        done: dict[tuple[str, tuple[tuple[int, int], ...]], TargetSentiment] = {}
        results = []
        for sentence, spans in items:
            reading = (sentence, tuple(map(tuple, spans)))
            found = done.get(reading)
            if found is not None:
                results.append(found)
                continue
            tokens = tokenized.get(sentence)
            if tokens is None:
                tokens = tokenized[sentence] = tokenize(sentence)
            features = _features(sentence, spans, tokens, self.keys)  # column -> value
            n = len(features)
            logits = intercept + np.fromiter(features.values(), np.float64, n) @ weights[np.fromiter(features, np.intp, n)]
            # the reductions behind .max() and .sum(), called without their Python wrappers
            p = np.exp(logits - np.maximum.reduce(logits))
            p /= np.add.reduce(p)
            negative, neutral, positive = p.tolist()
            results.append(done.setdefault(reading, TargetSentiment(round(negative, 4), round(neutral, 4), round(positive, 4))))
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
        # a feature's three class weights side by side: a reading gathers ~100 scattered rows,
        # one cache line each instead of three
        weights = np.ascontiguousarray(np.array(data["coefficients"], dtype=np.float64).T)
        intercept = np.array(data["intercept"], dtype=np.float64)
        classes = tuple(data["classes"])
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(where, f"not a target sentiment model written by scripts/train_target_sentiment.py ({error})") from None
    if classes != CLASSES or weights.shape != (len(features), 3) or data.get("feature_version") != FEATURE_VERSION:
        raise InputError(where, f"target sentiment model does not match this version of source-compare "
                                f"(classes {classes}, feature_version {data.get('feature_version')}); retrain it")
    return TargetModel({f: k for k, f in enumerate(features)}, weights, intercept, data.get("meta", {}))
