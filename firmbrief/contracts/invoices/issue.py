"""Issuing invoices and credit notes: a number from the register, the PDF written, the invoice
registered, all in one transaction.

:func:`issue_invoice` reads the brief (with the business profile), works out the project's
instalments as of the invoice date (:func:`~firmbrief.contracts.record.replay.project_at`,
read-only), picks the instalment (by default the first not yet invoiced and not yet paid),
refuses one already invoiced (naming its invoice), takes the next number under the register's
lock, renders the PDF, writes it, and commits. If anything fails before the commit, the
register is as it was and no number is used: numbers have no gaps. :func:`credit_note`
cancels an invoice with a credit note of its own number; :func:`reprint` prints an issued
invoice again from what the register kept, the same bytes but for the metadata dates.

An invoice rests on the signed terms: the brief must be signed in its record, and the invoice
is tied to the record. Issuing one appends an ``invoiced`` line to the brief's record (number,
instalment, amounts, dates), a credit note a ``credited`` line
(:mod:`firmbrief.contracts.record.invoicing`), under the record's lock and inside the register's
transaction: if the register fails to commit, the record and the PDF are put back as they were.

Every function returns an :class:`Issued`, whose ``invoice.summary()`` is the plain data the
project record took (number, instalment, amounts, dates).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from firmbrief.atomic import write_atomic
from firmbrief.briefs.dates import format_long
from firmbrief.briefs.money import is_currency
from firmbrief.briefs.profile import DEFAULT_NUMBER_FORMAT, REGISTER_NAME, profile_for
from firmbrief.briefs.schema import Brief
from firmbrief.contracts.invoices.data import InvoiceData, credit_note_of, invoice_data
from firmbrief.contracts.invoices.register import DEFAULT_WAIT, Entry, Register, Transaction
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


@dataclass(frozen=True, slots=True)
class Numbering:
    """Where a brief's invoices are registered and how they are numbered."""

    register: Path
    number_format: str

    def series(self, day: date) -> str:
        """The series ``day``'s invoice is numbered in: its year when the format shows it."""
        return str(day.year) if "{year" in self.number_format else ""

    def number(self, day: date, seq: int) -> str:
        return self.number_format.format(year=day.year, seq=seq)


def register_of(brief_path: Path) -> Numbering:
    """The register and number format of the business a brief belongs to: from the
    ``firmbrief.toml`` that applies to it, else a register beside the brief."""
    profile = profile_for(brief_path)
    if profile is None:
        return Numbering(brief_path.resolve().parent / REGISTER_NAME, DEFAULT_NUMBER_FORMAT)
    return Numbering(profile.register_path, profile.number_format)


def _project_key(brief_path: Path) -> str:
    return str(brief_path.resolve())


def _file_name(brief_path: Path, invoice: InvoiceData) -> Path:
    word = "credit-note" if invoice.credit_note else "invoice"
    safe = re.sub(r"[^A-Za-z0-9._-]", "-", invoice.number)
    return brief_path.parent / f"{brief_path.stem}-{word}-{safe}.pdf"


def _project(brief_path: Path, day: date) -> Project:
    from firmbrief.contracts.record.replay import project_at

    project = project_at(brief_path, day)
    _check_invoiceable(project.brief, brief_path)
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


@contextmanager
def _tied(brief_path: Path) -> Iterator[list[Callable[[], None]]]:
    """The brief's record locked while an invoice is issued; the undos the block collects
    (a PDF written, a line appended) run if it fails, the register's commit included."""
    from firmbrief.contracts.record.log import locked

    with locked(brief_path):
        undos: list[Callable[[], None]] = []
        try:
            yield undos
        except BaseException:
            for undo in reversed(undos):
                undo()
            raise


def _check_invoiceable(brief: Brief, path: Path) -> None:
    """Refuse a brief an invoice cannot be made from, at the field that is missing or wrong."""
    from firmbrief.briefs.banking import check_tax_number

    def missing(field: str, message: str) -> NotReady:
        return NotReady(f"{message}: an invoice needs it (here or in firmbrief.toml's "
                        "[business])" if field.startswith("freelancer") else message,
                        file=str(path), field=field)  # fmt: skip

    if not brief.currency:
        raise missing("currency", "no currency")
    if not is_currency(brief.currency):
        raise BriefUnreadable(
            f'"{brief.currency}" is not an ISO 4217 currency', file=str(path), field="currency"
        )
    for side, party in (("freelancer", brief.freelancer), ("client", brief.client)):
        if party.tax_id:
            judged = check_tax_number(party.tax_id, party.country)
            if judged.problem and judged.severity == "error":
                raise BriefUnreadable(judged.problem, file=str(path), field=f"{side}.tax_id")
    seller = brief.freelancer
    if not (seller.company or seller.name):
        raise missing("freelancer.name", "no name for your business")
    if not seller.address:
        raise missing("freelancer.address", "no business address")
    if not seller.country:
        raise missing("freelancer.country", "no country")
    if not (seller.bank and seller.bank.iban) and not seller.payment_link:
        raise missing(
            "freelancer.bank.iban", "no payment route (a bank account, or a payment_link)"
        )
    if not (brief.client.company or brief.client.name):
        raise missing("client.company", "no client to invoice: say client.company or client.name")
    if not brief.client.address:
        raise missing("client.address", "no billing address for the client")
    if brief.tax is None or (brief.tax.exemption == "none" and brief.tax.rate is None):
        raise missing("tax", "say how tax applies (tax.rate, or tax.exemption)")


