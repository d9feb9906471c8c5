"""Payment gates: may the next iteration start, may the source be released?

A gate answers from the project's state (:func:`~firmbrief.contracts.record.state.project_of`):
open, or closed with every reason, naming each instalment that is missing and by how much.
``firmbrief gate`` exits 0 when open and 1 when closed, so it can sit in a script.

A brief that changed after it was signed is refused (exit 2, :func:`checked`): the amounts a
gate would compare are no longer the ones the client signed, and a script must not go ahead on
them. ``status`` shows the same condition as a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from firmbrief.briefs.dates import format_long
from firmbrief.briefs.money import InstalmentKind
from firmbrief.contracts.record.start_rule import conditions
from firmbrief.contracts.record.state import Instalment, IterationState, Project
from firmbrief.errors import BriefChanged, FirmbriefError
from firmbrief.interface import versioned

__all__ = [
    "Gate",
    "Holds",
    "as_json",
    "checked",
    "format_text",
    "holds",
    "missing_text",
    "payments_json",
    "received_text",
    "release_gate",
    "start_gate",
]


@dataclass
class Gate:
    """A gate's answer: ``open``, and why (the reasons it is closed, or what it rests on)."""

    name: str
    open: bool
    reasons: list[str] = field(default_factory=list)
    missing: list[Instalment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    iteration: int | None = None


@dataclass
class Holds:
    """What keeps an iteration from starting under the signed terms, as of the project's day."""

    prepayments: list[Instalment] = field(default_factory=list)  # its own, outstanding
    unaccepted: list[IterationState] = field(default_factory=list)  # earlier ones
    earlier: list[Instalment] = field(default_factory=list)  # earlier iterations', outstanding
    overdue: list[Instalment] = field(default_factory=list)  # any other, overdue
    withdrawal: date | None = None  # a consumer's withdrawal period, its last day, running

    @property
    def prepayment_short(self) -> Decimal:
        return sum((i.outstanding for i in self.prepayments), Decimal(0))


def holds(project: Project, number: int) -> Holds:
    """What keeps iteration ``number`` from starting on its day as the schedule has it: the
    conditions of the one rule (:func:`~firmbrief.contracts.record.start_rule.conditions`)
    not met yet: its prepayment not yet received; unless the terms let iterations overlap, an
    earlier iteration not accepted or not paid in full; and any other instalment overdue (work
    pauses while an invoice is overdue)."""
    held = Holds()
    it = project.iteration(number)
    if it is None:
        return held
    for condition in conditions(project, it, it.start):
        if condition.met is not None:
            continue
        if condition.cause == "prepayment":
            held.prepayments += condition.instalments
        elif condition.cause == "paid":
            held.earlier += condition.instalments
        elif condition.cause == "overdue":
            held.overdue += condition.instalments
        elif condition.cause == "accepted":
            held.unaccepted += condition.iterations
        elif condition.cause == "withdrawal":
            held.withdrawal = condition.expected
    return held


def checked(project: Project, brief: str) -> Project:
    """``project``, unless its brief changed after signing (then :class:`BriefChanged`)."""
    if project.brief_changed:
        raise BriefChanged(project.changed_message, file=brief)
    return project


def received_text(project: Project, instalment: Instalment) -> str:
    """What was received for an instalment, payment by payment: "1,000.00 EUR on 10 February
    2027 (line 5)"."""
    parts = []
    for r in instalment.receipts:
        credit = ", from a credit" if r.from_credit else ""
        parts.append(f"{project.money(r.amount)} on {format_long(r.day)}, line {r.line}{credit}")
    return "; ".join(parts)


def missing_text(project: Project, instalment: Instalment) -> str:
    """An instalment still (partly) outstanding, with what was received for it."""
    money = project.money
    got = f" (received: {received_text(project, instalment)})" if instalment.receipts else ""
    verb = "due" if instalment.due_firm else "expected"
    due = f", {verb} {format_long(instalment.due)}" if instalment.due else ""
    return (
        f"the {instalment.label} is missing {money(instalment.outstanding)} of "
        f"{money(instalment.amounts.gross)}{got}{due}"
    )


def start_gate(project: Project, number: int, *, brief: str | None = None) -> Gate:
    """May iteration ``number`` start? Open once the brief is signed, its prepayment is paid,
    every iteration before it is accepted and paid in full (unless the terms let iterations
    overlap), and no invoice is overdue."""
    gate = Gate(f"start {number}", open=False, iteration=number)
    it = project.iteration(number)
    if it is None:
        count = len(project.iterations)
        raise FirmbriefError(
            f"there is no such iteration: the brief's iterations are numbered 1 to {count}"
            if count
            else "there is no such iteration: the brief has none",
            file=brief,
            field=f"iteration {number}",
        )
    if project.signed is None:
        gate.reasons.append("the brief is not signed yet")
    if project.cancelled:
        gate.reasons.append(f"the project was cancelled on {format_long(project.cancelled.date)}")
    if it.accepted_on:
        gate.reasons.append(f"iteration {number} was accepted on {format_long(it.accepted_on)}")
    held = holds(project, number)
    if held.withdrawal:
        gate.reasons.append(
            f"the client's withdrawal period runs until {format_long(held.withdrawal)}: "
            "without their express request, work starts after it"
        )
    for instalment in held.prepayments:
        gate.missing.append(instalment)
        gate.reasons.append(missing_text(project, instalment))
    for earlier in held.unaccepted:
        until = f" (its review runs until {format_long(earlier.review_ends)})" if (
            earlier.review_ends and earlier.review_ends >= project.today
        ) else ""  # fmt: skip
        gate.reasons.append(f"iteration {earlier.number} is not accepted yet{until}")
    for instalment in held.earlier:
        gate.missing.append(instalment)
        gate.reasons.append(missing_text(project, instalment))
    for instalment in held.overdue:
        gate.missing.append(instalment)
        gate.reasons.append(f"overdue: {missing_text(project, instalment)}: work pauses while "
                            "an invoice is overdue")  # fmt: skip
    gate.open = not gate.reasons
    if gate.open:
        _grounds(project, gate, it)
    return gate


def _grounds(project: Project, gate: Gate, it: IterationState) -> None:
    """What an open gate rests on."""
    number = it.number
    for instalment in project.instalments:
        if instalment.iteration == number and instalment.kind is InstalmentKind.prepayment:
            if instalment.paid_on:
                gate.notes.append(
                    f"the {instalment.label} of {project.money(instalment.amounts.gross)} was "
                    f"paid in full on {format_long(instalment.paid_on)}: "
                    f"{received_text(project, instalment)}"
                )
    before = project.iteration(number - 1)
    if before is not None and project.overlap:
        gate.notes.append(
            "the terms let iterations overlap: the one before need not be accepted and paid first"
        )
    elif before is not None and before.accepted_on:
        owed = [i for i in project.instalments if i.iteration and i.iteration < number]
        paid = max((i.paid_on for i in owed if i.paid_on), default=None)
        gate.notes.append(
            f"iteration {before.number} was accepted on {format_long(before.accepted_on)}"
            + (f" and paid in full on {format_long(paid)}" if paid else "")
        )
    if it.start:
        verb = "is planned to start" if it.start > project.today else "starts"
        gate.notes.append(f"iteration {number} {verb} on {format_long(it.start)}")


def release_gate(project: Project) -> Gate:
    """May the source and working files be released, under ``terms.source_release``?"""
    gate = Gate("release-source", open=False)
    terms = project.brief.terms.source_release
    if project.signed is None:
        gate.reasons.append("the brief is not signed yet")
    if terms == "not_included":
        gate.reasons.append(
            "source and working files are not part of this project (terms.source_release: "
            "not_included): only the final files are handed over"
        )
    elif project.settlement is not None:
        settlement = project.settlement
        gate.notes.extend(f"may be released: {item}" for item in settlement.release)
        gate.notes.extend(f"withheld: {item}" for item in settlement.withheld)
        cancelled = f"the project was cancelled on {format_long(settlement.day)}"
        if not settlement.release:
            gate.reasons.append(f"{cancelled} and no iteration was accepted")
        elif not settlement.paid_up:
            gate.reasons.append(
                f"{cancelled}: {project.money(settlement.balance)} of the settlement is unpaid"
            )
    elif terms == "on_delivery":
        undelivered = [
            it.number
            for it in project.iterations
            if not any(d.draft is None for d in it.deliveries) and not it.accepted_on
        ]
        if undelivered:
            listed = ", ".join(str(n) for n in undelivered)
            gate.reasons.append(f"iteration(s) {listed} not delivered yet")
    else:
        for instalment in project.outstanding():
            gate.missing.append(instalment)
            gate.reasons.append(missing_text(project, instalment))
        unpriced = [c for c in project.changes if c.price is None]
        for request in unpriced:
            gate.reasons.append(f"change request {request.number} is not priced and agreed yet")
        if not gate.reasons:
            total = sum((i.amounts.gross for i in project.instalments), Decimal(0))
            gate.notes.append(f"every instalment is paid ({project.money(total)} in total)")
    if project.released:
        gate.notes.append(f"released already on {format_long(project.released.date)}")
    gate.open = not gate.reasons
    return gate


def format_text(project: Project, gate: Gate) -> str:
    """The answer for people: one line, then the reasons and notes."""
    subject = (
        f"iteration {gate.iteration} may start"
        if gate.name.startswith("start")
        else "the source may be released"
    )
    if gate.open:
        lines = [f"open: {subject}"]
    else:
        total = sum((i.outstanding for i in gate.missing), Decimal(0))
        short = f" ({project.money(total)} missing)" if gate.missing else ""
        lines = [f"closed: {subject.replace('may', 'may not')} yet{short}"]
        lines += [f"  - {reason}" for reason in gate.reasons]
    lines += [f"  note: {note}" for note in gate.notes]
    if project.brief_changed:
        lines.append(f"  warning: {project.changed_message}")
    return "\n".join(lines)


def as_json(project: Project, gate: Gate) -> dict[str, Any]:
    """The answer for scripts (the schema: ``firmbrief schema --of gate``)."""
    return versioned({
        "gate": gate.name.split()[0],
        "iteration": gate.iteration,
        "open": gate.open,
        "reasons": gate.reasons,
        "notes": gate.notes,
        "missing": [
            {
                "instalment": i.key,
                "label": i.label,
                "gross": project.pricing.text(i.amounts.gross),
                "received": project.pricing.text(i.received),
                "outstanding": project.pricing.text(i.outstanding),
                "due": i.due.isoformat() if i.due else None,
                "payments": payments_json(project, i),
            }
            for i in gate.missing
        ],
    })  # fmt: skip


def payments_json(project: Project, instalment: Instalment) -> list[dict[str, Any]]:
    """What was received for an instalment, payment by payment, for scripts."""
    return [
        {
            "line": r.line,
            "date": r.day.isoformat(),
            "amount": project.pricing.text(r.amount),
            "from_credit": r.from_credit,
        }
        for r in instalment.receipts
    ]
