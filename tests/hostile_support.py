"""What the hostile suite's cases share: the canary HTTP handler, a case's folders
(:class:`Env`) and its expected outcome (:class:`Expect`), and ways to make hostile briefs."""

from __future__ import annotations

import http.server
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from firmbrief.briefs.files import read_data
from firmbrief.briefs.loading import parse_brief
from firmbrief.briefs.readiness import assess

from conftest import EXAMPLES, TODAY, run

__all__ = [
    "HARNESS",
    "MEMORY_MB",
    "Canary",
    "Env",
    "Expect",
    "guard_of",
    "guards",
    "in_every_text_field",
    "logo",
    "pdf_text",
    "set_at",
    "signed",
]

HARNESS = Path(__file__).with_name("hostile_harness.py")
MEMORY_MB = 3000
"""Address-space limit for one command: generous, it only catches a blow-up."""


class Canary(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"canary")

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Env:
    """A case's folders: ``work`` (where it runs) and ``outside`` (the canary's folder)."""

    work: Path
    canary: Path
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/canary"

    def brief(self, data: dict[str, Any], name: str = "brief.yaml") -> Path:
        path = self.work / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return path

    def raw(self, content: bytes, name: str) -> Path:
        path = self.work / name
        path.write_bytes(content)
        return path


@dataclass
class Expect:
    """What a case must end with."""

    argv: list[str]
    exit: int
    stderr: str | None = None  # a regular expression the one line on stderr must match
    stdout: str | None = None  # a regular expression stdout must contain
    unchanged: list[Path] = field(default_factory=list)
    absent: list[Path] = field(default_factory=list)
    seconds: float = 90
    then: Callable[[], None] | None = None  # further checks on the output
    env: dict[str, str] = field(default_factory=dict)  # added to the command's environment
    stop: int | None = None  # a signal sent once the command is writing (a *.tmp exists)
    copies: int = 1  # commands run at once, all expected to end the same way
    during: Callable[[], None] | None = None  # run in a thread while the commands run


F = TypeVar("F", bound=Callable[..., Any])


def guards(guard: str) -> Callable[[F], F]:
    """Name the guard a case exercises (``module: what it refuses``): shown in the test's id,
    and the guard whose removal makes the case fail."""

    def mark(case: F) -> F:
        case.guard = guard  # type: ignore[attr-defined]
        return case

    return mark


def guard_of(case: Callable[..., Any]) -> str:
    guard = getattr(case, "guard", "")
    assert isinstance(guard, str)
    return guard


def logo() -> dict[str, Any]:
    return read_data(EXAMPLES / "logo.yaml")


def set_at(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    node: Any = data
    for part in parents:
        node = node[part]
    node[last] = value
    return data


def in_every_text_field(data: dict[str, Any], payloads: list[str]) -> dict[str, Any]:
    """``data`` with a payload in every free-text field (found by shape: every text value
    that can take the payload and leave the brief as ready as it was)."""
    count = 0

    def problems() -> set[tuple[str, str]]:
        report = assess(parse_brief(data), file="x", today=TODAY)
        return {(f.field, f.code) for f in report.errors}

    baseline = problems()

    def visit(node: Any, loc: tuple[str | int, ...]) -> None:
        nonlocal count
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            if isinstance(value, dict | list):
                visit(value, (*loc, key))
            elif isinstance(value, str):
                node[key] = payloads[count % len(payloads)]
                if problems() - baseline:
                    node[key] = value  # not a free-text field (a date, an id, an amount...)
                else:
                    count += 1

    visit(data, ())
    assert count >= 25, count
    return data


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", done.stdout.replace("\u200b", ""))


def signed(env: Env) -> tuple[Path, Path]:
    brief = env.brief(logo(), "logo.yaml")
    assert run("record", brief, "signed", "--date", "2026-12-01").exit_code == 0
    assert (
        run("record", brief, "payment", "--amount", "1071.00", "--date", "2027-01-05").exit_code
        == 0
    )
    return brief, env.work / "logo.yaml.log.jsonl"
