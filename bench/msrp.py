"""Paraphrase alignment on the MSRP train split laid out as two-source events.

Usage: python bench/msrp.py [--data ../shared/data/msrp-train] [--no-cv] [--events N]

Each event of ../shared/data/msrp-train (see its README) holds 20 sentences of one outlet
(a.txt) and 20 of another (b.txt, shuffled), one paragraph each; truth.json names each a
sentence's partner in b and whether the two are equivalent (label 1) or not (label 0).
The whole pipeline runs as a user's `report` would (`load_event`, `pipeline.prepare`,
`align.align_articles`), and prints:

- cleaning: sentences the cleaner dropped, and those it filed as headings (counted apart,
  and those ending in a closing quotation mark apart again): such a sentence cannot be
  aligned, whatever the aligner does, so the alignment figures are given over the pairs
  whose two sentences the cleaner kept, beside the figure over all pairs;
- recall: equivalent (label 1) partner pairs aligned;
- non-partner/100: alignments of an a sentence with a b sentence other than its partner
  (or a sentence of the same text), per 100 kept paragraphs (a and b together);
  "of which copies": those where the b sentence has the very words of the a sentence (MSRP
  reuses sentences across pairs, so an event can hold one sentence in a and in b under two
  different partners): an aligner should align them, and they put a floor under the figure;
- label-0 partner pairs aligned, for information (MSRP's non-equivalent pairs are mostly
  two sentences about the same fact that differ in a detail: aligning them is not wrong
  for a reader who wants to see what each outlet said of a fact).

Cross-validation (unless --no-cv) of the two parameters that MSRP can fit:
decision.SECOND_CHOICE_PENALTY (fitted on MSRP; it only acts between one-sentence
paragraphs) and the bar between the two articles of a two-source event
(settings.align_threshold less decision.UNCORROBORATED_ALLOWANCE, tuned on the seed event
aligned two sources at a time; fitted here jointly as a check). Events are split in 5 folds
(event number mod 5); on 4 folds the grid point is chosen that makes the fewest alignments
to a non-partner that is not a copy while the recall of those folds stays at or above
CV_MIN_RECALL, and the held-out fold is scored there. Per-fold and pooled figures are
printed beside those of the shipped settings on the same fold, then the whole grid.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from compare import load_event  # noqa: E402
from compare.align import align_articles  # noqa: E402
from compare.align import decision  # noqa: E402
from compare.align.decision import UNCORROBORATED_ALLOWANCE  # noqa: E402
from compare.pipeline import prepare  # noqa: E402
from compare.settings import Settings  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "msrp-train"
FOLDS = 5
CV_BARS = [round(0.11 + 0.03 * k, 2) for k in range(7)]  # two-source bars tried: 0.11 .. 0.29
CV_PENALTIES = [0.0, 0.05, 0.1, 0.15, 0.2, 0.3]  # decision.SECOND_CHOICE_PENALTY values tried
# The fit keeps the recall of the training folds at or above this (the target on the held-out
# test split is 0.97: a margin for a split the fit has not seen).
CV_MIN_RECALL = 0.995
QUOTE_CLOSERS = ('"', "”", "’", "'")


def _norm(text: str) -> str:
    """The words of a text, lower case: the cleaner may normalise quotation marks and spaces."""
    return " ".join(re.findall(r"\w+", text.lower()))


@dataclass
class EventData:
    name: str
    articles: list
    partner: dict[int, int]  # a index -> b index (raw sentence numbers)
    label: dict[int, int]
    a_text: list[str]
    b_text: list[str]
    kept: dict[tuple[str, int], int]  # (source, raw index) -> cleaned paragraph index
    headings: dict[str, list[str]]  # per source, sentences filed as headings
    paragraphs: int


def _raw_paragraphs(path: Path) -> list[str]:
    return [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def load_events(data: Path, limit: int | None) -> list[EventData]:
    truth = json.loads((data / "truth.json").read_text(encoding="utf-8"))["events"]
    events = []
    for name in sorted(truth)[:limit]:
        folder = data / "events" / name
        articles = prepare(load_event(folder))
        raw = {"a": _raw_paragraphs(folder / "a.txt"), "b": _raw_paragraphs(folder / "b.txt")}
        words = {source: [_norm(t) for t in texts] for source, texts in raw.items()}
        kept: dict[tuple[str, int], int] = {}
        headings: dict[str, list[str]] = {}
        for article in articles:
            texts = words[article.id]
            cursor = 0
            for p in article.paragraphs:  # in order: a repeated sentence maps to its next use
                text = _norm(p.text)
                where = next((k for k in range(cursor, len(texts)) if texts[k] == text), None)
                if where is None:
                    where = next((k for k in range(len(texts)) if texts[k] == text and (article.id, k) not in kept), None)
                if where is not None:
                    kept[(article.id, where)] = p.index
                    cursor = where + 1
            headings[article.id] = [_norm(h.text) for h in article.headings]
        pairs = truth[name]["pairs"]
        events.append(EventData(name, articles, {p["a"]: p["b"] for p in pairs}, {p["a"]: p["label"] for p in pairs},
                                raw["a"], raw["b"], kept, headings, sum(len(a.paragraphs) for a in articles)))
    return events


@dataclass
class Figures:
    equivalent: int = 0
    equivalent_kept: int = 0
    equivalent_aligned: int = 0
    different_kept: int = 0
    different_aligned: int = 0
    non_partner: int = 0
    copies: int = 0  # of those, to a sentence of the same words as the a sentence (MSRP reuses sentences)
    paragraphs: int = 0

    def add(self, other: "Figures") -> None:
        for key in self.__dataclass_fields__:
            setattr(self, key, getattr(self, key) + getattr(other, key))

    @property
    def recall(self) -> float:
        return self.equivalent_aligned / max(1, self.equivalent_kept)

    @property
    def recall_all(self) -> float:
        return self.equivalent_aligned / max(1, self.equivalent)

    @property
    def false_rate(self) -> float:
        return 100 * self.non_partner / max(1, self.paragraphs)

    @property
    def copy_rate(self) -> float:
        return 100 * self.copies / max(1, self.paragraphs)


def score_event(event: EventData, result) -> Figures:
    back = {(source, index): raw for (source, raw), index in event.kept.items()}
    figures = Figures(paragraphs=event.paragraphs)
    aligned = set()
    for al in result.alignments:
        ends = {al.a.source: back.get((al.a.source, al.a.paragraph)), al.b.source: back.get((al.b.source, al.b.paragraph))}
        i, j = ends.get("a"), ends.get("b")
        if i is None or j is None:
            continue
        aligned.add((i, j))
        partner = event.partner.get(i)
        if j != partner and (partner is None or _norm(event.b_text[j]) != _norm(event.b_text[partner])):
            figures.non_partner += 1
            figures.copies += _norm(event.a_text[i]) == _norm(event.b_text[j])
    for i, j in event.partner.items():
        both = ("a", i) in event.kept and ("b", j) in event.kept
        if event.label[i] == 1:
            figures.equivalent += 1
            figures.equivalent_kept += both
            figures.equivalent_aligned += both and (i, j) in aligned
        else:
            figures.different_kept += both
            figures.different_aligned += both and (i, j) in aligned
    return figures


def cleaning_losses(events: list[EventData]) -> tuple[int, int, int, int]:
    """(sentences, dropped, filed as headings, of those ending in a closing quotation mark)."""
    total = dropped = headed = quoted = 0
    for event in events:
        for source, texts in (("a", event.a_text), ("b", event.b_text)):
            heads = set(event.headings[source])
            for k, text in enumerate(texts):
                total += 1
                if (source, k) in event.kept:
                    continue
                if _norm(text) in heads:
                    headed += 1
                    quoted += text.rstrip().endswith(QUOTE_CLOSERS)
                else:
                    dropped += 1
    return total, dropped, headed, quoted


def run(events: list[EventData], settings: Settings) -> list[Figures]:
    return [score_event(e, align_articles(e.articles, settings)) for e in events]


def total(figures: list[Figures]) -> Figures:
    out = Figures()
    for f in figures:
        out.add(f)
    return out


def row(name: str, f: Figures) -> str:
    return (f"{name:<34}{f.recall:>8.3f}{f.recall_all:>10.3f}{f.false_rate:>17.2f}{f.copy_rate:>13.2f}"
            f"{f.different_aligned / max(1, f.different_kept):>14.3f}   ({f.equivalent_aligned}/{f.equivalent_kept} pairs, "
            f"{f.non_partner} non-partner of which {f.copies} copies, {f.paragraphs} paragraphs)")


HEADER = f"{'':<34}{'recall':>8}{'all pairs':>10}{'non-partner/100':>17}{'of which copies':>17}{'label-0 al.':>14}"


def non_copies(f: Figures) -> int:
    return f.non_partner - f.copies


def cross_validate(events: list[EventData], shipped: Settings) -> None:
    """5-fold CV by event of the two parameters fitted on MSRP (see the module docstring)."""
    two_source_bar = shipped.align_threshold - UNCORROBORATED_ALLOWANCE
    shipped_penalty = decision.SECOND_CHOICE_PENALTY
    grid = [(bar, penalty) for penalty in CV_PENALTIES for bar in CV_BARS]
    figures = {}
    try:
        for bar, penalty in grid:
            decision.SECOND_CHOICE_PENALTY = penalty  # a module constant: set for the bench only
            figures[(bar, penalty)] = run(events, replace(shipped, align_threshold=bar + UNCORROBORATED_ALLOWANCE))
    finally:
        decision.SECOND_CHOICE_PENALTY = shipped_penalty
    folds = [[k for k in range(len(events)) if k % FOLDS == fold] for fold in range(FOLDS)]
    print(f"\n{FOLDS}-fold cross-validation by event of the two-source bar and SECOND_CHOICE_PENALTY (fit on 4 folds: "
          f"fewest non-partner alignments that are not copies, at recall >= {CV_MIN_RECALL}; "
          f"shipped: bar {two_source_bar:.2f}, penalty {shipped_penalty:.2f})")
    print(f"{'fold':<6}{'events':>7}{'bar':>6}{'penalty':>9}{'recall':>9}{'non-partner/100':>17}{'not copies':>12}"
          f"{'shipped: recall':>17}{'non-partner/100':>17}{'not copies':>12}")
    held_fit, held_shipped, fitted = Figures(), Figures(), []
    shipped_key = min(grid, key=lambda g: (abs(g[0] - two_source_bar), abs(g[1] - shipped_penalty)))
    for fold, members in enumerate(folds):
        train = [k for k in range(len(events)) if k % FOLDS != fold]
        sums = {g: total([figures[g][k] for k in train]) for g in grid}
        allowed = [g for g in grid if sums[g].recall >= CV_MIN_RECALL] or grid
        choice = min(allowed, key=lambda g: (non_copies(sums[g]), g[0], g[1]))
        fitted.append(choice)
        test = total([figures[choice][k] for k in members])
        ship = total([figures[shipped_key][k] for k in members])
        held_fit.add(test)
        held_shipped.add(ship)
        print(f"{fold:<6}{len(members):>7}{choice[0]:>6.2f}{choice[1]:>9.2f}{test.recall:>9.3f}{test.false_rate:>17.2f}"
              f"{100 * non_copies(test) / max(1, test.paragraphs):>12.2f}"
              f"{ship.recall:>17.3f}{ship.false_rate:>17.2f}{100 * non_copies(ship) / max(1, ship.paragraphs):>12.2f}")
    print(f"{'mean':<6}{len(events):>7}{sum(c[0] for c in fitted) / FOLDS:>6.2f}{sum(c[1] for c in fitted) / FOLDS:>9.2f}"
          f"{held_fit.recall:>9.3f}{held_fit.false_rate:>17.2f}{100 * non_copies(held_fit) / max(1, held_fit.paragraphs):>12.2f}"
          f"{held_shipped.recall:>17.3f}{held_shipped.false_rate:>17.2f}"
          f"{100 * non_copies(held_shipped) / max(1, held_shipped.paragraphs):>12.2f}")
    print("the grid (all events): bar/penalty recall non-partner/100")
    for penalty in CV_PENALTIES:
        print(f"  penalty {penalty:.2f}: " + "  ".join(
            f"{bar:.2f} {total(figures[(bar, penalty)]).recall:.3f} {total(figures[(bar, penalty)]).false_rate:.2f}" for bar in CV_BARS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    parser.add_argument("--events", type=int, default=None, help="the first N events only")
    options = parser.parse_args()
    if not (options.data / "truth.json").is_file():
        print(f"skipped MSRP: {options.data} not found (see its README for what it holds)")
        return
    start = time.perf_counter()
    events = load_events(options.data, options.events)
    loaded = time.perf_counter() - start
    sentences, dropped, headed, quoted = cleaning_losses(events)
    print(f"MSRP train: {len(events)} events, {sentences} sentences; the cleaner dropped {dropped} and filed {headed} "
          f"as headings ({quoted} of them end in a closing quotation mark); read and cleaned in {loaded:.1f} s")
    start = time.perf_counter()
    shipped = total(run(events, Settings()))
    print(HEADER)
    print(row("source-compare", shipped) + f" {time.perf_counter() - start:.1f} s")
    print("recall: over pairs the cleaner kept both of; all pairs: a sentence the cleaner lost counts as a miss")
    print("targets (held-out test split): recall >= 0.97, non-partner/100 <= 2.0")
    if not options.no_cv:
        cross_validate(events, Settings())


if __name__ == "__main__":
    main()
