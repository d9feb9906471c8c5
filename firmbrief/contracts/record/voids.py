"""Corrections: a ``void`` event says an earlier line was recorded by mistake, and why.

The voided line stays in the record, and in its chain of check sums: the record still shows
what was written, when, and that it was taken back. It counts no more: the project is replayed
without it (:func:`counted`), and ``status`` lists it as voided. A void cannot be voided (record
the event again instead), nor can the signing (record the signing of the amended brief).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import assert_never

from firmbrief.briefs.dates import format_long
from firmbrief.contracts.record.events import (
    Accepted,
    Cancelled,
    Change,
    Credited,
    Delay,
    Delivered,
    Entry,
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
from firmbrief.contracts.record.kinds import NoteKind
from firmbrief.contracts.record.state import Project, Voided, problem

__all__ = ["counted", "event_words", "unvoidable"]


def counted(project: Project, entries: list[Entry]) -> list[Entry]:
    """``entries`` without the voids and the lines they void; ``project.voided`` lists those."""
    by_line = {entry.line: entry for entry in project.record.entries}
    voided: dict[int, Entry] = {}
    for entry in entries:
        event = entry.event
        if not isinstance(event, Void):
            continue
        target = by_line.get(event.line)
        why = unvoidable(target, entry.line) if target else f"there is no line {event.line}"
        if why is None and event.line in voided:
            why = f"line {event.line} was voided already"
        if why is not None or target is None:
            problem(project, entry, f"a void that counts for nothing: {why}")
            continue
        voided[event.line] = entry
        project.voided.append(
            Voided(
                line=target.line,
                kind=str(target.event.event),
                day=target.event.date,
                what=event_words(target.event, project.money),
                by=entry.line,
                on=event.date,
                reason=event.reason,
            )
        )
    project.voided.sort(key=lambda v: v.line)
    return [e for e in entries if not isinstance(e.event, Void) and e.line not in voided]


def unvoidable(target: Entry, line: int) -> str | None:
    """Why line ``target`` cannot be voided by a void on line ``line``, or ``None``."""
    if target.line >= line:
        return f"line {target.line} is not an earlier line"
    event = target.event
    match event:
        case Void():
            return f"line {target.line} is itself a void: record the event again instead"
        case Signed():
            return (
                f"line {target.line} is the signing: record the signing of the amended brief "
                "instead"
            )
        case Invoiced():
            return (
                f"line {target.line} is invoice {event.number}: cancel it with a credit note "
                f"instead (firmbrief invoice BRIEF --credit {event.number})"
            )
        case Credited():
            return f"line {target.line} is credit note {event.number}: it is never taken back"
        case (
            Payment() | Materials() | Delivered() | Revision() | Accepted() | Change() | Delay()
            | Note() | Released() | Cancelled() | Refund()
        ):  # fmt: skip
            return None
        case _:
            assert_never(event)


def event_words(event: Event, money: Callable[[Decimal], str]) -> str:
    """An event in a few words: "payment of 900.00 EUR on 5 January 2027"."""
    on = f" on {format_long(event.date)}"
    match event:
        case Payment():
            named = event.invoices or event.targets
            what = f" for {', '.join(named)}" if named else ""
            return f"payment of {money(event.amount)}{what}{on}"
        case Materials():
            listed = ", ".join(str(n) for n in event.materials)
            return f"materials {listed} received{on}"
        case Delivered():
            what = f"draft {event.draft}" if event.draft else "delivery for acceptance"
            return f"iteration {event.iteration}: {what}{on}"
        case Revision():
            return f"iteration {event.iteration}: feedback with {len(event.items)} item(s){on}"
        case Accepted():
            return f"iteration {event.iteration} accepted{on}"
        case Change():
            return f"change agreed at {money(event.price)}{on}"
        case Delay():
            return f"delay of iteration {event.iteration} to {format_long(event.delivery)}{on}"
        case Note():
            kind = "progress update" if event.kind is NoteKind.update else f"{event.kind} notice"
            return f"{kind} sent{on}"
        case Released():
            return f"source released{on}"
        case Cancelled():
            return f"cancelled by the {event.by}{on}"
        case Signed():
            return f"signed{on}"
        case Refund():
            return f"refund of {money(event.amount)}{on}"
        case Invoiced():
            return f"invoice {event.number} for {event.instalment}{on}"
        case Credited():
            return f"credit note {event.number} for invoice {event.invoice}{on}"
        case Void():
            return f"void of line {event.line}{on}"
        case _:
            assert_never(event)
