"""Boilerplate removal: keep the outlet's reporting, set aside the rest with a reason.

A page pasted from a news site carries menus, section labels, sidebars of other headlines,
share prompts and the like. Each line (or wrapped block) is classified from what the text
itself shows: its length and punctuation, stop-word density, the shapes of menus and
headline lists, wiki markup, metadata and its position on the page. Removing article prose
is worse than keeping a stray menu line, so anything prose-like is kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from .model import Block, CleanText, RemovedBlock, Source

# Reasons, as they appear in reports.
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
SHORT = "short fragment outside the article body"

_STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over
own same she should so some such than that the their theirs them themselves then there these
they this those through to too under until up very was we were what when where which while who
whom why will with would you your yours yourself yourselves also said says has since while
""".split())

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.U)
_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$|[\"”»]$")
_SEPARATOR_LINE = re.compile(r"^[\s\-–—|•·*_=~+#>/\\]*$")
_RELATIVE_TIME = re.compile(
    r"\b\d+\s*(?:sec|second|min|minute|hr|hour|day|week|month|year)s?\s+ago\b|\b(?:just now|yesterday)\b",
    re.I,
)
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
    r"|\d{4}-\d{2}-\d{2}(?:[T ][\d:]+)?\s*$)",
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
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


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
                target.update(_normalise(str(v)) for v in values)
        return cls(frozenset(keep), frozenset(drop))


@dataclass(slots=True)
class _Unit:
    text: str
    line: int
    kind: str = "?"  # prose, heading, boilerplate
    reason: str = ""
    heading_text: str = ""
    features: dict = field(default_factory=dict)


def clean_source(
    source: Source,
    *,
    pins: Pins = Pins(),
    template_lines: frozenset[str] = frozenset(),
) -> CleanText:
    """Clean one source: HTML is extracted first, then every page goes through the text pass."""
    pins = Pins(pins.keep | Pins.from_config(source.meta).keep, pins.drop | Pins.from_config(source.meta).drop)
    if source.kind == "html":
        from .htmltext import html_to_text

        text, metadata = html_to_text(source.text)
        result = clean_text(text, title=source.title or metadata.get("title"), pins=pins,
                            template_lines=template_lines, markdown=False)
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
) -> CleanText:
    """Return the kept paragraphs and headings of a plain-text page, and what was removed."""
    units = _split_units(text, first_line)
    metadata: dict[str, str] = {}
    removed: list[RemovedBlock] = []
    title_key = _normalise(title) if title else None

    # Pass 1: what a single line shows on its own.
    for unit in units:
        _classify_alone(unit, title_key, metadata, removed, markdown)
        key = _normalise(unit.text)
        if key in pins.drop:
            unit.kind, unit.reason = "boilerplate", PINNED
        elif key in template_lines and unit.kind != "boilerplate":
            unit.kind, unit.reason = "boilerplate", TEMPLATE

    # Pass 2: what the neighbours show.
    _mark_headline_lists(units)
    _mark_menus_and_headings(units)
    _mark_infoboxes(units)

    blocks: list[Block] = []
    for unit in units:
        if _normalise(unit.text) in pins.keep:
            unit.kind = "prose" if unit.kind != "heading" else "heading"
        if unit.kind == "prose":
            blocks.append(Block(_strip_markup(unit.text), unit.line, "paragraph"))
        elif unit.kind == "heading":
            blocks.append(Block(unit.heading_text or _strip_markup(unit.text), unit.line, "heading"))
        else:
            removed.append(RemovedBlock(unit.text.strip(), unit.reason or SHORT, unit.line))
    if not any(b.kind == "paragraph" for b in blocks):
        blocks, removed = _rescue_longest(units, blocks, removed)
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


