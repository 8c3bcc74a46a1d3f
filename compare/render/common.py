"""What the Markdown and HTML renderers share: the Jinja environment and its filters, and the
page layout (which rows, units and links a page shows, and which it collapses).

A small event (at most SMALL_EVENT sources) shows everything. A large one shows the first rows
of each long table and collapses the rest, so that a page of 200 or 1,000 outlets stays
quick to open and to read; the full data is always in report.json.
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from ..text import clip

SMALL_EVENT = 12      # up to this many sources: every row, column and link shown, as in a 4-source report
VISIBLE_ROWS = 20     # rows of a long table (one row per source) shown before the rest collapse
OPEN_SOURCES = 10     # per-source sections shown before the rest collapse
COVERAGE_UNITS = 20   # the most reported content units in the coverage matrix of a large event
SHOWN_CONFLICTS = 20  # conflicts shown before the rest collapse (large event)
SHOWN_CLAIMS = 6      # claims of one conflict shown before the rest collapse (any event)
SHOWN_LINKS = 3       # links to other sources' paragraphs per omitted unit (large event)
SHOWN_SPEAKERS = 6    # speakers per source in the voices table (large event)
SIDE_BY_SIDE = 60     # compared pairs shown side by side (report.html)


def page_layout(data: dict) -> dict:
    """What both pages show of a report: lookups by id, the sources in the order tables list
    them, the coverage units (and, in a large event, the other shared units), and the caps ({name: count}; a small event has no caps but the
    claims of one conflict)."""
    sources = data["sources"]
    by_id = {s["id"]: s for s in sources}
    large = len(sources) > SMALL_EVENT
    everything = max(len(sources), 1)
    if large:
        # Most divergent first: with the rest collapsed, the rows in view are the ones to read.
        listed = [by_id[r["source"]] for r in data["ranking"]]
        shared = sorted(data["content_units"], key=lambda u: (-len(u["reported_by"]), u["id"]))
        shared = [u for u in shared if len(u["reported_by"]) > 1]
        coverage_units, more_units = shared[:COVERAGE_UNITS], shared[COVERAGE_UNITS:]
    else:
        listed = list(sources)
        coverage_units = [u for u in data["content_units"] if len(u["reported_by"]) > 1]
        more_units = []
    return {
        "large": large,
        "names": {s["id"]: s["name"] for s in sources},
        "by_id": by_id,
        "units": {u["id"]: u for u in data["content_units"]},
        "listed": listed,
        "coverage_units": coverage_units,
        "more_units": more_units,  # the other units reported by several sources (large event)
        "caps": {
            "rows": VISIBLE_ROWS if large else everything,
            "sources": OPEN_SOURCES if large else everything,
            "conflicts": SHOWN_CONFLICTS if large else max(len(data["conflicts"]), 1),
            "claims": SHOWN_CLAIMS,
            "links": SHOWN_LINKS if large else None,
            "speakers": SHOWN_SPEAKERS if large else None,
        },
    }


@lru_cache(maxsize=1)
def environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("compare", "render/templates"),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["num"] = _num
    env.filters["pct"] = _pct
    env.filters["short"] = _short
    env.filters["signed"] = _signed
    env.filters["count"] = lambda n: f"{n:,}"
    env.filters["mdcell"] = markdown_text
    env.filters["mdcode"] = markdown_code
    env.filters["label"] = lambda s: str(s).replace("_", " ")
    env.filters["upto"] = lambda sequence, cap: sequence if cap is None else sequence[:cap]
    env.tests["multi"] = lambda sequence: len(sequence) > 1
    env.tests["web_address"] = is_web_address
    return env


# Characters that Markdown (CommonMark, GitHub's tables, strikethrough and math) would read as markup.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")


def markdown_text(value) -> str:
    """A value from an article as Markdown text that renders as itself: on one line, with
    emphasis, links, code, math, table pipes and HTML tags escaped."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def markdown_code(value) -> str:
    """A value as a Markdown code span, whatever backticks it holds."""
    text = " ".join(str(value).split())
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def is_web_address(value) -> bool:
    """True for an http(s) URL with a host: the only addresses a report links to."""
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _num(value, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _signed(value, digits: int = 2) -> str:
    return "–" if value is None else f"{value:+.{digits}f}"


def _pct(value) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _short(text: str, limit: int = 80) -> str:
    return clip(" ".join(str(text).split()), limit)
