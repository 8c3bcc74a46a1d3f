"""Plots for the reports, with matplotlib: readable labels, a colour-blind-safe palette
(Okabe & Ito), PNG and SVG, byte-identical on rerun.

A small event (at most SMALL_EVENT sources) gets one colour per source in every plot, with a
bar or a cell per source. A larger one gets plots of distributions across sources: a
clustered similarity heatmap, the coverage matrix as one image, sentiment as one dot per
source, actors and frames as box plots with a point per source. Their size does not grow
with the number of sources.
"""
from __future__ import annotations

from pathlib import Path

from ..text import clip
from .common import SMALL_EVENT

# Okabe & Ito (2008), safe for the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
ONE_COLOUR = PALETTE[0]      # every source, in the plots of a large event
READABLE_NAMES = 60          # up to this many sources, the similarity heatmap names each one
COVERAGE_PLOT_UNITS = 40     # the most reported content units in the coverage image of a large event
LABELLED_SOURCES = 5         # the most divergent sources named in the sentiment scatter
IMAGE_CELLS = 250            # at most this many cells per side of an image; more sources are binned


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


def _save(fig, out: Path, name: str, tight: bool = True, svg_dpi: int | None = None) -> list[str]:
    # One layout pass, then both files: bbox_inches="tight" would lay the figure out again per file.
    if tight:
        fig.tight_layout()
    fig.savefig(out / f"{name}.png", dpi=130, metadata={"Software": None})
    # svg_dpi sets the resolution of the rasterized parts (point clouds, images) of an SVG.
    fig.savefig(out / f"{name}.svg", metadata={"Date": None, "Creator": None},
                **({"dpi": svg_dpi} if svg_dpi else {}))
    import matplotlib.pyplot as plt

    plt.close(fig)
    return [f"{name}.png", f"{name}.svg"]


def write_plots(data: dict, out: Path) -> dict[str, str]:
    """Write every plot of a report; return {plot name: PNG file name}."""
    plt = _pyplot()
    out.mkdir(parents=True, exist_ok=True)
    large = len(data["sources"]) > SMALL_EVENT
    drawings = (
        ("similarity", _similarity_clustered if large else _similarity_grid),
        ("coverage", _coverage_image if large else _coverage_cells),
        ("sentiment", _sentiment_scatter if large else _sentiment_bars),
        ("actors", _actor_distributions if large else _actor_bars),
        ("frames", _frame_distributions if large else _frame_bars),
    )
    written: dict[str, str] = {}
    for name, draw in drawings:
        fig = draw(plt, data)
        if fig is None:
            continue
        # The clustered heatmap places its own axes (tight_layout cannot lay out its grid); the
        # point clouds of the large plots are rasterized in the SVG, at the PNG's resolution.
        _save(fig, out, name, tight=not (large and name == "similarity"), svg_dpi=130 if large else None)
        written[name] = f"{name}.png"
    return written


# --- small events: a colour, a bar or a cell per source ----------------------------------

def _similarity_grid(plt, data: dict):
    names = {s["id"]: s["name"] for s in data["sources"]}
    ids = data["similarity"]["sources"]
    matrix = data["similarity"]["values"]
    # at least the size for 4 sources: two or three would leave no room for their names
    fig, ax = plt.subplots(figsize=(max(4.8, 1.2 + 0.9 * len(ids)), max(4.1, 0.9 + 0.8 * len(ids))))
    image = ax.imshow(matrix, cmap="cividis", vmin=0, vmax=1)
    ax.set_xticks(range(len(ids)), [_plain(clip(names[i], 32)) for i in ids], rotation=30, ha="right")
    ax.set_yticks(range(len(ids)), [_plain(clip(names[i], 32)) for i in ids])
    for i in range(len(ids)):
        for j in range(len(ids)):
            value = matrix[i][j]
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=9,
                    color="white" if value < 0.6 else "black")
    ax.set_title("How similar the sources are (paragraph alignment)")
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="similarity")
    return fig


def _coverage_cells(plt, data: dict):
    """Content units reported by more than one source, by source: a patch per cell."""
    ids = [s["id"] for s in data["sources"]]
    names = {s["id"]: s["name"] for s in data["sources"]}
    colours = source_colours(ids)
    units = [u for u in data["content_units"] if len(u["reported_by"]) > 1] or data["content_units"][:1]
    units = units[:40]
    if not units:
        return None
    fig, ax = plt.subplots(figsize=(max(5.5, 2.5 + 1.0 * len(ids)), max(3.0, 1.0 + 0.32 * len(units))))
    for row, unit in enumerate(units):
        for col, sid in enumerate(ids):
            present = sid in unit["reported_by"]
            ax.add_patch(plt.Rectangle((col - 0.4, row - 0.4), 0.8, 0.8,
                                       color=colours[sid] if present else "#EEEEEE"))
    ax.set_xlim(-0.5, len(ids) - 0.5)
    ax.set_ylim(len(units) - 0.5, -0.5)
    ax.set_xticks(range(len(ids)), [_plain(clip(names[i], 32)) for i in ids], rotation=30, ha="right")
    ax.set_yticks(range(len(units)), [_plain(f"U{u['id']}: {clip(u['label'], 48)}") for u in units], fontsize=8)
    ax.set_title("What is reported, and by whom (content units × sources)")
    ax.spines[:].set_visible(False)
    ax.tick_params(length=0)
    return fig


