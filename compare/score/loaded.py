"""Loaded language: intensifiers, hedges, factive and assertive verbs, subjective words.

The markers come from `compare/data/loaded_language.yaml` (its header gives the sources);
each count keeps the words behind it, so a report can show them.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Mapping, Sequence

import yaml

from ..errors import InputError
from ..model import LoadedMarkers
from .frames import YAML_LOADER, FrameLexicon, compile_lexicon

KINDS = ("intensifiers", "hedges", "factive_verbs", "assertive_verbs", "subjective")


@lru_cache(maxsize=4)
def load_markers(path: Path | None = None) -> FrameLexicon:
    """The marker lexicon (bundled, or a file of the same shape); a word counts for one kind."""
    if path is None:
        text = resources.files("compare").joinpath("data", "loaded_language.yaml").read_text(encoding="utf-8")
        where: Path = Path("compare/data/loaded_language.yaml")
    else:
        where = Path(path)
        try:
            text = where.read_text(encoding="utf-8")
        except OSError as error:
            raise InputError(where, f"cannot read the loaded-language markers ({error.strerror})") from None
    try:
        data = yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        raise InputError(where, f"not valid YAML ({str(error).splitlines()[0]})") from None
    if not isinstance(data, dict) or not isinstance(data.get("kinds"), dict):
        raise InputError(where, "loaded-language markers need a `kinds:` mapping of kind to a list of words")
    seen: set[str] = set()
    cues: dict[str, list[str]] = {}
    for kind, words in data["kinds"].items():
        if not isinstance(words, list):
            raise InputError(where, f"kinds.{kind} must be a list of words")
        cues[str(kind)] = []
        for word in words:
            cue = str(word).strip().lower()
            if cue and cue not in seen:  # the first kind that lists a word keeps it
                seen.add(cue)
                cues[str(kind)].append(cue)
    strong = data.get("vader_strong")
    if strong is not None and "subjective" in cues:
        from .sentiment import word_valences

        for word, valence in sorted(word_valences().items()):
            if abs(valence) >= float(strong) and word.isalpha() and len(word) > 2 and word not in seen:
                seen.add(word)
                cues["subjective"].append(word)
    return compile_lexicon(cues)


def loaded_words(text: str, markers: FrameLexicon | None = None) -> dict[str, list[str]]:
    """The marker words of `text` by kind, in the order they occur."""
    _, words = (markers or load_markers()).match(text)
    return words


def loaded_summary(loaded: Mapping[str, Sequence[str]], word_count: int) -> dict[str, LoadedMarkers]:
    """Per kind (every kind, in KINDS order): count, rate per 1,000 words, and the words with
    their counts (most frequent first)."""
    summary = {}
    for kind in KINDS:
        words = loaded.get(kind, ())
        counts: dict[str, int] = {}
        for word in words:
            counts[word] = counts.get(word, 0) + 1
        summary[kind] = LoadedMarkers(
            count=len(words),
            per_1000_words=round(1000 * len(words) / word_count, 2) if word_count else 0.0,
            words=dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        )
    return summary
