"""report.md: the report as Markdown tables, short enough to scan in a pull request."""
from __future__ import annotations

from .common import environment, page_layout


def render_markdown(data: dict, plots: dict[str, str]) -> str:
    return environment().get_template("report.md.j2").render(
        report=data, layout=page_layout(data), plots=plots).rstrip() + "\n"
