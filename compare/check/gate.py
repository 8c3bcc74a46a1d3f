"""The gate itself: which sources to check, the rules run over each event, the result.

A path may be an event folder, a folder of events, an article file (checked against the rest
of its event) or an event.yaml (its whole event). `only` narrows an event to some of its
sources (e.g. what a pull request changed); they are still compared with every source of
their event.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..corpus import EVENT_FILE, display_path, find_events, is_article_file, scan_event
from ..errors import InputError
from ..model import Article, Event, Finding
from ..settings import Settings
from .config import resolve_config
from .membership import copies, profiles
from .rules import Rules


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What a `check` run found, and what it looked at."""

    findings: tuple[Finding, ...]
    checked: tuple[str, ...] = ()  # display paths of the sources checked
    events: tuple[str, ...] = ()  # ids of the events they belong to
    skipped: str = ""  # why nothing was checked, when nothing was

    @property
    def passed(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


def check_paths(paths: Iterable[Path], changed: set[Path] | None = None, settings: Settings = Settings()) -> CheckResult:
    """Check event folders, folders of events, or single article files.

    A file is checked against the rest of its event folder. `changed` (absolute paths, from
    `--changed-since`) narrows each event to the sources in it; a changed event.yaml means
    every source of that event is checked.
    """
    selections: dict[Path, set[Path] | None] = {}
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise InputError(path, "no such file or directory")
        if path.is_file() and path.name == EVENT_FILE:
            selections[path.parent.resolve()] = None  # an event's settings changed: check all of it
            continue
        if path.is_file():
            if not is_article_file(path):
                raise InputError(path, "expected an article (.txt, .md, .html), an event folder or a folder of events")
            chosen = selections.setdefault(path.parent.resolve(), set())
            if chosen is not None:
                chosen.add(path.resolve())
            continue
        for event_dir in find_events([path]):
            selections[event_dir.resolve()] = None  # the whole event
    findings: list[Finding] = []
    checked: list[str] = []
    events: list[str] = []
    for event_dir in sorted(selections):
        only = selections[event_dir]
        if changed is not None:
            event_changed = {p for p in changed if p.parent == event_dir}
            if event_dir / EVENT_FILE in event_changed:
                event_changed = {p for p in event_dir.iterdir() if is_article_file(p)}
            event_changed = {p for p in event_changed if is_article_file(p)}
            only = event_changed if only is None else (only & event_changed)
            if not only:
                continue
        event_findings, event_checked, event_id = check_event_sources(event_dir, only, settings)
        findings.extend(event_findings)
        checked.extend(event_checked)
        events.append(event_id)
    skipped = "" if checked else ("no source was added or modified" if changed is not None else "no sources")
    return CheckResult(tuple(findings), tuple(checked), tuple(events), skipped)


def check_event(path: Path, settings: Settings = Settings()) -> list[Finding]:
    """Run every rule on every source of an event folder (the library's `check`)."""
    findings, _, _ = check_event_sources(Path(path), None, settings)
    return findings


def check_event_sources(path: Path, only: set[Path] | None, settings: Settings) -> tuple[list[Finding], list[str], str]:
    """Findings for the sources of one event (all, or those in `only`), the display paths of
    the sources checked, and the event id."""
    event, problems = scan_event(Path(path))
    if len(event.sources) + len(problems) < 2:
        if only and len(only) == 1:  # one article named on the command line: speak of it
            (file,) = only
            raise InputError(display_path(file), f"is the only article in its event folder {display_path(path)}; "
                                                 "an event needs at least two articles to compare")
        raise InputError(display_path(path), f"only {len(event.sources) + len(problems)} source; "
                                             "an event needs at least two articles to compare")
    config = resolve_config(Path(path), event.config)

    def selected(file: Path) -> bool:
        return only is None or Path(file).resolve() in only

    rules = Rules(event, config, settings)
    for problem in problems:
        if selected(problem.path):
            rules.add_problem(problem)
    for source in event.sources:
        if selected(source.path):
            rules.source_encoding(source)
    articles = prepare_articles(event)
    chosen = [a for a in articles if selected(a.source.path)]
    for article in chosen:
        rules.length(article)
        rules.boilerplate_residue(article)
        rules.metadata(article)
    rules.date_window(articles, chosen)
    rules.language(articles, chosen)
    comparable = [a for a in articles if a.paragraphs]
    if len(comparable) >= 2:
        texts = profiles(comparable)
        pairs = copies(texts, config.duplicate_threshold)
        rules.duplicates(comparable, pairs, {a.id for a in chosen})
        rules.off_topic(comparable, texts, pairs, {a.id for a in chosen})
    checked = sorted({display_path(f) for f in [*(s.path for s in event.sources), *(p.path for p in problems)]
                      if selected(f)})
    return rules.finished(), checked, event.id


def prepare_articles(event: Event) -> list[Article]:
    """Clean and segment every source (the pipeline's own first stages)."""
    from ..pipeline import prepare

    return list(prepare(event))

