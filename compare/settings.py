"""Every option of a run, carried in one frozen value instead of long argument lists."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

REPORT_FORMATS = ("json", "md", "html")


@dataclass(frozen=True, slots=True)
class Settings:
    # alignment: a pair of paragraphs is aligned when its combined score reaches this
    # (between articles about the same event; see compare/align/decision.py)
    align_threshold: float = 0.29
    # alignment: the bar between articles that are not about the same event
    align_unrelated_threshold: float = 0.6
    # alignment: rapidfuzz token_set_ratio (0-1) at which wording counts as reused verbatim
    align_wording_threshold: float = 0.9
    # (`check` reads its thresholds from event.yaml and pyproject.toml: compare/check/config.py)
    # scoring: a user frame lexicon that extends (or replaces) the bundled one
    lexicon: Path | None = None
    lexicon_replaces: bool = False
    # scoring: a frame classifier trained by `train-frames`, used instead of the lexicon
    frame_model: Path | None = None
    # scoring: sentiment toward actors, "model" (target-aware, compare/data/target_sentiment.json)
    # or "vader" (VADER score of the voiced span that names the actor)
    actor_sentiment: str = "model"
    # scoring: a target sentiment model written by scripts/train_target_sentiment.py instead of the bundled one
    target_model: Path | None = None
    # report output
    formats: tuple[str, ...] = REPORT_FORMATS
    plots: bool = True

    def with_(self, **changes: object) -> "Settings":
        return replace(self, **changes)
