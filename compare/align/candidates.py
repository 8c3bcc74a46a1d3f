"""Step 1 of the alignment: the candidate pairs of distinct texts, and the pairs of
paragraphs that carry them.

Candidates are the strongest entries of sparse products of the TF-IDF rows pruned of the
event's common terms (texts and sentences), pairs where one text repeats a quotation of the
other, and short texts whose words may all be in another (prefix filtering).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .arrays import lookup_keys, unique
from .features import ParagraphTable


# Terms used by more paragraphs than this are left out of candidate generation (their
# products are what makes all-pairs quadratic); cosines are then computed on full vectors.
CANDIDATE_DF_FLOOR = 100
CANDIDATE_DF_SHARE = 0.05
CANDIDATE_MIN_COSINE = 0.05  # below this on the pruned vectors a pair is not looked at
SENTENCE_MIN_COSINE = 2 * CANDIDATE_MIN_COSINE
# Each distinct text (and each sentence) keeps at most this many candidates, its strongest:
# when hundreds of outlets tell one fact, its pairs number in the tens of thousands, and
# the content units carry them (see `units.build_units`). No text of a small event comes near it.
CANDIDATE_LINKS = 48


class Products:
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
        return lookup_keys(rows * self.width + columns, self.keys, self.values)

    def rows(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row number among `rows`, column, value) of every entry of the given rows (ascending)."""
        starts = np.searchsorted(self.keys, rows * self.width)
        ends = np.searchsorted(self.keys, (rows + 1) * self.width)
        sizes = ends - starts
        local = np.repeat(np.arange(len(rows)), sizes)
        position = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes) + starts[local]
        return local, self.keys[position] % self.width, self.values[position]


@dataclass(frozen=True, slots=True)
class Candidates:
    """The candidate pairs of distinct texts and what was learnt while finding them.

    `product` and `sentences` hold the products of the pruned TF-IDF rows (texts x texts,
    sentences x sentences) where they reach CANDIDATE_MIN_COSINE and SENTENCE_MIN_COSINE:
    the candidates are their strongest entries, and `evidence.DirectEvidence` reads any other pair
    from them. `cut` marks the texts whose candidates were cut to CANDIDATE_LINKS (or that
    quote, or are short, in a group too large to pair exhaustively): only pairs with such a
    text can be aligned without being a candidate.
    """

    keys: np.ndarray  # sorted keys s*count+t (s <= t; s == t when copies of a text are in several sources)
    product: Products
    sentences: Products
    # sorted keys s*count+t of the pairs of texts with a pair of sentences in `sentences`, and
    # the best sentence cosine of each (see `_best_sentence_pairs`)
    sentence_best: tuple[np.ndarray, np.ndarray]
    common: np.ndarray  # columns left out of the products (terms common in the event)
    quotes: np.ndarray  # sorted keys of candidate pairs where one text repeats a quotation of the other
    quoted_words: np.ndarray  # ... a short quotation of the other (a word or phrase)
    cut: np.ndarray  # per distinct text


def find_candidates(table: ParagraphTable, texts, sentences, sentence_text: np.ndarray, df: np.ndarray) -> Candidates:
    """Candidate pairs of distinct texts: each text's strongest CANDIDATE_LINKS by pruned
    cosine, and by best sentence-pair cosine, pairs that share a quotation, and short texts
    whose words may all be in another (`_short_text_pairs`).

    Paragraphs that repeat a text share its candidates; `paragraph_pairs` expands them.
    """
    count = texts.shape[0]
    cap = max(CANDIDATE_DF_FLOOR, CANDIDATE_DF_SHARE * len(table.refs))
    keep = np.flatnonzero(df <= cap)
    pruned = texts[:, keep] if len(keep) < texts.shape[1] else texts
    # A text is its own candidate when copies of it are in several sources (the diagonal).
    own = np.flatnonzero(np.asarray(pruned.multiply(pruned).sum(axis=1)).ravel() >= CANDIDATE_MIN_COSINE)
    owner = _text_owners(table)
    product, left, right, cut = _strongest_links(pruned, None, CANDIDATE_MIN_COSINE, owner)
    keys = [_pair_keys(left, right, count), own * count + own]
    pruned_sentences = sentences[:, keep] if len(keep) < texts.shape[1] else sentences
    sentence_product, left, right, sentence_cut = _strongest_links(pruned_sentences, sentence_text, SENTENCE_MIN_COSINE,
                                                                   owner[sentence_text])
    keys.append(_pair_keys(sentence_text[left], sentence_text[right], count))
    cut |= np.bincount(sentence_text[np.flatnonzero(sentence_cut)], minlength=count) > 0
    quotations = _quotation_groups(table, table.text_quotes)
    quote_keys = _quote_pairs(quotations, count, cut)
    keys.append(quote_keys)
    keys.append(_short_text_pairs(table, cut))
    every = _across_sources(owner, unique(np.concatenate(keys)), count)
    quoted_words = _quotation_groups(table, table.text_quoted_words)
    quoted_word_keys = _quote_pairs(quoted_words, count, cut)
    common = np.flatnonzero(df > cap)
    best = _best_sentence_pairs(sentence_product, sentence_text, count)
    return Candidates(every, product, sentence_product, best, common,
                      _quote_flags(quotations, count, every, quote_keys),
                      _quote_flags(quoted_words, count, every, quoted_word_keys), cut)


