"""Saved HTML pages to article text, with trafilatura (imported only when a page is HTML).

trafilatura finds the article in the page's structure (which text-only cleaning cannot
see); the text pass of `compare.clean` then runs on its output like on any other page. On the
extraction benchmark's DEV pages (bench/boilerplate.py) trafilatura with tables and without
comments scores F1 0.962, without tables 0.953: tables in an article are usually part of
the reporting (results, figures), so they are kept.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=32)
def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Return the main text of a saved page (one block per line) and its title and date.

    An empty text when trafilatura finds no article; the caller decides what that means.
    Cached: an event's saved pages are read once to find an outlet's template lines and
    again to be cleaned. (Callers must not change the returned dict.)
    """
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,  # reader comments are not the outlet's reporting
        include_tables=True,
        deduplicate=False,  # a repeated paragraph is the outlet's choice, not ours to drop
    )
    if document is None:
        return "", {}
    metadata = {}
    if getattr(document, "title", None):
        metadata["title"] = str(document.title)
    if getattr(document, "date", None):
        metadata["date"] = str(document.date)[:10]
    return document.text or "", metadata
