"""The CI gate: rules over an event's sources → findings.

Every finding has a rule id, a severity (error fails the gate, warning does not) and a
message that names the file, the line it applies to and the fix. The rules:

| rule | default | what it catches |
|---|---|---|
| `off-topic` | error | a source that does not report what the other sources report (filed under the wrong event) |
| `duplicate` | warning | a near-copy of another source (a wire story counted as two outlets) |
| `empty` | error | a file with no article text left after boilerplate removal |
| `too-short` | warning | fewer than `min_words` words of article text (a truncated paste) |
| `boilerplate-residue` | warning | kept lines that still look like page furniture (share prompts, links, bylines, timestamps) |
| `metadata` | error | unreadable front matter; keys the event requires (`check: require:`) missing or malformed |
| `date-window` | warning | published more than `max_days` from the event date |
| `encoding` | warning | invalid UTF-8, mojibake, replacement or control characters (a binary file is an error) |
| `language` | error | not written in the corpus language |

Where each part lives: `gate` (which sources, the run over each event, the result), `rules`
(one method per rule), `residue` (what still looks like page furniture), `membership`
(whether a source reports what the others report, and near copies), `language`, `config`
(thresholds and severities from event.yaml `check:` and pyproject.toml
`[tool.source-compare.check]`), `gitchanges` (`--changed-since`).
"""
from __future__ import annotations

from .gate import CheckResult, check_event, check_event_sources, check_paths, prepare_articles
from .residue import residue_kind

__all__ = ["CheckResult", "check_event", "check_event_sources", "check_paths", "prepare_articles", "residue_kind"]
