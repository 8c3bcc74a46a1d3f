"""Saved HTML pages to article text, with trafilatura (imported only when a page is HTML)."""
from __future__ import annotations


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Return the main text of a saved page (one block per line) and its title and date."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
    )
    if document is None:
        return "", {}
    metadata = {}
    if getattr(document, "title", None):
        metadata["title"] = str(document.title)
    if getattr(document, "date", None):
        metadata["date"] = str(document.date)[:10]
    return document.text or "", metadata
