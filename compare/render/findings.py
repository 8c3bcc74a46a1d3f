"""`check` output: human text, SPEC JSON, or GitHub workflow commands."""
from __future__ import annotations

import json

from ..model import Finding


def render_findings(findings: list[Finding], output: str) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    if output == "json":
        return json.dumps({
            "passed": errors == 0,
            "findings": [
                {"source": f.source, "rule": f.rule, "severity": f.severity, "message": f.message,
                 "path": f.path, "line": f.line}
                for f in findings
            ],
        }, ensure_ascii=False, indent=2) + "\n"
    if output == "github":
        lines = []
        for f in findings:
            level = "error" if f.severity == "error" else "warning"
            lines.append(f"::{level} file={_escape_property(f.path)},line={f.line},"
                         f"title={_escape_property('source-compare ' + f.rule)}::{_escape_data(f.message)}")
        return "".join(line + "\n" for line in lines)
    lines = [f"{f.severity}: [{f.rule}] {f.message}" for f in findings]
    warnings = len(findings) - errors
    lines.append(f"{'FAILED' if errors else 'passed'}: {errors} error(s), {warnings} warning(s)")
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
