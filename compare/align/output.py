"""What the alignment reports of the decided pairs: the Alignment values, each with its
evidence kinds and what the two paragraphs share, and the similarity of every two sources.
"""
from __future__ import annotations

import numpy as np
from scipy import sparse

from ..model import Alignment, Article, ParagraphRef, SourceSimilarity
from .arrays import ranking_keys, representatives
from .candidates import Candidates, Products
from .decision import best_by_source
from .features import ParagraphTable, Terms


EVIDENCE_KINDS = ("quote", "numbers", "names", "sentence", "wording", "corroborated")
SHARED_WORDS = 5  # the most telling shared words listed per alignment


def build_alignments(table: ParagraphTable, pairs, text_pairs: tuple[np.ndarray, int], evidence: dict[str, np.ndarray], chosen: np.ndarray,
                     matrix, terms: Terms) -> list[Alignment]:
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
    first, back = representatives(text_pairs[0][picked], text_pairs[1])
    u_left, u_right = left[first], right[first]

    # Shared words of every pair at once: the product of the two TF-IDF rows over single
    # stems (pairs of stems would repeat them), largest first.
    single = matrix[:, :terms.stems].tocsr()
    product = single[table.text_id[u_left]].multiply(single[table.text_id[u_right]]).tocsr()
    product.eliminate_zeros()
    product.sort_indices()
    row = np.repeat(np.arange(len(first)), np.diff(product.indptr))
    # By pair, then weight, largest first, then column.
    order = np.argsort(ranking_keys(row, product.data / max(1e-12, float(product.data.max(initial=0.0))), product.indices.astype(np.int64), product.shape[1]))
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


def _shared_quote(table: ParagraphTable, i: int, j: int, quotes: list[list[str]]) -> str:
    for x, y in ((i, j), (j, i)):
        for q in quotes[x]:
            if f" {q} " in f" {table.joined[y]} ":
                return q
    return ""


def source_similarity(articles: list[Article], table: ParagraphTable, left: np.ndarray, right: np.ndarray, score: np.ndarray,
                      candidates: Candidates | None) -> SourceSimilarity:
    """Per source pair: the mean, over the paragraphs of both, of each paragraph's best score
    against the other source (0 for a paragraph with no candidate there).

    A paragraph whose candidates were cut to its strongest has no candidate in most other
    sources; against those its best is the best pruned cosine of the candidate product (the
    cosine over the terms that are not common in the event: less than its score would be).
    """
    count = len(articles)
    n = len(table.refs)
    best = best_by_source(table, left, right, score, count)
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


def _best_pruned_cosine_by_source(table: ParagraphTable, product: Products, texts: np.ndarray, sources: int) -> np.ndarray:
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
