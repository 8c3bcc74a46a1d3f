"""Writing reports: JSON, Markdown, HTML and plots, from a finished EventReport."""
from __future__ import annotations

from pathlib import Path

from ..model import EventReport
from ..settings import Settings
from .json import dumps, report_dict


def render_files(report: EventReport, settings: Settings = Settings(), plot_dir: Path | None = None,
                 data: dict | None = None) -> dict[str, bytes]:
    """Render every requested file of a report: {relative file name: content}.

    Plots are drawn into `plot_dir` (they are needed by the HTML page and the Markdown);
    the returned mapping holds all files, plots included, so a caller can write or compare them.
    `data` is the report's `report_dict`, when the caller has it already.
    """
    if data is None:
        data = report_dict(report)
    files: dict[str, bytes] = {}
    if "json" in settings.formats:
        files["report.json"] = dumps(data).encode("utf-8")
    plots: dict[str, str] = {}
    wants_pages = "md" in settings.formats or "html" in settings.formats
    if wants_pages and settings.plots and plot_dir is not None:
        from .plots import write_plots

        plots = write_plots(data, plot_dir)
        for name in sorted(p.name for p in plot_dir.iterdir() if p.suffix in (".png", ".svg")):
            files[name] = (plot_dir / name).read_bytes()
    if "md" in settings.formats:
        from .markdown import render_markdown

        files["report.md"] = render_markdown(data, plots).encode("utf-8")
    if "html" in settings.formats:
        from .html import render_html

        files["report.html"] = render_html(data, plot_dir, plots).encode("utf-8")
    return files


def write_report(report: EventReport, out_dir: Path, settings: Settings = Settings()) -> list[Path]:
    """Write a report's files under out_dir/<event-id>/; return the paths written."""
    target = Path(out_dir) / report.event.id
    target.mkdir(parents=True, exist_ok=True)
    files = render_files(report, settings, plot_dir=target)
    written = []
    for name, content in files.items():
        path = target / name
        if not path.exists() or path.read_bytes() != content:
            path.write_bytes(content)
        written.append(path)
    return written
