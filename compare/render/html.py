"""report.html: one self-contained page (styles inline, plots embedded, no network)."""
from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from .common import SIDE_BY_SIDE, environment, page_layout
from .plots import source_colours

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\W+|_", re.U)


def render_html(data: dict, plot_dir: Path | None, plots: dict[str, str]) -> str:
    colours = source_colours([s["id"] for s in data["sources"]])
    plot_uris = {}
    for name, file in plots.items():
        if plot_dir is not None and (plot_dir / file).is_file():
            encoded = base64.b64encode((plot_dir / file).read_bytes()).decode("ascii")
            plot_uris[name] = f"data:image/png;base64,{encoded}"
    return environment().get_template("report.html.j2").render(
        report=data, layout=page_layout(data), colours=colours, plot_uris=plot_uris,
        pair_views=pair_views(data), unit_paragraphs=unit_paragraphs(data))


def pair_views(data: dict) -> list[dict]:
    """The first SIDE_BY_SIDE compared pairs, in report order, with their texts as HTML (the
    words only one side uses marked)."""
    pairs = data["compared_pairs"][:SIDE_BY_SIDE]
    text = {(s["id"], p["index"]): p["text"] for s in data["sources"] for p in s["paragraphs"]}
    views = []
    for pair in pairs:
        a, b = pair["a"], pair["b"]
        views.append({
            **pair,
            "a_html": _highlight(text[(a["source"], a["paragraph"])], pair["differing"]["a"]),
            "b_html": _highlight(text[(b["source"], b["paragraph"])], pair["differing"]["b"]),
        })
    return views


def unit_paragraphs(data: dict) -> dict[int, list[tuple[str, int]]]:
    """Per content unit, the (source, paragraph) that report it, in report order: the links a
    page gives for a unit a source omits."""
    return {u["id"]: [(sid, i) for sid, ps in u["reported_by"].items() for i in ps] for u in data["content_units"]}


def _highlight(text: str, words: list[str]) -> str:
    marked = {w.lower() for w in words}
    out = []
    for token in _TOKEN.findall(text):
        escaped = html.escape(token)
        out.append(f'<mark class="diff">{escaped}</mark>' if token.lower() in marked else escaped)
    return "".join(out)
