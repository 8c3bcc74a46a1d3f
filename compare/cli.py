"""The command line: argument parsing and exit codes only; each command calls the library.

Exit codes (SPEC): 0 success, 1 `check` found errors, 2 bad usage or unreadable input, with
a one-line message on stderr naming the file and what is wrong.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .version import __version__
from .errors import InputError, UsageError
from .settings import REPORT_FORMATS, Settings

# what an option takes, for the message when it is given a folder
LEXICON_TAKES = "--lexicon takes a frame lexicon file (YAML)"
FRAME_MODEL_TAKES = "--frame-model takes a model file written by `train-frames`"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="source-compare")
def cli() -> None:
    """Compare how outlets report the same news event."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(path_type=Path),
              help="Folder the reports are written to, one sub-folder per event.")
@click.option("--format", "formats", default=",".join(REPORT_FORMATS), show_default=True,
              help="Comma-separated report formats: json, md, html.")
@click.option("--jobs", default=1, show_default=True, type=int,
              help="Events analysed in parallel on local processes (joblib).")
@click.option("--scheduler", envvar="SOURCE_COMPARE_SCHEDULER", metavar="tcp://HOST:PORT",
              help="Run the events as tasks on this Dask cluster (pip install 'source-compare[dask]'); "
                   "default: $SOURCE_COMPARE_SCHEDULER.")
@click.option("--no-cache", is_flag=True,
              help="Analyse every event again, even those whose inputs, settings and tool are unchanged.")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 when the reports under --out differ from what the corpus produces.")
@click.option("--lexicon", type=click.Path(path_type=Path), help="A frame lexicon that extends the bundled one.")
@click.option("--lexicon-replace", is_flag=True, help="Use --lexicon instead of the bundled lexicon.")
@click.option("--frame-model", type=click.Path(path_type=Path), metavar="MODEL",
              help="A frame classifier written by `train-frames`, used instead of the lexicon.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def report(paths: tuple[Path, ...], out_dir: Path, formats: str, jobs: int, scheduler: str | None, no_cache: bool,
           check_only: bool, lexicon: Path | None, lexicon_replace: bool, frame_model: Path | None,
           quiet: bool) -> None:
    """Write divergence reports for event folders (or folders of events).

    Unchanged events are taken from the cache in DIR/.source-compare/cache.sqlite, which
    also holds the results as tables (see `export`).
    """
    from .progress import progress_for
    from .runner import RunOptions, run_reports

    settings = Settings(formats=_parse_formats(formats), lexicon=_existing(lexicon, LEXICON_TAKES),
                        lexicon_replaces=lexicon_replace, frame_model=_existing(frame_model, FRAME_MODEL_TAKES))
    if jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {jobs}")
    options = RunOptions(jobs=jobs, scheduler=scheduler or None, use_cache=not no_cache, check_only=check_only)
    result = run_reports(list(paths), out_dir, settings, options, progress_for(quiet))
    if check_only:
        for path, problem in result.stale:
            click.echo(f"{path}: {'missing' if problem == 'missing' else 'stale (differs from what the corpus produces)'}")
        if result.stale and not result.failed:
            click.echo(f"{len(result.stale)} report file{'s' * (len(result.stale) != 1)} out of date; "
                       f"run `source-compare report {' '.join(str(p) for p in paths)} --out {out_dir}` to update",
                       err=True)
    if result.failed:
        sys.exit(2)
    if result.stale:
        sys.exit(1)


