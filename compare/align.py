"""Paragraph alignment across sources, and content units.

How two paragraphs come to be aligned:
1. Candidates. Paragraphs and sentences become TF-IDF vectors over word stems and pairs of
   neighbouring stems ("rwandan diplomat"), weighted by IDF learnt from a large English
   corpus (`data/idf-en.tsv`) times the event's own IDF. Sparse matrix products over the
   terms that are not common in the event give the pairs of paragraphs, and of sentences,
   that share a weighted term, of which each text (and sentence) keeps its CANDIDATE_LINKS
   strongest; quotations are looked up in an index, and short paragraphs by prefix
   filtering. Work grows with the number of likely matches, not with all pairs.
2. Direct evidence for each candidate pair: the better of the paragraph cosine and the best
   sentence-pair cosine (so a paragraph can align with part of a longer one).
3. Corroboration: outlets that wrote independently put one fact in different words, but a
   paragraph of a third outlet often shares words with each; the support of (i, j) is the
   best min(direct(i, k), direct(k, j)) over such paragraphs k, counted only for a pair that
   shares more than the event's topic names (those every source uses). The score combines direct
   evidence, support, and a word one outlet quotes that the other uses, as independent
   chances: 1 - (1 - direct)(1 - support)(1 - quoted word).
4. A decision per pair: aligned when the score clears a bar that depends on the two sources
   (`align_threshold` between articles about the same event, up to
   `align_unrelated_threshold` between articles that are not; lower when only two sources
   exist, as nothing can corroborate; lower again for the shorter paragraph's best match in
   the other source, as a short paragraph tells one fact and finds it in a longer paragraph
   that tells more), or when both repeat a quotation of six or more words,
   or reuse wording almost verbatim (rapidfuzz `token_set_ratio`, computed only where it can
   change the decision).
Content units are then built from the alignments without chaining: a paragraph joins a
unit only when it is aligned with more than half of the members of other sources of the
unit's core (its first CORE_SIZE members: the whole of a smaller unit), and a pair that the
bounded candidates left out is judged by its direct evidence, read from the products.
Each paragraph lists its LISTED_PER_PARAGRAPH strongest alignments; two paragraphs that
report one unit are aligned too (`aligned_pair_counts` counts both kinds).

Large events (hundreds of outlets, wire copy repeated word for word) are handled column-wise
with numpy. Each distinct text is read once, its words numbered as they come (a token's
stem is looked up once per event); candidates and their evidence are worked out per pair
of distinct texts and only then expanded to the pairs of paragraphs that carry them, so
forty outlets running one wire paragraph cost one row, not forty. Per-pair Python work is
kept to building the Alignment values themselves, with the cyclic garbage collector
paused while they are built (bench/align_speed.py).
"""
from __future__ import annotations

import gc
import math
import re
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from importlib import resources

import numpy as np
from scipy import sparse

from .model import Alignment, AlignmentResult, Article, ContentUnit, ParagraphRef, SourceSimilarity, units_reported
from .settings import Settings
from .text import CONTENT_STEM, STOPWORDS, content_stems, names, numbers, quotation_token_runs

QUOTE_MIN_TOKENS = 6
EVIDENCE_KINDS = ("quote", "numbers", "names", "sentence", "wording", "corroborated")


@dataclass(frozen=True, slots=True)
class _Paragraphs:
    """Every paragraph of the event with the features the scorer reads, in one table.

    Paragraphs with the same text (wire copy repeated across outlets) share a text number;
    word features are kept once per distinct text, as arrays of integer ids.
    """

    refs: list[ParagraphRef]
    source: np.ndarray  # source number of each paragraph
    texts: list[str]
    joined: list[str]  # lower-case tokens joined by spaces (for rapidfuzz and quotations)
    quotes: list[list[str]]  # each paragraph's quotations of QUOTE_MIN_TOKENS+ tokens, joined
    quoted_words: list[list[str]]  # its shorter quotations that hold a content word ("disproportionate")
    numbers: list[frozenset[str]]
    names: list[frozenset[str]]
    text_id: np.ndarray  # paragraphs with the same text (and sentences) share a number, in order of first use
    first_uses: list[int]  # the first paragraph of each distinct text
    paragraphs_by_text: tuple[np.ndarray, np.ndarray]  # paragraphs ordered by text, and where each text's run starts
    # Content stems of every distinct text, one after another, with the text and the
    # distinct sentence each belongs to (sentences numbered text by text).
    stem_seq: np.ndarray
    stem_text: np.ndarray
    stem_sentence: np.ndarray
    sentence_text: np.ndarray  # the distinct text of each distinct sentence
    stem_words: list[str]  # each stem id's stem
    stem_surface: list[str]  # each stem id's first word as written (lower case)
    token_ids: dict[str, int]  # every distinct token of the event
    token_rows: sparse.csr_matrix  # distinct text x token, 1 where the text uses the token
    token_texts: sparse.csc_matrix  # the same by token: the texts that use each token, ascending
    text_quotes: list[list[str]]  # `quotes` and `quoted_words` of each distinct text
    text_quoted_words: list[list[str]]
    padded_texts: list[str]  # `joined` of each distinct text with a space either side

    def tokens_of_text(self, text: int) -> np.ndarray:
        return self.token_rows.indices[self.token_rows.indptr[text]:self.token_rows.indptr[text + 1]]

    def texts_using(self, token: str) -> np.ndarray:
        column = self.token_ids.get(token)
        if column is None:
            return np.zeros(0, dtype=np.int64)
        return self.token_texts.indices[self.token_texts.indptr[column]:self.token_texts.indptr[column + 1]]


def align_articles(articles: list[Article] | tuple[Article, ...], settings: Settings = Settings()) -> AlignmentResult:
    """Align every pair of sources; return alignments, content units and source similarity.

    Deterministic: the same articles give the same result whatever their order.
    """
    with _cyclic_gc_paused():
        return _align(sorted(articles, key=lambda a: a.id), settings)


@contextmanager
def _cyclic_gc_paused():
    """Pause CPython's cyclic garbage collector: a large event builds hundreds of thousands of
    small acyclic objects (alignments, sets, tuples), and collections triggered by their
    allocation rescan every live object again and again (a quarter of the run time on 200
    sources). Reference counting still frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _align(ordered: list[Article], settings: Settings) -> AlignmentResult:
    table = _paragraph_table(ordered)
    n = len(table.refs)
    if n == 0 or len(ordered) < 2:
        nothing = np.zeros(0, np.int64)
        return AlignmentResult((), tuple(_units(table.refs, table.source, nothing, nothing, np.zeros(0), table.texts)),
                               _similarity(ordered, table, nothing, nothing, np.zeros(0), None))
    matrix, sentence_matrix, sentence_text, terms = _vectors(table)
    candidates = _candidates(table, matrix, sentence_matrix, sentence_text, terms.df)
    by_text = _evidence(table, matrix, candidates, _topic_columns(table, terms))
    left, right, text_pair = _paragraph_pairs(table, candidates.keys)
    pairs = (left, right)
    evidence = {kind: values[text_pair] for kind, values in by_text.items()}
    text_pairs = (text_pair, len(candidates.keys))
    relatedness = _relatedness(table, len(ordered))
    chosen = _decide(table, pairs, text_pairs, evidence, relatedness, settings)
    alignments = _alignments(table, pairs, text_pairs, evidence, _listed(left, right, evidence["score"], chosen), matrix, terms)
    picked = np.flatnonzero(chosen)
    direct = _DirectEvidence(table, matrix, candidates, _bars(relatedness, settings))
    units = _units(table.refs, table.source, left[picked], right[picked], evidence["score"][picked], table.texts, direct)
    similarity = _similarity(ordered, table, left, right, evidence["similarity"], candidates)
    return AlignmentResult(tuple(alignments), tuple(units), similarity, aligned_pair_counts(alignments, units))


# --- features ----------------------------------------------------------------------------


class _TokenTable(dict):
    """token -> token id for one event, numbering tokens in order of first use; records each
    token's content stem id (-1 for a stop word), numbering stems likewise."""

    def __init__(self) -> None:
        super().__init__()
        self.stem_of_token: list[int] = []
        self.stem_ids: dict[str, int] = {}
        self.stem_surface: list[str] = []

    def __missing__(self, token: str) -> int:
        value = self[token] = len(self.stem_of_token)
        content = CONTENT_STEM[token]
        if content:
            stem_id = self.stem_ids.get(content)
            if stem_id is None:
                stem_id = self.stem_ids[content] = len(self.stem_surface)
                self.stem_surface.append(token)
            self.stem_of_token.append(stem_id)
        else:
            self.stem_of_token.append(-1)
        return value


# `text.WORD` once apostrophes are gone (its apostrophe branch can no longer match), faster.
_WORD_RUN = re.compile(r"[^\W_]+")


