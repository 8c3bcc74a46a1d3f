"""Digests of every output the CLI writes for the bundled event and the BASIL dev events.

Usage: python bench/same_reports.py [--data DIR] [--save FILE] [--against FILE]

Runs, as a user would, `report` (all formats, `--no-cache`) over the bundled corpus and the
BASIL dev corpus folders, `check --format json` on each event, `score --json` and `clean`
on each seed article and `align` on the first two seed articles, then prints one line per
output: its SHA-256 and its name. `--save FILE` writes the lines to FILE; `--against FILE`
compares them with a saved run and exits 1 when any output differs, naming it. Used to show
that moving code changed no report (take the digests before the move, compare after).
The BASIL data is research-only and read from ../shared/data; without it only the bundled
event is digested.
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "basil-dev" / "corpus"
SEED = REPO / "corpus" / "rwanda-belgium-2025"


def run(*args: str) -> bytes:
    """Run the CLI and return its standard output; exit codes 0 and 1 are findings, not failures."""
    done = subprocess.run([sys.executable, "-m", "compare", *args], capture_output=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"source-compare {' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-400:]}")
    return done.stdout


def digests(data: Path) -> list[str]:
    lines = []

    def add(name: str, content: bytes) -> None:
        lines.append(f"{hashlib.sha256(content).hexdigest()}  {name}")

    events = [SEED] + (sorted(p for p in data.iterdir() if p.is_dir()) if data.is_dir() else [])
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reports"
        for event in events:
            run("report", "--no-cache", "-q", "--out", str(out), str(event))
            add(f"{event.name}/check.json", run("check", "--format", "json", str(event)))
        for path in sorted(out.rglob("*")):
            if path.is_file() and ".source-compare" not in path.parts:
                add(str(path.relative_to(out)), path.read_bytes())
    articles = sorted(SEED.glob("*.txt"))
    for article in articles:
        add(f"score/{article.name}", run("score", "--json", str(article)))
        add(f"clean/{article.name}", run("clean", str(article)))
    add("align/first-two", run("align", str(articles[0]), str(articles[1])))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--against", type=Path)
    options = parser.parse_args()
    if not options.data.is_dir():
        print(f"skipped BASIL: {options.data} not found; digesting the bundled event only")
    lines = digests(options.data)
    print("\n".join(lines))
    if options.save:
        options.save.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if options.against:
        saved = dict(reversed(line.split("  ", 1)) for line in options.against.read_text(encoding="utf-8").splitlines())
        now = dict(reversed(line.split("  ", 1)) for line in lines)
        differing = sorted(name for name in saved.keys() | now.keys() if saved.get(name) != now.get(name))
        print(f"{len(now)} outputs, {len(differing)} differ from {options.against}")
        for name in differing:
            print(f"  differs: {name}")
        sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