def _sentiment_bars(plt, data: dict):
    """Sentiment per source: own voice and quoted speech."""
    sources = data["sources"]
    ids = [s["id"] for s in sources]
    names = {s["id"]: s["name"] for s in sources}
    colours = source_colours(ids)
    fig, ax = plt.subplots(figsize=(1.5 + 1.1 * len(ids), 3.4))
    width = 0.38
    for k, source in enumerate(sources):
        metrics = source["metrics"]
        own = metrics.get("own_sentiment") or 0.0
        quoted = metrics.get("quote_sentiment") or 0.0
        ax.bar(k - width / 2, own, width, color=colours[source["id"]], label=None)
        ax.bar(k + width / 2, quoted, width, color=colours[source["id"]], alpha=0.45, hatch="//", edgecolor="white")
    ax.axhline(0, color="#444444", linewidth=0.8)
    ax.set_xticks(range(len(ids)), [_plain(clip(names[i], 32)) for i in ids], rotation=30, ha="right")
    ax.set_ylabel("VADER compound (−1 … 1)")
    ax.set_title("Sentiment per source: own voice (solid) and quotes (hatched)")
    lim = max(0.3, max(abs(v) for s in sources for v in
                       ((s["metrics"].get("own_sentiment") or 0.0), (s["metrics"].get("quote_sentiment") or 0.0))) * 1.2)
    ax.set_ylim(-lim, lim)
    return fig


def _actor_bars(plt, data: dict):
    """Sentiment toward each actor, per source."""
    sources = data["sources"]
    actor_names = _named_actors(data)
    if not actor_names:
        return None
    fig, ax = plt.subplots(figsize=(7.5, 1.0 + 0.55 * len(actor_names)))
    _grouped_bars(ax, actor_names, [_plain(clip(a, 32)) for a in actor_names], sources,
                  lambda s, a: (s["actors"].get(a) or {}).get("sentiment") or 0.0)
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_xlabel("sentiment toward the actor's mentions (−1 … 1)")
    ax.set_title("How each source portrays each actor")
    ax.legend(frameon=False, fontsize=8, loc="best")
    return fig


def _frame_bars(plt, data: dict):
    """Frame profile per source."""
    sources = data["sources"]
    frames = _frames(data)
    if not frames:
        return None
    fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.42 * len(frames)))
    _grouped_bars(ax, frames, [f.replace("_", " ") for f in frames], sources, lambda s, f: s["frames"].get(f, 0.0))
    ax.set_xlabel("share of frame cues")
    ax.set_title("Frame profile per source (Policy Frames Codebook)")
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    return fig


def _grouped_bars(ax, rows: list[str], labels: list[str], sources: list[dict], value) -> None:
    """Horizontal bars, one group per row and one bar per source in its colour, first row on top."""
    ids = sorted(s["id"] for s in sources)
    colours = source_colours(ids)
    by_id = {s["id"]: s for s in sources}
    height = 0.8 / max(1, len(ids))
    for k, sid in enumerate(ids):
        ax.barh([i + k * height - 0.4 + height / 2 for i in range(len(rows))], [value(by_id[sid], row) for row in rows],
                height, color=colours[sid], label=_plain(clip(by_id[sid]["name"], 32)))
    ax.set_yticks(range(len(rows)), labels)
    ax.invert_yaxis()


# --- large events: distributions across sources -------------------------------------------

