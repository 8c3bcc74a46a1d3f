"""Whole `report` runs on large events whose paragraphs are all distinct, with a known truth.

Usage: python bench/report_scale.py [--sizes 10,50,100,200,1000] [--runs 3] [--keep DIR]

Each event is written by bench/retellings.py: N outlets x 20 paragraphs retelling one real
news article (the longest BASIL dev article) in their own words, with split and merged
paragraphs and paragraphs of their own from other real articles (BASIL dev, the English
extraction-benchmark bodies); every paragraph is distinct. The truth says which story
paragraph each written paragraph carries.

For each size the script runs `source-compare report EVENT --out OUT --no-cache --quiet`
as a user does (every format: json, md, html and the plots; interpreter start-up
included), from the folder that holds the event, --runs times, and prints:
- wall time (median, min, max) and the median per paragraph;
- peak memory of the command (maximum resident set size, from wait4);
- the sizes of report.json, report.html and report.md and of the plots;
- listed alignments and all aligned pairs (`aligned_pairs.total`: listed, or both
  paragraphs report one content unit);
- recall of the known pairs (two paragraphs of different outlets that carry the same story
  or own paragraph) among the aligned pairs, and the aligned pairs that carry nothing in
  common, per 100 paragraphs and as a share (precision).
Then the targets of the issue: 200 sources in <= 10 s with recall >= 0.95, report.json
<= 25 MB and report.html <= 10 MB; 1,000 sources in <= 90 s and <= 4 GB; time per
paragraph from 50 to 1,000 sources growing by at most 3x.

Needs ../shared/data (BASIL dev and the extraction pages); skips with a message without it.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import retellings  # noqa: E402


def run_report(exe: str, folder: Path, event: str, formats: str) -> tuple[float, float]:
    """(wall seconds, peak resident memory in MiB) of one whole `report` run."""
    out = folder / "out"
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen([exe, "report", event, "--out", "out", "--no-cache", "--quiet", "--format", formats], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    error = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"report failed on {event}: {error.strip()}")
    return seconds, usage.ru_maxrss / 1024


def pair_keys(groups: list[np.ndarray], source: np.ndarray, n: int) -> np.ndarray:
    """Sorted distinct keys x*n+y (x < y, different sources) of the pairs within each group."""
    found = []
    for members in groups:
        members = np.unique(members)
        if len(members) < 2:
            continue
        x, y = np.triu_indices(len(members), k=1)
        a, b = members[x], members[y]
        keep = source[a] != source[b]
        found.append(a[keep] * n + b[keep])
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def score_pairs(report: dict, truth: dict[str, list[str]]) -> dict:
    """Recall of the known pairs and false aligned pairs, from report.json and the truth."""
    refs = [(s["id"], p["index"]) for s in report["sources"] for p in s["paragraphs"]]
    number = {r: k for k, r in enumerate(refs)}
    source_ids = {sid: k for k, sid in enumerate(sorted({r[0] for r in refs}))}
    source = np.array([source_ids[r[0]] for r in refs], dtype=np.int64)
    n = len(refs)
    carries: dict[str, list[int]] = {}
    unmatched = 0
    ids_of = []
    for s in report["sources"]:
        for p in s["paragraphs"]:
            ids = truth.get(retellings.key(p["text"]), [])
            unmatched += not ids
            ids_of.append(set(ids))
            for i in ids:
                carries.setdefault(i, []).append(number[(s["id"], p["index"])])
    known = pair_keys([np.array(v, dtype=np.int64) for v in carries.values()], source, n)
    reporters = [np.array([number[(sid, p)] for sid, ps in u["reported_by"].items() for p in ps], dtype=np.int64)
                 for u in report["content_units"]]
    listed = np.array([min(number[(a["a"]["source"], a["a"]["paragraph"])], number[(a["b"]["source"], a["b"]["paragraph"])]) * n
                       + max(number[(a["a"]["source"], a["a"]["paragraph"])], number[(a["b"]["source"], a["b"]["paragraph"])])
                       for a in report["alignments"]], dtype=np.int64)
    aligned = np.union1d(pair_keys(reporters, source, n), listed)
    found = np.intersect1d(known, aligned, assume_unique=True)
    false = np.setdiff1d(aligned, known, assume_unique=True)
    return {"known": len(known), "found": len(found), "aligned": len(aligned), "false": len(false),
            "recall": len(found) / len(known) if len(known) else 1.0,
            "precision": 1 - len(false) / len(aligned) if len(aligned) else 1.0,
            "false_per_100": 100 * len(false) / n if n else 0.0, "paragraphs": n, "unmatched": unmatched}


def megabytes(path: Path) -> float:
    return path.stat().st_size / 1e6 if path.is_file() else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,50,100,200,1000", help="numbers of sources, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (the median is reported)")
    parser.add_argument("--keep", type=Path, help="write the events and reports here and keep them")
    parser.add_argument("--format", default="json,md,html", help="report formats (default: all, as a user runs it)")
    options = parser.parse_args()
    if not retellings.available():
        print(f"skipped: {retellings.BASIL} not found (the bench needs ../shared/data)")
        return
    exe = shutil.which("source-compare", path=str(Path(sys.executable).parent)) or "source-compare"
    sizes = [int(s) for s in options.sizes.split(",") if s.strip()]
    root = options.keep or Path(tempfile.mkdtemp(prefix="bench-report-scale-"))
    root.mkdir(parents=True, exist_ok=True)
    print(f"events: one BASIL story retold by N outlets x {retellings.PARAGRAPHS_PER_SOURCE} paragraphs, every paragraph "
          f"distinct; whole `report` (--format {options.format}, with plots for md/html), --no-cache, median of {options.runs} runs; "
          f"load average {os.getloadavg()[0]:.1f}")
    header = (f"{'sources':>8}{'paras':>7}{'wall s':>8}{'min':>7}{'max':>7}{'ms/para':>9}{'peak MiB':>10}"
              f"{'json MB':>9}{'html MB':>9}{'md MB':>7}{'plots MB':>9}{'listed':>9}{'aligned':>10}{'recall':>8}"
              f"{'false/100p':>11}{'precision':>10}")
    print(header)
    results = {}
    for size in sizes:
        folder = root / f"n{size}"
        event = "event"
        if not (folder / event).is_dir():
            truth = retellings.build_event(size, folder / event)
            retellings.write_truth(truth, folder / "truth.json")
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        timings = [run_report(exe, folder, event, options.format) for _ in range(options.runs)]
        walls = [t for t, _ in timings]
        peak = max(m for _, m in timings)
        out = folder / "out" / event
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        scored = score_pairs(report, truth)
        wall = statistics.median(walls)
        plots = sum(megabytes(p) for p in out.iterdir() if p.suffix in (".png", ".svg"))
        results[size] = {"wall": wall, "per_paragraph": wall / scored["paragraphs"], "peak": peak,
                         "json": megabytes(out / "report.json"), "html": megabytes(out / "report.html"), **scored}
        print(f"{size:>8}{scored['paragraphs']:>7}{wall:>8.2f}{min(walls):>7.2f}{max(walls):>7.2f}"
              f"{1000 * wall / scored['paragraphs']:>9.2f}{peak:>10.0f}{megabytes(out / 'report.json'):>9.1f}"
              f"{megabytes(out / 'report.html'):>9.1f}{megabytes(out / 'report.md'):>7.2f}{plots:>9.2f}"
              f"{len(report['alignments']):>9}{report['aligned_pairs']['total']:>10}{scored['recall']:>8.4f}"
              f"{scored['false_per_100']:>11.1f}{scored['precision']:>10.4f}", flush=True)
        if scored["unmatched"]:
            print(f"  ({scored['unmatched']} report paragraphs not found in the truth: the cleaner changed them)")
    print("targets:")
    if 200 in results:
        r = results[200]
        print(f"  200 sources: {r['wall']:.2f} s (<= 10 s: {_ok(r['wall'] <= 10)}), recall {r['recall']:.4f} "
              f"(>= 0.95: {_ok(r['recall'] >= 0.95)}), report.json {r['json']:.1f} MB (<= 25: {_ok(r['json'] <= 25)}), "
              f"report.html {r['html']:.1f} MB (<= 10: {_ok(r['html'] <= 10)})")
    if 1000 in results:
        r = results[1000]
        print(f"  1000 sources: {r['wall']:.1f} s (<= 90 s: {_ok(r['wall'] <= 90)}), peak {r['peak']:.0f} MiB "
              f"(<= 4096: {_ok(r['peak'] <= 4096)})")
    if 50 in results and 1000 in results:
        growth = results[1000]["per_paragraph"] / results[50]["per_paragraph"]
        print(f"  time per paragraph, 1000 sources over 50: {growth:.2f}x (<= 3x: {_ok(growth <= 3)})")
    if not options.keep:
        shutil.rmtree(root, ignore_errors=True)
    else:
        print(f"events and reports kept in {root}")


def _ok(condition: bool) -> str:
    return "yes" if condition else "NO"


if __name__ == "__main__":
    main()
