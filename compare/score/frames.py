"""Frame profiles from a documented cue lexicon (compare/data/frames.yaml).

Cues are words, prefixes and phrases; a phrase takes its words first ("work force" is economic,
so its "force" is not security), veto words near a cue take one frame's sense away ("verbal
attacks" are not security), and each cue weighs 1 (a phrase 1.25) times a weight learned from
coded sentences (compare/data/frame_weights.json, made by `bench/frames.py --write-weights`).
A profile is each frame's share of the weighted cue mass; `frame_confidence` says how clear it
is. Every score keeps the cue words behind it, so a report can say why a paragraph counts as
"security and defense".
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
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
    """Cues per frame: whole words, prefixes (from `word*`) and multi-word phrases, each with a
    weight per frame (`cue_weights`) and optional veto words (`vetoes`)."""

    frames: tuple[str, ...]
    words: Mapping[str, tuple[str, ...]]  # word -> frames
    prefixes: tuple[tuple[str, tuple[str, ...]], ...]  # (prefix, frames), longest first
    phrases: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (words, frames), longest first
    # indexes for speed: phrases by their first word (or first prefix), prefix lookup by length
    phrases_by_first: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    phrases_by_first_prefix: tuple[tuple[str, tuple[int, ...]], ...] = ()
    prefix_frames: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    prefix_lengths: tuple[int, ...] = ()
    known: dict = field(default_factory=dict)  # word -> its cue (as written in the lexicon) or "", filled as words are met
    cue_words_met: set = field(default_factory=set)  # the words met that are cues (a few in a text)
    # per phrase: whether it has no `word*` part, so that it matches as a plain tuple of words
    exact_phrases: tuple[bool, ...] = ()
    # per cue as written in the lexicon ("force", "sanction*", "gun control"): (frame, weight) for
    # each frame that lists it, filled by `compile_lexicon`: 1 for a word, PHRASE_WEIGHT for a
    # phrase, times the learned weight of compare/data/frame_weights.json when it has one
    cue_weights: Mapping[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)
    # per cue: (frame, veto words) pairs: the cue does not count for that frame when one of the
    # veto words (a `word*` is a prefix) is within VETO_WINDOW words before or after it
    vetoes: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.exact_phrases) != len(self.phrases):
            object.__setattr__(self, "exact_phrases",
                               tuple(not any(p.endswith("*") for p in phrase) for phrase, _ in self.phrases))
        if not self.cue_weights:
            weights = {w: tuple((f, 1.0) for f in fs) for w, fs in self.words.items()}
            weights.update({p + "*": tuple((f, 1.0) for f in fs) for p, fs in self.prefixes})
            weights.update({" ".join(p): tuple((f, PHRASE_WEIGHT) for f in fs) for p, fs in self.phrases})
            object.__setattr__(self, "cue_weights", weights)

    def match(self, text: str) -> tuple[dict[str, int], dict[str, list[str]]]:
        """Count cue hits per frame in `text`; return (counts, cue words per frame)."""
        return self.match_words(cue_words(text))

    def match_words(self, words: list[str]) -> tuple[dict[str, int], dict[str, list[str]]]:
        """`match` over the words of a text as `cue_words` gives them (one text can be matched
        against several lexicons without being split again). Counts are hits, whatever the weights."""
        counts: dict[str, int] = {}
        cues: dict[str, list[str]] = {}
        for cue, found, start, end in self.hits(words):
            vetoes = self.vetoes.get(cue)
            for frame, _ in self.cue_weights[cue]:
                if vetoes and _vetoed(frame, vetoes, words, start, end):
                    continue
                counts[frame] = counts.get(frame, 0) + 1
                cues.setdefault(frame, []).append(found)
        return counts, cues

    def weigh_words(self, words: list[str]) -> tuple[dict[str, float], dict[str, list[str]]]:
        """Weighted cue mass per frame in the words of a text, and the cue words (or phrases)
        behind each frame's mass, in the order they come."""
        mass: dict[str, float] = {}
        cues: dict[str, list[str]] = {}
        for cue, found, start, end in self.hits(words):
            vetoes = self.vetoes.get(cue)
            for frame, weight in self.cue_weights[cue]:
                if weight <= 0 or (vetoes and _vetoed(frame, vetoes, words, start, end)):
                    continue
                mass[frame] = mass.get(frame, 0.0) + weight
                cues.setdefault(frame, []).append(found)
        return mass, cues

    def hits(self, words: list[str]) -> list[tuple[str, str, int, int]]:
        """The cues found in `words`, in order: (cue as written in the lexicon, the words as
        found, start, end). A phrase takes its words first, longest phrase first, so that a
        word inside a phrase ("force" in "work force") is not read again on its own; `ignore`
        phrases take their words and give no hit."""
        found_hits: list[tuple[str, str, int, int]] = []
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
                    if frames:  # an `ignore` phrase has no frame: its words are only consumed
                        found_hits.append((" ".join(phrase), " ".join(words[i:i + n]), i, i + n))
        known = self.known
        for word in distinct.difference(known):  # words not met before: their cue, once
            self.word_cue(word)
        # the positions of the words that are cues, found in C: most words of a text are not
        at = compress(range(len(words)), map(self.cue_words_met.__contains__, words))
        if used is None:
            found_hits.extend((known.get(words[i]) or self.word_cue(words[i]), words[i], i, i + 1) for i in at)
        else:
            found_hits.extend((known.get(words[i]) or self.word_cue(words[i]), words[i], i, i + 1)
                              for i in at if not used[i])
            found_hits.sort(key=lambda hit: hit[2])
        return found_hits

    def word_cue(self, word: str) -> str:
        """The cue a single word matches, as written in the lexicon: itself when it is a
        whole-word cue, else its longest prefix cue (`prefix*`), else ""."""
        found = self.known.get(word)
        if found is None:
            found = ""
            if word in self.words:
                found = word
            else:
                for n in self.prefix_lengths:  # longest first
                    if len(word) >= n and word[:n] in self.prefix_frames:
                        found = word[:n] + "*"
                        break
            if len(self.known) < 200_000:
                self.known[word] = found
            if found:
                self.cue_words_met.add(word)
        return found

    def word_frames(self, word: str) -> tuple[str, ...]:
        """The frames of a single word: its whole-word cues, else its longest prefix cue."""
        cue = self.word_cue(word)
        return tuple(f for f, _ in self.cue_weights[cue]) if cue else ()


