"""Wall time of `check` and `report` on the bundled seed event, interpreter start-up included.

Usage: python bench/speed.py [--runs N]
Prints the median (and min/max) of N runs of each command next to the target of issue 2.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "corpus" / "rwanda-belgium-2025"


def wall(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, cwd=REPO)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    exe = shutil.which("source-compare", path=str(Path(sys.executable).parent)) or "source-compare"
    out = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    rows = [
        ("check seed event", [exe, "check", str(SEED)], 1.5),
        ("clean one page", [exe, "clean", str(SEED / "developing-story.txt")], None),
        ("report seed event", [exe, "report", str(SEED), "--out", str(out), "--quiet", "--no-cache"], 5.0),
    ]
    print(f"{'command':<22}{'median s':>10}{'min s':>8}{'max s':>8}{'target s':>10}  ok")
    for name, args, target in rows:
        times = wall(args, options.runs)
        median = statistics.median(times)
        ok = "" if target is None else ("yes" if median < target else "NO")
        print(f"{name:<22}{median:>10.2f}{min(times):>8.2f}{max(times):>8.2f}{target or '':>10}  {ok}")
    shutil.rmtree(out, ignore_errors=True)
    print(f"({options.runs} runs each, wall clock, interpreter start-up included)")


if __name__ == "__main__":
    main()
