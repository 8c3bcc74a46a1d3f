"""`source-compare align A B` as text: two articles side by side, aligned paragraph by
paragraph, with the evidence of each alignment and the words each side uses that the other
does not (compare.api.align_files reads them)."""
from __future__ import annotations

import textwrap

from ..model import SideBySide


def render_side_by_side(view: SideBySide, width: int = 100) -> str:
    """Plain text: one block per alignment (in the left article's order), then each article's
    paragraphs aligned with nothing."""
    left, right = view.left, view.right
    column = max(30, (width - 3) // 2)
    by_id = {left.id: left, right.id: right}
    lines = [f"{left.source.name} ({left.id}, {len(left.paragraphs)} paragraphs)  |  "
             f"{right.source.name} ({right.id}, {len(right.paragraphs)} paragraphs)",
             f"{len(view.pairs)} aligned pairs", ""]
    for pair in view.pairs:
        a, b = pair.a, pair.b
        lines.append(f"[{a.paragraph}] <-> [{b.paragraph}]  score {pair.score:.2f}  evidence: {', '.join(pair.evidence) or '-'}")
        if pair.shared:
            lines.append("  shared: " + "; ".join(pair.shared))
        lines.extend(_columns(by_id[a.source].paragraphs[a.paragraph].text, by_id[b.source].paragraphs[b.paragraph].text,
                              column))
        lines.append(f"  only left:  {', '.join(pair.only_a) or '-'}")
        lines.append(f"  only right: {', '.join(pair.only_b) or '-'}")
        lines.append("")
    for article in (left, right):
        alone = view.unaligned[article.id]
        lines.append(f"{article.id}: {len(alone)} paragraphs aligned with nothing"
                     + (": " + ", ".join(f"[{p}]" for p in alone) if alone else ""))
    return "\n".join(lines) + "\n"


def _columns(text_a: str, text_b: str, width: int) -> list[str]:
    wrapped_a = textwrap.wrap(text_a, width) or [""]
    wrapped_b = textwrap.wrap(text_b, width) or [""]
    rows = max(len(wrapped_a), len(wrapped_b))
    wrapped_a += [""] * (rows - len(wrapped_a))
    wrapped_b += [""] * (rows - len(wrapped_b))
    return [f"  {x:<{width}} | {y}" for x, y in zip(wrapped_a, wrapped_b)]