# A cue of several words weighs this much more than a single word: it names its frame more
# surely ("gun control" against "control"); cross-validated on the coded sentences of bench/frames.py.
PHRASE_WEIGHT = 1.25
VETO_WINDOW = 4  # words on each side of a cue in which a veto word takes the cue's sense away


def _vetoed(frame: str, vetoes: tuple[tuple[str, tuple[str, ...]], ...], words: list[str], start: int, end: int) -> bool:
    for vetoed_frame, veto_words in vetoes:
        if vetoed_frame != frame:
            continue
        around = words[max(0, start - VETO_WINDOW):start] + words[end:end + VETO_WINDOW]
        return any(_part_matches(v, w) for v in veto_words for w in around)
    return False


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


def frame_confidence(mass: Mapping[str, float]) -> float:
    """How far a lexicon frame profile can be trusted, in [0, 1]: M / (M + 1) x (p1 - p2), where
    M is the weighted cue mass behind the profile (one plain word cue weighs 1) and p1, p2 are the
    shares of the leading and the second frame (p2 = 0 when one frame has all the mass). One
    clear cue gives 0.5, three cues of one frame 0.75, a tie between two frames 0."""
    total = sum(mass.values())
    if total <= 0:
        return 0.0
    first, second = (sorted(mass.values(), reverse=True) + [0.0])[:2]
    return round(total / (total + 1) * (first - second) / total, 4)


def probability_margin(probabilities: Mapping[str, float]) -> float:
    """How far a classifier's frame profile can be trusted, in [0, 1]: the probability of the
    leading frame minus that of the second."""
    if not probabilities:
        return 0.0
    first, second = (sorted(probabilities.values(), reverse=True) + [0.0])[:2]
    return round(max(0.0, first - second), 4)


def top_frame(shares: Mapping[str, float]) -> str | None:
    """The leading frame of a profile (ties go to the frame named first in FRAMES, then by name),
    or None for an empty profile."""
    if not shares:
        return None
    order = {f: k for k, f in enumerate(FRAMES)}
    return min(shares, key=lambda f: (-shares[f], order.get(f, len(order)), f))


