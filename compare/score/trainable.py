"""Frame classifiers trained on a researcher's own coded paragraphs (`train-frames`).

Training (scikit-learn, imported only here, inside `train_frame_model`): TF-IDF over words
and word pairs (stop words dropped, sublinear term frequency, rows normalised to length 1)
and a multinomial logistic regression with balanced class weights; accuracy is estimated by
stratified k-fold cross-validation before the final fit on every row.

The model is saved as JSON (vocabulary, IDF weights, coefficients; no pickle) and applied
here with plain Python and numpy, so `report --frame-model` needs no scikit-learn and a
model keeps working across scikit-learn versions.
"""
from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from ..errors import InputError
from ..text import STOPWORDS

MODEL_KIND = "source-compare frame model"
MODEL_VERSION = 1
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.U)
TEXT_COLUMNS = ("text", "paragraph")
FRAME_COLUMNS = ("frame", "frames", "label")


def frame_terms(text: str) -> list[str]:
    """Lower-cased content words and adjacent word pairs: the terms the model reads."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    words = [w for w in words if w not in STOPWORDS and len(w) > 1]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def read_coded(path: Path) -> tuple[list[str], list[str]]:
    """Texts and frames of a coded CSV (a header row with `text` and `frame` columns)."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror})") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise InputError(path, f"is not a UTF-8 CSV file ({error})") from None
    if not rows:
        raise InputError(path, "has no coded rows; expected a header `text,frame` and one row per paragraph")
    header = {k.strip().lower(): k for k in rows[0] if k}
    text_key = next((header[c] for c in TEXT_COLUMNS if c in header), None)
    frame_key = next((header[c] for c in FRAME_COLUMNS if c in header), None)
    if text_key is None or frame_key is None:
        raise InputError(path, f"needs a `text` and a `frame` column, found {', '.join(sorted(header)) or 'none'}")
    texts, frames = [], []
    for number, row in enumerate(rows, start=2):
        text, frame = (row.get(text_key) or "").strip(), (row.get(frame_key) or "").strip()
        if not text and not frame:
            continue
        if not text or not frame:
            raise InputError(path, f"line {number}: a row needs both a text and a frame")
        texts.append(text)
        frames.append(frame.lower().replace(" ", "_"))
    if len(set(frames)) < 2:
        raise InputError(path, f"needs at least two different frames to learn from, found {sorted(set(frames))}")
    return texts, frames


