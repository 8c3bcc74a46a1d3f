"""Whole corpora: events per second at --jobs 1 and --jobs 2 and on a Dask LocalCluster of two
workers, a re-run after one source changed, and peak memory at 100 and at all events.

Usage: python bench/scale.py [--events N] [--skip-dask] [--keep DIR]

The corpus is generated: N events (default 500) of 5 sources each, built from the real
paragraphs of ../shared/data/basil-dev/corpus (or, when that is absent, the bundled seed
event): each event takes one real event's three articles with a random fifth of their
paragraphs dropped and light word-order edits (so no two events share sentences, and no
cache inside a worker makes later events cheaper), plus a wire copy stitched from two of
them and a blog that mixes in paragraphs of another event. JSON reports only. Every run is
`source-compare report` in a fresh process, timed wall-clock from start to exit, with the
peak memory (RSS) of its whole process tree (and of the Dask workers) sampled every 50 ms.
The three full runs must write the same bytes; the bench says so.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASIL = REPO.parent / "shared" / "data" / "basil-dev" / "corpus"
SEED = REPO / "corpus" / "rwanda-belgium-2025"
TARGETS = {"jobs2": 1.7, "dask": 1.5, "rerun": 0.05, "memory_mb": 1024}


# --- the corpus ----------------------------------------------------------------------------


def read_articles(event_dir: Path) -> list[tuple[str, list[str]]]:
    """(outlet name, paragraphs) of each article of a real event, front matter removed."""
    articles = []
    for path in sorted(event_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        name = path.stem
        if text.startswith("---"):
            header, _, text = text[3:].partition("\n---")
            match = re.search(r"^source:\s*(.+)$", header, flags=re.M)
            name = match.group(1).strip() if match else name
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if len(p.split()) >= 8]
        if paragraphs:
            articles.append((name, paragraphs))
    return articles


def base_events(basil: Path = BASIL) -> tuple[str, list[list[tuple[str, list[str]]]]]:
    if basil.is_dir():
        events = [read_articles(d) for d in sorted(basil.iterdir()) if d.is_dir()]
        return "basil-dev paragraphs", [e for e in events if len(e) >= 3]
    if SEED.is_dir():
        print("note: ../shared/data/basil-dev is absent; building the corpus from the seed event", file=sys.stderr)
        return "seed-event paragraphs", [read_articles(SEED)]
    return "", []


def edited(paragraph: str, rng: random.Random) -> str:
    """The paragraph with a few adjacent words swapped: same words, new sentences."""
    words = paragraph.split()
    for _ in range(max(1, len(words) // 25)):
        i = rng.randrange(1, max(2, len(words) - 1))
        if i + 1 < len(words):
            words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def article(name: str, title: str, paragraphs: list[str]) -> str:
    return f"---\nsource: {name}\ntitle: {title}\n---\n\n" + "\n\n".join(paragraphs) + "\n"


def write_corpus(root: Path, events: int, bases: list) -> list[Path]:
    folders = []
    for i in range(events):
        rng = random.Random(i)
        base = bases[i % len(bases)]
        other = bases[(i + 1) % len(bases)]
        folder = root / f"event-{i:05d}"
        folder.mkdir(parents=True)
        (folder / "event.yaml").write_text(f"title: Generated event {i}\ndate: 2019-{1 + i % 12:02d}-{1 + i % 28:02d}\n")
        kept = []
        for k, (name, paragraphs) in enumerate(base[:3]):
            chosen = [edited(p, rng) for p in paragraphs if rng.random() > 0.2] or [edited(paragraphs[0], rng)]
            kept.append(chosen)
            (folder / f"outlet-{k}.txt").write_text(article(name, f"Story {i}", chosen))
        wire = [p for pair in zip(kept[0], kept[1]) for p in pair][: max(4, len(kept[0]) // 2)]
        (folder / "wire.txt").write_text(article("Wire Service", f"Story {i}", [edited(p, rng) for p in wire]))
        blog = kept[2][: max(3, len(kept[2]) // 2)] + [edited(p, rng) for p in other[0][1][:2]]
        (folder / "blog.txt").write_text(article("Local Blog", f"Story {i}", blog))
        folders.append(folder)
    return folders


# --- measuring -----------------------------------------------------------------------------


class PeakMemory:
    """Peak of the summed RSS of a process, its descendants and some extra processes."""

    def __init__(self, pid: int, extra_pids: tuple[int, ...] = ()):
        import psutil

        self.psutil = psutil
        self.root = psutil.Process(pid)
        self.extra = [psutil.Process(p) for p in extra_pids]
        self.peak = 0
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while self.running:
            total = 0
            try:
                processes = [self.root, *self.root.children(recursive=True), *self.extra]
            except self.psutil.Error:
                processes = self.extra
            for process in processes:
                try:
                    total += process.memory_info().rss
                except self.psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.05)

    def stop(self) -> float:
        self.running = False
        self.thread.join()
        return self.peak / 2**20


def run(args: list[str], cwd: Path, extra_pids: tuple[int, ...] = ()) -> tuple[float, float | None, str]:
    """(wall seconds, peak MB or None without psutil, stdout) of one `source-compare` run."""
    command = [sys.executable, "-m", "compare", *args]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        sampler = PeakMemory(process.pid, extra_pids)
    except ImportError:
        sampler = None
    out, err = process.communicate()
    wall = time.perf_counter() - start
    peak = sampler.stop() if sampler else None
    if process.returncode != 0:
        sys.exit(f"`{' '.join(command)}` failed ({process.returncode}):\n{err[-2000:]}")
    return wall, peak, out


def digest_reports(out: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(out.rglob("*")):
        if path.is_file() and ".source-compare" not in path.parts:
            digest.update(path.relative_to(out).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def load() -> str:
    try:
        return "load average " + ", ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"
    except OSError:
        return "load unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=500, help="events in the corpus (default 500)")
    parser.add_argument("--small", type=int, default=100, help="events of the smaller memory run (default 100)")
    parser.add_argument("--skip-dask", action="store_true", help="leave out the Dask LocalCluster run")
    parser.add_argument("--keep", type=Path, help="build the corpus and reports here and keep them")
    parser.add_argument("--data", type=Path, default=BASIL, help=f"real events to build from (default {BASIL})")
    options = parser.parse_args()

    origin, bases = base_events(options.data)
    if not bases:
        print("skipped: neither ../shared/data/basil-dev nor the seed event is here to build a corpus from")
        return
    work = options.keep or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    if work.exists() and options.keep:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    folders = write_corpus(work / "corpus", options.events, bases)
    size = sum(p.stat().st_size for f in folders for p in f.iterdir())
    print(f"corpus: {options.events} events x 5 sources from {origin} ({size / 2**20:.1f} MB), JSON reports only")
    print(f"machine at start: {load()}")
    # every run (and every Dask worker) uses this checkout's package
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    common = ["--format", "json", "--quiet", "--no-cache"]
    results: dict[str, tuple[float, float | None]] = {}

    wall, peak, _ = run(["report", "corpus", "--out", "out-jobs1", *common, "--jobs", "1"], work)
    results["jobs1"] = (wall, peak)
    wall, peak, _ = run(["report", "corpus", "--out", "out-jobs2", *common, "--jobs", "2"], work)
    results["jobs2"] = (wall, peak)
    if not options.skip_dask:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            print("note: Dask is not installed (pip install 'source-compare[dask]'); skipping the Dask run")
        else:
            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                worker_pids = tuple(client.run(os.getpid).values())
                wall, peak, _ = run(["report", "corpus", "--out", "out-dask", *common,
                                     "--scheduler", cluster.scheduler_address], work, worker_pids)
                results["dask"] = (wall, peak)
    full_runs = list(results)
    identical = {digest_reports(work / f"out-{k}") for k in full_runs}

    # one source of one event changes; the cache of the --jobs 1 run knows the rest
    changed = folders[len(folders) // 2] / "outlet-1.txt"
    changed.write_text(changed.read_text() + "\nA late paragraph added by the outlet after publication, with a correction.\n")
    wall, _, out = run(["report", "corpus", "--out", "out-jobs1", "--format", "json", "--jobs", "1"], work)
    results["rerun"] = (wall, None)
    rerun_line = out.strip().splitlines()[-1]

    small = [f.relative_to(work).as_posix() for f in folders[: options.small]]
    _, peak_small, _ = run(["report", *small, "--out", "out-small", *common, "--jobs", "1"], work)
    print(f"machine at end: {load()}\n")

    base = results["jobs1"][0]
    per_second = options.events / base
    print(f"{'run':<46}{'wall s':>9}{'events/s':>10}{'speed-up':>10}{'target':>9}  ok  {'peak MB':>8}")
    print(f"{'report --jobs 1':<46}{base:>9.1f}{per_second:>10.2f}{1.0:>10.2f}{'':>9}  {'':>2}  {_mb(results['jobs1'][1]):>8}")
    rows = [("jobs2", "report --jobs 2"), ("dask", "report --scheduler (LocalCluster, 2 workers)")]
    for key, label in rows:
        if key not in results:
            continue
        wall, peak = results[key]
        ratio = base / wall
        ok = "yes" if ratio >= TARGETS[key] else "NO"
        print(f"{label:<46}{wall:>9.1f}{options.events / wall:>10.2f}{ratio:>10.2f}{'>= ' + str(TARGETS[key]):>9}  "
              f"{ok:<3} {_mb(peak):>8}")
    share = results["rerun"][0] / base
    print(f"{'re-run after one source changed':<46}{results['rerun'][0]:>9.1f}{'':>10}{'':>10}"
          f"{'<= 5%':>9}  {'yes' if share <= TARGETS['rerun'] else 'NO':<3}   ({share:.1%} of --jobs 1)")
    peak_all = results["jobs1"][1]
    if peak_small is not None and peak_all is not None:
        growing = peak_all > peak_small * 1.15 + 30
        ok = "yes" if peak_all < TARGETS["memory_mb"] and not growing else "NO"
        print(f"peak memory, --jobs 1: {peak_small:.0f} MB at {options.small} events, {peak_all:.0f} MB at "
              f"{options.events} events (target < {TARGETS['memory_mb']} MB and not growing): {ok}")
    else:
        print("peak memory: psutil is not installed (it comes with the dask extra); not measured")
    print(f"re-run said: {rerun_line}")
    print(f"the full runs wrote {'the same bytes' if len(identical) == 1 else 'DIFFERENT bytes'} "
          f"({', '.join(full_runs)} compared)")
    print("(one run of each, wall clock, interpreter start-up and worker start-up included; peak memory is the "
          "summed RSS of the run's processes, Dask workers included)")
    if not options.keep:
        shutil.rmtree(work, ignore_errors=True)


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


if __name__ == "__main__":
    main()
