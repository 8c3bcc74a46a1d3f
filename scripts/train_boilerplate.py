"""Build the data files of the boilerplate remover: stop-word lists and the line classifier.

Usage:
    python scripts/train_boilerplate.py stopwords          # compare/data/boilerplate_stopwords.json
    python scripts/train_boilerplate.py cv [--folds 5]     # held-out figures, grouped by page
    python scripts/train_boilerplate.py train              # compare/data/boilerplate_model.json

`stopwords` reads the stop lists jusText ships inside its package (BSD 2-Clause) and keeps
the most frequent words of each language. `cv` and `train` read the extraction benchmark's
DEV split (`/work/shared/data/extraction-dev`, or `--data DIR`): every non-empty line of a
`<id>.page.txt` is labelled article text when most of its tokens align, in order, with the
person-marked `<id>.body.txt`. scikit-learn is used here only; the package applies the
exported coefficients with plain Python.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DATA = Path("/work/shared/data/extraction-dev")
STOPWORDS_OUT = REPO / "compare" / "data" / "boilerplate_stopwords.json"
MODEL_OUT = REPO / "compare" / "data" / "boilerplate_model.json"
STOPWORDS_PER_LANGUAGE = 300
TOKEN = re.compile(r"\w+")
DEFAULT_C = 0.03
SYNTHETIC_WEIGHT = 0.5
PASTED_RECALL = 0.98
# The decoder's settings are chosen among a few moderate values: a switch in or out of the
# article costs about one line's worth of evidence, and the bias leans to keeping (recall
# first) without keeping everything. A wider grid (switch costs up to 6, biases -1 to 1.5)
# overfits the inner folds: nested cross-validation fell from 0.909 to 0.889 with it.
SWITCH_COSTS = (0.5, 1.0, 2.0)
BIASES = (0.0, 0.5, 1.0)

# Function characters of Chinese and Japanese, which have no jusText list and no spaces
# between words: written for this project from the commonest particles and function words.
CJK_FUNCTION_CHARACTERS = {
    "Chinese": "的了是在和有我他这个们中来上大为不也就说对到要以会着没把被那她你与而及或从但其已所之于将",
    "Japanese": "のにはをたがでてとしれさかもなるいうすこまありよやへだ",
}


def build_stopwords(per_language: int = STOPWORDS_PER_LANGUAGE) -> dict:
    """Return the stop-word file: the `per_language` commonest words of each jusText list."""
    import importlib.metadata

    import justext

    stoplists = Path(justext.__file__).parent / "stoplists"
    word = re.compile(r"^\w+$")
    languages: dict[str, list[str]] = {}
    for path in sorted(stoplists.glob("*.txt")):
        seen: dict[str, None] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            token = line.strip().casefold().strip(".,;:!?\"'()")
            if token and word.match(token):
                seen.setdefault(token, None)
            if len(seen) >= per_language:
                break
        if seen:
            languages[path.stem] = list(seen)
    return {
        "about": (
            "Stop words by language for the boilerplate remover (compare/clean/linemodel.py). "
            f"Each list is the {per_language} commonest entries of the stop list jusText "
            f"{importlib.metadata.version('jusText')} ships (justext/stoplists/*.txt, derived from "
            "Wikipedia; https://github.com/miso-belica/jusText), casefolded, punctuation stripped. "
            "Regenerate with `python scripts/train_boilerplate.py stopwords`."
        ),
        "licence": (
            "jusText stop lists: BSD 2-Clause License. Copyright (c) 2011, Jan Pomikalek; "
            "Copyright (c) 2013, Michal Belica. All rights reserved."
        ),
        "cjk_function_characters": CJK_FUNCTION_CHARACTERS,
        "cjk_about": "Chinese and Japanese function characters, written for this project (no jusText list exists).",
        "languages": languages,
    }


# --- the labelled pages ---------------------------------------------------------------


@dataclass
class Page:
    id: str
    site: str
    page: str
    body: str
    lines: list[str]
    labels: "np.ndarray"  # 1.0 where the line is article text
    features: "np.ndarray"
    words: "np.ndarray"
    shapes: list
    synthetic: bool = False  # a clean article made from the marked body, not a saved page


def load_pages(data_dir: Path) -> list[Page]:
    """Every page of the benchmark folder with its lines, labels and features."""
    from urllib.parse import urlparse

    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for body_path in sorted(data_dir.glob("*.body.txt")):
        page_id = body_path.name[: -len(".body.txt")]
        page = (data_dir / f"{page_id}.page.txt").read_text(encoding="utf-8")
        body = body_path.read_text(encoding="utf-8")
        site = urlparse(truth.get(page_id, {}).get("url", "")).netloc.removeprefix("www.") or page_id
        pages.append(_page(page_id, site, page, body, synthetic=False))
        # The same article as a researcher might paste it: the body alone, every other one
        # under its headline. Without these the model would learn that a page is mostly
        # boilerplate and doubt a clean article.
        number = len(pages)
        headline = page.split("\n", 1)[0] if number % 4 else ""
        pasted = (headline + "\n\n" + body) if headline else body
        pages.append(_page(page_id + "#pasted", site, pasted, body, synthetic=True))
        # ... and the article cut from the page with a few lines of the site around it.
        real = pages[number - 1]
        article = np.flatnonzero(real.labels)
        if len(article):
            start = max(0, article[0] - 2 - number % 5)
            end = min(len(real.lines), article[-1] + 1 + 3 + number % 7)
            pages.append(_page(page_id + "#cut", site, "\n".join(real.lines[start:end]), body, synthetic=True))
    return pages


def _page(page_id: str, site: str, page: str, body: str, synthetic: bool) -> Page:
    from compare.clean.linemodel import page_features, page_stopwords
    from compare.clean import page_lines

    lines = page_lines(page)
    features, shapes = page_features(lines, page_stopwords(page))
    labels = np.array([share >= 0.5 for share in label_lines(lines, body)], dtype=float)
    return Page(page_id, site, page, body, lines, labels, features, shapes.words, shapes, synthetic)


def label_lines(lines: list[str], body: str) -> list[float]:
    """Share of each line's tokens that align, in order, with the person-marked body.

    An in-order alignment (difflib on tokens) rather than a bag-of-shingles lookup, so a
    menu entry that happens to repeat a phrase of the article is not labelled article.
    """
    import difflib

    page_tokens: list[str] = []
    owner: list[int] = []
    for index, line in enumerate(lines):
        for token in TOKEN.findall(line):
            page_tokens.append(token)
            owner.append(index)
    body_tokens = TOKEN.findall(body)
    matcher = difflib.SequenceMatcher(None, page_tokens, body_tokens, autojunk=False)
    hits = [0] * len(lines)
    totals = [0] * len(lines)
    for index in owner:
        totals[index] += 1
    for a, _, size in matcher.get_matching_blocks():
        if size >= 2 or (size == 1 and len(body_tokens) <= 3):
            for j in range(a, a + size):
                hits[owner[j]] += 1
    return [h / t if t else 0.0 for h, t in zip(hits, totals)]


def sample_weights(page: Page) -> "np.ndarray":
    """Each page weighs the same, and within it article and boilerplate weigh the same,
    each line by its words: the benchmark scores pages by shares of their tokens."""
    words = np.maximum(page.words, 1.0)
    weights = np.zeros(len(words))
    for value in (0.0, 1.0):
        mask = page.labels == value
        if mask.any():
            weights[mask] = words[mask] / words[mask].sum()
    return weights * (100.0 * SYNTHETIC_WEIGHT if page.synthetic else 100.0)


# --- fitting and decoding ----------------------------------------------------------------


def fit(pages: list[Page], c: float = DEFAULT_C) -> tuple[np.ndarray, float]:
    """Logistic regression on standardised features; returns weights and intercept on the
    raw features (the standardisation folded in), which is all the package needs."""
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([p.features for p in pages])
    y = np.concatenate([p.labels for p in pages])
    w = np.concatenate([sample_weights(p) for p in pages])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit((x - mean) / scale, y, sample_weight=w)
    weights = model.coef_[0] / scale
    intercept = float(model.intercept_[0] - (model.coef_[0] * mean / scale).sum())
    return weights, intercept


def predicted_text(page: Page, log_odds: np.ndarray, switch_cost: float, bias: float) -> str:
    from compare.clean.linemodel import decode, keep_prose_of_clean_pages

    keep = keep_prose_of_clean_pages(decode(log_odds, switch_cost, bias), page.shapes)
    if not any(keep) and len(log_odds):  # as compare/clean/article.py's rescue: never an empty page
        keep = decode(log_odds - log_odds.max() + 2 * switch_cost + 1.0, switch_cost, 0.0)
    return "\n".join(line for line, k in zip(page.lines, keep) if k)


def score(pages: list[Page], log_odds: dict[str, np.ndarray], switch_cost: float, bias: float):
    from compare.evaluation import summarise

    return summarise((p.body, predicted_text(p, log_odds[p.id], switch_cost, bias)) for p in pages)


def choose_decoder(pages: list[Page], log_odds: dict[str, np.ndarray]) -> tuple[float, float]:
    """The decoder settings with the best F1 on the saved pages, among those that keep at
    least PASTED_RECALL of the pasted clean articles (when any does); within 0.002 of the
    best F1 the setting with the higher recall wins: losing prose is the worse error."""
    real = [p for p in pages if not p.synthetic]
    pasted = [p for p in pages if p.synthetic]
    results = []
    for switch_cost in SWITCH_COSTS:
        for bias in BIASES:
            summary = score(real, log_odds, switch_cost, bias)
            clean_recall = score(pasted, log_odds, switch_cost, bias).recall if pasted else 1.0
            results.append((summary.f1, summary.recall, clean_recall, switch_cost, bias))
    allowed = [r for r in results if r[2] >= PASTED_RECALL] or results
    best_f1 = max(r[0] for r in allowed)
    near = [r for r in allowed if r[0] >= best_f1 - 0.002]
    *_, switch_cost, bias = max(near, key=lambda r: (r[1], r[0]))
    return switch_cost, bias


def out_of_fold_log_odds(pages: list[Page], folds: int, c: float = DEFAULT_C) -> dict[str, np.ndarray]:
    """Log-odds of every page from a model that never saw its site."""
    from sklearn.model_selection import GroupKFold

    groups = [p.site for p in pages]
    result = {}
    for train, test in GroupKFold(n_splits=folds).split(pages, groups=groups):
        weights, intercept = fit([pages[i] for i in train], c)
        for i in test:
            result[pages[i].id] = pages[i].features @ weights + intercept
    return result


def cross_validate(pages: list[Page], folds: int, c: float = DEFAULT_C) -> dict:
    """Held-out figures: folds grouped by site; the decoder is chosen inside each fold on the
    training pages' own out-of-fold log-odds, so nothing is tuned on the pages scored."""
    from sklearn.model_selection import GroupKFold

    from compare.evaluation import summarise

    groups = [p.site for p in pages]
    predictions: dict[str, str] = {}
    chosen = []
    for train, test in GroupKFold(n_splits=folds).split(pages, groups=groups):
        train_pages = [pages[i] for i in train]
        inner = out_of_fold_log_odds(train_pages, min(4, len({p.site for p in train_pages})), c)
        switch_cost, bias = choose_decoder(train_pages, inner)
        chosen.append((switch_cost, bias))
        weights, intercept = fit(train_pages, c)
        for i in test:
            page = pages[i]
            predictions[page.id] = predicted_text(page, page.features @ weights + intercept, switch_cost, bias)
    summary = summarise((p.body, predictions[p.id]) for p in pages if not p.synthetic)
    pasted = summarise((p.body, predictions[p.id]) for p in pages if p.synthetic)
    return {"summary": summary, "pasted": pasted, "decoders": chosen, "predictions": predictions}


