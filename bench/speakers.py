"""Who the reports say each outlet quotes: how clean and how merged the speaker names are.

Usage: python bench/speakers.py [--data DIR] [--show]

Over the BASIL dev events (../shared/data/basil-dev/corpus/<event>/, three outlets each),
runs the pipeline and reads every source's `voices.speakers` (the per-source voices table):

- speaker entries: rows over all sources and events (one row per speaker per source);
- distinct labels: distinct speaker names over all events (sum of the per-event counts);
- names per surname: per event, how many distinct speaker names share a last word, averaged
  over the surnames of the event, then over the events (1.00 = one name per person);
- bad labels: speaker names that are a bare honorific or title (`Mr`, `President`), a
  sentence adverb or determiner (`Now`, `Some`), or a party-state tag (`R-Texas`,
  `Democrat of Delaware`), which are never a person.

Two columns: "labels" counts the labels as the articles write them (one row per label a
source uses, as the voices table had before speaker identity), "speakers" the rows of the
voices table (one per person, organisation or unnamed role). Before speaker identity (commit
484e8ef) the same events gave 173 rows, 159 distinct names, 1.407 names per surname and
4 / 2 / 8 bad names (honorific / adverb / party tag). `--show` lists the bad names and each
event's names that share a surname.
Skips cleanly when the data folder is absent; the data is read, never copied.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DEFAULT_DATA = REPO.parent / "shared" / "data" / "basil-dev" / "corpus"

HONORIFICS = frozenset(
    "mr mrs ms miss dr sen senator rep representative gov governor president pres vice secretary "
    "mayor judge justice gen general adm lt col capt sgt rev prof speaker leader chairman chairwoman "
    "minister prime the".split())
ADVERBS = frozenset(
    "now ahead still then also however meanwhile later earlier instead indeed yet so but and or "
    "some many others several few most all both each many one another there here this that these those "
    "today yesterday tonight already again even just only perhaps maybe thus hence".split())
PARTY_TAG = re.compile(
    r"^(?:\(?[RDI]-[A-Z][\w. ]*\)?|(?:a\s+)?(?:Democrat|Republican|Independent)s?\s+(?:of|from)\b.*)$")


def bad_kind(label: str) -> str | None:
    """Which kind of bad label `label` is ("honorific", "adverb", "party tag"), or None."""
    words = [w.strip(".,").lower() for w in label.split()]
    if PARTY_TAG.match(label.strip()):
        return "party tag"
    if words and all(w in HONORIFICS for w in words):
        return "honorific"
    if len(words) == 1 and words[0] in ADVERBS:
        return "adverb"
    return None


def event_speakers(folder: Path) -> dict[str, list]:
    """Per source id, its `SpeakerVoice`s (attributed ones only)."""
    from compare.corpus import load_event
    from compare.pipeline import analyse

    report = analyse(load_event(folder))
    return {sid: [v for v in m.voices.speakers if v.speaker != "(unattributed)"]
            for sid, m in sorted(report.metrics.items())}


def surname(name: str) -> str:
    words = [w for w in re.findall(r"[\w’'-]+", name)]
    return words[-1].lower() if words else ""


def per_surname(names_by_surname: dict[str, set[str]]) -> float | None:
    return sum(len(v) for v in names_by_surname.values()) / len(names_by_surname) if names_by_surname else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show", action="store_true", help="list bad labels and names sharing a surname")
    options = parser.parse_args()
    folders = sorted(p for p in options.data.glob("*") if (p / "event.yaml").is_file()) if options.data.is_dir() else []
    if not folders:
        print(f"skipped: no BASIL dev events found at {options.data}")
        return
    from compare.speaker_labels import read_label

    entries = label_entries = distinct = distinct_labels = unnamed = 0
    ratios: list[float] = []
    label_ratios: list[float] = []
    bad: Counter[str] = Counter()
    bad_examples: dict[str, list[str]] = defaultdict(list)
    per_event: list[str] = []
    for folder in folders:
        by_source = event_speakers(folder)
        names: set[str] = set()
        labels: set[str] = set()
        by_surname: dict[str, set[str]] = defaultdict(set)
        labels_by_surname: dict[str, set[str]] = defaultdict(set)
        for voices in by_source.values():
            for v in voices:
                entries += 1
                names.add(v.speaker)
                kind = bad_kind(v.speaker)
                if kind:
                    bad[kind] += 1
                    bad_examples[kind].append(f"{folder.name}: {v.speaker}")
                if getattr(v, "kind", "person") == "unnamed":
                    unnamed += 1
                own_labels = getattr(v, "labels", ()) or (v.speaker,)
                label_entries += len(own_labels)
                labels.update(own_labels)
                if getattr(v, "kind", "person") in ("person", "name") and not kind:
                    by_surname[surname(v.speaker)].add(v.speaker)
                    for label in own_labels:
                        last = read_label(label).last
                        if last:
                            labels_by_surname[last.lower()].add(label)
        distinct += len(names)
        distinct_labels += len(labels)
        for ratios_, grouped in ((ratios, by_surname), (label_ratios, labels_by_surname)):
            value = per_surname(grouped)
            if value is not None:
                ratios_.append(value)
        rows = sum(len(v) for v in by_source.values())
        per_event.append(f"  {folder.name:<20}{rows:>6}{len(names):>7}{per_surname(by_surname) or 0:>12.3f}"
                         f"{per_surname(labels_by_surname) or 0:>10.3f}")
        if options.show:
            shared = {s: sorted(v) for s, v in sorted(by_surname.items()) if len(v) > 1}
            print(f"{folder.name}: {len(names)} names; sharing a surname: {shared or '-'}")
    ratio = sum(ratios) / len(ratios) if ratios else 0.0
    label_ratio = sum(label_ratios) / len(label_ratios) if label_ratios else 0.0
    print(f"{len(folders)} BASIL dev events ({options.data})")
    print(f"  {'event':<20}{'rows':>6}{'names':>7}{'per surname':>12}{'(labels)':>10}")
    print("\n".join(per_event))
    print()
    print(f"{'figure':<38}{'labels':>10}{'speakers':>10}")
    print(f"{'speaker entries (rows over sources)':<38}{label_entries:>10}{entries:>10}")
    print(f"{'distinct names (sum over events)':<38}{distinct_labels:>10}{distinct:>10}")
    print(f"{'names per surname (event mean)':<38}{label_ratio:>10.3f}{ratio:>10.3f}")
    print(f"{'unnamed rows (a role, no name)':<38}{'':>10}{unnamed:>10}")
    for kind in ("honorific", "adverb", "party tag"):
        print(f"{'bad speaker names: ' + kind:<38}{'':>10}{bad[kind]:>10}")
    if options.show:
        for kind, examples in sorted(bad_examples.items()):
            print(f"\n{kind}:")
            for example in examples:
                print(f"  {example}")


if __name__ == "__main__":
    main()
