"""Issuing invoices and credit notes: a number from the business's register, the PDF written,
the record's line appended, with no number ever given twice or silently skipped.

:func:`issue_invoice` reads the brief (with the business profile), works out the project as of
the invoice date (:func:`~firmbrief.contracts.record.replay.project_at`, read-only) and picks
the instalment: by default the first owed now and not yet invoiced, by the one rule
:func:`~firmbrief.contracts.record.invoicing.owed` (the rule ``invoice --due`` follows too); a
named one that is not owed (a balance before acceptance, one paid in full, anything of a
cancelled project) or already invoiced is refused with the reason. After a cancellation,
``settlement`` invoices what the settlement leaves owed, or a credit note gives back what it
leaves to refund (:func:`issue_settlement`). :func:`credit_note` cancels an invoice with a
credit note of its own number; :func:`reprint` prints an issued invoice again from what the
register kept. An invoice is found by its number and its seller, and by the brief's record,
wherever the brief has moved since.

The number is taken in a short transaction under the register's lock and committed as pending;
rendering, writing and recording happen outside it, and a second short transaction marks it
issued (:mod:`~firmbrief.contracts.invoices.completion`). An invoice rests on the signed terms:
the brief must be signed in its record, and issuing one appends an ``invoiced`` line to it
(:mod:`firmbrief.contracts.record.invoicing`), a credit note a ``credited`` line.

Every function returns an :class:`Issued`, whose ``invoice.summary()`` is the plain data the
project record took (number, instalment, amounts, dates).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from firmbrief.atomic import write_atomic
from firmbrief.briefs.dates import format_long
from firmbrief.briefs.schema import Brief
from firmbrief.contracts.invoices.completion import Taken, complete, recover, render, step
from firmbrief.contracts.invoices.data import InvoiceData, credit_note_of, invoice_data
from firmbrief.contracts.invoices.invoiceable import check_invoiceable
from firmbrief.contracts.invoices.numbering import (
    Numbering,
    check_books,
    check_day,
    check_seller,
    file_name,
    register_of,
)
from firmbrief.contracts.invoices.register import (
    DEFAULT_WAIT,
    Entry,
    Register,
    Transaction,
    seller_key,
)
from firmbrief.errors import BriefChanged, BriefUnreadable, DatedTooEarly, NotReady, NotSigned

if TYPE_CHECKING:
    from firmbrief.contracts.record.state import Instalment, Project
    from firmbrief.pdf import Renderer

__all__ = [
    "AlreadyInvoiced",
    "Issued",
    "NotSigned",
    "credit_note",
    "due_instalments",
    "issue_invoice",
    "issue_settlement",
    "register_of",
    "reprint",
]


class AlreadyInvoiced(NotReady):
    """The instalment has an invoice (not cancelled by a credit note)."""


@dataclass(frozen=True, slots=True)
class Issued:
    """An invoice or credit note issued (or printed again), and where its PDF is."""

    invoice: InvoiceData
    path: Path
    register: Path
    reprinted: bool = False
    warning: str = ""  # the invoice stands, but something is worth saying (one line)


def _project_key(brief_path: Path) -> str:
    return str(brief_path.resolve())


def _project(brief_path: Path, day: date) -> Project:
    from firmbrief.contracts.record.replay import project_at

    project = project_at(brief_path, day)
    check_invoiceable(project.brief, brief_path)
    if project.brief_changed:
        raise BriefChanged(project.changed_message, file=str(brief_path))
    if project.signed is None:
        raise NotSigned(
            "the brief is not signed yet, and an invoice rests on the signed terms: record the "
            f"signing first (firmbrief record {brief_path} signed --date DATE)",
            file=str(brief_path),
        )
    if day < project.signed:
        raise DatedTooEarly(
            f"an invoice dated {format_long(day)} would be dated before the signing on "
            f"{format_long(project.signed)}",
            file=str(brief_path),
            field="--date",
        )
    return project


def _taken(project: Project, register: Transaction, key: str) -> dict[str, tuple[str, date]]:
    """The instalments with an invoice that stands (not cancelled by a credit note), and its
    number: as the register has them for this brief's path, and as its record has them
    (wherever the brief has moved since)."""
    taken = {
        entry.instalment: (entry.number, entry.issued)
        for entry in register.of_project(key)
        if entry.kind == "invoice" and register.credit_for(entry.number) is None
    }
    for state in project.invoices.values():
        if state.active:
            taken.setdefault(state.instalment, (state.number, state.issued))
    return taken


def _choose(
    project: Project, taken: dict[str, tuple[str, date]], wanted: str | None, path: Path
) -> Instalment:
    from firmbrief.contracts.record.invoicing import SETTLEMENT, not_owed, owed

    if wanted is None:
        found = owed(project, taken)
        if found:
            return found[0]
        left = [i for i in project.instalments if i.key not in taken and i.outstanding > 0]
        why = not_owed(project, left[0]) if left else None
        if project.cancelled is not None and project.instalments:
            why = not_owed(project, project.instalments[0])
        raise NotReady(
            f"nothing to invoice: {why or 'every instalment is invoiced or paid'}", file=str(path)
        )
    if wanted == SETTLEMENT:
        raise BriefUnreadable("the settlement is invoiced by issue_settlement", file=str(path))
    chosen = project.instalment(wanted)
    if chosen is None:
        known = ", ".join(i.key for i in project.instalments) or "none"
        raise BriefUnreadable(
            f'no instalment "{wanted[:40]}" in this project; its instalments: {known}',
            file=str(path),
        )
    if (had := taken.get(wanted)) is not None:
        number, on = had[0], f" on {format_long(had[1])}"
        raise AlreadyInvoiced(
            f"{wanted} was invoiced as {number}{on}: print it again with --reprint {number}, "
            f"or cancel it with --credit {number}",
            file=str(path),
        )
    if (why := not_owed(project, chosen)) is not None:
        raise NotReady(f"{wanted} is not invoiced: {why}", file=str(path))
    return chosen


def _in_order(register: Transaction, series: str, day: date, path: Path) -> None:
    last = register.last_in(series)
    if last is not None and last.issued > day:
        raise DatedTooEarly(
            f"the last number of the series, {last.number}, is dated {format_long(last.issued)}: "
            f"an invoice dated {format_long(day)} would break the order of the numbers; date "
            "it that day or later (--date)",
            file=str(path),
        )


def _entry(invoice: InvoiceData, project: str, series: str, seq: int, target: Path) -> Entry:
    return Entry(
        number=invoice.number,
        series=series,
        seq=seq,
        kind=invoice.kind,
        project=project,
        instalment=invoice.instalment,
        credits=invoice.credits or None,
        issued=invoice.issued,
        due=invoice.due,
        currency=invoice.currency,
        net=invoice.text(invoice.amounts.net),
        tax=invoice.text(invoice.amounts.tax),
        gross=invoice.text(invoice.amounts.gross),
        data=invoice.as_json(),
        state="pending",
        pid=os.getpid(),
        target=str(target.resolve()),
    )


Build = Callable[[Transaction, str, int], InvoiceData]
"""Makes the invoice once its number is known: from the transaction, its number and its seq."""


@contextmanager
def _opened(
    brief_path: Path,
    day: date,
    *,
    today: date | None,
    future: bool,
    wait: float,
    renderer: Renderer | None,
) -> Iterator[tuple[Numbering, Register, Project]]:
    """The business's register (the numbers of processes that are gone finished first), and,
    with the brief's record locked, its project as of ``day`` checked for an invoice."""
    from firmbrief.contracts.record.log import locked

    numbering = register_of(brief_path)
    check_day(day, None, today=day, future=True, path=brief_path)  # the planning years
    register = Register(numbering.register, wait=wait, like=brief_path)
    recover(register, renderer)
    with locked(brief_path):
        project = _project(brief_path, day)
        recorded = max((e.event.date for e in project.record.entries), default=day)
        now = max(today or day, recorded)  # the project's clock is never behind its record
        check_day(day, None, today=now, future=future, path=brief_path)
        yield numbering, register, project


