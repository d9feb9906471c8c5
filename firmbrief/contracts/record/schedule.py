"""The project's dates as they stand: planned, then moved by late materials, late prepayments,
announced delays and agreed changes."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from firmbrief.briefs.dates import format_long
from firmbrief.briefs.money import InstalmentKind
from firmbrief.contracts.record.events import (
    Accepted,
    Change,
    Delay,
    Delivered,
    Entry,
    Materials,
    Payment,
    Revision,
)
from firmbrief.contracts.record.state import (
    ZERO,
    IterationState,
    MaterialState,
    Moved,
    Project,
    problem,
)

__all__ = ["prepaid_on", "shift_dates", "track_materials"]


def track_materials(project: Project, entries: list[Entry]) -> None:
    calendar = project.plan.calendar
    received: dict[int, date] = {}
    for entry in entries:
        if isinstance(entry.event, Materials):
            for number in entry.event.materials:
                if number > len(project.plan.materials):
                    problem(project, entry, f"the brief has no material {number}")
                received.setdefault(number, entry.event.date)
    worked = {
        e.event.iteration for e in entries if isinstance(e.event, Delivered | Revision | Accepted)
    }
    active = project.signed is not None and project.cancelled is None
    for number, planned in enumerate(project.plan.materials, start=1):
        got = received.get(number)
        # Still missing while the work that needs it goes on: late so far. Once that work was
        # delivered without it, it no longer holds anything up.
        waiting = got is None and active and planned.iteration not in worked
        until = got or (project.today if waiting else None)
        late = 0
        if planned.due and until and until > planned.due:
            late = calendar.working_days(planned.due + timedelta(days=1), until)
        project.materials.append(
            MaterialState(number, planned.name, planned.iteration, planned.due, got, late, waiting)
        )


def prepaid_on(project: Project, entries: list[Entry]) -> dict[int, date | None]:
    """The day each iteration's prepayment was paid in full (``None`` while it is not); an
    iteration without a prepayment is left out."""
    owed = {
        p.iteration: p.amounts.gross
        for p in project.plan.payments
        if p.kind is InstalmentKind.prepayment
    }
    received: dict[int, Decimal] = {}
    paid: dict[int, date] = {}
    for entry in entries:
        event = entry.event
        if isinstance(event, Payment) and event.instalment.endswith("-prepayment"):
            number = int(event.instalment.split("-")[0])
            received[number] = received.get(number, ZERO) + event.amount
            if number in owed and number not in paid and received[number] >= owed[number]:
                paid[number] = event.date
    return {number: paid.get(number) for number, gross in owed.items() if gross}


def shift_dates(project: Project, entries: list[Entry]) -> None:
    """Each iteration's dates: planned, moved by late materials and late prepayments (each
    by the working days it was late, for its iteration and the ones after it), then by
    announced delays and agreed changes."""
    calendar, today = project.plan.calendar, project.today
    shift_by_materials = project.brief.terms.late_materials == "shift_dates"
    prepaid = prepaid_on(project, entries)
    delivered = {e.event.iteration for e in entries if isinstance(e.event, Delivered)}
    carry, causes = 0, list[tuple[str, str]]()
    for planned in project.plan.iterations:
        number = planned.number
        it = IterationState(
            number=number,
            name=planned.name,
            planned_start=planned.start,
            planned_delivery=planned.delivery,
            start=planned.start,
            delivery=planned.delivery,
            review_days=planned.review_days,
            drafts=planned.drafts,
            rounds_included=planned.revision_rounds,
        )
        late = [m for m in project.materials if m.iteration == number and m.late]
        if shift_by_materials and late:
            worst = max(late, key=lambda m: m.late)
            if worst.late > carry:
                still = "" if worst.received else ", still missing"
                carry = worst.late
                causes = [("materials", f'"{worst.name}" {worst.late} working day(s) late{still}')]
        start = calendar.add_working_days(planned.start, carry) if planned.start else None
        it.prepayment_due = start
        paid = prepaid.get(number)
        waiting = number in prepaid and paid is None
        active = project.signed and not project.cancelled and number not in delivered
        until = paid or (today if waiting and active else None)
        if start and until and until > start:
            own = calendar.working_days(start + timedelta(days=1), until)
            still = ", still missing" if paid is None else ""
            carry += own
            causes = [
                *causes,
                ("prepayment", f"iteration {number}'s prepayment {own} working day(s) late{still}"),
            ]
        for name in ("start", "delivery") if carry else ():
            old = getattr(it, name)
            if old:
                setattr(it, name, calendar.add_working_days(old, carry))
                why = "; ".join(text for _, text in causes)
                project.moved.append(
                    Moved(f"iteration {number} {name}", old, getattr(it, name), why, causes[-1][0])
                )
        project.iterations.append(it)
    for entry in entries:
        event = entry.event
        if isinstance(event, Delay | Change) and event.iteration:
            target = project.iteration(event.iteration)
            if target is None:
                problem(project, entry, f"the brief has no iteration {event.iteration}")
                continue
            it = target
            why = (
                f"delay announced on {format_long(event.date)}: {event.reason}"
                if isinstance(event, Delay)
                else f"change agreed on {format_long(event.date)}"
            )
            for name in ("start", "delivery"):
                new = getattr(event, name, None)
                old = getattr(it, name)
                if new and new != old:
                    planned = getattr(it, f"planned_{name}") or new
                    cause = "delay" if isinstance(event, Delay) else "change"
                    project.moved.append(
                        Moved(f"iteration {it.number} {name}", planned, new, why, cause)
                    )
                    setattr(it, name, new)
