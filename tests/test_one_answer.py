"""One project, one answer: ``check``, ``record``, ``status``, ``schedule``, ``gate`` and
``invoice`` say the same of the same project, replayed through the command line.

The scenarios run on examples/logo.yaml (Berlin's working days: Good Friday 26 March and Easter
Monday 29 March 2027 are holidays; reviews last 3 working days; iteration 2 planned to start
Tue 23 February 2027).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, in_language, run
from invoice_support import business
from tracking_support import record, status


def _iteration(data: dict[str, Any], number: int) -> dict[str, Any]:
    found: dict[str, Any] = next(i for i in data["iterations"] if i["number"] == number)
    return found


def _check(tmp_path: Path, delivery: str, start: str) -> list[dict[str, Any]]:
    """``check``'s findings on iteration 2's start, for a plan with iteration 1 delivered on
    ``delivery`` (no revision round, so its review is the last thing before iteration 2) and
    iteration 2 starting on ``start``."""
    data = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))
    data["iterations"][0]["delivery"] = delivery
    data["iterations"][0]["revision_rounds"] = 0
    data["iterations"][1]["start"] = start
    data["iterations"][1]["delivery"] = "2027-05-28"
    data["materials"][2]["due"] = "2027-02-10"
    brief = tmp_path / "plan.yaml"
    brief.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    result = run("check", brief, "--today", "2026-11-30", "--format", "json")
    findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return [f for f in findings if f["field"] == "iterations[1].start"]


# (iteration 1 delivered, its review's last day, the first day iteration 2 may start)
BOUNDARIES = [
    pytest.param("2027-02-17", "2027-02-22", "2027-02-23", id="review ends the day before"),
    pytest.param("2027-02-18", "2027-02-23", "2027-02-24", id="review ends on the start"),
    pytest.param("2027-02-23", "2027-02-26", "2027-03-01", id="review ends on a Friday"),
    pytest.param("2027-03-22", "2027-03-25", "2027-03-30", id="Easter follows the review"),
]


@pytest.mark.parametrize(("delivered", "review", "earliest"), BOUNDARIES)
def test_an_iteration_starts_the_working_day_after_the_review_in_check_and_record(
    tmp_path: Path, delivered: str, review: str, earliest: str
) -> None:
    # check: a start on the review's last day is refused, naming the earliest day; that day passes
    on_review = _check(tmp_path, delivered, review)
    assert [f["code"] for f in on_review] == ["starts-before-acceptance"], on_review
    assert f"Move this start to {earliest} or later" in on_review[0]["message"]
    assert _check(tmp_path, delivered, earliest) == []
    # the record: iteration 1 delivered late, still in review: iteration 2 starts on that day
    brief = tmp_path / "logo.yaml"
    brief.write_text((EXAMPLES / "logo.yaml").read_text("utf-8"), "utf-8")
    record(brief, "signed", "--date", "2026-12-01")
    record(brief, "payment", "--amount", "1071.00", "--date", "2027-01-05")
    record(brief, "materials", "--material", "1", "--material", "2", "--material", "3", "--date", "2027-01-06")
    record(brief, "delivered", "-i", "1", "--date", delivered)
    data = status(brief, delivered)
    assert _iteration(data, 1)["review_ends"] == review
    assert _iteration(data, 2)["start"] == max(earliest, "2027-02-23")
    ics = run("schedule", brief, "--today", delivered, "--format", "json")
    assert ics.exit_code == 0, ics.output
    starts = [e["date"] for e in json.loads(ics.stdout)["items"] if e["kind"] == "start"]
    assert starts[-1] == max(earliest, "2027-02-23")
    # accepted on the review's last day: the same rule, the next working day
    record(brief, "accepted", "-i", "1", "--date", review)
    data = status(brief, review)
    assert _iteration(data, 2)["start"] == max(earliest, "2027-02-23")
    assert date.fromisoformat(earliest) > date.fromisoformat(review)


def _issue(brief: Path, *args: str, day: str) -> dict[str, Any]:
    result = run("invoice", brief, *args, "--date", day, "--future", "--format", "json")
    assert result.exit_code == 0, result.output
    issued: dict[str, Any] = json.loads(result.stdout)
    return issued


def test_a_client_who_pays_the_settlement_invoice_is_settled(tmp_path: Path) -> None:
    brief = business(tmp_path)
    record(brief, "payment", "--amount", "1071.00", "--date", "2027-01-05")
    record(brief, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")
    record(brief, "cancelled", "--by", "client", "--date", "2027-01-20")
    owed = status(brief, "2027-01-21")["cancellation"]["balance"]
    settlement = _issue(brief, "settlement", day="2027-01-21")
    assert settlement["gross"] == owed != "0.00"
    # the client pays it on its due day, naming the invoice
    record(brief, "payment", "--amount", owed, "--invoice", settlement["number"],
           "--date", settlement["due"])  # fmt: skip
    data = status(brief, settlement["due"])
    line = next(i for i in data["instalments"] if i["key"] == "settlement")
    assert (line["state"], line["outstanding"]["gross"]) == ("paid", "0.00")
    assert data["cancellation"]["balance"] == "0.00"
    assert data["next"]["action"] != "cancellation-notice"
    text = run("status", brief, "--today", settlement["due"]).stdout
    assert "nothing is owed either way" in text, text


def test_status_says_the_profile_changed_after_signing_as_check_does(tmp_path: Path) -> None:
    (tmp_path / "firmbrief.toml").write_text(
        (EXAMPLES / "business" / "firmbrief.toml").read_text("utf-8"), "utf-8"
    )
    data = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))
    del data["freelancer"]  # every detail of the business from the profile
    brief = tmp_path / "logo.yaml"
    brief.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    record(brief, "signed", "--date", "2026-12-01")
    assert "notice:" not in run("status", brief, "--today", "2026-12-02").stdout
    profile = tmp_path / "firmbrief.toml"
    profile.write_text(
        profile.read_text("utf-8").replace("mara@jensen.studio", "mara@new.example"), "utf-8"
    )
    checked = run("check", brief, "--today", "2026-12-02", "--format", "json")
    notice = json.loads(checked.stdout)["project"]["notice"]
    assert "freelancer.email" in notice
    told = run("status", brief, "--today", "2026-12-02")
    assert told.exit_code == 0, told.output
    assert f"notice: {notice}" in told.stdout.splitlines()
    flags = status(brief, "2026-12-02")["warnings"]
    assert {"code": "profile-changed", "message": notice} in flags


def _next(brief: Path, today: str) -> dict[str, Any]:
    found: dict[str, Any] = status(brief, today)["next"]
    return found


def test_an_invoice_the_settlement_replaces_is_cancelled_before_the_settlement_is_billed(
    tmp_path: Path,
) -> None:
    brief = business(tmp_path)
    record(brief, "payment", "--amount", "1071.00", "--date", "2027-01-05")
    record(brief, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")
    record(brief, "delivered", "-i", "1", "--date", "2027-02-05")
    record(brief, "accepted", "-i", "1", "--date", "2027-02-08")
    balance = _issue(brief, "1-balance", day="2027-02-08")
    record(brief, "cancelled", "--by", "client", "--date", "2027-02-10")
    owed = status(brief, "2027-02-11")["cancellation"]["balance"]
    assert owed == balance["gross"]  # iteration 1 was accepted: owed in full, once
    # invoice 1-balance still asks for the money: a settlement invoice now bills it twice
    twice = run("invoice", brief, "settlement", "--date", "2027-02-11", "--future")
    assert twice.exit_code == 1, twice.output
    assert f"cancel it first (--credit {balance['number']})" in twice.stderr
    step = _next(brief, "2027-02-11")
    assert step["action"] == "credit-invoice", step
    assert step["command"] == f"firmbrief invoice {brief} --credit {balance['number']}"
    credited = run("invoice", brief, "--credit", balance["number"], "--date", "2027-02-11",
                   "--future")  # fmt: skip
    assert credited.exit_code == 0, credited.output
    assert _next(brief, "2027-02-11")["action"] == "settle-cancellation"
    settlement = _issue(brief, "settlement", day="2027-02-11")
    assert settlement["gross"] == owed
    # invoiced: status no longer asks to invoice it, but waits for it, then reminds
    waiting = _next(brief, settlement["due"])
    assert waiting["action"] == "wait-for-payment", waiting
    assert settlement["number"] in waiting["text"]
    late = date.fromisoformat(settlement["due"]) + timedelta(days=1)
    assert _next(brief, late.isoformat())["action"] == "remind-payment"
    record(brief, "payment", "--amount", owed, "--invoice", settlement["number"],
           "--date", settlement["due"])  # fmt: skip
    assert _next(brief, late.isoformat())["action"] == "close-cancelled"


def _consumer(tmp_path: Path) -> Path:
    brief = tmp_path / "wedding.yaml"
    brief.write_text((EXAMPLES / "consumer-wedding.yaml").read_text("utf-8"), "utf-8")
    return brief


def _terms_text(brief: Path, folder: Path) -> str:
    result = run("render", brief, "--today", "2026-11-30", "-o", folder)
    assert result.exit_code == 0, result.output
    from pdf_support import text_of

    return " ".join(text_of(folder / "wedding-terms.pdf").split())


def test_a_consumers_work_starts_after_the_withdrawal_period_the_terms_print(
    tmp_path: Path,
) -> None:
    # the withdrawal clause's English words (the example's client in Germany reads German)
    brief = in_language(_consumer(tmp_path), tmp_path / "en")
    terms = _terms_text(brief, tmp_path / "out")
    assert "within 14 days without giving any reason" in terms
    assert "Without the request, work starts after the withdrawal period" in terms
    # signed Mon 4 Jan 2027: the period runs until Mon 18 Jan; iteration 1 was to start 11 Jan
    record(brief, "signed", "--date", "2027-01-04")
    record(brief, "payment", "--amount", "238.00", "--date", "2027-01-05")
    record(brief, "materials", "--material", "1", "--date", "2027-01-06")
    data = status(brief, "2027-01-05")
    first = _iteration(data, 1)
    assert (first["planned_start"], first["start"]) == ("2027-01-11", "2027-01-19")
    prepayment = next(i for i in data["instalments"] if i["key"] == "1-prepayment")
    assert prepayment["due"] == "2027-01-19"
    within = run("gate", "start", brief, "1", "--today", "2027-01-18")
    assert within.exit_code == 1, within.output
    assert "withdrawal period runs until 18 January 2027" in within.stdout
    after = run("gate", "start", brief, "1", "--today", "2027-01-19")
    assert after.exit_code == 0, after.output
    items = json.loads(run("schedule", brief, "--today", "2027-01-05", "-f", "json").stdout)
    starts = [i["date"] for i in items["items"] if i["kind"] == "start"]
    assert starts[0] == "2027-01-19", starts


def test_a_consumer_who_withdraws_within_the_period_gets_every_payment_back(
    tmp_path: Path,
) -> None:
    brief = _consumer(tmp_path)
    record(brief, "signed", "--date", "2026-12-01")
    record(brief, "payment", "--amount", "238.00", "--date", "2026-12-03")
    record(brief, "cancelled", "--by", "client", "--date", "2026-12-15")  # the 14th day
    settled = status(brief, "2026-12-16")["cancellation"]
    assert settled["balance"] == "-238.00", settled
    # after the period, the cancellation clause's fee applies
    (tmp_path / "late").mkdir()
    late = _consumer(tmp_path / "late")
    record(late, "signed", "--date", "2026-12-01")
    record(late, "payment", "--amount", "238.00", "--date", "2026-12-03")
    record(late, "cancelled", "--by", "client", "--date", "2026-12-16")
    assert status(late, "2026-12-17")["cancellation"]["balance"] != "-238.00"


# (iteration 2 delivered, accepted, its balance due, the last day a payment is on time)
DUE_ON_A_DAY_OFF = [
    pytest.param("2027-03-19", "2027-03-27", "2027-04-10", "2027-04-12", id="a Saturday"),
    pytest.param("2027-03-10", "2027-03-12", "2027-03-26", "2027-03-30", id="Good Friday"),
]


@pytest.mark.parametrize(("delivered", "accepted", "due", "last"), DUE_ON_A_DAY_OFF)
def test_a_due_date_on_a_day_off_is_met_on_the_next_working_day(
    tmp_path: Path, delivered: str, accepted: str, due: str, last: str
) -> None:
    brief = business(tmp_path)
    record(brief, "payment", "--amount", "1071.00", "--date", "2027-01-05")
    record(brief, "materials", "--material", "1", "--material", "2", "--material", "3",
           "--date", "2027-01-06")  # fmt: skip
    record(brief, "delivered", "-i", "1", "--date", "2027-02-05")
    record(brief, "accepted", "-i", "1", "--date", "2027-02-08")
    record(brief, "payment", "--amount", "2499.00", "--date", "2027-02-22")
    record(brief, "delivered", "-i", "2", "--date", delivered)
    record(brief, "accepted", "-i", "2", "--date", accepted)
    invoice = _issue(brief, "2-balance", day=accepted)
    assert invoice["due"] == due
    # on the next working day the balance is not overdue, and no reminder is asked for
    on_time = status(brief, last)
    assert on_time["overdue"] == [], on_time["overdue"]
    assert on_time["next"]["action"] == "wait-for-payment", on_time["next"]
    items = json.loads(run("schedule", brief, "--today", last, "-f", "json").stdout)["items"]
    reminders = [i["date"] for i in items if i["kind"] == "reminder"]
    after = (date.fromisoformat(last) + timedelta(days=1)).isoformat()
    assert reminders == [after], reminders
    assert status(brief, after)["next"]["action"] == "remind-payment"
    # paid on that day: on time, the project finishes with no late payment
    record(brief, "payment", "--amount", "1428.00", "--invoice", invoice["number"], "--date", last)
    assert status(brief, after)["overdue"] == []


def test_status_asks_for_what_the_next_start_waits_for_not_a_later_iterations_prepayment(
    tmp_path: Path,
) -> None:
    # website.yaml: three iterations, iteration 2 from 8 April, iteration 3 from 3 June 2027
    brief = tmp_path / "website.yaml"
    brief.write_text((EXAMPLES / "website.yaml").read_text("utf-8"), "utf-8")
    (tmp_path / "firmbrief.toml").write_text(
        (EXAMPLES / "business" / "firmbrief.toml").read_text("utf-8"), "utf-8"
    )
    record(brief, "signed", "--date", "2026-12-01")
    record(brief, "payment", "--amount", "1200.00", "--date", "2027-03-01")
    record(brief, "materials", "--material", "1", "--material", "2", "--material", "3",
           "--date", "2027-03-01")  # fmt: skip
    record(brief, "delivered", "-i", "1", "--date", "2027-03-19")
    record(brief, "accepted", "-i", "1", "--date", "2027-03-24")
    first = _next(brief, "2027-03-24")
    assert (first["action"], first["instalment"]) == ("invoice-instalment", "1-balance")
    assert "iteration 3" not in first["text"], first
    _issue(brief, "1-balance", day="2027-03-24")
    second = _next(brief, "2027-03-24")
    assert second["instalment"] == "2-prepayment", second  # not 3-prepayment, due 3 June
    gate = run("gate", "start", brief, "2", "--today", "2027-03-24")
    assert "iteration 3" not in gate.stdout, gate.stdout


@pytest.mark.parametrize(
    ("signed", "start"),
    [("2026-12-27", "2027-01-11"), ("2026-12-28", "2027-01-12")],
    ids=["the period ends the day before", "the period ends on the start"],
)
def test_check_warns_of_a_start_within_the_withdrawal_period_as_the_record_moves_it(
    tmp_path: Path, signed: str, start: str
) -> None:
    brief = _consumer(tmp_path)  # iteration 1 planned to start Mon 11 January 2027
    checked = run("check", brief, "--today", signed, "--format", "json")
    assert checked.exit_code == 0, checked.output
    found = [f for f in json.loads(checked.stdout)["findings"] if f["code"] == "within-withdrawal"]
    if start == "2027-01-11":
        assert found == []
    else:
        assert f"work starts {start} and every date after it moves" in found[0]["message"]
    record(brief, "signed", "--date", signed)
    record(brief, "payment", "--amount", "238.00", "--date", signed)
    record(brief, "materials", "--material", "1", "--date", signed)
    assert _iteration(status(brief, signed), 1)["start"] == start
