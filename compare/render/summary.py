"""Writing the cross-event summary (compare/summary.py builds it) as summary.json and index.html."""
from __future__ import annotations

import json
from pathlib import Path


def write_summary(out_dir: Path, data: dict) -> list[Path]:
    """Write summary.json and index.html for a corpus report (`data`: compare.summary.summary_dict);
    return the paths written. Each is written whole or not at all (`compare.render.write_files`)."""
    from . import changed_files, write_files
    from .common import environment

    out_dir = Path(out_dir)
    files = {
        "summary.json": (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        "index.html": environment().get_template("index.html.j2").render(summary=data).encode("utf-8"),
    }
    write_files(out_dir, changed_files(out_dir, files), "the summary")
    return [out_dir / name for name in files]
