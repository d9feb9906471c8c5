"""The settlement of a cancelled project as an invoice, or as a credit note when it leaves money
to refund: its lines as the cancellation notice words them
(:func:`~firmbrief.contracts.record.settlement.line_text`), its total the settlement's balance.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from firmbrief.briefs.dates import format_long
from firmbrief.briefs.money import Amounts, part_of
from firmbrief.contracts.invoices.data import InvoiceData, invoice_data
from firmbrief.errors import NotReady

if TYPE_CHECKING:
    from firmbrief.contracts.invoices.register import Entry
    from firmbrief.contracts.record.state import Project

__all__ = ["settlement_amounts", "settlement_invoice"]


def settlement_amounts(project: Project) -> Amounts:
    """What the settlement leaves owed (net, tax, gross; negative: to refund)."""
    settlement = project.settlement
    assert settlement is not None
    digits = project.plan.digits
    balance = settlement.balance
    if balance >= 0:
        owed = Amounts.total(line.owed for line in settlement.lines)
        return owed - part_of(owed, owed.gross - balance, digits)
    billed = Amounts.total(i.amounts for i in project.instalments)
    return -part_of(billed, -balance, digits)


def settlement_invoice(
    project: Project, brief_path: Path, *, number: str, day: date, done: list[Entry]
) -> InvoiceData:
    """The invoice (or credit note) ``number`` for the settlement of ``project``, dated ``day``;
    refused when there is nothing to settle, when it is invoiced already (``done``), or while
    an invoice of the project still stands unpaid (the settlement replaces it)."""
    from firmbrief.briefs.canonical import canonical_json, fingerprint
    from firmbrief.briefs.language import document_locale
    from firmbrief.contracts.catalogues import language_of, translations
    from firmbrief.contracts.clauses import clause
    from firmbrief.contracts.record.invoicing import replaced_invoices
    from firmbrief.contracts.record.settlement import line_text
    from firmbrief.contracts.views import Formats

    where = str(brief_path)
    cancelled, settlement = project.cancelled, project.settlement
    if cancelled is None or settlement is None:
        raise NotReady("the project is not cancelled: there is no settlement to invoice",
                       file=where)  # fmt: skip
    if day < cancelled.date:
        raise NotReady(f"the settlement cannot be invoiced before the cancellation on "
                       f"{format_long(cancelled.date)}", file=where, field="--date")  # fmt: skip
    if done:
        raise NotReady(f"the settlement was invoiced as {done[0].number} on "
                       f"{format_long(done[0].issued)}: print it again with --reprint "
                       f"{done[0].number}", file=where)  # fmt: skip
    if replaced := replaced_invoices(project):
        state = replaced[0]
        raise NotReady(
            f"invoice {state.number} ({state.instalment}) still asks for payment: the "
            f"settlement replaces it; cancel it first (--credit {state.number})",
            file=where,
        )
    amounts = settlement_amounts(project)
    if not amounts.gross:
        raise NotReady("the settlement leaves nothing owed either way: nothing to invoice",
                       file=where)  # fmt: skip
    brief = project.brief
    locale = document_locale(brief)  # the client's language, as the cancellation notice's
    _ = translations(language_of(locale)).gettext
    fmt = Formats(locale, project.plan.pricing.currency, project.plan.digits)
    refund = amounts.gross < 0
    words = (_("Refund after the cancellation on {day}") if refund
             else _("Settlement after the cancellation on {day}"))  # fmt: skip
    invoice = invoice_data(
        brief,
        number=number,
        issued=day,
        instalment="settlement",
        kind="settlement",
        label=words.format(day=fmt.day(cancelled.date)),
        iteration=None,
        amounts=amounts,
        clause=str(clause(brief, "cancellation")),
        fingerprint=fingerprint(brief),
        brief_json=canonical_json(brief).decode("utf-8"),
        locale=locale,
        lines=tuple(
            (
                _capital(line_text(settlement, line, fmt.money, fmt.percent, _)),
                project.pricing.text(line.owed.gross),
                project.pricing.text(line.received),
            )
            for line in settlement.lines
        ),
    )
    begun = [it.started for it in project.iterations if it.started and it.started <= day]
    start = min(min(begun, default=cancelled.date), cancelled.date)  # the work until it ended
    invoice = replace(invoice, period_start=start, period_end=cancelled.date)
    return replace(invoice, kind="credit_note", due=None) if refund else invoice


def _capital(words: str) -> str:
    """A line as the notice prints it: its first letter a capital."""
    return words[:1].upper() + words[1:]
