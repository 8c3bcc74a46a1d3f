"""Reports over the BASIL dev events, converted from the raw JSON to corpus folders.

Usage: python bench/basil_reports.py [--data DIR] [--out DIR] [--jobs N]

Converts `<data>/articles/*.json` (BASIL: each event covered by nyt, fox and hpo) into a
temporary corpus (`basil-<first 8 hex digits of the triplet uuid>/{nyt,fox,hpo}.txt` with
front matter, plus event.yaml with the main event and the main entities as actors), runs
`source-compare report` over the whole corpus, and prints each outlet's figures across the
events from the cross-event `summary.json`. The data is research-only: it is read from
../shared/data and never copied into the repository. Skips cleanly when it is absent.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "basil-dev"
OUTLETS = {"nyt": "New York Times", "fox": "Fox News", "hpo": "HuffPost"}


def convert(data: Path, corpus: Path) -> list[Path]:
    """Write one event folder per BASIL triplet; return the folders."""
    events: dict[str, list[dict]] = {}
    for path in sorted((data / "articles").glob("*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        events.setdefault(article["triplet-uuid"], []).append(article)
    folders = []
    for uuid, articles in sorted(events.items()):
        folder = corpus / f"basil-{uuid.replace('-', '')[:8]}"
        folder.mkdir(parents=True, exist_ok=True)
        for article in sorted(articles, key=lambda a: a["source"]):
            paragraphs = [" ".join(s.strip() for s in sentences if s.strip()) for sentences in article["body-paragraphs"]]
            front = {"source": OUTLETS.get(article["source"], article["source"]), "title": article["title"].strip(),
                     "url": article["url"], "published": article["date"]}
            text = "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n"
            text += "\n\n".join(p for p in paragraphs if p) + "\n"
            (folder / f"{article['source']}.txt").write_text(text, encoding="utf-8")
        entities = sorted({e for a in articles for e in a.get("main-entities", [])})
        actors = {e: sorted({e, e.split()[-1]}) for e in entities}
        config = {"title": articles[0]["main-event"], "date": min(a["date"] for a in articles), "actors": actors}
        (folder / "event.yaml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
        folders.append(folder)
    return folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=None, help="report folder (default: a temporary folder)")
    parser.add_argument("--jobs", type=int, default=1)
    options = parser.parse_args()
    if not (options.data / "articles").is_dir():
        print(f"skipped: BASIL dev data not found at {options.data}")
        return
    work = Path(tempfile.mkdtemp(prefix="basil-bench-"))
    corpus = work / "corpus"
    out = options.out or work / "reports"
    folders = convert(options.data, corpus)
    exe = shutil.which("source-compare", path=str(Path(sys.executable).parent)) or "source-compare"
    start = time.perf_counter()
    subprocess.run([exe, "report", str(corpus), "--out", str(out), "--jobs", str(options.jobs), "--quiet"], check=True)
    elapsed = time.perf_counter() - start
    print(f"{len(folders)} events converted to {corpus}; reports in {out} ({elapsed:.1f} s)")
    summary_path = out / "summary.json"
    if not summary_path.is_file():
        print("no summary.json was written (the cross-event summary needs `report` over a folder of events)")
        return
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    print(f"\n{'outlet':<16}{'events':>7}{'coverage':>10}{'divergence':>12}{'sentiment':>11}  top frames")
    for outlet in summary["outlets"]:
        frames = sorted(outlet["frames"].items(), key=lambda kv: -kv[1])[:2]
        print(f"{outlet['name']:<16}{outlet['events']:>7}{_f(outlet['mean_coverage']):>10}{_f(outlet['mean_divergence']):>12}"
              f"{_f(outlet['mean_sentiment'], signed=True):>11}  " + ", ".join(f"{k} {v:.0%}" for k, v in frames))
    print("\nper event (divergence):")
    names = [o["name"] for o in summary["outlets"]]
    print(f"{'event':<16}" + "".join(f"{n[:14]:>16}" for n in names))
    for event in summary["events"]:
        row = []
        for outlet in summary["outlets"]:
            match = [r for r in outlet["per_event"] if r["event"] == event["id"]]
            row.append(_f(match[0]["divergence"]) if match else "–")
        print(f"{event['id']:<16}" + "".join(f"{v:>16}" for v in row))


def _f(value, signed: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.3f}" if signed else f"{value:.3f}"


if __name__ == "__main__":
    main()
