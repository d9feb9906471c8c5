"""The project's calendar: every dated item, as a timeline and as an iCalendar file.

The items are each iteration's start and delivery, the end of the client's review of each
delivery for acceptance, the client's materials due, every payment due (the brief's instalments,
extra revision rounds and change requests), a test task's due date and, once the brief is
signed, the day a reminder is due for each payment still outstanding. A payment invoiced is
due when its invoice says, and its items name the invoice (number and date). Every date is the one
schedule's (:mod:`~firmbrief.contracts.record.schedule`), as ``status`` shows them: moved by late
materials, gates, delays and changes, with a balance expected only once its review has ended.

The iCalendar file (RFC 5545, written with the ``icalendar`` package) holds one all-day event
per item (``DTSTART;VALUE=DATE`` and ``DTEND`` the next day, free time). Its UIDs are stable:
they name the item and the project (the fingerprint of the first signing, or of the brief
before it is signed), so importing a newer file updates the events instead of adding copies;
``SEQUENCE`` counts the times an item moved.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from firmbrief import __version__
from firmbrief.briefs.dates import format_long
from firmbrief.briefs.plan import firm_dates
from firmbrief.contracts.record.state import Project
from firmbrief.interface import versioned

__all__ = ["ALARMS", "Item", "as_json", "calendar_bytes", "format_text", "ics_bytes", "timeline"]


@dataclass(frozen=True, slots=True)
class Item:
    """One dated item of the project."""

    day: date
    kind: str  # start, delivery, review, materials, payment, test-task, portfolio
    key: str  # stable: iteration-1-start, payment-1-prepayment, materials-2...
    summary: str
    detail: str
    moves: int = 0  # how many times it moved
    invoice: tuple[str, date] | None = None  # a payment's invoice: its number and date
    done: bool = False  # nothing left to do on the day (a payment made): no alarm


def timeline(project: Project) -> list[Item]:
    """Every dated item of ``project``, in date order."""
    items: list[Item] = []
    moves = {moved.what: len(moved.causes) for moved in project.moved}
    title = project.brief.title or "project"
    task = project.brief.test_task
    task_due = firm_dates(project.brief).get(("test_task", "due"))
    if task and task_due:
        items.append(
            Item(task_due, "test-task", "test-task", f"Test task due: {title}",
                 task.description or "the paid test task before the project")
        )  # fmt: skip
    shown_from = firm_dates(project.brief).get(("terms", "portfolio_from"))
    if shown_from and project.brief.terms.portfolio:
        items.append(
            Item(shown_from, "portfolio", "portfolio", f"The work may be shown in a portfolio: "
                 f"{title}", "from this day the freelancer may show the final work")
        )  # fmt: skip
    for m in project.materials:
        if m.due:
            got = f"; received {format_long(m.received)}" if m.received else ""
            items.append(
                Item(
                    m.due,
                    "materials",
                    f"materials-{m.number}",
                    f"Materials due from the client: {m.name}",
                    f"needed for iteration {m.iteration}{got}",
                )
            )
    for it in project.iterations:
        label = f"iteration {it.number} ({it.name})"
        for kind, day in (("start", it.start), ("delivery", it.delivery)):
            if day is None:
                continue
            planned = it.planned_start if kind == "start" else it.planned_delivery
            was = f"; planned for {format_long(planned)}" if planned and planned != day else ""
            verb = "starts" if kind == "start" else "delivery due"
            items.append(
                Item(
                    day,
                    kind,
                    f"iteration-{it.number}-{kind}",
                    f"Iteration {it.number} {verb}: {it.name}",
                    f"{label}{was}",
                    moves.get(f"iteration {it.number} {kind}", 0),
                )
            )
        review = it.review_ends
        if review:
            items.append(
                Item(
                    review,
                    "review",
                    f"iteration-{it.number}-review",
                    f"Client review ends: iteration {it.number}",
                    f"the client answers on {label} by this day "
                    f"({it.review_days} working days after delivery)",
                    moves.get(f"iteration {it.number} delivery", 0),
                )
            )
    for i in project.instalments:
        if i.due is None or i.cancelled is not None:  # settled by a cancellation: not expected
            continue
        paid = f"; paid on {format_long(i.paid_on)}" if i.paid_on else ""
        verb = "Payment due" if i.due_firm else "Payment expected"
        bill = (i.invoice.number, i.invoice.issued) if i.invoice else None
        billed = f", invoice {bill[0]} of {format_long(bill[1])}" if bill else ""
        items.append(
            Item(
                i.due,
                "payment",
                f"payment-{i.key}",
                f"{verb}: {i.label}, {project.money(i.amounts.gross)}{billed}",
                f"net {project.money(i.amounts.net)}, tax {project.money(i.amounts.tax)}, "
                f"gross {project.money(i.amounts.gross)}{billed}{paid}",
                invoice=bill,
                done=not i.outstanding,
            )
        )
        if i.reminder and i.outstanding and project.signed:
            items.append(
                Item(
                    i.reminder,
                    "reminder",
                    f"reminder-{i.key}",
                    f"Payment reminder due: {i.label}, {project.money(i.outstanding)}{billed}",
                    f"not paid by {format_long(i.due or i.reminder)}: send a payment reminder "
                    "(firmbrief notice payment)",
                    invoice=bill,
                )
            )
    # On one day: a prepayment before the start it opens, a balance after the review it follows.
    order = {"test-task": 0, "materials": 1, "start": 3, "delivery": 4, "review": 5}

    def rank(item: Item) -> int:
        if item.kind in {"payment", "reminder"}:
            return 2 if item.key.endswith("prepayment") else 6
        return order.get(item.kind, 9)

    return sorted(items, key=lambda item: (item.day, rank(item), item.key))


def _project_id(project: Project, where: str | None = None) -> str:
    """The project's part of every UID: its first signing's fingerprint and, in a calendar of
    several projects, where it lies in the folder (two copies of one brief are two projects)."""
    signings = project.record.signings
    base = signings[0].fingerprint if signings else project.fingerprint
    if where is not None:
        base += "\0" + where
    return hashlib.sha256(base.encode()).hexdigest()[:12]


ALARMS: Final = {
    "payment": (timedelta(hours=9), "is due today"),
    "review": (timedelta(hours=9), "the client's review ends today"),
    "reminder": (timedelta(hours=9), "still unpaid: send a payment reminder"),
    "materials": (timedelta(hours=9), "the client's materials are due today"),
    "delivery": (timedelta(hours=-15), "is due tomorrow"),
}
"""Which items remind, when (from the all-day event's start: 9 hours is 9:00 on the day,
-15 hours 9:00 the day before), and what the alarm says after the item's summary."""

