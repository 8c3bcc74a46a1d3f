"""Does each source report what the others report? Article-level evidence for `check`.

Two measures over cleaned articles, both cheap enough for 50 sources in well under a second:

- **Membership** (off-topic): every article becomes a vector of word stems weighted by how
  rare the stem is in news in general (the squared inverse document frequency over 7,758
  news sentences, `data/news-df.json`), so that the names, places and specific words of
  a story dominate and "president", "government" or "week" count for little; an event
  folder alone has too few articles to learn those weights. Two articles' similarity is
  the cosine of their vectors. A source's *support* is its similarity to the source at
  the middle of its ranking (the k-th most similar of the n others, k = n/2 rounded up):
  it must be close to at least half of the others, not just to one of them. Support is
  then compared with the event's *typical* support (the median of the other sources'),
  because events differ: long, wide-ranging articles are less alike than three short
  reports of one statement. The score is support / sqrt(typical): a source as close to
  the others as they are to each other scores sqrt(typical) (0.4 to 0.8 on real events);
  a stray from another story scores far lower even when it shares actors and vocabulary.
  For corpora that are not in English the weights are the inverse document frequencies
  within the event instead.
- **Copying** (duplicate): the share of the shorter article's five-word sequences that
  also occur in the other. Independent reports of one event share quotations, rarely
  more than a tenth of their text; a wire copy or a lightly edited copy shares most of it.
"""
from __future__ import annotations

import json
import math
import statistics
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Mapping

from ..model import Article
from ..text import STOPWORDS, names, stem, tokens

SHINGLE = 5  # words per sequence when comparing wording for copies


@dataclass(frozen=True, slots=True)
class Membership:
    """How much one source reports what the others report."""

    source: str
    score: float  # support / sqrt(typical); below the off-topic threshold the source is off-topic
    support: float  # similarity to the k-th most similar other source
    typical: float  # the median support of the other sources
    nearest: tuple[tuple[str, float], ...]  # the most similar other sources, best first
    others: tuple[str, ...]  # the sources it was compared with (all but itself and its copies)


@dataclass(frozen=True, slots=True)
class TextProfile:
    """What the measures need from one article, computed in one pass over its words."""

    source: str
    stems: Counter[str]  # content stems (as compare.text.content_stems) and their counts
    words: Counter[str]  # the content words behind them, to show stems as words
    sequences: dict[int, frozenset[str]]  # five-word sequences of each paragraph, by index


