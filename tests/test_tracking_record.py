"""The record believes only what holds together: a payment entered twice, events out of order,
an ending "for cause" without the cause, a record that belongs to another brief (issue 28 items
13, 14 and 16; issue 24's same-day payment)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from conftest import run
from tracking_support import record, signed_and_started, status


def _lines(brief: Path) -> int:
    return len(brief.with_name(brief.name + ".log.jsonl").read_text("utf-8").splitlines())


# --- issue 24: the same payment twice on the same day ------------------------------------------


def test_a_payment_equal_to_one_recorded_the_same_day_needs_again(logo: Path) -> None:
    signed_and_started(logo)  # line 2: 1071.00 on 5 January 2027
    before = _lines(logo)
    args = ("payment", "--amount", "1071.00", "--date", "2027-01-05")
    refused = run("record", logo, *args)
    assert refused.exit_code == 2, refused.output
    assert re.search(
        r"--amount: a payment of 1,071\.00 EUR on 5 January 2027 is recorded already \(line 2\)"
        r".*--again",
        refused.output,
    ), refused.output
    assert _lines(logo) == before
    # another day, or another amount, is not a twin
    record(logo, "payment", "--amount", "1071.00", "--date", "2027-01-06")
    record(logo, "payment", "--amount", "100.00", "--date", "2027-01-05")
    # confirmed: recorded, and the confirmation stays in the record
    done = run("record", logo, *args, "--again")
    assert done.exit_code == 0, done.output
    last = logo.with_name(logo.name + ".log.jsonl").read_text("utf-8").splitlines()[-1]
    assert json.loads(last)["again"] is True
    instalments = status(logo, "2027-01-10")["instalments"]
    received = sum(Decimal(i["received"]["gross"]) for i in instalments)
    assert received == Decimal("1071.00") * 3 + Decimal("100.00")


def test_a_voided_payment_is_no_twin(logo: Path) -> None:
    signed_and_started(logo)
    record(logo, "void", "--line", "2", "--reason", "wrong brief", "--date", "2027-01-07")
    record(logo, "payment", "--amount", "1071.00", "--date", "2027-01-05")
