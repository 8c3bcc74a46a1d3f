"""Alignment quality: BASIL dev events (quote-anchored recall, false alignments on mixed
events) and the seed event's paraphrase judgement, with naive baselines beside.

Usage: python bench/align_quality.py [--data ../shared/data/basil-dev]
Skips the BASIL part with a message when the data folder is absent.

- recall: share of gold `silver_pairs` (paragraphs of two outlets sharing a 6+ token quote)
  among the alignments; `silver_pairs_partial` recall is printed for information.
- false/100: alignments on the `mixed/` folders (three articles of three different events:
  every alignment is false) per 100 paragraphs.
- Baselines, each at the threshold that keeps false/100 <= 0.2 and at the one that reaches
  recall >= 0.96: TF-IDF cosine (scikit-learn TfidfVectorizer, English stop words) and
  rapidfuzz `token_set_ratio`, `token_sort_ratio` and `partial_ratio` (the fuzzy scorers
  the aligner could have been built on), all over all cross-source paragraph pairs.
- Seeds: recall and precision against bench/data/seed_alignment_judgement.yaml (and
  seed_alignment_judgement_2.yaml, an independent second judgement, when present), beside
  the aligner run on each pair of articles alone (nothing to corroborate) and "each
  paragraph's best TF-IDF match in every other source" (cosine >= 0.1).
Gold paragraph indices count the non-empty paragraphs of the .txt file; they are mapped to
the pipeline's cleaned paragraphs by text (a gold paragraph the cleaner dropped is a miss).
- Units: the most paragraphs of one source in one content unit of the seed event.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from compare import load_event  # noqa: E402
from compare.align import align_articles  # noqa: E402
from compare.evaluation import judged_pairs  # noqa: E402
from compare.pipeline import prepare  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "basil-dev"
SEED_EVENT = REPO / "corpus" / "rwanda-belgium-2025"
SEED_JUDGEMENT = REPO / "bench" / "data" / "seed_alignment_judgement.yaml"
# A second judgement of the same pairs, made independently (same format); printed beside the
# first when it is there, and never used to tune the aligner.
SEED_JUDGEMENT_2 = REPO / "bench" / "data" / "seed_alignment_judgement_2.yaml"


def _norm(text: str) -> str:
    return " ".join(text.split())


def basil_events(data: Path):
    """(event id, cleaned articles, silver pairs, partial pairs) with pipeline indices."""
    gold = json.loads((data / "gold-dev.json").read_text(encoding="utf-8"))["events"]
    for event_id, event in sorted(gold.items()):
        articles = prepare(load_event(data / "corpus" / event_id))
        index = {}
        for article in articles:
            texts = [_norm(p.text) for p in article.paragraphs]
            for g, text in enumerate(event["sources"][article.id]["paragraphs"]):
                text = _norm(text)
                index[(article.id, g)] = (article.id, texts.index(text)) if text in texts else None

        def mapped(pairs):
            return [frozenset([index[(p["a"]["source"], p["a"]["paragraph"])], index[(p["b"]["source"], p["b"]["paragraph"])]])
                    for p in pairs]

        yield event_id, articles, mapped(event["silver_pairs"]), mapped(event["silver_pairs_partial"])


def mixed_events(data: Path):
    for folder in sorted((data / "mixed").iterdir()):
        if folder.is_dir():
            yield folder.name, prepare(load_event(folder))


def pair_set(result) -> set[frozenset]:
    return {frozenset([(a.a.source, a.a.paragraph), (a.b.source, a.b.paragraph)]) for a in result.alignments}


def cross_pairs(articles):
    """Every pair of paragraphs of two different sources, as (key, text a, text b)."""
    for x, y in combinations(sorted(articles, key=lambda a: a.id), 2):
        for p in x.paragraphs:
            for q in y.paragraphs:
                yield frozenset([(x.id, p.index), (y.id, q.index)]), p.text, q.text


def baseline_scores(articles, kind: str) -> dict[frozenset, float]:
    if kind == "tfidf":
        from sklearn.feature_extraction.text import TfidfVectorizer

        docs = [(a.id, p.index, p.text) for a in articles for p in a.paragraphs]
        matrix = TfidfVectorizer(stop_words="english").fit_transform([d[2] for d in docs])
        sims = (matrix @ matrix.T).toarray()
        where = {(d[0], d[1]): k for k, d in enumerate(docs)}
        return {key: float(sims[where[min(key)], where[max(key)]]) for key, _, _ in cross_pairs(articles)}
    from rapidfuzz import fuzz

    from compare.text import tokens

    scorer = {"token_set": fuzz.token_set_ratio, "token_sort": fuzz.token_sort_ratio, "partial": fuzz.partial_ratio}[kind]
    return {key: scorer(" ".join(tokens(a)), " ".join(tokens(b))) / 100 for key, a, b in cross_pairs(articles)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    options = parser.parse_args()
    if (options.data / "gold-dev.json").is_file():
        basil(options.data)
    else:
        print(f"skipped BASIL: {options.data} not found (see its README for what it holds)")
    seeds(SEED_JUDGEMENT)
    if SEED_JUDGEMENT_2.is_file():
        seeds(SEED_JUDGEMENT_2)
    units()


def units() -> None:
    """The grain of the seed event's content units: the most paragraphs one source has in a unit."""
    from compare.divergence import largest_unit

    articles = prepare(load_event(SEED_EVENT))
    result = align_articles(articles)
    largest = largest_unit(result.units)
    print(f"\nSeed event content units: {len(result.units)}; the largest holds {largest['most_from_one_source']} "
          f"paragraph(s) of one source ({largest['source']}, unit {largest['unit']}, {largest['paragraphs']} in all; "
          "as report.json's largest_unit); target <= 3")


