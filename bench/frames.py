"""How well the frame lexicon finds a sentence's primary Policy Frames Codebook frame.

Usage: python bench/frames.py [--folds 5] [--frames-yaml FILE] [--write-weights]

Coded sentences: bench/data/frames_train.jsonl (ours: 491 sentences of the NewsMTSC training
split, each coded with its primary frame by reading it) and, when present,
bench/data/frames_heldout.jsonl (coded by someone else and never used for fitting). Each line
is {"line": <0-based line of ../shared/data/newsmtsc-train/train.jsonl>, "frame": <label>}; the
sentence text (`sentence_normalized`) is read from that file, which is not copied into the
repository (MIT licence, see its LICENSE). Without it the bench says so and stops.

A sentence's predicted frame is the leading frame of its profile (`top_frame`), `other` when
no cue is found. Printed per system: per-frame precision, recall and F1, macro-F1 (over the
frames present in the coded set), accuracy, and the share of sentences with no frame.
Systems: the majority frame of the training set (baseline); the cue lexicon without learned
weights (a word cue weighs 1, a phrase 1.25); the lexicon with weights fitted on the training folds (k-fold cross-validation,
stratified by frame, deterministic); on the held-out set, the lexicon with the shipped weights
(compare/data/frame_weights.json, fitted on all of frames_train.jsonl). Also: accuracy by
`frame_confidence` band, to show that confidence means something.

--frames-yaml FILE  evaluate another lexicon file in place of the bundled one (no weights),
                    e.g. the lexicon of an earlier commit.
--skip-heldout      print no held-out figures (while tuning the lexicon on the training set).
--write-weights     refit the weights on all of frames_train.jsonl and write
                    compare/data/frame_weights.json (this is how that file is made).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
NEWSMTSC = REPO.parent / "shared" / "data" / "newsmtsc-train" / "train.jsonl"
TRAIN = REPO / "bench" / "data" / "frames_train.jsonl"
HELDOUT = REPO / "bench" / "data" / "frames_heldout.jsonl"
WEIGHTS = REPO / "compare" / "data" / "frame_weights.json"
SMOOTHING = 4.0  # chosen by cross-validation on frames_train.jsonl (1, 2, 4, 8, 16 tried)


def read_coded(path: Path, sentences: list[str]) -> list[tuple[str, str]]:
    """(text, frame) for each coded line of `path`."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        if not 0 <= row["line"] < len(sentences):
            raise SystemExit(f"{path}:{number}: line {row['line']} is not in {NEWSMTSC} ({len(sentences)} lines)")
        rows.append((sentences[row["line"]], row["frame"]))
    return rows


def coded_lines(path: Path) -> dict[int, str]:
    return {row["line"]: row["frame"] for row in map(json.loads, filter(str.strip, path.read_text(encoding="utf-8").splitlines()))}


