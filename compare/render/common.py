"""What the Markdown and HTML renderers share: the Jinja environment and its filters."""
from __future__ import annotations

from functools import lru_cache


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
    env.filters["mdcell"] = lambda s: str(s).replace("|", "\\|").replace("\n", " ")
    env.filters["label"] = lambda s: str(s).replace("_", " ")
    env.tests["multi"] = lambda sequence: len(sequence) > 1
    return env


def _num(value, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _signed(value, digits: int = 2) -> str:
    return "–" if value is None else f"{value:+.{digits}f}"


def _pct(value) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
