"""source-compare: how outlets report the same news event, paragraph by paragraph.

The public API is a few functions, loaded when first used; everything else may change
between versions:

- `load_event(path)` reads an event folder (articles + optional event.yaml) → `Event`
- `clean_source(source)` removes boilerplate from one source → `CleanText` (kept and removed blocks)
- `align_articles(articles)` aligns paragraphs across sources → `AlignmentResult`
- `analyse(event)` runs every stage → `EventReport`
- `write_report(report, out_dir)` writes report.json, report.md, report.html and plots
- `check_event(path)` runs the CI rules on an event folder → list of `Finding`

Each takes an optional `settings` (`compare.settings.Settings`). The stages themselves are
the subpackages and modules named in README's Architecture section (`compare.clean`,
`compare.align`, `compare.check`, `compare.render`, ...).
"""
from __future__ import annotations

from importlib import import_module

from .version import __version__

# public name -> the module that defines it
_API = {
    "load_event": "corpus",
    "clean_source": "clean",
    "align_articles": "align",
    "analyse": "pipeline",
    "write_report": "render",
    "check_event": "check",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str):
    """Load an API function on first use: `import compare` stays instant, and `check` never
    pays for the aligner's or the scorer's imports."""
    if name in _API:
        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
