"""Whether an event can happen now: each event judged against the brief and the project as
recorded so far, before anything is written.

:func:`admit` refuses an event that cannot happen (the brief is not signed, the iteration does
not exist or is accepted, the instalment is unknown or paid, money would be left over, the draft
is not included, the release gate is closed, a void leaves the record inconsistent, a payment
repeats one of the same day without ``--again``, a later-dated line rules it out
(:mod:`.chronology`), an ending for cause the record does not show (:mod:`.cause`), an
amendment that rewrites money settled (:mod:`.amending`)...) with the option at fault, and
returns the warnings worth showing for one that can. It sees the project before the event
(``project``) and as it would be with it (``after``): a payment is judged by how it would be
booked, a void by what the record would say without the line.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import assert_never

from firmbrief.briefs.dates import format_long
from firmbrief.briefs.money import imprecise
from firmbrief.contracts.record.amending import admit_amendment
from firmbrief.contracts.record.cause import cause, no_cause
from firmbrief.contracts.record.chronology import contradiction
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
from firmbrief.contracts.record.invoicing import payable
from firmbrief.contracts.record.kinds import ItemKind
from firmbrief.contracts.record.state import ZERO, IterationState, Project
from firmbrief.errors import DatedTooEarly, FirmbriefError, NotReady, NotSigned

__all__ = ["admit"]


def admit(project: Project, event: Event, *, brief_path: Path, after: Project) -> list[str]:
    """Refuse ``event`` if it cannot happen now; the warnings worth showing if it can.
    ``after`` is the project with the event recorded."""
    warnings = [project.changed_message] if project.brief_changed else []
    if isinstance(event, Signed):
        _admit_signing(project, event, brief_path)
        return []
    if project.signed is None:
        raise NotSigned(
            "the brief is not signed yet: record the signing first "
            f"(firmbrief record {brief_path} signed --date DATE)"
        )
    if event.date < project.signed:
        raise DatedTooEarly(
            f"{event.date.isoformat()} is before the signing on {project.signed.isoformat()}",
            field="--date",
        )
    if project.cancelled and not _after_cancellation(event):
        raise NotReady(
            f"the project was cancelled on {format_long(project.cancelled.date)}: only "
            "payments, refunds, notes, voids and the release of files can still be recorded"
        )
    if why := contradiction(project, event):
        raise DatedTooEarly(why, field="--date")
    match event:
        case Payment():
            warnings += _admit_payment(project, event, after)
        case Void():
            _admit_void(project, event, after)
        case Refund():
            _admit_refund(project, event)
        case Materials():
            _admit_materials(project, event)
        case Delivered() | Revision() | Accepted() | Delay():
            _admit_iteration_event(project, event)
        case Change():
            _admit_change(project, event)
        case Released():
            _admit_release(project, event)
        case Cancelled():
            if project.cancelled:
                raise FirmbriefError(f"already cancelled on {format_long(project.cancelled.date)}")
            if event.for_cause and cause(project, event.by, event.date) is None:
                raise NotReady(no_cause(project, event.by, event.date), field="--for-cause")
        case Signed() | Note() | Invoiced() | Credited():
            pass  # the signing is judged above; a note, an invoice, a credit note need nothing
        case _:
            assert_never(event)
    return warnings


def _after_cancellation(event: Event) -> bool:
    """Whether ``event`` may still be recorded once the project is cancelled."""
    match event:
        case Payment() | Note() | Released() | Refund() | Void():
            return True
        case (
            Signed() | Materials() | Delivered() | Revision() | Accepted() | Change() | Delay()
            | Cancelled() | Invoiced() | Credited()
        ):  # fmt: skip
            return False
        case _:
            assert_never(event)


def _admit_signing(project: Project, event: Signed, brief_path: Path) -> None:
    from firmbrief.briefs.readiness import check_file

    if project.signed is not None and not project.brief_changed:
        raise FirmbriefError(
            f"already signed on {format_long(project.signed)} with this very brief "
            f"(fingerprint {project.fingerprint})"
        )
    admit_amendment(project, brief_path)
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


def _admit_payment(project: Project, event: Payment, after: Project) -> list[str]:
    """A payment's instalments must be known and outstanding, and money may be left over only
    as a credit recorded on purpose."""
    _precise(project, event.amount, "--amount")
    money = project.money
    named = []
    option = "--invoice" if event.invoices else "--for"
    by_invoice = {payable(project, n, event.date).instalment: n for n in event.invoices or []}
    for key in by_invoice or event.targets:
        instalment = project.instalment(key)
        if instalment is None:
            keys = ", ".join(i.key for i in project.instalments) or "none"
            raise FirmbriefError(
                f'no instalment "{key}"; the instalments are: {keys}', field=option
            )
        if instalment.cancelled is not None:
            raise FirmbriefError(
                f"the {instalment.label} was settled by the cancellation on "
                f"{format_long(instalment.cancelled)}: what is owed now is the settlement "
                f"(leave out {option}, or --for settlement)",
                field=option,
            )
        if not instalment.outstanding:
            paid = f" on {format_long(instalment.paid_on)}" if instalment.paid_on else ""
            what = f"invoice {by_invoice[key]} ({instalment.label})" if by_invoice else (
                f"the {instalment.label}")
            raise FirmbriefError(
                f"{what} is paid in full{paid}: name one that is outstanding, "
                f"or leave out {option}",
                field=option,
            )
        named.append(instalment)
    twin = next(
        (p for p in project.payments if p.day == event.date and p.amount == event.amount), None
    )
    if twin is not None and not event.again:
        raise FirmbriefError(
            f"a payment of {money(event.amount)} on {format_long(event.date)} is recorded "
            f"already (line {twin.line}): if the client paid twice, record this one with "
            "--again; if it was recorded by mistake, leave it",
            field="--amount",
        )
    line = len(project.record.entries) + 1
    booked = next((p for p in after.payments if p.line == line), None)
    left = booked.beyond if booked else event.amount
    if left and not event.credit:
        if named:
            labels = " and ".join(f"the {i.label}" for i in named)
            owed = sum((i.outstanding for i in named), ZERO)
            raise FirmbriefError(
                f"{money(event.amount)} is more than the {money(owed)} outstanding on {labels}: "
                f"name every {'invoice' if by_invoice else 'instalment'} it pays (repeat "
                f"{option}), leave out {option} to pay what is outstanding in the order it "
                f"falls due, or record the {money(left)} beyond as a credit with --credit",
                field="--amount",
            )
        owed = sum((i.outstanding for i in project.outstanding()), ZERO)
        listed = "; ".join(f"{i.label} {money(i.outstanding)}" for i in project.outstanding())
        raise FirmbriefError(
            f"{money(event.amount)} is more than everything outstanding ({money(owed)}"
            f"{': ' + listed if listed else ''}): {money(left)} would be left over. Check the "
            "amount, or record what is left over as a credit on purpose with --credit (the next "
            "instalment uses it)",
            field="--amount",
        )
    said = []
    if event.again and twin is None:
        said.append("--again: no payment of this amount is recorded on that day; recorded as one")
    if event.credit and not left:
        said.append(
            "--credit: nothing is left over once the instalments are paid; no credit is held"
        )
    return said


def _admit_void(project: Project, event: Void, after: Project) -> None:
    """The line must be an earlier one that can be voided, not voided yet, and the record must
    still hold together without it."""
    from firmbrief.contracts.record.voids import unvoidable

    entries = project.record.entries
    target = next((e for e in entries if e.line == event.line), None)
    if target is None:
        raise FirmbriefError(
            f"there is no line {event.line}: the record has {len(entries)} line(s)", field="--line"
        )
    if why := unvoidable(target, len(entries) + 1):
        raise FirmbriefError(why, field="--line")

    done = next((v for v in project.voided if v.line == event.line), None)
    if done is not None:
        raise FirmbriefError(
            f"line {event.line} was voided on {format_long(done.on)} (line {done.by})",
            field="--line",
        )
    if event.date < target.event.date:
        raise DatedTooEarly(
            f"{event.date.isoformat()} is before line {event.line}'s date "
            f"({target.event.date.isoformat()}), the line it voids",
            field="--date",
        )
    before = {f.message for f in project.warnings if f.code == "record-mismatch"}
    broken = [
        f.message.split(": ", 1)[1]
        for f in after.warnings
        if f.code == "record-mismatch" and f.message not in before
    ]
    if broken:
        raise FirmbriefError(
            f"without line {event.line}, the record no longer holds together ({broken[0]}): "
            "void the later lines that rest on it first",
            field="--line",
        )


def _admit_refund(project: Project, event: Refund) -> None:
    """A refund pays back a credit held, or what a settlement says to refund; no more."""
    _precise(project, event.amount, "--amount")
    money = project.money
    settlement = project.settlement
    owed_back = max(-settlement.balance, ZERO) if settlement else ZERO
    refundable = project.credit + owed_back
    if event.amount > refundable:
        parts = [f"a credit of {money(project.credit)}"] if project.credit else []
        if owed_back:
            parts.append(f"{money(owed_back)} under the cancellation's settlement")
        if not parts:
            raise FirmbriefError(
                "there is nothing to refund: no credit is held, and no settlement says to refund",
                field="--amount",
            )
        raise FirmbriefError(
            f"{money(event.amount)} is more than the {money(refundable)} to refund "
            f"({' and '.join(parts)})",
            field="--amount",
        )


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
