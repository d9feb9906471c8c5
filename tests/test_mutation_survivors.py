"""The bugs a mutation review made that no test caught (issue 29), each with the test that now
catches it. Every test here was run once with its bug put back by hand and failed.

The figures are worked out by hand from examples/logo.yaml (EUR, net prices, 19% VAT, Berlin's
working days, 50% prepayment, 3 working days of review, 14 days to pay): iteration 1 costs
1,800.00 net (prepayment 900.00 + 171.00 = 1,071.00 gross), iteration 2 2,400.00 net
(prepayment 1,200.00 + 228.00 = 1,428.00 gross); iteration 2 starts Mon 15 Feb 2027.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from firmbrief.contracts.record.gates import release_gate
from firmbrief.contracts.record.log import read_record
from firmbrief.contracts.record.replay import project_of
from firmbrief.contracts.record.state import load_brief

from conftest import EXAMPLES, run
from invoice_support import NS, business, xml_of
from tracking_support import record, record_all, status

# --- the project record: cancellation, reviews, moved dates -----------------------------------

ACCEPTED_1: tuple[tuple[str, ...], ...] = (
    ("signed", "--date", "2026-12-01"),
    ("payment", "--amount", "1071.00", "--date", "2027-01-05"),
    ("materials", "--material", "1", "--material", "2", "--date", "2027-01-06"),
    ("delivered", "-i", "1", "--date", "2027-02-05"),
    ("accepted", "-i", "1", "--date", "2027-02-08"),
    ("materials", "--material", "3", "--date", "2027-02-09"),
)
"""Signed, iteration 1 prepaid, delivered on Fri 5 Feb and accepted on Mon 8 Feb 2027."""

PREPAID_2 = ("payment", "--amount", "2499.00", "--date", "2027-02-10")
"""Iteration 1's balance (1,071.00) and iteration 2's prepayment (1,428.00), before its start."""



def _settlement(data: dict[str, Any]) -> tuple[list[tuple[str, str]], str]:
    owed = data["cancellation"]["owed"]
    lines = [(line["owed"]["gross"], line["received"]) for line in owed]
    return lines, data["cancellation"]["balance"]


def _iteration(data: dict[str, Any], number: int) -> dict[str, Any]:
    found: dict[str, Any] = data["iterations"][number - 1]
    assert found["number"] == number
    return found


def test_1_the_freelancer_ending_after_a_prepayment_but_before_its_iteration_refunds_it(
    logo: Path,
) -> None:
    # iteration 2 prepaid on Wed 10 Feb; the freelancer ends on Fri 12 Feb, before its start
    record_all(logo, (*ACCEPTED_1, PREPAID_2, ("cancelled", "--by", "freelancer", "--date", "2027-02-12")))
    data = status(logo, "2027-02-15")
    # iteration 1 accepted: owed in full and paid; iteration 2 never started: nothing owed, its
    # 1,428.00 prepayment to be refunded to the client
    assert _settlement(data) == ([("2142.00", "2142.00"), ("0.00", "1428.00")], "-1428.00")
    assert data["next"]["action"] == "refund", data["next_action"]


@pytest.mark.parametrize(
    ("day", "started", "settled"),
    [
        # the Monday before the start (Tue 23 Feb): not started; under the example's German
        # standard terms 25% of what was paid of it is owed (300.00 + 57.00 VAT), the other
        # 1,071.00 refunded
        ("2027-02-22", False, ([("2142.00", "2142.00"), ("357.00", "1428.00")], "-1071.00")),
        # the start day itself: started (its gate opened on 10 Feb and its day came), so what
        # was paid is kept plus 25% of the unpaid 1,200.00 net (300.00 + 57.00 VAT)
        ("2027-02-23", True, ([("2142.00", "2142.00"), ("1785.00", "1428.00")], "357.00")),
    ],
    ids=["the-day-before", "the-start-day"],
)
def test_2_cancelling_on_the_day_an_iteration_starts_counts_it_as_started(
    logo: Path, day: str, started: bool, settled: tuple[list[tuple[str, str]], str]
) -> None:
    record_all(logo, (*ACCEPTED_1, PREPAID_2, ("cancelled", "--by", "client", "--date", day)))
    data = status(logo, day)
    assert _settlement(data) == settled
    standing = [line["standing"] for line in data["cancellation"]["owed"]]
    assert standing[1] == ("in_progress" if started else "not_started"), standing


def _chain(brief: Path, extra: dict[str, Any]) -> None:
    """Append ``extra`` to the record as another program would: with ``seq``, ``prev`` and
    ``check`` as the record's documented format says (the first 16 hex digits of the SHA-256
    of the line's other fields as sorted, compact JSON), and the head beside it updated."""
    log = brief.with_name(f"{brief.name}.log.jsonl")
    lines = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    fields = {"seq": len(lines) + 1, **extra, "prev": lines[-1]["check"]}
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    fields["check"] = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
    with log.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(fields, separators=(",", ":"), ensure_ascii=False) + "\n")
    head = brief.with_name(f".{log.name}.head")
    head.write_text(json.dumps({"line": fields["seq"], "check": fields["check"]}), "utf-8")


