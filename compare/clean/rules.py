"""The rules that are safe on one line, and the page's lines while they are classified.

Step 1 of cleaning (see `compare.clean`): a page is split into units (one per line, with
hard-wrapped paragraphs joined), and each unit is tested against rules that need nothing but
the line itself: separator lines, the repeated title, wiki and Markdown markup, infoboxes,
relative timestamps, image lines, share prompts, metadata lines. Lines pinned in event.yaml
or front matter and lines an outlet repeats across its articles (its template) are found
here too. Each rule that removes a line names its reason (the constants below), which the
reports show to readers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from ..model import RemovedBlock, Source
from ..text import words
from .linemodel import RELATIVE_TIME, SENTENCE_END  # one definition of these shapes

# The reasons a removed line is given (shown in reports).
SEPARATOR = "separator line"
TIMESTAMP = "sidebar headline list"
TITLE = "repeated title"
WIKI_TITLE = "page title (wiki markup)"
INFOBOX = "infobox"
METADATA = "metadata line"
PROMPT = "share, subscribe or site prompt"
LABEL = "section label or headline outside the article body"
MENU = "navigation menu or link list"
PINNED = "dropped by a pin in event.yaml or front matter"
TEMPLATE = "template text repeated across this outlet's articles"
IMAGE = "image or caption"
COMMENTS = "reader comments"
OUTSIDE = "text outside the article body (comments, teasers, other stories)"
SHORT = "short fragment outside the article body"

# A heading is a line; a longer "heading" is text that happens to start with its markup, and
# as the section of every paragraph after it, it would be repeated in reports that many times.
HEADING_MAX_CHARS = 400

_TERMINAL = re.compile(r"[.!?…:;。！？][\"'”’»)\]]*$|[\"”»]$")
_SEPARATOR_LINE = re.compile(r"^[\s\-–—|•·*_=~+#>/\\]*$")
_WIKI_HEADING = re.compile(r"^(=+)\s*(.+?)\s*\1\s*$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_INFOBOX_HEAD = re.compile(r"^\s*(?:\{\{\s*)?infobox\b.*$", re.I)
_INFOBOX_FIELD = re.compile(r"^\s*[-*|]?\s*[A-Za-z][\w ]{0,30}\d*\s*[:=]\s*\S.{0,80}$")
_DATE_PREFIX = re.compile(
    r"^\s*(?:date|published|updated|posted)\s*:?\s*(\d{4}-\d{2}-\d{2}(?:[T ][\d:]+Z?)?)\s*", re.I
)
_METADATA = re.compile(
    r"^\s*(?:by\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})*\s*$"
    r"|(?:published|updated|posted|last updated|first published)\b.{0,60}$"
    r"|(?:photo|image|credit|source|file photo|caption)\s*:.{0,200}$"
    r"|\d{1,2}\s*min(?:ute)?s?\s+read\s*$"
    r"|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+\w+\s+\d{1,2},?\s+\d{4}.{0,20}$"
    r"|\w+\s+\d{1,2},\s+\d{4}(?:\s+\d{1,2}:\d{2}\s*(?:am|pm)?.{0,12})?$"
    r"|\d{4}-\d{2}-\d{2}(?:[T ][\d:]+)?\s*$"
    # a date alone in any language: "12. März 2025, 14:30 Uhr", "3 de março de 2025", "2025年3月12日"
    r"|\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,}\.?,?\s+(?:de\s+)?\d{4}(?:,?\s+(?:à?s?\s*)?\d{1,2}[:.h]\d{2}\s*\w{0,3})?\s*$"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,12}$)",
    re.I,
)
_PROMPT = re.compile(
    r"^\s*(?:share(?:\s+(?:this|on)\b.*)?|tweet|email|print|comments?|subscribe\b.*|sign (?:in|up)\b.*|log ?in|"
    r"advertisement|sponsored|read more\b.*|related\b.*|more stories\b.*|follow us\b.*|"
    r"we use cookies\b.*|.*\baccept (?:all )?cookies\b.*|click here\b.*|"
    r".*\ball rights reserved\b.*|(?:©|copyright)\s.*|skip to (?:main )?content|"
    r"(?:facebook|twitter|whatsapp|linkedin|reddit|pinterest|x)\s*)\s*$",
    re.I,
)
_IMAGE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_BULLET_MARK = re.compile(r"^\s*[-*•]\s+")  # stripped from kept text; list numbers stay (they may be dates)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_WIKI_QUOTES = re.compile(r"'''(.+?)'''|''(.+?)''")


@dataclass(frozen=True, slots=True)
class Pins:
    """Lines a researcher pinned to keep or drop, matched after whitespace is normalised."""

    keep: frozenset[str] = frozenset()
    drop: frozenset[str] = frozenset()

    @classmethod
    def from_config(cls, *configs: Mapping[str, object]) -> "Pins":
        keep: set[str] = set()
        drop: set[str] = set()
        for config in configs:
            section = config.get("clean") if isinstance(config.get("clean"), dict) else {}
            for key, target in (("keep", keep), ("drop", drop)):
                values = section.get(key) or []
                if isinstance(values, str):
                    values = [values]
                target.update(normalise(str(v)) for v in values)
        return cls(frozenset(keep), frozenset(drop))


@dataclass(slots=True)
class LineUnit:
    """One line (or hard-wrapped paragraph) of the page while it is being classified."""

    text: str
    line: int
    kind: str = "?"  # "?" (the model decides), "boilerplate", "heading" (markup), "dropped" (emptied)
    reason: str = ""
    heading_text: str = ""
    words: int = 0
    in_article: bool = False
    log_odds: float = 0.0  # the line classifier's log-odds that this is article text


def outlet_template_lines(sources: Iterable[Source], min_articles: int = 2) -> dict[str, frozenset[str]]:
    """Lines that recur verbatim in several articles of the same outlet are its template.

    Only sources that name their outlet (`source` in front matter) count. A recurring line
    that reads as a sentence of reporting (twelve words or more ending a sentence) is only
    template text when it recurs in three articles or more: two articles of one outlet on
    the same event may well share a paragraph of reporting, and prose must not be lost.
    """
    by_outlet: dict[str, list[Source]] = {}
    for source in sources:
        if source.meta.get("source"):
            by_outlet.setdefault(source.name, []).append(source)
    needed = max(2, min_articles)
    templates: dict[str, frozenset[str]] = {}
    for outlet, members in sorted(by_outlet.items()):
        if len(members) < needed:
            continue
        counts: dict[str, int] = {}
        for member in members:
            for line in {normalise(l) for l in article_text(member).splitlines() if l.strip()}:
                counts[line] = counts.get(line, 0) + 1
        lines = set()
        for line, count in counts.items():
            if count < needed or len(line) >= 300 or _SEPARATOR_LINE.match(line):
                continue
            reads_as_prose = len(words(line)) >= 12 and bool(SENTENCE_END.search(line))
            if reads_as_prose and count < max(3, needed):
                continue
            lines.add(line)
        if lines:
            templates[outlet] = frozenset(lines)
    return templates


def article_text(source: Source) -> str:
    """The text the line pass reads: a saved page's extracted article, else the file's body."""
    if source.kind == "html":
        from .html import html_to_text

        return html_to_text(source.text)[0]
    return source.text


# --- units and the rules safe on one line -------------------------------------------------


def split_units(text: str, first_line: int) -> list[LineUnit]:
    """One unit per line, joining lines that are hard-wrapped parts of one paragraph."""
    units: list[LineUnit] = []
    previous: LineUnit | None = None
    for offset, line in enumerate(text.split("\n")):
        if not line.strip():
            previous = None
            continue
        stripped = line.rstrip()
        if (
            previous is not None
            and stripped[:1].islower()
            and len(previous.text) > 50
            and not _TERMINAL.search(previous.text[-4:])
        ):
            previous.text += " " + stripped.strip()
            continue
        previous = LineUnit(stripped, first_line + offset)
        units.append(previous)
    return units


def page_lines(text: str) -> list[str]:
    """The lines of a plain-text page as the line classifier sees them (training, benchmarks)."""
    units = split_units(text, 1)
    for unit in units:
        apply_line_rules(unit, None, {}, [], markdown=False)
    return [u.text for u in units if u.kind != "dropped"]


def apply_line_rules(unit: LineUnit, title_key: str | None, metadata: dict[str, str],
                      removed: list[RemovedBlock], markdown: bool,
                      known: dict[str, tuple[str, str, str, int]] | None = None) -> None:
    """Rules that are safe on what one line shows by itself (`known` caches them by text)."""
    text = unit.text.strip()
    if text[:1] in "dDpPuU" and (date := _DATE_PREFIX.match(text)):
        metadata.setdefault("date", date.group(1)[:10])
        prefix = text[: date.end()].strip()
        removed.append(RemovedBlock(prefix, f"{METADATA} (kept as metadata: date {date.group(1)[:10]})", unit.line))
        text = text[date.end():].strip()
        unit.text = text
        if not text:
            unit.kind = "dropped"
            return
    verdict = known.get(text) if known is not None else None
    if verdict is None:
        verdict = _line_verdict(text, title_key, markdown)
        if known is not None:
            known[text] = verdict
    kind, unit.reason, unit.heading_text, unit.words = verdict
    if kind:
        unit.kind = kind


def _line_verdict(text: str, title_key: str | None, markdown: bool) -> tuple[str, str, str, int]:
    """(kind, reason, heading text, words) of a line by the safe rules; kind "" means undecided.

    Each pattern only runs on lines where it can match (by first character or length):
    this pass sees every line of a page, and a 5 MB page has a hundred thousand.
    """
    head = text[:1]
    short = len(text) <= 400
    n = len(text.split())  # a cheap count for these gates; the line classifier counts words properly
    if _SEPARATOR_LINE.match(text):
        return "boilerplate", SEPARATOR, "", n
    if title_key and short and normalise(text) == title_key:
        return "boilerplate", TITLE, "", n
    if head == "=" and (m := _WIKI_HEADING.match(text)):
        if len(m.group(1)) == 1:
            return "boilerplate", WIKI_TITLE, "", n
        if len(text) <= HEADING_MAX_CHARS:
            return "heading", "", m.group(2), n
    if markdown and head == "#" and len(text) <= HEADING_MAX_CHARS and (m := _MD_HEADING.match(text)):
        heading = strip_markup(m.group(2))
        if title_key and normalise(heading) == title_key:
            return "boilerplate", TITLE, heading, n
        return "heading", "", heading, n
    if not short:
        return "", "", "", n
    if n <= 4 and _INFOBOX_HEAD.match(text):
        return "boilerplate", INFOBOX, "", n
    if n <= 8 and RELATIVE_TIME.search(text):
        return "boilerplate", TIMESTAMP, "", n
    if head == "!" and _IMAGE.match(text):
        return "boilerplate", IMAGE, "", n
    if n <= 12 and _PROMPT.match(text):
        return "boilerplate", PROMPT, "", n
    if n <= 40 and _METADATA.match(text) and not (SENTENCE_END.search(text) and n > 12):
        return "boilerplate", METADATA, "", n
    return "", "", "", n


def mark_infoboxes(units: list[LineUnit]) -> None:
    """Field lines (`- Key: value`) right after an infobox line belong to the infobox."""
    in_box = False
    for unit in units:
        if unit.reason == INFOBOX:
            in_box = True
            continue
        if in_box and _INFOBOX_FIELD.match(unit.text) and not (SENTENCE_END.search(unit.text) and unit.words > 12):
            unit.kind, unit.reason = "boilerplate", INFOBOX
            continue
        in_box = False


# --- the words a reader sees -----------------------------------------------------------


def strip_markup(text: str) -> str:
    """The words a reader sees: list bullets, Markdown links and emphasis, wiki quotes removed."""
    if text.lstrip()[:1] in "-*•":
        text = _BULLET_MARK.sub("", text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _EMPHASIS.sub(r"\2", text)
    if "''" in text:
        text = _WIKI_QUOTES.sub(lambda m: m.group(1) or m.group(2), text)
    return " ".join(text.split())


def normalise(text: str) -> str:
    return " ".join(text.split()).casefold()
