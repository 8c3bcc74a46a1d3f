"""Finding the article among the page's lines, and naming why each removed line went.

Steps 2 and 3 of cleaning (see `compare.clean`): the line classifier (`linemodel`) gives
every unit the rules left undecided a log-odds of being article text, the decoder picks
the stretch(es) that form the article, short kept lines that introduce prose become
headings, a page that would come out empty keeps its best stretch, and every removed unit
gets a reason a reader can check.
"""
from __future__ import annotations

import re

from ..model import Block
from . import linemodel
from .linemodel import SENTENCE_END
from .rules import COMMENTS, HEADING_MAX_CHARS, LABEL, MENU, OUTSIDE, SEPARATOR, TIMESTAMP, LineUnit, strip_markup

_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_REPLY = re.compile(r"\b(?:repl(?:y|ies)|comments?|likes?|antworten|répondre|responder|ответить)\b", re.I)
# The article's own headings: short lines that introduce prose.
HEADING_MAX_WORDS = 14
# A sentence ending in a closing quotation mark (`... can't find him."`) is prose, never a
# heading, however short: the quotation marks close a sentence, not a title.
_QUOTED_SENTENCE_END = re.compile(r"[.!?…][\s\"'”’»)\]]*[\"'”’»][\"'”’»)\]]*\s*$")
# So is a question or exclamation that closes inside a quotation the line opens ('He asked,
# "Why now?'), and a question of a Q&A ("Q: Can I buy coverage right away?").
_OPEN_QUOTE = re.compile(r"(?:^|[\s(\[,:;—–-])[\"“‘']\w")
_QA_LINE = re.compile(r"^[QA]:\s")


def find_article(units: list[LineUnit], title: str | None, extracted: bool) -> None:
    """Mark the units the line classifier and decoder place in the article."""
    live = [u for u in units if u.kind != "dropped"]
    if not live:
        return
    model = linemodel.load_model()
    # markup headings are read as the words a reader sees
    texts = [u.heading_text if u.kind == "heading" and u.heading_text else u.text for u in live]
    stop = linemodel.page_stopwords("\n".join(texts))
    features, shapes = linemodel.page_features(texts, stop, title)
    log_odds = model.log_odds(features)
    for i, unit in enumerate(live):
        if unit.kind == "heading":
            log_odds[i] = 0.0  # markup headings are structure: they follow their neighbours
    if extracted:
        # An extractor already chose the article: the model only removes what it is all but
        # sure of (it was trained on whole pages, not on an extractor's output).
        keep = [value > linemodel.EXTRACTED_DROP_BELOW for value in log_odds]
    else:
        keep = linemodel.keep_prose_of_clean_pages(linemodel.decode(log_odds, model.switch_cost, model.bias), shapes)
    for unit, inside, value, words in zip(live, keep, log_odds.tolist(), shapes.words.tolist()):
        unit.in_article = inside
        unit.log_odds = value
        unit.words = int(round(words))


def kept_blocks(units: list[LineUnit]) -> list[Block]:
    """Kept units as blocks: markup headings, short lines that introduce prose, paragraphs."""
    kept = [u for u in units if u.in_article and u.kind in ("?", "heading")]
    blocks: list[Block] = []
    for i, unit in enumerate(kept):
        if unit.kind == "heading":
            blocks.append(Block(unit.heading_text or strip_markup(unit.text), unit.line, "heading"))
            continue
        following = kept[i + 1] if i + 1 < len(kept) else None
        if following is not None and _is_heading(unit, following):
            blocks.append(Block(strip_markup(unit.text).lstrip("#").strip(), unit.line, "heading"))
        else:
            blocks.append(Block(strip_markup(unit.text), unit.line, "paragraph"))
    # Headings with no paragraph after them before the next heading stay paragraphs
    # only if the page has no other prose; a page of headings alone is not an article.
    return blocks


def _is_heading(unit: LineUnit, following: LineUnit) -> bool:
    """A short line that is not a sentence, list item or table row, followed by a longer
    line that ends a sentence (or introduces something with a colon)."""
    text = unit.text.strip()
    following_text = following.text.rstrip()
    return (
        1 <= unit.words <= HEADING_MAX_WORDS
        and len(text) <= HEADING_MAX_CHARS
        and not text.endswith((".", ",", ";", ":"))
        and not _is_prose(text)
        and not text.startswith("|")
        and not _BULLET.match(text)
        and following.kind == "?"
        and following.words > unit.words
        and (bool(SENTENCE_END.search(following_text)) or following_text.endswith(":"))
    )


def _is_prose(text: str) -> bool:
    """A line that reads as a sentence however short: it ends in a closing quotation mark
    after `.`, `!` or `?`, ends a question or exclamation inside a quotation it opens, or is
    a Q&A line."""
    if _QUOTED_SENTENCE_END.search(text) or _QA_LINE.match(text):
        return True
    return text.endswith(("?", "!")) and bool(_OPEN_QUOTE.search(text)) and not re.search(r"\w[\"”’'](?!\w)", text)


def rescue(units: list[LineUnit]) -> list[Block]:
    """A page whose lines all look like boilerplate still has an article: keep the stretch
    the classifier likes best, so no page with text comes out empty."""
    candidates = [u for u in units if u.kind == "?"]
    if not candidates:
        return []
    values = [u.log_odds for u in candidates]
    best = max(values)
    model = linemodel.load_model()
    # shift every line so that the best one pays for entering and leaving the article
    lift = 2 * model.switch_cost + 1.0 - best
    keep = linemodel.decode([v + lift for v in values], model.switch_cost, 0.0)
    for unit, inside in zip(candidates, keep):
        unit.in_article = inside
    return [b for b in kept_blocks(units)]


def name_reasons(units: list[LineUnit], kept_lines: set[int]) -> None:
    """Give every removed unit the reason a reader can check, from its shape and its run."""
    runs: list[list[LineUnit]] = []  # runs of consecutive removed units
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
            elif unit.words >= 10 and SENTENCE_END.search(unit.text.rstrip()):
                unit.reason = OUTSIDE
            elif short_lines >= 3 and unit.words <= 6:
                unit.reason = MENU
            elif unit.words <= HEADING_MAX_WORDS:
                unit.reason = LABEL
            else:
                unit.reason = OUTSIDE


def _reads_like_comments(run: list[LineUnit]) -> bool:
    """A run of stamped entries is a comment thread when it offers replies or holds sentences."""
    replies = sum(1 for u in run if u.words <= 3 and _REPLY.search(u.text))
    sentences = sum(1 for u in run if u.words >= 6 and SENTENCE_END.search(u.text.rstrip()))
    return replies >= 1 or sentences >= 2