def test_8_the_recorded_time_is_part_of_a_lines_check_sum(logo: Path) -> None:
    record_all(logo, ACCEPTED_1[:2])
    log = logo.with_name("logo.yaml.log.jsonl")
    lines = log.read_text("utf-8").splitlines()
    first = json.loads(lines[0])
    first["recorded"] = "2026-11-01T08:00:00Z"  # backdated by hand, every other field kept
    lines[0] = json.dumps(first, separators=(",", ":"), ensure_ascii=False)
    log.write_text("\n".join(lines) + "\n", "utf-8")
    result = run("status", logo, "--today", "2027-01-06")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and "line 1" in result.stderr, result.stderr
    assert "edited after it was written" in result.stderr, result.stderr


def test_9_one_line_cut_off_the_end_of_the_record_is_reported_missing(logo: Path) -> None:
    record_all(logo, ACCEPTED_1[:3])
    log = logo.with_name("logo.yaml.log.jsonl")
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join(lines[:-1]))  # a valid chain, one line short of the head
    for command in (("status", logo, "--today", "2027-01-07"), ("gate", "start", logo, "1", "--today", "2027-01-07")):
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert "internal error" not in result.output, result.output
        assert (
            f"line {len(lines)}: missing: the record ends at line {len(lines) - 1}, but "
            f"{len(lines)} lines were written" in result.stderr
        ), result.stderr


def test_10_a_line_voided_twice_is_listed_once_and_the_second_void_counts_for_nothing(
    logo: Path,
) -> None:
    record_all(logo, ACCEPTED_1[:2])
    record(logo, "void", "--line", "2", "--reason", "booked twice", "--date", "2027-01-06")
    # the command refuses a second void of line 2; a record merged from another copy holds one
    refused = run("record", logo, "void", "--line", "2", "--reason", "again", "--date", "2027-01-07")
    assert refused.exit_code == 2 and "line 2 was voided" in refused.stderr, refused.output
    _chain(logo, {"event": "void", "date": "2027-01-07", "line": 2, "reason": "again",
                  "recorded": "2027-01-07T10:00:00Z"})  # fmt: skip
    data = status(logo, "2027-01-08")
    assert [(v["line"], v["voided_by"]) for v in data["voided"]] == [(2, 3)]
    messages = [w["message"] for w in data["warnings"] if w["code"] == "record-mismatch"]
    assert messages == [
        "logo.yaml.log.jsonl line 4: a void that counts for nothing: line 2 was voided already"
    ]
    # the payment counts for nothing either way: the prepayment is still outstanding
    owed = next(i for i in data["instalments"] if i["key"] == "1-prepayment")
    assert owed["received"]["gross"] == "0.00"


