"""Saved HTML pages to article text, with trafilatura (imported only when a page is HTML).

trafilatura finds the article in the page's structure (which text-only cleaning cannot
see); the text pass of `compare.clean` then runs on its output like on any other page. On the
extraction benchmark's DEV pages (bench/boilerplate.py) trafilatura with tables and without
comments scores F1 0.962, without tables 0.953: tables in an article are usually part of
the reporting (results, figures), so they are kept.
"""
from __future__ import annotations

from functools import lru_cache
from html.parser import HTMLParser


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
    metadata = {}
    if document is not None and getattr(document, "title", None):
        metadata["title"] = str(document.title)
    if document is not None and getattr(document, "date", None):
        metadata["date"] = str(document.date)[:10]
    text = document.text if document is not None and document.text else ""
    if not text.strip():
        # lxml gives up on pages nested deeper than libxml2's limit (about 255 elements) and
        # trafilatura then finds nothing: read the page's text flat instead of losing it
        text = flat_text(html)
    return text, metadata


class _FlatText(HTMLParser):
    """The text of a page, one block element per line, without scripts, styles or markup."""

    BLOCKS = frozenset("p div br li h1 h2 h3 h4 h5 h6 tr blockquote section article header footer pre td".split())
    HIDDEN = frozenset(("script", "style", "noscript", "template", "head"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.parts.append(data)


def flat_text(html: str) -> str:
    """A page's visible text, a block per line (Python's own HTML parser: no depth limit)."""
    parser = _FlatText()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
