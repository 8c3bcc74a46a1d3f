"""Steps 3 and 4 of the alignment: corroboration by a third source, the score of each pair
and the bar it must clear (which depends on how surely its two sources report one event),
the decision, and which of the aligned pairs each paragraph lists.
"""
from __future__ import annotations

import numpy as np
from scipy import sparse

from ..settings import Settings
from .arrays import cell_counts, lookup_keys, ranking_keys
from .evidence import wording_scores
from .features import ParagraphTable, global_idf, normalised_rows


QUOTE_SCORE = 0.9  # the score of a pair whose only strong evidence is a shared quotation
# A word or short phrase one outlet quotes ("disproportionate") and another uses: the same
# statement reported, but short quotations are also scare quotes, so it only adds evidence.
QUOTED_WORD_WEIGHT = 0.25
# `token_set_ratio` is computed only where the shorter paragraph has at most this many
# distinct tokens (see `decide`).
VERBATIM_MAX_TOKENS = 40


def source_relatedness(table: ParagraphTable, source_count: int) -> np.ndarray:
    """How surely each pair of sources reports the same event, in [0, 1] (a matrix).

    Whole-article TF-IDF cosine with the background IDF only (an event's own IDF means
    nothing for two articles): articles about one event score 0.29-0.65 on the BASIL dev
    events and the seeds, articles about different events 0.05-0.20; RELATED_BELOW and
    RELATED_ABOVE bracket that gap, and the scale is linear between them.
    """
    idf_table, unseen = global_idf()
    weights = np.array([idf_table.get(s, unseen) for s in table.stem_words])
    count, stems = len(table.first_uses), len(table.stem_words)
    rows, columns, counts = cell_counts(table.stem_text, table.stem_seq, stems)
    per_text = sparse.csr_matrix((counts.astype(float), (rows, columns)), shape=(count, stems))
    copies = sparse.csr_matrix((np.ones(len(table.refs)), (table.source, table.text_id)), shape=(source_count, count))
    per_source = (copies @ per_text).tocoo()
    articles = normalised_rows(per_source.row.astype(np.int64), per_source.col.astype(np.int64), per_source.data, source_count, weights)
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
# terms that are not the event's topic (`evidence.topic_columns`).
CORROBORATED_SPECIFIC_SHARE = 0.4
# A short paragraph usually reports one fact, and a longer paragraph of another source that
# reports it too (among other things) is where the short one finds its best match there;
# the longer one's own best match is whichever of its facts the other source tells at
# most length. A pair that is the shorter paragraph's best match in the other source clears
# a bar this much lower (between articles about the same event; see `_best_match_ends`).
SHORTER_BEST_ALLOWANCE = 0.05
# A pair of two one-sentence paragraphs that is the best match of neither of them in the
# other's source clears a bar this much higher (see `decide`). Fitted on MSRP train by 5-fold
# cross-validation by event (bench/msrp.py: the fewest alignments to a non-partner at
# training recall >= 0.995): the folds chose 0.15-0.2, with the two-source bar at
# 0.11-0.17 (shipped 0.17). Paragraphs of several sentences (the seed event, BASIL) are left
# as they were: each of their facts may be told best by a different paragraph.
SECOND_CHOICE_PENALTY = 0.15


def _support(table: ParagraphTable, pairs, direct: np.ndarray) -> np.ndarray:
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
    order = np.argsort(ranking_keys(k, value, other, n))
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
    return lookup_keys(left * n + right, keys[starts], np.maximum.reduceat(through, starts))