def _source_gate(brief: Path, terms: Path, today: str) -> tuple[bool, list[str]]:
    """The release gate of ``brief``'s record on ``today``, under the brief ``terms``."""
    project = project_of(load_brief(terms), read_record(brief), today=date.fromisoformat(today))
    gate = release_gate(project)
    return gate.open, gate.reasons


def test_11_source_released_on_delivery_waits_for_every_final_delivery_not_for_money(
    brief_data: Any, write_brief: Any
) -> None:
    # check refuses on_delivery (source before payment), so no brief signs with it from the
    # command line; the gate's rule for it is read here under the same record
    data = brief_data("logo")
    brief: Path = write_brief(data, "logo.yaml")
    data["terms"]["source_release"] = "on_delivery"
    terms: Path = write_brief(data, "on-delivery.yaml")
    record_all(brief, ACCEPTED_1[:3])
    record(brief, "delivered", "-i", "1", "--draft", "1", "--date", "2027-01-20")
    # a draft is not a delivery: nothing may be released yet
    assert _source_gate(brief, terms, "2027-01-21") == (
        False, ["iteration(s) 1, 2 not delivered yet"]
    )  # fmt: skip
    record(brief, "delivered", "-i", "1", "--date", "2027-02-05")
    assert _source_gate(brief, terms, "2027-02-06") == (False, ["iteration(s) 2 not delivered yet"])
    record(brief, "accepted", "-i", "1", "--date", "2027-02-08")
    record(brief, "payment", "--amount", "2499.00", "--date", "2027-02-10")
    record(brief, "delivered", "-i", "2", "--date", "2027-03-12")
    # delivered, not accepted and its balance unpaid: on_delivery releases the source anyway
    assert _source_gate(brief, terms, "2027-03-13") == (True, [])
    # the same record under the brief as signed (after_final_payment) waits for the money
    shut, reasons = _source_gate(brief, brief, "2027-03-13")
    assert not shut and any("iteration 2 balance" in reason for reason in reasons), reasons


def test_12_the_review_of_an_accepted_iteration_ends_after_its_last_delivery(logo: Path) -> None:
    record_all(logo, ACCEPTED_1[:3])
    # a first delivery for acceptance on Mon 1 Feb misses a criterion; the second on Fri 5 Feb
    record(logo, "delivered", "-i", "1", "--date", "2027-02-01")
    record(logo, "revision", "-i", "1", "--fix", "logo#1: does not read at 16 px",
           "--date", "2027-02-02")  # fmt: skip
    record(logo, "delivered", "-i", "1", "--date", "2027-02-05")
    record(logo, "accepted", "-i", "1", "--date", "2027-02-08")
    data = status(logo, "2027-02-09")
    # 3 working days after Fri 5 Feb: Mon 8, Tue 9, Wed 10 (after Mon 1 Feb it would be Thu 4)
    assert _iteration(data, 1)["review_ends"] == "2027-02-10"


@pytest.mark.parametrize(
    ("events", "today"),
    [
        # iteration 2's prepayment came on Sat 27 Feb, after its start (Tue 23 Feb)
        ((*ACCEPTED_1, ("payment", "--amount", "2499.00", "--date", "2027-02-27")), "2027-03-01"),
        # ... or has not come yet, seen on Sat 27 Feb: it holds the start so far
        ((*ACCEPTED_1, ("payment", "--amount", "1071.00", "--date", "2027-02-10")), "2027-02-27"),
    ],
    ids=["paid-on-a-saturday", "still-unpaid-on-a-saturday"],
)
def test_13_a_start_moved_by_a_late_payment_lands_on_a_working_day(
    logo: Path, events: tuple[tuple[str, ...], ...], today: str
) -> None:
    record_all(logo, events)
    data = status(logo, today)
    start = date.fromisoformat(_iteration(data, 2)["start"])
    assert start == date(2027, 3, 1), start  # the Monday after Sat 27 Feb
    moved = {m["what"]: m["now"] for m in data["moved"]}
    assert moved["iteration 2 start"] == "2027-03-01"


