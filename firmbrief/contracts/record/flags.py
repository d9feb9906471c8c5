"""What is overdue and the early warnings: payments, materials, reviews, a delivery at risk,
billable rounds, unpriced changes, silence towards the client."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Final

from firmbrief.briefs.dates import format_long
from firmbrief.contracts.record.events import Entry
from firmbrief.contracts.record.kinds import Stage
from firmbrief.contracts.record.state import Flag, IterationState, Project

__all__ = ["raise_flags"]

PILING_UP: Final = 2
"""Billable rounds, over the whole project, from which the warning asks for a talk on scope."""


def raise_flags(project: Project, entries: list[Entry]) -> None:
    today, calendar, money = project.today, project.plan.calendar, project.money
    warn, overdue = project.warnings, project.overdue
    if project.brief_changed:
        warn.insert(0, Flag("brief-changed", project.changed_message))
    if project.notify:  # the profile's contact or bank details changed: check says it alike
        warn.append(Flag("profile-changed", project.notify))
    if project.signed is None:
        return
    later = [e for e in entries if e.event.date > today]
    if later:
        warn.append(
            Flag(
                "events-after-today",
                f"the record holds {len(later)} event(s) dated after {today.isoformat()} "
                f"(the latest {later[-1].event.date.isoformat()}); they are counted",
            )
        )
    for instalment in project.instalments:
        if instalment.overdue(today):
            assert instalment.due is not None
            overdue.append(
                Flag(
                    "payment-overdue",
                    f"{instalment.label}: {money(instalment.outstanding)} due since "
                    f"{format_long(instalment.due)} ({(today - instalment.due).days} days)",
                )
            )
    if project.credit and not project.cancelled:
        warn.append(
            Flag(
                "credit-held",
                f"{money(project.credit)} received beyond every instalment is held as a credit: "
                "the next instalment uses it, or refund it to the client",
            )
        )
    for item in project.materials:
        if item.waiting and item.due and item.due < today:
            overdue.append(
                Flag(
                    "materials-overdue",
                    f'"{item.name}" (for iteration {item.iteration}) due since '
                    f"{format_long(item.due)}: {item.late} working day(s) late",
                )
            )
    if project.cancelled:
        return
    total_billable = 0
    for it in project.iterations:
        total_billable += len(it.billable_rounds)
        pending = it.pending
        if pending and pending.review_until < today and not it.deemed and not it.reminded:
            days = calendar.working_days(pending.review_until + timedelta(days=1), today)
            what = f"draft {pending.draft}" if pending.draft else "the delivery for acceptance"
            overdue.append(
                Flag(
                    "review-overdue",
                    f"iteration {it.number}: the client's answer on {what} of "
                    f"{format_long(pending.day)}, due since {format_long(pending.review_until)} "
                    f"({days} working day(s))",
                )
            )
            warn.append(
                Flag(
                    "review-lapsed",
                    f"iteration {it.number}: the client's review lapsed on "
                    f"{format_long(pending.review_until)} with no answer: ask for it now, before "
                    "the dates that follow slip",
                )
            )
        _delivery_risk(project, it)
        if it.billable_rounds:
            price = project.brief.payment.extra_round_price
            cost = (
                f"billable at {money(price)} each"
                if price is not None
                else ("billable, but the brief names no price: agree one")
            )
            warn.append(
                Flag(
                    "billable-rounds",
                    f"iteration {it.number}: {len(it.billable_rounds)} revision round(s) beyond "
                    f"the {it.rounds_included} included, {cost}",
                )
            )
    if total_billable >= PILING_UP:
        warn.append(
            Flag(
                "rounds-piling-up",
                f"{total_billable} billable revision rounds so far: talk with the client about "
                "the scope before the next one",
            )
        )
    for request in project.changes:
        if request.price is None:
            warn.append(
                Flag(
                    "change-unpriced",
                    f"change request {request.number} ({request.description}) has no price yet:"
                    " quote it and have it agreed before doing the work",
                )
            )
    _silence(project)
    if project.released and project.released.anyway:
        warn.append(
            Flag("released-early", "the source was released before the release gate opened")
        )


def _delivery_risk(project: Project, it: IterationState) -> None:
    today = project.today
    if it.accepted_on or it.delivery is None or any(d.draft is None for d in it.deliveries):
        return
    if it.started is None or it.started > today:
        return
    calendar = project.plan.calendar
    if it.delivery < today:
        late = calendar.working_days(it.delivery + timedelta(days=1), today)
        project.warnings.append(
            Flag(
                "delivery-late",
                f"iteration {it.number}: your delivery was due on {format_long(it.delivery)} "
                f"({late} working day(s) ago): deliver it, or announce the delay with a new date",
            )
        )
        return
    # The brief's rules (and their package) are loaded only for an iteration under way.
    from firmbrief.briefs.rules.schedule import days_needed, iteration_hours

    left = calendar.working_days(today, it.delivery)
    remaining = max(it.drafts - it.drafts_delivered, 0)
    needed = days_needed(remaining, 0, it.review_days) if remaining else 1
    hours = iteration_hours(project.brief, it.number - 1)
    capacity = project.brief.capacity_hours_per_week
    if hours and capacity and it.drafts:
        per_day = capacity / 5
        needed = max(needed, math.ceil(hours * remaining / it.drafts / per_day))
    if left < needed:
        drafts = (
            f"{remaining} of {it.drafts} draft(s) still to deliver"
            if remaining
            else ("the delivery for acceptance still to make")
        )
        project.warnings.append(
            Flag(
                "delivery-at-risk",
                f"iteration {it.number}: your delivery on {format_long(it.delivery)} is at risk: "
                f"{left} working day(s) left, {drafts}, about {needed} needed. Tell the client "
                "now, while there is time to agree a new date",
            )
        )


def _silence(project: Project) -> None:
    """No word to the client for longer than the promised interval, while the freelancer is
    working (not while the next move is the client's: a prepayment, a payment, a review)."""
    interval = project.brief.update_interval_days
    if not interval or project.last_word is None:
        return
    working = [it for it in project.iterations if it.state in {Stage.in_progress, Stage.revising}]
    starts = [it.started for it in working if it.started]
    if not starts:
        return  # updates are about the work; none is going on
    since_day = max(project.last_word, min(starts) - timedelta(days=1))
    since = project.plan.calendar.working_days(since_day + timedelta(days=1), project.today)
    if since > interval:
        project.warnings.append(
            Flag(
                "no-word-to-client",
                f"no word to the client since {format_long(since_day)} ({since} working "
                f"days; you promised an update every {interval}): send a progress update",
            )
        )
