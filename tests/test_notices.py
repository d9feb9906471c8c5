"""Formal notices: the right amounts, dates and clause, and nothing compiled from client text."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from firmbrief.briefs.locales import locale_for
from firmbrief.contracts.clauses import clause
from firmbrief.contracts.record.log import log_path, read_record
from firmbrief.contracts.record.state import load_brief
from firmbrief.contracts.views import Formats
from firmbrief.templates.translations import translations

from conftest import EXAMPLES, in_language, run


@pytest.fixture
def logo(tmp_path: Path) -> Path:
    """The logo example in English: these tests are about the notices' English wording (its
    Berlin client receives them in German)."""
    return in_language(EXAMPLES / "logo.yaml", tmp_path)


def record(brief: Path, *args: str) -> None:
    result = run("record", brief, *args)
    assert result.exit_code == 0, result.output


def accepted_iteration_1(brief: Path) -> None:
    record(brief, "signed", "--date", "2026-12-01")
    record(brief, "payment", "--amount", "1071", "--date", "2027-01-05")
    record(brief, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")
    record(brief, "delivered", "-i", "1", "--date", "2027-02-05")
    record(brief, "accepted", "-i", "1", "--date", "2027-02-08")


def notice(brief: Path, kind: str, today: str) -> str:
    result = run("notice", brief, kind, "--today", today)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"once sent: firmbrief record {brief} note --kind {kind}\n"
    return re.sub(r"[ \n]+", " ", result.stdout).strip()  # wrapped: compare it unwrapped


def formats(brief: Path) -> Any:
    parsed = load_brief(brief)
    return parsed, Formats(locale_for(parsed), "EUR", 2)


def test_a_payment_notice_names_the_amounts_dates_and_clauses(logo: Path) -> None:
    accepted_iteration_1(logo)
    text = notice(logo, "payment", "2027-02-25")
    brief, fmt = formats(logo)
    assert text.startswith(
        "Subject: Payment reminder: Brand identity for Kettle & Crumb Dear Tom Becker,"
    )
    assert (
        f"Iteration 1 balance: {fmt.money(Decimal('1071'))} ({fmt.money(Decimal('900'))} + VAT {fmt.money(Decimal('171'))}), "
        f"due since {fmt.day(date(2027, 2, 22))} (3 days)"
    ) in text
    assert f"Total outstanding: {fmt.money(Decimal('1071'))}" in text
    assert f"Under {clause(brief, 'payment')} of our signed terms, 50% of each iteration" in text
    late = str(clause(brief, "late_payment"))
    assert (
        f"{late[0].upper()}{late[1:]} of our terms sets the interest on late invoices and allows "
        "me to pause the work while an invoice is overdue." in text
    )
    assert "signed on 1 December 2026 (brief fingerprint " in text
    # sent on Thu 25 Feb, the email counts as received on Fri 26 Feb (the terms' communication
    # clause): 7 days from then; the payment route of the terms, and what to quote
    assert (
        f"Please pay {fmt.money(Decimal('1071'))} by 5 March 2027, by bank transfer to Jensen "
        "Studio, IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX, quoting \"Brand identity for "
        'Kettle & Crumb: iteration 1 balance" as the reference.'
    ) in text
    head = read_record(logo).head
    assert text.endswith(
        "Kind regards, Mara Jensen Jensen Studio mara@jensen.studio Reference: our project "
        f"record, line 5, check {head.check if head else ''}."
    )


def test_a_payment_notice_for_a_prepayment_and_an_extra_round(logo: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    record(logo, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")
    record(logo, "delivered", "-i", "1", "--draft", "2", "--date", "2027-01-11")
    record(logo, "revision", "-i", "1", "--revise", "logo: a", "--date", "2027-01-12")
    record(logo, "revision", "-i", "1", "--revise", "logo: b", "--date", "2027-01-13")
    text = notice(logo, "payment", "2027-01-28")
    brief, fmt = formats(logo)
    assert f"Iteration 1 prepayment: {fmt.money(Decimal('1071'))}" in text
    assert f"Iteration 1 extra revision round 2: {fmt.money(Decimal('333.2'))}" in text
    assert "due since 27 January 2027 (1 day)" in text  # one day, not "1 days"
    assert f"Total outstanding: {fmt.money(Decimal('1404.2'))}" in text
    assert (
        f"Under {clause(brief, 'revisions')}, each revision round beyond those included costs {fmt.money(Decimal('280'))}."
        in text
    )
    assert (
        'Work on iteration 1 ("Discovery and logo concepts"), planned as of today to start on'
        in text
    )


def test_a_review_notice_says_the_review_ended_and_what_follows(logo: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    record(logo, "payment", "--amount", "1071", "--date", "2027-01-05")
    record(logo, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")
    record(logo, "delivered", "-i", "1", "--date", "2027-02-05")
    text = notice(logo, "review", "2027-02-12")
    brief, fmt = formats(logo)
    assert (
        'On 5 February 2027 I delivered the work for acceptance of iteration 1 ("Discovery and '
        'logo concepts")'
    ) in text
    assert (
        f"Under {clause(brief, 'review')} of the terms of work we signed on 1 December 2026" in text
    )
    assert "answer in writing within 3 working days. That period ended on 10 February 2027" in text
    # this notice is the written reminder: 5 working days after it (Fri 12 February) is Fri 19
    assert "This letter is the written reminder" in text
    assert "Please send me your answer in writing by 19 February 2027" in text
    assert "iteration 1 counts as accepted on 19 February 2027" in text
    # the balance: 14 days after that (5 March), but by iteration 2's start at the latest,
    # which material 3 (due 11 February, still missing) has moved to Wed 24 February; the
    # notice says what status says
    assert f"Its balance of {fmt.money(Decimal('1071'))} then falls due on 24 February 2027." in text
    shown = run("status", logo, "--today", "2027-02-12", "--format", "json")
    due = {i["key"]: i["due"] for i in json.loads(shown.stdout)["instalments"]}
    assert due["1-balance"] == "2027-02-24"


def test_a_review_notice_for_a_draft_asks_for_feedback(logo: Path) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    record(logo, "delivered", "-i", "1", "--draft", "1", "--date", "2027-01-20")
    text = notice(logo, "review", "2027-01-28")
    assert "I delivered draft 1 of iteration 1" in text
    assert "counts as accepted" not in text
    # sent Thu 28 Jan, received Fri 29 Jan (the next working day): 3 working days from then
    assert "Please send me your comments in writing by 3 February 2027" in text


def test_a_materials_notice_names_what_is_missing_and_the_dates_it_moves(logo: Path) -> None:
    accepted_iteration_1(logo)
    text = notice(logo, "materials", "2027-02-16")
    brief, _ = formats(logo)
    assert (
        '"Names, roles and addresses for the stationery" for iteration 2: due 11 February 2027, '
        "3 working days late"
    ) in text
    assert f"Under {clause(brief, 'materials')} of our terms, if a material arrives late" in text
    assert "iteration 2 start: 23 February 2027 becomes 26 February 2027" in text
    assert "iteration 2 delivery: 19 March 2027 becomes 24 March 2027" in text
    # sent Tue 16 Feb, received Wed 17 Feb: 3 working days from then
    assert "Please send the material by 22 February 2027" in text


def test_a_cancellation_notice_states_the_settlement(logo: Path) -> None:
    accepted_iteration_1(logo)
    record(logo, "materials", "--material", "3", "--date", "2027-02-10")
    record(logo, "payment", "--amount", "1071", "--for", "1-balance", "--date", "2027-02-10")
    record(logo, "payment", "--amount", "1428", "--for", "2-prepayment", "--date", "2027-02-12")
    record(logo, "cancelled", "--by", "client", "--date", "2027-02-24")  # iteration 2 started
    text = notice(logo, "cancellation", "2027-02-25")
    brief, fmt = formats(logo)
    assert text.startswith("Subject: Confirmation of the cancellation: Brand identity")
    assert "which you gave notice of on 24 February 2027" in text
    assert f"under {clause(brief, 'cancellation')} of the terms of work" in text
    assert (
        "That clause provides that, when you end the agreement, every accepted iteration is paid "
        "in full and 25% of the unpaid rest of the iteration in progress is due"
    ) in text
    assert (
        f"accepted, owed in full: {fmt.money(Decimal('2142'))} owed, {fmt.money(Decimal('2142'))} received"
        in text
    )
    assert f"{fmt.money(Decimal('1785'))} owed, {fmt.money(Decimal('1428'))} received" in text
    assert f"Still to pay: {fmt.money(Decimal('357'))}." in text
    # due 14 days after the cancellation, as the settlement's instalment in status
    assert (
        f"Please pay {fmt.money(Decimal('357'))} by 10 March 2027, by bank transfer to Jensen "
        "Studio, IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX, quoting \"Brand identity for "
        'Kettle & Crumb: cancellation settlement" as the reference.'
    ) in text
    assert "iteration 1: final files, source and working files" in text
    assert "iteration 2: drafts and work in progress" in text


def test_a_cancellation_notice_before_any_cancellation_gives_notice(logo: Path) -> None:
    accepted_iteration_1(logo)
    text = notice(logo, "cancellation", "2027-02-09")
    assert text.startswith("Subject: Notice of cancellation: Brand identity")
    # sent Tue 9 Feb, received Wed 10 Feb (the terms' receipt rule): 14 days from then
    assert (
        "It ends 14 days after you receive this notice: on 24 February 2027, as an email sent "
        "today counts as received on the next working day, 10 February 2027."
    ) in text


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("payment", "no payment is due as of 2027-01-04; the next is the iteration 1 prepayment, due on 11 January 2027"),
        ("review", "no delivery is waiting for the client's answer"),
        ("materials", "no client material is overdue as of 2027-01-04; the next is due on 2027-01-06"),
    ],
)  # fmt: skip
def test_nothing_to_give_notice_of_is_exit_1(logo: Path, kind: str, message: str) -> None:
    record(logo, "signed", "--date", "2026-12-01")
    result = run("notice", logo, kind, "--today", "2027-01-04")
    assert result.exit_code == 1
    assert result.stderr == f"error: {logo}: {message}\n"
    assert result.stdout == ""


def test_nothing_to_give_notice_of_is_said_in_english_for_a_german_client(
    tmp_path: Path,
) -> None:
    """The error is for the freelancer: English, even when the client reads German."""
    brief = in_language(EXAMPLES / "logo.yaml", tmp_path, "de")
    record(brief, "signed", "--date", "2026-12-01")
    result = run("notice", brief, "payment", "--today", "2027-01-04")
    assert result.exit_code == 1
    assert result.stderr.endswith("prepayment, due on 11 January 2027\n"), result.stderr


def test_a_german_notice_names_the_tax_in_german(tmp_path: Path) -> None:
    """The brief names its tax "VAT" (English); its German client reads the German word."""
    brief = in_language(EXAMPLES / "logo.yaml", tmp_path, "de")
    accepted_iteration_1(brief)
    text = notice(brief, "payment", "2027-02-25")
    assert f" + {translations('de').gettext('VAT')} " in text, text
    assert "VAT" not in text, text


def test_no_notice_rests_on_unsigned_terms(logo: Path) -> None:
    result = run("notice", logo, "payment", "--today", "2027-01-04")
    assert result.exit_code == 1
    assert "the brief is not signed yet, and a notice rests on the signed terms" in result.stderr


def test_client_text_is_printed_as_written_never_run_as_a_template(
    tmp_path: Path, brief_data: Any, write_brief: Any
) -> None:
    data = brief_data("logo")
    data["client"]["approver"]["name"] = "{{ 7*7 }} {% if true %}yes{% endif %}"
    data["title"] = "{{ config }}"
    data["language"] = "en"  # the English wording is asserted below
    brief = write_brief(data, "logo.yaml")
    accepted_iteration_1(brief)
    text = notice(brief, "payment", "2027-02-25")
    assert "Dear {{ 7*7 }} {% if true %}yes{% endif %}," in text
    assert 'our project "{{ config }}"' in text
    assert "49" not in re.sub(r"(?:fingerprint|check) [0-9a-f]{16}", "", text)  # {{ 7*7 }} not run


def test_a_notice_can_be_written_to_a_file_and_recorded_as_sent(logo: Path) -> None:
    accepted_iteration_1(logo)
    out = logo.parent / "reminder.txt"
    result = run("notice", logo, "payment", "--today", "2027-02-25", "--output", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}\n"
    assert out.read_text("utf-8").startswith("Subject: Payment reminder:")
    record(logo, "note", "--kind", "payment", "--date", "2027-02-25")
    assert '"event":"note","date":"2027-02-25","kind":"payment"' in log_path(logo).read_text(
        "utf-8"
    )
