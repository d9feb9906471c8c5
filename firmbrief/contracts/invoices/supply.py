"""What an invoice says of the supply it bills, from the project as the record has it.

:func:`with_supply` adds to an invoice its date of supply or service period (§ 14(4) Nr. 6
UStG; EN 16931 BG-14): an iteration's start to its acceptance, or, for a prepayment invoiced
before the work is done, the period the work is planned for ("for work to be performed in",
§ 14(5) UStG); the test task's day; the work until a cancellation. A final invoice (an
iteration's balance) carries the iteration's whole price and each prepayment it deducts, with
its invoice's number, date and amounts: what is owed stays the balance the record says. Under
UK VAT law the invoice carries its tax point (VAT Regulations 1995 reg. 14(1)(f)).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from firmbrief.briefs.money import Amounts, InstalmentKind
from firmbrief.contracts.invoices.data import InvoiceData, Prepaid

if TYPE_CHECKING:
    from firmbrief.contracts.record.state import Instalment, Project

__all__ = ["period_of", "prepaid_for", "tax_point", "with_supply"]

TAX_POINT_DAYS = 14
"""An invoice issued within 14 days after the supply sets its tax point (VAT Act 1994 s. 6(5))."""


def with_supply(invoice: InvoiceData, project: Project, instalment: Instalment) -> InvoiceData:
    """``invoice`` with its supply period, its prepayments deducted (a final invoice) and its
    tax point (a UK seller charging VAT)."""
    start, end, advance = period_of(project, instalment, invoice.issued)
    prepaid: tuple[Prepaid, ...] = ()
    whole = None
    if instalment.kind == InstalmentKind.balance:
        prepaid = prepaid_for(project, instalment)
        if prepaid:
            whole = Amounts.total([instalment.amounts, *(p.amounts for p in prepaid)])
    found = replace(invoice, period_start=start, period_end=end, advance=advance,
                    whole=whole, prepayments=prepaid)  # fmt: skip
    return replace(found, tax_point=tax_point(found))


def period_of(project: Project, instalment: Instalment, day: date) -> tuple[date, date, bool]:
    """The service period of what ``instalment`` bills, as of the invoice's ``day``, and
    whether the work is still to be done then (an advance)."""
    from firmbrief.briefs.plan import firm_dates

    if instalment.kind == InstalmentKind.test_task:
        done = firm_dates(project.brief).get(("test_task", "due")) or day
        return done, done, done > day
    it = project.iteration(instalment.iteration) if instalment.iteration else None
    if it is None:
        return day, day, False
    begun = [d for d in (it.started, it.start or it.planned_start) if d is not None]
    start = min(begun, default=day)  # its start, or its first delivery if that came first
    accepted = it.accepted_on
    if accepted is not None and accepted <= day:
        return min(start, accepted), accepted, False
    end = it.delivery or it.planned_delivery or start
    return start, max(start, end), True


def prepaid_for(project: Project, balance: Instalment) -> tuple[Prepaid, ...]:
    """The prepayments of ``balance``'s iteration that its final invoice deducts: each with
    its invoice (number and date), or, paid without one, the day it was paid."""
    found: list[Prepaid] = []
    for owed in project.instalments:
        if owed.kind != InstalmentKind.prepayment or owed.iteration != balance.iteration:
            continue
        if owed.invoice is not None:
            bill = owed.invoice
            found.append(Prepaid(bill.number, bill.issued, bill.amounts))
        elif owed.paid_on is not None:
            found.append(Prepaid("", owed.paid_on, owed.amounts))
    return tuple(found)


def tax_point(invoice: InvoiceData) -> date | None:
    """A UK seller's VAT invoice: its tax point (time of supply). The invoice's date when it
    comes before the supply is complete or within 14 days after it; else the day the supply
    was complete. ``None`` for any other invoice."""
    if invoice.seller.country.upper() != "GB" or invoice.exemption != "none":
        return None
    end = invoice.period_end
    if invoice.advance or end is None or invoice.issued <= end + timedelta(TAX_POINT_DAYS):
        return invoice.issued
    return end
