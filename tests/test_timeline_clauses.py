"""The clauses this package owns, as a table: for each brief field that changes them, the
sentences expected for each value (and those that must not appear)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, run
from pdf_support import text_of

pytestmark = pytest.mark.slow

Change = Callable[[dict[str, Any]], None]


def _iterations(**values: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        for it in data["iterations"]:
            it.update(values)

    return change


def _two_rounds(data: dict[str, Any]) -> None:
    """Two rounds in each iteration, iteration 2 moved to start once iteration 1's can end."""
    _iterations(revision_rounds=2)(data)
    data["iterations"][1].update(start="2027-03-05", delivery="2027-04-01")


def _set(section: str, key: str, value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        data.setdefault(section, {})[key] = value

    return change


def _no_materials(data: dict[str, Any]) -> None:
    data["materials"] = []


TABLE: list[tuple[str, Change, tuple[str, ...], tuple[str, ...]]] = [
    (
        "iterations.drafts: 2 (several drafts)",
        _iterations(drafts=2),
        (
            "An early draft shows a direction to react to, not a finished result",
            "by the end of its comment window",
            "Draft 1 of 2",
        ),
        ("Each iteration is delivered once",),
    ),
    (
        "iterations.drafts: 1 (the delivery only)",
        _iterations(drafts=1),
        (
            "Each iteration is delivered once, as the finished work for acceptance",
            "Delivery for acceptance",
        ),
        ("not a finished result", "Draft 1 of"),
    ),
    (
        "iterations.revision_rounds: 0",
        _iterations(revision_rounds=0),
        ("No revision rounds are included", "None included"),
        ("A revision round is all", "Revision round 1 of"),
    ),
    (
        "iterations.revision_rounds: 2",
        _two_rounds,
        (
            "A revision round is all of the client’s feedback on a delivery",
            "within 5 working days of receiving the feedback",
            "Revision round 2 of 2",
        ),
        ("No revision rounds are included",),
    ),
    (
        "payment.extra_round_price: 280.00",
        _set("payment", "extra_round_price", "280.00"),
        ("Each further round costs 280,00 € plus VAT",),
        ("Further rounds are quoted in writing",),
    ),
    (
        "terms.late_materials: keep_dates",
        _set("terms", "late_materials", "keep_dates"),
        ("If a material arrives late, the agreed dates stay",),
        ("move by the number of working days it was late",),
    ),
    (
        "materials: none",
        _no_materials,
        ("The client supplies no materials for this project",),
        ("What the client supplies Material",),
    ),
    (
        "client.approver and also_agree",
        lambda data: None,
        (
            "Tom Becker (Owner) gives the client’s answer, once Anna Becker (co-owner) has agreed",
            "as if Tom Becker had accepted it",
        ),
        (),
    ),
]


@pytest.mark.parametrize(("field", "change", "present", "absent"), TABLE, ids=[t[0] for t in TABLE])
def test_each_value_reads_as_the_table_says(
    brief_data: Callable[[str], dict[str, Any]],
    write_brief: Callable[[dict[str, Any]], Path],
    tmp_path: Path,
    field: str,
    change: Change,
    present: tuple[str, ...],
    absent: tuple[str, ...],
) -> None:
    data = brief_data("logo")
    data["language"] = "en"  # the table's English wording (the logo's Berlin client reads German)
    change(data)
    brief = write_brief(data)
    result = run("render", brief, "-o", tmp_path, "-w", "terms", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    (terms,) = tmp_path.glob("*-terms.pdf")  # named after the brief's title
    text = text_of(terms)
    for words in present:
        assert words in text, (field, words)
    for words in absent:
        assert words not in text, (field, words)