def heldout_rows(sentences: list[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The held-out (text, frame) rows whose line is not also in the training set, and the
    (held-out frame, training frame) of the lines in both (the two coders' agreement)."""
    train = coded_lines(TRAIN)
    held = coded_lines(HELDOUT)
    for line in held:
        if not 0 <= line < len(sentences):
            raise SystemExit(f"{HELDOUT}: line {line} is not in {NEWSMTSC} ({len(sentences)} lines)")
    rows = [(sentences[line], frame) for line, frame in sorted(held.items()) if line not in train]
    overlap = [(frame, train[line]) for line, frame in sorted(held.items()) if line in train]
    return rows, overlap


def predict(lexicon, texts: list[str]) -> list[tuple[str | None, float]]:
    """Per text: the leading frame (None without a cue) and the profile's confidence."""
    from compare.score.frames import cue_words, frame_confidence, profile, top_frame

    found = []
    for text in texts:
        mass, _ = lexicon.weigh_words(cue_words(text))
        found.append((top_frame(profile(mass)), frame_confidence(mass)))
    return found


def figures(gold: list[str], predicted: list[str | None]) -> dict:
    labels = sorted(set(gold))
    chosen = [p or "other" for p in predicted]
    per_frame = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, chosen))
        fp = sum(g != label and p == label for g, p in zip(gold, chosen))
        fn = sum(g == label and p != label for g, p in zip(gold, chosen))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_frame[label] = (precision, recall, f1, tp + fn)
    return {
        "per_frame": per_frame,
        "macro_f1": sum(v[2] for v in per_frame.values()) / len(per_frame),
        "accuracy": sum(g == p for g, p in zip(gold, chosen)) / len(gold),
        "no_frame": sum(p is None for p in predicted) / len(predicted),
    }


def print_table(title: str, systems: dict[str, dict]) -> None:
    names = list(systems)
    print(f"\n{title}")
    header = f"{'frame':36s} {'n':>4s}  " + "  ".join(f"{n[:22]:>22s}" for n in names)
    print(header)
    print(f"{'':36s} {'':4s}  " + "  ".join(f"{'P    R    F1':>22s}" for _ in names))
    frames = next(iter(systems.values()))["per_frame"]
    for frame in frames:
        cells = []
        for name in names:
            p, r, f, _ = systems[name]["per_frame"][frame]
            cells.append(f"{p:.2f} {r:.2f} {f:.2f}".rjust(22))
        print(f"{frame:36s} {frames[frame][3]:4d}  " + "  ".join(cells))
    for key, label in (("macro_f1", "macro-F1"), ("accuracy", "accuracy"), ("no_frame", "no frame (share)")):
        print(f"{label:36s} {'':4s}  " + "  ".join(f"{systems[n][key]:22.3f}" for n in names))


def folds_of(labels: list[str], k: int) -> list[int]:
    """A fold per row, stratified by frame: rows of a frame dealt out in turn, in file order."""
    fold = [0] * len(labels)
    dealt: Counter = Counter()
    offset = 0
    for frame in sorted(set(labels)):
        for i, label in enumerate(labels):
            if label == frame:
                fold[i] = (offset + dealt[frame]) % k
                dealt[frame] += 1
        offset += dealt[frame]
    return fold


def cross_validated(rows: list[tuple[str, str]], k: int) -> list[tuple[str | None, float]]:
    """Predictions of the weighted lexicon for each row, its weights fitted on the other folds."""
    from compare.score.frames import bundled_lexicon, fit_cue_weights

    texts, labels = [t for t, _ in rows], [f for _, f in rows]
    fold = folds_of(labels, k)
    plain = bundled_lexicon()
    found: list[tuple[str | None, float] | None] = [None] * len(rows)
    for held in range(k):
        train = [i for i in range(len(rows)) if fold[i] != held]
        weights = fit_cue_weights([texts[i] for i in train], [labels[i] for i in train], plain, SMOOTHING)
        lexicon = bundled_lexicon(weights)
        test = [i for i in range(len(rows)) if fold[i] == held]
        for i, result in zip(test, predict(lexicon, [texts[i] for i in test])):
            found[i] = result
    return found  # type: ignore[return-value]


def confidence_bands(gold: list[str], found: list[tuple[str | None, float]]) -> str:
    bands = [(0.0, 0.0), (0.0001, 0.25), (0.25, 0.5), (0.5, 0.75), (0.75, 1.0)]
    parts = []
    for low, high in bands:
        chosen = [(g, p) for g, (p, c) in zip(gold, found) if low <= c <= high]
        if chosen:
            right = sum(g == (p or "other") for g, p in chosen) / len(chosen)
            parts.append(f"[{low:.2f}, {high:.2f}]: {len(chosen)} sentences, accuracy {right:.2f}")
    return "; ".join(parts)


def write_weights(rows: list[tuple[str, str]]) -> None:
    from compare.score.frames import PHRASE_WEIGHT, bundled_lexicon, fit_cue_weights

    weights = fit_cue_weights([t for t, _ in rows], [f for _, f in rows], bundled_lexicon(), SMOOTHING)
    counts = Counter(f for _, f in rows)
    about = [
        "Learned cue weights of the frame lexicon (compare/data/frames.yaml).",
        f"Made by `python bench/frames.py --write-weights` from bench/data/frames_train.jsonl: {len(rows)} sentences "
        "of the NewsMTSC training split (Hamborg and Donnay, EACL 2021; MIT licence; read from "
        "../shared/data/newsmtsc-train/, not copied here), each coded by the source-compare developers with its "
        "primary Policy Frames Codebook frame, by reading it: "
        + ", ".join(f"{f} {n}" for f, n in sorted(counts.items())) + ".",
        "How: for a cue met in n coded sentences, n_f of them coded with a frame f under which frames.yaml lists "
        f"the cue, its weight for f is (n_f + {SMOOTHING:g}) / (n + {SMOOTHING:g}) "
        "(compare.score.frames.fit_cue_weights). A cue met mostly in sentences of its own frame keeps weight "
        "near 1; one met in sentences of other frames, or that frame nothing (`other`), loses weight. Weights "
        "never move a cue to a frame that does not list it. Cues never met are not listed and weigh 1 for each "
        f"frame that lists them. A phrase (a cue of several words) weighs PHRASE_WEIGHT ({PHRASE_WEIGHT:g}) "
        "times its weight here.",
        "Deterministic (sorted keys, 3 decimals); nothing is downloaded at run time. Rerun the command after "
        "editing frames.yaml or the coded set; `python bench/frames.py` prints the cross-validated figures.",
    ]
    WEIGHTS.write_text(json.dumps({"about": about, "weights": weights}, ensure_ascii=False, sort_keys=True,
                                  indent=0) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS.relative_to(REPO)}: weights of {len(weights)} cues from {len(rows)} coded sentences")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--frames-yaml", type=Path, default=None)
    parser.add_argument("--write-weights", action="store_true")
    parser.add_argument("--skip-heldout", action="store_true", help="print no held-out figures (while tuning)")
    args = parser.parse_args()
    if not NEWSMTSC.is_file():
        print(f"skipped: {NEWSMTSC} is absent (the coded sentences are read from it)")
        return
    start = time.perf_counter()
    sentences = [json.loads(line)["sentence_normalized"] for line in NEWSMTSC.read_text(encoding="utf-8").splitlines()]
    rows = read_coded(TRAIN, sentences)
    if args.write_weights:
        write_weights(rows)
        return

    from compare.score.frames import bundled_lexicon, load_lexicon

    gold = [f for _, f in rows]
    majority = Counter(gold).most_common(1)[0][0]
    if args.frames_yaml is not None:
        plain = load_lexicon(args.frames_yaml, replace=True)
        print(f"lexicon: {args.frames_yaml} (replacing the bundled one, no weights)")
        systems = {"majority baseline": figures(gold, [majority] * len(gold)),
                   "lexicon": figures(gold, [p for p, _ in predict(plain, [t for t, _ in rows])])}
        print_table(f"{TRAIN.relative_to(REPO)}: {len(rows)} coded sentences", systems)
        heldout_systems = {"lexicon": plain}
    else:
        plain = bundled_lexicon()
        shipped = load_lexicon()
        plain_found = predict(plain, [t for t, _ in rows])
        cv_found = cross_validated(rows, args.folds)
        shipped_found = predict(shipped, [t for t, _ in rows])
        systems = {
            "majority baseline": figures(gold, [majority] * len(gold)),
            "lexicon, no learned wts": figures(gold, [p for p, _ in plain_found]),
            f"weighted, {args.folds}-fold CV": figures(gold, [p for p, _ in cv_found]),
            "shipped (in-sample)": figures(gold, [p for p, _ in shipped_found]),
        }
        print_table(f"{TRAIN.relative_to(REPO)}: {len(rows)} coded sentences (majority frame: {majority})", systems)
        print(f"\naccuracy by frame_confidence ({args.folds}-fold CV): {confidence_bands(gold, cv_found)}")
        heldout_systems = {"lexicon, no learned wts": plain, "shipped weights": shipped}
    if args.skip_heldout:
        print("\nheld-out figures skipped (--skip-heldout)")
    elif HELDOUT.is_file():
        held, overlap = heldout_rows(sentences)
        held_gold = [f for _, f in held]
        if overlap:
            agree = sum(1 for a, b in overlap if a == b)
            print(f"\n{len(overlap)} held-out lines are also in {TRAIN.name}: left out of the held-out figures "
                  f"(the two coders gave the same frame to {agree} of them)")
        results = {"majority baseline (train)": figures(held_gold, [majority] * len(held))}
        for name, lexicon in heldout_systems.items():
            found = predict(lexicon, [t for t, _ in held])
            results[name] = figures(held_gold, [p for p, _ in found])
            if name == "shipped weights":
                print(f"\naccuracy by frame_confidence (held-out, shipped): {confidence_bands(held_gold, found)}")
        print_table(f"{HELDOUT.relative_to(REPO)}: {len(held)} coded sentences (held out, never fitted on)", results)
    else:
        print(f"\n{HELDOUT.relative_to(REPO)} is absent: no held-out figures")
    print(f"\n({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
