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
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
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


@dataclass
class Run:
    wall: float  # seconds, start to exit
    cpu: float  # CPU seconds (user + system) of the run's processes, Dask workers included
    peak_mb: float | None  # peak summed RSS, None without psutil
    out: str


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu_of(pids: tuple[int, ...]) -> float:
    if not pids:
        return 0.0
    import psutil

    return sum(sum(psutil.Process(p).cpu_times()[:2]) for p in pids)


def run(args: list[str], cwd: Path, extra_pids: tuple[int, ...] = ()) -> Run:
    """One `source-compare` run in a fresh process: wall time, CPU time, peak memory, stdout.

    CPU time counts the process and every worker process it started and reaped (so it does
    not depend on how busy the machine is); Dask workers are counted by their CPU time
    before and after the run.
    """
    command = [sys.executable, "-m", "compare", *args]
    cpu_before = _cpu_of_children() + _cpu_of(extra_pids)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        sampler = PeakMemory(process.pid, extra_pids)
    except ImportError:
        sampler = None
    out, err = process.communicate()
    wall = time.perf_counter() - start
    cpu = _cpu_of_children() + _cpu_of(extra_pids) - cpu_before
    peak = sampler.stop() if sampler else None
    if process.returncode != 0:
        sys.exit(f"`{' '.join(command)}` failed ({process.returncode}):\n{err[-2000:]}")
    return Run(wall, cpu, peak, out)


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
    runs: dict[str, Run] = {}
    runs["jobs1"] = run(["report", "corpus", "--out", "out-jobs1", *common, "--jobs", "1"], work)
    runs["jobs2"] = run(["report", "corpus", "--out", "out-jobs2", *common, "--jobs", "2"], work)
    if not options.skip_dask:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            print("note: Dask is not installed (pip install 'source-compare[dask]'); skipping the Dask run")
        else:
            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                worker_pids = tuple(client.run(os.getpid).values())
                runs["dask"] = run(["report", "corpus", "--out", "out-dask", *common,
                                    "--scheduler", cluster.scheduler_address], work, worker_pids)
    full_runs = list(runs)
    identical = {digest_reports(work / f"out-{k}") for k in full_runs}

    # one source of one event changes; the cache of the --jobs 1 run knows the rest
    changed = folders[len(folders) // 2] / "outlet-1.txt"
    changed.write_text(changed.read_text() + "\nA late paragraph added by the outlet after publication, with a correction.\n")
    runs["rerun"] = run(["report", "corpus", "--out", "out-jobs1", "--format", "json", "--jobs", "1"], work)

    small = [f.relative_to(work).as_posix() for f in folders[: options.small]]
    small_run = run(["report", *small, "--out", "out-small", *common, "--jobs", "1"], work)
    print(f"machine at end: {load()}\n")

    base = runs["jobs1"]
    print(f"{'run':<46}{'wall s':>8}{'events/s':>10}{'speed-up':>10}{'target':>9}  ok   {'CPU s':>7}{'peak MB':>9}")
    labels = {"jobs1": "report --jobs 1", "jobs2": "report --jobs 2",
              "dask": "report --scheduler (LocalCluster, 2 workers)"}
    for key in full_runs:
        r = runs[key]
        ratio = base.wall / r.wall
        target = f">= {TARGETS[key]}" if key in TARGETS else ""
        ok = ("yes" if ratio >= TARGETS[key] else "NO") if key in TARGETS else ""
        print(f"{labels[key]:<46}{r.wall:>8.1f}{options.events / r.wall:>10.2f}{ratio:>10.2f}{target:>9}  "
              f"{ok:<3}  {r.cpu:>7.1f}{_mb(r.peak_mb):>9}")
    share = runs["rerun"].wall / base.wall
    print(f"{'re-run after one source changed':<46}{runs['rerun'].wall:>8.1f}{'':>10}{share:>9.1%} {'<= 5%':>9}  "
          f"{'yes' if share <= TARGETS['rerun'] else 'NO':<3}  {runs['rerun'].cpu:>7.1f}{_mb(runs['rerun'].peak_mb):>9}")
    print("(speed-up of the re-run column: its share of the --jobs 1 wall time)")
    if small_run.peak_mb is not None and base.peak_mb is not None:
        growing = base.peak_mb > small_run.peak_mb * 1.15 + 30
        ok = "yes" if base.peak_mb < TARGETS["memory_mb"] and not growing else "NO"
        print(f"peak memory, --jobs 1: {small_run.peak_mb:.0f} MB at {options.small} events, {base.peak_mb:.0f} MB at "
              f"{options.events} events (target < {TARGETS['memory_mb']} MB and not growing): {ok}")
    else:
        print("peak memory: psutil is not installed (it comes with the dask extra); not measured")
    for key in ("jobs2", "dask"):
        if key in runs:
            # On a busy machine wall-clock ratios say more about the other processes than about
            # this tool; CPU time says how much work the parallel run added.
            print(f"{labels[key]}: {runs[key].cpu / base.cpu:.2f}x the CPU time of --jobs 1 "
                  f"(an upper bound of {2 * base.cpu / runs[key].cpu:.2f}x speed-up on 2 idle cores)")
    print(f"re-run said: {runs['rerun'].out.strip().splitlines()[-1]}")
    print(f"the full runs wrote {'the same bytes' if len(identical) == 1 else 'DIFFERENT bytes'} "
          f"({', '.join(full_runs)} compared)")
    print("(one run of each, wall clock, interpreter and worker start-up included; peak memory is the summed RSS "
          "of the run's processes, Dask workers included)")
    if not options.keep:
        shutil.rmtree(work, ignore_errors=True)


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


if __name__ == "__main__":
    main()
