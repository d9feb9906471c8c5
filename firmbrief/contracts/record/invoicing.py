"""Invoices in the record: the ``invoiced`` and ``credited`` lines ``firmbrief invoice`` writes,
read back, and the payments that name an invoice.

Issuing an invoice appends an ``invoiced`` line (number, instalment, net, tax and gross, the
invoice's date and due date); a credit note appends ``credited`` (its number, the invoice it
cancels). Replayed (:func:`track_invoices`), each invoice is tied to its instalment: the
instalment is due when its invoice is (:func:`~firmbrief.contracts.record.schedule.set_dues`),
``status``, ``schedule`` and ``notice payment`` name it, and ``record BRIEF payment --invoice
NUMBER`` pays the instalment it stands for (:func:`invoice_keys`). A line firmbrief would not
have written (a number issued twice, an instalment the brief does not have, an instalment
invoiced twice, a credit note for an invoice that is not there) makes the record unreadable,
naming the line, as a forged amount does.

:func:`~firmbrief.contracts.record.recording.tie` appends an invoice's line while ``firmbrief
invoice`` holds the register's transaction and the record's lock.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import Final, assert_never

from firmbrief.briefs.dates import format_long
from firmbrief.briefs.money import Amounts
from firmbrief.contracts.record.events import (
    Accepted,
    Cancelled,
    Change,
    Credited,
    Delay,
    Delivered,
    Entry,
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
from firmbrief.contracts.record.state import Instalment, InvoiceState, Project, problem
from firmbrief.errors import BriefUnreadable, FirmbriefError

__all__ = [
    "SETTLEMENT",
    "credited_event",
    "invoice_keys",
    "invoice_words",
    "invoiced_event",
    "keep_invoiced",
    "not_owed",
    "owed",
    "payable",
    "track_invoices",
]


SETTLEMENT: Final = "settlement"
"""The key of what a cancelled project's settlement bills (``firmbrief invoice BRIEF
settlement``)."""


def not_owed(project: Project, instalment: Instalment) -> str | None:
    """Why ``instalment`` may not be invoiced now, or ``None`` if it is owed: the one rule
    ``invoice BRIEF`` and ``invoice --due`` follow. Nothing of a cancelled project is invoiced
    but its settlement; an instalment paid in full has nothing to invoice; a balance is owed
    once its iteration is accepted (explicitly, or by silence after the reminder), not before.
    """
    if project.cancelled is not None:
        return (
            f"the project was cancelled on {format_long(project.cancelled.date)}: nothing of it "
            "is invoiced but the settlement (firmbrief invoice BRIEF settlement)"
        )
    if instalment.outstanding <= 0:
        paid = f" on {format_long(instalment.paid_on)}" if instalment.paid_on else ""
        return f"the {instalment.label} was paid in full{paid}: nothing is outstanding"
    if not instalment.due_firm or instalment.due is None:
        expected = f" (expected by {format_long(instalment.due)})" if instalment.due else ""
        return (
            f"the {instalment.label} is not owed yet: it falls due once iteration "
            f"{instalment.iteration} is accepted{expected}"
        )
    return None


def owed(project: Project, taken: Collection[str], by: date | None = None) -> list[Instalment]:
    """The instalments owed now and not invoiced yet (``taken``: the keys with an invoice),
    in the order of the plan; with ``by``, those due by that day."""
    return [
        i
        for i in project.instalments
        if i.key not in taken and i.invoice is None and not_owed(project, i) is None
        and (by is None or (i.due is not None and i.due <= by))
    ]  # fmt: skip


def _forged(project: Project, entry: Entry, message: str) -> BriefUnreadable:
    return BriefUnreadable(
        f"{message} (the record holds an invoice firmbrief would not have recorded)",
        file=str(project.record.path),
        field=f"line {entry.line}",
    )


def track_invoices(project: Project, entries: list[Entry]) -> None:
    """Tie each invoice in ``entries`` to its instalment, and untie those a credit note
    cancelled; refuse a line firmbrief would not have written."""
    for entry in entries:
        event = entry.event
        match event:
            case Invoiced():
                _invoiced(project, entry, event)
            case Credited():
                _credited(project, entry, event)
            case Payment():
                for number in event.invoices or []:
                    found = project.invoices.get(number)
                    if found is None or found.issued > event.date:
                        raise _forged(project, entry, f"a payment for invoice {number}, "
                                      "which was not issued before it")  # fmt: skip
            case (
                Signed() | Materials() | Delivered() | Revision() | Accepted() | Change()
                | Delay() | Note() | Released() | Cancelled() | Refund() | Void()
            ):  # fmt: skip
                pass  # names no invoice
            case _:
                assert_never(event)


def _invoiced(project: Project, entry: Entry, event: Invoiced) -> None:
    if event.number in project.invoices:
        raise _forged(project, entry, f"invoice {event.number} was issued already")
    if event.instalment == SETTLEMENT:
        _settlement(project, entry, event)
        return
    instalment = project.instalment(event.instalment)
    if instalment is None:
        if not project.brief_changed:
            raise _forged(project, entry, f'an invoice for "{event.instalment}", an '
                          "instalment this brief does not have")  # fmt: skip
        problem(project, entry, f'invoice {event.number} is for "{event.instalment}", which '
                "the brief no longer has")  # fmt: skip
    elif instalment.invoice is not None:
        raise _forged(project, entry, f"{event.instalment} is invoiced already as "
                      f"{instalment.invoice.number}")  # fmt: skip
    amounts = Amounts(event.net, event.tax, event.gross)
    state = InvoiceState(event.number, event.instalment, event.date, event.due, amounts, entry.line)
    project.invoices[event.number] = state
    if instalment is not None:
        instalment.invoice = state
        if instalment.amounts.gross != event.gross:
            asks, is_ = project.money(event.gross), project.money(instalment.amounts.gross)
            problem(project, entry, f"invoice {event.number} asks for {asks}, the "
                    f"{instalment.label} is {is_}")  # fmt: skip


def _settlement(project: Project, entry: Entry, event: Invoiced) -> None:
    cancelled = project.cancelled
    if cancelled is None or event.date < cancelled.date:
        raise _forged(project, entry, "an invoice for a settlement before any cancellation")
    standing = [i for i in project.invoices.values() if i.instalment == SETTLEMENT and i.active]
    if standing:
        raise _forged(project, entry, f"the settlement is invoiced already as "
                      f"{standing[0].number}")  # fmt: skip
    amounts = Amounts(event.net, event.tax, event.gross)
    project.invoices[event.number] = InvoiceState(
        event.number, SETTLEMENT, event.date, event.due, amounts, entry.line
    )


def _credited(project: Project, entry: Entry, event: Credited) -> None:
    found = project.invoices.get(event.invoice)
    if found is None or found.issued > event.date:
        raise _forged(project, entry, f"a credit note for invoice {event.invoice}, which was "
                      "not issued before it")  # fmt: skip
    if found.credited_by is not None:
        raise _forged(project, entry, f"invoice {event.invoice} was cancelled already by "
                      f"{found.credited_by}")  # fmt: skip
    found.credited_by, found.credited_on = event.number, event.date
    instalment = project.instalment(found.instalment)
    if instalment is not None and instalment.invoice is found:
        instalment.invoice = None


def invoice_keys(project: Project, event: Payment) -> list[str]:
    """The instalments a payment names: by key, or by the invoices it names."""
    if not event.invoices:
        return event.targets
    return [project.invoices[n].instalment for n in event.invoices if n in project.invoices]


def payable(project: Project, number: str, day: date | None = None) -> InvoiceState:
    """Invoice ``number`` of this project, if a payment (on ``day``) can name it; else why
    not, at ``--invoice``."""
    found = project.invoices.get(number)
    if found is None:
        known = ", ".join(project.invoices) or "none yet"
        raise FirmbriefError(
            f"no invoice {number[:40]} of this brief in its record (its invoices: {known})",
            field="--invoice",
        )
    if found.credited_by is not None:
        assert found.credited_on is not None
        raise FirmbriefError(
            f"invoice {number} was cancelled by credit note {found.credited_by} on "
            f"{format_long(found.credited_on)}: it is not to be paid",
            field="--invoice",
        )
    if day is not None and day < found.issued:
        raise FirmbriefError(
            f"invoice {number} is dated {format_long(found.issued)}, after this payment: "
            f"record the payment with --for {found.instalment}",
            field="--invoice",
        )
    return found


def keep_invoiced(project: Project, line: int) -> None:
    """Refuse to void ``line`` while an instalment it opened (a change, an extra round) has an
    invoice: the invoice is cancelled first, by a credit note."""
    for instalment in project.instalments:
        if instalment.opened[1] == line and instalment.invoice is not None:
            number = instalment.invoice.number
            raise FirmbriefError(
                f"line {line} opened the {instalment.label}, invoiced as {number}: cancel the "
                f"invoice first (firmbrief invoice BRIEF --credit {number})",
                field="--line",
            )


def invoice_words(
    invoice: InvoiceState | None,
    day: Callable[[date], str] = format_long,
    gettext: Callable[[str], str] = str,
) -> str:
    """``invoice 2026-0001 of 28 December 2026``, or nothing; in ``gettext``'s language (a
    notice's: the client's)."""
    if invoice is None:
        return ""
    return gettext("invoice {number} of {day}").format(
        number=invoice.number, day=day(invoice.issued)
    )


def invoiced_event(
    *, number: str, instalment: str, amounts: Amounts, issued: date, due: date
) -> Invoiced:
    """The line an invoice adds to the record."""
    return Invoiced(
        date=issued,
        number=number,
        instalment=instalment,
        net=amounts.net,
        tax=amounts.tax,
        gross=amounts.gross,
        due=due,
    )


def credited_event(*, number: str, invoice: str, issued: date) -> Credited:
    """The line a credit note adds to the record."""
    return Credited(date=issued, number=number, invoice=invoice)
