"""A whole project walked through its record: gates, rounds, changes, moved dates, warnings.

The example is examples/logo.yaml (EUR, prices net of 19% VAT): iteration 1 costs 1,800.00
(prepayment and balance 900.00 + 171.00 = 1,071.00 each), iteration 2 costs 2,400.00 (1,428.00
each), an extra revision round 280.00 (333.20 gross). Every step goes through the command line.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from conftest import EXAMPLES, run
from tracking_support import instalment, iteration_1_accepted, record, signed_and_started, status

# --- payment gates ---------------------------------------------------------------------------


def test_iteration_2_waits_for_its_prepayment_and_for_iteration_1_paid_in_full(
    logo: Path,
) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    record(logo, "materials", "--material", "1", "--material", "2", "--material", "3",
           "--date", "2027-01-04")  # fmt: skip
    unpaid = run("gate", "start", logo, "1", "--today", "2027-01-04")
    assert unpaid.exit_code == 1, unpaid.output
    assert "the iteration 1 prepayment is missing 1,071.00 EUR of 1,071.00 EUR" in unpaid.stdout
    record(logo, "payment", "--amount", "1071.00", "--for", "1-prepayment", "--date", "2027-01-05")
    first = run("gate", "start", logo, "1", "--today", "2027-01-11")
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("open: iteration 1 may start")

    record(logo, "delivered", "-i", "1", "--date", "2027-02-05")
    still_in_review = run("gate", "start", logo, "2", "--today", "2027-02-08")
    assert "  - iteration 1 is not accepted yet (its review runs until 10 February 2027)" in (
        still_in_review.stdout
    )
    record(logo, "accepted", "-i", "1", "--date", "2027-02-08")

    # 1,428.00 (its own prepayment) + 1,071.00 (iteration 1's balance, due 8 + 14 days)
    closed = run("gate", "start", logo, "2", "--today", "2027-02-12")
    assert closed.exit_code == 1, closed.output
    assert closed.stdout.splitlines() == [
        "closed: iteration 2 may not start yet (2,499.00 EUR missing)",
        "  - the iteration 2 prepayment is missing 1,428.00 EUR of 1,428.00 EUR, due 23 February "
        "2027",
        "  - the iteration 1 balance is missing 1,071.00 EUR of 1,071.00 EUR, due 22 February 2027",
    ]

    record(logo, "payment", "--amount", "1000", "--for", "2-prepayment", "--date", "2027-02-10")
    part = run("gate", "start", logo, "2", "--today", "2027-02-12", "--format", "json")
    assert part.exit_code == 1, part.output
    answer = json.loads(part.stdout)
    assert answer["open"] is False
    assert answer["missing"][0] == {
        "instalment": "2-prepayment",
        "label": "iteration 2 prepayment",
        "gross": "1428.00",
        "received": "1000.00",
        "outstanding": "428.00",
        "due": "2027-02-23",
        "payments": [{"line": 6, "date": "2027-02-10", "amount": "1000.00", "from_credit": False}],
    }
    assert answer["missing"][1]["instalment"] == "1-balance"

    record(logo, "payment", "--amount", "428.00", "--date", "2027-02-11")  # matches 2-prepayment
    waiting = run("gate", "start", logo, "2", "--today", "2027-02-12")
    assert waiting.exit_code == 1, waiting.output
    assert "closed: iteration 2 may not start yet (1,071.00 EUR missing)" in waiting.stdout
    assert "the iteration 2 prepayment" not in waiting.stdout

    record(logo, "payment", "--amount", "1071.00", "--date", "2027-02-12")  # matches 1-balance
    opened = run("gate", "start", logo, "2", "--today", "2027-02-12")
    assert opened.exit_code == 0, opened.output
    assert opened.stdout.splitlines() == [
        "open: iteration 2 may start",
        "  note: the iteration 2 prepayment of 1,428.00 EUR was paid in full on 11 February 2027: "
        "1,000.00 EUR on 10 February 2027, line 6; 428.00 EUR on 11 February 2027, line 7",
        "  note: iteration 1 was accepted on 8 February 2027 and paid in full on 12 February 2027",
        "  note: iteration 2 is planned to start on 23 February 2027",
    ]


def test_a_gate_is_closed_before_the_signing_and_refuses_an_unknown_iteration(logo: Path) -> None:
    unsigned = run("gate", "start", logo, "1", "--today", "2026-12-01")
    assert unsigned.exit_code == 1
    assert "the brief is not signed yet" in unsigned.stdout
    unknown = run("gate", "start", logo, "0", "--today", "2026-12-01")
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        f"error: {logo}: iteration 0: there is no such iteration: the brief's iterations are "
        "numbered 1 to 2\n"
    )


def test_the_source_stays_closed_until_every_instalment_is_paid(logo: Path) -> None:
    iteration_1_accepted(logo)
    record(logo, "payment", "--amount", "1071", "--for", "1-balance", "--date", "2027-02-10")
    record(logo, "payment", "--amount", "1428", "--for", "2-prepayment", "--date", "2027-02-12")
    record(logo, "delivered", "-i", "2", "--date", "2027-03-12")
    record(logo, "accepted", "-i", "2", "--date", "2027-03-15")

    closed = run("gate", "release-source", logo, "--today", "2027-03-16")
    assert closed.exit_code == 1, closed.output
    assert "the iteration 2 balance is missing 1,428.00 EUR of 1,428.00 EUR" in closed.stdout
    refused = run("record", logo, "released", "--date", "2027-03-16")
    assert refused.exit_code == 1
    assert "the source may not be released yet" in refused.stderr

    record(logo, "payment", "--amount", "1400", "--for", "2-balance", "--date", "2027-03-20")
    still = run("gate", "release-source", logo, "--today", "2027-03-21")
    assert still.exit_code == 1
    assert (
        "missing 28.00 EUR of 1,428.00 EUR (received: 1,400.00 EUR on 20 March 2027, line 14), "
        "due 29 March 2027"
    ) in still.stdout

    record(logo, "payment", "--amount", "28", "--for", "2-balance", "--date", "2027-03-22")
    opened = run("gate", "release-source", logo, "--today", "2027-03-22")
    assert opened.exit_code == 0, opened.output
    assert "every instalment is paid (4,998.00 EUR in total)" in opened.stdout
    assert "source released" in record(logo, "released", "--date", "2027-03-22")
    done = status(logo, "2027-03-23")
    assert done["finished"] == "2027-03-22"
    assert (done["next_action"], done["next"]) == ("", None)


def test_source_release_not_included_never_opens(tmp_path: Path) -> None:
    brief = tmp_path / "translation.yaml"
    shutil.copy(EXAMPLES / "translation.yaml", brief)
    record(brief, "signed", "--date", "2026-12-01")
    result = run("gate", "release-source", brief, "--today", "2026-12-02")
    assert result.exit_code == 1
    assert "not part of this project" in result.stdout


# --- revision rounds and change requests -----------------------------------------------------


def test_a_third_round_on_a_two_round_iteration_is_billable(logo: Path) -> None:
    iteration_1_accepted(logo)
    record(logo, "payment", "--amount", "1428", "--for", "2-prepayment", "--date", "2027-02-12")
    record(logo, "delivered", "-i", "2", "--draft", "1", "--date", "2027-02-26")
    first = record(
        logo,
        "revision",
        "-i",
        "2",
        "--revise",
        "brand-guide: more packaging",
        "--date",
        "2027-03-01",
    )
    assert "revision round 1 of 2 included" in first
    record(
        logo,
        "revision",
        "-i",
        "2",
        "--revise",
        "stationery#1: bleed on the price tag",
        "--date",
        "2027-03-03",
    )
    third = record(
        logo,
        "revision",
        "-i",
        "2",
        "--revise",
        "logo: a slightly larger wordmark",
        "--date",
        "2027-03-05",
    )
    assert "revision round 3 of 2 included; this round is billable (333.20 EUR gross)" in third

    data = status(logo, "2027-03-08")
    rounds = data["iterations"][1]["revision_rounds"]
    assert rounds == {"included": 2, "used": 3, "left": 0, "billable": [3]}
    extra = instalment(data, "2-round-3")
    assert extra["amounts"] == {"net": "280.00", "tax": "53.20", "gross": "333.20"}
    assert extra["due"] == "2027-03-19"  # 14 days after the request
    assert "billable-rounds" in {w["code"] for w in data["warnings"]}
    text = run("status", logo, "--today", "2027-03-08").stdout
    assert "revision rounds 3 of 2 used, 1 billable" in text
    assert "iteration 2 extra revision round 3" in text


def test_feedback_on_an_early_draft_and_a_missed_criterion_use_no_round(logo: Path) -> None:
    signed_and_started(logo)
    record(logo, "delivered", "-i", "1", "--draft", "1", "--date", "2027-01-20")
    record(logo, "revision", "-i", "1", "--revise", "logo: rounder", "--date", "2027-01-21")
    record(logo, "delivered", "-i", "1", "--draft", "2", "--date", "2027-01-28")
    record(
        logo, "revision", "-i", "1", "--fix", "logo#1: unreadable at 16 px", "--date", "2027-01-29"
    )
    data = status(logo, "2027-02-01")
    assert data["iterations"][0]["revision_rounds"]["used"] == 0
    record(logo, "revision", "-i", "1", "--revise", "logo: warmer brown", "--date", "2027-02-01")
    assert status(logo, "2027-02-01")["iterations"][0]["revision_rounds"]["used"] == 1


def test_a_change_of_scope_becomes_a_priced_change_request_with_an_instalment(logo: Path) -> None:
    iteration_1_accepted(logo)
    record(logo, "payment", "--amount", "1071", "--for", "1-balance", "--date", "2027-02-10")
    record(logo, "payment", "--amount", "1428", "--for", "2-prepayment", "--date", "2027-02-12")
    out = record(
        logo, "revision", "-i", "2", "--scope", "brand-guide: add a social media page",
        "--date", "2027-02-16",
    )  # fmt: skip
    assert "change request 1 to be quoted" in out
    before = status(logo, "2027-02-16")
    assert before["change_requests"][0]["price"] is None
    assert before["iterations"][1]["revision_rounds"]["used"] == 0  # scope is not a round
    assert "change-unpriced" in {w["code"] for w in before["warnings"]}
    record(logo, "note", "--kind", "update", "--date", "2027-02-16")
    assert "change --request 1 --price AMOUNT" in status(logo, "2027-02-16")["next_action"]

    agreed = record(
        logo, "change", "--request", "1", "--price", "600", "-i", "2", "--delivery", "2027-03-26",
        "--date", "2027-02-17",
    )  # fmt: skip
    assert "change request 1 agreed at 600.00 EUR (714.00 EUR gross)" in agreed
    data = status(logo, "2027-02-18")
    request = data["change_requests"][0]
    assert request["price"] == "600.00" and request["instalment"] == "change-1"
    change = instalment(data, "change-1")
    assert change["amounts"] == {"net": "600.00", "tax": "114.00", "gross": "714.00"}
    assert change["due"] == "2027-03-03"
    assert data["iterations"][1]["delivery"] == "2027-03-26"
    assert {
        "what": "iteration 2 delivery",
        "planned": "2027-03-19",
        "now": "2027-03-26",
    }.items() <= (data["moved"][0].items())
    gate = run("gate", "release-source", logo, "--today", "2027-02-18")
    assert "the change request 1 is missing 714.00 EUR" in gate.stdout


def test_a_change_of_scope_priced_in_the_feedback_adds_its_instalment_at_once(logo: Path) -> None:
    iteration_1_accepted(logo)
    record(
        logo, "revision", "-i", "2", "--scope", "stationery: a gift voucher design", "--price", "350",
        "--date", "2027-02-16",
    )  # fmt: skip
    data = status(logo, "2027-02-16")
    assert instalment(data, "change-1")["amounts"]["gross"] == "416.50"


# --- dates that move ------------------------------------------------------------------------


def test_late_materials_move_the_dates_of_the_work_that_needs_them(logo: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    record(logo, "payment", "--amount", "1071", "--date", "2027-01-05")
    record(logo, "materials", "--material", "1", "--date", "2027-01-06")
    out = record(logo, "materials", "--material", "2", "--date", "2027-01-12")  # due Fri 8 Jan
    assert '"Existing menu and packaging files", 2 working day(s) late' in out
    data = status(logo, "2027-01-13")
    first, second = data["iterations"]
    assert (first["start"], first["delivery"]) == ("2027-01-13", "2027-02-09")
    assert (second["start"], second["delivery"]) == ("2027-02-25", "2027-03-23")
    assert instalment(data, "2-prepayment")["due"] == "2027-02-25"
    assert all("Existing menu and packaging files" in m["why"] for m in data["moved"])


def test_missing_materials_move_the_dates_so_far_and_are_overdue(logo: Path) -> None:
    signed_and_started(logo)
    record(logo, "delivered", "-i", "1", "--date", "2027-02-01")
    record(logo, "accepted", "-i", "1", "--date", "2027-02-02")
    record(logo, "payment", "--amount", "2499", "--date", "2027-02-03")  # 1-balance, 2-prepayment
    data = status(logo, "2027-02-16")  # material 3 (iteration 2) was due Thu 11 Feb
    assert data["materials"][2]["late_working_days"] == 3
    assert data["iterations"][1]["start"] == "2027-02-26"  # 23 Feb + 3 working days
    assert any("still missing" in m["why"] for m in data["moved"])
    assert "materials-overdue" in {o["code"] for o in data["overdue"]}


def test_late_materials_keep_the_dates_when_the_terms_say_so(
    tmp_path: Path, brief_data: Any, write_brief: Any
) -> None:
    data = brief_data("logo")
    data["terms"]["late_materials"] = "keep_dates"
    brief = write_brief(data, "logo.yaml")
    record(brief, "signed", "--date", "2026-12-01")
    record(brief, "payment", "--amount", "1071", "--date", "2027-01-05")
    record(brief, "materials", "--material", "1", "--material", "2", "--date", "2027-01-12")
    assert status(brief, "2027-01-13")["iterations"][0]["start"] == "2027-01-11"


def test_a_late_prepayment_moves_its_iteration_and_the_ones_after(logo: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    record(logo, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")
    record(logo, "payment", "--amount", "1071", "--date", "2027-01-13")  # start was Mon 11 Jan
    first, second = status(logo, "2027-01-14")["iterations"]
    assert first["start"] == "2027-01-13" and second["start"] == "2027-02-25"


def test_an_announced_delay_moves_the_delivery(logo: Path) -> None:
    signed_and_started(logo)
    out = record(logo, "delay", "-i", "1", "--delivery", "10 February 2027", "--reason",
                 "illness", "--date", "2027-02-01")  # fmt: skip
    assert "iteration 1's delivery moves to 10 February 2027" in out
    assert status(logo, "2027-02-02")["iterations"][0]["delivery"] == "2027-02-10"
