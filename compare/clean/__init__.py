"""Boilerplate removal: keep the outlet's reporting, set aside the rest with a reason.

A page pasted from a news site carries menus, section labels, sidebars of other headlines,
share prompts, captions and the like. The cleaner works in three steps over the lines of
the page (hard-wrapped lines are joined first):

1. Rules that are safe on their own (`rules`) remove what a line shows by itself: separator lines,
   the repeated title, wiki and Markdown markup, infoboxes, share and subscribe prompts,
   metadata lines (bylines, dates, reading times), image lines, lines an outlet repeats
   across its articles, and lines pinned in event.yaml or front matter.
2. A line classifier (`linemodel`, trained on real news pages) gives every line
   a log-odds of being article text from its own shape and its neighbourhood, and a
   two-state decoder finds the stretch(es) of the page that form the article, so the short
   lines inside an article stay with it and prose-like lines in a sidebar go.
3. Every removed line gets a reason readers can check (`RemovedBlock.reason`), and kept
   short lines that introduce prose become headings (structure, not paragraphs)
   (`article`).

Saved HTML pages are first reduced to their article's text by an extractor (`html`).

Removing article prose is worse than keeping a stray menu line, so the decoder is tuned
for recall, and a page never comes out empty while it has text.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from ..model import CleanText, RemovedBlock, Source
from .article import find_article, kept_blocks, name_reasons, rescue
from .rules import PINNED, SHORT, TEMPLATE, Pins, apply_line_rules, mark_infoboxes, normalise, outlet_template_lines, page_lines, split_units

__all__ = ["Pins", "clean_event_sources", "clean_source", "clean_text", "outlet_template_lines", "page_lines"]


def clean_source(
    source: Source,
    *,
    pins: Pins = Pins(),
    template_lines: frozenset[str] = frozenset(),
) -> CleanText:
    """Clean one source: HTML is extracted first, then every page goes through the text pass."""
    own = Pins.from_config(source.meta)
    pins = Pins(pins.keep | own.keep, pins.drop | own.drop)
    if source.kind == "html":
        from .html import html_to_text

        text, metadata = html_to_text(source.text)
        result = clean_text(text, title=source.title or metadata.get("title"), pins=pins,
                            template_lines=template_lines, markdown=False, extracted=True)
        return CleanText(result.blocks, result.removed, {**metadata, **result.metadata})
    return clean_text(
        source.text,
        title=source.title,
        first_line=source.body_line,
        pins=pins,
        template_lines=template_lines,
        markdown=source.kind == "markdown",
    )


def clean_text(
    text: str,
    *,
    title: str | None = None,
    first_line: int = 1,
    pins: Pins = Pins(),
    template_lines: frozenset[str] = frozenset(),
    markdown: bool = True,
    extracted: bool = False,
) -> CleanText:
    """Return the kept paragraphs and headings of a plain-text page, and what was removed.

    `extracted` says the text is already an extractor's article (the HTML path): the
    decoder then only trims what is clearly not article, instead of looking for the article
    inside a whole page.
    """
    units = split_units(text, first_line)
    metadata: dict[str, str] = {}
    removed: list[RemovedBlock] = []
    title_key = normalise(title) if title else None

    known: dict[str, tuple[str, str, str, int]] = {}
    for unit in units:
        apply_line_rules(unit, title_key, metadata, removed, markdown, known)
        if pins.drop or template_lines:
            key = normalise(unit.text)
            if key in pins.drop:
                unit.kind, unit.reason = "boilerplate", PINNED
            elif key in template_lines and unit.kind != "boilerplate":
                unit.kind, unit.reason = "boilerplate", TEMPLATE
    mark_infoboxes(units)
    find_article(units, title, extracted)

    for unit in units:
        if pins.keep and unit.kind != "dropped" and normalise(unit.text) in pins.keep:
            unit.kind = "heading" if unit.kind == "heading" else "?"
            unit.in_article = True
    blocks = kept_blocks(units)
    if not any(b.kind == "paragraph" for b in blocks):
        blocks = rescue(units) or blocks
    kept_lines = {b.line for b in blocks}
    name_reasons(units, kept_lines)
    for unit in units:
        if unit.kind != "dropped" and unit.line not in kept_lines:
            removed.append(RemovedBlock(unit.text.strip(), unit.reason or SHORT, unit.line))
    removed.sort(key=lambda r: r.line)
    return CleanText(tuple(blocks), tuple(removed), metadata)


def clean_event_sources(
    sources: Iterable[Source], config: Mapping[str, object]
) -> dict[str, CleanText]:
    """Clean every source of an event, using lines an outlet repeats across its articles."""
    sources = list(sources)
    pins = Pins.from_config(config)
    templates = outlet_template_lines(sources)
    return {
        s.id: clean_source(s, pins=pins, template_lines=templates.get(s.name, frozenset()))
        for s in sources
    }
