"""Scenario tables for issue 24 ("one project, one answer"): the plan the terms can keep, one rule
for when an iteration may start, nothing of cancelled work expected, status saying "invoice",
and notices that follow the terms.

Every scenario runs on examples/logo.yaml (Berlin's working days, prices net of 19% VAT):
iteration 1 runs 11 Jan to 5 Feb 2027 (3-day review, one included round: feedback by 10 Feb,
revised work by 17 Feb, reviewed until 22 Feb), iteration 2 23 Feb to 19 Mar; each half of
iteration 1 is 1,071.00 gross, of iteration 2 1,428.00; invoices are due 14 days after.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from firmbrief.briefs.language import document_locale, language_for
from firmbrief.briefs.loading import load_brief_file
from firmbrief.briefs.plan import plan_of
from firmbrief.contracts.documents import document_context
from firmbrief.contracts.record.state import load_brief
from firmbrief.contracts.views import Formats
from firmbrief.templates.translations import translations

from conftest import EXAMPLES, TODAY, run
from tracking_support import ITERATION_2_PREPAID, instalment, record, record_all, status

# --- 1. a plan the terms can keep --------------------------------------------------------------

BALANCES = [
    # (what, changes to the logo brief, iteration, its balance's printed due date)
    # iteration 1's review ends Wed 10 Feb
    (
        "7 days after the review, before the next start",
        {"payment.due_days": 7},
        1,
        date(2027, 2, 17),
    ),
    ("14 days (24 Feb) would be after the next start: due on that start", {}, 1, date(2027, 2, 23)),
    (
        "the next start moved later: 14 days after the review",
        {"iterations.1.start": "2027-03-01", "iterations.1.delivery": "2027-03-26"},
        1,
        date(2027, 2, 24),
    ),
    ("the last iteration: 14 days after its review (Wed 24 Mar)", {}, 2, date(2027, 4, 7)),
    (
        "iterations may overlap: no cap",
        {"payment.due_days": 30, "terms.iterations": "may_overlap"},
        1,
        date(2027, 3, 12),
    ),
]


def _set(data: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    for path, value in changes.items():
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[last] = value
    return data


@pytest.mark.parametrize(
    ("what", "changes", "number", "due"), BALANCES, ids=[b[0] for b in BALANCES]
)
def test_a_balance_is_due_by_the_next_start_at_the_latest(
    brief_data: Any, write_brief: Any, what: str, changes: dict[str, Any], number: int, due: date
) -> None:
    brief = load_brief_file(write_brief(_set(brief_data("logo"), changes))).brief
    assert brief is not None
    balance = next(
        p for p in plan_of(brief).payments if p.iteration == number and p.kind == "balance"
    )
    assert balance.due == due, what


REFUSED = [
    (
        "iteration 2 starts before iteration 1's included round can end",
        {"iterations.1.start": "2027-02-22"},
        "iterations[1].start",
        "starts 2027-02-22, before iteration 1 can be accepted and paid (its review ends "
        "2027-02-10 and its 1 included revision round(s) run until 2027-02-22): an iteration "
        "starts only once the one before it is accepted and paid in full. Move this start to "
        "2027-02-23 or later, deliver iteration 1 by 2027-02-04, include fewer revision rounds "
        "in iteration 1, or let iterations overlap (terms.iterations: may_overlap)",
    ),
    (
        "without rounds, the review's last day is the limit",
        {"iterations.0.revision_rounds": 0, "iterations.1.start": "2027-02-10"},
        "iterations[1].start",
        "starts 2027-02-10, before iteration 1 can be accepted and paid (its review ends "
        "2027-02-10): an iteration starts only once the one before it is accepted and paid in "
        "full. Move this start to 2027-02-11 or later, deliver iteration 1 by 2027-02-04, or let "
        "iterations overlap (terms.iterations: may_overlap)",
    ),
]


@pytest.mark.parametrize(
    ("what", "changes", "field", "message"), REFUSED, ids=[r[0] for r in REFUSED]
)
def test_check_refuses_a_plan_the_gate_cannot_keep(
    brief_data: Any, write_brief: Any, what: str, changes: dict[str, Any], field: str, message: str
) -> None:
    data = _set(brief_data("logo"), changes)
    data["materials"][2]["due"] = "2027-02-08"  # before either start
    result = run("check", write_brief(data), "--today", TODAY.isoformat(), "--format", "json")
    assert result.exit_code == 1, result.output
    found = {(f["field"], f["message"]) for f in json.loads(result.stdout)["findings"]}
    assert (field, message) in found, what


def test_a_fixed_balance_due_after_the_next_start_is_refused(
    brief_data: Any, write_brief: Any
) -> None:
    data = brief_data("logo")
    data["payment"]["instalments"] = [
        {"iteration": 1, "kind": "prepayment", "net": "900.00", "tax": "171.00", "gross": "1071.00"},
        {"iteration": 1, "kind": "balance", "net": "900.00", "tax": "171.00", "gross": "1071.00",
         "due": "2027-03-01"},
        {"iteration": 2, "kind": "prepayment", "net": "1200.00", "tax": "228.00",
         "gross": "1428.00"},
        {"iteration": 2, "kind": "balance", "net": "1200.00", "tax": "228.00", "gross": "1428.00"},
    ]  # fmt: skip
    result = run("check", write_brief(data), "--today", TODAY.isoformat(), "--format", "json")
    assert result.exit_code == 1, result.output
    found = {(f["field"], f["message"]) for f in json.loads(result.stdout)["findings"]}
    assert (
        "payment.instalments[1].due",
        "due 2027-03-01, after iteration 2 starts on 2027-02-23: iteration 2 starts only once it "
        "is paid. Make it due by 2027-02-23, or move iteration 2's start",
    ) in found


def test_the_summary_lists_payments_in_date_order(brief_data: Any, write_brief: Any) -> None:
    data = brief_data("logo")
    data["payment"]["instalments"] = [  # listed by iteration, the balance due last
        {"iteration": 1, "kind": "prepayment", "net": "900.00", "tax": "171.00", "gross": "1071.00"},
        {"iteration": 1, "kind": "balance", "net": "900.00", "tax": "171.00", "gross": "1071.00",
         "due": "2027-02-23"},
        {"iteration": 2, "kind": "prepayment", "net": "1200.00", "tax": "228.00",
         "gross": "1428.00", "due": "2027-02-22"},
        {"iteration": 2, "kind": "balance", "net": "1200.00", "tax": "228.00", "gross": "1428.00"},
    ]  # fmt: skip
    brief = load_brief_file(write_brief(data)).brief
    assert brief is not None
    shown = document_context(brief, kind="terms", today=TODAY).payments
    assert [(p.iteration, p.kind) for p in shown] == [
        (1, "prepayment"),
        (2, "prepayment"),  # 22 February
        (1, "balance"),  # 23 February
        (2, "balance"),
    ]


# --- 2. one rule for when an iteration may start -----------------------------------------------

STARTED = ITERATION_2_PREPAID
"""Iteration 1 accepted and paid, iteration 2 prepaid: iteration 2 starts on Tue 23 Feb."""



def test_a_change_of_iteration_1_agreed_after_iteration_2_started_does_not_stop_it(
    logo: Path,
) -> None:
    record_all(logo, STARTED)
    record(logo, "change", "--price", "300", "--description", "a stamp", "-i", "1", "--date",
           "2027-02-25")  # fmt: skip
    data = status(logo, "2027-02-25")
    second = data["iterations"][1]
    gate = run("gate", "start", logo, "2", "--today", "2027-02-25")
    # the schedule, the status and the gate give one answer: it started on its day
    assert (second["start"], second["state"]) == ("2027-02-23", "in-progress")
    assert gate.exit_code == 0, gate.output


def test_the_gate_and_the_schedule_agree_on_a_closed_start(logo: Path) -> None:
    record_all(logo, STARTED[:-1])
    record(logo, "payment", "--amount", "1428.00", "--date", "2027-02-10")  # 2-prepayment only
    data = status(logo, "2027-02-25")  # the 1-balance was due 22 Feb
    gate = run("gate", "start", logo, "2", "--today", "2027-02-25")
    assert gate.exit_code == 1, gate.output
    assert data["iterations"][1]["state"] == "waiting-for-payment"
    assert data["iterations"][1]["start"] == "2027-02-25"  # held so far


# --- 3. after a cancellation -------------------------------------------------------------------


def _cancelled(logo: Path) -> None:
    record_all(logo, STARTED)
    record(logo, "cancelled", "--by", "client", "--date", "2027-02-24")  # iteration 2 started


def test_after_a_cancellation_nothing_of_the_cancelled_work_is_expected(
    logo: Path, tmp_path: Path
) -> None:
    _cancelled(logo)
    data = status(logo, "2027-02-25")
    second = data["iterations"][1]
    assert (second["delivery"], second["review_ends"]) == (None, None)
    balance = instalment(data, "2-balance")
    assert (balance["due"], balance["state"], balance["outstanding"]["gross"]) == (
        None, "cancelled", "0.00"
    )  # fmt: skip
    # the only amount outstanding is the settlement's: 25% of iteration 2's unpaid 1,200.00
    # net, 300.00 + 57.00 VAT
    outstanding = sum(float(i["outstanding"]["gross"]) for i in data["instalments"])
    assert outstanding == 357.0
    assert data["cancellation"]["balance"] == "357.00"
    assert instalment(data, "settlement")["due"] == "2027-03-10"  # 14 days after
    text = run("status", logo, "--today", "2027-02-25").stdout
    assert "iteration 2 balance" not in text
    assert "1,428.00" not in text.split("Payments")[0].split("Money")[1].split("\n")[-3]

    listed = json.loads(run("schedule", logo, "-f", "json", "--today", "2027-02-25").stdout)
    keys = {item["key"] for item in listed["items"]}
    assert not keys & {"iteration-2-delivery", "iteration-2-review", "payment-2-balance"}
    assert "payment-settlement" in keys
    ics = tmp_path / "logo.ics"
    assert run("schedule", logo, "--ics", ics, "--today", "2027-02-25").exit_code == 0
    calendar = ics.read_text("utf-8")
    assert "iteration-2-delivery" not in calendar and "payment-2-balance" not in calendar


def test_after_a_cancellation_payments_go_to_the_settlement(logo: Path) -> None:
    _cancelled(logo)
    named = run("record", logo, "payment", "--amount", "357", "--for", "2-balance", "--date",
                "2027-03-01")  # fmt: skip
    assert named.exit_code == 2, named.output
    assert "was settled by the cancellation on 24 February 2027" in named.stderr
    beyond = run("record", logo, "payment", "--amount", "400", "--date", "2027-03-01")
    assert beyond.exit_code == 2, beyond.output
    assert "--credit" in beyond.stderr  # 43.00 beyond the settlement: a credit on purpose only
    paid = record(logo, "payment", "--amount", "357", "--date", "2027-03-01")
    assert "for the cancellation settlement: paid in full" in paid
    data = status(logo, "2027-03-02")
    assert data["cancellation"]["balance"] == "0.00"
    assert data["next"]["action"] == "close-cancelled"
    assert sum(float(i["outstanding"]["gross"]) for i in data["instalments"]) == 0.0
    assert run("gate", "release-source", logo, "--today", "2027-03-02").exit_code == 0


# --- 4. status says "invoice" -----------------------------------------------------------------


def test_status_says_invoice_with_the_command_when_an_instalment_is_owed_and_not_invoiced(
    logo: Path,
) -> None:
    shutil.copy(EXAMPLES / "business" / "firmbrief.toml", logo.parent / "firmbrief.toml")
    record_all(logo, STARTED[:-1])  # iteration 1 accepted on 8 Feb: its balance due 22 Feb
    text = run("status", logo, "--today", "2027-02-12").stdout
    assert (
        "Next: invoice the iteration 1 balance (1,071.00 EUR, due 22 February 2027), then the "
        "iteration 2 prepayment: iteration 2 starts once they are paid "
        f"(firmbrief invoice {logo} 1-balance)"
    ) in text
    assert "wait for the iteration 1 balance" not in text
    assert status(logo, "2027-02-12")["next"]["action"] == "invoice-instalment"
    for key in ("1-balance", "2-prepayment"):
        issued = run(
            "invoice",
            logo,
            key,
            "--date",
            "2027-02-12",
            "--future",
            "-o",
            logo.parent / f"{key}.pdf",
        )
        assert issued.exit_code == 0, issued.output
    after = run("status", logo, "--today", "2027-02-12").stdout
    assert "Next: wait for the iteration 1 balance (invoice " in after


# --- 5. notices and drafts --------------------------------------------------------------------


def test_the_delivery_for_acceptance_counts_as_the_last_draft(logo: Path) -> None:
    record_all(logo, STARTED[:4])  # iteration 1 delivered for acceptance, no draft before
    data = status(logo, "2027-02-08")
    assert data["iterations"][0]["drafts"] == {"included": 2, "delivered": 2}
    assert "drafts 2 of 2" in run("status", logo, "--today", "2027-02-08").stdout


def test_after_an_amendment_a_notice_cites_it(logo: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    text = logo.read_text("utf-8").replace("price: 2400.00", "price: 2600.00")
    logo.write_text(text.replace("total: 4200.00", "total: 4400.00"), "utf-8")
    amended = record(logo, "signed", "--date", "2026-12-21")
    fingerprint = amended.split("fingerprint ")[1].split()[0]
    record(logo, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")
    notice = run("notice", logo, "payment", "--today", "2027-01-14")  # the prepayment is due
    assert notice.exit_code == 0, notice.output
    words = " ".join(notice.stdout.split())
    # in the client's language, as the example's client reads it
    brief = load_brief(logo)
    _ = translations(language_for(brief)).gettext
    day = Formats(document_locale(brief), "EUR", 2).day
    cited = _(
        'I am writing about our project "%(title)s", under the terms of work we signed on '
        "%(signed)s%(amended)s (brief fingerprint %(fingerprint)s). As of %(today)s, the "
        "following payment is outstanding:"
    ) % {
        "title": brief.title,
        "signed": day(date(2026, 12, 1)),
        "amended": _(", as amended on {day}").format(day=day(date(2026, 12, 21))),
        "fingerprint": fingerprint,
        "today": day(date(2027, 1, 14)),
    }
    assert " ".join(cited.split()) in words, words
