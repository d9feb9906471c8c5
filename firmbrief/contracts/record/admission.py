"""Whether an event can happen now: each event judged against the brief and the project as
recorded so far, before anything is written.

:func:`admit` refuses an event that cannot happen (the brief is not signed, the iteration does
not exist or is accepted, the instalment is unknown, the draft is not included, the release gate
is closed...) with the option at fault, and returns the warnings worth showing for one that can.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from firmbrief.briefs.dates import format_long
from firmbrief.briefs.money import imprecise
from firmbrief.contracts.record.events import (
    Accepted,
    Cancelled,
    Change,
    Delay,
    Delivered,
    Event,
    Materials,
    Note,
    Payment,
    Released,
    Revision,
    Signed,
)
from firmbrief.contracts.record.kinds import ItemKind
from firmbrief.contracts.record.state import IterationState, Project
from firmbrief.errors import FirmbriefError, NotReady

__all__ = ["admit"]


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
    if problem := imprecise(amount, project.plan.digits, project.plan.currency):
        raise FirmbriefError(problem, field=option)


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
        if found is None or (
            item.kind is not ItemKind.change_of_scope and item.deliverable not in mine
        ):
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