def write_model(weights: np.ndarray, intercept: float, switch_cost: float, bias: float, pages: list[Page],
                nested, held_out, fitted, folds: int) -> None:
    """Write the model JSON: weights by feature name, decoder settings, and where it came from."""
    from compare.clean.linemodel import FEATURES

    data = {
        "about": (
            "Line classifier of the boilerplate remover (compare/clean/linemodel.py): logistic regression "
            f"(C={DEFAULT_C}, standardisation folded into the weights) over {len(FEATURES)} line features, "
            f"trained on the {len(pages)} pages of the extraction benchmark's DEV split "
            "(scrapinghub/article-extraction-benchmark, MIT; lines labelled by in-order token alignment "
            "with the person-marked article body), and the decoder settings chosen on out-of-fold "
            "log-odds. Regenerate with `python scripts/train_boilerplate.py train`."
        ),
        "evaluation": {
            "held_out": _figures(nested, f"{folds} folds grouped by site; weights fitted and decoder chosen "
                                         "inside each fold on its training pages only"),
            "out_of_fold": _figures(held_out, f"{folds} folds grouped by site; decoder chosen on these log-odds"),
            "training_fit": _figures(fitted, "the shipped weights on the pages they were fitted on"),
        },
        "features": list(FEATURES),
        "weights": [float(f"{w:.6g}") for w in weights],
        "intercept": float(f"{intercept:.6g}"),
        "switch_cost": switch_cost,
        "bias": bias,
    }
    MODEL_OUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _figures(summary, how: str) -> dict:
    return {"how": how, "precision": round(summary.precision, 4), "recall": round(summary.recall, 4),
            "f1": round(summary.f1, 4), "pages": summary.pages}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["stopwords", "cv", "train"])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--folds", type=int, default=5)
    options = parser.parse_args(argv)
    if options.command == "stopwords":
        STOPWORDS_OUT.write_text(json.dumps(build_stopwords(), ensure_ascii=False, sort_keys=True, indent=0) + "\n",
                                 encoding="utf-8")
        print(f"wrote {STOPWORDS_OUT.relative_to(REPO)}")
        return 0
    if not options.data.is_dir():
        print(f"{options.data}: no such folder; pass --data DIR (the extraction benchmark's DEV split)")
        return 0
    pages = load_pages(options.data)
    if options.command == "cv":
        result = cross_validate(pages, options.folds)
        print(f"held-out ({options.folds} folds grouped by site, {result['summary'].pages} saved pages; decoder chosen "
              f"inside each fold on the training pages): {result['summary'].row()}")
        print(f"pasted clean articles made from the same bodies, held out alike: {result['pasted'].row()}")
        print("decoder chosen per fold (switch cost, bias):", result["decoders"])
        return 0
    # train: the decoder is chosen on out-of-fold log-odds (as the held-out pages will be
    # scored), the weights are fitted on every page.
    log_odds = out_of_fold_log_odds(pages, options.folds)
    switch_cost, bias = choose_decoder(pages, log_odds)
    real = [p for p in pages if not p.synthetic]
    held_out = score(real, log_odds, switch_cost, bias)
    pasted = score([p for p in pages if p.synthetic], log_odds, switch_cost, bias)
    weights, intercept = fit(pages)
    fitted = score(real, {p.id: p.features @ weights + intercept for p in real}, switch_cost, bias)
    nested = cross_validate(pages, options.folds)["summary"]
    write_model(weights, intercept, switch_cost, bias, real, nested, held_out, fitted, options.folds)
    print(f"decoder: switch cost {switch_cost}, bias {bias}")
    print(f"out-of-fold ({options.folds} folds by site, decoder chosen on these same log-odds; "
          f"`cv` gives the nested figure): {held_out.row()}")
    print(f"out-of-fold, pasted clean articles: {pasted.row()}")
    print(f"held out, decoder chosen inside each fold (as `cv`): {nested.row()}")
    print(f"training fit: {fitted.row()}")
    print(f"wrote {MODEL_OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