def _active(entries: list[Entry], register: Transaction) -> dict[str, Entry]:
    """The project's invoices not cancelled by a credit note, by instalment."""
    return {
        entry.instalment: entry
        for entry in entries
        if entry.kind == "invoice" and register.credit_for(entry.number) is None
    }


def _choose(
    project: Project, active: dict[str, Entry], wanted: str | None, path: Path
) -> Instalment:
    if wanted is None:
        for instalment in project.instalments:
            if instalment.key not in active and instalment.outstanding > 0:
                return instalment
        raise NotReady(
            "every instalment is invoiced or paid: nothing to invoice (name one to invoice "
            "it anyway)",
            file=str(path),
        )
    found = project.instalment(wanted)
    if found is None:
        known = ", ".join(i.key for i in project.instalments) or "none"
        raise BriefUnreadable(
            f'no instalment "{wanted[:40]}" in this project; its instalments: {known}',
            file=str(path),
        )
    if (entry := active.get(wanted)) is not None:
        raise AlreadyInvoiced(
            f"{wanted} was invoiced as {entry.number} on {format_long(entry.issued)}: print it "
            f"again with --reprint {entry.number}, or cancel it with --credit {entry.number}",
            file=str(path),
        )
    return found


def _in_order(register: Transaction, series: str, day: date, path: Path) -> None:
    last = register.last_in(series)
    if last is not None and last.issued > day:
        raise DatedTooEarly(
            f"the last number of the series, {last.number}, is dated {format_long(last.issued)}: "
            f"an invoice dated {format_long(day)} would break the order of the numbers; date "
            "it that day or later (--date)",
            file=str(path),
        )


def _write(
    register: Transaction,
    entry: Entry,
    target: Path,
    data: bytes,
    undos: list[Callable[[], None]],
) -> None:
    """Write the PDF, then add its entry; the caller's transaction commits both or neither
    (``undos`` learns how to take a new PDF back)."""
    existed = target.exists()
    write_atomic(target, data)
    if not existed:
        undos.append(lambda: target.unlink(missing_ok=True))
    register.add(entry)


def _entry(invoice: InvoiceData, project: str, series: str, seq: int) -> Entry:
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
    )


def _render(
    brief_path: Path, brief: Brief, invoice: InvoiceData, renderer: Renderer | None
) -> bytes:
    from firmbrief.contracts.branding import branding_for
    from firmbrief.contracts.invoices.document import invoice_pdf
    from firmbrief.pdf import Renderer

    branding, logo = branding_for(brief_path, brief)
    return invoice_pdf(invoice, renderer=renderer or Renderer(), branding=branding, logo=logo)


def issue_invoice(
    brief_path: Path,
    *,
    day: date,
    instalment: str | None = None,
    output: Path | None = None,
    renderer: Renderer | None = None,
    wait: float = DEFAULT_WAIT,
) -> Issued:
    """Issue the invoice for ``instalment`` (default: the first not yet invoiced nor paid) of
    the brief at ``brief_path``, dated ``day``; its PDF goes to ``output`` (default: beside the
    brief, ``<brief>-invoice-<number>.pdf``)."""
    from firmbrief.briefs.canonical import canonical_json, fingerprint
    from firmbrief.briefs.locales import locale_for
    from firmbrief.contracts.clauses import clause
    from firmbrief.contracts.record.invoicing import invoiced_event
    from firmbrief.contracts.record.recording import tie

    numbering = register_of(brief_path)
    key = _project_key(brief_path)
    with _tied(brief_path) as undos:
        project = _project(brief_path, day)  # refused before the register is opened
        brief = project.brief
        with Register(numbering.register, wait=wait).issuing() as register:
            active = _active(register.of_project(key), register)
            chosen = _choose(project, active, instalment, brief_path)
            series = numbering.series(day)
            _in_order(register, series, day, brief_path)
            seq = register.next_seq(series)
            invoice = invoice_data(
                brief,
                number=numbering.number(day, seq),
                issued=day,
                instalment=chosen.key,
                kind=chosen.kind,
                label=chosen.label,
                iteration=chosen.iteration,
                amounts=chosen.amounts,
                clause=str(clause(brief, "payment")),
                fingerprint=fingerprint(brief),
                brief_json=canonical_json(brief).decode("utf-8"),
                locale=locale_for(brief),
                due=chosen.due if chosen.due_firm else None,  # the terms' day for it
            )
            assert invoice.due is not None
            event = invoiced_event(number=invoice.number, instalment=chosen.key,
                                   amounts=chosen.amounts, issued=day, due=invoice.due)  # fmt: skip
            data = _render(brief_path, brief, invoice, renderer)
            target = output or _file_name(brief_path, invoice)
            _write(register, _entry(invoice, key, series, seq), target, data, undos)
            undos.append(tie(brief_path, project, event))
    return Issued(invoice, target, numbering.register)


