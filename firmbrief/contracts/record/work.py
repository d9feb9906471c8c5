"""The work of each iteration: deliveries, feedback, revision rounds, acceptance (given, or
counted by silence), change requests, and the state each iteration is in."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from firmbrief.briefs.dates import format_long
from firmbrief.briefs.legal import fixes_free
from firmbrief.briefs.money import InstalmentKind
from firmbrief.briefs.timeline import FIX_CYCLES, REMINDER_WORKING_DAYS
from firmbrief.contracts.record.events import Accepted, Change, Delivered, Entry, Note, Revision
from firmbrief.contracts.record.kinds import ItemKind, NoteKind, Stage
from firmbrief.contracts.record.state import (
    ZERO,
    ChangeRequest,
    Delivery,
    Instalment,
    IterationState,
    Project,
    problem,
)

__all__ = ["answer_by", "deem", "set_states", "track_work"]


def track_work(project: Project, entries: list[Entry]) -> None:
    """Deliveries, feedback, rounds, acceptance and change requests, iteration by iteration."""
    calendar = project.plan.calendar
    free = fixes_free(project.brief)
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
        revised = any(item.kind is ItemKind.revision for item in event.items)
        if any(item.kind is ItemKind.fix for item in event.items) and not draft_feedback:
            it.fixes_used += 1
            # beyond the fixes the terms include, a fix is handled as a revision round (never
            # where the terms say every fix is free: legal.fixes_free)
            revised = revised or (it.fixes_used > FIX_CYCLES and not free)
        if revised and not draft_feedback:
            it.rounds_used += 1
            if it.rounds_used > it.rounds_included:
                it.billable_rounds.append(it.rounds_used)
                _extra_round(project, it, it.rounds_used, (event.date, entry.line))
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
                    _price(project, request, item.price, (event.date, entry.line), None)


def answer_by(project: Project, reminded: date) -> date:
    """The day silence counts as acceptance after a written reminder sent on ``reminded``: the
    terms' review clause, :data:`~firmbrief.briefs.timeline.REMINDER_WORKING_DAYS` working days
    after it was sent."""
    return project.plan.calendar.add_working_days(reminded, REMINDER_WORKING_DAYS)


def deem(project: Project, entries: list[Entry]) -> None:
    """A delivery for acceptance not answered within its review period counts as accepted only
    once the freelancer has sent a written reminder (a review notice, recorded after the review
    ended) and :data:`~firmbrief.briefs.timeline.REMINDER_WORKING_DAYS` more working days have
    passed without an answer: then on the last of them (the terms' review clause)."""
    reminders = sorted(
        e.event.date
        for e in entries
        if isinstance(e.event, Note) and e.event.kind is NoteKind.review
    )
    for it in project.iterations:
        pending = it.pending
        if not pending or pending.draft is not None:
            continue
        sent = next((day for day in reminders if day > pending.review_until), None)
        if sent is None:
            continue
        it.reminded = sent
        it.answer_by = answer_by(project, sent)
        if it.answer_by < project.today:
            it.deemed = it.answer_by


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
    _price(project, request, event.price, (event.date, entry.line), event.due)


def _price(
    project: Project,
    request: ChangeRequest,
    price: Decimal,
    at: tuple[date, int],
    due: date | None,
) -> None:
    day = at[0]
    request.price, request.agreed = price, day
    request.due = due or day + timedelta(days=project.brief.payment.due_days)
    project.instalments.append(
        Instalment(
            key=f"change-{request.number}",
            label=f"change request {request.number}",
            kind=InstalmentKind.change,
            iteration=request.iteration,
            amounts=project.split(price),
            fixed_due=request.due,
            opened=at,
        )
    )


def _extra_round(project: Project, it: IterationState, round_: int, at: tuple[date, int]) -> None:
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
            fixed_due=at[0] + timedelta(days=project.brief.payment.due_days),
            opened=at,
        )
    )


def set_states(project: Project) -> None:
    """Where each iteration stands, in a word (its :class:`Stage`) and a sentence."""
    from firmbrief.contracts.record.gates import holds

    today, current = project.today, project.current()
    for it in project.iterations:
        pending = it.pending
        if it.accepted:
            it.state, it.summary = Stage.accepted, f"accepted on {format_long(it.accepted)}"
        elif it.deemed:
            it.state = Stage.accepted
            it.summary = (
                f"counts as accepted on {format_long(it.deemed)}: no answer within its review "
                f"period, nor in the {REMINDER_WORKING_DAYS} working days after the reminder of "
                f"{format_long(it.reminded or it.deemed)}"
            )
        elif project.cancelled:
            it.state, it.summary = (
                Stage.cancelled,
                f"cancelled on {format_long(project.cancelled.date)}",
            )
        elif pending:
            what = f"draft {pending.draft}" if pending.draft else "delivered for acceptance"
            lapsed = pending.review_until < today
            it.state = Stage.review_lapsed if lapsed else Stage.in_review
            verb = "lapsed on" if lapsed else "until"
            it.summary = (
                f"{what} on {format_long(pending.day)}; client's review {verb} "
                f"{format_long(pending.review_until)}"
            )
            if it.reminded and it.answer_by:
                it.summary += (
                    f"; reminder sent on {format_long(it.reminded)}: counts as accepted if "
                    f"not answered by {format_long(it.answer_by)}"
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
        else:
            _not_begun(project, it, holds(project, it.number), eligible=it is current or (
                project.overlap and it.start is not None and it.start <= today
            ))  # fmt: skip


def _not_begun(project: Project, it: IterationState, held: Any, *, eligible: bool) -> None:
    """An iteration with no delivery yet: planned, waiting for a payment, ready or in progress."""
    money, when = project.money, format_long(it.start) if it.start else None
    if not eligible:
        it.state = Stage.planned
        it.summary = f"planned to start on {when}" if when else "planned"
    elif held.earlier or held.overdue:
        it.state = Stage.waiting_for_payment
        unpaid = held.earlier + held.overdue
        total = money(sum((i.outstanding for i in unpaid), ZERO))
        what = unpaid[0].label if len(unpaid) == 1 else f"{len(unpaid)} instalments"
        also = (
            f"; its own prepayment ({money(held.prepayment_short)}) is outstanding too"
            if held.prepayment_short
            else ""
        )
        it.summary = f"waits for the {what} to be paid ({total} outstanding){also}"
    elif held.prepayment_short:
        it.state = Stage.waiting_for_prepayment
        it.summary = f"waiting for the prepayment ({money(held.prepayment_short)} outstanding)"
    elif it.start and it.start > project.today:
        it.state, it.summary = Stage.ready, f"ready to start on {when}"
    else:
        it.state = Stage.in_progress
        by = f"; delivery due {format_long(it.delivery)}" if it.delivery else ""
        it.summary = f"in progress{by}"
