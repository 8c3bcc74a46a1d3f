"""Frame profiles from a documented cue lexicon (compare/data/frames.yaml).

Every score keeps the cue words behind it, so a report can say why a paragraph counts as
"security and defense".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Mapping

import yaml

from ..errors import InputError

FRAMES = (
    "economic", "capacity_and_resources", "morality", "fairness_and_equality", "legality",
    "policy_prescription", "crime_and_punishment", "security_and_defense", "health_and_safety",
    "quality_of_life", "cultural_identity", "public_opinion", "political",
    "external_regulation_and_reputation", "other",
)
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.U)


@dataclass(frozen=True, slots=True)
class FrameLexicon:
    """Cues per frame: whole words, prefixes (from `word*`) and multi-word phrases."""

    frames: tuple[str, ...]
    words: Mapping[str, tuple[str, ...]]  # word -> frames
    prefixes: tuple[tuple[str, tuple[str, ...]], ...]  # (prefix, frames), longest first
    phrases: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (words, frames)

    def match(self, text: str) -> tuple[dict[str, int], dict[str, list[str]]]:
        """Count cue hits per frame in `text`; return (counts, cue words per frame)."""
        words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
        counts: dict[str, int] = {}
        cues: dict[str, list[str]] = {}
        used = [False] * len(words)
        for phrase, frames in self.phrases:
            n = len(phrase)
            for i in range(len(words) - n + 1):
                if not any(used[i:i + n]) and tuple(words[i:i + n]) == phrase:
                    for k in range(i, i + n):
                        used[k] = True
                    for frame in frames:
                        counts[frame] = counts.get(frame, 0) + 1
                        cues.setdefault(frame, []).append(" ".join(phrase))
        for i, word in enumerate(words):
            if used[i]:
                continue
            frames = tuple(dict.fromkeys([*self.words.get(word, ()), *self._prefix_frames(word)]))
            for frame in frames:
                counts[frame] = counts.get(frame, 0) + 1
                cues.setdefault(frame, []).append(word)
        return counts, cues

    def _prefix_frames(self, word: str) -> tuple[str, ...]:
        found: list[str] = []
        for prefix, frames in self.prefixes:
            if word.startswith(prefix):
                found.extend(f for f in frames if f not in found)
        return tuple(found)


def profile(counts: Mapping[str, int]) -> dict[str, float]:
    """Shares of cue hits per frame (sums to 1), or {} when there is none."""
    total = sum(counts.values())
    if not total:
        return {}
    return {frame: round(n / total, 4) for frame, n in sorted(counts.items()) if n}


@lru_cache(maxsize=8)
def load_lexicon(path: Path | None = None, replace: bool = False) -> FrameLexicon:
    """The bundled lexicon, extended (or replaced) by a user lexicon file."""
    bundled = resources.files("compare").joinpath("data", "frames.yaml").read_text(encoding="utf-8")
    cues = _read_cues(yaml.safe_load(bundled), Path("compare/data/frames.yaml"))
    if path is not None:
        try:
            user = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            raise InputError(path, f"cannot read the frame lexicon ({error.strerror})") from None
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            raise InputError(path, f"frame lexicon is not valid YAML ({str(error).splitlines()[0]})") from None
        user_cues = _read_cues(user, Path(path))
        if replace:
            cues = user_cues
        else:
            for frame, extra in user_cues.items():
                cues[frame] = [*cues.get(frame, []), *extra]
    return _compile(cues)


def _read_cues(data: object, path: Path) -> dict[str, list[str]]:
    if not isinstance(data, dict) or not isinstance(data.get("frames"), dict):
        raise InputError(path, "a frame lexicon needs a `frames:` mapping of frame name to {cues: [...]}")
    cues: dict[str, list[str]] = {}
    for frame, entry in data["frames"].items():
        values = entry.get("cues") if isinstance(entry, dict) else entry
        if values is None:
            values = []
        if not isinstance(values, list) or not all(isinstance(v, (str, int)) for v in values):
            raise InputError(path, f"frames.{frame}.cues must be a list of words")
        cues[str(frame)] = [str(v).strip().lower() for v in values if str(v).strip()]
    return cues


def _compile(cues: Mapping[str, list[str]]) -> FrameLexicon:
    words: dict[str, list[str]] = {}
    prefixes: dict[str, list[str]] = {}
    phrases: dict[tuple[str, ...], list[str]] = {}
    for frame, values in cues.items():
        for cue in values:
            parts = tuple(cue.split())
            if len(parts) > 1:
                phrases.setdefault(parts, []).append(frame)
            elif cue.endswith("*"):
                prefixes.setdefault(cue[:-1], []).append(frame)
            else:
                words.setdefault(cue, []).append(frame)
    frames = tuple(dict.fromkeys([*FRAMES, *cues]))
    return FrameLexicon(
        frames=frames,
        words={w: tuple(dict.fromkeys(f)) for w, f in words.items()},
        prefixes=tuple(sorted(((p, tuple(dict.fromkeys(f))) for p, f in prefixes.items()),
                              key=lambda x: (-len(x[0]), x[0]))),
        phrases=tuple(sorted(((p, tuple(dict.fromkeys(f))) for p, f in phrases.items()),
                             key=lambda x: (-len(x[0]), x[0]))),
    )