def _best_match_ends(table: ParagraphTable, pairs, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(of the shorter, of either): whether each pair is the best-scoring candidate in the
    other paragraph's source of its shorter paragraph (either, when they are as long), and
    of at least one of its two paragraphs. Linear in pairs (`best_by_source`)."""
    left, right = pairs
    sizes = np.diff(table.token_rows.indptr)[table.text_id]
    sources = int(table.source.max()) + 1
    top = best_by_source(table, left, right, score, sources).ravel()
    shorter = np.zeros(len(left), dtype=bool)
    either = np.zeros(len(left), dtype=bool)
    for mine, other in ((left, right), (right, left)):
        best = score >= top[mine * sources + table.source[other]]
        shorter |= best & (sizes[mine] <= sizes[other])
        either |= best
    return shorter, either


def best_by_source(table: ParagraphTable, left: np.ndarray, right: np.ndarray, score: np.ndarray, sources: int) -> np.ndarray:
    """best[k, s]: paragraph k's best score against a paragraph of source s among the pairs
    (0 where it has none), by an unbuffered maximum over the pairs seen from both ends."""
    best = np.zeros((len(table.refs), sources))
    np.maximum.at(best.ravel(), left * sources + table.source[right], score)  # best is C-ordered: ravel is a view
    np.maximum.at(best.ravel(), right * sources + table.source[left], score)
    return best


def bars(relatedness: np.ndarray, settings: Settings) -> np.ndarray:
    """The bar a pair's score must clear, per pair of sources (a matrix): `align_threshold`
    between articles about the same event (UNCORROBORATED_ALLOWANCE lower when the event has
    only two sources), rising to `align_unrelated_threshold` between articles that are not."""
    threshold = settings.align_threshold
    if len(relatedness) == 2:  # no third source can vouch: direct evidence alone, with a lower bar
        threshold -= UNCORROBORATED_ALLOWANCE
    return settings.align_unrelated_threshold - relatedness * (settings.align_unrelated_threshold - threshold)


def decide(table: ParagraphTable, pairs, text_pairs: tuple[np.ndarray, int], evidence: dict[str, np.ndarray], relatedness: np.ndarray,
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
    source (`_best_match_ends`), and SECOND_CHOICE_PENALTY higher for two one-sentence
    paragraphs neither of which has the other as its best match there. A shared quotation, or wording reused almost
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
    bar = bars(relatedness, settings)[table.source[left], table.source[right]]
    # The shorter paragraph's best match in the other source clears a lower bar (as much
    # lower as the two sources are surely about one event: between unrelated articles a
    # best match is only the least unrelated paragraph).
    of_shorter, of_either = _best_match_ends(table, pairs, score)
    bar = np.where(of_shorter, bar - related * SHORTER_BEST_ALLOWANCE, bar)
    # A pair that neither paragraph prefers to every other paragraph of the other source is
    # a second choice at both ends: two paragraphs about neighbouring facts of one story
    # (the same company's shares, one index's two days), each told best elsewhere.
    # Only between two paragraphs of one sentence each: a paragraph of several sentences tells
    # several facts, and each may be told best by a different paragraph.
    sentences = np.bincount(table.sentence_text, minlength=len(table.first_uses))[table.text_id]
    one_fact = (sentences[left] <= 1) & (sentences[right] <= 1)
    bar = np.where(of_either | ~one_fact, bar, bar + SECOND_CHOICE_PENALTY)
    quote = evidence["quote"]
    # token_set_ratio is the costly score: it is computed for the pairs the other evidence
    # leaves out, and of those only where the shorter paragraph is short enough that a
    # near-verbatim copy of it can have a low cosine (a paragraph of 40 distinct tokens
    # repeated inside another scores a cosine of about sqrt(40 / length of the other)).
    sizes = np.diff(table.token_rows.indptr)[table.text_id]
    undecided = np.flatnonzero((score < bar) & ~quote & (np.minimum(sizes[left], sizes[right]) <= VERBATIM_MAX_TOKENS))
    evidence["wording"] = np.zeros(len(left))
    evidence["wording"][undecided] = wording_scores(table, left[undecided], right[undecided], (text_pairs[0][undecided], text_pairs[1]))
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


LISTED_PER_PARAGRAPH = 20  # alignments listed per paragraph, its strongest (see `listed`)


def listed(left: np.ndarray, right: np.ndarray, score: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """Which chosen pairs are listed as alignments: those among the LISTED_PER_PARAGRAPH
    strongest of either of their paragraphs. When hundreds of outlets tell one fact, its
    pairs number in the tens of thousands; the content units imply the rest (a pair of
    paragraphs that report one unit is aligned). In events of a few sources no paragraph
    has that many alignments (the seed's most aligned has 14, BASIL's 17)."""
    picked = np.flatnonzero(chosen)
    ends = np.concatenate((left[picked], right[picked]))
    order = np.argsort(ranking_keys(ends, np.concatenate((score[picked], score[picked])),
                                    np.tile(np.arange(len(picked)), 2), max(1, len(picked))), kind="stable")
    sorted_ends = ends[order]
    rank = np.arange(len(order)) - np.searchsorted(sorted_ends, sorted_ends, side="left")
    listed = np.zeros(len(left), dtype=bool)
    listed[picked[np.tile(np.arange(len(picked)), 2)[order][rank < LISTED_PER_PARAGRAPH]]] = True
    return listed
