"""Findings about a brief, and the report ``check`` prints.

A finding names the field (``loc`` as a path, ``field`` dotted), says what is wrong and how to
fix it. Errors block the start of work; warnings do not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from firmbrief.briefs.fields import Loc
from firmbrief.briefs.files import dotted
from firmbrief.interface import versioned

__all__ = ["Finding", "Report", "Severity", "format_json", "format_text"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: where, what, and the fix (in ``message``)."""

    severity: Severity
    code: str
    loc: Loc
    message: str

    @property
    def field(self) -> str:
        return dotted(self.loc)

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "loc": list(self.loc),
            "field": self.field,
            "message": self.message,
        }


@dataclass(slots=True)
class Report:
    """Everything ``check`` found in one brief file."""

    file: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ready(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        counts = [
            _count(len(self.errors), "error"),
            _count(len(self.warnings), "warning"),
        ]
        said = ", ".join(c for c in counts if c)
        verdict = "ready to start" if self.ready else "not ready to start"
        return f"{self.file}: {verdict}" + (f" ({said})" if said else "")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}" if n else ""


_STYLE = {"error": "\x1b[1;31m", "warning": "\x1b[33m", "ok": "\x1b[1;32m", "dim": "\x1b[2m"}
_RESET = "\x1b[0m"


def format_text(report: Report, *, color: bool = False) -> str:
    """The report for people: a verdict line, then errors, then warnings, one per line."""

    def paint(text: str, style: str) -> str:
        return f"{_STYLE[style]}{text}{_RESET}" if color else text

    head = report.summary()
    lines = [paint(head, "ok" if report.ready else "error")]
    ordered = report.errors + report.warnings
    width = min(max((len(f.field) for f in ordered), default=0), 34)
    for finding in ordered:
        where = finding.field or "(brief)"
        label = paint(f"{finding.severity:<7}", finding.severity)
        lines.append(f"  {label} {where:<{width}}  {finding.message}")
    return "\n".join(lines)


def format_json(report: Report) -> str:
    """The report as JSON: ``{"version", "file", "ready", "findings": [...]}`` (the schema:
    ``firmbrief schema --of check``)."""
    payload = versioned({
        "file": report.file,
        "ready": report.ready,
        "findings": [f.as_dict() for f in report.findings],
    })  # fmt: skip
    return json.dumps(payload, indent=2, ensure_ascii=False)
