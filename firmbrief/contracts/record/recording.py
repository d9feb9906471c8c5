"""Recording an event: fill in its defaults, judge it against the project, write it.

``firmbrief record`` calls :func:`record`. The event is checked for shape first
(:func:`~firmbrief.contracts.record.options.validate_event`), then against the brief and the
project as recorded so far (:func:`~firmbrief.contracts.record.admission.admit`), and only then
appended to the record (:func:`~firmbrief.contracts.record.log.append_event`), under a lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, assert_never

from firmbrief.atomic import write_atomic
from firmbrief.briefs.dates import DateOrder, format_long, parse_firm_date
from firmbrief.briefs.locales import locale_for
from firmbrief.briefs.schema import Brief
from firmbrief.briefs.timeline import FIX_CYCLES
from firmbrief.contracts.record.admission import admit
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
from firmbrief.contracts.record.invoicing import keep_invoiced, payable
from firmbrief.contracts.record.kinds import ItemKind, NoteKind
from firmbrief.contracts.record.log import Record, append_event, head_path, locked, read_record
from firmbrief.contracts.record.options import event_data, validate_event
from firmbrief.contracts.record.replay import checked, project_of
from firmbrief.contracts.record.signed_copy import keep_signed, party_of
from firmbrief.contracts.record.state import ZERO, Project, load_brief
from firmbrief.errors import FirmbriefError, NotSigned, VagueDate

__all__ = ["Recorded", "attempt", "complete", "describe", "record", "tie"]


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
    load_brief(brief)  # a brief that cannot be used is refused before anything is locked
    with locked(brief):
        loaded = load_brief(brief)  # as it is now that no one else is writing
        current = checked(read_record(brief), loaded)
        try:
            day = _day(when, loaded.date_order)
            project = project_of(loaded, current, today=day)
            data = event_data(
                kind, options, when=day, order=loaded.date_order, locale=locale_for(loaded)
            )
            event = validate_event(complete(project, data))
            if isinstance(event, Payment):  # its invoices, before they are replayed
                for number in event.invoices or []:
                    payable(project, number, event.date)
            if isinstance(event, Void):  # an invoiced change stays until its invoice goes
                keep_invoiced(project, event.line)
            trial = project_of(loaded, _with(current, event), today=day)
            warnings = admit(project, event, brief_path=brief, after=trial)
        except FirmbriefError as refused:
            refused.file = refused.file or str(brief)
            raise
        line = append_event(current, event)
        if isinstance(event, Signed):
            warnings += _keep_signed(brief, loaded)
        if not current.head_kept:
            warnings.append(
                "the copy of the record's head beside it could not be written; the event is "
                "recorded, and the next `firmbrief record` writes the head again"
            )
        return Recorded(current.path, line, event, describe(trial, current.entries[-1]), warnings)


def _keep_signed(path: Path, brief: Brief) -> list[str]:
    """Keep the brief as signed beside it (what an amendment is compared with); a warning if
    that cannot be done (the signing is recorded all the same)."""
    try:
        keep_signed(path, brief)
    except FirmbriefError as failed:
        return [
            f"the brief as signed could not be kept beside it ({failed.message}); an amendment "
            "needs it: record the signing again once the folder can be written"
        ]
    return []


def _with(record: Record, event: Event) -> Record:
    """``record`` as it would be with ``event`` appended (nothing is written)."""
    entry = Entry(len(record.entries) + 1, event)
    return Record(record.path, [*record.entries, entry], record.last_check, record.raw)


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
        data["client"] = party_of(project.brief)
        if project.brief_changed:
            data["amends"] = project.pinned
    if kind in {"delivered", "revision", "accepted", "delay"} and "iteration" not in data:
        current = project.current()
        if current is None:
            raise FirmbriefError("every iteration is accepted: say which", field="--iteration")
        data["iteration"] = current.number
    return data


def describe(project: Project, entry: Entry) -> str:
    """What a recorded event means for the project, in one sentence."""
    money, event = project.money, entry.event
    match event:
        case Signed():
            what = f"amendment {_amendment_number(project, entry)} " if event.amends else ""
            amends = f", replacing {event.amends}" if event.amends else ""
            return (
                f"{what}signed on {format_long(event.date)}; the brief's fingerprint "
                f"{event.fingerprint} is pinned{amends}"
            )
        case Payment():
            return _payment_words(project, entry.line, event)
        case Void():
            voided = next((v for v in project.voided if v.by == entry.line), None)
            what = f" ({voided.what})" if voided else ""
            return f"line {event.line}{what} voided: {event.reason}"
        case Refund():
            return f"refund of {money(event.amount)} to the client"
        case Materials():
            return _materials_words(project, event)
        case Delivered():
            return _delivered_words(project, event)
        case Revision():
            return _revision_words(project, entry, event)
        case Accepted():
            return _accepted_words(project, event)
        case Change():
            changes = project.changes
            request = changes[-1] if event.request is None else changes[event.request - 1]
            instalment = project.instalment(f"change-{request.number}")
            gross = f" ({money(instalment.amounts.gross)} gross)" if instalment else ""
            return f"change request {request.number} agreed at {money(event.price)}{gross}"
        case Delay():
            return f"iteration {event.iteration}'s delivery moves to {format_long(event.delivery)}"
        case Note():
            kind = "progress update" if event.kind is NoteKind.update else f"{event.kind} notice"
            return f"{kind} sent"
        case Released():
            return "source released"
        case Invoiced():
            instalment = project.instalment(event.instalment)
            label = instalment.label if instalment else event.instalment
            return (
                f"invoice {event.number} for the {label}: {money(event.gross)}, due "
                f"{format_long(event.due)}"
            )
        case Credited():
            return f"credit note {event.number} cancels invoice {event.invoice}"
        case Cancelled():
            settlement = project.settlement
            owed = settlement.balance if settlement else ZERO
            still = f"; {money(owed)} still owed" if owed > 0 else ""
            cause = ""
            if event.for_cause:
                cause = f" for cause, settled as if the {event.settled_as} had ended it"
            return f"project cancelled by the {event.by}{cause}{still}"
        case _:
            assert_never(event)


def _materials_words(project: Project, event: Materials) -> str:
    parts = []
    for number in event.materials:
        item = project.materials[number - 1]
        late = f", {item.late} working day(s) late" if item.late else ", on time"
        parts.append(f'"{item.name}"{late}')
    any_late = any(project.materials[number - 1].late for number in event.materials)
    moved = [m for m in project.moved if "materials" in m.causes]
    tail = f"; {len(moved)} date(s) moved (see status)" if moved and any_late else ""
    return "materials received: " + "; ".join(parts) + tail


def _delivered_words(project: Project, event: Delivered) -> str:
    it = project.iterations[event.iteration - 1]
    what = f"draft {event.draft} of {it.drafts}" if event.draft else "delivery for acceptance"
    last = it.deliveries[-1] if it.deliveries else None
    until = f"; the client's review runs until {format_long(last.review_until)}" if last else ""
    return f"iteration {it.number}: {what}{until}"


def _accepted_words(project: Project, event: Accepted) -> str:
    balance = project.instalment(f"{event.iteration}-balance")
    due = (
        f"; its balance of {project.money(balance.outstanding)} is due by "
        f"{format_long(balance.due)}"
        if balance and balance.due and balance.outstanding
        else ""
    )
    return f"iteration {event.iteration} accepted{due}"


def _revision_words(project: Project, entry: Entry, event: Revision) -> str:
    money = project.money
    it = project.iterations[event.iteration - 1]
    parts = [f"iteration {it.number}: feedback with {len(event.items)} item(s)"]
    fixes = any(i.kind is ItemKind.fix for i in event.items)
    beyond = fixes and it.fixes_used > FIX_CYCLES
    if fixes and it.fixes_used and not beyond:
        parts.append(f"fix {it.fixes_used} of {FIX_CYCLES} at no charge")
    elif beyond:
        parts.append(f"beyond the {FIX_CYCLES} fixes at no charge: it counts as a revision round")
    if it.rounds_used and (beyond or any(i.kind is ItemKind.revision for i in event.items)):
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


def _amendment_number(project: Project, entry: Entry) -> int:
    """Which amendment the signing on ``entry`` is: the signings before it, the first aside."""
    signings = [e for e in project.record.entries if isinstance(e.event, Signed)]
    return sum(e.line <= entry.line for e in signings) - 1


def _payment_words(project: Project, line: int, event: Payment) -> str:
    """A payment and how it was booked, instalment by instalment."""
    money = project.money
    paid = next((p for p in project.payments if p.line == line), None)
    if paid is None:
        return f"payment of {money(event.amount)}"
    parts = []
    by_key = {project.invoices[n].instalment: n for n in paid.invoices if n in project.invoices}
    for key, amount in paid.shares:
        instalment = project.instalment(key)
        if instalment is None:
            continue
        rest = (
            f"{money(instalment.outstanding)} still outstanding"
            if instalment.outstanding
            else "paid in full"
        )
        bill = f"invoice {by_key[key]}" if key in by_key else ""
        if len(paid.shares) == 1 and not paid.credit:
            billed = f" ({bill})" if bill else ""
            return f"payment of {money(event.amount)} for the {instalment.label}{billed}: {rest}"
        said = f"{bill}; {rest}" if bill else rest
        parts.append(f"{money(amount)} for the {instalment.label} ({said})")
    for key, amount, _ in paid.credit_used:
        instalment = project.instalment(key)
        if instalment is not None:
            parts.append(f"{money(amount)} of it, held as a credit, for the {instalment.label}")
    if paid.credit:
        parts.append(f"{money(paid.credit)} held as a credit")
    return f"payment of {money(event.amount)}: " + "; ".join(parts)


def tie(brief_path: Path, project: Project, event: Event) -> Callable[[], None]:
    """Append ``event`` (an invoice's line, from
    :mod:`~firmbrief.contracts.record.invoicing`) to the record of ``project``, read under
    :func:`~firmbrief.contracts.record.log.locked`, once the record would still read with it;
    returns the undo that puts the record and its head back as they were (for a register that
    then fails to commit)."""
    record = project.record
    attempt(brief_path, project, event)
    old, head = record.raw, head_path(brief_path)
    old_head = head.read_bytes() if head.exists() else None
    append_event(record, event)

    def undo() -> None:
        write_atomic(record.path, old, like=brief_path)
        if old_head is not None:
            write_atomic(head, old_head, like=brief_path)
        else:
            head.unlink(missing_ok=True)

    return undo


def attempt(brief_path: Path, project: Project, event: Event) -> None:
    """Refuse ``event`` (an invoice's line) if the record of ``project`` would not read with
    it appended, saying why (nothing is written)."""
    record = project.record
    if project.signed is None:
        raise NotSigned("the brief is not signed", file=str(brief_path))
    trial = Record(record.path, [*record.entries, Entry(len(record.entries) + 1, event)],
                   record.last_check, record.raw)  # fmt: skip
    project_of(project.brief, trial, today=project.today)  # reads back, or says why not
