"""Recording an event: fill in its defaults, judge it against the project, write it.

``firmbrief record`` calls :func:`record`. The event is checked for shape first
(:func:`~firmbrief.contracts.record.events.validate_event`), then against the brief and the project
as recorded so far (:func:`admit`: the brief is signed, the iteration exists and is not yet
accepted, the instalment is known, the draft is included, the release gate is open...), and
only then appended to the record (:func:`~firmbrief.contracts.record.log.append_event`), under
a lock on the brief file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from firmbrief.briefs.dates import DateOrder, format_long, parse_firm_date
from firmbrief.briefs.money import round_money
from firmbrief.contracts.record.events import (
    Accepted,
    Cancelled,
    Change,
    Delay,
    Delivered,
    Entry,
    Event,
    Materials,
    Note,
    Payment,
    Released,
    Revision,
    Signed,
    event_data,
    validate_event,
)
from firmbrief.contracts.record.log import append_event, locked, read_record
from firmbrief.contracts.record.state import IterationState, Project, load_brief, project_of
from firmbrief.errors import FirmbriefError, NotReady, VagueDate

__all__ = ["Recorded", "admit", "complete", "describe", "record"]


@dataclass(frozen=True, slots=True)
class Recorded:
    """What ``firmbrief record`` did: the line written and what it means for the project."""

    path: Path
    line: int
    event: Event
    summary: str
    warnings: list[str]


def record(brief: Path, kind: str, options: dict[str, Any], *, when: str | None) -> Recorded:
    """Validate an event given as ``firmbrief record``'s options and append it to the record.

    ``options`` holds the options given (and only those); ``when`` is the event's date as
    written (read with the brief's ``date_order``; today if ``None``). Nothing is written
    unless the event passes every check.
    """
    with locked(brief):
        loaded = load_brief(brief)
        current = read_record(brief)
        try:
            day = _day(when, loaded.date_order)
            project = project_of(loaded, current, today=day)
            data = event_data(kind, options, when=day, order=loaded.date_order)
            event = validate_event(complete(project, data))
            warnings = admit(project, event, brief_path=brief)
        except FirmbriefError as refused:
            refused.file = refused.file or str(brief)
            raise
        line = append_event(current, event)
        after = project_of(loaded, current, today=day)
        return Recorded(current.path, line, event, describe(after, current.entries[-1]), warnings)


def _day(text: str | None, order: DateOrder | None) -> date:
    if text is None:
        return date.today()
    try:
        return parse_firm_date(text, order=order)
    except VagueDate as vague:
        raise FirmbriefError(vague.message, field="--date") from None


def complete(project: Project, data: dict[str, Any]) -> dict[str, Any]:
    """Fill in what an event may leave out: the fingerprint, the iteration, the instalment."""
    kind = data["event"]
    if kind == "signed":
        data["fingerprint"] = project.fingerprint
    if kind in {"delivered", "revision", "accepted", "delay"} and "iteration" not in data:
        current = project.current()
        if current is None:
            raise FirmbriefError("every iteration is accepted: say which", field="--iteration")
        data["iteration"] = current.number
    if kind == "payment" and "instalment" not in data:
        open_ = project.outstanding()
        if not open_:
            raise FirmbriefError(
                "nothing is outstanding: say which instalment it pays", field="--for"
            )
        first = min(open_, key=lambda i: (not i.due_firm, i.due or date.max))
        data["instalment"] = first.key
    return data


def admit(project: Project, event: Event, *, brief_path: Path) -> list[str]:
    """Refuse ``event`` if it cannot happen now; the warnings worth showing if it can."""
    warnings = [project.changed_message] if project.brief_changed else []
    if isinstance(event, Signed):
        _admit_signing(project, event, brief_path)
        return []
    if project.signed is None:
        raise NotReady(
            "the brief is not signed yet: record the signing first "
            f"(firmbrief record {brief_path} signed --date DATE)"
        )
    if event.date < project.signed:
        raise FirmbriefError(
            f"{event.date.isoformat()} is before the signing on {project.signed.isoformat()}",
            field="--date",
        )
    if project.cancelled and not isinstance(event, Payment | Note | Released):
        raise NotReady(
            f"the project was cancelled on {format_long(project.cancelled.date)}: only "
            "payments, notes and the release of files can still be recorded"
        )
    if isinstance(event, Payment):
        warnings += _admit_payment(project, event)
    elif isinstance(event, Materials):
        _admit_materials(project, event)
    elif isinstance(event, Delivered | Revision | Accepted | Delay):
        _admit_iteration_event(project, event)
    elif isinstance(event, Change):
        _admit_change(project, event)
    elif isinstance(event, Released):
        _admit_release(project, event)
    elif isinstance(event, Cancelled) and project.cancelled:
        raise FirmbriefError(f"already cancelled on {format_long(project.cancelled.date)}")
    return warnings


def _admit_signing(project: Project, event: Signed, brief_path: Path) -> None:
    from firmbrief.briefs.readiness import check_file

    if project.signed is not None and not project.brief_changed:
        raise FirmbriefError(
            f"already signed on {format_long(project.signed)} with this very brief "
            f"(fingerprint {project.fingerprint})"
        )
    report = check_file(brief_path, today=project.signed or event.date)
    if not report.ready:
        count = len(report.errors)
        raise NotReady(
            f"not ready to sign: {count} error(s) as of {event.date.isoformat()}; see "
            f"`firmbrief check {brief_path} --today {event.date.isoformat()}`"
        )


def _precise(project: Project, amount: Decimal, option: str) -> None:
    digits = project.plan.digits
    if amount != round_money(amount, digits):
        raise FirmbriefError(
            f"{amount} has more decimals than {project.plan.currency or 'the currency'} has "
            f"({digits})",
            field=option,
        )


def _admit_payment(project: Project, event: Payment) -> list[str]:
    _precise(project, event.amount, "--amount")
    instalment = project.instalment(event.instalment)
    if instalment is None:
        keys = ", ".join(i.key for i in project.instalments) or "none"
        raise FirmbriefError(
            f'no instalment "{event.instalment}"; the instalments are: {keys}', field="--for"
        )
    if event.amount > instalment.outstanding:
        extra = event.amount - instalment.outstanding
        money = project.money
        return [
            f"{money(event.amount)} is more than the {money(instalment.outstanding)} "
            f"outstanding on the {instalment.label}: {money(extra)} overpaid"
        ]
    return []


def _admit_materials(project: Project, event: Materials) -> None:
    for number in event.materials:
        if not 0 < number <= len(project.materials):
            raise FirmbriefError(
                f"there is no material {number} (the brief lists {len(project.materials)})",
                field="--material",
            )
        item = project.materials[number - 1]
        if item.received:
            raise FirmbriefError(
                f'"{item.name}" was recorded as received on {format_long(item.received)}',
                field="--material",
            )


def _require_iteration(project: Project, number: int, *, open_: bool = True) -> IterationState:
    it = project.iteration(number)
    if it is None:
        raise FirmbriefError(
            f"there is no iteration {number} (the brief has {len(project.iterations)})",
            field="--iteration",
        )
    if open_ and it.accepted:
        raise FirmbriefError(
            f"iteration {number} was accepted on {format_long(it.accepted)}",
            field="--iteration",
        )
    return it


def _admit_iteration_event(
    project: Project, event: Delivered | Revision | Accepted | Delay
) -> None:
    it = _require_iteration(project, event.iteration)
    if isinstance(event, Delivered) and event.draft is not None:
        if event.draft > it.drafts:
            raise FirmbriefError(
                f"iteration {it.number} includes {it.drafts} draft(s): deliver it for "
                "acceptance (no --draft), or agree a change",
                field="--draft",
            )
        if any(d.draft == event.draft for d in it.deliveries):
            raise FirmbriefError(
                f"draft {event.draft} of iteration {it.number} is already recorded",
                field="--draft",
            )
    if isinstance(event, Revision):
        _admit_feedback(project, event, it)
    if isinstance(event, Delay) and it.delivery and event.delivery <= it.delivery:
        raise FirmbriefError(
            f"{event.delivery.isoformat()} is not later than the delivery date "
            f"{it.delivery.isoformat()}: a delay moves it later",
            field="--delivery",
        )


def _admit_feedback(project: Project, event: Revision, it: IterationState) -> None:
    deliverables = {d.id: d for d in project.brief.deliverables if d.id}
    option = {"revision": "--revise", "fix": "--fix", "change_of_scope": "--scope"}
    for item in event.items:
        found = deliverables.get(item.deliverable)
        mine = project.brief.iterations[it.number - 1].deliverables
        if found is None or (item.kind != "change_of_scope" and item.deliverable not in mine):
            where = f"iteration {it.number}'s" if found else "the brief's"
            names = mine if found else list(deliverables)
            raise FirmbriefError(
                f'"{item.deliverable}" is not one of {where} deliverables '
                f"({', '.join(names) or 'none'})",
                field=option[item.kind],
            )
        if item.criterion is not None and item.criterion > len(found.acceptance):
            raise FirmbriefError(
                f'"{item.deliverable}" has {len(found.acceptance)} acceptance criteria; '
                f"there is no criterion {item.criterion}",
                field=option[item.kind],
            )


def _admit_change(project: Project, event: Change) -> None:
    _precise(project, event.price, "--price")
    if event.request is not None:
        request = next((c for c in project.changes if c.number == event.request), None)
        if request is None:
            raise FirmbriefError(f"there is no change request {event.request}", field="--request")
        if request.price is not None:
            raise FirmbriefError(
                f"change request {request.number} is already priced "
                f"({project.money(request.price)})",
                field="--request",
            )
        if event.date < request.raised:
            raise FirmbriefError(
                f"{event.date.isoformat()} is before change request {request.number} was raised "
                f"({request.raised.isoformat()})",
                field="--date",
            )
    elif not event.description:
        raise FirmbriefError("say what the change is", field="--description")
    if (event.start or event.delivery) and event.iteration is None:
        raise FirmbriefError("say which iteration the new dates are for", field="--iteration")
    if event.iteration is not None:
        it = _require_iteration(project, event.iteration, open_=bool(event.start or event.delivery))
        start = event.start or it.start
        if event.delivery and start and event.delivery <= start:
            raise FirmbriefError(
                f"{event.delivery.isoformat()} is not after the start {start.isoformat()}",
                field="--delivery",
            )


def _admit_release(project: Project, event: Released) -> None:
    from firmbrief.contracts.record.gates import release_gate

    if project.released is not None:
        raise FirmbriefError(f"already released on {format_long(project.released.date)}")
    gate = release_gate(project)
    if not gate.open and not event.anyway:
        raise NotReady(
            f"the source may not be released yet: {'; '.join(gate.reasons)} "
            "(record it with --anyway if it was released all the same)"
        )


def describe(project: Project, entry: Entry) -> str:
    """What a recorded event means for the project, in one sentence."""
    money, event = project.money, entry.event
    if isinstance(event, Signed):
        return (
            f"signed on {format_long(event.date)}; the brief's fingerprint "
            f"{event.fingerprint} is pinned"
        )
    if isinstance(event, Payment):
        instalment = project.instalment(event.instalment)
        if instalment is None:
            return f"payment of {money(event.amount)}"
        rest = (
            f"{money(instalment.outstanding)} still outstanding"
            if instalment.outstanding
            else "paid in full"
        )
        return f"payment of {money(event.amount)} for the {instalment.label}: {rest}"
    if isinstance(event, Materials):
        parts = []
        for number in event.materials:
            item = project.materials[number - 1]
            late = f", {item.late} working day(s) late" if item.late else ", on time"
            parts.append(f'"{item.name}"{late}')
        moved = [m for m in project.moved if m.cause == "materials"]
        tail = f"; {len(moved)} date(s) moved (see status)" if moved else ""
        return "materials received: " + "; ".join(parts) + tail
    if isinstance(event, Delivered):
        it = project.iterations[event.iteration - 1]
        what = f"draft {event.draft} of {it.drafts}" if event.draft else "delivery for acceptance"
        last = it.deliveries[-1] if it.deliveries else None
        until = f"; the client's review runs until {format_long(last.review_until)}" if last else ""
        return f"iteration {it.number}: {what}{until}"
    if isinstance(event, Revision):
        it = project.iterations[event.iteration - 1]
        parts = [f"iteration {it.number}: feedback with {len(event.items)} item(s)"]
        if it.rounds_used and any(i.kind == "revision" for i in event.items):
            parts.append(f"revision round {it.rounds_used} of {it.rounds_included} included")
            if it.billable_rounds and it.billable_rounds[-1] == it.rounds_used:
                instalment = project.instalment(f"{it.number}-round-{it.rounds_used}")
                price = f" ({money(instalment.amounts.gross)} gross)" if instalment else ""
                parts.append(f"this round is billable{price}")
        opened = [c for c in project.changes if c.line == entry.line]
        for c in opened:
            priced = f"priced at {money(c.price)}" if c.price is not None else "to be quoted"
            parts.append(f"change request {c.number} {priced}")
        return "; ".join(parts)
    if isinstance(event, Accepted):
        balance = project.instalment(f"{event.iteration}-balance")
        due = (
            f"; its balance of {money(balance.outstanding)} is due by {format_long(balance.due)}"
            if balance and balance.due and balance.outstanding
            else ""
        )
        return f"iteration {event.iteration} accepted{due}"
    if isinstance(event, Change):
        request = (
            project.changes[-1] if event.request is None else project.changes[event.request - 1]
        )
        instalment = project.instalment(f"change-{request.number}")
        gross = f" ({money(instalment.amounts.gross)} gross)" if instalment else ""
        return f"change request {request.number} agreed at {money(event.price)}{gross}"
    if isinstance(event, Delay):
        return f"iteration {event.iteration}'s delivery moves to {format_long(event.delivery)}"
    if isinstance(event, Note):
        return "progress update sent" if event.kind == "update" else f"{event.kind} notice sent"
    if isinstance(event, Released):
        return "source released"
    settlement = project.settlement
    owed = (
        f"; {money(settlement.balance)} still owed" if settlement and settlement.balance > 0 else ""
    )
    return f"project cancelled by the {event.by}{owed}"
