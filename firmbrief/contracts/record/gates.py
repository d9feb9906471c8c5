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
from decimal import Decimal
from typing import Any

from firmbrief.briefs.dates import format_long
from firmbrief.briefs.money import InstalmentKind
from firmbrief.contracts.record.state import Instalment, Project
from firmbrief.errors import BriefChanged, FirmbriefError

__all__ = ["Gate", "as_json", "checked", "format_text", "release_gate", "start_gate"]


@dataclass
class Gate:
    """A gate's answer: ``open``, and why (the reasons it is closed, or what it rests on)."""

    name: str
    open: bool
    reasons: list[str] = field(default_factory=list)
    missing: list[Instalment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    iteration: int | None = None


def checked(project: Project, brief: str) -> Project:
    """``project``, unless its brief changed after signing (then :class:`BriefChanged`)."""
    if project.brief_changed:
        raise BriefChanged(project.changed_message, file=brief)
    return project


def _missing(project: Project, instalment: Instalment) -> str:
    money = project.money
    got = f", {money(instalment.received)} received" if instalment.received else ""
    due = f", due {format_long(instalment.due)}" if instalment.due else ""
    return (
        f"the {instalment.label} is missing {money(instalment.outstanding)} of "
        f"{money(instalment.amounts.gross)}{got}{due}"
    )


def start_gate(project: Project, number: int) -> Gate:
    """May iteration ``number`` start? Open once the brief is signed and its prepayment is in."""
    gate = Gate(f"start {number}", open=False, iteration=number)
    it = project.iteration(number)
    if it is None:
        raise FirmbriefError(
            f"there is no iteration {number} (the brief has {len(project.iterations)})",
            field="N",
        )
    if project.signed is None:
        gate.reasons.append("the brief is not signed yet")
    if project.cancelled:
        gate.reasons.append(f"the project was cancelled on {format_long(project.cancelled.date)}")
    if it.accepted_on:
        gate.reasons.append(f"iteration {number} was accepted on {format_long(it.accepted_on)}")
    prepayments = [
        i
        for i in project.instalments
        if i.iteration == number and i.kind is InstalmentKind.prepayment
    ]
    for instalment in prepayments:
        if instalment.outstanding:
            gate.missing.append(instalment)
            gate.reasons.append(_missing(project, instalment))
    gate.open = not gate.reasons
    if gate.open:
        paid = [i for i in prepayments if i.paid_on]
        for instalment in paid:
            assert instalment.paid_on is not None
            gate.notes.append(
                f"the {instalment.label} of {project.money(instalment.amounts.gross)} was paid "
                f"in full on {format_long(instalment.paid_on)}"
            )
        if it.start:
            gate.notes.append(f"iteration {number} is planned to start on {format_long(it.start)}")
    before = project.iteration(number - 1)
    if before is not None and before.accepted_on is None and not project.cancelled:
        gate.notes.append(f"iteration {number - 1} is not accepted yet")
    for instalment in project.instalments:
        if instalment.overdue(project.today) and instalment not in gate.missing:
            gate.notes.append(f"overdue: {_missing(project, instalment)}")
    return gate


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
            gate.reasons.append(_missing(project, instalment))
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
    """The answer for scripts."""
    return {
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
            }
            for i in gate.missing
        ],
    }
