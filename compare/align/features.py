"""The paragraph table and the TF-IDF vectors that every alignment step reads.

Each distinct text is read once (wire copy repeats paragraphs word for word across outlets),
its tokens numbered in order of first use and its quotations, numbers and names kept. Terms
are word stems and pairs of neighbouring stems, weighted by the IDF of a large English corpus
(`data/idf-en.tsv`) times the event's own IDF.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import chain

import numpy as np
from scipy import sparse

from ..model import Article, ParagraphRef
from ..text import CONTENT_STEM, STOPWORDS, names, numbers, quotation_token_runs
from .arrays import cell_counts, unique


QUOTE_MIN_TOKENS = 6


@dataclass(frozen=True, slots=True)
class ParagraphTable:
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


def paragraph_table(articles: list[Article]) -> ParagraphTable:
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
    keys = unique(text_of * token_count + token_seq)
    token_rows = sparse.csr_matrix((np.ones(len(keys)), (keys // token_count, keys % token_count)), shape=(count, token_count))
    joined, quotes, quoted_words, nums, nms = ([features[t][column] for t in text_id] for column in range(5))
    return ParagraphTable(refs, np.asarray(source, dtype=np.int64), texts, joined, quotes, quoted_words, nums, nms, ids, first_uses,
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
class Terms:
    """The TF-IDF features: single stems (columns 0 .. stems-1, the stem ids) and pairs of
    neighbouring stems ("rwandan diplomat"), which say who did what to whom where single
    stems cannot: "rwandan diplomat" and "belgian diplomat" are two facts of one event whose
    words are all common in it."""

    stems: int  # columns below this are single stems
    bigram_keys: np.ndarray  # the pair (a, b) of each further column, as a * stems + b
    weights: np.ndarray
    df: np.ndarray  # paragraphs (copies included) that use each term


def vectors(table: ParagraphTable):
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
    bigram_keys = unique(pair[in_text])
    width = stems + len(bigram_keys)

    def cells(group: np.ndarray, neighbours: np.ndarray):
        """(row, column, count) of the stems and stem pairs of each group (text or sentence)."""
        return cell_counts(np.concatenate((group, group[:-1][neighbours])),
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
    paragraphs = normalised_rows(rows, columns, counts, count, weights)
    sentences = normalised_rows(*cells(sentence_of, in_sentence), len(table.sentence_text), weights)
    return paragraphs, sentences, table.sentence_text, Terms(stems, bigram_keys, weights, df)


def _first_uses(ids: np.ndarray, count: int) -> np.ndarray:
    """The position of the first use of each id 0..count-1 (ids numbered in order of first use)."""
    first = np.full(count, len(ids), dtype=np.int64)
    np.minimum.at(first, ids, np.arange(len(ids)))
    return first


def normalised_rows(rows: np.ndarray, columns: np.ndarray, counts: np.ndarray, size: int, weights: np.ndarray) -> sparse.csr_matrix:
    """(1 + ln tf) * weight rows, L2-normalised."""
    values = (1 + np.log(counts)) * weights[columns]
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=size))
    values = values / np.where(norms[rows] > 0, norms[rows], 1.0)
    return sparse.csr_matrix((values, (rows, columns)), shape=(size, len(weights)))