def test_14_silence_counts_as_acceptance_only_after_the_last_day_for_an_answer(
    logo: Path,
) -> None:
    record_all(logo, ACCEPTED_1[:3])
    # delivered Fri 5 Feb: the review's 3 working days end Wed 10 Feb
    record(logo, "delivered", "-i", "1", "--date", "2027-02-05")
    # a reminder on the review's last day is no reminder: that day is still the client's
    record(logo, "note", "--kind", "review", "--date", "2027-02-10")
    ignored = _iteration(status(logo, "2027-03-31"), 1)
    assert ignored["reminded"] is None and ignored["deemed_accepted"] is None, ignored
    # the reminder on Thu 11 Feb: 5 working days to answer, Fri 12 to Thu 18 Feb
    record(logo, "note", "--kind", "review", "--date", "2027-02-11")
    on_the_last_day = _iteration(status(logo, "2027-02-18"), 1)
    assert on_the_last_day["counts_as_accepted_unless_answered_by"] == "2027-02-18"
    assert on_the_last_day["deemed_accepted"] is None, on_the_last_day
    assert on_the_last_day["state"] != "accepted", on_the_last_day
    after = _iteration(status(logo, "2027-02-19"), 1)
    assert (after["deemed_accepted"], after["state"]) == ("2027-02-18", "accepted"), after


# --- invoices: numbers, dates, the XML -------------------------------------------------------


def _invoice(brief: Path, *args: str, day: str) -> dict[str, Any]:
    """Issue an invoice dated ``day``, confirmed (``--future``) whatever the real today is."""
    result = run("invoice", brief, *args, "--date", day, "--future", "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _pdf_of(brief: Path, number: str, word: str = "invoice") -> Path:
    found = list(brief.parent.glob(f"{brief.stem}-{word}-{number.replace('/', '-')}.pdf"))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.slow
def test_3_an_invoice_may_not_be_dated_before_the_last_of_its_series(tmp_path: Path) -> None:
    brief = business(tmp_path)
    first = _invoice(brief, "1-prepayment", day="2026-12-01")
    second = _invoice(brief, "2-prepayment", day="2026-12-10")
    # a credit note takes the next number too: after the first invoice (1 Dec) but before the
    # last (10 Dec), the numbers would go back in time
    credit = ("--credit", first["number"])
    late = run("invoice", brief, *credit, "--date", "2026-12-05", "--future")
    assert late.exit_code == 2, late.output  # unusable input: a date out of order
    assert f"the last number of the series, {second['number']}, is dated 10 December 2026" in (
        late.stderr
    ), late.stderr
    # the last one's own day is fine
    assert _invoice(brief, *credit, day="2026-12-10")["number"] not in (first["number"], second["number"])


@pytest.mark.slow
def test_4_a_number_format_without_the_year_numbers_on_across_years(tmp_path: Path) -> None:
    profile = '[business.bank]\niban = "DE89370400440532013000"\n[invoices]\nnumber_format = "JS-{seq:03d}"\n'
    brief = business(tmp_path, profile)
    first = _invoice(brief, "1-prepayment", day="2026-12-30")["number"]
    numbers = [
        first,
        _invoice(brief, "2-prepayment", day="2027-01-04")["number"],
        _invoice(brief, "--credit", first, day="2027-01-05")["number"],
    ]
    assert numbers == ["JS-001", "JS-002", "JS-003"]  # one series: unique, no gap, no restart


def _amounts(xml: bytes) -> dict[str, list[Decimal]]:
    root = etree.fromstring(xml)
    header = "//ram:ApplicableHeaderTradeSettlement"
    paths = {
        "line": "//ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount",
        "basis": f"{header}/ram:ApplicableTradeTax/ram:BasisAmount",
        "calculated": f"{header}/ram:ApplicableTradeTax/ram:CalculatedAmount",
        "rate": f"{header}/ram:ApplicableTradeTax/ram:RateApplicablePercent",
        "lines": f"{header}/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:LineTotalAmount",
        "tax_basis": f"{header}//ram:TaxBasisTotalAmount",
        "tax": f"{header}//ram:TaxTotalAmount",
        "grand": f"{header}//ram:GrandTotalAmount",
        "payable": f"{header}//ram:DuePayableAmount",
    }
    return {
        key: [Decimal(str(e.text)) for e in root.xpath(path, namespaces=NS)]
        for key, path in paths.items()
    }


@pytest.mark.slow
def test_5_the_xml_amounts_add_up_and_the_tax_basis_is_the_net(tmp_path: Path) -> None:
    brief = business(tmp_path)
    issued = _invoice(brief, "1-prepayment", day="2026-12-01")
    found = _amounts(xml_of(_pdf_of(brief, issued["number"])))
    assert all(len(values) == 1 for values in found.values()), found
    one = {key: values[0] for key, values in found.items()}
    data = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))
    net = Decimal(str(data["iterations"][0]["price"])) * data["payment"]["prepayment_percent"] / 100
    rate = Decimal(str(data["tax"]["rate"]))
    tax = (net * rate / 100).quantize(Decimal("0.01"))
    assert one["line"] == one["lines"] == one["basis"] == one["tax_basis"] == net
    assert one["rate"] == rate
    assert one["calculated"] == one["tax"] == tax
    assert one["grand"] == one["payable"] == one["tax_basis"] + one["tax"] == net + tax


