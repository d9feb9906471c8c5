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

import pytest
import yaml

from firmbrief.contracts.record.log import log_path

from conftest import EXAMPLES, run


@pytest.fixture
def logo(tmp_path: Path) -> Path:
    """examples/logo.yaml copied into the test's folder (its record lands beside it)."""
    brief = tmp_path / "logo.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", brief)
    return brief


def record(brief: Path, *args: str) -> str:
    result = run("record", brief, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


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


# --- payment gates ---------------------------------------------------------------------------


def test_a_missing_prepayment_blocks_iteration_2_and_paying_it_opens_the_gate(logo: Path) -> None:
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
    record(logo, "accepted", "-i", "1", "--date", "2027-02-08")

    closed = run("gate", "start", logo, "2", "--today", "2027-02-12")
    assert closed.exit_code == 1, closed.output
    assert "closed: iteration 2 may not start yet (1,428.00 EUR missing)" in closed.stdout
    assert "the iteration 2 prepayment is missing 1,428.00 EUR of 1,428.00 EUR" in closed.stdout

    record(logo, "payment", "--amount", "1000", "--for", "2-prepayment", "--date", "2027-02-10")
    part = run("gate", "start", logo, "2", "--today", "2027-02-12", "--format", "json")
    assert part.exit_code == 1, part.output
    answer = json.loads(part.stdout)
    assert answer["open"] is False
    assert answer["missing"] == [
        {
            "instalment": "2-prepayment",
            "label": "iteration 2 prepayment",
            "gross": "1428.00",
            "received": "1000.00",
            "outstanding": "428.00",
            "due": "2027-02-15",
        }
    ]

    record(logo, "payment", "--amount", "428.00", "--date", "2027-02-11")  # the first outstanding
    opened = run("gate", "start", logo, "2", "--today", "2027-02-12")
    assert opened.exit_code == 0, opened.output
    assert opened.stdout.startswith("open: iteration 2 may start")
    assert "paid in full on 11 February 2027" in opened.stdout


def test_a_gate_is_closed_before_the_signing_and_refuses_an_unknown_iteration(logo: Path) -> None:
    unsigned = run("gate", "start", logo, "1", "--today", "2026-12-01")
    assert unsigned.exit_code == 1
    assert "the brief is not signed yet" in unsigned.stdout
    unknown = run("gate", "start", logo, "3")
    assert unknown.exit_code == 2
    assert "there is no iteration 3 (the brief has 2)" in unknown.stderr


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
    assert "missing 28.00 EUR of 1,428.00 EUR, 1,400.00 EUR received" in still.stdout

    record(logo, "payment", "--amount", "28", "--for", "2-balance", "--date", "2027-03-22")
    opened = run("gate", "release-source", logo, "--today", "2027-03-22")
    assert opened.exit_code == 0, opened.output
    assert "every instalment is paid (4,998.00 EUR in total)" in opened.stdout
    assert "source released" in record(logo, "released", "--date", "2027-03-22")
    done = status(logo, "2027-03-23")
    assert done["next_action"] == "everything is delivered, accepted and paid: close the project"


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
        logo, "change", "--request", "1", "--price", "600", "-i", "2", "--delivery", "2027-03-19",
        "--date", "2027-02-17",
    )  # fmt: skip
    assert "change request 1 agreed at 600.00 EUR (714.00 EUR gross)" in agreed
    data = status(logo, "2027-02-18")
    request = data["change_requests"][0]
    assert request["price"] == "600.00" and request["instalment"] == "change-1"
    change = instalment(data, "change-1")
    assert change["amounts"] == {"net": "600.00", "tax": "114.00", "gross": "714.00"}
    assert change["due"] == "2027-03-03"
    assert data["iterations"][1]["delivery"] == "2027-03-19"
    assert {
        "what": "iteration 2 delivery",
        "planned": "2027-03-12",
        "now": "2027-03-19",
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
    assert (second["start"], second["delivery"]) == ("2027-02-17", "2027-03-16")
    assert instalment(data, "2-prepayment")["due"] == "2027-02-17"
    assert all("Existing menu and packaging files" in m["why"] for m in data["moved"])


def test_missing_materials_move_the_dates_so_far_and_are_overdue(logo: Path) -> None:
    signed_and_started(logo)
    data = status(logo, "2027-02-16")  # material 3 (iteration 2) was due Thu 11 Feb
    assert data["materials"][2]["late_working_days"] == 3
    assert data["iterations"][1]["start"] == "2027-02-18"
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
    assert first["start"] == "2027-01-13" and second["start"] == "2027-02-17"


def test_an_announced_delay_moves_the_delivery(logo: Path) -> None:
    signed_and_started(logo)
    out = record(logo, "delay", "-i", "1", "--delivery", "10 February 2027", "--reason",
                 "illness", "--date", "2027-02-01")  # fmt: skip
    assert "iteration 1's delivery moves to 10 February 2027" in out
    assert status(logo, "2027-02-02")["iterations"][0]["delivery"] == "2027-02-10"


# --- early warnings --------------------------------------------------------------------------


def test_status_warns_of_an_own_delivery_at_risk(logo: Path) -> None:
    signed_and_started(logo)
    calm = status(logo, "2027-01-18")
    assert "delivery-at-risk" not in {w["code"] for w in calm["warnings"]}
    result = run("status", logo, "--today", "2027-02-02")
    assert result.exit_code == 0
    assert (
        "iteration 1: your delivery on 5 February 2027 is at risk: 4 working day(s) left, "
        "2 of 2 draft(s) still to deliver, about 7 needed"
    ) in result.stdout
    assert "Next: tell the client your delivery is at risk" in result.stdout
    late = status(logo, "2027-02-08")
    assert "delivery-late" in {w["code"] for w in late["warnings"]}


def test_status_warns_of_a_lapsed_review(logo: Path) -> None:
    signed_and_started(logo)
    record(logo, "delivered", "-i", "1", "--date", "2027-02-05")
    waiting = status(logo, "2027-02-09")
    assert waiting["iterations"][0]["state"] == "in-review"
    assert "review-lapsed" not in {w["code"] for w in waiting["warnings"]}

    result = run("status", logo, "--today", "2027-02-12")  # review ended Wed 10 Feb
    assert result.exit_code == 0
    assert (
        "iteration 1: the client's review lapsed on 10 February 2027 with no answer"
    ) in result.stdout
    assert "counts as accepted on 10 February 2027" in result.stdout
    assert "Next: ask the client for their answer: firmbrief notice" in result.stdout
    data = status(logo, "2027-02-12")
    assert data["iterations"][0]["deemed_accepted"] == "2027-02-10"
    assert instalment(data, "1-balance")["due"] == "2027-02-24"
    assert "review-overdue" in {o["code"] for o in data["overdue"]}


def test_status_warns_when_the_client_has_heard_nothing_for_too_long(logo: Path) -> None:
    signed_and_started(logo)
    quiet = status(logo, "2027-01-19")  # work started 11 Jan; updates every 3 working days
    assert "no-word-to-client" in {w["code"] for w in quiet["warnings"]}
    record(logo, "note", "--kind", "update", "--date", "2027-01-19")
    assert "no-word-to-client" not in {w["code"] for w in status(logo, "2027-01-20")["warnings"]}


def test_billable_rounds_piling_up_are_a_warning(logo: Path) -> None:
    signed_and_started(logo)
    record(logo, "delivered", "-i", "1", "--draft", "2", "--date", "2027-01-25")
    for day in ("2027-01-26", "2027-01-27", "2027-01-28"):
        record(logo, "revision", "-i", "1", "--revise", "logo: again", "--date", day)
    codes = [w["code"] for w in status(logo, "2027-01-29")["warnings"]]
    assert "rounds-piling-up" in codes


# --- cancellation ----------------------------------------------------------------------------


def test_on_cancellation_status_says_what_is_owed_and_what_may_be_released(logo: Path) -> None:
    iteration_1_accepted(logo)
    record(logo, "payment", "--amount", "1071", "--for", "1-balance", "--date", "2027-02-10")
    record(logo, "payment", "--amount", "1428", "--for", "2-prepayment", "--date", "2027-02-12")
    record(logo, "cancelled", "--by", "client", "--reason", "shop opening postponed",
           "--date", "2027-02-22")  # fmt: skip
    data = status(logo, "2027-02-23")
    cancellation = data["cancellation"]
    # iteration 1 in full (2,142.00); iteration 2: 1,428.00 kept + 25% of 1,200.00 net rest
    # (300.00 + 57.00 VAT = 357.00)
    assert [line["owed"]["gross"] for line in cancellation["owed"]] == ["2142.00", "1785.00"]
    assert cancellation["balance"] == "357.00"
    assert cancellation["paid_up"] is False
    assert cancellation["release"] == ["iteration 1: final files, source and working files"]
    assert cancellation["withheld"] == ["iteration 2: drafts and work in progress"]
    assert [it["state"] for it in data["iterations"]] == ["accepted", "cancelled"]

    closed = run("gate", "release-source", logo, "--today", "2027-02-23")
    assert closed.exit_code == 1
    assert "357.00 EUR of the settlement is unpaid" in closed.stdout
    after = run("record", logo, "delivered", "-i", "2", "--date", "2027-02-24")
    assert after.exit_code == 1
    assert "the project was cancelled on 22 February 2027" in after.stderr
    record(logo, "payment", "--amount", "357", "--for", "2-balance", "--date", "2027-03-01")
    assert run("gate", "release-source", logo, "--today", "2027-03-01").exit_code == 0


# --- the brief, the record and the commands --------------------------------------------------


def test_check_judges_a_signed_brief_as_of_its_signing_day(logo: Path) -> None:
    late = run("check", logo, "--today", "2027-06-01")
    assert late.exit_code == 1, late.output  # its dates are past by then
    record(logo, "signed", "--date", "2026-12-01")
    signed = run("check", logo, "--today", "2027-06-01")
    assert signed.exit_code == 0, signed.output
    assert signed.stdout == f"{logo}: ready to start\n"


def test_a_brief_that_is_not_ready_cannot_be_signed(tmp_path: Path) -> None:
    brief = tmp_path / "defects.yaml"
    shutil.copy(EXAMPLES / "defects.yaml", brief)
    result = run("record", brief, "signed", "--date", "2026-12-01")
    assert result.exit_code == 1
    assert "not ready to sign" in result.stderr
    assert not log_path(brief).exists()


def test_every_command_says_when_the_brief_changed_after_signing(logo: Path) -> None:
    iteration_1_accepted(logo)
    data = yaml.safe_load(logo.read_text("utf-8"))
    data["iterations"][1]["price"] = "2600.00"
    logo.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    expected = "the brief changed after it was signed on 1 December 2026"

    text = run("status", logo, "--today", "2027-02-10")
    assert text.exit_code == 0
    assert text.stdout.splitlines()[2].startswith(f"warning: {expected}")
    assert status(logo, "2027-02-10")["brief_changed"] is True
    for args in (("gate", "start", logo, "2"), ("gate", "release-source", logo),
                 ("notice", logo, "payment")):  # fmt: skip
        refused = run(*args)
        assert refused.exit_code == 2, args
        assert expected in refused.stderr
    noted = run("record", logo, "note", "--kind", "update", "--date", "2027-02-10")
    assert noted.exit_code == 0
    assert f"warning: {expected}" in noted.stderr
    schedule = run("schedule", logo)
    assert f"warning: {expected}" in schedule.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("payment", "--amount", "10", "--for", "9-prepayment"), 2,
         'error: {brief}: --for: no instalment "9-prepayment"; the instalments are: 1-prepayment,'),
        (("payment", "--amount", "ten"), 2,
         'error: {brief}: --amount: "ten" is not an amount; write e.g. 1071.00'),
        (("payment", "--amount", "-5"), 2, "error: {brief}: --amount: "),
        (("accepted", "--amount", "10"), 2,
         "error: {brief}: --amount: does not apply to a accepted event"),
        (("delivered", "-i", "1", "--draft", "3"), 2,
         "error: {brief}: --draft: iteration 1 includes 2 draft(s)"),
        (("revision", "-i", "1", "--revise", "stationery: bigger"), 2,
         'error: {brief}: --revise: "stationery" is not one of iteration 1\'s deliverables (logo)'),
        (("revision", "-i", "1", "--revise", "logo#5: bigger"), 2,
         'error: {brief}: --revise: "logo" has 2 acceptance criteria; there is no criterion 5'),
        (("revision", "-i", "1", "--revise", "just do better"), 2,
         'error: {brief}: --revise: "just do better" is not a feedback item'),
        (("materials", "--material", "7"), 2,
         "error: {brief}: --material: there is no material 7 (the brief lists 3)"),
        (("note", "--kind", "gossip"), 2, "error: {brief}: --kind: "),
        (("delay", "-i", "1", "--delivery", "end of February", "--reason", "flu"), 2,
         'error: {brief}: --delivery: "end of February" is not a calendar date'),
        (("delay", "-i", "1", "--delivery", "2027-02-01", "--reason", "flu"), 2,
         "error: {brief}: --delivery: 2027-02-01 is not later than the delivery date 2027-02-"),
        (("change", "--price", "100"), 2, "error: {brief}: --description: say what the change is"),
        (("payment", "--amount", "10", "--date", "2026-11-30"), 2,
         "error: {brief}: --date: 2026-11-30 is before the signing on 2026-12-01"),
        (("signed",), 2, "error: {brief}: already signed on 1 December 2026 with this very brief"),
        (("payment", "--amount", "10", "--date", "soon"), 2,
         'error: {brief}: --date: "soon" is not a calendar date'),
        (("payment", "--amount", "10.005"), 2,
         "error: {brief}: --amount: 10.005 has more decimals than EUR has (2)"),
        (("payment", "--amount", "10", "--for", "prepayment"), 2,
         'error: {brief}: --for: "prepayment" is not an instalment: write e.g. 1-prepayment'),
    ],
)  # fmt: skip
def test_an_event_is_checked_before_it_is_written(
    logo: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    before = log_path(logo).read_bytes()
    dated = args if "--date" in args else (*args, "--date", "2027-01-20")
    result = run("record", logo, *dated)
    assert result.exit_code == code, result.output
    assert result.stderr.startswith(message.format(brief=logo)), result.stderr
    assert "Traceback" not in result.output
    assert log_path(logo).read_bytes() == before


def test_nothing_but_the_signing_is_recorded_before_the_signing(logo: Path) -> None:
    result = run("record", logo, "payment", "--amount", "1071", "--date", "2026-12-01")
    assert result.exit_code == 1
    assert "the brief is not signed yet: record the signing first" in result.stderr
    assert not log_path(logo).exists()


def test_status_of_an_unsigned_brief_says_to_sign_it(logo: Path) -> None:
    result = run("status", logo, "--today", "2026-11-23")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{logo}: Brand identity for Kettle & Crumb, as of 23 November 2026"
    assert lines[1] == "not signed yet"
    assert (
        lines[-1]
        == f"Next: have the brief signed, then: firmbrief record {logo} signed --date DATE"
    )


def test_status_json_money_adds_up_per_instalment(logo: Path) -> None:
    signed_and_started(logo)
    record(logo, "payment", "--amount", "500", "--for", "1-balance", "--date", "2027-01-20")
    data = status(logo, "2027-01-21")
    part = instalment(data, "1-balance")
    assert part["state"] == "part paid"
    assert part["received"] == {"net": "420.17", "tax": "79.83", "gross": "500.00"}
    assert part["outstanding"] == {"net": "479.83", "tax": "91.17", "gross": "571.00"}
    for item in data["instalments"]:
        for side in ("amounts", "received", "outstanding"):
            money = {k: float(v) for k, v in item[side].items()}
            assert money["net"] + money["tax"] == pytest.approx(money["gross"])


def test_an_amended_brief_signed_again_is_the_one_followed(logo: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    data = yaml.safe_load(logo.read_text("utf-8"))
    data["iterations"][1]["price"] = "2600.00"
    data["total"] = "4400.00"
    logo.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    assert status(logo, "2026-12-10")["brief_changed"] is True
    out = record(logo, "signed", "--date", "2026-12-10")
    assert "is pinned" in out
    after = status(logo, "2026-12-11")
    assert after["brief_changed"] is False
    assert after["signed"] == "2026-12-01"  # dates are still judged from the first signing
    assert instalment(after, "2-prepayment")["amounts"]["net"] == "1300.00"


def test_a_paid_test_task_is_an_instalment(tmp_path: Path) -> None:
    brief = tmp_path / "translation.yaml"
    shutil.copy(EXAMPLES / "translation.yaml", brief)
    record(brief, "signed", "--date", "2026-12-01")
    data = status(brief, "2027-02-25")
    task = instalment(data, "test-task")
    assert task["amounts"] == {"net": "60.00", "tax": "0.00", "gross": "60.00"}
    assert task["due"] == "2027-02-24"  # done 25 January, invoices due within 30 days
    assert task["state"] == "overdue"
    record(brief, "payment", "--amount", "60", "--for", "test-task", "--date", "2027-02-25")
    assert instalment(status(brief, "2027-02-25"), "test-task")["state"] == "paid"


def test_a_refused_option_is_named_as_typed(logo: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    refused = run("record", logo, "materials", "--material", "0", "--date", "2027-01-05")
    assert refused.exit_code == 2, refused.output
    assert f'error: {logo}: --material: "0" is too small: it must be at least 1' in refused.stderr
