"""Frame profiles from a documented cue lexicon (compare/data/frames.yaml).

Every score keeps the cue words behind it, so a report can say why a paragraph counts as
"security and defense".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Mapping

import yaml

from ..errors import InputError

# libyaml's parser when PyYAML was built with it (ten times faster on the lexicon files)
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FRAMES = (
    "economic", "capacity_and_resources", "morality", "fairness_and_equality", "legality",
    "policy_prescription", "crime_and_punishment", "security_and_defense", "health_and_safety",
    "quality_of_life", "cultural_identity", "public_opinion", "political",
    "external_regulation_and_reputation", "other",
)
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.U)
_WORD_OR_STAR = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*\*?", re.U)


@dataclass(frozen=True, slots=True)
class FrameLexicon:
    """Cues per frame: whole words, prefixes (from `word*`) and multi-word phrases."""

    frames: tuple[str, ...]
    words: Mapping[str, tuple[str, ...]]  # word -> frames
    prefixes: tuple[tuple[str, tuple[str, ...]], ...]  # (prefix, frames), longest first
    phrases: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (words, frames), longest first
    # indexes for speed: phrases by their first word (or first prefix), prefix lookup by length
    phrases_by_first: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    phrases_by_first_prefix: tuple[tuple[str, tuple[int, ...]], ...] = ()
    prefix_frames: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    prefix_lengths: tuple[int, ...] = ()
    known: dict = field(default_factory=dict)  # word -> frames, filled as words are met
    cue_words_met: set = field(default_factory=set)  # the words met that have frames (a few in a text)
    # per phrase: whether it has no `word*` part, so that it matches as a plain tuple of words
    exact_phrases: tuple[bool, ...] = ()

    def __post_init__(self) -> None:
        if len(self.exact_phrases) != len(self.phrases):
            object.__setattr__(self, "exact_phrases",
                               tuple(not any(p.endswith("*") for p in phrase) for phrase, _ in self.phrases))

    def match(self, text: str) -> tuple[dict[str, int], dict[str, list[str]]]:
        """Count cue hits per frame in `text`; return (counts, cue words per frame)."""
        return self.match_words(cue_words(text))

    def match_words(self, words: list[str]) -> tuple[dict[str, int], dict[str, list[str]]]:
        """`match` over the words of a text as `cue_words` gives them (one text can be matched
        against several lexicons without being split again)."""
        counts: dict[str, int] = {}
        cues: dict[str, list[str]] = {}
        distinct = set(words)
        phrases_by_first = self.phrases_by_first
        candidates = {k for w in phrases_by_first.keys() & distinct for k in phrases_by_first[w]}
        for prefix, indexes in self.phrases_by_first_prefix:
            if any(w.startswith(prefix) for w in distinct):
                candidates.update(indexes)
        used: list[bool] | None = None  # which words a phrase took; None while no phrase is possible
        if candidates:
            used = [False] * len(words)
            positions: dict[str, list[int]] | None = None  # of every word, read once when first needed
            for index in sorted(candidates):  # longest first, so the most specific phrase wins
                phrase, frames = self.phrases[index]
                n = len(phrase)
                if phrase[0].endswith("*"):
                    starts = [i for i, w in enumerate(words) if w.startswith(phrase[0][:-1])]
                else:
                    if positions is None:
                        positions = _positions(words)
                    starts = positions.get(phrase[0], ())
                exact = self.exact_phrases[index]
                for i in starts:
                    # the cheapest test first: most starts are a common word that begins some phrase
                    if exact:
                        if tuple(words[i:i + n]) != phrase:
                            continue
                    elif i + n > len(words) or not all(_part_matches(p, w) for p, w in zip(phrase, words[i:i + n])):
                        continue
                    if any(used[i:i + n]):
                        continue
                    for k in range(i, i + n):
                        used[k] = True
                    for frame in frames:  # an `ignore` phrase has no frame: its words are consumed
                        counts[frame] = counts.get(frame, 0) + 1
                        cues.setdefault(frame, []).append(" ".join(words[i:i + n]))
        remaining = words if used is None else [w for w, taken in zip(words, used) if not taken]
        known = self.known
        for word in distinct.difference(known):  # words not met before: their frames, once
            self.word_frames(word)
        # only words with frames count, in the order they come; the filter runs in C
        for word in filter(self.cue_words_met.__contains__, remaining):
            found = known.get(word)
            for frame in self.word_frames(word) if found is None else found:
                counts[frame] = counts.get(frame, 0) + 1
                cues.setdefault(frame, []).append(word)
        return counts, cues

    def word_frames(self, word: str) -> tuple[str, ...]:
        """The frames of a single word: its whole-word cues, else its longest prefix cue."""
        found = self.known.get(word)
        if found is None:
            found = self.words.get(word)
            if found is None:
                found = ()
                for n in self.prefix_lengths:  # longest first
                    if len(word) >= n and word[:n] in self.prefix_frames:
                        found = self.prefix_frames[word[:n]]
                        break
            if len(self.known) < 200_000:
                self.known[word] = found
            if found:
                self.cue_words_met.add(word)
        return found


def cue_words(text: str) -> list[str]:
    """The words of `text` that cues are matched against: lower-cased, curly apostrophes straight.

    The words are lower-cased in one call, joined by newlines: `lower` works character by
    character except for the Greek capital sigma, whose small form depends on the letters around
    it, and a newline stops that look-around exactly as the ends of a lone word do."""
    words = _WORD.findall(text)
    if not words:
        return []
    return "\n".join(words).lower().replace("’", "'").split("\n")


def _positions(words: list[str]) -> dict[str, list[int]]:
    """Where each word is in `words`, in one pass (a long paragraph has hundreds of the words
    phrases begin with, and a scan for each would read it hundreds of times)."""
    found: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        at = found.get(word)
        if at is None:
            found[word] = [i]
        else:
            at.append(i)
    return found


def _part_matches(part: str, word: str) -> bool:
    return word.startswith(part[:-1]) if part.endswith("*") else word == part


def profile(counts: Mapping[str, int]) -> dict[str, float]:
    """Shares of cue hits per frame (sums to 1), or {} when there is none."""
    total = sum(counts.values())
    if not total:
        return {}
    return {frame: round(n / total, 4) for frame, n in sorted(counts.items()) if n}


@lru_cache(maxsize=8)
def load_lexicon(path: Path | None = None, replace: bool = False) -> FrameLexicon:
    """The bundled lexicon, extended (or, with `replace`, replaced) by a user lexicon file.

    Extending adds the user's cues to each frame (new frame names are new frames) and the
    user's `ignore` phrases to the bundled ones.
    """
    bundled = resources.files("compare").joinpath("data", "frames.yaml").read_text(encoding="utf-8")
    cues, ignore = _read_cues(yaml.load(bundled, Loader=YAML_LOADER), Path("compare/data/frames.yaml"))
    if path is not None:
        try:
            user = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=YAML_LOADER)
        except OSError as error:
            raise InputError(path, f"cannot read the frame lexicon ({error.strerror})") from None
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            raise InputError(path, f"frame lexicon is not valid YAML ({str(error).splitlines()[0]})") from None
        user_cues, user_ignore = _read_cues(user, Path(path))
        if replace:
            cues, ignore = user_cues, user_ignore
        else:
            for frame, extra in user_cues.items():
                cues[frame] = [*cues.get(frame, []), *extra]
            ignore = [*ignore, *user_ignore]
    return compile_lexicon(cues, ignore)


def _read_cues(data: object, path: Path) -> tuple[dict[str, list[str]], list[str]]:
    if not isinstance(data, dict) or not isinstance(data.get("frames"), dict):
        raise InputError(path, "a frame lexicon needs a `frames:` mapping of frame name to {cues: [...]}; "
                               "see compare/data/frames.yaml")
    cues: dict[str, list[str]] = {}
    for frame, entry in data["frames"].items():
        values = entry.get("cues") if isinstance(entry, dict) else entry
        if values is None:
            values = []
        if not isinstance(values, list) or not all(isinstance(v, (str, int)) for v in values):
            raise InputError(path, f"frames.{frame}.cues must be a list of words, found {type(values).__name__}")
        cues[str(frame)] = [str(v).strip().lower() for v in values if str(v).strip()]
    ignore = data.get("ignore") or []
    if not isinstance(ignore, list) or not all(isinstance(v, str) for v in ignore):
        raise InputError(path, "`ignore:` must be a list of phrases")
    return cues, [v.strip().lower() for v in ignore if v.strip()]


def compile_lexicon(cues: Mapping[str, list[str]], ignore: list[str] = ()) -> FrameLexicon:
    """The cue lists of a lexicon (frames or loaded-language kinds) as one matcher: single words,
    prefixes (`cue*`) and multi-word phrases; `ignore` phrases match nothing."""
    words: dict[str, list[str]] = {}
    prefixes: dict[str, list[str]] = {}
    phrases: dict[tuple[str, ...], list[str]] = {}
    for phrase in ignore:
        phrases.setdefault(tuple(_WORD_OR_STAR.findall(phrase)), [])
    for frame, values in cues.items():
        for cue in values:
            parts = tuple(_WORD_OR_STAR.findall(cue.replace("’", "'")))
            if not parts:
                continue
            if len(parts) > 1:
                phrases.setdefault(parts, []).append(frame)
            elif parts[0].endswith("*"):
                prefixes.setdefault(parts[0][:-1], []).append(frame)
            else:
                words.setdefault(parts[0], []).append(frame)
    frames = tuple(dict.fromkeys([*FRAMES, *cues]))
    ordered_prefixes = tuple(sorted(((p, tuple(dict.fromkeys(f))) for p, f in prefixes.items()),
                                    key=lambda x: (-len(x[0]), x[0])))
    ordered_phrases = tuple(sorted(((p, tuple(dict.fromkeys(f))) for p, f in phrases.items()),
                                   key=lambda x: (-len(x[0]), x[0])))
    by_first: dict[str, list[int]] = {}
    by_first_prefix: dict[str, list[int]] = {}
    for k, (phrase, _) in enumerate(ordered_phrases):
        if phrase[0].endswith("*"):
            by_first_prefix.setdefault(phrase[0][:-1], []).append(k)
        else:
            by_first.setdefault(phrase[0], []).append(k)
    return FrameLexicon(
        frames=frames,
        words={w: tuple(dict.fromkeys(f)) for w, f in words.items()},
        prefixes=ordered_prefixes,
        phrases=ordered_phrases,
        phrases_by_first={w: tuple(v) for w, v in by_first.items()},
        phrases_by_first_prefix=tuple((p, tuple(v)) for p, v in sorted(by_first_prefix.items())),
        prefix_frames=dict(ordered_prefixes),
        prefix_lengths=tuple(sorted({len(p) for p, _ in ordered_prefixes}, reverse=True)),
    )


def event_frame_settings(event, settings):
    """Settings with the frame lexicon named in event.yaml (`frames: {lexicon: FILE, replace: bool}`),
    the file relative to the event folder; a lexicon given on the command line takes precedence."""
    config = event.config.get("frames") if event.config else None
    if config is None or settings.lexicon is not None or settings.frame_model is not None:
        return settings
    where = Path(event.path) / "event.yaml"
    if not isinstance(config, dict) or not isinstance(config.get("lexicon"), str):
        raise InputError(where, "frames: expected {lexicon: FILE, replace: true|false} with FILE relative to the event folder")
    lexicon = Path(event.path) / config["lexicon"]
    if not lexicon.is_file():
        raise InputError(where, f"frames.lexicon: no such file {lexicon}")
    replace = config.get("replace", False)
    if not isinstance(replace, bool):
        raise InputError(where, f"frames.replace must be true or false, found {replace!r}")
    return settings.with_(lexicon=lexicon, lexicon_replaces=replace)
