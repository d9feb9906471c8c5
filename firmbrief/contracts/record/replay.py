"""Where a project stands on a given day: the record replayed over the brief.

:func:`project_of` replays the record (in date order, voided lines left out) over the brief's
plan (:func:`~firmbrief.briefs.plan.plan_of`) and answers, as of ``today``:

* each iteration's work: drafts, revision rounds (used, left, billable), acceptance (given, or
  counted by silence) and change requests (:mod:`~firmbrief.contracts.record.work`);
* every date that depends on another, in one place (:mod:`~firmbrief.contracts.record.schedule`):
  starts and deliveries moved by late materials, gates, delays and changes, reviews, due dates;
* the invoices issued, each tied to its instalment (:mod:`~firmbrief.contracts.record.invoicing`);
* the money per instalment, every payment booked by the one rule
  (:mod:`~firmbrief.contracts.record.ledger`), and a credit if one is held;
* what is overdue, early warnings, the freelancer's next action, whether the project is
  finished, and on cancellation what is owed (:mod:`~firmbrief.contracts.record.settlement`).

The schedule is worked out twice: first as if every payment came on time (the order in which
payments are booked), then with the payments as booked (the dates as they stand).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import assert_never

from firmbrief.briefs.canonical import fingerprint
from firmbrief.briefs.money import imprecise
from firmbrief.briefs.plan import plan_of
from firmbrief.briefs.pricing import pricing_of
from firmbrief.briefs.schema import Brief
from firmbrief.contracts.record.cause import settled_as
from firmbrief.contracts.record.events import (
    Accepted,
    Cancelled,
    Change,
    Credited,
    Delay,
    Delivered,
    Event,
    Invoiced,
    Materials,
    Note,
    Payment,
    Refund,
    Released,
    Revision,
    Signed,
    Void,
)
from firmbrief.contracts.record.flags import raise_flags
from firmbrief.contracts.record.invoicing import track_invoices
from firmbrief.contracts.record.ledger import book_payments, due_order, open_instalments
from firmbrief.contracts.record.log import Record
from firmbrief.contracts.record.next_action import finished_on, next_action
from firmbrief.contracts.record.schedule import (
    open_iterations,
    schedule,
    track_materials,
)
from firmbrief.contracts.record.settlement import settlement_on
from firmbrief.contracts.record.state import Project, load_brief
from firmbrief.contracts.record.voids import counted
from firmbrief.contracts.record.work import deem, set_states, track_work
from firmbrief.errors import BriefUnreadable

__all__ = ["checked", "project_at", "project_of"]


def _word_to_client(event: Event) -> bool:
    """Whether the freelancer speaks to the client in ``event``."""
    match event:
        case Signed() | Delivered() | Note() | Delay() | Change() | Released():
            return True
        case (
            Payment() | Materials() | Revision() | Accepted() | Cancelled() | Refund() | Void()
            | Invoiced() | Credited()
        ):  # fmt: skip
            return False
        case _:
            assert_never(event)


def project_at(brief_path: Path, today: date) -> Project:
    """Read the brief and its record and work out the project's state on ``today``."""
    from firmbrief.contracts.record.log import read_record

    brief = load_brief(brief_path)
    return project_of(brief, checked(read_record(brief_path), brief), today=today)


def checked(record: Record, brief: Brief) -> Record:
    """``record``, once it is this brief's (:func:`~.signed_copy.foreign`) and every amount in
    it fits the brief's currency as an amount given to ``firmbrief record`` must (a line forged
    with a valid check sum is refused all the same)."""
    from firmbrief.contracts.record.signed_copy import refuse_foreign

    refuse_foreign(record, brief)
    pricing = pricing_of(brief)
    for entry in record.entries:
        event = entry.event
        names = ("amount", "price", "net", "tax", "gross")
        amounts = [getattr(event, name, None) for name in names]
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
    entries = counted(project, sorted(record.entries, key=lambda e: (e.event.date, e.line)))
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
        if _word_to_client(event):
            project.last_word = max(project.last_word or event.date, event.date)
    open_iterations(project)
    track_work(project, entries)
    deem(project, entries)
    track_materials(project, entries)
    open_instalments(project)
    track_invoices(project, entries)
    schedule(project, entries, payments=False)
    book_payments(project, entries, due_order(project))
    schedule(project, entries, payments=True)
    if project.cancelled:
        project.settlement = settlement_on(
            project, project.cancelled.date, settled_as(project, project.cancelled)
        )
    set_states(project)
    raise_flags(project, entries)
    project.finished = finished_on(project)
    project.next_action = next_action(project)
    return project