@pytest.mark.slow
def test_6_a_credit_note_cites_the_date_of_the_invoice_it_credits(tmp_path: Path) -> None:
    brief = business(tmp_path)
    invoice = _invoice(brief, "1-prepayment", day="2026-12-01")
    credit = _invoice(brief, "--credit", invoice["number"], day="2026-12-09")
    root = etree.fromstring(xml_of(_pdf_of(brief, credit["number"], "credit-note")))
    cited = root.xpath(
        "//ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString",
        namespaces=NS,
    )
    number = root.xpath("//ram:InvoiceReferencedDocument/ram:IssuerAssignedID", namespaces=NS)
    assert [e.text for e in number] == [invoice["number"]]
    assert [e.text for e in cited] == ["20261201"]  # the invoice's day, not the credit note's
    own = root.xpath("//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", namespaces=NS)
    assert [e.text for e in own] == ["20261209"]


@pytest.mark.slow
def test_7_an_invoice_issued_after_its_instalments_day_is_not_due_before_it_is_issued(
    tmp_path: Path,
) -> None:
    brief = business(tmp_path)
    record_all(brief, ACCEPTED_1[1:])
    days = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))["payment"]["due_days"]
    # iteration 1 accepted on Mon 8 Feb: its balance is due 14 days later, Mon 22 Feb
    on_time = _invoice(brief, "1-balance", day="2027-02-08")
    assert on_time["due"] == (date(2027, 2, 8) + timedelta(days=days)).isoformat()
    # invoiced late, on 1 March, the balance is due 14 days after the invoice, not before it
    credit = _invoice(brief, "--credit", on_time["number"], day="2027-03-01")
    assert credit["due"] is None
    late = _invoice(brief, "1-balance", day="2027-03-01")
    due = date.fromisoformat(late["due"])
    assert due == date(2027, 3, 1) + timedelta(days=days)
    root = etree.fromstring(xml_of(_pdf_of(brief, late["number"])))
    said = root.xpath("//ram:DueDateDateTime/udt:DateTimeString", namespaces=NS)
    assert [e.text for e in said] == [due.strftime("%Y%m%d")]

