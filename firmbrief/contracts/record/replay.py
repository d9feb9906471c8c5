"""Where a project stands on a given day: the record replayed over the brief.

:func:`project_of` replays the record (in date order) over the brief's plan
(:func:`~firmbrief.briefs.plan.plan_of`) and answers, as of ``today``:

* each iteration's dates, moved when the client's materials came late (``terms.late_materials:
  shift_dates``: by the working days they were late, for the iteration that needs them and the
  ones after it), by an announced delay or by an agreed change; its drafts, its revision rounds
  (used, left, billable) and whether it was accepted;
* the money per instalment (net, tax, gross; received and outstanding, in gross): the brief's
  instalments, one per revision round beyond those included (at ``payment.extra_round_price``)
  and one per priced change request;
* what is overdue (client reviews, client materials, payments), early warnings (an own delivery
  at risk, a lapsed review, no word to the client within ``update_interval_days``, billable rounds
  piling up), and the freelancer's next action;
* on cancellation, what is owed and what may be released under the brief's terms.

Feedback on a draft before the last one is part of the drafts; every other revision request
with at least one revision item uses one revision round. A change-of-scope item opens a change
request; it is priced by the item's own price or by a later ``change`` event.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Final

from firmbrief.briefs.canonical import fingerprint
from firmbrief.briefs.money import imprecise, pricing_of
from firmbrief.briefs.plan import plan_of
from firmbrief.briefs.schema import Brief
from firmbrief.contracts.record.events import (
    Cancelled,
    Change,
    Delay,
    Delivered,
    Note,
    Released,
    Revision,
    Signed,
)
from firmbrief.contracts.record.flags import raise_flags
from firmbrief.contracts.record.ledger import settlement_on, track_money
from firmbrief.contracts.record.log import Record
from firmbrief.contracts.record.next_action import next_action
from firmbrief.contracts.record.schedule import shift_dates, track_materials
from firmbrief.contracts.record.state import Project, load_brief
from firmbrief.contracts.record.work import deem, set_states, track_work
from firmbrief.errors import BriefUnreadable

__all__ = ["checked", "project_at", "project_of"]

_WORD_TO_CLIENT: Final = (Signed, Delivered, Note, Delay, Change, Released)
"""Events in which the freelancer speaks to the client."""


def project_at(brief_path: Path, today: date) -> Project:
    """Read the brief and its record and work out the project's state on ``today``."""
    from firmbrief.contracts.record.log import read_record

    brief = load_brief(brief_path)
    return project_of(brief, checked(read_record(brief_path), brief), today=today)


def checked(record: Record, brief: Brief) -> Record:
    """``record``, once every amount in it fits the brief's currency as an amount given to
    ``firmbrief record`` must (a line forged with a valid check sum is refused all the same)."""
    pricing = pricing_of(brief)
    for entry in record.entries:
        event = entry.event
        amounts = [getattr(event, name, None) for name in ("amount", "price")]
        if isinstance(event, Revision):
            amounts += [item.price for item in event.items]
        for amount in amounts:
            if amount is not None and (
                problem := imprecise(amount, pricing.digits, pricing.currency)
            ):
                raise BriefUnreadable(
                    f"{problem} (the record holds an amount firmbrief would not have recorded)",
                    file=str(record.path),
                    field=f"line {entry.line}",
                )
    return record


def project_of(brief: Brief, record: Record, *, today: date) -> Project:
    """The state of the project on ``today``: every event in the record counts, whatever its
    date; ``today`` decides what is overdue, lapsed or at risk."""
    plan = plan_of(brief)
    project = Project(brief, plan, record, today, fingerprint(brief))
    entries = sorted(record.entries, key=lambda e: (e.event.date, e.line))
    signings = [e.event for e in entries if isinstance(e.event, Signed)]
    if signings:
        project.signed = signings[0].date
        project.pinned = signings[-1].fingerprint
    for entry in entries:
        event = entry.event
        if isinstance(event, Cancelled) and project.cancelled is None:
            project.cancelled = event
        if isinstance(event, Released) and project.released is None:
            project.released = event
        if isinstance(event, _WORD_TO_CLIENT):
            project.last_word = max(project.last_word or event.date, event.date)
    track_materials(project, entries)
    shift_dates(project, entries)
    track_work(project, entries)
    deem(project)
    track_money(project, entries)
    if project.cancelled:
        project.settlement = settlement_on(project, project.cancelled.date, project.cancelled.by)
    set_states(project)
    raise_flags(project, entries)
    project.next_action = next_action(project)
    return project
