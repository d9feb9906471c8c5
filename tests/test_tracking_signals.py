"""The project record's signals: early warnings, cancellation, and how the brief, its record and
the commands hold together (signing, changes after signing, checks before writing)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from firmbrief.contracts.record.log import log_path

from conftest import EXAMPLES, run
from tracking_support import instalment, iteration_1_accepted, record, signed_and_started, status

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


def test_a_lapsed_review_of_a_draft_asks_for_an_answer(logo: Path) -> None:
    signed_and_started(logo)
    record(logo, "delivered", "-i", "1", "--draft", "1", "--date", "2027-01-20")
    waiting = status(logo, "2027-01-22")
    assert waiting["iterations"][0]["state"] == "in-review"
    assert "review-lapsed" not in {w["code"] for w in waiting["warnings"]}

    result = run("status", logo, "--today", "2027-01-27")  # review ended Mon 25 Jan
    assert result.exit_code == 0
    assert (
        "iteration 1: the client's review lapsed on 25 January 2027 with no answer"
    ) in result.stdout
    assert "Next: send the client a written reminder for their answer" in result.stdout
    assert "firmbrief notice" in result.stdout
    assert "review-overdue" in {o["code"] for o in status(logo, "2027-01-27")["overdue"]}


def test_a_delivery_for_acceptance_not_answered_counts_as_accepted_and_stops_asking(
    logo: Path,
) -> None:
    iteration_1_accepted(logo)  # and material 3 in
    record(logo, "payment", "--amount", "2499", "--date", "2027-02-10")  # 1-balance, 2-prepayment
    record(logo, "delivered", "-i", "2", "--date", "2027-03-12")
    # the review ended Wed 17 March, months ago: silence alone is not acceptance
    silent = status(logo, "2027-06-01")
    assert (silent["iterations"][1]["state"], silent["iterations"][1]["deemed_accepted"]) == (
        "review-lapsed",
        None,
    )
    assert silent["next"]["action"] == "ask-review"
    assert "review-overdue" in {f["code"] for f in silent["overdue"]}
    # the written reminder on Thu 18 March: 5 working days after it is Thu 25 March
    record(logo, "note", "--kind", "review", "--date", "2027-03-18")
    waiting = status(logo, "2027-03-24")
    assert waiting["iterations"][1]["deemed_accepted"] is None
    assert waiting["iterations"][1]["reminded"] == "2027-03-18"
    assert waiting["iterations"][1]["counts_as_accepted_unless_answered_by"] == "2027-03-25"
    assert waiting["next"]["action"] == "wait-for-review"
    assert "by 25 March 2027" in waiting["next"]["text"]
    assert "review-overdue" not in {f["code"] for f in waiting["overdue"]}
    data = status(logo, "2027-06-01")
    second = data["iterations"][1]
    assert (second["state"], second["deemed_accepted"]) == ("accepted", "2027-03-25")
    assert "counts as accepted on 25 March 2027" in second["summary"]
    assert not {"review-overdue", "review-lapsed"} & {
        f["code"] for f in data["overdue"] + data["warnings"]
    }
    assert instalment(data, "2-balance")["due"] == "2027-04-08"  # 25 March + 14 days
    assert data["next"]["action"] == "remind-payment"  # the balance, not the review


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
           "--date", "2027-02-24")  # fmt: skip  (iteration 2 started on Tue 23 Feb)
    data = status(logo, "2027-02-25")
    cancellation = data["cancellation"]
    # iteration 1 in full (2,142.00); iteration 2: 1,428.00 kept + 25% of 1,200.00 net rest
    # (300.00 + 57.00 VAT = 357.00)
    assert [line["owed"]["gross"] for line in cancellation["owed"]] == ["2142.00", "1785.00"]
    assert cancellation["balance"] == "357.00"
    assert cancellation["paid_up"] is False
    assert cancellation["release"] == ["iteration 1: final files, source and working files"]
    assert cancellation["withheld"] == ["iteration 2: drafts and work in progress"]
    assert [it["state"] for it in data["iterations"]] == ["accepted", "cancelled"]

    closed = run("gate", "release-source", logo, "--today", "2027-02-25")
    assert closed.exit_code == 1
    assert "357.00 EUR of the settlement is unpaid" in closed.stdout
    after = run("record", logo, "delivered", "-i", "2", "--date", "2027-02-26")
    assert after.exit_code == 1
    assert "the project was cancelled on 24 February 2027" in after.stderr
    record(logo, "payment", "--amount", "357", "--date", "2027-03-01")  # pays the settlement
    assert run("gate", "release-source", logo, "--today", "2027-03-01").exit_code == 0


# --- the brief, the record and the commands --------------------------------------------------


def test_check_judges_a_signed_brief_against_its_record(logo: Path) -> None:
    late = run("check", logo, "--today", "2027-06-01")
    assert late.exit_code == 1, late.output  # its dates are past by then
    record(logo, "signed", "--date", "2026-12-01")
    signed = run("check", logo, "--today", "2027-01-04")
    assert signed.exit_code == 0, signed.output  # its dates are judged as of the signing day
    assert signed.stdout == (
        f"{logo}: signed on 1 December 2026; not started yet: iteration 1 waiting for the "
        "prepayment (1,071.00 EUR outstanding)\n"
    )
    record(logo, "payment", "--amount", "1071", "--date", "2027-01-05")
    record(logo, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")
    started = run("check", logo, "--today", "2027-01-12")
    assert started.exit_code == 0, started.output
    assert started.stdout == (
        f"{logo}: signed on 1 December 2026; under way since 11 January 2027: iteration 1 in "
        "progress; delivery due 5 February 2027\n"
    )
    as_json = json.loads(run("check", logo, "--today", "2027-01-12", "-f", "json").stdout)
    assert as_json["project"] == {
        "signed": "2026-12-01",
        "state": "under-way",
        "summary": started.stdout.split(": ", 1)[1].strip(),
    }


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
    assert text.stdout.splitlines()[3].startswith(f"warning: {expected}")
    check = run("check", logo, "--today", "2027-02-10")
    assert check.exit_code == 1, check.output  # the total no longer adds up
    first = check.stdout.splitlines()[0]
    assert first.startswith(
        f"{logo}: changed after it was signed on 1 December 2026 (signed fingerprint "
    )
    assert first.endswith(": not ready to sign (1 error)")
    assert "needs an amendment" in first
    assert status(logo, "2027-02-10")["brief_changed"] is True
    for args in (("gate", "start", logo, "2"), ("gate", "release-source", logo),
                 ("notice", logo, "payment")):  # fmt: skip
        refused = run(*args)
        assert refused.exit_code == 1, args
        assert expected in refused.stderr
    noted = run("record", logo, "note", "--kind", "update", "--date", "2027-02-10")
    assert noted.exit_code == 0
    assert f"warning: {expected}" in noted.stderr
    schedule = run("schedule", logo, "--today", "2027-02-10")
    assert f"warning: {expected}" in schedule.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("payment", "--amount", "10", "--for", "9-prepayment"), 2,
         'error: {brief}: --for: no instalment "9-prepayment"; the instalments are: 1-prepayment,'),
        (("payment", "--amount", "ten"), 2,
         'error: {brief}: --amount: "ten" is not an amount: write a number such as 1071.00'),
        (("payment", "--amount", "1,071", "--date", "2027-01-05"), 2,
         'error: {brief}: --amount: "1,071" could be 1071 (a comma grouping thousands) or 1.071 '
         "(a decimal comma): write 1071.00 or 1.071"),
        (("payment", "--amount", "-5"), 2, "error: {brief}: --amount: "),
        (("accepted", "--amount", "10"), 2,
         "error: {brief}: --amount: does not apply to an accepted event"),
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
        (("payment", "--amount", "10.0051"), 2,
         "error: {brief}: --amount: 10.0051 has more decimals than EUR has (2)"),
        (("payment", "--amount", "10", "--for", "prepayment"), 2,
         'error: {brief}: --for: "prepayment" is not an instalment: write e.g. 1-prepayment'),
        (("payment", "--amount", "5000"), 2,
         "error: {brief}: --amount: 5,000.00 EUR is more than everything outstanding "
         "(4,998.00 EUR: iteration 1 prepayment 1,071.00 EUR; iteration 1 balance 1,071.00 EUR; "
         "iteration 2 prepayment 1,428.00 EUR; iteration 2 balance 1,428.00 EUR): 2.00 EUR "
         "would be left over. Check the amount, or record what is left over as a credit on "
         "purpose with --credit"),
        (("payment", "--amount", "1200", "--for", "1-prepayment"), 2,
         "error: {brief}: --amount: 1,200.00 EUR is more than the 1,071.00 EUR outstanding on "
         "the iteration 1 prepayment: name every instalment it pays (repeat --for), leave out "
         "--for to pay what is outstanding in the order it falls due, or record the 129.00 EUR "
         "beyond as a credit with --credit"),
        (("payment", "--amount", "10", "--for", "1-balance", "--for", "1-balance"), 2,
         "error: {brief}: --for: names an instalment twice"),
        (("void", "--line", "1", "--reason", "typo"), 2,
         "error: {brief}: --line: line 1 is the signing: record the signing of the amended "
         "brief instead"),
        (("void", "--line", "5", "--reason", "typo"), 2,
         "error: {brief}: --line: there is no line 5: the record has 1 line(s)"),
        (("void", "--line", "1"), 2, "error: {brief}: --reason: is needed for this event"),
        (("refund", "--amount", "10"), 2,
         "error: {brief}: --amount: there is nothing to refund: no credit is held, and no "
         "settlement says to refund"),
        (("payment", "--amount", "10", "--line", "1"), 2,
         "error: {brief}: --line: does not apply to a payment event"),
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
