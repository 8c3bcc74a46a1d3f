"""Train the target-aware sentiment model shipped as compare/data/target_sentiment.json.

    /work/venv/bin/python scripts/train_target_sentiment.py [--data ../shared/data/newsmtsc-train/train.jsonl]
        [--out compare/data/target_sentiment.json] [--folds 5] [--no-cv]

Reads the NewsMTSC training split (one sentence per line, target mentions with character
offsets and polarity 2.0 negative / 4.0 neutral / 6.0 positive), builds the features of
`compare.score.target.target_features` for every (sentence, target), reports the
cross-validated macro-F1 (folds grouped by sentence, so a sentence never sits in both the
training and the test part) beside whole-sentence VADER, then fits the logistic
regression (one-vs-rest over Naive-Bayes-scaled features, see NBLogistic) on everything and
writes its vocabulary and coefficients as JSON.

scikit-learn is needed here only; source-compare applies the model with numpy.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compare.score.target import CLASSES, FEATURE_VERSION, target_features  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "newsmtsc-train" / "train.jsonl"
POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}
# regularisation strength of the logistic regressions; chosen by grouped CV over 0.03 ... 1
# (NB-LR macro-F1 0.669 at 0.03, 0.677 at 0.1, 0.674 at 0.3, 0.666 at 1; plain multinomial
# logistic regression on the same features peaked at 0.664)
C = 0.1
MIN_COUNT = 2  # a feature must occur in at least this many training examples


def read_examples(path: Path) -> list[dict]:
    """One example per distinct (sentence, target): text, mention spans, label, group."""
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        sentence = row["sentence_normalized"]
        seen = set()
        for target in row["targets"]:
            key = (target["from"], target["to"], target["polarity"])
            if key in seen:
                continue
            seen.add(key)
            examples.append({
                "sentence": sentence,
                "spans": mention_spans(sentence, target["mention"], (target["from"], target["to"])),
                "mention": target["mention"],
                "label": POLARITY[float(target["polarity"])],
                "group": sentence,
            })
    return examples


def mention_spans(sentence: str, mention: str, given: tuple[int, int]) -> list[tuple[int, int]]:
    """Every occurrence of the mention, as `score --jsonl` finds it when given only the mention
    text (compare.score.actor_mentions), plus the annotated one."""
    from compare.model import Actor
    from compare.score import actor_mentions

    return sorted({given, *actor_mentions(sentence, Actor("target", (mention,)))})


def build_matrix(examples: list[dict], vocabulary: dict[str, int] | None = None):
    """Sparse feature matrix; a vocabulary is made (features seen MIN_COUNT+ times) when none is given."""
    import numpy as np
    from scipy.sparse import csr_matrix

    feature_dicts = [target_features(e["sentence"], e["spans"]) for e in examples]
    if vocabulary is None:
        counts: dict[str, int] = {}
        for f in feature_dicts:
            for name in f:
                counts[name] = counts.get(name, 0) + 1
        names = sorted(n for n, c in counts.items() if c >= MIN_COUNT or n.startswith(("v:", "pos:")))
        vocabulary = {n: k for k, n in enumerate(names)}
    rows, cols, values = [], [], []
    for i, f in enumerate(feature_dicts):
        for name, value in f.items():
            k = vocabulary.get(name)
            if k is not None:
                rows.append(i)
                cols.append(k)
                values.append(value)
    matrix = csr_matrix((values, (rows, cols)), shape=(len(examples), len(vocabulary)), dtype=np.float64)
    return matrix, vocabulary


class NBLogistic:
    """One-vs-rest logistic regressions over Naive-Bayes-scaled features (NB-LR; Wang and
    Manning, "Baselines and Bigrams", ACL 2012): each binary model sees every word feature
    multiplied by the log-count ratio of that feature between its class and the rest, which
    lets a few strong words count before regularisation evens them out. Numeric features
    (`v:`, `pos:`) are not scaled. The scaled model is still linear in the original
    features: class c's coefficients are w_c * r_c, which is what gets shipped."""

    def __init__(self, c: float = C, alpha: float = 1.0):
        self.c, self.alpha = c, alpha

    def fit(self, matrix, labels, numeric):
        import numpy as np
        from scipy.sparse import diags
        from sklearn.linear_model import LogisticRegression

        labels = np.asarray(labels)
        present = (matrix != 0).astype(np.float64)
        coefficients, intercepts = [], []
        for c in range(3):
            p = np.asarray(present[labels == c].sum(axis=0)).ravel() + self.alpha
            q = np.asarray(present[labels != c].sum(axis=0)).ravel() + self.alpha
            ratio = np.log((p / p.sum()) / (q / q.sum()))
            ratio[numeric] = 1.0
            model = LogisticRegression(C=self.c, max_iter=3000, class_weight="balanced")
            model.fit(matrix @ diags(ratio), (labels == c).astype(int))
            coefficients.append(model.coef_[0] * ratio)
            intercepts.append(model.intercept_[0])
        self.coef_ = np.vstack(coefficients)
        self.intercept_ = np.array(intercepts)
        return self

    def predict(self, matrix):
        return (matrix @ self.coef_.T + self.intercept_).argmax(axis=1)