def credit_note(
    brief_path: Path,
    number: str,
    *,
    day: date,
    output: Path | None = None,
    renderer: Renderer | None = None,
    wait: float = DEFAULT_WAIT,
) -> Issued:
    """Cancel invoice ``number`` of the brief at ``brief_path`` with a credit note dated
    ``day``: its own number, the invoice's lines, every amount negated."""
    from firmbrief.contracts.record.invoicing import credited_event
    from firmbrief.contracts.record.recording import tie
    from firmbrief.contracts.record.replay import project_at

    numbering = register_of(brief_path)
    key = _project_key(brief_path)
    with _tied(brief_path) as undos:
        project = project_at(brief_path, day)
        brief = project.brief
        with Register(numbering.register, wait=wait).issuing() as register:
            original = register.find(number)
            if original is None or original.project != key:
                raise BriefUnreadable(
                    f"no invoice {number[:40]} of this brief in {numbering.register}",
                    file=str(brief_path),
                )
            if original.kind != "invoice":
                raise BriefUnreadable(
                    f"{number} is a credit note: only an invoice is cancelled", file=str(brief_path)
                )
            if (earlier := register.credit_for(number)) is not None:
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
            series = numbering.series(day)
            _in_order(register, series, day, brief_path)
            seq = register.next_seq(series)
            invoice = credit_note_of(
                InvoiceData.from_json(original.data), number=numbering.number(day, seq), issued=day
            )
            data = _render(brief_path, brief, invoice, renderer)
            target = output or _file_name(brief_path, invoice)
            _write(register, _entry(invoice, key, series, seq), target, data, undos)
            if number in project.invoices:  # an invoice issued before invoices were recorded: none
                event = credited_event(number=invoice.number, invoice=number, issued=day)
                undos.append(tie(brief_path, project, event))
    return Issued(invoice, target, numbering.register)


def reprint(
    brief_path: Path,
    number: str,
    *,
    output: Path | None = None,
    renderer: Renderer | None = None,
) -> Issued:
    """Print invoice (or credit note) ``number`` again, from what the register kept."""
    from firmbrief.contracts.record.state import load_brief

    brief = load_brief(brief_path)
    numbering = register_of(brief_path)
    key = _project_key(brief_path)
    found = next((e for e in Register(numbering.register).entries() if e.number == number), None)
    if found is None or found.project != key:
        raise BriefUnreadable(
            f"no invoice {number[:40]} of this brief in {numbering.register}", file=str(brief_path)
        )
    invoice = InvoiceData.from_json(found.data)
    data = _render(brief_path, brief, invoice, renderer)
    target = output or _file_name(brief_path, invoice)
    write_atomic(target, data)
    return Issued(invoice, target, numbering.register, reprinted=True)


def due_instalments(brief_path: Path, *, by: date, day: date) -> list[str]:
    """The keys of the instalments of the brief at ``brief_path`` due by ``by`` (firmly: a
    balance once its iteration is accepted), not yet invoiced and not yet paid, as of ``day``."""
    project = _project(brief_path, day)
    numbering = register_of(brief_path)
    key = _project_key(brief_path)
    entries = [e for e in Register(numbering.register).entries() if e.project == key]
    cancelled = {e.credits for e in entries if e.kind == "credit_note"}
    invoiced = {e.instalment for e in entries if e.kind == "invoice" and e.number not in cancelled}
    return [
        i.key
        for i in project.instalments
        if i.due_firm and i.due is not None and i.due <= by
        and i.key not in invoiced and i.outstanding > 0
    ]  # fmt: skip
