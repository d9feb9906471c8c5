"""The one rule for when an iteration may start, under the signed terms.

An iteration starts once the brief is signed and its prepayment is received; for a consumer
with a right of withdrawal, after the withdrawal period (the terms print it: without the
client's express request, work starts after it and the dates move); unless the terms
let iterations overlap, once every iteration before it is accepted and every instalment of
theirs that arose by its start is paid in full; and no other instalment is overdue on its
start (work pauses while an invoice is overdue).

:func:`conditions` lists each condition with the day it was met (or ``None``), the
instalments and iterations it waits for, and the words for what it holds back. The schedule
(:mod:`~firmbrief.contracts.record.schedule`) dates every start from them; the gate, the
status and the notices (:func:`~firmbrief.contracts.record.gates.holds`) read the same
conditions: none decides on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from firmbrief.briefs.dates import format_long
from firmbrief.briefs.legal import withdrawal_ends
from firmbrief.briefs.money import InstalmentKind
from firmbrief.contracts.record.state import Instalment, IterationState, Project

__all__ = ["Cause", "Condition", "conditions", "withdrawal_until"]

Cause = Literal["signed", "withdrawal", "prepayment", "accepted", "paid", "overdue"]


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition of an iteration's start: the day it was met (``None``: not yet), what it
    waits for, and why it holds the start back (``{days}``: by how many working days)."""

    cause: Cause
    met: date | None
    text: str
    instalments: tuple[Instalment, ...] = ()  # unpaid ones it waits for
    iterations: tuple[IterationState, ...] = ()  # earlier ones not accepted yet
    expected: date | None = None  # when an earlier iteration's review (or the withdrawal
    # period) ends, not met yet

    @property
    def after(self) -> bool:
        """Whether the start comes after its day, not on it (an acceptance, the withdrawal
        period's last day)."""
        return self.cause in {"accepted", "withdrawal"}

    @property
    def money(self) -> bool:
        """Whether a payment meets it (not the signing, nor an earlier acceptance)."""
        return self.cause in {"prepayment", "paid", "overdue"}


def conditions(
    project: Project, it: IterationState, start: date | None, *, payments: bool = True
) -> list[Condition]:
    """Every condition of iteration ``it`` starting on ``start`` (its day as the schedule has it;
    ``None``: not dated), met or not. Without ``payments``, only those no payment meets."""
    found: list[Condition] = []
    if project.signed is not None:
        found.append(Condition("signed", project.signed, ""))
        if (ends := withdrawal_until(project)) is not None:
            text = (f"{{days}} working day(s) waiting for the client's withdrawal period, until "
                    f"{format_long(ends)}")  # fmt: skip
            met = ends if ends < project.today else None
            found.append(Condition("withdrawal", met, text, expected=ends))
    number = it.number
    if payments:
        found += _prepayment(project, number)
    earlier = project.iterations[: number - 1]
    if earlier and not project.overlap:
        found.append(_accepted(earlier))
        if payments:
            found += _paid(project, number, start)
    if payments:
        found += _overdue(project, number, start)
    return found


def withdrawal_until(project: Project) -> date | None:
    """The last day of a consumer's withdrawal period (the days the terms print, from the
    signing); ``None`` without a right of withdrawal or a signing."""
    return withdrawal_ends(project.brief, project.signed) if project.signed else None


def _prepayment(project: Project, number: int) -> list[Condition]:
    own = [
        i
        for i in project.instalments
        if i.iteration == number and i.kind is InstalmentKind.prepayment and i.amounts.gross
    ]
    if not own:
        return []
    unpaid = tuple(i for i in own if i.paid_on is None)
    if unpaid:
        return [Condition("prepayment", None, _late(number, ", still missing"), unpaid)]
    met = max(i.paid_on or date.min for i in own)
    return [Condition("prepayment", met, _late(number, ""))]


def _accepted(earlier: list[IterationState]) -> Condition:
    waiting = tuple(e for e in earlier if not e.accepted_on)
    previous = earlier[-1]
    if not waiting:
        met = max(e.accepted_on or date.min for e in earlier)
        return Condition("accepted", met, _wait_for(previous.number, "to be accepted"))
    expected = previous.accepted_on or previous.review_until
    until = f" (its review ends on {format_long(expected)})" if expected else ""
    text = _wait_for(previous.number, f"to be accepted{until}")
    return Condition("accepted", None, text, iterations=waiting, expected=expected)


def _paid(project: Project, number: int, start: date | None) -> list[Condition]:
    """Every instalment of the iterations before, as arisen by the start, paid in full."""
    owed = [
        i
        for i in project.instalments
        if i.iteration and i.iteration < number and i.amounts.gross
        and (start is None or i.opened[0] <= start)
    ]  # fmt: skip
    unpaid = tuple(i for i in owed if i.paid_on is None)
    if unpaid:
        first = min(i.iteration or 0 for i in unpaid)
        text = _wait_for(first, "to be paid in full, still outstanding")
        return [Condition("paid", None, text, unpaid)]
    days = [i.paid_on for i in owed if i.paid_on]
    if not days:
        return []
    return [Condition("paid", max(days), _wait_for(number - 1, "to be paid in full"))]


def _overdue(project: Project, number: int, start: date | None) -> list[Condition]:
    """Work pauses while an invoice is overdue: another instalment overdue on the start (today,
    for an iteration not dated) holds it back until it is paid."""
    on = start or project.today
    found = []
    for i in project.instalments:
        if i.reminder is None or i.reminder > on or not i.amounts.gross:
            continue
        if i.paid_on and i.paid_on < i.reminder:
            continue  # paid on time
        if i.iteration == number and i.kind is InstalmentKind.prepayment:
            continue  # its own prepayment, a condition of its own
        if i.iteration and i.iteration < number and not project.overlap:
            continue  # an earlier iteration's, a condition of its own
        if i.paid_on:
            text = f"{{days}} working day(s) waiting for the overdue {i.label}"
            found.append(Condition("overdue", i.paid_on, text))
        elif i.outstanding:
            text = f"{{days}} working day(s) waiting for the overdue {i.label}, still unpaid"
            found.append(Condition("overdue", None, text, (i,)))
    return found


def _late(number: int, still: str) -> str:
    return f"iteration {number}'s prepayment {{days}} working day(s) late{still}"


def _wait_for(number: int, what: str) -> str:
    return f"{{days}} working day(s) waiting for iteration {number} {what}"
