"""Paragraph alignment across sources, and content units.

Every pair of paragraphs from two different sources gets a score in [0, 1] that combines
fuzzy wording (rapidfuzz), TF-IDF cosine over word stems, and the evidence fuzzy matching
misses: a quotation both repeat, shared numbers and names. Pairs at or above the threshold
are aligned (many-to-many); connected groups of aligned paragraphs are content units.
"""
from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

from rapidfuzz import fuzz

from .model import Alignment, AlignmentResult, Article, ContentUnit, ParagraphRef
from .settings import Settings
from .text import content_stems, names, numbers, quotations, tokens

QUOTE_MIN_TOKENS = 6


def align_articles(articles: list[Article] | tuple[Article, ...], settings: Settings = Settings()) -> AlignmentResult:
    """Align every pair of sources; return alignments, content units and source similarity."""
    features = {a.id: [_features(p.text) for p in a.paragraphs] for a in articles}
    idf = _idf([f["stems"] for feats in features.values() for f in feats])
    vectors = {sid: [_tfidf(f["stems"], idf) for f in feats] for sid, feats in features.items()}
    for article in articles:
        for p, f in zip(article.paragraphs, features[article.id]):
            f["sentences"] = [_tfidf(content_stems(s.text), idf) for s in p.sentences]

    alignments: list[Alignment] = []
    similarity: dict[tuple[str, str], float] = {}
    for left, right in combinations(sorted(articles, key=lambda a: a.id), 2):
        best_left = [0.0] * len(left.paragraphs)
        best_right = [0.0] * len(right.paragraphs)
        for i, pa in enumerate(left.paragraphs):
            for j, pb in enumerate(right.paragraphs):
                score, evidence, shared = _score_pair(
                    features[left.id][i], features[right.id][j],
                    vectors[left.id][i], vectors[right.id][j], pa.text, pb.text,
                )
                best_left[i] = max(best_left[i], score)
                best_right[j] = max(best_right[j], score)
                if score >= settings.align_threshold:
                    alignments.append(Alignment(
                        ParagraphRef(left.id, i), ParagraphRef(right.id, j), round(score, 4), evidence, shared))
        pair_similarity = _mean([*best_left, *best_right])
        similarity[(left.id, right.id)] = similarity[(right.id, left.id)] = round(pair_similarity, 4)
    alignments.sort(key=lambda a: (a.a, a.b))
    units = content_units(articles, alignments)
    return AlignmentResult(tuple(alignments), tuple(units), similarity)


def content_units(articles, alignments: list[Alignment]) -> list[ContentUnit]:
    """Group aligned paragraphs (connected components); unaligned paragraphs are units too."""
    parent: dict[ParagraphRef, ParagraphRef] = {}

    def find(x: ParagraphRef) -> ParagraphRef:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for article in articles:
        for p in article.paragraphs:
            find(ParagraphRef(article.id, p.index))
    for a in alignments:
        ra, rb = find(a.a), find(a.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[ParagraphRef, list[ParagraphRef]] = {}
    for ref in sorted(parent):
        groups.setdefault(find(ref), []).append(ref)
    text = {(a.id, p.index): p.text for a in articles for p in a.paragraphs}
    ordered = sorted(groups.values(), key=lambda m: (-len({r.source for r in m}), m[0]))
    return [
        ContentUnit(id=i, members=tuple(members), label=_label(text[(members[0].source, members[0].paragraph)]))
        for i, members in enumerate(ordered)
    ]


def _features(text: str) -> dict:
    toks = tokens(text)
    return {
        "stems": content_stems(text),
        "numbers": set(numbers(text)),
        "names": names(text),
        "quotes": [" ".join(tokens(q)) for q in quotations(text, QUOTE_MIN_TOKENS)],
        "joined": " ".join(toks),
    }


def _idf(documents: list[list[str]]) -> dict[str, float]:
    df = Counter(term for doc in documents for term in set(doc))
    n = len(documents)
    return {term: math.log((1 + n) / (1 + count)) + 1 for term, count in df.items()}


def _tfidf(stems: list[str], idf: dict[str, float]) -> dict[str, float]:
    counts = Counter(stems)
    vector = {t: (1 + math.log(c)) * idf.get(t, 1.0) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def _score_pair(fa: dict, fb: dict, va: dict, vb: dict, text_a: str, text_b: str):
    cosine = _cosine(va, vb)
    sentence_cosine = max((_cosine(x, y) for x in fa.get("sentences", ()) for y in fb.get("sentences", ())), default=0.0)
    cosine = max(cosine, 0.9 * sentence_cosine)
    wording = fuzz.token_set_ratio(fa["joined"], fb["joined"]) / 100.0
    evidence: list[str] = []
    shared: list[str] = []
    quote = next((q for q in fa["quotes"] if q in fb["joined"]), None) or next(
        (q for q in fb["quotes"] if q in fa["joined"]), None)
    if quote:
        evidence.append("quote")
        shared.append(quote)
    shared_numbers = sorted((fa["numbers"] & fb["numbers"]) - {"1", "2", "3"})
    if shared_numbers:
        evidence.append("numbers")
        shared.extend(shared_numbers)
    shared_names = sorted(fa["names"] & fb["names"])
    score = max(cosine, (wording - 0.5) * 2 if wording > 0.5 else 0.0)
    if quote:
        score = max(score, 0.9)
    score = min(1.0, score + 0.05 * len(shared_numbers) + 0.02 * len(shared_names))
    if cosine >= 0.2 or wording >= 0.75:
        evidence.append("wording")
    if shared_names:
        evidence.append("names")
        shared.extend(shared_names[:8])
    return score, tuple(evidence), tuple(shared)


def _cosine(va: dict, vb: dict) -> float:
    if len(va) > len(vb):
        va, vb = vb, va
    return sum(w * vb.get(t, 0.0) for t, w in va.items())


def _label(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
