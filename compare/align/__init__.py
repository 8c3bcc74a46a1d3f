"""Paragraph alignment across sources, and content units.

How two paragraphs come to be aligned (the module that does each step in brackets):
1. Candidates (`features` builds the table of paragraphs and the vectors, `candidates` the
   pairs). Paragraphs and sentences become TF-IDF vectors over word stems and pairs of
   neighbouring stems ("rwandan diplomat"), weighted by IDF learnt from a large English
   corpus (`data/idf-en.tsv`) times the event's own IDF. Sparse matrix products over the
   terms that are not common in the event give the pairs of paragraphs, and of sentences,
   that share a weighted term, of which each text (and sentence) keeps its CANDIDATE_LINKS
   strongest; quotations are looked up in an index, and short paragraphs by prefix
   filtering. Work grows with the number of likely matches, not with all pairs.
2. Direct evidence for each candidate pair (`evidence`): the better of the paragraph cosine
   and the best sentence-pair cosine (so a paragraph can align with part of a longer one).
3. Corroboration (`decision`): outlets that wrote independently put one fact in different
   words, but a paragraph of a third outlet often shares words with each; the support of
   (i, j) is the best min(direct(i, k), direct(k, j)) over such paragraphs k, counted only
   for a pair that shares more than the event's topic names (those every source uses; found
   by `evidence`). The score combines direct evidence, support, and a word one outlet quotes
   that the other uses, as independent chances: 1 - (1 - direct)(1 - support)(1 - quoted word).
4. A decision per pair (`decision`): aligned when the score clears a bar that depends on the
   two sources (`align_threshold` between articles about the same event, up to
   `align_unrelated_threshold` between articles that are not; lower when only two sources
   exist, as nothing can corroborate; lower again for the shorter paragraph's best match in
   the other source, as a short paragraph tells one fact and finds it in a longer paragraph
   that tells more; higher for two one-sentence paragraphs that are the best match of
   neither in the other's source, as each tells its one fact best elsewhere), or when both
   repeat a quotation of six or more words,
   or reuse wording almost verbatim (rapidfuzz `token_set_ratio`, scored by `evidence` only
   where it can change the decision).
Content units (`units`) are then built from the alignments without chaining: a paragraph
joins a unit only when it is aligned with more than half of the members of other sources of
the unit's core (its first CORE_SIZE members: the whole of a smaller unit), and a pair that
the bounded candidates left out is judged by its direct evidence, read from the products.
A unit is one fact: two paragraphs of one source share a unit (or both report it) only when
they repeat one fact by their own direct evidence (`evidence.SAME_SOURCE_BAR`), not because
both are aligned with a lede of another outlet that sums up the story
(`compare.divergence.largest_unit` gives the most paragraphs one source has in one unit,
as report.json's `largest_unit` states it).
Each paragraph lists its LISTED_PER_PARAGRAPH strongest alignments; two paragraphs that
report one unit are aligned too (`aligned_pair_counts` counts both kinds). `output` builds
the Alignment values, with their evidence, and the similarity of every two sources.

Large events (hundreds of outlets, wire copy repeated word for word) are handled column-wise
with numpy (the helpers the steps share are in `arrays`). Each distinct text is read once,
its words numbered as they come (a token's stem is looked up once per event); candidates and
their evidence are worked out per pair of distinct texts and only then expanded to the pairs
of paragraphs that carry them, so forty outlets running one wire paragraph cost one row, not
forty. Pairs of texts that one source alone uses are never scored, and the rows of a source
far longer than any article (a page pasted as one line: `candidates.LARGE_SOURCE_ROWS`)
are multiplied with the other sources' rows only, so one long source costs in proportion
to its length, not to its square. Per-pair Python work is kept to building the Alignment values themselves, with the
cyclic garbage collector paused while they are built (bench/align_speed.py).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager

import numpy as np

from ..model import AlignmentResult, Article
from ..settings import Settings
from .candidates import find_candidates, paragraph_pairs
from .decision import bars, decide, listed, source_relatedness
from .evidence import DirectEvidence, pair_evidence, topic_columns
from .features import paragraph_table, vectors
from .output import build_alignments, source_similarity
from .units import aligned_pair_counts, build_units, content_units

__all__ = ["align_articles", "content_units", "aligned_pair_counts"]


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
    table = paragraph_table(ordered)
    n = len(table.refs)
    if n == 0 or len(ordered) < 2:
        nothing = np.zeros(0, np.int64)
        return AlignmentResult((), tuple(build_units(table.refs, table.source, nothing, nothing, np.zeros(0), table.texts)),
                               source_similarity(ordered, table, nothing, nothing, np.zeros(0), None))
    matrix, sentence_matrix, sentence_text, terms = vectors(table)
    candidates = find_candidates(table, matrix, sentence_matrix, sentence_text, terms.df)
    by_text = pair_evidence(table, matrix, candidates, topic_columns(table, terms))
    left, right, text_pair = paragraph_pairs(table, candidates.keys)
    pairs = (left, right)
    evidence = {kind: values[text_pair] for kind, values in by_text.items()}
    text_pairs = (text_pair, len(candidates.keys))
    relatedness = source_relatedness(table, len(ordered))
    chosen = decide(table, pairs, text_pairs, evidence, relatedness, settings)
    alignments = build_alignments(table, pairs, text_pairs, evidence, listed(left, right, evidence["score"], chosen), matrix, terms)
    picked = np.flatnonzero(chosen)
    direct = DirectEvidence(table, matrix, candidates, bars(relatedness, settings))
    units = build_units(table.refs, table.source, left[picked], right[picked], evidence["score"][picked], table.texts, direct)
    similarity = source_similarity(ordered, table, left, right, evidence["similarity"], candidates)
    return AlignmentResult(tuple(alignments), tuple(units), similarity, aligned_pair_counts(alignments, units))
