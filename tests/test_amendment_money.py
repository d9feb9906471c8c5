"""What an amendment and a credit note may not do silently to money already settled (issue 28
item 15): an amendment after a cancellation, an amendment lowering an instalment below what was
paid for it, a credit note for a paid invoice."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from conftest import run
from invoice_support import business
from tracking_support import record, signed_and_started


def _lines(brief: Path) -> int:
    return len(brief.with_name(f"{brief.name}.log.jsonl").read_text("utf-8").splitlines())


def _price(brief: Path, iteration: int, price: str, total: str) -> None:
    data = yaml.safe_load(brief.read_text("utf-8"))
    data["iterations"][iteration - 1]["price"] = price
    data["total"] = total
    brief.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def test_an_amendment_after_a_cancellation_is_refused(logo: Path) -> None:
    signed_and_started(logo)
    record(logo, "cancelled", "--by", "client", "--date", "2027-01-20")
    _price(logo, 2, "2000.00", "3800.00")
    before = _lines(logo)
    refused = run("record", logo, "signed", "--date", "2027-01-21")
    assert refused.exit_code == 1, refused.output
    assert refused.stderr.startswith(
        f"error: {logo}: the project was cancelled on 20 January 2027: its settlement stands"
    ), refused.stderr
    assert _lines(logo) == before


def test_an_amendment_below_what_was_paid_is_refused_naming_the_payment(logo: Path) -> None:
    signed_and_started(logo)  # line 2: 1,071.00 for the iteration 1 prepayment (900.00 net)
    # iteration 1 at 1,000.00 net: its prepayment 500.00 net, 595.00 gross, below the 1,071.00
    _price(logo, 1, "1000.00", "3400.00")
    before = _lines(logo)
    refused = run("record", logo, "signed", "--date", "2027-01-07")
    assert refused.exit_code == 2, refused.output
    assert refused.stderr.startswith(
        f"error: {logo}: signed: the amended brief lowers the iteration 1 prepayment below what "
        "was paid for it: 1,071.00 EUR paid (line 2), and it now costs 595.00 EUR"
    ), refused.stderr
    assert _lines(logo) == before
    # raising a price, or lowering one nothing was paid for, is an amendment as before
    _price(logo, 1, "1800.00", "3800.00")
    _price(logo, 2, "2000.00", "3800.00")
    record(logo, "signed", "--date", "2027-01-07")


def test_a_credit_note_for_a_paid_invoice_is_refused_naming_the_payment(tmp_path: Path) -> None:
    brief = business(tmp_path)
    made = run("invoice", brief, "1-prepayment", "--date", "2026-12-28", "--future",
                "--format", "json")
    assert made.exit_code == 0, made.output
    number = json.loads(made.stdout)["number"]
    record(brief, "payment", "--amount", "1071.00", "--invoice", number, "--date", "2027-01-05")
    before = _lines(brief)
    pdfs = sorted(p.name for p in tmp_path.glob("*.pdf"))
    refused = run("invoice", brief, "--credit", number, "--date", "2027-01-06", "--future")
    assert refused.exit_code == 1, refused.output
    assert refused.stderr.startswith(
        f"error: {brief}: invoice {number} is paid (1,071.00 EUR received for the iteration 1 "
        "prepayment, record line 3): a credit note would leave that payment without its invoice"
    ), refused.stderr
    assert _lines(brief) == before
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == pdfs
    # the payment voided, the invoice can be replaced
    record(brief, "void", "--line", "3", "--reason", "to replace the invoice", "--date",
           "2027-01-06")  # fmt: skip
    credited = run("invoice", brief, "--credit", number, "--date", "2027-01-06", "--future")
    assert credited.exit_code == 0, credited.output
