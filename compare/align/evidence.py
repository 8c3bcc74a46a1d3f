"""Step 2 of the alignment: the direct evidence of each candidate pair (paragraph and best
sentence-pair cosine, shared quotations, the part of the cosine outside the event's topic
terms), near-verbatim wording where the decision asks for it, and the direct evidence of any
other pair of paragraphs (`DirectEvidence`).
"""
from __future__ import annotations

import math

import numpy as np
from scipy import sparse

from ..text import content_stems
from .arrays import lookup_keys, representatives
from .candidates import CONTAINMENT_CHUNK, VERBATIM_CONTAINMENT, Candidates
from .features import ParagraphTable, Terms


# The event's topic terms: what every report of the event says, whatever fact it reports.
TOPIC_MIN_SOURCES = 3  # with two sources, a name both use may as well be the fact they share
TOPIC_SOURCE_SHARE = 0.8  # a topic name is used by this share of the sources (all of up to four)


def topic_columns(table: ParagraphTable, terms: Terms) -> np.ndarray:
    """Columns of the event's topic terms, ascending: the stems of names that nearly every
    source uses (TOPIC_SOURCE_SHARE of them, when there are TOPIC_MIN_SOURCES or more), and
    pairs of two such stems. (Of hundreds of outlets a few always leave a name out.)

    Every report of one diplomatic row names both countries and the war behind it
    ("Rwanda", "Belgium", "Democratic Republic of Congo"): sharing them says which event
    two paragraphs are about, not that they report the same fact of it. The event IDF
    cannot say so alone, since a place spelt out in full ("Democratic Republic") is rare
    among paragraphs while it is in every source. Common words are left to the IDF: in a
    small event a fact's own word ("diplomats") can be in most paragraphs.
    """
    present = len(np.unique(table.source))
    if present < TOPIC_MIN_SOURCES:
        return np.zeros(0, dtype=np.int64)
    users: dict[str, set[int]] = {}
    for found, source in zip(table.names, table.source.tolist()):
        for name in found:
            users.setdefault(name, set()).add(source)
    stem_ids = {s: k for k, s in enumerate(table.stem_words)}
    needed = math.ceil(TOPIC_SOURCE_SHARE * present)
    topic = sorted({stem_ids[s] for name, who in users.items() if len(who) >= needed
                    for s in content_stems(name) if s in stem_ids})
    if not topic:
        return np.zeros(0, dtype=np.int64)
    is_topic = np.zeros(max(1, terms.stems), dtype=bool)
    is_topic[topic] = True
    stems = max(1, terms.stems)
    pairs = np.flatnonzero(is_topic[terms.bigram_keys // stems] & is_topic[terms.bigram_keys % stems])
    return np.concatenate((np.asarray(topic, dtype=np.int64), terms.stems + pairs))


def pair_evidence(table: ParagraphTable, texts, candidates: Candidates, topic: np.ndarray) -> dict[str, np.ndarray]:
    """Evidence arrays, one value per candidate pair of distinct texts: cosine, best sentence
    cosine, shared quotation, shared quoted word, and the part of the cosine that lies outside
    the event's topic terms (`topic`, columns; see `topic_columns`). (Wording is added by
    `decision.decide`, where it matters.) Two copies of one text have cosine 1 and a sentence in common.

    The cosine is the pruned product already computed for the candidates plus the part of
    the frequent terms, taken from a small dense matrix of their columns: fancy-indexing
    two sparse matrices by hundreds of thousands of pairs would cost more than all the rest.
    The topic part is taken the same way (a few columns).
    """
    count = texts.shape[0]
    keys = candidates.keys
    s, t = keys // max(1, count), keys % max(1, count)
    cosine, sentence = _pair_cosines(candidates, s, t)
    cosine += _column_dots(texts, candidates.common, s, t)
    specific = cosine - _column_dots(texts, topic, s, t)
    same = s == t
    has_terms = np.diff(texts.indptr) > 0
    cosine[same] = np.where(has_terms[s[same]], 1.0, 0.0)
    sentence[same] = cosine[same]
    specific[same] = cosine[same]
    return {"cosine": cosine, "sentence": sentence, "quote": lookup_keys(keys, candidates.quotes),
            "quoted_word": lookup_keys(keys, candidates.quoted_words), "specific": np.maximum(specific, 0.0)}


def _pair_cosines(candidates: Candidates, s: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(pruned cosine, best sentence-pair cosine) of the texts s[k] and t[k] (s[k] != t[k]),
    read from the products: the cosine where it reaches CANDIDATE_MIN_COSINE and the
    sentence cosine where it reaches SENTENCE_MIN_COSINE, else 0."""
    cosine = candidates.product.lookup(s, t)
    sentence = lookup_keys(s * candidates.product.width + t, *candidates.sentence_best)
    return cosine, sentence


def _column_dots(rows: sparse.csr_matrix, columns: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The part of the dot product of rows left[k] and right[k] that lies in `columns` (a few),
    for every k, from a dense copy of those columns, PAIR_CHUNK pairs at a time."""
    dots = np.zeros(len(left))
    if not len(columns):
        return dots
    dense = rows[:, columns].toarray().astype(np.float32)
    for start in range(0, len(left), PAIR_CHUNK):
        block = slice(start, start + PAIR_CHUNK)
        dots[block] = np.einsum("ij,ij->i", dense[left[block]], dense[right[block]])
    return dots


PAIR_CHUNK = 50_000  # pairs per block of dense row products (bounds the memory)


def wording_scores(table: ParagraphTable, left: np.ndarray, right: np.ndarray, text_pairs: tuple[np.ndarray, int]) -> np.ndarray:
    """rapidfuzz token_set_ratio (0-1) of each pair, computed only where it can reach the
    verbatim bar: where one paragraph's distinct tokens are nearly all in the other.
    `text_pairs`: the pair of texts of each pair, and how many there are."""
    from rapidfuzz import fuzz, process

    if not len(left):
        return np.zeros(0)
    # Score each pair of texts once (copies of one text recur across outlets).
    first, back = representatives(*text_pairs)
    left, right = left[first], right[first]
    wording = np.zeros(len(first))
    check = np.flatnonzero(_containment(table, left, right) >= VERBATIM_CONTAINMENT)
    if len(check):
        wording[check] = process.cpdist([table.joined[i] for i in left[check].tolist()],
                                        [table.joined[j] for j in right[check].tolist()],
                                        scorer=fuzz.token_set_ratio, workers=-1) / 100.0
    return wording[back]


def _containment(table: ParagraphTable, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Share of the smaller paragraph's distinct tokens that the other paragraph also uses
    (rows of a binary token matrix over the distinct texts, multiplied pair by pair)."""
    binary = table.token_rows
    sizes = np.diff(binary.indptr)
    a, b = table.text_id[left], table.text_id[right]
    shared = np.zeros(len(a))
    for start in range(0, len(a), CONTAINMENT_CHUNK):  # row copies of a block at a time bound the memory
        block = slice(start, start + CONTAINMENT_CHUNK)
        shared[block] = np.asarray(binary[a[block]].multiply(binary[b[block]]).sum(axis=1)).ravel()
    return shared / np.maximum(np.minimum(sizes[a], sizes[b]), 1)


class DirectEvidence:
    """Whether any two paragraphs are aligned by their own evidence, read from the products
    that candidate generation computed (for pairs that are not candidates: see `units.build_units`).

    Direct evidence is the better of the paragraph cosine and the best sentence-pair cosine,
    as for candidates; the bar is the pair's bar between its two sources (`decision.bars`). Only a
    pair with a text whose candidates were cut (`Candidates.cut`) can be aligned without
    being a candidate; any other such pair shares too little to be one.
    """

    def __init__(self, table: ParagraphTable, texts, candidates: Candidates, bars: np.ndarray) -> None:
        self.table, self.candidates, self.bars = table, candidates, bars
        self.common = texts[:, candidates.common].toarray().astype(np.float32) if len(candidates.common) else None
        self.has_terms = np.diff(texts.indptr) > 0
        self.cut = candidates.cut[table.text_id]  # per paragraph

    def aligned(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """A boolean per pair of paragraphs (left[k], right[k]), of different sources."""
        left, right = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
        return self.direct(left, right) >= self.bars[self.table.source[left], self.table.source[right]]

    def same_fact(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """A boolean per pair of paragraphs of one source: whether they repeat one fact.

        One outlet words a fact once and then builds on it with the same names, so two of its
        paragraphs share far more than two outlets' tellings of one fact do: they repeat it
        only when their direct evidence reaches SAME_SOURCE_BAR (never below the bar
        between two sources). Pairs of one source that has more than
        `candidates.LARGE_SOURCE_ROWS` rows are not in the products and never repeat."""
        left, right = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
        bar = np.maximum(SAME_SOURCE_BAR, self.bars[self.table.source[left], self.table.source[right]])
        return self.direct(left, right) >= bar

    def direct(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Direct evidence of each pair of paragraphs: the better of the paragraph cosine and
        the best sentence-pair cosine (1 for two copies of one text)."""
        s, t = self.table.text_id[left], self.table.text_id[right]
        cosine, sentence = _pair_cosines(self.candidates, s, t)
        if self.common is not None:
            for start in range(0, len(s), PAIR_CHUNK):  # dense rows of a block of pairs at a time
                block = slice(start, start + PAIR_CHUNK)
                cosine[block] += np.einsum("ij,ij->i", self.common[s[block]], self.common[t[block]])
        direct = np.maximum(cosine, sentence)
        same = s == t
        direct[same] = np.where(self.has_terms[s[same]], 1.0, 0.0)
        return direct


# Two paragraphs of one outlet repeat one fact (and may sit in one content unit) when their
# direct evidence reaches this (see `DirectEvidence.same_fact`).
SAME_SOURCE_BAR = 0.5