def outlet_template_lines(sources: Iterable[Source], min_articles: int = 2) -> dict[str, frozenset[str]]:
    """Lines that recur verbatim in several articles of the same outlet are its template."""
    by_outlet: dict[str, list[Source]] = {}
    for source in sources:
        if source.meta.get("source"):
            by_outlet.setdefault(source.name, []).append(source)
    templates: dict[str, frozenset[str]] = {}
    for outlet, members in by_outlet.items():
        if len(members) < max(2, min_articles):
            continue
        counts: dict[str, int] = {}
        for member in members:
            for line in {_normalise(l) for l in member.text.splitlines() if l.strip()}:
                counts[line] = counts.get(line, 0) + 1
        lines = {l for l, n in counts.items() if n >= max(2, min_articles) and len(l) < 300}
        if lines:
            templates[outlet] = frozenset(lines)
    return templates


# --- units -----------------------------------------------------------------------------


def _split_units(text: str, first_line: int) -> list[_Unit]:
    """One unit per line, joining lines that are hard-wrapped parts of one paragraph."""
    units: list[_Unit] = []
    previous: _Unit | None = None
    for offset, line in enumerate(text.split("\n")):
        if not line.strip():
            previous = None
            continue
        stripped = line.rstrip()
        if (
            previous is not None
            and not _TERMINAL.search(previous.text)
            and stripped[:1].islower()
            and len(previous.text) > 50
        ):
            previous.text += " " + stripped.strip()
            continue
        previous = _Unit(stripped, first_line + offset)
        units.append(previous)
    return units


def _classify_alone(unit: _Unit, title_key: str | None, metadata: dict[str, str],
                    removed: list[RemovedBlock], markdown: bool) -> None:
    text = unit.text.strip()
    date = _DATE_PREFIX.match(text)
    if date:
        metadata.setdefault("date", date.group(1)[:10])
        prefix = text[: date.end()].strip()
        removed.append(RemovedBlock(prefix, f"{METADATA} (kept as metadata: date {date.group(1)[:10]})", unit.line))
        text = text[date.end():].strip()
        unit.text = text
        if not text:
            unit.kind, unit.reason = "dropped", ""
            return
    words = _WORD.findall(text)
    n = len(words)
    stop = sum(1 for w in words if w.lower() in _STOPWORDS)
    unit.features = {
        "words": n,
        "stop": stop / n if n else 0.0,
        "terminal": bool(_TERMINAL.search(text)),
        "bullet": bool(_BULLET.match(text)),
    }
    if _SEPARATOR_LINE.match(text):
        unit.kind, unit.reason = "boilerplate", SEPARATOR
    elif title_key and _normalise(text) == title_key:
        unit.kind, unit.reason = "boilerplate", TITLE
    elif (m := _WIKI_HEADING.match(text)):
        if len(m.group(1)) == 1:
            unit.kind, unit.reason = "boilerplate", WIKI_TITLE
        else:
            unit.kind, unit.heading_text = "heading", m.group(2)
    elif markdown and (m := _MD_HEADING.match(text)):
        unit.kind, unit.heading_text = "heading", _strip_markup(m.group(2))
        if title_key and _normalise(unit.heading_text) == title_key:
            unit.kind, unit.reason = "boilerplate", TITLE
    elif _INFOBOX_HEAD.match(text) and n <= 4:
        unit.kind, unit.reason = "boilerplate", INFOBOX
    elif _RELATIVE_TIME.search(text) and n <= 8:
        unit.kind, unit.reason = "boilerplate", TIMESTAMP
    elif _IMAGE.match(text):
        unit.kind, unit.reason = "boilerplate", IMAGE
    elif _PROMPT.match(text) and n <= 12:
        unit.kind, unit.reason = "boilerplate", PROMPT
    elif _METADATA.match(text) and not (unit.features["terminal"] and n > 12):
        unit.kind, unit.reason = "boilerplate", METADATA
    elif _is_prose(unit):
        unit.kind = "prose"


