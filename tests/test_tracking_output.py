"""What the record's commands print: notices without a paragraph twice and in one money format,
``-`` for standard output, refusals that name real options and cut long values, warnings that
wait for the freelancer's move, the schedule as one, and the terms stating the gate."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer.main
from ical.calendar_stream import IcsCalendarStream

from firmbrief.briefs.language import language_for
from firmbrief.commands.app import app
from firmbrief.contracts.clauses import clause
from firmbrief.contracts.record.state import load_brief
from firmbrief.templates.translations import translations

from conftest import EXAMPLES, run
from tracking_support import ITERATION_2_PREPAID, record, record_all, status

LONG = "x" * 3000

PAID_AND_CANCELLED = (*ITERATION_2_PREPAID, ("cancelled", "--by", "client", "--date", "2027-02-22"))



def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


# --- notices ---------------------------------------------------------------------------------


def _notices(brief: Path) -> dict[str, str]:
    """Every notice firmbrief writes for the logo project, each on a day it has something to
    say: a payment reminder for a balance and a prepayment at once, a lapsed review of a
    draft, missing materials, and a cancellation with a fee."""
    found = {}
    record_all(brief, PAID_AND_CANCELLED[:6])
    found["payment"] = run("notice", brief, "payment", "--today", "2027-02-25").stdout
    record_all(brief, PAID_AND_CANCELLED[6:])
    found["cancellation"] = run("notice", brief, "cancellation", "--today", "2027-02-23").stdout
    return found


def test_no_notice_says_a_paragraph_twice(logo: Path, tmp_path: Path) -> None:
    texts = _notices(logo)
    brief = load_brief(logo)
    _ = translations(language_for(brief)).gettext  # the notices are in the client's language

    def upper_first(words: str) -> str:
        return words[:1].upper() + words[1:]

    assert upper_first(_("iteration {0} balance").format(1)) in texts["payment"]
    assert upper_first(_("iteration {0} prepayment").format(2)) in texts["payment"]
    other = tmp_path / "other"
    other.mkdir()
    draft = other / "logo.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", draft)
    record_all(draft, (("signed", "--date", "2026-12-01"),
                   ("delivered", "-i", "1", "--draft", "1", "--date", "2027-01-20")))  # fmt: skip
    texts["review"] = run("notice", draft, "review", "--today", "2027-01-28").stdout
    texts["materials"] = run("notice", draft, "materials", "--today", "2027-01-28").stdout
    for kind, text in texts.items():
        assert text, kind
        paragraphs = _paragraphs(text)
        assert len(paragraphs) == len(set(paragraphs)), kind
        assert "\n\n\n" not in text, kind
    payment = clause(brief, "payment")
    under = _(
        "Under {clause} of our signed terms, {share} of each iteration's price is paid "
        "before it starts and the rest once it is accepted; work on an iteration starts "
        "only once its prepayment has been received and every iteration before it has "
        "been accepted and paid in full."
    ).split("{share}")[0].format(
        clause=_("clause {number} ({title})").format(number=payment.number, title=_("Payment"))
    )
    assert " ".join(texts["payment"].split()).count(under) == 1, under


def test_a_notice_writes_money_in_one_format_the_documents_locale(
    brief_data: Any, write_brief: Any
) -> None:
    data = brief_data("logo")
    data["currency"] = "GBP"
    data["freelancer"]["country"] = "GB"
    data["freelancer"]["region"] = "ENG"  # the UK's contract law is its nations'
    data["freelancer"]["tax_id"] = "GB 123 4567 89"
    data["client"]["country"] = "GB"
    data["tax"]["rate"] = 20
    brief = write_brief(data, "logo.yaml")
    # at 20% VAT: iteration 1's halves are 900.00 + 180.00, iteration 2's 1,200.00 + 240.00
    record_all(brief, (("signed", "--date", "2026-12-01"),
                   ("payment", "--amount", "1080.00", "--date", "2027-01-05"),
                   ("materials", "--material", "1", "--material", "2", "--date", "2027-01-06"),
                   ("delivered", "-i", "1", "--date", "2027-02-05"),
                   ("accepted", "-i", "1", "--date", "2027-02-08"),
                   ("materials", "--material", "3", "--date", "2027-02-09"),
                   ("payment", "--amount", "2520.00", "--date", "2027-02-10"),  # 1,080 + 1,440
                   ("cancelled", "--by", "client", "--date", "2027-02-24")))  # fmt: skip
    text = run("notice", brief, "cancellation", "--today", "2027-02-25").stdout
    # 25% of iteration 2's unpaid 1,200.00 net: 300.00 + 20% VAT = 360.00
    assert "25% of its unpaid rest is due (£360.00)" in " ".join(text.split())
    assert "GBP" not in text
    amounts = re.findall(r"[£€$]?\d[\d,.]*\d(?: ?(?:GBP|EUR|€))?", text)
    money = [a for a in amounts if "." in a and len(a.split(".")[-1].rstrip("GBPEUR €")) == 2]
    assert money and all(a.startswith("£") for a in money), money


# --- output to standard output ---------------------------------------------------------------


def test_a_notice_and_a_calendar_go_to_standard_output_with_a_dash(
    logo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(logo.parent)
    record_all(logo, PAID_AND_CANCELLED[:6])
    notice = run("notice", logo, "payment", "--today", "2027-02-25", "-o", "-")
    assert notice.exit_code == 0, notice.output
    _ = translations(language_for(load_brief(logo))).gettext  # the client's language
    assert notice.stdout.startswith(_("Subject: Payment reminder: %(title)s") % {"title": ""})
    assert "wrote" not in notice.output
    calendar = run("schedule", logo, "--ics", "-", "--today", "2027-02-25")
    assert calendar.exit_code == 0, calendar.output
    parsed = IcsCalendarStream.calendar_from_ics(calendar.stdout)
    assert any("Iteration 2 starts" in (e.summary or "") for e in parsed.events)
    assert not (logo.parent / "-").exists()
    both = run("schedule", logo, "--ics", "-", "--format", "json")
    assert both.exit_code == 2
    assert both.stderr.startswith("error: --ics: the calendar goes to standard output")


# --- refusals --------------------------------------------------------------------------------


def _record_options() -> set[str]:
    group = typer.main.get_group(app)
    command = group.commands["record"]
    return {name for param in command.params for name in getattr(param, "opts", [])}


@pytest.mark.parametrize(
    "kind",
    ["payment", "materials", "delivered", "revision", "accepted", "change", "delay", "note",
     "released", "cancelled", "refund", "void"],
)  # fmt: skip
def test_a_refusal_names_only_options_that_exist(logo: Path, kind: str) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    result = run("record", logo, kind, "--date", "2027-01-05")
    named = set(re.findall(r"--[a-z][a-z-]*", result.stderr))
    assert named <= _record_options(), (kind, result.stderr)
    assert "--event" not in result.stderr


def test_materials_without_a_material_names_the_option(logo: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    result = run("record", logo, "materials", "--date", "2027-01-05")
    assert result.exit_code == 2
    assert result.stderr == f"error: {logo}: --material: is needed for this event\n"


@pytest.mark.parametrize(
    "args",
    [
        ("record", "{brief}", LONG),
        ("record", "{brief}", "materials", "--material", LONG),
        ("record", "{brief}", "delivered", "-i", LONG),
        ("record", "{brief}", "revision", "--revise", LONG),
        ("record", "{brief}", "note", "--kind", LONG),
        ("record", "{brief}", "payment", "--amount", LONG),
        ("record", "{brief}", "payment", "--amount", "10", "--date", LONG),
        ("notice", "{brief}", LONG),
        ("gate", "start", "{brief}", LONG),
    ],
    ids=["event", "material", "iteration", "revise", "kind", "amount", "date", "notice", "gate"],
)
def test_a_long_value_is_cut_short_in_the_message(logo: Path, args: tuple[str, ...]) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    result = run(*(str(logo) if a == "{brief}" else a for a in args))
    assert result.exit_code == 2, result.output
    assert LONG[:100] not in result.output
    assert len(result.output) < 600, result.output


# --- warnings that wait for the freelancer's move --------------------------------------------


def test_no_update_is_asked_for_while_the_client_owes_the_next_move(logo: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    record(logo, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")
    waiting = status(logo, "2027-01-25")  # the prepayment is 10 working days late
    assert waiting["iterations"][0]["state"] == "waiting-for-prepayment"
    assert "no-word-to-client" not in {w["code"] for w in waiting["warnings"]}
    record(logo, "payment", "--amount", "1071.00", "--date", "2027-01-25")
    working = status(logo, "2027-02-01")  # started Mon 25 Jan; updates every 3 working days
    assert working["iterations"][0]["state"] == "in-progress"
    assert "no-word-to-client" in {w["code"] for w in working["warnings"]}


# --- one schedule ----------------------------------------------------------------------------


def test_no_payment_is_expected_before_the_review_it_follows_anywhere(
    logo: Path, tmp_path: Path
) -> None:
    record_all(logo, (
        ("signed", "--date", "2026-12-01"),
        ("payment", "--amount", "1071.00", "--date", "2027-01-05"),
        ("materials", "--material", "1", "--date", "2027-01-06"),
        ("materials", "--material", "2", "--date", "2027-01-13"),  # 3 working days late
        ("delay", "-i", "2", "--delivery", "2027-03-26", "--reason", "illness", "--date",
         "2027-01-14"),
    ))  # fmt: skip
    data = status(logo, "2027-01-14")
    # iteration 1 delivers Wed 10 Feb (5 Feb + 3 working days): its review ends Mon 15 Feb and
    # its balance is expected 14 days later (1 Mar), but by iteration 2's start at the latest:
    # Fri 26 Feb (23 Feb + 3 working days); iteration 2 delivers on Good Friday, 26 March: its
    # review ends Thu 1 April (Easter Monday is a holiday in Berlin), its balance 15 April
    reviews = {it["number"]: it["review_ends"] for it in data["iterations"]}
    assert reviews == {1: "2027-02-15", 2: "2027-04-01"}
    balances = {i["iteration"]: i["due"] for i in data["instalments"] if i["kind"] == "balance"}
    assert balances == {1: "2027-02-26", 2: "2027-04-15"}

    listed = json.loads(run("schedule", logo, "-f", "json", "--today", "2027-01-14").stdout)
    days = {item["key"]: item["date"] for item in listed["items"]}
    order = [item["key"] for item in listed["items"]]
    text = run("schedule", logo, "--today", "2027-01-14").stdout
    for number in (1, 2):
        review, balance = f"iteration-{number}-review", f"payment-{number}-balance"
        assert (days[review], days[balance]) == (reviews[number], balances[number])
        assert order.index(review) < order.index(balance)
        assert text.index(f"Client review ends: iteration {number}") < text.index(
            f"Payment expected: iteration {number} balance"
        )
    out = tmp_path / "logo.ics"
    assert run("schedule", logo, "--ics", out, "--today", "2027-01-14").exit_code == 0
    events = IcsCalendarStream.calendar_from_ics(out.read_text("utf-8")).events
    by_key = {e.uid.split(".")[0]: e.dtstart for e in events}
    for number in (1, 2):
        assert by_key[f"payment-{number}-balance"] == date.fromisoformat(balances[number])
        assert by_key[f"iteration-{number}-review"] == date.fromisoformat(reviews[number])
    # a reminder the day after a payment falls due, for what is outstanding and firmly due:
    # iteration 2's prepayment, due when it starts (Fri 26 Feb, 23 Feb + 3 working days)
    assert by_key["reminder-2-prepayment"] == date(2027, 2, 27)
    assert "reminder-1-prepayment" not in by_key  # paid
    assert "reminder-1-balance" not in by_key  # expected, not due yet
