"""source-compare: how outlets report the same news event, paragraph by paragraph.

The public API is a few functions; everything else may change between versions:

- `load_event(path)` reads an event folder (articles + optional event.yaml) → `Event`
- `clean(source)` removes boilerplate from one source → `CleanText` (kept blocks, removed blocks)
- `align(articles)` aligns paragraphs across sources → `AlignmentResult`
- `analyse(event)` runs every stage → `EventReport`
- `render(report, out_dir)` writes report.json, report.md, report.html and plots
- `check(path)` runs the CI rules on an event folder → list of `Finding`
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "load_event", "clean", "align", "analyse", "render", "check"]


def load_event(path):
    from .corpus import load_event as _load

    return _load(path)


def clean(source, **options):
    from .clean import clean_source

    return clean_source(source, **options)


def align(articles, settings=None):
    from .align import align_articles
    from .settings import Settings

    return align_articles(articles, settings or Settings())


def analyse(event, settings=None):
    from .pipeline import analyse as _analyse
    from .settings import Settings

    return _analyse(event, settings or Settings())


def render(report, out_dir="reports", settings=None):
    from .render import write_report
    from .settings import Settings

    return write_report(report, out_dir, settings or Settings())


def check(path, settings=None):
    from .check import check_event
    from .settings import Settings

    return check_event(path, settings or Settings())