def _similarity_clustered(plt, data: dict):
    """The similarity matrix with rows and columns in the order of an average-linkage
    clustering on 1 - similarity, the dendrogram beside it; no cell text, and names only
    while they can be read."""
    import numpy as np
    from scipy.cluster.hierarchy import dendrogram, linkage
    from scipy.spatial.distance import squareform

    names = {s["id"]: s["name"] for s in data["sources"]}
    ids = data["similarity"]["sources"]
    values = np.asarray(data["similarity"]["values"], dtype=float)
    values = (values + values.T) / 2  # one distance per pair, whichever way it was measured
    distance = np.clip(1.0 - values, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    order = dendrogram(tree, no_plot=True)["leaves"]

    named = len(ids) <= READABLE_NAMES
    fig = plt.figure(figsize=(9.0, 7.6))
    # tree | heatmap | room for the names on its right | colour bar
    grid = fig.add_gridspec(1, 4, width_ratios=[1.4, 6.0, 1.1 if named else 0.05, 0.22], wspace=0.03,
                            left=0.03, right=0.92, top=0.93, bottom=0.15 if named else 0.08)
    tree_ax, ax, bar_ax = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[0, 3])
    dendrogram(tree, orientation="left", ax=tree_ax, no_labels=True, color_threshold=0,
               above_threshold_color="#555555")
    tree_ax.set_ylim(10 * len(ids), 0)  # leaf k at 5 + 10k: the first leaf on top, as the first row
    for links in tree_ax.collections:  # thinner links as leaves crowd, or the tree is a solid block
        links.set_linewidth(min(1.0, max(0.15, 120 / len(ids))))
    tree_ax.axis("off")
    shown, per_cell = _binned(values[np.ix_(order, order)], axis=0)
    shown, _ = _binned(shown, axis=1)
    image = ax.imshow(shown, cmap="cividis", vmin=0, vmax=1, aspect="auto", interpolation="none")
    if named:
        labels = [_plain(clip(names[ids[k]], 24)) for k in order]
        ax.set_xticks(range(len(ids)), labels, rotation=90, fontsize=6)
        ax.set_yticks(range(len(ids)), labels, fontsize=6)
        ax.yaxis.tick_right()
    else:
        ax.set_xticks([])
        ax.set_yticks([])
        binned = f"; a cell is the mean of {per_cell} × {per_cell} sources" if per_cell > 1 else ""
        ax.set_xlabel(f"{len(ids):,} sources in clustering order{binned}")
    ax.spines[:].set_visible(False)
    ax.set_title(f"How similar the sources are: {len(ids):,} sources clustered (average linkage)")
    fig.colorbar(image, cax=bar_ax, label="similarity")
    return fig


def _coverage_image(plt, data: dict):
    """The most reported content units × the sources (most divergent first), one colour."""
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap

    ranked = [r["source"] for r in data["ranking"]]
    units = sorted((u for u in data["content_units"] if len(u["reported_by"]) > 1),
                   key=lambda u: (-len(u["reported_by"]), u["id"]))[:COVERAGE_PLOT_UNITS]
    if not units:
        return None
    matrix = np.array([[sid in u["reported_by"] for sid in ranked] for u in units], dtype=float)
    matrix, per_cell = _binned(matrix, axis=1)
    fig, ax = plt.subplots(figsize=(9.0, 1.4 + 0.16 * len(units)))
    colours = LinearSegmentedColormap.from_list("coverage", ["#EEEEEE", ONE_COLOUR])
    ax.imshow(matrix, cmap=colours, vmin=0, vmax=1, aspect="auto", interpolation="none")
    # Unit ids only: the pages list the labels (report.json has all), and forty long labels
    # would double the drawing time.
    ax.set_yticks(range(len(units)), [f"U{u['id']}" for u in units], fontsize=6)
    ax.set_xticks([])
    binned = f"; a column is {per_cell} sources, shaded by the share that report the unit" if per_cell > 1 else ""
    ax.set_xlabel(f"{len(ranked):,} sources, most divergent on the left{binned}")
    shown = f"the {len(units)} most reported" if len(units) == COVERAGE_PLOT_UNITS else "content units"
    ax.set_title(f"What is reported, and by whom ({shown} units × sources)")
    ax.spines[:].set_visible(False)
    ax.tick_params(length=0)
    return fig


def _sentiment_scatter(plt, data: dict):
    """One dot per source: sentiment in its own voice against sentiment in its quotes; the
    most divergent sources named."""
    by_id = {s["id"]: s for s in data["sources"]}
    points = [(s["metrics"]["own_sentiment"], s["metrics"]["quote_sentiment"], s["id"]) for s in data["sources"]
              if s["metrics"].get("own_sentiment") is not None and s["metrics"].get("quote_sentiment") is not None]
    fig, ax = plt.subplots(figsize=(6.5, 5.2))
    ax.scatter([p[0] for p in points], [p[1] for p in points], s=12, color=ONE_COLOUR, alpha=0.6,
               linewidths=0, rasterized=True)
    plotted = {p[2]: p for p in points}
    for r in [r for r in data["ranking"] if r["source"] in plotted][:LABELLED_SOURCES]:
        x, y, sid = plotted[r["source"]]
        ax.scatter([x], [y], s=22, facecolors="none", edgecolors="#D55E00", linewidths=1.0)
        ax.annotate(_plain(clip(by_id[sid]["name"], 32)), (x, y), xytext=(4, 3), textcoords="offset points",
                    fontsize=7, color="#D55E00")
    lim = max([0.3] + [abs(v) * 1.15 for p in points for v in p[:2]])
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.axhline(0, color="#999999", linewidth=0.6)
    ax.axvline(0, color="#999999", linewidth=0.6)
    ax.plot([-lim, lim], [-lim, lim], color="#BBBBBB", linewidth=0.6, linestyle="--")
    ax.set_xlabel("own voice (VADER compound, −1 … 1)")
    ax.set_ylabel("quotes (VADER compound, −1 … 1)")
    left_out = len(data["sources"]) - len(points)
    ax.set_title(f"Sentiment per source: {len(points):,} sources"
                 + (f" ({left_out:,} without quotes left out)" if left_out else "")
                 + f"; the {LABELLED_SOURCES} most divergent named", fontsize=9)
    return fig