def _paragraph_table(articles: list[Article]) -> _Paragraphs:
    refs, source, texts, text_id = [], [], [], []
    # Wire copy repeats paragraphs word for word across outlets: read each text once.
    distinct: dict[tuple, int] = {}
    features: list[tuple] = []
    token_table = _TokenTable()
    lookup = token_table.__getitem__
    sentence_tokens: list[list[int]] = []  # token ids of every distinct sentence, text by text
    sentence_counts: list[int] = []  # distinct sentences of each distinct text
    for number, article in enumerate(articles):
        for p in article.paragraphs:
            refs.append(ParagraphRef(article.id, p.index))
            source.append(number)
            texts.append(p.text)
            sentences = tuple(x.text for x in p.sentences or ())
            key = (p.text, sentences)
            found = distinct.get(key)
            if found is None:
                found = distinct[key] = len(features)
                # Tokens are `text.tokens` (apostrophes dropped before matching words, which
                # finds the same tokens), read sentence by sentence when there are sentences:
                # they hold every word of the paragraph.
                pieces = [_WORD_RUN.findall(piece.lower().replace("'", "").replace("’", "")) for piece in (sentences or (p.text,))]
                sentence_tokens.extend(list(map(lookup, piece)) for piece in pieces)
                sentence_counts.append(len(pieces))
                features.append(_paragraph_features(p.text, pieces))
            text_id.append(found)
    ids = np.asarray(text_id, dtype=np.int64)
    count = len(features)
    first_uses = _first_uses(ids, count).tolist()
    # Every token of every distinct sentence, in order, with its sentence and text.
    lengths = np.fromiter(map(len, sentence_tokens), dtype=np.int64, count=len(sentence_tokens))
    token_seq = np.array(list(chain.from_iterable(sentence_tokens)), dtype=np.int64)
    sentence_of = np.repeat(np.arange(len(sentence_tokens), dtype=np.int64), lengths)
    text_of_sentence = np.repeat(np.arange(count, dtype=np.int64), sentence_counts)
    text_of = text_of_sentence[sentence_of]
    stem_of_token = np.asarray(token_table.stem_of_token, dtype=np.int64)
    stem_seq = stem_of_token[token_seq] if len(token_seq) else np.zeros(0, np.int64)
    content = stem_seq >= 0
    token_count = max(1, len(token_table))
    keys = _unique(text_of * token_count + token_seq)
    token_rows = sparse.csr_matrix((np.ones(len(keys)), (keys // token_count, keys % token_count)), shape=(count, token_count))
    joined, quotes, quoted_words, nums, nms = ([features[t][column] for t in text_id] for column in range(5))
    return _Paragraphs(refs, np.asarray(source, dtype=np.int64), texts, joined, quotes, quoted_words, nums, nms, ids, first_uses,
                       (np.argsort(ids, kind="stable"), np.r_[0, np.cumsum(np.bincount(ids, minlength=count))]),
                       stem_seq[content], text_of[content], sentence_of[content], text_of_sentence,
                       list(token_table.stem_ids), token_table.stem_surface, dict(token_table), token_rows, token_rows.tocsc(),
                       [f[1] for f in features], [f[2] for f in features], [f" {f[0]} " for f in features])


def _paragraph_features(text: str, pieces: list[list[str]]) -> tuple:
    """joined tokens, quotations, quoted words, numbers and names of one paragraph, given
    its tokens sentence by sentence."""
    runs = quotation_token_runs(text, 1)
    return (" ".join(pieces[0] if len(pieces) == 1 else chain.from_iterable(pieces)),
            [" ".join(run) for run in runs if len(run) >= QUOTE_MIN_TOKENS],
            [" ".join(run) for run in runs if len(run) < QUOTE_MIN_TOKENS and any(t not in STOPWORDS and len(t) > 2 for t in run)],
            frozenset(filter(_salient_number, numbers(text))),
            frozenset(names(text)))


def _salient_number(value: str) -> bool:
    """Numbers that identify a fact: not 0-9, which every text uses for anything."""
    return len(value.replace(".", "")) >= 2


@lru_cache(maxsize=1)
def global_idf() -> tuple[dict[str, float], float]:
    """IDF of English word stems learnt from a large corpus (data/idf-en.tsv), and the IDF
    of a stem the table does not list."""
    table: dict[str, float] = {}
    text = resources.files("compare").joinpath("data/idf-en.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            stem_, value = line.split("\t")
            table[stem_] = float(value)
    return table, table.pop("unseen")


BACKGROUND_EXPONENT = 0.25  # the background IDF is a prior; the event's own IDF matters more
LOCAL_EXPONENT = 1.0
BIGRAM_WEIGHT = 0.5  # a pair of stems adds to the evidence of its two stems, at half their weight


@dataclass(frozen=True, slots=True)
class _Terms:
    """The TF-IDF features: single stems (columns 0 .. stems-1, the stem ids) and pairs of
    neighbouring stems ("rwandan diplomat"), which say who did what to whom where single
    stems cannot: "rwandan diplomat" and "belgian diplomat" are two facts of one event whose
    words are all common in it."""

    stems: int  # columns below this are single stems
    bigram_keys: np.ndarray  # the pair (a, b) of each further column, as a * stems + b
    weights: np.ndarray
    df: np.ndarray  # paragraphs (copies included) that use each term


def _vectors(table: _Paragraphs):
    """L2-normalised TF-IDF rows of the distinct texts and of their sentences (with the text
    of each sentence), and the terms.

    The weight of a stem is its IDF in a large English corpus times its IDF among this
    event's paragraphs (smoothed as scikit-learn's TfidfVectorizer does: ln((1+n)/(1+df))+1),
    with sublinear term frequency (1 + ln tf), so that a rare word shared by two paragraphs
    outweighs the event's own topic words.
    """
    n = len(table.refs)
    count = len(table.first_uses)
    stems = len(table.stem_words)
    seq, text_of, sentence_of = table.stem_seq, table.stem_text, table.stem_sentence
    # Pairs of neighbouring stems within a paragraph, and within a sentence (a subset).
    pair = seq[:-1] * stems + seq[1:]
    in_text = text_of[1:] == text_of[:-1]
    in_sentence = sentence_of[1:] == sentence_of[:-1]
    bigram_keys = _unique(pair[in_text])
    width = stems + len(bigram_keys)

    def cells(group: np.ndarray, neighbours: np.ndarray):
        """(row, column, count) of the stems and stem pairs of each group (text or sentence)."""
        return _cell_counts(np.concatenate((group, group[:-1][neighbours])),
                            np.concatenate((seq, stems + np.searchsorted(bigram_keys, pair[neighbours]))), width)

    rows, columns, counts = cells(text_of, in_text)
    copies = np.bincount(table.text_id, minlength=count)
    df = np.bincount(columns, weights=copies[rows], minlength=width)
    idf_table, unseen = global_idf()
    stem_background = np.array([idf_table.get(s, unseen) for s in table.stem_words])
    background = np.concatenate((stem_background, (stem_background[bigram_keys // max(1, stems)] + stem_background[bigram_keys % max(1, stems)]) / 2))
    local = np.log((1 + n) / (1 + df)) + 1
    weights = background ** BACKGROUND_EXPONENT * local ** LOCAL_EXPONENT
    weights[stems:] *= BIGRAM_WEIGHT
    paragraphs = _normalised_rows(rows, columns, counts, count, weights)
    sentences = _normalised_rows(*cells(sentence_of, in_sentence), len(table.sentence_text), weights)
    return paragraphs, sentences, table.sentence_text, _Terms(stems, bigram_keys, weights, df)


def _first_uses(ids: np.ndarray, count: int) -> np.ndarray:
    """The position of the first use of each id 0..count-1 (ids numbered in order of first use)."""
    first = np.full(count, len(ids), dtype=np.int64)
    np.minimum.at(first, ids, np.arange(len(ids)))
    return first


def _unique(keys: np.ndarray, counts: bool = False):
    """Sorted distinct values (and how often each occurs): np.unique by sorting, which on
    millions of integer keys is many times faster than its hash-based default here."""
    keys = np.sort(keys)
    first = np.r_[True, keys[1:] != keys[:-1]] if len(keys) else np.zeros(0, dtype=bool)
    if not counts:
        return keys[first]
    starts = np.flatnonzero(first)
    return keys[starts], np.diff(np.r_[starts, len(keys)])


def _cell_counts(rows: np.ndarray, columns: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, count) of every distinct (row, column) cell of the given entries."""
    keys, counts = _unique(rows * max(1, width) + columns, counts=True)
    return keys // max(1, width), keys % max(1, width), counts


def _normalised_rows(rows: np.ndarray, columns: np.ndarray, counts: np.ndarray, size: int, weights: np.ndarray) -> sparse.csr_matrix:
    """(1 + ln tf) * weight rows, L2-normalised."""
    values = (1 + np.log(counts)) * weights[columns]
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=size))
    values = values / np.where(norms[rows] > 0, norms[rows], 1.0)
    return sparse.csr_matrix((values, (rows, columns)), shape=(size, len(weights)))


# --- candidates ----------------------------------------------------------------------------

# Terms used by more paragraphs than this are left out of candidate generation (their
# products are what makes all-pairs quadratic); cosines are then computed on full vectors.
CANDIDATE_DF_FLOOR = 100
CANDIDATE_DF_SHARE = 0.05
CANDIDATE_MIN_COSINE = 0.05  # below this on the pruned vectors a pair is not looked at
SENTENCE_MIN_COSINE = 2 * CANDIDATE_MIN_COSINE
# Each distinct text (and each sentence) keeps at most this many candidates, its strongest:
# when hundreds of outlets tell one fact, its pairs number in the tens of thousands, and
# the content units carry them (see `_units`). No text of a small event comes near it.
CANDIDATE_LINKS = 48


class _Products:
    """The entries of a sparse product kept for look-ups (those that reach its floor), as
    sorted integer keys row * width + column and their values: `values` reads any pairs at
    once by binary search (scipy's element look-up is many times slower on millions)."""

    __slots__ = ("keys", "values", "width")

    def __init__(self, matrix: sparse.csr_matrix, rows: np.ndarray) -> None:
        self.width = max(1, matrix.shape[1])
        self.keys = rows.astype(np.int64) * self.width + matrix.indices
        self.values = matrix.data

    def lookup(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """The entry at (rows[k], columns[k]) for every k, 0 where there is none."""
        return _lookup(rows * self.width + columns, self.keys, self.values)

    def rows(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row number among `rows`, column, value) of every entry of the given rows (ascending)."""
        starts = np.searchsorted(self.keys, rows * self.width)
        ends = np.searchsorted(self.keys, (rows + 1) * self.width)
        sizes = ends - starts
        local = np.repeat(np.arange(len(rows)), sizes)
        position = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes) + starts[local]
        return local, self.keys[position] % self.width, self.values[position]


@dataclass(frozen=True, slots=True)
class _Candidates:
    """The candidate pairs of distinct texts and what was learnt while finding them.

    `product` and `sentences` hold the products of the pruned TF-IDF rows (texts x texts,
    sentences x sentences) where they reach CANDIDATE_MIN_COSINE and SENTENCE_MIN_COSINE:
    the candidates are their strongest entries, and `_DirectEvidence` reads any other pair
    from them. `cut` marks the texts whose candidates were cut to CANDIDATE_LINKS (or that
    quote, or are short, in a group too large to pair exhaustively): only pairs with such a
    text can be aligned without being a candidate.
    """

    keys: np.ndarray  # sorted keys s*count+t (s <= t; s == t when copies of a text are in several sources)
    product: _Products
    sentences: _Products
    sentence_starts: np.ndarray  # the sentences of text t are sentence_starts[t] .. sentence_starts[t+1]-1
    common: np.ndarray  # columns left out of the products (terms common in the event)
    quotes: np.ndarray  # sorted keys of candidate pairs where one text repeats a quotation of the other
    quoted_words: np.ndarray  # ... a short quotation of the other (a word or phrase)
    cut: np.ndarray  # per distinct text


def _candidates(table: _Paragraphs, texts, sentences, sentence_text: np.ndarray, df: np.ndarray) -> _Candidates:
    """Candidate pairs of distinct texts: each text's strongest CANDIDATE_LINKS by pruned
    cosine, and by best sentence-pair cosine, pairs that share a quotation, and short texts
    whose words may all be in another (`_short_text_pairs`).

    Paragraphs that repeat a text share its candidates; `_paragraph_pairs` expands them.
    """
    count = texts.shape[0]
    cap = max(CANDIDATE_DF_FLOOR, CANDIDATE_DF_SHARE * len(table.refs))
    keep = np.flatnonzero(df <= cap)
    pruned = texts[:, keep] if len(keep) < texts.shape[1] else texts
    # A text is its own candidate when copies of it are in several sources (the diagonal).
    own = np.flatnonzero(np.asarray(pruned.multiply(pruned).sum(axis=1)).ravel() >= CANDIDATE_MIN_COSINE)
    product, left, right, cut = _strongest_links(pruned, None, CANDIDATE_MIN_COSINE)
    keys = [_pair_keys(left, right, count), own * count + own]
    pruned_sentences = sentences[:, keep] if len(keep) < texts.shape[1] else sentences
    sentence_product, left, right, sentence_cut = _strongest_links(pruned_sentences, sentence_text, SENTENCE_MIN_COSINE)
    keys.append(_pair_keys(sentence_text[left], sentence_text[right], count))
    cut |= np.bincount(sentence_text[np.flatnonzero(sentence_cut)], minlength=count) > 0
    quotations = _quotation_groups(table, table.text_quotes)
    quote_keys = _quote_pairs(quotations, count, cut)
    keys.append(quote_keys)
    keys.append(_short_text_pairs(table, cut))
    every = _unique(np.concatenate(keys))
    quoted_words = _quotation_groups(table, table.text_quoted_words)
    quoted_word_keys = _quote_pairs(quoted_words, count, cut)
    common = np.flatnonzero(df > cap)
    starts = np.r_[0, np.cumsum(np.bincount(sentence_text, minlength=count))]
    return _Candidates(every, product, sentence_product, starts, common,
                       _quote_flags(quotations, count, every, quote_keys),
                       _quote_flags(quoted_words, count, every, quoted_word_keys), cut)


def _strongest_links(rows: sparse.csr_matrix, group: np.ndarray | None, floor: float
                     ) -> tuple["_Products", np.ndarray, np.ndarray, np.ndarray]:
    """The product of the rows with each other, kept where it reaches `floor` between rows of
    different groups (of different texts; `group` None: every row its own), and of each row
    its CANDIDATE_LINKS largest entries: (the kept product, left and right rows of those
    entries, which rows had more)."""
    product = (rows @ rows.T).tocsr()
    product.sort_indices()
    numbers = _row_numbers(product)
    eligible = product.data >= floor
    eligible &= (numbers != product.indices) if group is None else (group[numbers] != group[product.indices])
    indptr = np.r_[0, np.cumsum(np.bincount(numbers[eligible], minlength=product.shape[0]))]
    del numbers
    product = sparse.csr_matrix((product.data[eligible], product.indices[eligible], indptr), shape=product.shape)
    del eligible
    kept, cut = _strongest_per_row(product, CANDIDATE_LINKS)
    numbers = _row_numbers(product)
    return _Products(product, numbers), numbers[kept], product.indices[kept], cut


def _row_numbers(matrix: sparse.csr_matrix) -> np.ndarray:
    kind = np.int32 if matrix.shape[0] < 2**31 else np.int64
    return np.repeat(np.arange(matrix.shape[0], dtype=kind), np.diff(matrix.indptr))


def _pair_keys(a: np.ndarray, b: np.ndarray, count: int) -> np.ndarray:
    a, b = a.astype(np.int64), b.astype(np.int64)
    return np.minimum(a, b) * count + np.maximum(a, b)


ROW_BLOCK_CELLS = 4_000_000  # cells of the padded block in which row thresholds are found


def _strongest_per_row(matrix: sparse.csr_matrix, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """(kept, cut): the entries of each row that are among its `limit` largest (ties at the
    last place all kept, so the choice depends on values only), and which rows had more
    entries than that. Thresholds are found for blocks of rows at once, as a padded array."""
    lengths = np.diff(matrix.indptr)
    over = np.flatnonzero(lengths > limit)
    threshold = np.full(matrix.shape[0], -np.inf)
    start = 0
    while start < len(over):
        # as many rows as fit the block (at least one)
        widths = np.maximum.accumulate(lengths[over[start:]])
        stop = start + max(1, int(np.searchsorted(widths * np.arange(1, len(widths) + 1), ROW_BLOCK_CELLS, side="right")))
        block = over[start:stop]
        width = int(lengths[block].max())
        padded = np.full((len(block), width), -np.inf)
        sizes = lengths[block]
        local = np.repeat(np.arange(len(block)), sizes)
        column = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        padded[local, column] = matrix.data[matrix.indptr[block][local] + column]
        threshold[block] = np.partition(padded, width - limit, axis=1)[:, width - limit]
        start = stop
    kept = matrix.data >= np.repeat(threshold, lengths)
    cut = np.zeros(matrix.shape[0], dtype=bool)
    cut[over] = True
    return kept, cut


SHORT_PARAGRAPH_TOKENS = 12  # distinct tokens; see _short_text_pairs


def _short_text_pairs(table: _Paragraphs, cut: np.ndarray) -> np.ndarray:
    """Sorted keys s*count+t (s <= t) of distinct texts where a short text's words may all be
    in the other: a one-line paragraph made only of words the whole event uses has no rare
    term for the TF-IDF products to find. Prefix filtering (as set-similarity joins do): a
    paragraph holding VERBATIM_CONTAINMENT of a short one's distinct tokens holds at least
    one of its rarest len - ceil(VERBATIM_CONTAINMENT * len) + 1 tokens. A short text with
    more than CANDIDATE_LINKS such texts keeps those that share most of its tokens (and is
    marked in `cut`).
    """
    count = len(table.first_uses)
    sizes = np.diff(table.token_rows.indptr)
    short = np.flatnonzero((sizes > 0) & (sizes <= SHORT_PARAGRAPH_TOKENS)).tolist()
    if not short:
        return np.zeros(0, dtype=np.int64)
    words = list(table.token_ids)
    frequency = np.diff(table.token_texts.indptr)
    postings, starts = table.token_texts.indices, table.token_texts.indptr
    found: list[np.ndarray] = []
    for text in short:
        # Any prefix works (pigeonhole); the rarest tokens (fewest texts) make the shortest lists.
        toks = sorted(table.tokens_of_text(text).tolist(), key=lambda t: (frequency[t], words[t]))
        prefix = toks[:len(toks) - math.ceil(VERBATIM_CONTAINMENT * len(toks)) + 1]
        others = np.unique(np.concatenate([postings[starts[t]:starts[t + 1]] for t in prefix]).astype(np.int64))
        others = others[others != text]
        if len(others) > CANDIDATE_LINKS:
            overlap = np.asarray(table.token_rows[others] @ table.token_rows[text].T.toarray()).ravel()
            kth = np.partition(overlap, len(overlap) - CANDIDATE_LINKS)[len(overlap) - CANDIDATE_LINKS]
            others = others[overlap >= kth]
            cut[text] = True
        others = np.r_[others, text]
        found.append(np.minimum(others, text) * count + np.maximum(others, text))
    return _unique(np.concatenate(found))


def _quote_pairs(groups: list[tuple[np.ndarray, np.ndarray]], count: int, cut: np.ndarray) -> np.ndarray:
    """Sorted keys s*count+t (s <= t) of distinct texts where one repeats a quotation of the
    other (`groups`: see `_quotation_groups`). A quotation that more than CANDIDATE_LINKS
    texts quote and more than as many hold gives no pairs here: its texts are marked in
    `cut`, and `_quote_flags` finds which of their candidates share it."""
    found: list[np.ndarray] = []
    for speakers, holders in groups:
        if _too_many_to_pair(speakers, holders):
            cut[speakers] = True
            cut[holders] = True
            continue
        a = np.repeat(speakers, len(holders))
        b = np.tile(holders, len(speakers))
        found.append(np.minimum(a, b) * count + np.maximum(a, b))
    return _unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _quotation_groups(table: _Paragraphs, quotes: list[list[str]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """(texts that quote it, texts that hold its words) of each quotation of the event."""
    quoting: dict[str, list[int]] = {}
    for k, qs in enumerate(quotes):
        for q in qs:
            quoting.setdefault(q, []).append(k)
    groups = []
    padded = table.padded_texts
    frequency, ids = np.diff(table.token_texts.indptr).tolist(), table.token_ids
    for q, speakers in quoting.items():
        # Look a quotation up only in the texts that contain its rarest token.
        rarest = min(q.split(), key=lambda t: (frequency[ids[t]] if t in ids else 0, t))
        probe = f" {q} "
        holders = np.asarray([t for t in table.texts_using(rarest).tolist() if probe in padded[t]], dtype=np.int64)
        if len(holders):
            groups.append((np.asarray(speakers, dtype=np.int64), holders))
    return groups


def _too_many_to_pair(speakers: np.ndarray, holders: np.ndarray) -> bool:
    return min(len(speakers), len(holders)) > CANDIDATE_LINKS


def _quote_flags(groups: list[tuple[np.ndarray, np.ndarray]], count: int, keys: np.ndarray, paired: np.ndarray) -> np.ndarray:
    """The sorted keys of pairs whose two texts share a quotation: those `_quote_pairs`
    paired, and the candidates (`keys`) that share a quotation too widely repeated to pair
    exhaustively."""
    flagged = [paired]
    large = [(speakers, holders) for speakers, holders in groups if _too_many_to_pair(speakers, holders)]
    if large:
        speak = sparse.csr_matrix((np.ones(sum(len(s) for s, _ in large)),
                                   (np.concatenate([s for s, _ in large]), np.repeat(np.arange(len(large)), [len(s) for s, _ in large]))),
                                  shape=(count, len(large)))
        hold = sparse.csr_matrix((np.ones(sum(len(h) for _, h in large)),
                                  (np.concatenate([h for _, h in large]), np.repeat(np.arange(len(large)), [len(h) for _, h in large]))),
                                 shape=(count, len(large)))
        s, t = keys // max(1, count), keys % max(1, count)
        shared = np.zeros(len(keys))
        for start in range(0, len(keys), CONTAINMENT_CHUNK):
            block = slice(start, start + CONTAINMENT_CHUNK)
            shared[block] = (np.asarray(speak[s[block]].multiply(hold[t[block]]).sum(axis=1)).ravel()
                             + np.asarray(speak[t[block]].multiply(hold[s[block]]).sum(axis=1)).ravel())
        flagged.append(keys[shared > 0])
    return _unique(np.concatenate(flagged))



def _paragraph_pairs(table: _Paragraphs, text_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(left, right, text pair) of every pair of paragraphs of different sources (left < right,
    in no particular order) whose texts make one of the candidate text pairs (sorted keys
    s*count+t, s <= t)."""
    count = len(table.first_uses)
    s, t = text_keys // max(1, count), text_keys % max(1, count)
    by_text, offsets = table.paragraphs_by_text
    copies = np.diff(offsets)
    sizes = copies[s] * copies[t]
    pair = np.repeat(np.arange(len(text_keys)), sizes)
    within = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    width = copies[t][pair]
    i = by_text[offsets[s][pair] + within // width]
    j = by_text[offsets[t][pair] + within % width]
    keep = (table.source[i] != table.source[j]) & ((s[pair] != t[pair]) | (i < j))
    return np.minimum(i, j)[keep], np.maximum(i, j)[keep], pair[keep]


# --- evidence and decision ----------------------------------------------------------------

# The event's topic terms: what every report of the event says, whatever fact it reports.
TOPIC_MIN_SOURCES = 3  # with two sources, a name both use may as well be the fact they share
TOPIC_SOURCE_SHARE = 0.8  # a topic name is used by this share of the sources (all of up to four)


def _topic_columns(table: _Paragraphs, terms: _Terms) -> np.ndarray:
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



def _lookup(keys: np.ndarray, sorted_keys: np.ndarray, values: np.ndarray | None = None) -> np.ndarray:
    """values[k] for each key found in sorted_keys, else 0 (or True/False without values)."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool if values is None else float)
    position = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    hit = sorted_keys[position] == keys
    if values is None:
        return hit
    return np.where(hit, values[position], 0.0)


def _evidence(table: _Paragraphs, texts, candidates: _Candidates, topic: np.ndarray) -> dict[str, np.ndarray]:
    """Evidence arrays, one value per candidate pair of distinct texts: cosine, best sentence
    cosine, shared quotation, shared quoted word, and the part of the cosine that lies outside
    the event's topic terms (`topic`, columns; see `_topic_columns`). (Wording is added by
    `_decide`, where it matters.) Two copies of one text have cosine 1 and a sentence in common.

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
    return {"cosine": cosine, "sentence": sentence, "quote": _lookup(keys, candidates.quotes),
            "quoted_word": _lookup(keys, candidates.quoted_words), "specific": np.maximum(specific, 0.0)}


def _pair_cosines(candidates: _Candidates, s: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(pruned cosine, best sentence-pair cosine) of the texts s[k] and t[k] (s[k] != t[k]),
    read from the products: the cosine where it reaches CANDIDATE_MIN_COSINE and the
    sentence cosine where it reaches SENTENCE_MIN_COSINE, else 0."""
    cosine = candidates.product.lookup(s, t)
    starts = candidates.sentence_starts
    ns, nt = starts[s + 1] - starts[s], starts[t + 1] - starts[t]
    sizes = ns * nt  # every text has at least one sentence (its whole text when it has none)
    sentence = np.zeros(len(s))
    for first in range(0, len(s), PAIR_CHUNK):  # a block of pairs at a time bounds the memory
        block = slice(first, first + PAIR_CHUNK)
        size = sizes[block]
        if not len(size):
            continue
        pair = np.repeat(np.arange(len(size)), size)
        within = np.arange(int(size.sum())) - np.repeat(np.cumsum(size) - size, size)
        width = nt[block][pair]
        values = candidates.sentences.lookup(starts[s[block]][pair] + within // width, starts[t[block]][pair] + within % width)
        sentence[block] = np.maximum.reduceat(values, np.r_[0, np.cumsum(size)[:-1]])
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


def _wording(table: _Paragraphs, left: np.ndarray, right: np.ndarray, text_pairs: tuple[np.ndarray, int]) -> np.ndarray:
    """rapidfuzz token_set_ratio (0-1) of each pair, computed only where it can reach the
    verbatim bar: where one paragraph's distinct tokens are nearly all in the other.
    `text_pairs`: the pair of texts of each pair, and how many there are."""
    from rapidfuzz import fuzz, process

    if not len(left):
        return np.zeros(0)
    # Score each pair of texts once (copies of one text recur across outlets).
    first, back = _representatives(*text_pairs)
    left, right = left[first], right[first]
    wording = np.zeros(len(first))
    check = np.flatnonzero(_containment(table, left, right) >= VERBATIM_CONTAINMENT)
    if len(check):
        wording[check] = process.cpdist([table.joined[i] for i in left[check].tolist()],
                                        [table.joined[j] for j in right[check].tolist()],
                                        scorer=fuzz.token_set_ratio, workers=-1) / 100.0
    return wording[back]


def _representatives(groups: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """(first, back) for items labelled with groups 0..count-1: the first item of each group
    that has one, in group order, and for each item the number of its group among those.
    Without sorting: a large event has hundreds of thousands of items."""
    first_at = np.full(count, len(groups), dtype=np.int64)
    np.minimum.at(first_at, groups, np.arange(len(groups)))
    present = np.flatnonzero(first_at < len(groups))
    rank = np.zeros(count, dtype=np.int64)
    rank[present] = np.arange(len(present))
    return first_at[present], rank[groups]


VERBATIM_CONTAINMENT = 0.6  # token_set_ratio >= 0.9 needs far more than this (see bench/align_speed.py)
VERBATIM_MAX_TOKENS = 40


def _containment(table: _Paragraphs, left: np.ndarray, right: np.ndarray) -> np.ndarray:
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


CONTAINMENT_CHUNK = 20_000


QUOTE_SCORE = 0.9  # the score of a pair whose only strong evidence is a shared quotation
# A word or short phrase one outlet quotes ("disproportionate") and another uses: the same
# statement reported, but short quotations are also scare quotes, so it only adds evidence.
QUOTED_WORD_WEIGHT = 0.25


def _relatedness(table: _Paragraphs, source_count: int) -> np.ndarray:
    """How surely each pair of sources reports the same event, in [0, 1] (a matrix).

    Whole-article TF-IDF cosine with the background IDF only (an event's own IDF means
    nothing for two articles): articles about one event score 0.29-0.65 on the BASIL dev
    events and the seeds, articles about different events 0.05-0.20; RELATED_BELOW and
    RELATED_ABOVE bracket that gap, and the scale is linear between them.
    """
    idf_table, unseen = global_idf()
    weights = np.array([idf_table.get(s, unseen) for s in table.stem_words])
    count, stems = len(table.first_uses), len(table.stem_words)
    rows, columns, counts = _cell_counts(table.stem_text, table.stem_seq, stems)
    per_text = sparse.csr_matrix((counts.astype(float), (rows, columns)), shape=(count, stems))
    copies = sparse.csr_matrix((np.ones(len(table.refs)), (table.source, table.text_id)), shape=(source_count, count))
    per_source = (copies @ per_text).tocoo()
    articles = _normalised_rows(per_source.row.astype(np.int64), per_source.col.astype(np.int64), per_source.data, source_count, weights)
    cosine = (articles @ articles.T).toarray()
    return np.clip((cosine - RELATED_BELOW) / (RELATED_ABOVE - RELATED_BELOW), 0.0, 1.0)


RELATED_BELOW = 0.2
RELATED_ABOVE = 0.3


# Between two articles alone the score is direct evidence only; on the seed event aligned
# source by source, direct evidence balances recall and precision about 0.12 below the bar
# that corroborated scores need (bench/align_quality.py prints both).
UNCORROBORATED_ALLOWANCE = 0.12
SUPPORT_NEIGHBOURS = 10  # a paragraph vouches for pairs among its strongest matches only
SUPPORT_FLOOR = 0.1  # and only for matches at least this strong
# A pair is corroborated only when at least this share of its paragraph cosine lies in
# terms that are not the event's topic (`_topic_columns`).
CORROBORATED_SPECIFIC_SHARE = 0.4
# A short paragraph usually reports one fact, and a longer paragraph of another source that
# reports it too (among other things) is where the short one finds its best match there;
# the longer one's own best match is whichever of its facts the other source tells at
# most length. A pair that is the shorter paragraph's best match in the other source clears
# a bar this much lower (between articles about the same event; see `_best_of_shorter`).
SHORTER_BEST_ALLOWANCE = 0.05


STRENGTH_STEPS = 1 << 20  # strengths closer than 1/STRENGTH_STEPS rank as equal


def _ranking_keys(group: np.ndarray, strength: np.ndarray, item: np.ndarray, items: int) -> np.ndarray:
    """Integer keys that sort by group, then strength in [0, 1] (strongest first), then item
    (0 <= item < items): one sort of int64 keys instead of stable sorts over floats."""
    step = np.round((1.0 - np.clip(strength, 0.0, 1.0)) * STRENGTH_STEPS).astype(np.int64)
    return (group * (STRENGTH_STEPS + 1) + step) * items + item


def _support(table: _Paragraphs, pairs, direct: np.ndarray) -> np.ndarray:
    """Corroboration of each candidate pair by a paragraph of a third source, in [0, 1].

    Outlets that wrote independently say one fact in different words, but a third outlet
    often shares words with each: "expelled each other's diplomats" and "declared Rwandan
    diplomats persona non grata" meet through "Rwandan diplomats will also be expelled".
    The support of (i, j) is the best min(direct(i, k), direct(k, j)) over paragraphs k of
    a third source; each k vouches only among its SUPPORT_NEIGHBOURS strongest matches,
    which keeps the cost linear in paragraphs. Computed for candidate pairs only: a pair
    that shares nothing at all is not aligned through others.
    """
    left, right = pairs
    n = len(table.refs)
    support = np.zeros(len(left))
    strong = np.flatnonzero(direct >= SUPPORT_FLOOR)
    if len(strong) < 2:
        return support
    # Each strong match seen from both ends: (k, neighbour, score), strongest first per k.
    k = np.concatenate((left[strong], right[strong]))
    other = np.concatenate((right[strong], left[strong]))
    value = np.concatenate((direct[strong], direct[strong]))
    # By k, then strength, strongest first, then neighbour: one sort of distinct integers.
    order = np.argsort(_ranking_keys(k, value, other, n))
    k, other, value = k[order], other[order], value[order]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    sizes = np.diff(np.r_[starts, len(k)])
    rank = np.arange(len(k)) - np.repeat(starts, sizes)
    keep = rank < SUPPORT_NEIGHBOURS
    width = int(min(SUPPORT_NEIGHBOURS, sizes.max()))
    group = np.repeat(np.arange(len(starts)), sizes)[keep]
    neighbour = np.full((len(starts), width), -1, dtype=np.int64)
    strength = np.zeros((len(starts), width))
    neighbour[group, rank[keep]] = other[keep]
    strength[group, rank[keep]] = value[keep]
    a, b = np.triu_indices(width, k=1)
    i, j = neighbour[:, a].ravel(), neighbour[:, b].ravel()
    through = np.minimum(strength[:, a], strength[:, b]).ravel()
    valid = (i >= 0) & (j >= 0) & (table.source[np.maximum(i, 0)] != table.source[np.maximum(j, 0)])
    i, j, through = i[valid], j[valid], through[valid]
    if len(i) == 0:  # two sources: no third to vouch
        return support
    keys = np.minimum(i, j) * n + np.maximum(i, j)
    order = np.argsort(keys)
    keys, through = keys[order], through[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return _lookup(left * n + right, keys[starts], np.maximum.reduceat(through, starts))


def _best_of_shorter(table: _Paragraphs, pairs, score: np.ndarray) -> np.ndarray:
    """Whether each pair is the best-scoring candidate of its shorter paragraph (fewer
    distinct tokens; either, when they are as long) among that paragraph's candidates in
    the other paragraph's source. Linear in pairs: each paragraph's best score per source
    is read from the paragraph x source table of best scores (`_best_by_source`)."""
    left, right = pairs
    sizes = np.diff(table.token_rows.indptr)[table.text_id]
    sources = int(table.source.max()) + 1
    top = _best_by_source(table, left, right, score, sources).ravel()
    best = np.zeros(len(left), dtype=bool)
    for mine, other in ((left, right), (right, left)):
        best |= (score >= top[mine * sources + table.source[other]]) & (sizes[mine] <= sizes[other])
    return best


def _best_by_source(table: _Paragraphs, left: np.ndarray, right: np.ndarray, score: np.ndarray, sources: int) -> np.ndarray:
    """best[k, s]: paragraph k's best score against a paragraph of source s among the pairs
    (0 where it has none), by an unbuffered maximum over the pairs seen from both ends."""
    best = np.zeros((len(table.refs), sources))
    np.maximum.at(best.ravel(), left * sources + table.source[right], score)  # best is C-ordered: ravel is a view
    np.maximum.at(best.ravel(), right * sources + table.source[left], score)
    return best


def _bars(relatedness: np.ndarray, settings: Settings) -> np.ndarray:
    """The bar a pair's score must clear, per pair of sources (a matrix): `align_threshold`
    between articles about the same event (UNCORROBORATED_ALLOWANCE lower when the event has
    only two sources), rising to `align_unrelated_threshold` between articles that are not."""
    threshold = settings.align_threshold
    if len(relatedness) == 2:  # no third source can vouch: direct evidence alone, with a lower bar
        threshold -= UNCORROBORATED_ALLOWANCE
    return settings.align_unrelated_threshold - relatedness * (settings.align_unrelated_threshold - threshold)


def _decide(table: _Paragraphs, pairs, text_pairs: tuple[np.ndarray, int], evidence: dict[str, np.ndarray], relatedness: np.ndarray,
            settings: Settings) -> np.ndarray:
    """Which candidate pairs are aligned (a boolean per pair); fills evidence["score"].

    Direct evidence is the better of the paragraph cosine and the best sentence-pair cosine;
    the score combines it with the support of a third source and a quoted word the other
    paragraph uses, as independent chances (1 - (1 - direct)(1 - support)(1 - quoted word)).
    The bar the score must clear depends on the two sources: `align_threshold` between
    articles about the same event (UNCORROBORATED_ALLOWANCE lower when the event has only
    two sources), rising to `align_unrelated_threshold` between articles that are not (where
    a shared topic word is not a shared fact), SHORTER_BEST_ALLOWANCE lower (as much as the
    sources are related) for a pair that is its shorter paragraph's best match in the other
    source (`_best_of_shorter`). A shared quotation, or wording reused almost
    verbatim (`token_set_ratio` at or above `align_wording_threshold`), aligns a pair
    whatever the sources; a pair the score already aligns keeps its score.
    """
    left, right = pairs
    direct = np.maximum(evidence["cosine"], evidence["sentence"])
    # A third source vouches only for a pair that shares more than the event's topic: two
    # paragraphs that meet only in "Rwanda", "Belgium" and "Democratic Republic of Congo"
    # each match a paragraph that reports a fact in those words, without reporting that fact.
    specific = evidence["specific"] >= CORROBORATED_SPECIFIC_SHARE * evidence["cosine"]
    support = np.where(specific, _support(table, pairs, direct), 0.0)
    score = 1 - (1 - direct) * (1 - support) * np.where(evidence["quoted_word"], 1 - QUOTED_WORD_WEIGHT, 1.0)
    evidence["direct"] = direct
    evidence["combined"] = score
    related = relatedness[table.source[left], table.source[right]]
    bar = _bars(relatedness, settings)[table.source[left], table.source[right]]
    # The shorter paragraph's best match in the other source clears a lower bar (as much
    # lower as the two sources are surely about one event: between unrelated articles a
    # best match is only the least unrelated paragraph).
    bar = np.where(_best_of_shorter(table, pairs, score), bar - related * SHORTER_BEST_ALLOWANCE, bar)
    quote = evidence["quote"]
    # token_set_ratio is the costly score: it is computed for the pairs the other evidence
    # leaves out, and of those only where the shorter paragraph is short enough that a
    # near-verbatim copy of it can have a low cosine (a paragraph of 40 distinct tokens
    # repeated inside another scores a cosine of about sqrt(40 / length of the other)).
    sizes = np.diff(table.token_rows.indptr)[table.text_id]
    undecided = np.flatnonzero((score < bar) & ~quote & (np.minimum(sizes[left], sizes[right]) <= VERBATIM_MAX_TOKENS))
    evidence["wording"] = np.zeros(len(left))
    evidence["wording"][undecided] = _wording(table, left[undecided], right[undecided], (text_pairs[0][undecided], text_pairs[1]))
    verbatim = evidence["wording"] >= settings.align_wording_threshold
    chosen = (score >= bar) | quote | verbatim
    score = np.where(quote, np.maximum(score, QUOTE_SCORE), score)
    score = np.where(verbatim, np.maximum(score, evidence["wording"]), score)
    evidence["score"] = np.clip(score, 0.0, 1.0)
    # Source similarity keeps to what two articles share themselves, without corroboration.
    alone = np.where(quote, np.maximum(direct, QUOTE_SCORE), direct)
    evidence["similarity"] = np.clip(np.where(verbatim, np.maximum(alone, evidence["wording"]), alone), 0.0, 1.0)
    evidence["bar"] = bar
    evidence["verbatim"] = verbatim
    return chosen


class _DirectEvidence:
    """Whether any two paragraphs are aligned by their own evidence, read from the products
    that candidate generation computed (for pairs that are not candidates: see `_units`).

    Direct evidence is the better of the paragraph cosine and the best sentence-pair cosine,
    as for candidates; the bar is the pair's bar between its two sources (`_bars`). Only a
    pair with a text whose candidates were cut (`_Candidates.cut`) can be aligned without
    being a candidate; any other such pair shares too little to be one.
    """

    def __init__(self, table: _Paragraphs, texts, candidates: _Candidates, bars: np.ndarray) -> None:
        self.table, self.candidates, self.bars = table, candidates, bars
        self.common = texts[:, candidates.common].toarray().astype(np.float32) if len(candidates.common) else None
        self.has_terms = np.diff(texts.indptr) > 0
        self.cut = candidates.cut[table.text_id]  # per paragraph

    def aligned(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """A boolean per pair of paragraphs (left[k], right[k]), of different sources."""
        left, right = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
        s, t = self.table.text_id[left], self.table.text_id[right]
        cosine, sentence = _pair_cosines(self.candidates, s, t)
        if self.common is not None:
            for start in range(0, len(s), PAIR_CHUNK):  # dense rows of a block of pairs at a time
                block = slice(start, start + PAIR_CHUNK)
                cosine[block] += np.einsum("ij,ij->i", self.common[s[block]], self.common[t[block]])
        direct = np.maximum(cosine, sentence)
        same = s == t
        direct[same] = np.where(self.has_terms[s[same]], 1.0, 0.0)
        return direct >= self.bars[self.table.source[left], self.table.source[right]]


LISTED_PER_PARAGRAPH = 20  # alignments listed per paragraph, its strongest (see `_listed`)


def _listed(left: np.ndarray, right: np.ndarray, score: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """Which chosen pairs are listed as alignments: those among the LISTED_PER_PARAGRAPH
    strongest of either of their paragraphs. When hundreds of outlets tell one fact, its
    pairs number in the tens of thousands; the content units imply the rest (a pair of
    paragraphs that report one unit is aligned). In events of a few sources no paragraph
    has that many alignments (the seed's most aligned has 14, BASIL's 17)."""
    picked = np.flatnonzero(chosen)
    ends = np.concatenate((left[picked], right[picked]))
    order = np.argsort(_ranking_keys(ends, np.concatenate((score[picked], score[picked])),
                                     np.tile(np.arange(len(picked)), 2), max(1, len(picked))), kind="stable")
    sorted_ends = ends[order]
    rank = np.arange(len(order)) - np.searchsorted(sorted_ends, sorted_ends, side="left")
    listed = np.zeros(len(left), dtype=bool)
    listed[picked[np.tile(np.arange(len(picked)), 2)[order][rank < LISTED_PER_PARAGRAPH]]] = True
    return listed


# --- output ------------------------------------------------------------------------------

SHARED_WORDS = 5  # the most telling shared words listed per alignment


def _alignments(table: _Paragraphs, pairs, text_pairs: tuple[np.ndarray, int], evidence: dict[str, np.ndarray], chosen: np.ndarray,
                matrix, terms: _Terms) -> list[Alignment]:
    """Alignment values for the chosen pairs, each with its evidence kinds and what is shared:
    the quotation, the numbers, then the shared words that weigh most in both paragraphs.

    Built column-wise (one sparse product per kind of shared item, the kinds as bit codes)
    because a large event has a hundred thousand alignments: per-pair set work would
    dominate the run time.
    """
    picked = np.flatnonzero(chosen)
    picked = picked[np.argsort(pairs[0][picked] * len(table.refs) + pairs[1][picked])]  # listed in paragraph order
    left, right = pairs[0][picked], pairs[1][picked]
    # What two paragraphs share depends on their texts alone: work it out once per pair of
    # texts (copies of a wire story make many pairs of the same two texts).
    first, back = _representatives(text_pairs[0][picked], text_pairs[1])
    u_left, u_right = left[first], right[first]

    # Shared words of every pair at once: the product of the two TF-IDF rows over single
    # stems (pairs of stems would repeat them), largest first.
    single = matrix[:, :terms.stems].tocsr()
    product = single[table.text_id[u_left]].multiply(single[table.text_id[u_right]]).tocsr()
    product.eliminate_zeros()
    product.sort_indices()
    row = np.repeat(np.arange(len(first)), np.diff(product.indptr))
    # By pair, then weight, largest first, then column.
    order = np.argsort(_ranking_keys(row, product.data / max(1e-12, float(product.data.max(initial=0.0))), product.indices.astype(np.int64), product.shape[1]))
    rank = np.arange(len(order)) - product.indptr[row[order]]
    keep = order[rank < SHARED_WORDS]
    words = table.stem_surface  # each stem as first written in the event
    top_words = [words[c] for c in product.indices[keep].tolist()]
    word_offsets = np.concatenate(([0], np.cumsum(np.bincount(row[keep], minlength=len(first))))).tolist()

    number_columns = sorted({x for ns in table.numbers for x in ns})
    shared_numbers, number_offsets = _shared_items(table.numbers, number_columns, u_left, u_right)
    name_columns = sorted({x for ns in table.names for x in ns})
    _, name_offsets = _shared_items(table.names, name_columns, u_left, u_right)

    shared: list[tuple[str, ...]] = [tuple(top_words[a:b]) for a, b in zip(word_offsets, word_offsets[1:])]
    number_list = number_offsets.tolist()
    for k in np.flatnonzero(np.diff(number_offsets)).tolist():
        shared[k] = tuple(dict.fromkeys([*shared_numbers[number_list[k]:number_list[k + 1]], *shared[k]]))
    whole_quote = evidence["quote"][picked][first]
    for k in np.flatnonzero(whole_quote | evidence["quoted_word"][picked][first]).tolist():
        i, j = int(u_left[k]), int(u_right[k])
        text = _shared_quote(table, i, j, table.quotes if whole_quote[k] else table.quoted_words)
        shared[k] = tuple(dict.fromkeys([text, *shared[k]]))
    has_numbers = (np.diff(number_offsets) > 0)[back]
    has_names = (np.diff(name_offsets) > 0)[back]
    bar = evidence["bar"][picked]
    quote = evidence["quote"][picked] | evidence["quoted_word"][picked]
    code = (quote.astype(np.int64)
            | has_numbers << 1
            | has_names << 2
            | ((evidence["sentence"][picked] >= bar) & (evidence["sentence"][picked] > evidence["cosine"][picked] + 1e-6)) << 3
            | ((evidence["cosine"][picked] >= bar) | evidence["verbatim"][picked]) << 4
            | ((evidence["direct"][picked] < bar) & (evidence["combined"][picked] >= bar)) << 5)
    kinds_of = [tuple(kind for bit, kind in enumerate(EVIDENCE_KINDS) if c >> bit & 1) for c in range(1 << len(EVIDENCE_KINDS))]

    refs = table.refs
    score = np.round(evidence["score"][picked], 4).tolist()
    return [_new_alignment(refs[i], refs[j], s, kinds_of[c], shared[w])
            for i, j, s, c, w in zip(left.tolist(), right.tolist(), score, code.tolist(), back.tolist())]


def _alignment_factory():
    """A constructor of Alignment values that sets the slots directly: a large event has a
    hundred thousand alignments, and a frozen dataclass's __init__ (one guarded
    object.__setattr__ per field) costs more than the rest of building them."""
    new = object.__new__
    set_a, set_b, set_score, set_evidence, set_shared = (
        Alignment.a.__set__, Alignment.b.__set__, Alignment.score.__set__,
        Alignment.evidence.__set__, Alignment.shared.__set__)

    def make(a: ParagraphRef, b: ParagraphRef, score: float, evidence: tuple, shared: tuple) -> Alignment:
        alignment = new(Alignment)
        set_a(alignment, a)
        set_b(alignment, b)
        set_score(alignment, score)
        set_evidence(alignment, evidence)
        set_shared(alignment, shared)
        return alignment

    return make


_new_alignment = _alignment_factory()


def _shared_items(items: list[frozenset[str]], columns: list[str], left: np.ndarray, right: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The items (numbers, names) both paragraphs of each pair hold, in `columns` order, as
    one flat list and the offsets of each pair's run in it."""
    if not columns or not len(left):
        return [], np.zeros(len(left) + 1, dtype=np.int64)
    column = {x: k for k, x in enumerate(columns)}
    lengths = np.fromiter((len(x) for x in items), dtype=np.int64, count=len(items))
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    indices = np.fromiter((column[x] for xs in items for x in sorted(xs, key=column.__getitem__)), dtype=np.int64, count=int(indptr[-1]))
    binary = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(items), len(columns)))
    both = binary[left].multiply(binary[right]).tocsr()
    both.sort_indices()
    return [columns[c] for c in both.indices.tolist()], both.indptr.astype(np.int64)


def _shared_quote(table: _Paragraphs, i: int, j: int, quotes: list[list[str]]) -> str:
    for x, y in ((i, j), (j, i)):
        for q in quotes[x]:
            if f" {q} " in f" {table.joined[y]} ":
                return q
    return ""


def _similarity(articles: list[Article], table: _Paragraphs, left: np.ndarray, right: np.ndarray, score: np.ndarray,
                candidates: _Candidates | None) -> SourceSimilarity:
    """Per source pair: the mean, over the paragraphs of both, of each paragraph's best score
    against the other source (0 for a paragraph with no candidate there).

    A paragraph whose candidates were cut to its strongest has no candidate in most other
    sources; against those its best is the best pruned cosine of the candidate product (the
    cosine over the terms that are not common in the event: less than its score would be).
    """
    count = len(articles)
    n = len(table.refs)
    best = _best_by_source(table, left, right, score, count)
    if candidates is not None and candidates.cut.any():
        cut_texts = np.flatnonzero(candidates.cut)
        row_of_text = np.full(len(candidates.cut), -1, dtype=np.int64)
        for start in range(0, len(cut_texts), SIMILARITY_BLOCK):  # a block of texts at a time bounds the memory
            block = cut_texts[start:start + SIMILARITY_BLOCK]
            fill = _best_pruned_cosine_by_source(table, candidates.product, block, count)
            row_of_text[block] = np.arange(len(block))
            paragraphs = np.flatnonzero(np.isin(table.text_id, block))
            best[paragraphs] = np.maximum(best[paragraphs], fill[row_of_text[table.text_id[paragraphs]]])
    membership = sparse.csr_matrix((np.ones(n), (table.source, np.arange(n))), shape=(count, n))
    sums = np.asarray(membership @ best)  # sums[a, b]: source a's paragraphs against source b
    sizes = np.asarray(membership.sum(axis=1)).ravel()
    totals = sizes[:, None] + sizes[None, :]
    values = np.round(np.divide(sums + sums.T, totals, out=np.zeros_like(sums), where=totals > 0), 4)
    np.fill_diagonal(values, 1.0)
    return SourceSimilarity(tuple(a.id for a in articles), tuple(map(tuple, values.tolist())))


SIMILARITY_BLOCK = 2048


def _best_pruned_cosine_by_source(table: _Paragraphs, product: _Products, texts: np.ndarray, sources: int) -> np.ndarray:
    """best[k, s]: the largest product entry of text texts[k] among the texts first used by
    source s. Texts are numbered in order of first use, source by source, so within a row
    the entries of one source are one run."""
    best = np.zeros((len(texts), sources))
    local, columns, values = product.rows(texts)
    keys = local * sources + table.source[table.first_uses][columns]
    if len(keys):
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        best.ravel()[keys[starts]] = np.maximum.reduceat(values, starts)
    return best


# --- content units -----------------------------------------------------------------------

UNIT_LINKAGE = 0.5  # more than this share of the possible cross-source pairs must be aligned to join or merge
# A unit's core: its first members (they joined on its strongest alignments). Joining and
# merging are decided on the core, so a unit of hundreds of tellings of one fact costs no
# more than one of sixteen; in a unit of up to CORE_SIZE members the core is the unit.
CORE_SIZE = 16


def content_units(articles, alignments: list[Alignment] | tuple[Alignment, ...]) -> list[ContentUnit]:
    """Group aligned paragraphs into units of one reported thing; unaligned paragraphs are
    units of their own.

    Greedy average linkage over alignments, strongest first: a paragraph joins a unit, and
    two units merge, only when more than UNIT_LINKAGE of the possible cross-source pairs
    between them (between their cores, for units larger than CORE_SIZE) are aligned.
    Connected components would chain A~B~C~D into one unit even when A and D report
    different things.
    """
    paragraphs = sorted((ParagraphRef(a.id, p.index), p.text) for a in articles for p in a.paragraphs)
    refs = [r for r, _ in paragraphs]
    number = {r: k for k, r in enumerate(refs)}
    source_ids = sorted({r.source for r in refs})
    source = np.array([source_ids.index(r.source) for r in refs], dtype=np.int64) if refs else np.zeros(0, np.int64)
    left = np.array([number[a.a] for a in alignments], dtype=np.int64)
    right = np.array([number[a.b] for a in alignments], dtype=np.int64)
    score = np.array([a.score for a in alignments], dtype=float)
    return _units(refs, source, left, right, score, [t for _, t in paragraphs])


def _units(refs: list[ParagraphRef], source: np.ndarray, left: np.ndarray, right: np.ndarray, score: np.ndarray,
           texts: list[str], direct: "_DirectEvidence | None" = None) -> list[ContentUnit]:
    """Content units of paragraphs `refs` (texts[k] is the text of refs[k]) from the aligned
    pairs (left[k], right[k]) with their scores: alignments are taken strongest first, in
    batches (see `_UnitBuilder`), then each unit gets the paragraphs that report it.

    `direct` settles pairs that are not among the aligned pairs but may be aligned all the
    same: where a paragraph's candidates were cut to its strongest, a pair of a unit's core
    with another paragraph may not have been looked at.
    """
    n = len(refs)
    score = np.round(score, 4)
    builder = _UnitBuilder(source, left, right, direct)
    order = np.lexsort((right, left, -score))
    for start in range(0, len(order), UNIT_BATCH):
        batch = order[start:start + UNIT_BATCH]
        # Paragraphs in one unit stay in one unit (units only grow and merge): an alignment
        # inside a unit when its batch starts changes nothing, and most do in a large event.
        units_now = np.asarray(builder.unit_of, dtype=np.int64)
        a_unit, b_unit = units_now[left[batch]], units_now[right[batch]]
        batch = batch[(a_unit != b_unit) | (a_unit < 0)]
        builder.take(batch.tolist(), left[batch].tolist(), right[batch].tolist())
    src = builder.source
    # refs are in order, so a unit's members in number order are in reference order too.
    groups = [(sorted(members), builder.cores[uid]) for uid, members in builder.members.items()]
    groups.extend(([m], [m]) for m in range(n) if builder.unit_of[m] < 0)
    groups.sort(key=lambda g: (-len({src[x] for x in g[0]}), -len(g[0]), g[0][0]))
    reports = builder.reports([core for _, core in groups], [members for members, _ in groups])
    return [
        ContentUnit(id=i, members=tuple(refs[x] for x in members), label=_label(texts[members[0]]),
                    reported_by={refs[x].source: tuple(refs[y].paragraph for y in sorted(ys))
                                 for x, ys in _by_source(reports[i], refs)})
        for i, (members, _) in enumerate(groups)
    ]


def aligned_pair_counts(alignments, units) -> dict[str, int]:
    """How many pairs of paragraphs (of different sources) are aligned: "listed" as
    alignments, "implied" by the units (both report one unit), and "total", either.

    Counted without listing the pairs (a unit of a thousand tellings implies half a million):
    paragraphs are grouped by the set of units they report; two groups whose sets meet
    imply all their pairs of different sources.
    """
    reports = units_reported(units)
    groups: dict[frozenset[int], Counter[str]] = defaultdict(Counter)
    for (sid, _), found in reports.items():
        groups[frozenset(found)][sid] += 1
    with_unit: dict[int, list[frozenset[int]]] = defaultdict(list)
    for signature in groups:
        for uid in signature:
            with_unit[uid].append(signature)
    implied = 0
    for signature, sources in groups.items():
        size = sum(sources.values())
        partners = {other for uid in signature for other in with_unit[uid]}
        for other in partners:
            if other == signature:
                implied += (size * size - sum(k * k for k in sources.values())) // 2
            elif sorted(signature) < sorted(other):  # each two groups once
                theirs = groups[other]
                implied += size * sum(theirs.values()) - sum(k * theirs.get(s, 0) for s, k in sources.items())
    outside = sum(1 for al in alignments
                  if not reports.get((al.a.source, al.a.paragraph), set()) & reports.get((al.b.source, al.b.paragraph), set()))
    return {"listed": len(alignments), "implied": implied, "total": implied + outside}


def _by_source(paragraphs: set[int], refs: list[ParagraphRef]) -> list[tuple[int, list[int]]]:
    """The paragraphs grouped by source, in source order: (a paragraph of the source, all of them)."""
    grouped: dict[str, list[int]] = {}
    for x in sorted(paragraphs):
        grouped.setdefault(refs[x].source, []).append(x)
    return [(xs[0], xs) for _, xs in sorted(grouped.items())]


UNIT_BATCH = 4096  # alignments looked at together in `_units`
# A paragraph whose alignments with a unit's core do not show it reports the unit is checked
# against the core by direct evidence only when it is aligned with at least this many of
# the unit's members: one stray alignment is not a sign of reporting it.
REPORT_MIN_LINKS = 2


class _UnitBuilder:
    """Greedy average linkage over alignments, taken strongest first (see `content_units`).

    A paragraph joins a unit when it is aligned with more than UNIT_LINKAGE of the unit's
    core members of other sources; two units merge when more than UNIT_LINKAGE of the
    possible cross-source pairs between their cores are aligned. The number of alignments
    between the cores of every two units is kept up to date as paragraphs join and units
    merge, so deciding a merge costs a look-up, not a count over both cores (a large event
    has a hundred thousand alignments and thousands of merge tries). Pairs that are not
    among the alignments count as aligned only when `direct` says so, and are asked about
    only where a paragraph's candidates were cut (`_DirectEvidence`).
    """

    def __init__(self, source: np.ndarray, left: np.ndarray, right: np.ndarray, direct: "_DirectEvidence | None" = None) -> None:
        n = len(source)
        ends = np.concatenate((left, right))
        order = np.argsort(ends, kind="stable")
        self.partners: list[int] = np.concatenate((right, left))[order].tolist()  # each paragraph's aligned partners, as runs
        self.offsets: list[int] = np.r_[0, np.cumsum(np.bincount(ends, minlength=n))].tolist()
        self.source: list[int] = source.tolist()
        self.unit_of = [-1] * n
        self.core_of = [-1] * n  # the unit a paragraph is a core member of
        self.members: dict[int, list[int]] = {}
        self.cores: dict[int, list[int]] = {}
        self.between: dict[int, dict[int, int]] = {}  # alignments between the cores of two units
        self.refused: set[tuple[int, int, int, int]] = set()  # merges refused, with the two cores' sizes then
        self.refused_joins: set[tuple[int, int, int]] = set()  # (paragraph, unit, core size) refused
        self.direct = direct
        self.cut: list[bool] = direct.cut.tolist() if direct is not None else [False] * n
        self.partner_sets: dict[int, set[int]] = {}

    def partners_of(self, x: int) -> list[int]:
        return self.partners[self.offsets[x]:self.offsets[x + 1]]

    def partner_set(self, x: int) -> set[int]:
        found = self.partner_sets.get(x)
        if found is None:
            found = self.partner_sets[x] = set(self.partners_of(x))
        return found

    def found(self, uid: int, first: int) -> None:
        self.members[uid], self.cores[uid], self.between[uid] = [], [], {}
        self.assign(first, uid)

    def assign(self, x: int, uid: int) -> None:
        self.unit_of[x] = uid
        self.members[uid].append(x)
        core = self.cores[uid]
        if len(core) < CORE_SIZE:
            core.append(x)
            self.core_of[x] = uid
            self.count_links(x, uid)

    def count_links(self, x: int, uid: int) -> None:
        core_of, between = self.core_of, self.between
        mine = between[uid]
        for y in self.partners_of(x):
            v = core_of[y]
            if v >= 0 and v != uid:
                mine[v] = mine.get(v, 0) + 1
                theirs = between[v]
                theirs[uid] = theirs.get(uid, 0) + 1

    def take(self, ks: list[int], lefts: list[int], rights: list[int]) -> None:
        """Take alignments (k, a, b) in order: a paragraph joins a unit, and two units merge,
        when enough of the possible cross-source pairs with the core are aligned."""
        unit_of, members, cores, refused = self.unit_of, self.members, self.cores, self.refused
        for k, a, b in zip(ks, lefts, rights):
            ua, ub = unit_of[a], unit_of[b]
            if ua == ub:
                if ua >= 0:
                    continue
                self.found(k, a)  # k, the founding alignment, is unique
                self.assign(b, k)
            elif ua < 0 or ub < 0:
                uid, new = (ub, a) if ua < 0 else (ua, b)
                if self.joins(new, uid):
                    self.assign(new, uid)
            else:
                size_a, size_b = len(members[ua]), len(members[ub])
                # The smaller unit joins the larger (of equal sizes, the later founded joins).
                small, large = (ua, ub) if (size_a, -ua) < (size_b, -ub) else (ub, ua)
                key = (small, large, len(cores[small]), len(cores[large]))
                if key in refused:  # the same two cores, unchanged since they were refused
                    continue
                if self.cores_link(small, large):
                    self.merge(small, large)
                else:
                    refused.add(key)

    def joins(self, new: int, uid: int) -> bool:
        """Whether paragraph `new` is aligned with more than UNIT_LINKAGE of the unit's core
        members of other sources."""
        core = self.cores[uid]
        key = (new, uid, len(core))
        if key in self.refused_joins:
            return False
        src = self.source
        others = [m for m in core if src[m] != src[new]]
        if not others:
            return False
        core_of = self.core_of
        aligned = sum(1 for y in self.partners_of(new) if core_of[y] == uid)
        if aligned <= UNIT_LINKAGE * len(others):
            aligned += self.confirm([new], [others], UNIT_LINKAGE * len(others) - aligned)
        if aligned > UNIT_LINKAGE * len(others):
            return True
        self.refused_joins.add(key)
        return False

    def cores_link(self, small: int, large: int) -> bool:
        """Whether more than UNIT_LINKAGE of the cross-source pairs between two cores are aligned."""
        src = self.source
        core_small, core_large = self.cores[small], self.cores[large]
        large_sources = Counter(src[m] for m in core_large)
        possible = len(core_small) * len(core_large) - sum(large_sources.get(src[m], 0) for m in core_small)
        if possible <= 0:
            return False
        aligned = self.between[small].get(large, 0)
        if aligned <= UNIT_LINKAGE * possible:
            aligned += self.confirm(core_small, [[m for m in core_large if src[m] != src[x]] for x in core_small],
                                    UNIT_LINKAGE * possible - aligned)
        return aligned > UNIT_LINKAGE * possible

    def confirm(self, xs: list[int], candidates: list[list[int]], needed: float) -> int:
        """How many of the pairs (xs[k], y) for y in candidates[k] that are not alignments are
        aligned by direct evidence; 0 without asking when they cannot make up `needed`."""
        if self.direct is None:
            return 0
        cut = self.cut
        left, right = [], []
        for x, ys in zip(xs, candidates):
            linked = self.partner_set(x)
            for y in ys:
                if (cut[x] or cut[y]) and y not in linked:
                    left.append(x)
                    right.append(y)
        if not left or len(left) < needed:
            return 0
        return int(self.direct.aligned(np.array(left), np.array(right)).sum())

    def merge(self, small: int, large: int) -> None:
        unit_of, core_of, between = self.unit_of, self.core_of, self.between
        moved = self.members.pop(small)
        for m in moved:
            unit_of[m] = large
        self.members[large].extend(moved)
        # The smaller unit's core leaves with its counts; the merged core is the larger
        # unit's core, filled up with the smaller unit's members (counted as they enter).
        for m in self.cores.pop(small):
            core_of[m] = -1
        for v in between.pop(small):
            between[v].pop(small, None)
        core = self.cores[large]
        for m in moved[:CORE_SIZE - len(core)]:
            core.append(m)
            core_of[m] = large
            self.count_links(m, large)

    def reports(self, cores: list[list[int]], groups: list[list[int]]) -> list[set[int]]:
        """Per unit (in the order given), the paragraphs that report it: its members, and every
        paragraph aligned with at least half of the unit's core members of other sources
        (units do not overlap, so such a paragraph may sit in another unit, yet it reports
        this one too: a paragraph that merges two facts)."""
        src = self.source
        unit_of = [0] * len(src)
        core_of = [-1] * len(src)
        for uid, (members, core) in enumerate(zip(groups, cores)):
            for m in members:
                unit_of[m] = uid
            for m in core:
                core_of[m] = uid
        found = [set(members) for members in groups]
        asks: list[tuple[int, int, list[int], int]] = []
        for x in range(len(src)):
            partners = self.partners_of(x)
            if not partners:
                continue
            own = unit_of[x]
            linked = Counter(core_of[y] for y in partners)
            reached = Counter(unit_of[y] for y in partners)
            for uid in sorted(set(reached) - {own}):
                others = [m for m in cores[uid] if src[m] != src[x]]
                if not others:
                    continue
                aligned = linked.get(uid, 0)
                if 2 * aligned >= len(others):
                    found[uid].add(x)
                elif self.direct is not None and reached[uid] >= REPORT_MIN_LINKS:
                    asks.append((x, uid, others, aligned))
        if asks:
            self.confirm_reports(asks, found)
        return found

    def confirm_reports(self, asks: list[tuple[int, int, list[int], int]], found: list[set[int]]) -> None:
        """Settle the report tests that the alignments alone do not pass, by direct evidence for
        the pairs with a cut paragraph, all in one batch."""
        cut = self.cut
        left, right, test = [], [], []
        for number, (x, _uid, others, aligned) in enumerate(asks):
            linked = self.partner_set(x)
            unknown = [y for y in others if (cut[x] or cut[y]) and y not in linked]
            if 2 * (aligned + len(unknown)) < len(others):
                continue
            left.extend([x] * len(unknown))
            right.extend(unknown)
            test.extend([number] * len(unknown))
        if not left:
            return
        extra = np.bincount(np.array(test), weights=self.direct.aligned(np.array(left), np.array(right)), minlength=len(asks))
        for number, (x, uid, others, aligned) in enumerate(asks):
            if 2 * (aligned + extra[number]) >= len(others):
                found[uid].add(x)


def _label(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
