"""Boilerplate removal: keep the outlet's reporting, set aside the rest with a reason.

A page pasted from a news site carries menus, section labels, sidebars of other headlines,
share prompts, captions and the like. The cleaner works in three steps over the lines of
the page (hard-wrapped lines are joined first):

1. Rules that are safe on their own remove what a line shows by itself: separator lines,
   the repeated title, wiki and Markdown markup, infoboxes, share and subscribe prompts,
   metadata lines (bylines, dates, reading times), image lines, lines an outlet repeats
   across its articles, and lines pinned in event.yaml or front matter.
2. A line classifier (`boilerplate_model.py`, trained on real news pages) gives every line
   a log-odds of being article text from its own shape and its neighbourhood, and a
   two-state decoder finds the stretch(es) of the page that form the article, so the short
   lines inside an article stay with it and prose-like lines in a sidebar go.
3. Every removed line gets a reason readers can check (`RemovedBlock.reason`), and kept
   short lines that introduce prose become headings (structure, not paragraphs).

Removing article prose is worse than keeping a stray menu line, so the decoder is tuned
for recall, and a page never comes out empty while it has text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from .boilerplate_model import _RELATIVE_TIME, _SENTENCE_END  # one definition of these shapes
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
COMMENTS = "reader comments"
OUTSIDE = "text outside the article body (comments, teasers, other stories)"
SHORT = "short fragment outside the article body"

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.U)
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
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_BULLET_MARK = re.compile(r"^\s*[-*•]\s+")  # stripped from kept text; list numbers stay (they may be dates)
_REPLY = re.compile(r"\b(?:repl(?:y|ies)|comments?|likes?|antworten|répondre|responder|ответить)\b", re.I)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_WIKI_QUOTES = re.compile(r"'''(.+?)'''|''(.+?)''")

# The article's own headings: short lines that introduce prose.
_HEADING_MAX_WORDS = 14


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
    """One line (or hard-wrapped paragraph) of the page while it is being classified."""

    text: str
    line: int
    kind: str = "?"  # "?" (the model decides), "boilerplate", "heading" (markup), "dropped" (emptied)
    reason: str = ""
    heading_text: str = ""
    words: int = 0
    in_article: bool = False
    log_odds: float = 0.0  # the line classifier's log-odds that this is article text


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
        from .htmltext import html_to_text

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
    units = _split_units(text, first_line)
    metadata: dict[str, str] = {}
    removed: list[RemovedBlock] = []
    title_key = _normalise(title) if title else None

    known: dict[str, tuple[str, str, str, int]] = {}
    for unit in units:
        _apply_line_rules(unit, title_key, metadata, removed, markdown, known)
        if pins.drop or template_lines:
            key = _normalise(unit.text)
            if key in pins.drop:
                unit.kind, unit.reason = "boilerplate", PINNED
            elif key in template_lines and unit.kind != "boilerplate":
                unit.kind, unit.reason = "boilerplate", TEMPLATE
    _mark_infoboxes(units)
    _find_article(units, title, extracted)

    for unit in units:
        if pins.keep and unit.kind != "dropped" and _normalise(unit.text) in pins.keep:
            unit.kind = "heading" if unit.kind == "heading" else "?"
            unit.in_article = True
    blocks = _kept_blocks(units)
    if not any(b.kind == "paragraph" for b in blocks):
        blocks = _rescue(units) or blocks
    kept_lines = {b.line for b in blocks}
    _name_reasons(units, kept_lines)
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
            for line in {_normalise(l) for l in _article_text(member).splitlines() if l.strip()}:
                counts[line] = counts.get(line, 0) + 1
        lines = set()
        for line, count in counts.items():
            if count < needed or len(line) >= 300 or _SEPARATOR_LINE.match(line):
                continue
            reads_as_prose = len(_WORD.findall(line)) >= 12 and bool(_SENTENCE_END.search(line))
            if reads_as_prose and count < max(3, needed):
                continue
            lines.add(line)
        if lines:
            templates[outlet] = frozenset(lines)
    return templates


def _article_text(source: Source) -> str:
    """The text the line pass reads: a saved page's extracted article, else the file's body."""
    if source.kind == "html":
        from .htmltext import html_to_text

        return html_to_text(source.text)[0]
    return source.text


# --- units and rules -------------------------------------------------------------------


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
            and stripped[:1].islower()
            and len(previous.text) > 50
            and not _TERMINAL.search(previous.text[-4:])
        ):
            previous.text += " " + stripped.strip()
            continue
        previous = _Unit(stripped, first_line + offset)
        units.append(previous)
    return units


def page_lines(text: str) -> list[str]:
    """The lines of a plain-text page as the line classifier sees them (training, benchmarks)."""
    units = _split_units(text, 1)
    for unit in units:
        _apply_line_rules(unit, None, {}, [], markdown=False)
    return [u.text for u in units if u.kind != "dropped"]


def _apply_line_rules(unit: _Unit, title_key: str | None, metadata: dict[str, str],
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
    if title_key and short and _normalise(text) == title_key:
        return "boilerplate", TITLE, "", n
    if head == "=" and (m := _WIKI_HEADING.match(text)):
        if len(m.group(1)) == 1:
            return "boilerplate", WIKI_TITLE, "", n
        return "heading", "", m.group(2), n
    if markdown and head == "#" and (m := _MD_HEADING.match(text)):
        heading = _strip_markup(m.group(2))
        if title_key and _normalise(heading) == title_key:
            return "boilerplate", TITLE, heading, n
        return "heading", "", heading, n
    if not short:
        return "", "", "", n
    if n <= 4 and _INFOBOX_HEAD.match(text):
        return "boilerplate", INFOBOX, "", n
    if n <= 8 and _RELATIVE_TIME.search(text):
        return "boilerplate", TIMESTAMP, "", n
    if head == "!" and _IMAGE.match(text):
        return "boilerplate", IMAGE, "", n
    if n <= 12 and _PROMPT.match(text):
        return "boilerplate", PROMPT, "", n
    if n <= 40 and _METADATA.match(text) and not (_SENTENCE_END.search(text) and n > 12):
        return "boilerplate", METADATA, "", n
    return "", "", "", n


def _mark_infoboxes(units: list[_Unit]) -> None:
    """Field lines (`- Key: value`) right after an infobox line belong to the infobox."""
    in_box = False
    for unit in units:
        if unit.reason == INFOBOX:
            in_box = True
            continue
        if in_box and _INFOBOX_FIELD.match(unit.text) and not (_SENTENCE_END.search(unit.text) and unit.words > 12):
            unit.kind, unit.reason = "boilerplate", INFOBOX
            continue
        in_box = False


# --- the article -----------------------------------------------------------------------


def _find_article(units: list[_Unit], title: str | None, extracted: bool) -> None:
    """Mark the units the line classifier and decoder place in the article."""
    from . import boilerplate_model as bm

    live = [u for u in units if u.kind != "dropped"]
    if not live:
        return
    model = bm.load_model()
    # markup headings are read as the words a reader sees
    texts = [u.heading_text if u.kind == "heading" and u.heading_text else u.text for u in live]
    stop = bm.page_stopwords("\n".join(texts))
    features, shapes = bm.page_features(texts, stop, title)
    log_odds = model.log_odds(features)
    for i, unit in enumerate(live):
        if unit.kind == "heading":
            log_odds[i] = 0.0  # markup headings are structure: they follow their neighbours
    if extracted:
        # An extractor already chose the article: the model only removes what it is all but
        # sure of (it was trained on whole pages, not on an extractor's output).
        keep = [value > bm.EXTRACTED_DROP_BELOW for value in log_odds]
    else:
        keep = bm.keep_prose_of_clean_pages(bm.decode(log_odds, model.switch_cost, model.bias), shapes)
    for unit, inside, value, words in zip(live, keep, log_odds.tolist(), shapes.words.tolist()):
        unit.in_article = inside
        unit.log_odds = value
        unit.words = int(round(words))


def _kept_blocks(units: list[_Unit]) -> list[Block]:
    """Kept units as blocks: markup headings, short lines that introduce prose, paragraphs."""
    kept = [u for u in units if u.in_article and u.kind in ("?", "heading")]
    blocks: list[Block] = []
    for i, unit in enumerate(kept):
        if unit.kind == "heading":
            blocks.append(Block(unit.heading_text or _strip_markup(unit.text), unit.line, "heading"))
            continue
        following = kept[i + 1] if i + 1 < len(kept) else None
        if following is not None and _is_heading(unit, following):
            blocks.append(Block(_strip_markup(unit.text).lstrip("#").strip(), unit.line, "heading"))
        else:
            blocks.append(Block(_strip_markup(unit.text), unit.line, "paragraph"))
    # Headings with no paragraph after them before the next heading stay paragraphs
    # only if the page has no other prose; a page of headings alone is not an article.
    return blocks


def _is_heading(unit: _Unit, following: _Unit) -> bool:
    """A short line that is not a sentence, list item or table row, followed by a longer
    line that ends a sentence (or introduces something with a colon)."""
    text = unit.text.strip()
    following_text = following.text.rstrip()
    return (
        1 <= unit.words <= _HEADING_MAX_WORDS
        and not text.endswith((".", ",", ";", ":"))
        and not text.startswith("|")
        and not _BULLET.match(text)
        and following.kind == "?"
        and following.words > unit.words
        and (bool(_SENTENCE_END.search(following_text)) or following_text.endswith(":"))
    )


def _rescue(units: list[_Unit]) -> list[Block]:
    """A page whose lines all look like boilerplate still has an article: keep the stretch
    the classifier likes best, so no page with text comes out empty."""
    from . import boilerplate_model as bm

    candidates = [u for u in units if u.kind == "?"]
    if not candidates:
        return []
    values = [u.log_odds for u in candidates]
    best = max(values)
    model = bm.load_model()
    # shift every line so that the best one pays for entering and leaving the article
    lift = 2 * model.switch_cost + 1.0 - best
    keep = bm.decode([v + lift for v in values], model.switch_cost, 0.0)
    for unit, inside in zip(candidates, keep):
        unit.in_article = inside
    return [b for b in _kept_blocks(units)]


def _name_reasons(units: list[_Unit], kept_lines: set[int]) -> None:
    """Give every removed unit the reason a reader can check, from its shape and its run."""
    runs: list[list[_Unit]] = []  # runs of consecutive removed units
    previous_removed = False
    for unit in units:
        if unit.kind == "dropped":
            continue
        removed = unit.line not in kept_lines
        if removed:
            if previous_removed:
                runs[-1].append(unit)
            else:
                runs.append([unit])
        previous_removed = removed
    for run in runs:
        markers = sum(1 for u in run if u.reason in (TIMESTAMP, SEPARATOR))
        short_lines = sum(1 for u in run if u.words <= 6)
        comments = markers >= 2 and _reads_like_comments(run)
        for unit in run:
            if unit.reason and not (markers >= 2 and unit.reason in (SEPARATOR, TIMESTAMP)):
                continue
            if markers >= 2:
                # other stories listed with "4 days ago" stamps or lone separators; with
                # replies or sentences between the stamps, readers' comments
                unit.reason = COMMENTS if comments else TIMESTAMP
            elif unit.words >= 10 and _SENTENCE_END.search(unit.text.rstrip()):
                unit.reason = OUTSIDE
            elif short_lines >= 3 and unit.words <= 6:
                unit.reason = MENU
            elif unit.words <= _HEADING_MAX_WORDS:
                unit.reason = LABEL
            else:
                unit.reason = OUTSIDE


def _reads_like_comments(run: list[_Unit]) -> bool:
    """A run of stamped entries is a comment thread when it offers replies or holds sentences."""
    replies = sum(1 for u in run if u.words <= 3 and _REPLY.search(u.text))
    sentences = sum(1 for u in run if u.words >= 6 and _SENTENCE_END.search(u.text.rstrip()))
    return replies >= 1 or sentences >= 2


def _strip_markup(text: str) -> str:
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


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()
