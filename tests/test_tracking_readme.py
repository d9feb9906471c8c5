"""The README's section on the work (the record, status, gates, notices, schedule, the end of a
project) shows real output: every ``console`` block there is run, in order, on one copy of
examples/logo.yaml beside the example business profile (examples/business/firmbrief.toml: the
invoices need its bank account), and must print what the README says.

A line ``...`` stands for lines left out; check sums (which depend on when a line was written)
are compared as ``check <16 hex digits>``.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, run

__all__ = ["Step", "steps"]

_CHECK = re.compile(r"(?:check|Prüfsumme) [0-9a-f]{16}")  # the German notice says Prüfsumme


class Step:
    """One command of a console block and the output the README shows for it."""

    def __init__(self, command: str, shown: list[str]) -> None:
        self.command = command
        self.shown = shown

    @property
    def args(self) -> list[str]:
        return shlex.split(self.command)[1:]  # without "firmbrief"


def section(readme: str) -> str:
    """The README's part on the work with a project."""
    return readme.split("## During the work", 1)[1].split("\n## ", 1)[0]


def steps(readme: str) -> list[Step]:
    """Every command of every console block in the section, in order."""
    found: list[Step] = []
    for block in re.findall(r"```console\n(.*?)```", section(readme), re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append(Step(line[2:], []))
            elif found:
                found[-1].shown.append(line)
    return found


def matches(output: str, shown: list[str]) -> bool:
    """Whether ``output`` is what the README shows (``...`` for lines left out)."""
    pattern = "".join(
        r"(?:.*\n)*?" if line == "..." else re.escape(_CHECK.sub("check H", line)) + r"\n"
        for line in shown
    )
    return re.fullmatch(pattern, _CHECK.sub("check H", output)) is not None


def test_the_readme_shows_the_real_output_of_a_whole_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(EXAMPLES / "logo.yaml", tmp_path / "logo.yaml")
    shutil.copy(EXAMPLES / "business" / "firmbrief.toml", tmp_path / "firmbrief.toml")
    monkeypatch.chdir(tmp_path)
    walked = steps((ROOT / "README.md").read_text("utf-8"))
    assert len(walked) > 20
    commands = {step.args[0] for step in walked}
    assert {"record", "status", "gate", "notice", "schedule", "check", "invoice"} <= commands
    for step in walked:
        result = run(*step.args)
        assert result.exit_code in {0, 1}, (step.command, result.output)
        assert matches(result.stdout, step.shown), (step.command, result.stdout)


def test_the_readme_walks_through_invoices_a_split_payment_a_void_and_a_finished_project() -> None:
    text = section((ROOT / "README.md").read_text("utf-8"))
    assert (
        "2,499.00 EUR for the iteration 2 prepayment (invoice 2027-0001, 1,428.00 EUR) and the "
        "iteration 1 balance (invoice 2027-0002, 1,071.00 EUR)" in text
    )
    assert "Voided lines (they stay in the record and count no more)" in text
    assert "$ firmbrief invoice logo.yaml --date 2026-12-28 --future\nwrote logo-invoice-2026-0001.pdf" in text
    assert "--invoice 2026-0001 --date 2027-01-05" in text
    assert "Finished on 12 April 2027: every iteration accepted, every instalment paid" in text