def _is_prose(unit: _Unit) -> bool:
    f = unit.features
    if f["words"] >= 8 and f["terminal"] and f["stop"] >= 0.15:
        return True
    if f["words"] >= 20 and f["stop"] >= 0.25:
        return True
    return f["bullet"] and f["words"] >= 5 and f["terminal"]


def _mark_headline_lists(units: list[_Unit]) -> None:
    """A run of non-prose lines with timestamps or lone separators is a list of other stories."""
    run: list[_Unit] = []
    for unit in [*units, None]:
        if unit is not None and unit.kind != "prose" and unit.kind != "heading":
            run.append(unit)
            continue
        markers = sum(1 for u in run if u.reason in (TIMESTAMP, SEPARATOR))
        if markers >= 2:
            for u in run:
                if u.kind != "dropped":
                    u.kind, u.reason = "boilerplate", TIMESTAMP
        run = []


def _mark_menus_and_headings(units: list[_Unit]) -> None:
    """Undecided short lines: a heading when prose follows it, else a menu item or label."""
    undecided = [i for i, u in enumerate(units) if u.kind == "?"]
    for i in undecided:
        unit = units[i]
        following = next((u for u in units[i + 1:] if u.kind != "dropped"), None)
        prose_follows = following is not None and following.kind == "prose"
        words = unit.features.get("words", 0)
        looks_heading = 1 <= words <= 14 and not unit.text.rstrip().endswith((".", ","))
        if prose_follows and looks_heading:
            unit.kind, unit.heading_text = "heading", _strip_markup(unit.text).lstrip("#").strip()
            continue
        run = _run_length(units, i)
        unit.kind = "boilerplate"
        unit.reason = MENU if run >= 3 and words <= 6 else (LABEL if words <= 14 else SHORT)
    # A heading with no prose before or after it in the page is a label, not structure.
    if not any(u.kind == "prose" for u in units):
        for unit in units:
            if unit.kind == "heading":
                unit.kind, unit.reason = "boilerplate", LABEL


def _mark_infoboxes(units: list[_Unit]) -> None:
    """Field lines (`- Key: value`) right after an infobox line belong to the infobox."""
    in_box = False
    for unit in units:
        if unit.reason == INFOBOX:
            in_box = True
            continue
        if in_box and _INFOBOX_FIELD.match(unit.text) and not (unit.features.get("terminal") and unit.features.get("words", 0) > 12):
            unit.kind, unit.reason = "boilerplate", INFOBOX
            continue
        in_box = False


def _run_length(units: list[_Unit], i: int) -> int:
    """Length of the run of short non-prose lines around units[i]."""
    def short(u: _Unit) -> bool:
        return u.kind not in ("prose", "heading") and u.features.get("words", 0) <= 6

    start = i
    while start > 0 and short(units[start - 1]):
        start -= 1
    end = i
    while end + 1 < len(units) and short(units[end + 1]):
        end += 1
    return end - start + 1


def _rescue_longest(units: list[_Unit], blocks: list[Block], removed: list[RemovedBlock]):
    """A page whose lines all look like boilerplate still has an article: keep its longest lines."""
    candidates = [u for u in units if u.kind not in ("dropped",) and u.reason not in (PINNED, SEPARATOR, TITLE)]
    if not candidates:
        return blocks, removed
    longest = max(len(u.text) for u in candidates)
    keep = {id(u) for u in candidates if len(u.text) >= max(40, longest * 0.5)}
    kept_lines = {u.line for u in candidates if id(u) in keep}
    blocks = sorted([*blocks, *(Block(_strip_markup(u.text), u.line) for u in candidates if id(u) in keep)],
                    key=lambda b: b.line)
    removed = [r for r in removed if r.line not in kept_lines or r.reason.startswith(METADATA)]
    return blocks, removed


def _strip_markup(text: str) -> str:
    text = _BULLET.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"'''(.+?)'''|''(.+?)''", lambda m: m.group(1) or m.group(2), text)
    return re.sub(r"\s+", " ", text).strip()


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()
