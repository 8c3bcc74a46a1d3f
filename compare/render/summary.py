"""Writing the cross-event summary (compare/summary.py builds it) as summary.json and index.html."""
from __future__ import annotations

import json
from pathlib import Path


def write_summary(out_dir: Path, data: dict) -> list[Path]:
    """Write summary.json and index.html for a corpus report (`data`: compare.summary.summary_dict);
    return the paths written."""
    from .common import environment

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "summary.json": json.dumps(data, ensure_ascii=False, indent=2) + "\n",
        "index.html": environment().get_template("index.html.j2").render(summary=data),
    }
    written = []
    for name, text in files.items():
        path = out_dir / name
        content = text.encode("utf-8")
        if not path.exists() or path.read_bytes() != content:
            path.write_bytes(content)
        written.append(path)
    return written