def fit_cue_weights(texts: list[str], labels: list[str], lexicon: FrameLexicon,
                    smoothing: float = 4.0) -> dict[str, dict[str, float]]:
    """Cue weights from coded sentences (one frame each): for a cue met in n coded sentences,
    n_f of them coded with a frame f that lists the cue, its weight for f is (n_f + s) / (n + s),
    s the smoothing (a phrase's weight is then multiplied by PHRASE_WEIGHT when the lexicon is
    compiled). A cue never met keeps weight 1; one met mostly in sentences coded with
    another frame (or `other`) loses weight. Weights never add a frame the lexicon does not list
    for the cue, so every frame score still rests on that frame's own cues. Deterministic:
    sorted, 3 decimals."""
    seen: dict[str, dict[str, int]] = {}
    for text, label in zip(texts, labels):
        for cue in {hit[0] for hit in lexicon.hits(cue_words(text))}:
            by_frame = seen.setdefault(cue, {})
            by_frame[label] = by_frame.get(label, 0) + 1
    weights: dict[str, dict[str, float]] = {}
    for cue in sorted(seen):
        by_frame = seen[cue]
        n = sum(by_frame.values())
        weights[cue] = {f: round((by_frame.get(f, 0) + smoothing) / (n + smoothing), 3)
                        for f, _ in lexicon.cue_weights[cue]}
    return weights


@lru_cache(maxsize=8)
def load_lexicon(path: Path | None = None, replace: bool = False, weighted: bool = True) -> FrameLexicon:
    """The bundled lexicon, extended (or, with `replace`, replaced) by a user lexicon file.

    Extending adds the user's cues to each frame (new frame names are new frames), and the
    user's `ignore` phrases and vetoes to the bundled ones. The bundled cues carry the weights of
    compare/data/frame_weights.json (unless `weighted` is false); a cue the user adds to a frame
    weighs 1 for that frame.
    """
    cues, ignore, vetoes = _bundled_cues()
    weights = dict(load_cue_weights()) if weighted else {}
    if path is not None:
        try:
            user = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=YAML_LOADER)
        except OSError as error:
            raise InputError(path, f"cannot read the frame lexicon ({error.strerror})") from None
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            raise InputError(path, f"frame lexicon is not valid YAML ({str(error).splitlines()[0]})") from None
        user_cues, user_ignore, user_vetoes = _read_cues(user, Path(path))
        if replace:
            cues, ignore, vetoes, weights = user_cues, user_ignore, user_vetoes, {}
        else:
            for frame, extra in user_cues.items():
                cues[frame] = [*cues.get(frame, []), *extra]
                for cue in extra:  # the user's cue counts 1 for the user's frame, whatever was learned
                    key = cue_key(cue)
                    if key in weights:
                        weights[key] = {**weights[key], frame: 1.0}
            ignore = [*ignore, *user_ignore]
            for frame, extra in user_vetoes.items():
                vetoes[frame] = {**vetoes.get(frame, {}), **extra}
    return compile_lexicon(cues, ignore, vetoes, weights)


def bundled_lexicon(weights: Mapping[str, Mapping[str, float]] | None = None) -> FrameLexicon:
    """The bundled cues with the given weights instead of the shipped ones (for fitting and
    cross-validating weights); no weights: every cue weighs 1."""
    cues, ignore, vetoes = _bundled_cues()
    return compile_lexicon(cues, ignore, vetoes, weights)


def _bundled_cues() -> tuple[dict[str, list[str]], list[str], dict[str, dict[str, list[str]]]]:
    """Fresh copies of the bundled lexicon's cues, ignore phrases and vetoes."""
    cues, ignore, vetoes = _read_bundled()
    return {f: list(v) for f, v in cues.items()}, list(ignore), {f: dict(v) for f, v in vetoes.items()}


def _read_bundled() -> tuple[dict[str, list[str]], list[str], dict[str, dict[str, list[str]]]]:
    bundled = resources.files("compare").joinpath("data", "frames.yaml").read_text(encoding="utf-8")
    return _read_cues(yaml.load(bundled, Loader=YAML_LOADER), Path("compare/data/frames.yaml"))


def load_cue_weights() -> dict[str, dict[str, float]]:
    """The learned cue weights shipped in compare/data/frame_weights.json (its `about` says how
    they were made): cue, as the lexicon keys it, -> frame -> weight."""
    text = resources.files("compare").joinpath("data", "frame_weights.json").read_text(encoding="utf-8")
    return json.loads(text)["weights"]