@cli.command()
@click.argument("source", default="reports", required=False, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder the CSV files are written to, one per table.")
@click.option("--table", "tables", multiple=True, metavar="NAME",
              help="Export only this table (repeatable); default: every table. aligned_pairs (every aligned "
                   "pair of paragraphs, listed or implied by a content unit) is exported only when named.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def export(source: Path, out_dir: Path, tables: tuple[str, ...], quiet: bool) -> None:
    """Export the results tables of a report folder (SOURCE, default reports/) to CSV (every
    table unless --table names some; the view aligned_pairs, every aligned pair, only when named)."""
    from .store import TABLE_NAMES, export_csv

    for path, rows in export_csv(source, out_dir, tables or TABLE_NAMES):
        if not quiet:
            click.echo(f"{path}: {rows} row{'s' * (rows != 1)}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output", default="text", show_default=True,
              help="Output: text, json, github (annotations on a pull request) or junit (XML).")
@click.option("--changed-since", "since", metavar="REV",
              help="Check only the sources added or modified since git revision REV (still compared "
                   "with every source of their event).")
def check(paths: tuple[Path, ...], output: str, since: str | None) -> None:
    """Check the sources of event folders, folders of events, or single article files;
    exit 1 when any error is found."""
    from .check import check_paths
    from .render.findings import FORMATS, render_findings

    if output not in FORMATS:
        raise UsageError(f"unknown --format {output!r}; choose one of {', '.join(FORMATS)}")
    changed = None
    if since is not None:
        from .check.gitchanges import changed_files

        changed = changed_files(list(paths), since)
    result = check_paths(paths, changed)
    click.echo(render_findings(result, output), nl=False)
    if not result.passed:
        sys.exit(1)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print paragraphs and removed blocks as JSON.")
def clean(file: Path, as_json: bool) -> None:
    """Print an article with its boilerplate removed."""
    from .api import clean_file

    cleaned, source = clean_file(_existing(file, "`clean` takes one article file"))
    if as_json:
        click.echo(json.dumps({
            "source": source.id,
            "paragraphs": [b.text for b in cleaned.paragraphs],
            "removed": [{"text": r.text, "reason": r.reason, "line": r.line} for r in cleaned.removed],
            "headings": [{"text": b.text, "line": b.line} for b in cleaned.blocks if b.kind == "heading"],
            "metadata": dict(sorted(cleaned.metadata.items())),
        }, ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(b.text for b in cleaned.blocks))


@cli.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--actor", "actor_specs", multiple=True, metavar="NAME=FORM,FORM",
              help="An actor and the words that name it (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--jsonl", "jsonl", type=click.Path(path_type=Path), metavar="FILE",
              help="Score many texts: one JSON object per line ('-' reads stdin).")
@click.option("--lexicon", type=click.Path(path_type=Path), help="A frame lexicon that extends the bundled one.")
@click.option("--lexicon-replace", is_flag=True, help="Use --lexicon instead of the bundled lexicon.")
@click.option("--frame-model", type=click.Path(path_type=Path), metavar="MODEL",
              help="A frame classifier written by `train-frames`, used instead of the lexicon.")
def score(file: Path | None, actor_specs: tuple[str, ...], as_json: bool, jsonl: Path | None,
          lexicon: Path | None, lexicon_replace: bool, frame_model: Path | None) -> None:
    """Score one article (sentiment, frames, actors) without comparing it.

    Sentiment toward an actor is the target-aware model's reading: exactly 0.0 when it reads
    the sentence as neutral toward the actor, otherwise negative or positive with magnitude
    at least 0.1 (averaged over the sentences that name the actor).
    """
    from .api import parse_actor_specs, score_file, score_jsonl

    settings = Settings(lexicon=_existing(lexicon, LEXICON_TAKES), lexicon_replaces=lexicon_replace,
                        frame_model=_existing(frame_model, FRAME_MODEL_TAKES))
    if jsonl is not None:
        if file is not None:
            raise UsageError("give either FILE or --jsonl FILE, not both")
        stream = sys.stdin if str(jsonl) == "-" else _open_text(_existing(jsonl, "--jsonl takes a file of JSON lines"))
        for line in score_jsonl(stream, jsonl, settings):
            click.echo(json.dumps(line, ensure_ascii=False))
        return
    if file is None:
        raise UsageError("score needs a FILE (or --jsonl FILE)")
    result = score_file(_existing(file, "`score` takes one article file"), parse_actor_specs(actor_specs), settings)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(f"sentiment {result['sentiment']:+.3f}")
        frames = sorted(result["frames"].items(), key=lambda kv: -kv[1])[:5]
        click.echo("frames    " + (", ".join(f"{k.replace('_', ' ')} {v:.0%}" for k, v in frames) or "none"))
        for name, a in result["actors"].items():
            value = "–" if a["sentiment"] is None else f"{a['sentiment']:+.3f}"
            click.echo(f"actor     {name}: {a['mentions']} mentions, sentiment {value}")


@cli.command("train-frames")
@click.argument("coded", type=click.Path(path_type=Path))
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path), metavar="MODEL",
              help="Where to write the model (JSON), for `report --frame-model MODEL`.")
