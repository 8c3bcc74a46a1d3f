"""`check` output: human text, SPEC JSON, GitHub workflow commands, or JUnit XML.

Each format says the same thing: which source, which rule, how bad, where (file and line)
and what to do. The renderers only format; `compare.check` decides.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import defaultdict

from ..check import CheckResult
from ..model import Finding

FORMATS = ("text", "json", "github", "junit")


def render_findings(result: CheckResult | list[Finding], output: str) -> str:
    """The findings of a check run in one of FORMATS (a list of findings is a full run)."""
    if not isinstance(result, CheckResult):
        result = CheckResult(tuple(result))
    if output == "json":
        return render_json(result)
    if output == "github":
        return render_github(result)
    if output == "junit":
        return render_junit(result)
    return render_text(result)


def _counts(result: CheckResult) -> tuple[int, int]:
    errors = sum(1 for f in result.findings if f.severity == "error")
    return errors, len(result.findings) - errors


def _summary(result: CheckResult) -> str:
    errors, warnings = _counts(result)
    checked = f" in {len(result.checked)} source(s)" if result.checked else ""
    if result.skipped and not result.checked:
        return f"passed: nothing to check ({result.skipped})"
    return f"{'FAILED' if errors else 'passed'}: {errors} error(s), {warnings} warning(s){checked}"


def render_text(result: CheckResult) -> str:
    lines = [f"{f.severity}: [{f.rule}] {f.message}" for f in result.findings]
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


def render_json(result: CheckResult) -> str:
    """SPEC: {"passed", "findings": [{"source", "rule", "severity", "message"}]}, plus where."""
    return json.dumps({
        "passed": result.passed,
        "findings": [
            {"source": f.source, "rule": f.rule, "severity": f.severity, "message": f.message,
             "path": f.path, "line": f.line, "event": f.event}
            for f in result.findings
        ],
        "checked": list(result.checked),
    }, ensure_ascii=False, indent=2) + "\n"


def render_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: each finding annotates its file and line in the pull
    request (`::error file=...,line=...,title=...::message`), then one plain summary line."""
    lines = []
    for f in result.findings:
        level = "error" if f.severity == "error" else "warning"
        lines.append(f"::{level} file={_escape_property(f.path)},line={f.line},"
                     f"title={_escape_property('source-compare ' + f.rule)}::{_escape_data(f.message)}")
    lines.append(f"source-compare check {_summary(result)}")
    return "".join(line + "\n" for line in lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_junit(result: CheckResult) -> str:
    """JUnit XML (the schema Jenkins, GitLab and most CI dashboards read): one test suite per
    event, one test case per source checked; an error finding is a <failure>, warnings are
    listed in the case's <system-out>."""
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_path[f.path].append(f)
    events: dict[str, list[str]] = defaultdict(list)
    event_of = {f.path: f.event for f in result.findings}
    for path in sorted(set(result.checked) | set(by_path)):
        events[event_of.get(path) or _event_from_path(path)].append(path)
    root = ET.Element("testsuites", name="source-compare check", tests=str(sum(len(p) for p in events.values())),
                      failures=str(sum(1 for p in by_path.values() if any(f.severity == "error" for f in p))),
                      errors="0")
    for event in sorted(events):
        paths = events[event]
        failed = sum(1 for p in paths if any(f.severity == "error" for f in by_path.get(p, [])))
        suite = ET.SubElement(root, "testsuite", name=event, tests=str(len(paths)), failures=str(failed),
                              errors="0", skipped="0")
        for path in paths:
            case = ET.SubElement(suite, "testcase", classname=f"source-compare.{event}", name=path, file=path)
            found = by_path.get(path, [])
            for f in (x for x in found if x.severity == "error"):
                failure = ET.SubElement(case, "failure", message=f.message, type=f.rule)
                failure.text = f"[{f.rule}] {f.message}"
            warnings = [f for f in found if f.severity != "error"]
            if warnings:
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(f"warning: [{f.rule}] {f.message}" for f in warnings)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _event_from_path(path: str) -> str:
    parts = path.replace("\\", "/").split("/")
    return parts[-2] if len(parts) >= 2 else "event"