def _text_owners(table: ParagraphTable) -> np.ndarray:
    """Per distinct text, the one source that uses it, or -1 when several do."""
    by_text, offsets = table.paragraphs_by_text  # every text has a paragraph
    if not len(by_text):
        return np.zeros(0, dtype=np.int64)
    sources = table.source[by_text]
    lowest, highest = np.minimum.reduceat(sources, offsets[:-1]), np.maximum.reduceat(sources, offsets[:-1])
    return np.where(lowest == highest, lowest, -1)


def _across_sources(owner: np.ndarray, keys: np.ndarray, count: int) -> np.ndarray:
    """The keys s*count+t whose texts can make a pair of paragraphs of different sources:
    not both used by one and the same source alone (`owner`: see `_text_owners`). Pairs
    within one source are never aligned, and a page pasted as one line makes a thousand
    paragraphs of one source, whose pairs would otherwise be scored one by one."""
    s, t = keys // max(1, count), keys % max(1, count)
    return keys[(owner[s] < 0) | (owner[s] != owner[t])]


# A source with more rows than this (texts, or sentences) in a product is a page pasted as
# one line or the like (a long real article has a few hundred sentences): its rows are
# multiplied with the other sources' rows only, not with each other (`_product`), so that
# its cost does not grow with its own square.
LARGE_SOURCE_ROWS = 2_000


def _strongest_links(rows: sparse.csr_matrix, group: np.ndarray | None, floor: float, owner: np.ndarray
                     ) -> tuple["Products", np.ndarray, np.ndarray, np.ndarray]:
    """The product of the rows with each other, kept where it reaches `floor` between rows of
    different groups (of different texts; `group` None: every row its own), and of each row
    its CANDIDATE_LINKS largest entries: (the kept product, left and right rows of those
    entries, which rows had more). `owner`: the one source that uses each row, or -1."""
    product = _product(rows, owner)
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
    return Products(product, numbers), numbers[kept], product.indices[kept], cut


def _best_sentence_pairs(product: Products, sentence_text: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """(sorted keys s*count+t, best cosine) of the pairs of texts that have a pair of
    sentences in the sentence product: the best sentence-pair cosine of two texts is then one
    look-up, whatever their numbers of sentences (a page pasted as one line has thousands),
    and the cost is that of the product's entries, read once."""
    count = max(1, count)
    sentences = np.asarray(sentence_text, dtype=np.int64)
    keys = sentences[product.keys // product.width] * count + sentences[product.keys % product.width]
    order = np.argsort(keys)
    keys, values = keys[order], product.values[order]
    if not len(keys):
        return keys, values
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return keys[starts], np.maximum.reduceat(values, starts)


def _product(rows: sparse.csr_matrix, owner: np.ndarray) -> sparse.csr_matrix:
    """rows @ rows.T, without the pairs of rows of one source that has more than
    LARGE_SOURCE_ROWS rows to itself (such pairs are never aligned). Each row's entries are
    summed as in the whole product, term by term in the row's order, so the values are the same."""
    sizes = np.bincount(owner[owner >= 0]) if len(owner) else np.zeros(0, dtype=np.int64)
    large = np.flatnonzero(sizes > LARGE_SOURCE_ROWS)
    if not len(large):
        return (rows @ rows.T).tocsr()
    transposed = rows.T.tocsc()
    blocks: list[sparse.csr_matrix] = []
    order: list[np.ndarray] = []
    rest = np.flatnonzero(~np.isin(owner, large))
    if len(rest):
        blocks.append((rows[rest] @ transposed).tocsr())
        order.append(rest)
    for source in large.tolist():
        mine = np.flatnonzero(owner == source)
        others = np.flatnonzero(owner != source)
        block = (rows[mine] @ transposed[:, others]).tocsr()
        # back to the columns of the whole product
        blocks.append(sparse.csr_matrix((block.data, others[block.indices], block.indptr), shape=(len(mine), rows.shape[0])))
        order.append(mine)
    stacked = sparse.vstack(blocks, format="csr")
    position = np.empty(rows.shape[0], dtype=np.int64)
    position[np.concatenate(order)] = np.arange(rows.shape[0])
    return stacked[position]


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
# A paragraph reuses another's wording almost verbatim only when it holds this share of the
# other's distinct tokens: short texts are paired on it here, and `evidence.wording_scores`
# scores only the pairs that reach it (token_set_ratio >= 0.9 needs far more than this; see
# bench/align_speed.py).
VERBATIM_CONTAINMENT = 0.6


def _short_text_pairs(table: ParagraphTable, cut: np.ndarray) -> np.ndarray:
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
    return unique(np.concatenate(found))


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
    return unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _quotation_groups(table: ParagraphTable, quotes: list[list[str]]) -> list[tuple[np.ndarray, np.ndarray]]:
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


CONTAINMENT_CHUNK = 20_000  # pairs per block of sparse row products (here and in `evidence`)


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
    return unique(np.concatenate(flagged))


def paragraph_pairs(table: ParagraphTable, text_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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