@click.option("--folds", default=5, show_default=True, type=int, help="Cross-validation folds.")
def train_frames(coded: Path, out_path: Path, folds: int) -> None:
    """Fit a frame classifier on coded paragraphs (a CSV with `text` and `frame` columns)."""
    from .score.trainable import train_frame_model

    if folds < 2:
        raise UsageError(f"--folds must be at least 2, got {folds}")
    _existing(coded, "`train-frames` takes a CSV file of coded paragraphs")
    figures = train_frame_model(coded, out_path, folds)
    frames = ", ".join(f"{f} {n}" for f, n in figures["frames"].items())
    click.echo(f"{figures['paragraphs']} coded paragraphs, {len(figures['frames'])} frames ({frames})")
    click.echo(f"cross-validated accuracy {figures['cv_accuracy']:.3f} ± {figures['cv_accuracy_std']:.3f} "
               f"({figures['folds']}-fold, stratified); majority-frame baseline {figures['majority_baseline']:.3f}")
    click.echo(f"wrote {out_path}")


@cli.command()
@click.argument("file_a", type=click.Path(path_type=Path))
@click.argument("file_b", type=click.Path(path_type=Path))
@click.option("--width", default=100, show_default=True, type=int, help="Characters per line of the side-by-side view.")
def align(file_a: Path, file_b: Path, width: int) -> None:
    """Print two articles side by side: aligned paragraphs, evidence and differing words."""
    from .api import align_files
    from .render.sidebyside import render_side_by_side

    takes = "`align` takes two article files"
    click.echo(render_side_by_side(align_files(_existing(file_a, takes), _existing(file_b, takes)), width), nl=False)


def _parse_formats(value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in formats if f not in REPORT_FORMATS]
    if unknown or not formats:
        raise UsageError(f"unknown --format {', '.join(unknown) or value!r}; choose from {', '.join(REPORT_FORMATS)}")
    return formats


def _existing(path: Path | None, takes: str) -> Path | None:
    """path, unless it is missing or a folder (an InputError saying so, and what `takes` a file).
    Anything else that exists is read as given: a pipe (`<(...)`) is a file to read too."""
    if path is not None and not path.exists():
        raise InputError(path, "no such file")
    if path is not None and path.is_dir():
        raise InputError(path, f"is a folder; {takes}")
    return path


def _open_text(path: Path):
    try:
        return path.open(encoding="utf-8")
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror})") from None


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; turn every expected failure into one line on stderr and exit code 2."""
    try:
        cli.main(args=argv, prog_name="source-compare", standalone_mode=False)
    except InputError as error:
        click.echo(f"source-compare: error: {error}", err=True)
        return 2
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except click.ClickException as error:
        message = error.format_message().replace("\n", " ")
        if isinstance(error, click.UsageError) and error.ctx is not None:
            message += f" (see '{error.ctx.command_path} --help')"
        click.echo(f"source-compare: error: {message}", err=True)
        return 2
    except click.Abort:
        click.echo("source-compare: aborted", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    except Exception as error:  # a bug, not bad input: still one line, and the way to see more
        if os.environ.get("SOURCE_COMPARE_DEBUG"):
            raise
        click.echo(f"source-compare: internal error: {type(error).__name__}: {error} "
                   "(run with SOURCE_COMPARE_DEBUG=1 for the traceback, and please report it)", err=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
