"""Alignment speed on synthetic large events, against all-pairs `token_set_ratio`.

Usage: python bench/align_speed.py [--sources 200] [--runs 3] [--no-reference] [--paraphrase-share 0.5] [--data DIR]

Two kinds of synthetic event, N sources x 20 paragraphs built from real paragraphs with the
edits outlets make (seeded: the same events every run):
- one story told by every source: the pool is one real event (the BASIL dev event with the
  most paragraphs when ../shared/data/basil-dev is there, else the bundled seed event); each
  source takes 85% of its paragraphs from the pool (so paragraphs are dropped and chosen
  differently per source) and 15% from other events. Every outlet reports the same facts,
  so the number of aligned pairs grows with the square of the number of sources;
- each paragraph reported by about 10 sources: the pool holds N x 20 / 10 real paragraphs of
  all the events, so the number of aligned pairs grows with the number of sources.
Edits: --paraphrase-share of the paragraphs (default half; the rest are wire copy, word for
word) are paraphrased by word swaps (about 12% of words replaced by words of the pool, a
few neighbours swapped); long paragraphs are split at a sentence boundary, neighbours
merged, and the order changed locally.

Printed:
- per kind of event, a table of wall time (median of --runs), CPU time of this process (all
  threads; on a shared machine the wall time also counts the waits for a core, the CPU time
  does not) and peak traced memory (tracemalloc, a separate run) for 10, 50, 100, 200
  sources, the listed alignments (each paragraph's strongest) and all aligned pairs (listed,
  or both paragraphs report one content unit), with the CPU time per paragraph and per
  aligned pair;
- the wall time on the largest one-story event against the 2 s target;
- the reference: every pair of paragraphs of different sources (the same paragraphs the
  aligner gets) whose rapidfuzz `token_set_ratio` over the same lower-cased tokens the
  aligner uses (`compare.text.tokens`, joined by spaces) reaches the same threshold, the
  aligner's `align_wording_threshold` (0.9), found by `rapidfuzz.process.cdist` over all
  pairs with all cores; its time, and the share of those pairs the aligner aligns (listed,
  or both paragraphs report one content unit; target >= 99%). The reference is cached in the temp folder, keyed by a hash of the paragraphs
  and the threshold (--fresh-reference recomputes it).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from compare import load_event  # noqa: E402
from compare.align import align_articles  # noqa: E402
from compare.model import Article, Paragraph, Source  # noqa: E402
from compare.pipeline import prepare  # noqa: E402
from compare.segment import split_sentences  # noqa: E402
from compare.settings import Settings  # noqa: E402
from compare.text import tokens  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "basil-dev"
SEED = REPO / "corpus" / "rwanda-belgium-2025"
PARAGRAPHS_PER_SOURCE = 20


def paragraph_pools(data: Path) -> tuple[str, list[str], list[str]]:
    """(name, paragraphs of the event, paragraphs of other events)."""
    if (data / "corpus").is_dir():
        events = {d.name: [p.text for a in prepare(load_event(d)) for p in a.paragraphs]
                  for d in sorted((data / "corpus").iterdir()) if d.is_dir()}
        main = max(sorted(events), key=lambda k: len(events[k]))
        return f"BASIL {main}", events[main], [t for k, v in sorted(events.items()) if k != main for t in v]
    print(f"({data} not found: building the event from the bundled seed event)")
    texts = [p.text for a in prepare(load_event(SEED)) for p in a.paragraphs]
    history = [t for t in texts if any(y in t for y in ("19", "League", "German"))]
    return "seed event", [t for t in texts if t not in history], history


def paraphrase(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    words = text.split()
    for k in range(len(words)):
        if rng.random() < 0.12:
            words[k] = rng.choice(vocabulary)
    for _ in range(max(1, len(words) // 40)):
        k = rng.randrange(max(1, len(words) - 1))
        words[k:k + 2] = words[k:k + 2][::-1]
    return " ".join(words)


def synthetic_event(sources: int, pool: list[str], others: list[str], seed: int = 7, paraphrase_share: float = 0.5,
                    own_share: float = 0.85) -> list[Article]:
    rng = random.Random(seed)
    vocabulary = sorted({w for t in pool for w in t.split() if w.isalpha()})
    articles = []
    own_count = round(own_share * PARAGRAPHS_PER_SOURCE)
    for s in range(sources):
        own = rng.sample(pool, min(len(pool), own_count))
        added = rng.sample(others, PARAGRAPHS_PER_SOURCE - own_count) if others else []
        texts: list[str] = []
        for text in own + added:
            text = paraphrase(text, rng, vocabulary) if rng.random() < paraphrase_share else text
            sentences = split_sentences(text)
            if len(sentences) >= 2 and rng.random() < 0.15:  # split
                cut = sentences[len(sentences) // 2].start
                texts.extend([text[:cut].strip(), text[cut:].strip()])
            elif texts and rng.random() < 0.1:  # merge with the previous paragraph
                texts[-1] = texts[-1] + " " + text
            else:
                texts.append(text)
        for k in range(len(texts) - 1):  # local reordering
            if rng.random() < 0.2:
                texts[k], texts[k + 1] = texts[k + 1], texts[k]
        texts = texts[:PARAGRAPHS_PER_SOURCE]
        sid = f"s{s:03d}"
        paragraphs = tuple(Paragraph(i, t, i + 1, None, split_sentences(t)) for i, t in enumerate(texts))
        source = Source(id=sid, path=Path(f"{sid}.txt"), name=sid, kind="text", text="\n\n".join(texts))
        articles.append(Article(source=source, paragraphs=paragraphs, headings=(), removed=()))
    return articles


def timed(articles: list[Article], runs: int) -> tuple[float, float, object]:
    """(median wall seconds, median CPU seconds of this process, the last result)."""
    times, cpu = [], []
    result = None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = align_articles(articles)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), statistics.median(cpu), result


def peak_memory(articles: list[Article]) -> float:
    tracemalloc.start()
    align_articles(articles)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def cached_reference(articles: list[Article], threshold: float, fresh: bool) -> tuple[set[tuple], float, bool]:
    """(reference pairs, seconds it took to compute them, whether they came from the cache)."""
    digest = hashlib.sha256(repr((threshold, [(a.id, [p.text for p in a.paragraphs]) for a in articles])).encode()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"source-compare-align-reference-{digest}.json"
    if cache.is_file() and not fresh:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        return {tuple(map(tuple, pair)) for pair in stored["pairs"]}, stored["seconds"], True
    start = time.perf_counter()
    pairs = reference_pairs(articles, threshold)
    seconds = time.perf_counter() - start
    cache.write_text(json.dumps({"seconds": seconds, "pairs": sorted(pairs)}), encoding="utf-8")
    return pairs, seconds, False


def reference_pairs(articles: list[Article], threshold: float) -> set[tuple]:
    """All pairs of paragraphs of different sources with token_set_ratio >= threshold."""
    import numpy as np
    from rapidfuzz import fuzz, process

    refs = [(a.id, p.index) for a in articles for p in a.paragraphs]
    texts = [" ".join(tokens(p.text)) for a in articles for p in a.paragraphs]
    cutoff = threshold * 100
    scores = process.cdist(texts, texts, scorer=fuzz.token_set_ratio, score_cutoff=cutoff, workers=-1, dtype=np.uint8)
    rows, cols = np.nonzero(scores >= cutoff)
    return {(refs[i], refs[j]) for i, j in zip(rows.tolist(), cols.tolist()) if i < j and refs[i][0] != refs[j][0]}


def aligned_pairs(result) -> set[tuple]:
    """Every aligned pair: listed, or both paragraphs report one content unit."""
    pairs = {tuple(sorted(((al.a.source, al.a.paragraph), (al.b.source, al.b.paragraph)))) for al in result.alignments}
    for unit in result.units:
        refs = sorted((sid, p) for sid, ps in unit.reported_by.items() for p in ps)
        pairs.update((x, y) for i, x in enumerate(refs) for y in refs[i + 1:] if x[0] != y[0])
    return pairs


def fixed_depth_event(sources: int, paragraphs: list[str], paraphrase_share: float) -> list[Article] | None:
    """An event where each reported paragraph is taken up by DEPTH sources on average,
    whatever the number of sources: the pool of real paragraphs grows with the sources
    (None when there are not enough real paragraphs)."""
    size = sources * PARAGRAPHS_PER_SOURCE // DEPTH
    if size > len(paragraphs):
        return None
    return synthetic_event(sources, paragraphs[:size], [], paraphrase_share=paraphrase_share, own_share=1.0)


DEPTH = 10


def table(label: str, events, runs: int):
    """Print one timing table; return (articles, median wall seconds, result) of the last event."""
    print(label)
    print(f"{'sources':>8}{'paragraphs':>12}{'wall s':>8}{'cpu s':>8}{'peak MiB':>10}{'listed':>9}{'aligned':>10}"
          f"{'cpu ms/1k para':>16}{'cpu us/aligned pair':>21}")
    last = None
    for size, articles in events:
        seconds, cpu, result = timed(articles, runs)
        memory = peak_memory(articles)
        paragraphs = sum(len(a.paragraphs) for a in articles)
        aligned = result.pair_counts["total"]
        print(f"{size:>8}{paragraphs:>12}{seconds:>8.2f}{cpu:>8.2f}{memory:>10.1f}{len(result.alignments):>9}{aligned:>10}"
              f"{1e6 * cpu / paragraphs:>16.0f}{1e6 * cpu / max(1, aligned):>21.1f}")
        last = (articles, seconds, result)
    return last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-reference", action="store_true", help="skip the all-pairs reference (about 40 s)")
    parser.add_argument("--fresh-reference", action="store_true", help="recompute the reference even if it is cached")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--paraphrase-share", type=float, default=0.5,
                        help="share of paragraphs paraphrased by word swaps (the rest are wire copy, word for word)")
    options = parser.parse_args()

    name, pool, others = paragraph_pools(options.data)
    sizes = sorted({s for s in (10, 50, 100, 200) if s <= options.sources} | {options.sources})
    print(f"synthetic event from {name}: {len(pool)} event paragraphs, {len(others)} others; "
          f"{PARAGRAPHS_PER_SOURCE} paragraphs per source")
    align_articles(synthetic_event(3, pool, others))  # load the IDF table and warm imports once
    share = options.paraphrase_share
    articles, seconds, result = table(
        f"one story told by every source ({share:.0%} of paragraphs paraphrased): aligned pairs grow with the square of the sources",
        ((size, synthetic_event(size, pool, others, paraphrase_share=share)) for size in sizes), options.runs)
    everything = pool + others
    random.Random(11).shuffle(everything)
    depth = [(size, event) for size in sizes if (event := fixed_depth_event(size, everything, share)) is not None]
    if depth:
        table(f"each paragraph reported by about {DEPTH} sources (pool of {DEPTH}x fewer real paragraphs than the event has): "
              f"aligned pairs grow with the sources", depth, options.runs)
    if options.sources == 200:  # the target is set for 200 sources
        print(f"target: 200 sources in <= 2 s wall: {'yes' if seconds <= 2 else 'NO'} ({seconds:.2f} s, "
              f"median of {options.runs}, on a shared 2-core machine; load average now {os.getloadavg()[0]:.1f})")
    if options.no_reference:
        return
    threshold = Settings().align_wording_threshold
    reference, reference_seconds, cached = cached_reference(articles, threshold, options.fresh_reference)
    ours = aligned_pairs(result)
    found = len(reference & ours)
    share = found / len(reference) if reference else 1.0
    print(f"reference: all-pairs token_set_ratio >= {threshold:.2f} (rapidfuzz cdist, all cores) took {reference_seconds:.1f} s"
          f"{' (cached run)' if cached else ''} and found {len(reference)} pairs; the aligner has {found} of them = {share:.4f} "
          f"(target >= 0.99: {'yes' if share >= 0.99 else 'NO'}); speed-up {reference_seconds / seconds:.0f}x")


if __name__ == "__main__":
    main()