def train_frame_model(csv_path: Path, out_path: Path, folds: int = 5, c: float = 10.0) -> dict:
    """Fit a classifier on the coded CSV, cross-validate it, write the JSON model; return the figures."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    texts, frames = read_coded(csv_path)
    counts = {f: frames.count(f) for f in sorted(set(frames))}
    k = min(folds, min(counts.values()))
    if k < 2:
        rare = ", ".join(f for f, n in counts.items() if n < 2)
        raise InputError(csv_path, f"every frame needs at least 2 coded paragraphs for cross-validation; "
                                   f"add examples of: {rare}")

    def make():
        vectorizer = TfidfVectorizer(analyzer=frame_terms, sublinear_tf=True, norm="l2")
        model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
        return vectorizer, model

    labels = np.array(frames)
    fold_scores = []
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=0)
    for train, test in splitter.split(texts, labels):
        vectorizer, model = make()
        model.fit(vectorizer.fit_transform([texts[i] for i in train]), labels[train])
        predicted = model.predict(vectorizer.transform([texts[i] for i in test]))
        fold_scores.append(float((predicted == labels[test]).mean()))
    vectorizer, model = make()
    model.fit(vectorizer.fit_transform(texts), labels)
    classes = [str(x) for x in model.classes_]
    coefficients = model.coef_
    if len(classes) == 2:  # scikit-learn keeps one row for two classes: make it two
        coefficients = np.vstack([-coefficients[0] / 2, coefficients[0] / 2])
        intercept = [float(-model.intercept_[0] / 2), float(model.intercept_[0] / 2)]
    else:
        intercept = [float(x) for x in model.intercept_]
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    accuracy = sum(fold_scores) / len(fold_scores)
    spread = math.sqrt(sum((s - accuracy) ** 2 for s in fold_scores) / len(fold_scores))
    figures = {
        "paragraphs": len(texts),
        "frames": counts,
        "folds": k,
        "cv_accuracy": round(accuracy, 4),
        "cv_accuracy_std": round(spread, 4),
        "majority_baseline": round(max(counts.values()) / len(texts), 4),
    }
    document = {
        "about": "Frame classifier for source-compare, trained by `source-compare train-frames` on "
                 f"{Path(csv_path).name}: TF-IDF over compare.score.trainable.frame_terms (sublinear tf, l2 rows) "
                 "and multinomial logistic regression. Regenerate with the same command.",
        "kind": MODEL_KIND,
        "version": MODEL_VERSION,
        "classes": classes,
        "terms": vocabulary,
        "idf": [round(float(x), 6) for x in vectorizer.idf_],
        "coefficients": [[round(float(x), 6) for x in row] for row in coefficients],
        "intercept": [round(x, 6) for x in intercept],
        "meta": {**figures, "C": c},
    }
    out_path = Path(out_path)
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(json.dumps(document, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    except OSError as error:
        raise InputError(out_path, f"cannot write the model ({error.strerror})") from None
    return figures


@dataclass(frozen=True, slots=True)
class FrameModel:
    """A trained frame classifier, applied without scikit-learn."""

    classes: tuple[str, ...]
    index: Mapping[str, int]
    idf: object  # numpy arrays
    weights: object  # terms x classes
    intercept: object

    def predict(self, text: str, cues: int = 5) -> tuple[dict[str, float], dict[str, tuple[str, ...]]]:
        """Frame probabilities of a text, and per frame the terms that pushed it up most."""
        import numpy as np

        counts: dict[int, int] = {}
        for term in frame_terms(text):
            k = self.index.get(term)
            if k is not None:
                counts[k] = counts.get(k, 0) + 1
        columns = sorted(counts)
        values = np.array([(1 + math.log(counts[k])) * self.idf[k] for k in columns])
        if len(columns):
            values = values / np.linalg.norm(values)
            contributions = values[:, None] * self.weights[columns]
            logits = self.intercept + contributions.sum(axis=0)
        else:
            contributions = np.zeros((0, len(self.classes)))
            logits = self.intercept.copy()
        p = np.exp(logits - logits.max())
        p /= p.sum()
        probabilities = {f: round(float(x), 4) for f, x in zip(self.classes, p)}
        terms = list(self.index)
        evidence = {}
        for j, frame in enumerate(self.classes):
            order = sorted(range(len(columns)), key=lambda i: (-contributions[i, j], terms[columns[i]]))
            found = tuple(terms[columns[i]] for i in order[:cues] if contributions[i, j] > 0)
            if found:
                evidence[frame] = found
        return probabilities, evidence


@lru_cache(maxsize=4)
def load_frame_model(path: Path) -> FrameModel:
    """A model written by `train-frames`; a clear error when the file is something else."""
    import numpy as np

    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(path, f"cannot read the frame model ({error.strerror})") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise InputError(path, f"frame model is not valid JSON ({error}); write one with `source-compare train-frames`") from None
    if not isinstance(data, dict) or data.get("kind") != MODEL_KIND:
        raise InputError(path, "is not a frame model written by `source-compare train-frames`")
    if data.get("version") != MODEL_VERSION:
        raise InputError(path, f"frame model version {data.get('version')} is not supported "
                               f"(expected {MODEL_VERSION}); retrain it with `source-compare train-frames`")
    try:
        terms = data["terms"]
        weights = np.array(data["coefficients"], dtype=np.float64).T
        model = FrameModel(tuple(data["classes"]), {t: k for k, t in enumerate(terms)},
                           np.array(data["idf"], dtype=np.float64), weights,
                           np.array(data["intercept"], dtype=np.float64))
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(path, f"frame model is incomplete ({error}); retrain it with `source-compare train-frames`") from None
    if weights.shape != (len(terms), len(model.classes)):
        raise InputError(path, "frame model coefficients do not match its terms; retrain it")
    return model
