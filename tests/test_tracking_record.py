"""The record believes only what holds together: a payment entered twice, events out of order,
an ending "for cause" without the cause, a record that belongs to another brief (issue 28 items
13, 14 and 16; issue 24's same-day payment)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from conftest import EXAMPLES, in_language, run
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


def test_a_voided_payment_is_no_twin_and_again_without_a_twin_is_said(logo: Path) -> None:
    signed_and_started(logo)
    record(logo, "void", "--line", "2", "--reason", "wrong brief", "--date", "2027-01-07")
    record(logo, "payment", "--amount", "1071.00", "--date", "2027-01-05")
    alone = run("record", logo, "payment", "--amount", "5.00", "--date", "2027-01-08", "--again")
    assert alone.exit_code == 0, alone.output
    assert "warning: --again: no payment of this amount is recorded on that day" in alone.stderr


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


# --- 28.13: ending for cause needs the cause in the record ------------------------------------

_ENDED = ("cancelled", "--by", "freelancer", "--for-cause")


def _overdue_balance(brief: Path) -> None:
    """Iteration 1 accepted on 8 Feb (its balance due 22 Feb, unpaid), iteration 2 prepaid."""
    for event in (
        ("signed", "--date", "2026-12-01"),
        ("payment", "--amount", "1071.00", "--date", "2027-01-05"),
        ("materials", "--material", "1", "--material", "2", "--date", "2027-01-06"),
        ("delivered", "-i", "1", "--date", "2027-02-05"),
        ("accepted", "-i", "1", "--date", "2027-02-08"),
        ("payment", "--amount", "1428.00", "--for", "2-prepayment", "--date", "2027-02-12"),
    ):
        record(brief, *event)


def _notice(brief: Path, today: str) -> str:
    result = run("notice", brief, "cancellation", "--today", today)
    assert result.exit_code == 0, result.output
    return re.sub(r"[ \n]+", " ", result.stdout)


def test_for_cause_without_a_reminder_or_before_the_cure_days_is_refused(logo: Path) -> None:
    signed_and_started(logo)
    nothing = run("record", logo, *_ENDED, "--date", "2027-01-20")
    assert nothing.exit_code == 1, nothing.output
    assert "--for-cause: the record shows no cause on the client's side on 20 January 2027: " \
        "nothing is overdue" in nothing.output, nothing.output


def test_for_cause_needs_the_reminder_and_the_days_the_terms_give(tmp_path: Path) -> None:
    logo = in_language(EXAMPLES / "logo.yaml", tmp_path)  # the notice's English wording
    _overdue_balance(logo)
    before = _lines(logo)
    unreminded = run("record", logo, *_ENDED, "--date", "2027-03-30")
    assert unreminded.exit_code == 1, unreminded.output
    assert "the iteration 1 balance (1,071.00 EUR unpaid) was due on 22 February 2027, but no " \
        "payment notice was recorded after that" in unreminded.output, unreminded.output
    record(logo, "note", "--kind", "payment", "--date", "2027-02-23")
    # end_after_days (30) after the due date: 24 March; cure_days (14) after the notice: 9 March
    early = run("record", logo, *_ENDED, "--date", "2027-03-23")
    assert early.exit_code == 1, early.output
    assert "the terms allow ending from 24 March 2027 (30 days after the due date and 14 days " \
        "after the notice)" in early.output, early.output
    assert _lines(logo) == before + 1
    record(logo, *_ENDED, "--date", "2027-03-24")
    text = _notice(logo, "2027-03-25")
    assert "I ended it for a cause on your side: the iteration 1 balance (1.071,00\u00a0€ unpaid) " \
        "was due on 22 February 2027; a written payment reminder was sent on 23 February 2027 " \
        "and it was not put right by 24 March 2027." in text, text


def test_the_client_ending_for_cause_is_a_missed_delivery_and_the_notice_says_only_that(
    tmp_path: Path,
) -> None:
    logo = in_language(EXAMPLES / "logo.yaml", tmp_path)  # the notice's English wording
    signed_and_started(logo)  # iteration 1 is due on 5 February 2027; cure_days: 14
    early = run("record", logo, "cancelled", "--by", "client", "--for-cause",
                "--date", "2027-02-18")  # fmt: skip
    assert early.exit_code == 1, early.output
    assert "no cause on the freelancer's side on 18 February 2027: iteration 1 was due on " \
        "5 February 2027: the terms give 14 days after a missed delivery, until 19 February " \
        "2027" in early.output, early.output
    record(logo, "cancelled", "--by", "client", "--for-cause", "--date", "2027-02-19")
    text = _notice(logo, "2027-02-20")
    assert "You ended it for a cause on my side: iteration 1 was due for delivery on " \
        "5 February 2027 and was not delivered by 19 February 2027." in text, text
    assert "reminder" not in text, text


def test_a_recorded_for_cause_without_its_cause_is_settled_as_an_ending_at_will(
    logo: Path,
) -> None:
    """A record written before the cause was checked (or by hand, with valid check sums)."""
    from datetime import date

    from firmbrief.contracts.record.events import Cancelled
    from firmbrief.contracts.record.log import append_event, read_record

    signed_and_started(logo)
    append_event(read_record(logo), Cancelled(date=date(2027, 1, 20), by="freelancer",
                                              for_cause=True))  # fmt: skip
    ended = status(logo, "2027-01-21")["cancellation"]
    assert ended["for_cause"] is True
    assert ended["settled_as"] == "freelancer"  # as ended at will: the prepayment is refunded
    assert ended["balance"] == "-1071.00"
    assert "a cause on your side" not in _notice(logo, "2027-01-21")


# --- 28.16: a record belongs to the agreement its first signing pinned --------------------------


def test_a_finished_projects_folder_copied_as_a_template_is_refused(
    logo: Path, tmp_path: Path
) -> None:
    import shutil

    import yaml

    iteration_1_accepted(logo)
    first = json.loads(logo.with_name(logo.name + ".log.jsonl").read_text("utf-8").split("\n")[0])
    assert first["client"] == "Kettle & Crumb GmbH"  # pinned by the first signing
    copy = tmp_path / "copy"
    shutil.copytree(tmp_path, copy, ignore=shutil.ignore_patterns("copy"))
    brief = copy / "logo.yaml"
    data = yaml.safe_load(brief.read_text("utf-8"))
    data["client"]["company"] = "Nordlicht Café"
    data["title"] = "New website for Nordlicht Café"
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    record_file = copy / "logo.yaml.log.jsonl"
    before = record_file.read_bytes()
    for args in (
        ("status", brief, "--today", "2027-02-10"),
        ("record", brief, "signed", "--date", "2027-02-10"),
        ("record", brief, "payment", "--amount", "100.00", "--date", "2027-02-10"),
        ("render", brief, "--amendment", "-o", copy / "out"),
    ):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(
            f'error: {record_file}: line 1: the record of an agreement with "Kettle & Crumb '
            'GmbH", signed on 2026-12-01; this brief is with "Nordlicht Café"'
        ), result.stderr
        assert len(result.stderr.splitlines()) == 1, result.stderr
    assert record_file.read_bytes() == before
    # the same client, a new title: an amendment as before
    data["client"]["company"] = "kettle &  Crumb GmbH"
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    shown = run("status", brief, "--today", "2027-02-10")
    assert shown.exit_code == 0, shown.output
    assert "changed after it was signed" in shown.output


def test_a_record_signed_before_the_pin_is_judged_by_the_brief_as_signed(logo: Path) -> None:
    """A record whose signing names no client (written before it was pinned): the copy of the
    brief as signed beside it says whose the record is."""
    from datetime import date

    import yaml

    from firmbrief.briefs.canonical import fingerprint
    from firmbrief.contracts.record.events import Signed
    from firmbrief.contracts.record.log import append_event, read_record
    from firmbrief.contracts.record.signed_copy import keep_signed, signed_path
    from firmbrief.contracts.record.state import load_brief

    brief = load_brief(logo)
    append_event(read_record(logo), Signed(date=date(2026, 12, 1), fingerprint=fingerprint(brief)))
    keep_signed(logo, brief)
    data = yaml.safe_load(logo.read_text("utf-8"))
    data["client"]["company"] = "Nordlicht Café"
    logo.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    refused = run("status", logo, "--today", "2026-12-02")
    assert refused.exit_code == 2, refused.output
    assert 'line 1: the record of an agreement with "Kettle & Crumb GmbH"' in refused.stderr
    signed_path(logo).unlink()  # nothing to tell by: taken as it is
    assert run("status", logo, "--today", "2026-12-02").exit_code == 0
