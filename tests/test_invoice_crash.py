"""A crash while issuing never gives one number to two invoices (issue 28, item 1).

The issuing process is killed with SIGKILL at each of its steps in turn (a pause point the
tests set through ``FIRMBRIEF_TEST_KILL_AT``): after its number is taken (pending in the
register), after the PDF is rendered, after the record's line is appended, after the PDF is
written, after the register marks it issued. The next ``firmbrief invoice`` (of another brief
of the same business) finishes what the killed one left; then the register, both records and
the PDFs agree: consecutive numbers, each issued once, every record line with its row, every
row with its PDF.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from conftest import FIRMBRIEF
from invoice_support import business, xml_of, xml_values

pytestmark = pytest.mark.slow

DAY = "2026-12-01"
STEPS = ["taken", "rendered", "recorded", "written", "completed"]


def _invoice(brief: Path, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FIRMBRIEF_TEST_KILL_AT", None)
    if kill_at:
        env["FIRMBRIEF_TEST_KILL_AT"] = kill_at
    return subprocess.run(
        [str(FIRMBRIEF), "invoice", str(brief), "--date", DAY],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip


def _rows(register: Path) -> list[tuple[str, str, str, str | None]]:
    with sqlite3.connect(register) as db:
        rows = db.execute("SELECT number, state, project, target FROM invoices ORDER BY seq")
        return [tuple(row) for row in rows]


def _recorded(brief: Path) -> list[str]:
    log = brief.with_name(f"{brief.name}.log.jsonl")
    lines = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    return [str(line["number"]) for line in lines if line["event"] == "invoiced"]


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_any_step_leaves_no_number_twice_and_no_gap(tmp_path: Path, step: str) -> None:
    first = business(tmp_path, name="a.yaml")
    second = business(tmp_path, name="b.yaml")
    killed = _invoice(first, kill_at=step)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after = _invoice(second)
    assert after.returncode == 0, after.stderr
    rows = _rows(tmp_path / "invoices.sqlite")
    assert [(number, state) for number, state, _, _ in rows] == [
        ("2026-0001", "issued"), ("2026-0002", "issued"),
    ]  # fmt: skip
    assert _recorded(first) == ["2026-0001"] and _recorded(second) == ["2026-0002"]
    for number, _, project, target in rows:
        assert target is not None and Path(target).name.endswith(f"-invoice-{number}.pdf")
        assert Path(project).stem == Path(target).name.split("-invoice-")[0]
        assert xml_values(xml_of(Path(target)))["number"] == number
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_number_whose_brief_is_gone_is_void_and_never_given_again(tmp_path: Path) -> None:
    first = business(tmp_path, name="a.yaml")
    second = business(tmp_path, name="b.yaml")
    assert _invoice(first, kill_at="taken").returncode == -signal.SIGKILL
    first.rename(tmp_path / "gone.txt")
    after = _invoice(second)
    assert after.returncode == 0, after.stderr
    rows = _rows(tmp_path / "invoices.sqlite")
    assert [(number, state) for number, state, _, _ in rows] == [
        ("2026-0001", "void"), ("2026-0002", "issued"),
    ]  # fmt: skip
    with sqlite3.connect(tmp_path / "invoices.sqlite") as db:
        (note,) = db.execute("SELECT note FROM invoices WHERE number = '2026-0001'").fetchone()
    assert "is gone" in note