def _take(
    register: Register,
    numbering: Numbering,
    brief_path: Path,
    project: Project,
    day: date,
    build: Build,
    output: Path | None,
) -> Taken:
    """Under the register's lock, briefly: its checks, the next number, the invoice ``build``
    makes with it, and the number committed pending. (The record's line is tried on the record
    outside the lock, before it is appended: a record is read in seconds at most, and read
    already, but a hostile one is not to hold every other invoice of the business waiting.)"""
    from firmbrief.contracts.invoices.completion import event_of

    with register.issuing() as transaction:
        series = numbering.series(day)
        check_books(transaction, numbering, series)
        _in_order(transaction, series, day, brief_path)
        seq = transaction.next_seq(series)
        invoice = build(transaction, numbering.number(day, seq), seq)
        check_day(day, invoice.due, today=day, future=True, path=brief_path)
        mine = check_seller(transaction, invoice.as_json()["seller"], brief_path)
        line = event_of(invoice, project)
        target = output or file_name(brief_path, invoice)
        entry = _entry(invoice, _project_key(brief_path), series, seq, target)
        transaction.own(mine)
        transaction.add(entry)
    step("taken")
    return Taken(entry, invoice, line, target)


def _issued(brief_path: Path, register: Register, taken: Taken, project: Project,
            renderer: Renderer | None) -> Issued:  # fmt: skip
    from firmbrief.contracts.invoices.xml import unidentified_seller

    warning = complete(brief_path, register, taken, project, renderer)
    warning = "; ".join(w for w in (warning, unidentified_seller(taken.invoice)) if w)
    return Issued(taken.invoice, taken.target, register.path, warning=warning)