def profile(article: Article) -> TextProfile:
    content_words: Counter[str] = Counter()
    sequences: dict[int, frozenset[str]] = {}
    for p in article.paragraphs:
        words = tokens(p.text)
        # the filter of compare.text.content_stems, applied to tokens already at hand
        content_words.update(w for w in words if w not in STOPWORDS and len(w) > 1)
        sequences[p.index] = frozenset(" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))) \
            if words else frozenset()
    stems: Counter[str] = Counter()
    for word, count in content_words.items():
        stems[stem(word)] += count
    return TextProfile(article.id, stems, content_words, sequences)


def profiles(articles: list[Article]) -> dict[str, TextProfile]:
    return {a.id: profile(a) for a in articles}


@lru_cache(maxsize=1)
def news_document_frequency() -> tuple[dict[str, int], int]:
    """The background table: stem -> number of news sentences containing it, and the count."""
    data = json.loads(resources.files("compare").joinpath("data/news-df.json").read_text(encoding="utf-8"))
    return data["df"], int(data["documents"])


def term_weights(counts: Mapping[str, Counter[str]], background: bool) -> dict[str, float]:
    """Weight of each stem: squared news rarity (background) or the event's own IDF."""
    vocabulary = {t for c in counts.values() for t in c}
    if background:
        df, documents = news_document_frequency()
        return {t: math.log((documents + 1) / (df.get(t, 0) + 1)) ** 2 for t in vocabulary}
    n = len(counts)
    in_sources = Counter(t for c in counts.values() for t in c)
    return {t: math.log((1 + n) / (1 + in_sources[t])) + 1 for t in vocabulary}


def _vector(counts: Counter[str], weights: Mapping[str, float]) -> dict[str, float]:
    vector = {t: (1 + math.log(c)) * weights[t] for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    # fsum: the shared terms come in set order, which varies between runs; an exactly rounded
    # sum does not depend on it, so the same input gives the same scores byte for byte
    return math.fsum(a[t] * b[t] for t in a.keys() & b.keys())


def source_similarity(texts: Mapping[str, TextProfile], background: bool = True) -> dict[tuple[str, str], float]:
    """Cosine similarity of every ordered pair of articles (both orders present)."""
    counts = {sid: t.stems for sid, t in texts.items()}
    weights = term_weights(counts, background)
    vectors = {sid: _vector(c, weights) for sid, c in counts.items()}
    ids = sorted(vectors)
    similarity = {}
    for i, left in enumerate(ids):
        for right in ids[i + 1:]:
            value = round(_cosine(vectors[left], vectors[right]), 6)
            similarity[(left, right)] = similarity[(right, left)] = value
    return similarity


def memberships(texts: Mapping[str, TextProfile], background: bool = True,
                copies: frozenset[frozenset[str]] = frozenset()) -> dict[str, Membership]:
    """The membership of every article among the others (see the module docstring).

    `copies` are pairs of sources that copy each other: a copy does not count as support,
    or two copies of one stray would vouch for each other.
    """
    ids = sorted(texts)
    if len(ids) < 2:
        return {}
    similarity = source_similarity(texts, background)

    def others_of(sid: str) -> list[str]:
        return [o for o in ids if o != sid and frozenset((sid, o)) not in copies]

    def support_of(sid: str) -> float:
        values = sorted((similarity[(sid, o)] for o in others_of(sid)), reverse=True)
        return values[math.ceil(len(values) / 2) - 1] if values else 0.0

    support = {sid: support_of(sid) for sid in ids}
    result = {}
    for sid in ids:
        others = others_of(sid)
        typical = statistics.median(support[o] for o in others) if others else 0.0
        score = support[sid] / math.sqrt(typical) if typical > 0 else 0.0
        nearest = sorted(((o, round(similarity[(sid, o)], 3)) for o in others), key=lambda x: (-x[1], x[0]))
        result[sid] = Membership(sid, round(score, 4), round(support[sid], 4), round(typical, 4),
                                 tuple(nearest[:3]), tuple(others))
    return result


def telling_terms(member: Membership, texts: Mapping[str, TextProfile], weights: Mapping[str, float],
                  using: Counter[str] | None = None, limit: int = 6) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words at least half of the other sources (and two or more) use, split into those
    this source shares and those it lacks, most telling first: shown to the contributor.
    `using` is `sources_using(texts)`, passed in when many sources are described."""
    others = member.others
    needed = max(2, math.ceil(len(others) / 2)) if len(others) >= 2 else 1
    if using is not None and len(others) == len(texts) - 1:
        in_others = using - Counter(texts[member.source].stems.keys())
    else:
        in_others = Counter(t for o in others for t in texts[o].stems)
    core = [t for t, n in in_others.items() if n >= needed]
    core.sort(key=lambda t: (-weights[t] * in_others[t], t))
    own = texts[member.source].stems
    shared = tuple(t for t in core if t in own)[:limit]
    missing = tuple(t for t in core if t not in own)[:limit]
    return shared, missing


def sources_using(texts: Mapping[str, TextProfile]) -> Counter[str]:
    """In how many of these texts each stem occurs."""
    return Counter(t for text in texts.values() for t in text.stems)


def surface_words(texts: Mapping[str, TextProfile]) -> dict[str, str]:
    """For every stem, the word it most often comes from in these articles ("summer" ->
    "summers"), so that messages show words a contributor can find in the text."""
    seen: dict[str, Counter[str]] = {}
    for text in texts.values():
        for word, count in text.words.items():
            seen.setdefault(stem(word), Counter())[word] += count
    return {s: min(c, key=lambda w: (-c[w], w)) for s, c in seen.items()}


_CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec""".split())


def article_names(article: Article) -> frozenset[str]:
    """The names an article uses (capitalised words inside sentences and acronyms, as
    `compare.text.names`), lower-cased; weekdays and months name no one."""
    found = set()
    for p in article.paragraphs:
        found.update(n.lower() for n in names(p.text))
    return frozenset(found - _CALENDAR)


def key_names(source: str, by_source: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The event's key names as seen from `source`: names that at least half of the other
    sources use (and at least two of them, when there are two or more)."""
    others = [n for sid, n in by_source.items() if sid != source]
    if not others:
        return frozenset()
    need = max(min(2, len(others)), math.ceil(len(others) / 2))
    counts = Counter(name for n in others for name in n)
    return frozenset(name for name, c in counts.items() if c >= need)


@dataclass(frozen=True, slots=True)
class Copy:
    """A pair of sources whose wording mostly coincides: `copied` of the shorter's text."""

    shorter: str
    longer: str
    copied: float  # share of the shorter article's five-word sequences found in the longer
    first_paragraph: int  # the first paragraph of `shorter` that is mostly copied


def copies(texts: Mapping[str, TextProfile], threshold: float) -> list[Copy]:
    """Every pair of sources that copy each other (share >= threshold), in a fixed order."""
    sequences = {sid: t.sequences for sid, t in texts.items()}
    whole = {sid: set().union(*by_paragraph.values()) if by_paragraph else set() for sid, by_paragraph in sequences.items()}
    ids = sorted(whole)
    found = []
    for i, left in enumerate(ids):
        for right in ids[i + 1:]:
            a, b = whole[left], whole[right]
            if not a or not b:
                continue
            shorter, longer = (left, right) if (len(a), left) <= (len(b), right) else (right, left)
            common = len(whole[shorter] & whole[longer])
            share = common / len(whole[shorter])
            if share >= threshold:
                first = next((index for index, seqs in sorted(sequences[shorter].items())
                              if seqs and len(seqs & whole[longer]) >= 0.5 * len(seqs)), 0)
                found.append(Copy(shorter, longer, round(share, 4), first))
    return found