def cue_key(cue: str) -> str:
    """A cue as the lexicon keys it: lower-cased words (and `*`) joined by single spaces."""
    return " ".join(_WORD_OR_STAR.findall(cue.strip().lower().replace("’", "'")))


def _read_cues(data: object, path: Path) -> tuple[dict[str, list[str]], list[str], dict[str, dict[str, list[str]]]]:
    if not isinstance(data, dict) or not isinstance(data.get("frames"), dict):
        raise InputError(path, "a frame lexicon needs a `frames:` mapping of frame name to {cues: [...]}; "
                               "see compare/data/frames.yaml")
    cues: dict[str, list[str]] = {}
    vetoes: dict[str, dict[str, list[str]]] = {}
    for frame, entry in data["frames"].items():
        values = entry.get("cues") if isinstance(entry, dict) else entry
        if values is None:
            values = []
        if not isinstance(values, list) or not all(isinstance(v, (str, int)) for v in values):
            raise InputError(path, f"frames.{frame}.cues must be a list of words, found {type(values).__name__}")
        cues[str(frame)] = [str(v).strip().lower() for v in values if str(v).strip()]
        veto = entry.get("veto") if isinstance(entry, dict) else None
        if veto is not None:
            if not isinstance(veto, dict) or not all(isinstance(v, list) and all(isinstance(x, str) for x in v)
                                                     for v in veto.values()):
                raise InputError(path, f"frames.{frame}.veto must map a cue to a list of veto words, "
                                       f"e.g. {{force: [work, labor, task]}}")
            vetoes[str(frame)] = {str(cue).strip().lower(): [x.strip().lower() for x in v if x.strip()]
                                  for cue, v in veto.items()}
    ignore = data.get("ignore") or []
    if not isinstance(ignore, list) or not all(isinstance(v, str) for v in ignore):
        raise InputError(path, "`ignore:` must be a list of phrases")
    return cues, [v.strip().lower() for v in ignore if v.strip()], vetoes


def compile_lexicon(cues: Mapping[str, list[str]], ignore: list[str] = (),
                    vetoes: Mapping[str, Mapping[str, list[str]]] | None = None,
                    weights: Mapping[str, Mapping[str, float]] | None = None) -> FrameLexicon:
    """The cue lists of a lexicon (frames or loaded-language kinds) as one matcher: single words,
    prefixes (`cue*`) and multi-word phrases; `ignore` phrases match nothing. `vetoes` (frame ->
    cue -> veto words) take a cue's sense away near those words; `weights` (cue -> frame ->
    weight) replace the weight 1 a cue has for each frame that lists it."""
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
    word_frames = {w: tuple(dict.fromkeys(f)) for w, f in words.items()}
    listed = {**word_frames, **{p + "*": f for p, f in ordered_prefixes},
              **{" ".join(p): f for p, f in ordered_phrases if f}}
    plain: dict[tuple, tuple] = {}  # the unweighted (frame, weight) pairs, one tuple per frame list
    cue_weights = {}
    for cue, cue_frames in listed.items():
        prior = PHRASE_WEIGHT if " " in cue else 1.0
        learned = weights.get(cue) if weights else None  # a weight for a frame that does not list the cue is ignored
        if learned is None:
            pairs = plain.get((cue_frames, prior))
            if pairs is None:
                pairs = plain[cue_frames, prior] = tuple((f, prior) for f in cue_frames)
            cue_weights[cue] = pairs
        else:
            cue_weights[cue] = tuple((f, round(prior * float(learned.get(f, 1.0)), 4)) for f in cue_frames)
    cue_vetoes: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for frame, by_cue in (vetoes or {}).items():
        for cue, veto_words in by_cue.items():
            key = cue_key(cue)
            if key in listed and veto_words:
                cue_vetoes.setdefault(key, []).append((frame, tuple(cue_key(v) for v in veto_words)))
    return FrameLexicon(
        frames=frames,
        words=word_frames,
        prefixes=ordered_prefixes,
        phrases=ordered_phrases,
        phrases_by_first={w: tuple(v) for w, v in by_first.items()},
        phrases_by_first_prefix=tuple((p, tuple(v)) for p, v in sorted(by_first_prefix.items())),
        prefix_frames=dict(ordered_prefixes),
        prefix_lengths=tuple(sorted({len(p) for p, _ in ordered_prefixes}, reverse=True)),
        cue_weights=cue_weights,
        vetoes={k: tuple(v) for k, v in cue_vetoes.items()},
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