def issue_invoice(
    brief_path: Path,
    *,
    day: date,
    instalment: str | None = None,
    output: Path | None = None,
    renderer: Renderer | None = None,
    wait: float = DEFAULT_WAIT,
    today: date | None = None,
    future: bool = False,
) -> Issued:
    """Issue the invoice for ``instalment`` (default: the first owed now and not invoiced) of
    the brief at ``brief_path``, dated ``day`` (after ``today`` only when ``future`` confirms
    it); its PDF goes to ``output`` (default: beside the brief,
    ``<brief>-invoice-<number>.pdf``)."""
    from firmbrief.briefs.canonical import canonical_json, fingerprint
    from firmbrief.briefs.language import document_locale
    from firmbrief.contracts.clauses import clause
    from firmbrief.contracts.invoices.supply import with_supply
    from firmbrief.contracts.record.invoicing import SETTLEMENT

    if instalment == SETTLEMENT:
        return issue_settlement(brief_path, day=day, output=output, renderer=renderer,
                                wait=wait, today=today, future=future)  # fmt: skip
    opened = _opened(brief_path, day, today=today, future=future, wait=wait, renderer=renderer)
    with opened as (numbering, register, project):
        brief = project.brief
        chosen: list[Instalment] = []

        def build(transaction: Transaction, number: str, seq: int) -> InvoiceData:
            taken = _taken(project, transaction, _project_key(brief_path))
            chosen.append(_choose(project, taken, instalment, brief_path))
            it = chosen[0]
            return with_supply(invoice_data(
                brief, number=number, issued=day, instalment=it.key, kind=it.kind,
                label=it.label, iteration=it.iteration, amounts=it.amounts,
                clause=str(clause(brief, "payment")), fingerprint=fingerprint(brief),
                brief_json=canonical_json(brief).decode("utf-8"), locale=document_locale(brief),
                due=it.due if it.due_firm else None,  # the terms' day for it
            ), project, it)  # fmt: skip

        taken = _take(register, numbering, brief_path, project, day, build, output)
        return _issued(brief_path, register, taken, project, renderer)


def issue_settlement(
    brief_path: Path,
    *,
    day: date,
    output: Path | None = None,
    renderer: Renderer | None = None,
    wait: float = DEFAULT_WAIT,
    today: date | None = None,
    future: bool = False,
) -> Issued:
    """After a cancellation: the invoice for what the settlement leaves owed (its lines as the
    cancellation notice gives them), or the credit note for what it leaves to refund."""
    from firmbrief.contracts.invoices.settling import settlement_invoice

    opened = _opened(brief_path, day, today=today, future=future, wait=wait, renderer=renderer)
    with opened as (numbering, register, project):

        def build(transaction: Transaction, number: str, seq: int) -> InvoiceData:
            done = [e for e in transaction.of_project(_project_key(brief_path))
                    if e.instalment == "settlement" and transaction.credit_for(e.number) is None]
            return settlement_invoice(project, brief_path, number=number, day=day, done=done)

        taken = _take(register, numbering, brief_path, project, day, build, output)
        return _issued(brief_path, register, taken, project, renderer)


