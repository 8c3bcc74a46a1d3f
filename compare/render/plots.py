"""Plots for the reports, with matplotlib: readable labels, one colour per source in every
plot, a colour-blind-safe palette (Okabe & Ito), PNG and SVG, byte-identical on rerun."""
from __future__ import annotations

from pathlib import Path

# Okabe & Ito (2008), safe for the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def source_colours(source_ids: list[str]) -> dict[str, str]:
    return {sid: PALETTE[i % len(PALETTE)] for i, sid in enumerate(sorted(source_ids))}


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "svg.hashsalt": "source-compare",
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.dpi": 100,
    })
    return plt


def _save(fig, out: Path, name: str) -> list[str]:
    # One layout pass, then both files: bbox_inches="tight" would lay the figure out again per file.
    fig.tight_layout()
    fig.savefig(out / f"{name}.png", dpi=130, metadata={"Software": None})
    fig.savefig(out / f"{name}.svg", metadata={"Date": None, "Creator": None})
    import matplotlib.pyplot as plt

    plt.close(fig)
    return [f"{name}.png", f"{name}.svg"]


def write_plots(data: dict, out: Path) -> dict[str, str]:
    """Write every plot of a report; return {plot name: PNG file name}."""
    plt = _pyplot()
    out.mkdir(parents=True, exist_ok=True)
    sources = data["sources"]
    ids = [s["id"] for s in sources]
    names = {s["id"]: s["name"] for s in sources}
    colours = source_colours(ids)
    written: dict[str, str] = {}

    # Source x source similarity heatmap.
    fig, ax = plt.subplots(figsize=(1.2 + 0.9 * len(ids), 0.9 + 0.8 * len(ids)))
    matrix = [[data["similarity"][a][b] for b in ids] for a in ids]
    image = ax.imshow(matrix, cmap="cividis", vmin=0, vmax=1)
    ax.set_xticks(range(len(ids)), [names[i] for i in ids], rotation=30, ha="right")
    ax.set_yticks(range(len(ids)), [names[i] for i in ids])
    for i in range(len(ids)):
        for j in range(len(ids)):
            value = matrix[i][j]
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=9,
                    color="white" if value < 0.6 else "black")
    ax.set_title("How similar the sources are (paragraph alignment)")
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="similarity")
    _save(fig, out, "similarity")
    written["similarity"] = "similarity.png"

    # Coverage matrix: content units reported by more than one source, by source.
    units = [u for u in data["content_units"] if len(u["reported_by"]) > 1] or data["content_units"][:1]
    units = units[:40]
    if units:
        fig, ax = plt.subplots(figsize=(2.5 + 1.0 * len(ids), 1.0 + 0.32 * len(units)))
        for row, unit in enumerate(units):
            for col, sid in enumerate(ids):
                present = sid in unit["reported_by"]
                ax.add_patch(plt.Rectangle((col - 0.4, row - 0.4), 0.8, 0.8,
                                           color=colours[sid] if present else "#EEEEEE"))
        ax.set_xlim(-0.5, len(ids) - 0.5)
        ax.set_ylim(len(units) - 0.5, -0.5)
        ax.set_xticks(range(len(ids)), [names[i] for i in ids], rotation=30, ha="right")
        ax.set_yticks(range(len(units)), [f"U{u['id']}: {_short(u['label'], 48)}" for u in units], fontsize=8)
        ax.set_title("What is reported, and by whom (content units × sources)")
        ax.spines[:].set_visible(False)
        ax.tick_params(length=0)
        _save(fig, out, "coverage")
        written["coverage"] = "coverage.png"

    # Sentiment per source: own voice and quoted speech.
    fig, ax = plt.subplots(figsize=(1.5 + 1.1 * len(ids), 3.4))
    width = 0.38
    for k, sid in enumerate(ids):
        metrics = next(s for s in sources if s["id"] == sid)["metrics"]
        own = metrics.get("own_sentiment") or 0.0
        quoted = metrics.get("quote_sentiment") or 0.0
        ax.bar(k - width / 2, own, width, color=colours[sid], label=None)
        ax.bar(k + width / 2, quoted, width, color=colours[sid], alpha=0.45, hatch="//", edgecolor="white")
    ax.axhline(0, color="#444444", linewidth=0.8)
    ax.set_xticks(range(len(ids)), [names[i] for i in ids], rotation=30, ha="right")
    ax.set_ylabel("VADER compound (−1 … 1)")
    ax.set_title("Sentiment per source: own voice (solid) and quotes (hatched)")
    lim = max(0.3, max(abs(v) for s in sources for v in
                       ((s["metrics"].get("own_sentiment") or 0.0), (s["metrics"].get("quote_sentiment") or 0.0))) * 1.2)
    ax.set_ylim(-lim, lim)
    _save(fig, out, "sentiment")
    written["sentiment"] = "sentiment.png"

    # Sentiment toward each actor, per source.
    actor_names = [a["name"] for a in data["event"].get("actors", [])
                   if any(s["actors"].get(a["name"], {}).get("mentions") for s in sources)]
    if actor_names:
        fig, ax = plt.subplots(figsize=(7.5, 1.0 + 0.55 * len(actor_names)))
        _grouped_bars(ax, actor_names, actor_names, sources, colours, names,
                      lambda s, a: (s["actors"].get(a) or {}).get("sentiment") or 0.0)
        ax.axvline(0, color="#444444", linewidth=0.8)
        ax.set_xlabel("sentiment toward the actor's mentions (−1 … 1)")
        ax.set_title("How each source portrays each actor")
        ax.legend(frameon=False, fontsize=8, loc="best")
        _save(fig, out, "actors")
        written["actors"] = "actors.png"

    # Frame profile per source.
    # sorted by name first: frames with equal totals must not come out in set (hash-seed) order
    frames = sorted(sorted({f for s in sources for f in s["frames"]}), key=lambda f: -sum(s["frames"].get(f, 0) for s in sources))
    if frames:
        fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.42 * len(frames)))
        _grouped_bars(ax, frames, [f.replace("_", " ") for f in frames], sources, colours, names,
                      lambda s, f: s["frames"].get(f, 0.0))
        ax.set_xlabel("share of frame cues")
        ax.set_title("Frame profile per source (Policy Frames Codebook)")
        ax.legend(frameon=False, fontsize=8, loc="lower right")
        _save(fig, out, "frames")
        written["frames"] = "frames.png"
    return written


def _grouped_bars(ax, rows: list[str], labels: list[str], sources: list[dict], colours: dict[str, str],
                  names: dict[str, str], value) -> None:
    """Horizontal bars, one group per row and one bar per source in its colour, first row on top."""
    ids = sorted(s["id"] for s in sources)
    by_id = {s["id"]: s for s in sources}
    height = 0.8 / max(1, len(ids))
    for k, sid in enumerate(ids):
        ax.barh([i + k * height - 0.4 + height / 2 for i in range(len(rows))],
                [value(by_id[sid], row) for row in rows], height, color=colours[sid], label=names[sid])
    ax.set_yticks(range(len(rows)), labels)
    ax.invert_yaxis()


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