def _actor_distributions(plt, data: dict):
    """Per actor, the sentiment toward it across the sources that name it."""
    actor_names = _named_actors(data)
    if not actor_names:
        return None
    rows = [[s["actors"][a]["sentiment"] for s in data["sources"]
             if (s["actors"].get(a) or {}).get("mentions") and s["actors"][a].get("sentiment") is not None]
            for a in actor_names]
    labels = [_plain(f"{clip(a, 32)} ({len(values):,})") for a, values in zip(actor_names, rows)]
    fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.5 * len(actor_names)))
    _box_rows(ax, rows, labels)
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_xlabel("sentiment toward the actor's mentions (−1 … 1), one point per source naming it")
    ax.set_title("How the sources portray each actor")
    return fig


def _frame_distributions(plt, data: dict):
    """Per frame, its share of each source's frame cues across the sources."""
    frames = _frames(data)
    if not frames:
        return None
    rows = [[s["frames"].get(f, 0.0) for s in data["sources"]] for f in frames]
    fig, ax = plt.subplots(figsize=(7.5, 1.1 + 0.4 * len(frames)))
    _box_rows(ax, rows, [f.replace("_", " ") for f in frames])
    ax.set_xlabel("share of frame cues, one point per source")
    ax.set_title("Frame profiles across sources (Policy Frames Codebook)")
    return fig


def _box_rows(ax, rows: list[list[float]], labels: list[str]) -> None:
    """A horizontal box plot per row with its points, first row on top. The points are
    spread up and down by a fixed sequence (no random jitter: the same plot every run)."""
    positions = list(range(len(rows)))
    kept = [(k, values) for k, values in zip(positions, rows) if values]
    style = dict(positions=[k for k, _ in kept], widths=0.55, showfliers=False, patch_artist=True, manage_ticks=False,
                 boxprops={"facecolor": "#F3F5F8", "edgecolor": "#555555"},
                 medianprops={"color": "#D55E00", "linewidth": 1.5},
                 whiskerprops={"color": "#555555"}, capprops={"color": "#555555"})
    ax.set_yticks(positions, labels)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    if not kept:
        return
    try:
        ax.boxplot([values for _, values in kept], orientation="horizontal", **style)
    except TypeError:  # matplotlib < 3.10
        ax.boxplot([values for _, values in kept], vert=False, **style)
    xs, ys = [], []
    for k, values in kept:
        xs.extend(values)
        ys.extend(k + ((n * 0.6180339887) % 1.0 - 0.5) * 0.5 for n in range(len(values)))
    ax.scatter(xs, ys, s=5, color=ONE_COLOUR, alpha=0.35, linewidths=0, rasterized=True, zorder=3)


def _binned(matrix, axis: int):
    """The matrix with at most IMAGE_CELLS cells along axis: consecutive rows (or columns)
    averaged in equal groups, and the group size. An image of a thousand sources per side
    would only be resampled on screen, and its noise would make the PNG large."""
    import numpy as np

    size = matrix.shape[axis]
    per_cell = -(-size // IMAGE_CELLS)
    if per_cell == 1:
        return matrix, 1
    starts = np.arange(0, size, per_cell)
    counts = np.diff(np.append(starts, size))
    sums = np.add.reduceat(matrix, starts, axis=axis)
    return sums / (counts[:, None] if axis == 0 else counts[None, :]), per_cell


# --- shared ---------------------------------------------------------------------------------

def _named_actors(data: dict) -> list[str]:
    """The event's actors that at least one source names."""
    sources = data["sources"]
    return [a["name"] for a in data["event"].get("actors", [])
            if any((s["actors"].get(a["name"]) or {}).get("mentions") for s in sources)]


def _frames(data: dict) -> list[str]:
    """Frames any source carries, the most used first."""
    sources = data["sources"]
    # sorted by name first: frames with equal totals must not come out in set (hash-seed) order
    return sorted(sorted({f for s in sources for f in s["frames"]}),
                  key=lambda f: -sum(s["frames"].get(f, 0) for s in sources))


def _plain(text: str) -> str:
    """Text from an article as matplotlib draws it: `$` would start mathtext."""
    return str(text).replace("$", r"\$")