def _original(transaction: Transaction, number: str, project: Project, brief_path: Path,
              seller: str) -> Entry:  # fmt: skip
    """Invoice ``number`` of this brief: by its number and seller, and the brief's record or
    its path (the record moves with the brief)."""
    found = transaction.find(number)
    ours = found is not None and found.state != "void" and found.seller == seller and (
        found.project == _project_key(brief_path) or number in project.invoices
    )  # fmt: skip
    if found is None or not ours:
        raise BriefUnreadable(
            f"no invoice {number[:40]} of this brief in {transaction.path} (an invoice is found "
            "by its number, its seller and the brief's record)",
            file=str(brief_path),
        )
    return found


def credit_note(
    brief_path: Path,
    number: str,
    *,
    day: date,
    output: Path | None = None,
    renderer: Renderer | None = None,
    wait: float = DEFAULT_WAIT,
    today: date | None = None,
    future: bool = False,
) -> Issued:
    """Cancel invoice ``number`` of the brief at ``brief_path`` with a credit note dated
    ``day``: its own number, the invoice's lines, every amount negated."""
    from firmbrief.contracts.record.amending import admit_credit

    opened = _opened(brief_path, day, today=today, future=future, wait=wait, renderer=renderer)
    with opened as (numbering, register, project):
        admit_credit(project, number, brief_path)  # a paid invoice: its payment named
        seller = seller_key(_seller_of(project.brief))

        def build(transaction: Transaction, new: str, seq: int) -> InvoiceData:
            original = _original(transaction, number, project, brief_path, seller)
            if original.kind != "invoice":
                raise BriefUnreadable(f"{number} is a credit note: only an invoice is "
                                      "cancelled", file=str(brief_path))  # fmt: skip
            if (earlier := transaction.credit_for(number)) is not None:
                raise AlreadyInvoiced(
                    f"{number} was already cancelled by credit note {earlier.number} on "
                    f"{format_long(earlier.issued)}",
                    file=str(brief_path),
                )
            if day < original.issued:
                raise DatedTooEarly(
                    f"a credit note cannot be dated before the invoice it cancels "
                    f"({format_long(original.issued)})",
                    file=str(brief_path),
                )
            return credit_note_of(InvoiceData.from_json(original.data), number=new, issued=day)

        taken = _take(register, numbering, brief_path, project, day, build, output)
        return _issued(brief_path, register, taken, project, renderer)


def _seller_of(brief: Brief) -> dict[str, object]:
    seller = brief.freelancer
    return {"tax_id": seller.tax_id or "", "display": seller.company or seller.name or ""}


def reprint(
    brief_path: Path,
    number: str,
    *,
    output: Path | None = None,
    renderer: Renderer | None = None,
    today: date | None = None,
) -> Issued:
    """Print invoice (or credit note) ``number`` again, from what the register kept."""
    from firmbrief.contracts.record.replay import project_at

    numbering = register_of(brief_path)
    project = project_at(brief_path, today or date.today())
    seller = seller_key(_seller_of(project.brief))
    register = Register(numbering.register)
    found = register.find(number)
    key = _project_key(brief_path)
    if found is None or found.state != "issued" or found.seller != seller or (
        found.project != key and number not in project.invoices
    ):  # fmt: skip
        raise BriefUnreadable(
            f"no invoice {number[:40]} of this brief in {numbering.register} (an invoice is "
            "found by its number, its seller and the brief's record)",
            file=str(brief_path),
        )
    invoice = InvoiceData.from_json(found.data)
    data = render(brief_path, project.brief, invoice, renderer)
    target = output or file_name(brief_path, invoice)
    write_atomic(target, data, like=brief_path)
    return Issued(invoice, target, numbering.register, reprinted=True)


def due_instalments(brief_path: Path, *, by: date, day: date) -> list[str]:
    """The keys of the instalments of the brief at ``brief_path`` owed by ``by`` and not yet
    invoiced, as of ``day``: the one rule :func:`issue_invoice` follows, up to a day."""
    from firmbrief.contracts.record.invoicing import owed

    project = _project(brief_path, day)
    numbering = register_of(brief_path)
    key = _project_key(brief_path)
    entries = [e for e in Register(numbering.register).entries()
               if e.project == key and e.state != "void"]  # fmt: skip
    cancelled = {e.credits for e in entries if e.kind == "credit_note"}
    taken = {e.instalment for e in entries if e.kind == "invoice" and e.number not in cancelled}
    return [i.key for i in owed(project, taken, by)]
