"""Walking a project through its record from the command line: the example brief copied into
the test's folder, recording events, reading the status back."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from conftest import run

__all__ = [
    "ITERATION_2_PREPAID",
    "instalment",
    "iteration_1_accepted",
    "record",
    "record_all",
    "signed_and_started",
    "status",
]

ITERATION_2_PREPAID: tuple[tuple[str, ...], ...] = (
    ("signed", "--date", "2026-12-01"),
    ("payment", "--amount", "1071.00", "--date", "2027-01-05"),
    ("materials", "--material", "1", "--material", "2", "--date", "2027-01-06"),
    ("delivered", "-i", "1", "--date", "2027-02-05"),
    ("accepted", "-i", "1", "--date", "2027-02-08"),
    ("materials", "--material", "3", "--date", "2027-02-09"),
    ("payment", "--amount", "2499.00", "--date", "2027-02-10"),
)
"""The logo example's record with iteration 1 accepted and paid and iteration 2 prepaid (its
start waits for nothing on Tue 23 Feb 2027)."""


def record(brief: Path, *args: str) -> str:
    result = run("record", brief, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def record_all(brief: Path, events: Iterable[tuple[str, ...]]) -> None:
    """``record`` each event of ``events`` in turn (each must succeed)."""
    for args in events:
        record(brief, *args)


def status(brief: Path, today: str) -> dict[str, Any]:
    result = run("status", brief, "--today", today, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def instalment(data: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(i for i in data["instalments"] if i["key"] == key)
    return found


def signed_and_started(brief: Path) -> None:
    record(brief, "signed", "--date", "2026-12-01")
    record(brief, "payment", "--amount", "1071.00", "--for", "1-prepayment", "--date", "2027-01-05")
    record(brief, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")


def iteration_1_accepted(brief: Path) -> None:
    signed_and_started(brief)
    record(brief, "delivered", "-i", "1", "--draft", "1", "--date", "2027-01-20")
    record(brief, "revision", "-i", "1", "--revise", "logo: warmer brown", "--date", "2027-01-22")
    record(brief, "delivered", "-i", "1", "--draft", "2", "--date", "2027-01-28")
    record(brief, "delivered", "-i", "1", "--date", "2027-02-05")
    record(brief, "accepted", "-i", "1", "--date", "2027-02-08")
    record(brief, "materials", "--material", "3", "--date", "2027-02-10")