def basil(data: Path) -> None:
    events = list(basil_events(data))
    mixed = list(mixed_events(data))
    mixed_paragraphs = sum(len(a.paragraphs) for _, arts in mixed for a in arts)

    start = time.perf_counter()
    found = missed = partial_found = partial_total = 0
    missed_pairs = []
    for event_id, articles, silver, partial in events:
        got = pair_set(align_articles(articles))
        for pair in silver:
            if pair in got:
                found += 1
            else:
                missed += 1
                missed_pairs.append((event_id, sorted(pair)))
        partial_total += len(partial)
        partial_found += sum(1 for pair in partial if pair in got)
    false = sum(len(align_articles(arts).alignments) for _, arts in mixed)
    elapsed = time.perf_counter() - start
    total = found + missed

    print(f"BASIL dev: {len(events)} events, {total} quote-anchored pairs, {partial_total} partial-quote pairs; "
          f"{len(mixed)} mixed folders, {mixed_paragraphs} paragraphs")
    print(f"{'aligner':<38}{'recall':>8}{'false/100':>11}{'partial recall':>16}")
    print(f"{'source-compare':<38}{found / total:>8.3f}{100 * false / mixed_paragraphs:>11.2f}"
          f"{partial_found / partial_total:>16.3f}   ({false} false alignments, {elapsed:.1f} s)")
    for kind, label in (("tfidf", "TF-IDF cosine"), ("token_set", "token_set_ratio"), ("token_sort", "token_sort_ratio"),
                        ("partial", "partial_ratio")):
        event_scores = [(baseline_scores(arts, kind), silver, partial) for _, arts, silver, partial in events]
        mixed_scores = [baseline_scores(arts, kind) for _, arts in mixed]
        rows = []
        for step in range(5, 100):
            threshold = step / 100
            rec = sum(1 for s, silver, _ in event_scores for p in silver if s.get(p, 0) >= threshold) / total
            part = sum(1 for s, _, partial in event_scores for p in partial if s.get(p, 0) >= threshold) / partial_total
            fal = 100 * sum(1 for s in mixed_scores for v in s.values() if v >= threshold) / mixed_paragraphs
            rows.append((threshold, rec, fal, part))
        low_false = max((r for r in rows if r[2] <= 0.2), key=lambda r: (r[1], -r[0]), default=None)
        high_recall = min((r for r in rows if r[1] >= 0.96), key=lambda r: (r[2], -r[0]), default=None)
        for name, row in (("false<=0.2", low_false), ("recall>=0.96", high_recall)):
            if row:
                print(f"{label + ' >= ' + format(row[0], '.2f') + ' (' + name + ')':<38}{row[1]:>8.3f}{row[2]:>11.2f}{row[3]:>16.3f}")
    print("targets: recall >= 0.98 and false/100 <= 0.2 at once")
    for event_id, pair in missed_pairs:
        print(f"  missed {event_id}: {pair}")


def seeds(judgement: Path) -> None:
    articles, same, borderline = judged_pairs(SEED_EVENT, judgement)
    got = pair_set(align_articles(articles))
    scores = baseline_scores(articles, "tfidf")
    best: set[frozenset] = set()
    for article in articles:
        for p in article.paragraphs:
            for other in articles:
                if other.id == article.id or not other.paragraphs:
                    continue
                options = [(scores[frozenset([(article.id, p.index), (other.id, q.index)])], q.index) for q in other.paragraphs]
                value, index = max(options, key=lambda o: (o[0], -o[1]))
                if value >= 0.1:
                    best.add(frozenset([(article.id, p.index), (other.id, index)]))
    print(f"\nSeed event paraphrase against {judgement.name} ({len(same)} judged pairs, {len(borderline)} borderline "
          f"counted neither way)")
    two_at_a_time: set[frozenset] = set()
    for x, y in combinations(articles, 2):  # no third source to corroborate
        two_at_a_time |= pair_set(align_articles([x, y]))
    # recall and precision as the targets read them (borderline pairs counted neither way),
    # then the two other readings of borderline pairs: as wrong (strict precision), and as
    # pairs that should be aligned (generous recall and precision).
    print(f"{'aligner':<38}{'recall':>8}{'precision':>11}{'pairs':>7}{'strict prec.':>14}{'generous rec.':>15}{'generous prec.':>16}")
    for name, pairs in (("source-compare", got), ("source-compare, two sources at a time", two_at_a_time),
                        ("best TF-IDF match (cos >= 0.1)", best)):
        tp = len(pairs & same)
        counted = len(pairs - borderline)
        either = len(pairs & (same | borderline))
        print(f"{name:<38}{tp / len(same):>8.3f}{(tp / counted if counted else 0):>11.3f}{len(pairs):>7}"
              f"{(tp / len(pairs) if pairs else 0):>14.3f}{either / len(same | borderline):>15.3f}{(either / len(pairs) if pairs else 0):>16.3f}")
    print("targets: recall >= 0.75 and precision >= 0.75")


if __name__ == "__main__":
    main()
