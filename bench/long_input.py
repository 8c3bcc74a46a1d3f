"""Whole `report` runs on events with one hostile, very long article: every stage must stay
bounded however long a line, a paragraph or a sentence is.

Usage: python bench/long_input.py [--runs N] [--cases a,b] [--timeout S] [--keep DIR]

Each case copies the bundled seed event (corpus/rwanda-belgium-2025) into a temp folder
and adds one article, huge.txt (front matter `source: Huge`), of one of these shapes:

  news-5mb          one 5 MB line of news sentences (random sentences of NewsMTSC, each on one line)
  actor-50k         one line of 50,000 repetitions of an actor's name ("Rwanda Rwanda ...")
  sentence-80k      one line of 80,000 repetitions of one sentence (all identical)
  no-spaces-5mb     one 5 MB line without a space ("aaaa...")
  quote-5mb         one 5 MB line of one quotation ("“We will not back down,” he said. ")
  numbers-5mb       one 5 MB line of dates and counts ("On March 17, 2025, 40 soldiers ...")
  no-punct-5mb      one 5 MB line of random words without sentence punctuation
  paragraphs-200k   200,000 short paragraphs (many lines, not one)
  sentence-1mb      a paragraph that is one 1 MB sentence (words and commas, no full stop)
  named-quote-5mb   one 5 MB line of one quotation of a named speaker ("..., Kagame said.")
  long-heading      a 200 KB line in heading markup ("== ... ==") above a 1 MB paragraph

It then runs `source-compare report EVENT --out OUT --no-cache --quiet` (every format:
json, md, html and the plots; interpreter start-up included) --runs times and prints per
case: the median wall time, the peak resident memory of the command (its maximum resident
set as wait4 reports it for that one child: exact, where polling would miss a short peak),
the paragraphs of huge.txt in report.json and the warnings on it, and whether the run met
the target of the issue (whole report <= 10 s, well under 2 GB).

News text comes from a seeded RNG over `sentence_normalized` of
../shared/data/newsmtsc-train/train.jsonl; without it the script says so and generates
sentences from a small built-in vocabulary instead (the figures are then not comparable).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "corpus" / "rwanda-belgium-2025"
NEWS = REPO.parent / "shared" / "data" / "newsmtsc-train" / "train.jsonl"
TARGET_SECONDS = 10.0
TARGET_MIB = 2048.0
MB = 1_000_000
RANDOM_SEED = 20250317

_FALLBACK_WORDS = """government officials said the minister announced talks troops border city
rebels army week country agreement president statement report police people killed
capital foreign crisis election vote court ruling sanctions aid deal leaders meeting""".split()


def news_sentences(rng: random.Random) -> list[str]:
    """Real news sentences when the NewsMTSC data is present, else generated ones."""
    if NEWS.is_file():
        with NEWS.open(encoding="utf-8") as handle:
            return [" ".join(json.loads(line)["sentence_normalized"].split()) for line in handle if line.strip()]
    print(f"note: {NEWS} is absent; generating sentences from a small vocabulary instead")
    return [" ".join(rng.choice(_FALLBACK_WORDS) for _ in range(rng.randint(8, 25))).capitalize() + "."
            for _ in range(5_000)]


def fill(size: int, piece: Callable[[], str]) -> str:
    """Pieces joined by spaces up to about `size` characters."""
    parts: list[str] = []
    total = 0
    while total < size:
        text = piece()
        parts.append(text)
        total += len(text) + 1
    return " ".join(parts)


def build_cases(sentences: list[str]) -> dict[str, Callable[[random.Random], str]]:
    """Case name -> a function of a seeded RNG returning the body of huge.txt."""
    vocabulary = sorted({w.strip(".,;:!?\"“”'’()").lower() for s in sentences[:20_000] for w in s.split()} - {""})
    months = ["January", "February", "March", "April", "May", "June", "July", "August"]

    def dated(rng: random.Random) -> str:
        return (f"On {rng.choice(months)} {rng.randint(1, 28)}, 2025, {rng.randint(2, 900)} soldiers were killed "
                f"and {rng.randint(1, 99)},{rng.randint(100, 999)} people fled, officials said.")

    def long_sentence(rng: random.Random) -> str:
        return "Officials said " + fill(MB, lambda: rng.choice(vocabulary) + ("," if rng.random() < 0.1 else "")) + "."

    def long_heading(rng: random.Random) -> str:
        heading = "== " + fill(200_000, lambda: rng.choice(vocabulary)) + " =="
        return heading + "\n\n" + fill(MB, lambda: rng.choice(sentences))

    return {
        "news-5mb": lambda rng: fill(5 * MB, lambda: rng.choice(sentences)),
        "actor-50k": lambda rng: " ".join(["Rwanda"] * 50_000),
        "sentence-80k": lambda rng: " ".join(["Rwanda expelled Belgium's diplomats on Monday, the ministry said."] * 80_000),
        "no-spaces-5mb": lambda rng: "a" * (5 * MB),
        "quote-5mb": lambda rng: fill(5 * MB, lambda: "“We will not back down,” he said."),
        "numbers-5mb": lambda rng: fill(5 * MB, lambda: dated(rng)),
        "no-punct-5mb": lambda rng: fill(5 * MB, lambda: rng.choice(vocabulary)),
        "paragraphs-200k": lambda rng: "\n\n".join(
            " ".join(rng.choice(sentences).split()[:6]).rstrip(".,;:") + "." for _ in range(200_000)),
        "sentence-1mb": lambda rng: rng.choice(sentences) + "\n\n" + long_sentence(rng) + "\n\n" + rng.choice(sentences),
        # beyond the list: one speaker quoted 150,000 times, and a 200 KB line in
        # heading markup above a 1 MB paragraph (the section of each of its pieces)
        "named-quote-5mb": lambda rng: fill(5 * MB, lambda: "“We will not back down,” Kagame said."),
        "long-heading": long_heading,
    }


def write_event(folder: Path, body: str) -> Path:
    event = folder / "long-input"
    shutil.copytree(SEED, event)
    (event / "huge.txt").write_text("---\nsource: Huge\n---\n" + body + "\n", encoding="utf-8")
    return event


def run_report(event: Path, out: Path, timeout: float) -> tuple[float | None, float | None, str]:
    """(wall seconds or None on timeout, peak resident MiB, stderr tail) of one `report` run."""
    shutil.rmtree(out, ignore_errors=True)
    args = [sys.executable, "-m", "compare", "report", str(event), "--out", str(out), "--no-cache", "--quiet"]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(args, cwd=REPO, stdout=subprocess.DEVNULL, stderr=errors)
        timed_out = False
        while True:
            # wait4 reports the peak resident set of this one child (ru_maxrss: KiB on Linux)
            pid, _, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                process.kill()
                _, _, usage = os.wait4(process.pid, 0)
                timed_out = True
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        process.returncode = 0  # reaped above; keeps Popen from waiting again
        peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        errors.seek(0)
        tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    if timed_out:
        return None, peak, f"stopped after {timeout:g} s"
    return seconds, peak, tail[0]


def huge_source(out: Path) -> dict | None:
    report = out / "long-input" / "report.json"
    if not report.is_file():
        return None
    sources = json.loads(report.read_text(encoding="utf-8"))["sources"]
    return next((s for s in sources if s["id"] == "huge"), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cases", default="", help="comma-separated case names (default: all)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is stopped")
    parser.add_argument("--keep", type=Path, help="write the events here and keep them")
    options = parser.parse_args()
    cases = build_cases(news_sentences(random.Random(RANDOM_SEED)))
    chosen = [c for c in options.cases.split(",") if c] or list(cases)
    unknown = [c for c in chosen if c not in cases]
    if unknown:
        raise SystemExit(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(cases)}")
    root = options.keep or Path(tempfile.mkdtemp(prefix="bench-long-"))
    print(f"{'case':<18}{'input MB':>9}{'median s':>10}{'peak MiB':>10}{'paragraphs':>12}{'warnings':>10}  "
          f"ok (<= {TARGET_SECONDS:g} s, < {TARGET_MIB:g} MiB)")
    try:
        for name in chosen:
            folder = root / name
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            body = cases[name](random.Random(f"{RANDOM_SEED}:{name}"))  # the same text whichever cases run
            event = write_event(folder, body)
            times, peaks, problem = [], [], ""
            for _ in range(options.runs):
                seconds, peak, tail = run_report(event, folder / "out", options.timeout)
                peaks.append(peak or 0.0)
                if seconds is None or huge_source(folder / "out") is None:
                    problem = tail or "no report"
                    break
                times.append(seconds)
            source = huge_source(folder / "out")
            median = statistics.median(times) if times and not problem else None
            peak = max(peaks)
            ok = median is not None and median <= TARGET_SECONDS and peak < TARGET_MIB
            shown = f"{median:.2f}" if median is not None else "-"
            paragraphs = len(source["paragraphs"]) if source else "-"
            warnings = len(source["warnings"]) if source else "-"
            print(f"{name:<18}{len(body.encode()) / MB:>9.2f}{shown:>10}{peak:>10.0f}{paragraphs:>12}{warnings:>10}  "
                  f"{'yes' if ok else 'NO'}{'  ' + problem[:120] if problem else ''}", flush=True)
            if not options.keep:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        if not options.keep:
            shutil.rmtree(root, ignore_errors=True)
    print(f"({options.runs} runs each, wall clock, interpreter start-up included; peak = maximum resident set)")


if __name__ == "__main__":
    main()
