"""The record believes only what holds together: a payment entered twice, events out of order,
an ending "for cause" without the cause, a record that belongs to another brief (issue 28 items
13, 14 and 16; issue 24's same-day payment)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from conftest import run
from tracking_support import iteration_1_accepted, record, signed_and_started, status


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


# --- 28.14: events out of order -----------------------------------------------------------------


def test_a_cancellation_dated_before_accepted_work_is_refused_naming_both_lines(
    logo: Path,
) -> None:
    iteration_1_accepted(logo)  # line 7 delivered on 5 February, line 8 accepted on the 8th
    before = _lines(logo)
    refused = run("record", logo, "cancelled", "--by", "client", "--date", "2027-02-01")
    assert refused.exit_code == 2, refused.output
    assert re.search(
        r"--date: line 10 \(cancelled by the client on 1 February 2027\) contradicts line 7 "
        r"\(iteration 1: delivery for acceptance on 5 February 2027\), which is dated later",
        refused.output,
    ), refused.output
    assert _lines(logo) == before
    # on the day after the last work, the same cancellation is recorded
    record(logo, "cancelled", "--by", "client", "--date", "2027-02-10")


def test_an_acceptance_before_its_delivery_or_its_start_is_refused(logo: Path) -> None:
    signed_and_started(logo)  # iteration 1 starts on 11 January 2027
    early = run("record", logo, "accepted", "-i", "1", "--date", "2027-01-08")
    assert early.exit_code == 2, early.output
    assert "line 4 accepts iteration 1 on 8 January 2027, before its work started (it " in (
        early.output
    ), early.output
    record(logo, "delivered", "-i", "1", "--date", "2027-02-05")  # line 4
    before = _lines(logo)
    refused = run("record", logo, "accepted", "-i", "1", "--date", "2027-02-01")
    assert refused.exit_code == 2, refused.output
    assert "line 5 (iteration 1 accepted on 1 February 2027) contradicts line 4 (iteration 1: " \
        "delivery for acceptance on 5 February 2027), which is dated later" in refused.output, (
            refused.output
        )
    feedback = run("record", logo, "revision", "-i", "1", "--revise", "logo: warmer",
                   "--date", "2027-02-02")  # fmt: skip
    assert feedback.exit_code == 2, feedback.output
    assert "feedback answers a delivery made before it" in feedback.output
    assert _lines(logo) == before
    record(logo, "accepted", "-i", "1", "--date", "2027-02-08")
