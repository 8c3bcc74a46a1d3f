"""report.html: one self-contained page (styles inline, plots embedded, no network)."""
from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from .common import environment
from .plots import source_colours

MAX_PAIRS = 60
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\W+|_", re.U)


def render_html(data: dict, plot_dir: Path | None, plots: dict[str, str]) -> str:
    colours = source_colours([s["id"] for s in data["sources"]])
    plot_uris = {}
    for name, file in plots.items():
        if plot_dir is not None and (plot_dir / file).is_file():
            encoded = base64.b64encode((plot_dir / file).read_bytes()).decode("ascii")
            plot_uris[name] = f"data:image/png;base64,{encoded}"
    text = {(s["id"], p["index"]): p["text"] for s in data["sources"] for p in s["paragraphs"]}
    views = []
    ordered = sorted(data["alignments"], key=lambda a: (-a["score"], a["a"]["source"], a["a"]["paragraph"],
                                                        a["b"]["source"], a["b"]["paragraph"]))
    for al in ordered[:MAX_PAIRS]:
        differing = al.get("differing") or {"a": [], "b": []}
        views.append({
            **al,
            "a_html": _highlight(text[(al["a"]["source"], al["a"]["paragraph"])], differing["a"]),
            "b_html": _highlight(text[(al["b"]["source"], al["b"]["paragraph"])], differing["b"]),
        })
    return environment().get_template("report.html.j2").render(
        report=data, colours=colours, plot_uris=plot_uris, alignment_views=views)


def _highlight(text: str, words: list[str]) -> str:
    marked = {w.lower() for w in words}
    out = []
    for token in _TOKEN.findall(text):
        escaped = html.escape(token)
        out.append(f'<mark class="diff">{escaped}</mark>' if token.lower() in marked else escaped)
    return "".join(out)
