"""The work of each iteration: deliveries, feedback, revision rounds, acceptance (given, or
counted by silence), change requests, and the state each iteration is in."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from firmbrief.briefs.dates import format_long
from firmbrief.briefs.money import InstalmentKind
from firmbrief.contracts.record.events import Accepted, Change, Delivered, Entry, Revision
from firmbrief.contracts.record.kinds import ItemKind, Stage
from firmbrief.contracts.record.state import (
    ZERO,
    ChangeRequest,
    Delivery,
    Instalment,
    IterationState,
    Project,
    problem,
)

__all__ = ["deem", "set_states", "track_work"]


def track_work(project: Project, entries: list[Entry]) -> None:
    """Deliveries, feedback, rounds, acceptance and change requests, iteration by iteration."""
    calendar = project.plan.calendar
    for entry in entries:
        event = entry.event
        if isinstance(event, Change):
            _change(project, entry, event)
            continue
        if not isinstance(event, Delivered | Revision | Accepted):
            continue
        it = project.iteration(event.iteration)
        if it is None:
            problem(project, entry, f"the brief has no iteration {event.iteration}")
            continue
        if isinstance(event, Delivered):
            until = calendar.add_working_days(event.date, it.review_days)
            it.deliveries.append(Delivery(event.date, event.draft, until))
            continue
        if it.deliveries and it.deliveries[-1].answered is None:
            it.deliveries[-1].answered = event.date
        if isinstance(event, Accepted):
            it.accepted = it.accepted or event.date
            continue
        last = it.deliveries[-1] if it.deliveries else None
        draft_feedback = bool(last and last.draft and last.draft < it.drafts)
        if any(item.kind is ItemKind.revision for item in event.items) and not draft_feedback:
            it.rounds_used += 1
            if it.rounds_used > it.rounds_included:
                it.billable_rounds.append(it.rounds_used)
                _extra_round(project, it, it.rounds_used, event.date)
        for item in event.items:
            if item.kind is ItemKind.change_of_scope:
                number = len(project.changes) + 1
                request = ChangeRequest(
                    number,
                    f"{item.deliverable}: {item.change}",
                    event.date,
                    it.number,
                    line=entry.line,
                )
                project.changes.append(request)
                if item.price is not None:
                    _price(project, request, item.price, event.date, None)


def deem(project: Project) -> None:
    """A delivery for acceptance not answered within its review period counts as accepted on
    the period's last day (the terms' review clause)."""
    for it in project.iterations:
        pending = it.pending
        if pending and pending.draft is None and pending.review_until < project.today:
            it.deemed = pending.review_until


def _change(project: Project, entry: Entry, event: Change) -> None:
    if event.request is not None:
        request = next((c for c in project.changes if c.number == event.request), None)
        if request is None or request.price is not None:
            problem(project, entry, f"change request {event.request} is unknown or priced")
            return
        if event.iteration:
            request.iteration = event.iteration
        if event.description:
            request.description = event.description
    else:
        request = ChangeRequest(
            len(project.changes) + 1,
            event.description or "change",
            event.date,
            event.iteration,
            line=entry.line,
        )
        project.changes.append(request)
    _price(project, request, event.price, event.date, event.due)


def _price(
    project: Project, request: ChangeRequest, price: Decimal, day: date, due: date | None
) -> None:
    request.price, request.agreed = price, day
    request.due = due or day + timedelta(days=project.brief.payment.due_days)
    project.instalments.append(
        Instalment(
            key=f"change-{request.number}",
            label=f"change request {request.number}",
            kind=InstalmentKind.change,
            iteration=request.iteration,
            amounts=project.split(price),
            due=request.due,
            due_firm=True,
        )
    )


def _extra_round(project: Project, it: IterationState, round_: int, day: date) -> None:
    price = project.brief.payment.extra_round_price
    if price is None:
        return
    project.instalments.append(
        Instalment(
            key=f"{it.number}-round-{round_}",
            label=f"iteration {it.number} extra revision round {round_}",
            kind=InstalmentKind.extra_round,
            iteration=it.number,
            amounts=project.split(price),
            due=day + timedelta(days=project.brief.payment.due_days),
            due_firm=True,
        )
    )


def set_states(project: Project) -> None:
    for it in project.iterations:
        prepayment = project.instalment(f"{it.number}-prepayment")
        short = prepayment.outstanding if prepayment else ZERO
        pending = it.pending
        if it.accepted:
            it.state, it.summary = Stage.accepted, f"accepted on {format_long(it.accepted)}"
        elif it.deemed:
            it.state = Stage.accepted
            it.summary = (
                f"counts as accepted on {format_long(it.deemed)}: no answer within its review "
                "period"
            )
        elif project.cancelled:
            it.state, it.summary = (
                Stage.cancelled,
                f"cancelled on {format_long(project.cancelled.date)}",
            )
        elif pending:
            what = f"draft {pending.draft}" if pending.draft else "delivered for acceptance"
            lapsed = pending.review_until < project.today
            it.state = Stage.review_lapsed if lapsed else Stage.in_review
            verb = "lapsed on" if lapsed else "until"
            it.summary = (
                f"{what} on {format_long(pending.day)}; client's review {verb} "
                f"{format_long(pending.review_until)}"
            )
        elif it.deliveries:
            it.state = Stage.revising
            last = it.deliveries[-1]
            it.summary = (
                f"feedback on draft {last.draft} received: next draft"
                if last.draft and last.draft < it.drafts
                else f"revision round {it.rounds_used} requested: revise and deliver again"
            )
        elif not project.signed:
            it.state, it.summary = Stage.not_signed, "the brief is not signed yet"
        elif short and it is not project.current():
            it.state = Stage.planned
            it.summary = f"planned to start on {format_long(it.start)}" if it.start else "planned"
        elif short:
            it.state = Stage.waiting_for_prepayment
            it.summary = f"waiting for the prepayment ({project.money(short)} outstanding)"
        elif it.start and it.start > project.today:
            it.state, it.summary = Stage.ready, f"ready to start on {format_long(it.start)}"
        else:
            it.state = Stage.in_progress
            by = f"; delivery due {format_long(it.delivery)}" if it.delivery else ""
            it.summary = f"in progress{by}"