def fit(examples: list[dict], c: float = C):
    """A fitted NBLogistic and its vocabulary."""
    import numpy as np

    matrix, vocabulary = build_matrix(examples)
    numeric = np.array([name.startswith(("v:", "pos:")) for name in sorted(vocabulary, key=vocabulary.get)])
    model = NBLogistic(c).fit(matrix, [e["label"] for e in examples], numeric)
    return model, vocabulary


def model_json(model, vocabulary: dict[str, int], meta: dict) -> dict:
    """The JSON document `compare.score.target.load_target_model` reads."""
    names = sorted(vocabulary, key=vocabulary.get)
    coefficients = [[round(float(x), 5) for x in row] for row in model.coef_]
    keep = [k for k in range(len(names)) if any(abs(coefficients[c][k]) >= 1e-5 for c in range(3))]
    return {
        "about": "Target-aware sentiment (negative/neutral/positive toward a mention) for source-compare. "
                 "One-vs-rest logistic regressions over Naive-Bayes-scaled compare.score.target.target_features "
                 "(coefficients given in the unscaled features; class probabilities = softmax of the three "
                 "scores), trained on the "
                 "NewsMTSC training split (Hamborg and Donnay, EACL 2021). Regenerate with "
                 "scripts/train_target_sentiment.py.",
        "classes": list(CLASSES),
        "feature_version": FEATURE_VERSION,
        "features": [names[k] for k in keep],
        "coefficients": [[coefficients[c][k] for k in keep] for c in range(3)],
        "intercept": [round(float(x), 5) for x in model.intercept_],
        "meta": meta,
    }


def folds(examples: list[dict], n_folds: int):
    """Fold numbers grouped by sentence, the same on every machine (hash of the sentence)."""
    return [int(hashlib.sha1(e["group"].encode("utf-8")).hexdigest(), 16) % n_folds for e in examples]


def macro_f1(gold: list[int], predicted: list[int]) -> float:
    scores = []
    for c in range(3):
        tp = sum(1 for g, p in zip(gold, predicted) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, predicted) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, predicted) if g == c and p != c)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / 3


def vader_label(sentence: str) -> int:
    from compare.score.sentiment import sentence_sentiment

    value = sentence_sentiment(sentence)
    return 0 if value <= -0.05 else 2 if value >= 0.05 else 1


def cross_validate(examples: list[dict], n_folds: int, c: float = C) -> tuple[float, list[float]]:
    """Pooled macro-F1 over grouped folds, and the per-fold figures."""
    fold_of = folds(examples, n_folds)
    predicted = [0] * len(examples)
    per_fold = []
    for k in range(n_folds):
        train = [e for e, f in zip(examples, fold_of) if f != k]
        test_idx = [i for i, f in enumerate(fold_of) if f == k]
        model, vocabulary = fit(train, c)
        matrix, _ = build_matrix([examples[i] for i in test_idx], vocabulary)
        out = model.predict(matrix)
        for i, p in zip(test_idx, out):
            predicted[i] = int(p)
        per_fold.append(macro_f1([examples[i]["label"] for i in test_idx], [int(p) for p in out]))
    return macro_f1([e["label"] for e in examples], predicted), per_fold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=ROOT / "compare" / "data" / "target_sentiment.json")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--C", type=float, default=C)
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"{args.data}: no such file (the NewsMTSC training split); pass --data", file=sys.stderr)
        return 2
    examples = read_examples(args.data)
    meta = {"training_file": "newsmtsc-train/train.jsonl", "examples": len(examples),
            "sentences": len({e["group"] for e in examples}), "C": args.C}
    if not args.no_cv:
        pooled, per_fold = cross_validate(examples, args.folds, args.C)
        vader = macro_f1([e["label"] for e in examples], [vader_label(e["sentence"]) for e in examples])
        print(f"examples {len(examples)} in {meta['sentences']} sentences; {args.folds}-fold CV grouped by sentence")
        print(f"macro-F1  target model {pooled:.3f} (folds {', '.join(f'{x:.3f}' for x in per_fold)})")
        print(f"macro-F1  whole-sentence VADER (±0.05) {vader:.3f}")
        meta["cv_macro_f1"] = round(pooled, 4)
        meta["cv_folds"] = args.folds
        meta["vader_macro_f1"] = round(vader, 4)
    model, vocabulary = fit(examples, args.C)
    document = model_json(model, vocabulary, meta)
    args.out.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(document['features'])} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