REMINDER_WEEKS: Final = 8
"""A payment reminder repeats every week until the item is gone (paid: the calendar, imported
again or subscribed to, no longer holds it), at most this many times."""


def _repeat_weekly(day: date) -> str:
    """A weekly recurrence from ``day`` as an RRULE value, made by python-dateutil's
    ``rrule`` (which also proves the rule: its every occurrence is a week apart)."""
    from dateutil.rrule import WEEKLY, rrule

    rule = rrule(WEEKLY, dtstart=datetime(day.year, day.month, day.day), count=REMINDER_WEEKS)
    return str(rule).splitlines()[-1].removeprefix("RRULE:")


def _event(item: Item, project_id: str, title: str, stamp: datetime) -> Any:
    from icalendar import Alarm, Event, vRecur

    event = Event()
    event.add("uid", f"{item.key}.{project_id}@firmbrief")
    event.add("dtstamp", stamp)
    event.add("dtstart", item.day)
    event.add("dtend", item.day + timedelta(days=1))
    event.add("summary", f"{item.summary} ({title})")
    event.add("description", item.detail)
    event.add("categories", [item.kind])
    event.add("transp", "TRANSPARENT")
    event.add("sequence", item.moves)
    if item.kind == "reminder":
        event.add("rrule", vRecur.from_ical(_repeat_weekly(item.day)))
    if item.kind in ALARMS and not item.done:
        trigger, said = ALARMS[item.kind]
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{item.summary}: {said}")
        alarm.add("trigger", trigger)
        event.add_component(alarm)
    return event


def _calendar(name: str) -> Any:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", f"-//firmbrief//firmbrief {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def ics_bytes(project: Project, items: list[Item], *, now: datetime | None = None) -> bytes:
    """The items as an iCalendar file: all-day events with stable UIDs, alarms on payments,
    reviews, materials and deliveries, and a payment reminder that repeats weekly."""
    title = project.brief.title or "firmbrief project"
    return calendar_bytes([(project, items, None)], title, now=now)


def calendar_bytes(
    projects: list[tuple[Project, list[Item], str | None]],
    name: str,
    *,
    now: datetime | None = None,
) -> bytes:
    """One calendar for several projects (``schedule FOLDER --ics``), each with where it lies
    in the folder: a calendar program can subscribe to it, and every UID names its project, so
    no two projects' events collide (not even two copies of one brief)."""
    stamp = (now or datetime.now(UTC)).replace(microsecond=0)
    calendar = _calendar(name)
    for project, items, where in projects:
        title = project.brief.title or "firmbrief project"
        project_id = _project_id(project, where)
        for item in items:
            calendar.add_component(_event(item, project_id, title, stamp))
    return bytes(calendar.to_ical())


def format_text(project: Project, items: list[Item]) -> str:
    """The timeline for people: one line per item, in date order."""
    title = project.brief.title or "untitled project"
    lines = [f"Schedule of {title} (as of {format_long(project.today)})"]
    width = max((len(item.kind) for item in items), default=0)
    for item in items:
        mark = "  (moved)" if item.moves else ""
        lines.append(
            f"  {item.day.isoformat()} {item.day.strftime('%a')}  {item.kind.ljust(width)}  "
            f"{item.summary}{mark}"
        )
    if not items:
        lines.append("  no dated items yet: the brief has no firm dates")
    return "\n".join(lines)


def as_json(project: Project, items: list[Item]) -> dict[str, Any]:
    """The timeline for scripts (the schema: ``firmbrief schema --of schedule``)."""
    return versioned({
        "title": project.brief.title,
        "today": project.today.isoformat(),
        "items": [
            {
                "date": item.day.isoformat(),
                "kind": item.kind,
                "key": item.key,
                "summary": item.summary,
                "detail": item.detail,
                "moves": item.moves,
                "invoice": (
                    {"number": item.invoice[0], "date": item.invoice[1].isoformat()}
                    if item.invoice else None
                ),  # fmt: skip
            }
            for item in items
        ],
    })  # fmt: skip
