"""The schedule: every dated item, as text and as an iCalendar file a second parser reads back.

The second parser is ``ical`` (a strict RFC 5545 implementation, independent of the
``icalendar`` package the file is written with).
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from ical.calendar import Calendar
from ical.calendar_stream import IcsCalendarStream

from firmbrief.briefs.plan import firm_dates, plan_of
from firmbrief.contracts.record.state import load_brief

from conftest import EXAMPLES, READY_EXAMPLES, run


def parse(path: Path) -> Calendar:
    return IcsCalendarStream.calendar_from_ics(path.read_text("utf-8"))


AS_OF = "2026-12-07"
"""The day the calendars are judged on unless a test says another: never the real today."""


def write_ics(brief: Path, out: Path, *more: str) -> Calendar:
    if "--today" not in more:
        more = (*more, "--today", AS_OF)
    result = run("schedule", brief, "--ics", out, *more)
    assert result.exit_code == 0, result.output
    return parse(out)


@pytest.mark.parametrize("example", READY_EXAMPLES, ids=lambda p: p.name)
def test_the_ics_file_holds_every_dated_item_of_the_brief(example: Path, tmp_path: Path) -> None:
    brief = tmp_path / example.name
    shutil.copy(example, brief)
    calendar = write_ics(brief, tmp_path / "project.ics")
    events = calendar.events
    days = {event.dtstart for event in events}
    parsed = load_brief(brief)
    plan = plan_of(parsed)
    for loc, day in firm_dates(parsed).items():  # every date written in the brief
        assert day in days, loc
    for it in plan.iterations:  # derived: the end of each client review
        assert it.review_ends in days
        assert any(
            e.dtstart == it.review_ends and "review" in (e.summary or "").lower() for e in events
        )
    for payment in plan.payments:  # derived: every payment due
        label = f"iteration {payment.iteration} {payment.kind}"
        assert any(e.dtstart == payment.due and label in (e.summary or "") for e in events), label
    explicit_dues = [loc for loc in firm_dates(parsed) if loc[0] == "payment"]
    task_payment = 1 if parsed.test_task and parsed.test_task.price else 0
    expected = len(firm_dates(parsed)) - len(explicit_dues) + len(plan.payments) + task_payment
    assert len(events) == expected + len(plan.iterations)  # + the end of each review
    for event in events:  # all-day events a calendar program shows on one day
        assert isinstance(event.dtstart, date)
        assert event.dtend == event.dtstart + timedelta(days=1)
        assert event.uid and event.uid.endswith("@firmbrief")
        assert event.dtstamp is not None
    assert len({e.uid for e in events}) == len(events)
    assert calendar.prodid.startswith("-//firmbrief//")
    assert calendar.version == "2.0"


def test_the_ics_file_is_what_calendar_programs_expect(tmp_path: Path) -> None:
    brief = tmp_path / "logo.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", brief)
    out = tmp_path / "logo.ics"
    write_ics(brief, out)
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded
    assert b"DTSTART;VALUE=DATE:20270111\r\n" in raw
    text = raw.decode("utf-8")
    assert (
        "SUMMARY:Iteration 1 starts: Discovery and logo concepts (Brand identity for Kettle & Crumb)"
        in text.replace("\r\n ", "")
    )


def test_uids_stay_the_same_when_dates_move(tmp_path: Path) -> None:
    brief = tmp_path / "logo.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", brief)
    for args in (
        ("signed", "--date", "2026-12-01"),
        ("payment", "--amount", "1071", "--date", "2027-01-05"),
        ("materials", "--material", "1", "--date", "2027-01-06"),
    ):
        assert run("record", brief, *args).exit_code == 0
    before = {e.uid: e for e in write_ics(brief, tmp_path / "a.ics").events}
    late = run("record", brief, "materials", "--material", "2", "--date", "2027-01-12")
    assert late.exit_code == 0
    after = {e.uid: e for e in write_ics(brief, tmp_path / "b.ics").events}
    assert before.keys() == after.keys()
    start = next(uid for uid in after if uid.startswith("iteration-1-start."))
    assert (before[start].dtstart, after[start].dtstart) == (date(2027, 1, 11), date(2027, 1, 13))
    assert (before[start].sequence, after[start].sequence) == (0, 1)


def test_text_from_the_brief_is_escaped_and_read_back_exactly(
    tmp_path: Path, brief_data: Any, write_brief: Any
) -> None:
    data = brief_data("logo")
    data["title"] = "Kettle, Crumb; and \\ co"
    data["iterations"][0]["name"] = "Logo: concepts, sketches; ideas"
    brief = write_brief(data)
    events = write_ics(brief, tmp_path / "x.ics").events
    start = next(e for e in events if e.uid.startswith("iteration-1-start."))
    assert (
        start.summary
        == "Iteration 1 starts: Logo: concepts, sketches; ideas (Kettle, Crumb; and \\ co)"
    )


def test_extra_rounds_and_change_requests_are_in_the_calendar(tmp_path: Path) -> None:
    brief = tmp_path / "logo.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", brief)
    for args in (
        ("signed", "--date", "2026-12-01"),
        ("delivered", "-i", "1", "--draft", "2", "--date", "2027-01-25"),
        ("revision", "-i", "1", "--revise", "logo: a", "--date", "2027-01-26"),
        ("revision", "-i", "1", "--revise", "logo: b", "--date", "2027-01-27"),
        ("change", "--price", "500", "--description", "animated logo", "--date", "2027-01-28"),
    ):
        assert run("record", brief, *args).exit_code == 0, args
    events = write_ics(brief, tmp_path / "x.ics").events
    by_uid = {e.uid.split(".")[0]: e for e in events}
    assert by_uid["payment-1-round-2"].dtstart == date(2027, 2, 10)
    assert "333.20 EUR" in (by_uid["payment-1-round-2"].summary or "")
    assert by_uid["payment-change-1"].dtstart == date(2027, 2, 11)
    assert "595.00 EUR" in (by_uid["payment-change-1"].summary or "")


def test_the_text_timeline_lists_the_same_items_in_order(tmp_path: Path) -> None:
    brief = tmp_path / "logo.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", brief)
    out = tmp_path / "logo.ics"
    result = run("schedule", brief, "--ics", out, "--format", "text", "--today", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert f"wrote 13 events to {out}" in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Schedule of Brand identity for Kettle & Crumb (as of 23 November 2026)"
    assert lines[1] == (
        "  2027-01-06 Wed  materials  Materials due from the client: Photos of the shop and the products"
    )
    assert len(lines) == 1 + len(parse(out).events)
    days = [line.split()[0] for line in lines[1:]]
    assert days == sorted(days)
    as_json = json.loads(run("schedule", brief, "--format", "json", "--today", "2026-11-23").stdout)
    assert [item["date"] for item in as_json["items"]] == days


def test_the_ics_file_is_written_atomically(tmp_path: Path) -> None:
    brief = tmp_path / "logo.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", brief)
    blocked = tmp_path / "dir.ics"
    blocked.mkdir()
    result = run("schedule", brief, "--ics", blocked)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {blocked}: is a folder: name a file to write")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.ics", "logo.yaml"]
