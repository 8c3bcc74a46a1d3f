"""`check`'s thresholds and severities: built-in defaults, then the repository's, then the event's.

Precedence, lowest first:
1. the defaults below (`CheckConfig()`),
2. `[tool.source-compare.check]` in the nearest `pyproject.toml` above the event folder
   (repository-wide defaults),
3. the `check:` mapping of the event's `event.yaml` (and its top-level `language:`).

Both places take the same keys (`min_words` and `min-words` are the same key):

    require: [published, url]    # front-matter keys every source must have (default: none)
    min_words: 80                # too-short: fewer words of article text than this
    max_days: 14                 # date-window: published further than this from the event date
    offtopic_threshold: 0.3      # off-topic: membership score below this (see compare.check.membership)
    offtopic_min_support: 0.1    # off-topic too: similarity to the middle-ranked other source below this
    offtopic_unaligned_threshold: 0.45  # off-topic too: membership below this and no paragraph aligns
    duplicate_threshold: 0.5     # duplicate: share of the shorter text's wording found in the other
    language: en                 # the corpus language (default: what most sources are written in)
    severity: {duplicate: error, date-window: "off"}   # per rule: error, warning or off
    waive: {wikipedia: [date-window]}                  # per source id: rules not applied to it
"""
from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from ..errors import InputError
from .language import normalise_code

RULES = ("off-topic", "duplicate", "empty", "too-short", "boilerplate-residue", "metadata",
         "date-window", "encoding", "language")
SEVERITIES = ("error", "warning", "off")
@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Thresholds and severities of `check`'s rules, as resolved for one event."""

    require: tuple[str, ...] = ()
    min_words: int = 80
    max_days: int = 14
    offtopic_threshold: float = 0.3
    offtopic_min_support: float = 0.1
    offtopic_unaligned_threshold: float = 0.45
    duplicate_threshold: float = 0.5
    language: str | None = None
    severity: Mapping[str, str] = field(default_factory=dict)  # only what the user set
    waive: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    origin: tuple[str, ...] = ()  # the files the values came from, for messages

    def severity_of(self, rule: str, default: str) -> str:
        """The severity a finding of `rule` gets: the user's choice, else the rule's own."""
        return self.severity.get(rule, default)

    def waived(self, source: str, rule: str) -> bool:
        return rule in self.waive.get(source, ())


def validate_event_section(event_dir: Path, event_config: Mapping[str, object]) -> None:
    """The event.yaml `check:` section checked as `check` reads it, for commands that do not
    use it (`report`): a misspelt or wrong-typed setting is an error everywhere."""
    section = event_config.get("check")
    if isinstance(section, dict):
        apply(CheckConfig(), section, Path(event_dir) / "event.yaml", "check")


def resolve_config(event_dir: Path, event_config: Mapping[str, object]) -> CheckConfig:
    """The configuration for one event folder (see the module docstring for precedence)."""
    config = CheckConfig()
    pyproject = find_pyproject(event_dir)
    if pyproject is not None:
        config = apply(config, _read_pyproject(pyproject), pyproject, "[tool.source-compare.check]")
    event_file = Path(event_dir) / "event.yaml"
    if event_config.get("language") not in (None, ""):
        config = apply(config, {"language": event_config["language"]}, event_file, "language")
    section = event_config.get("check")
    if section is not None:
        if not isinstance(section, dict):
            raise InputError(event_file, f"check: expected a mapping of settings ({', '.join(_KEYS)}), "
                                         f"found a {type(section).__name__}")
        config = apply(config, section, event_file, "check")
    return config


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml in `start` or a folder above it."""
    folder = Path(start).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate / "pyproject.toml"
    return None


def _read_pyproject(path: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot be read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(path, f"is not valid TOML ({error}); fix it") from None
    tool = data.get("tool", {}).get("source-compare", {})
    if not isinstance(tool, dict):
        raise InputError(path, "[tool.source-compare] must be a table")
    section = tool.get("check", {})
    if not isinstance(section, dict):
        raise InputError(path, "[tool.source-compare.check] must be a table of settings")
    return section


_KEYS = ("require", "min_words", "max_days", "offtopic_threshold", "offtopic_min_support",
         "offtopic_unaligned_threshold", "duplicate_threshold", "language",
         "severity", "waive")


def apply(config: CheckConfig, values: Mapping[str, object], path: Path, where: str) -> CheckConfig:
    """`config` with `values` (one settings mapping read from `path`) laid over it."""
    changes: dict[str, object] = {}
    for raw_key, value in values.items():
        key = str(raw_key).replace("-", "_")
        label = f"{where}.{raw_key}" if where != str(raw_key) else where
        if key not in _KEYS:
            close = difflib.get_close_matches(key, _KEYS, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise InputError(path, f"{where}: unknown setting {raw_key!r}; {hint}known: {', '.join(_KEYS)}")
        if key == "require":
            changes[key] = _keys_list(value, path, label)
        elif key in ("min_words", "max_days"):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InputError(path, f"{label}: expected a whole number of 0 or more, found {value!r}")
            changes[key] = value
        elif key in ("offtopic_threshold", "offtopic_min_support", "offtopic_unaligned_threshold", "duplicate_threshold"):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise InputError(path, f"{label}: expected a number between 0 and 1, found {value!r}")
            changes[key] = float(value)
        elif key == "language":
            if not isinstance(value, str) or not value.strip():
                raise InputError(path, f"{label}: expected a language code such as en, found {value!r}")
            changes[key] = normalise_code(value)
        elif key == "severity":
            changes[key] = {**config.severity, **_severities(value, path, label)}
        elif key == "waive":
            changes[key] = {**config.waive, **_waivers(value, path, label)}
    return replace(config, **changes, origin=tuple(dict.fromkeys((*config.origin, str(path)))))


def _keys_list(value: object, path: Path, label: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(path, f"{label}: expected a list of front-matter keys such as [published, url], found {value!r}")
    return tuple(dict.fromkeys(v.strip() for v in value if v.strip()))


def _severities(value: object, path: Path, label: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise InputError(path, f"{label}: expected a mapping of rule: error|warning|off, found {value!r}")
    found = {}
    for rule, severity in value.items():
        severity = "off" if severity is False else str(severity).strip().lower()
        if rule not in RULES:
            raise InputError(path, f"{label}: unknown rule {rule!r}; rules: {', '.join(RULES)}")
        if severity not in SEVERITIES:
            raise InputError(path, f"{label}.{rule}: expected error, warning or off, found {value[rule]!r}")
        found[str(rule)] = severity
    return found


def _waivers(value: object, path: Path, label: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise InputError(path, f"{label}: expected a mapping of source id: [rules], found {value!r}")
    found = {}
    for source, rules in value.items():
        if isinstance(rules, str):
            rules = [rules]
        if not isinstance(rules, list) or not all(r in RULES for r in rules):
            raise InputError(path, f"{label}.{source}: expected a list of rules from {', '.join(RULES)}, found {rules!r}")
        found[str(source)] = tuple(rules)
    return found
