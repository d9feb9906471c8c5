"""Events in the order they happened: an event that contradicts one dated later is refused.

The record replays events by their dates, so a line written today may be dated before lines
written earlier. That is how a forgotten event is caught up, but an event that a later-dated one
rules out cannot have happened: a cancellation dated before work that was delivered or accepted
after it (it would erase that work), an acceptance dated before the iteration was delivered or
started, feedback dated before the delivery it answers. :func:`contradiction` names the later
line and what to do; voided lines count for nothing.
"""

from __future__ import annotations

from datetime import date

from firmbrief.briefs.dates import format_long
from firmbrief.contracts.record.events import (
    Accepted,
    Cancelled,
    Change,
    Delay,
    Delivered,
    Entry,
    Event,
    Materials,
    Revision,
)
from firmbrief.contracts.record.state import Project
from firmbrief.contracts.record.voids import event_words

__all__ = ["contradiction"]

_ENDED_BY_CANCELLATION = (Delivered, Revision, Accepted, Change, Delay, Materials)
"""Events that cannot follow a cancellation (see admission: only money, notes and the release
of files can)."""


def _standing(project: Project) -> list[Entry]:
    """The record's lines that count: voids and the lines they void left out."""
    from firmbrief.contracts.record.events import Void

    voided = {v.line for v in project.voided}
    return [
        e
        for e in project.record.entries
        if e.line not in voided and not isinstance(e.event, Void)
    ]


def contradiction(project: Project, event: Event) -> str | None:
    """Why ``event`` (to be the record's next line) cannot have happened on its date, given a
    line dated later; ``None`` if nothing recorded rules it out."""
    line = len(project.record.entries) + 1
    lines = _standing(project)
    later: Entry | None = None
    why = ""
    if isinstance(event, Cancelled):
        later = next(
            (e for e in lines if isinstance(e.event, _ENDED_BY_CANCELLATION)
             and e.event.date > event.date),
            None,
        )  # fmt: skip
        why = "work and agreements after a cancellation cannot have happened"
    elif isinstance(event, Accepted | Revision):
        mine = [
            e
            for e in lines
            if isinstance(e.event, Delivered | Revision)
            and e.event.iteration == event.iteration
        ]
        if not any(isinstance(e.event, Delivered) and e.event.date <= event.date for e in mine):
            later = next((e for e in mine if isinstance(e.event, Delivered)), None)
            why = (
                "an iteration is accepted after it is delivered"
                if isinstance(event, Accepted)
                else "feedback answers a delivery made before it"
            )
        elif isinstance(event, Accepted):
            later = next((e for e in mine if e.event.date > event.date), None)
            why = "an iteration is accepted after its last delivery and feedback"
    if later is not None:
        return (
            f"line {line} ({event_words(event, project.money)}) contradicts line {later.line} "
            f"({event_words(later.event, project.money)}), which is dated later: {why}. Check "
            f"the --date, or void line {later.line} first if it was recorded by mistake"
        )
    if isinstance(event, Accepted):
        return _not_started(project, event.iteration, event.date, line)
    return None


def _not_started(project: Project, number: int, day: date, line: int) -> str | None:
    it = project.iteration(number)
    if it is None or (it.started is not None and it.started <= day):
        return None
    since = f"it started on {format_long(it.started)}" if it.started else "it has not started"
    return (
        f"line {line} accepts iteration {number} on {format_long(day)}, before its work "
        f"started ({since}): check the --date"
    )
