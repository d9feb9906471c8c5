"""What an invoice's page says by the seller's law and the client's kind, formatted: the lines
(a final invoice's whole price and the prepayments it deducts), the column and total labels
(Subtotal and Total in the US, prices with tax for a consumer), the date of supply or service
period, the UK tax point and unit price, and the French mentions (late-payment penalties, the
recovery indemnity) each with its source, as the law table and the terms state them.

Plain values in (an :class:`~firmbrief.contracts.invoices.data.InvoiceData`), plain values
out; :mod:`~firmbrief.contracts.invoices.document` puts them on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, Final

from firmbrief.briefs.money import Amounts, InstalmentKind, minor_digits
from firmbrief.contracts.catalogues import N_
from firmbrief.contracts.invoices.data import DEPOSIT_COUNTRIES, InvoiceData
from firmbrief.contracts.views import Formats

__all__ = ["REFERENCE_NAMES", "heading_of", "law_lines", "lines_view", "period_view"]

Gettext = Callable[[str], str]

REFERENCE_NAMES: Final = {
    "de_base": N_("the base rate of the Deutsche Bundesbank"),
    "at_base": N_("the base rate of the Oesterreichische Nationalbank"),
    "ecb": N_("the rate of the European Central Bank's most recent main refinancing operation"),
    "boe_base": N_("the Bank of England's base rate"),
    "nbp_reference": N_("the reference rate of Narodowy Bank Polski"),
    "riksbank_reference": N_("the reference rate set by Sveriges Riksbank"),
}
"""The reference rates of :data:`firmbrief.briefs.law.REFERENCES`, as an invoice names them."""

REGISTRATION_LABELS: Final = {
    "Company number": N_("Company number"),
    "Commercial register": N_("Commercial register"),
    "Registration": N_("Registration no."),
}
"""How a registration number is introduced (a SIRET or SIREN by its own name)."""


def deposit(invoice: InvoiceData) -> bool:
    """Whether the invoice speaks American: a deposit, Subtotal and Total."""
    return invoice.seller.country.upper() in DEPOSIT_COUNTRIES


def heading_of(invoice: InvoiceData, _: Gettext) -> str:
    """"Credit note", "Prepayment invoice" (a deposit invoice in the US), "Final invoice" (a
    balance that deducts prepayments), else "Invoice"."""
    if invoice.credit_note:
        return _("Credit note")
    if invoice.instalment_kind == InstalmentKind.prepayment:
        return _("Deposit invoice") if deposit(invoice) else _("Prepayment invoice")
    if invoice.prepayments:
        return _("Final invoice")
    return _("Invoice")


def period_view(invoice: InvoiceData, fmt: Formats, _: Gettext) -> tuple[str, str]:
    """The date of supply or service period as the page states it: (label, dates), or empty."""
    start, end = invoice.period_start, invoice.period_end
    if start is None or end is None:
        return "", ""
    shown = fmt.day(start) if start == end else f"{fmt.day(start)} – {fmt.day(end)}"
    if invoice.advance:
        return _("For work to be performed"), shown
    return (_("Date of supply") if start == end else _("Service period")), shown


def _row(words: str, amounts: Amounts, fmt: Formats, notes: list[str]) -> dict[str, Any]:
    return {"words": words, "notes": notes, "net": fmt.money(amounts.net),
            "tax": fmt.money(amounts.tax), "gross": fmt.money(amounts.gross)}  # fmt: skip


def lines_view(
    invoice: InvoiceData, fmt: Formats, _: Gettext, notes: list[str]
) -> list[dict[str, Any]]:
    """The invoice's lines: what it bills (with ``notes`` under it), or, for a final invoice,
    the iteration's whole price and each prepayment deducted with its tax."""
    if invoice.whole is None or not invoice.prepayments:
        return [_row(invoice.description, invoice.amounts, fmt, notes)]
    words = _("Price of iteration {iteration}").format(iteration=invoice.iteration)
    found = [_row(words, invoice.whole, fmt, notes)]
    for paid in invoice.prepayments:
        if paid.number:
            less = (_("Less deposit invoice {number} of {date}") if deposit(invoice)
                    else _("Less prepayment invoice {number} of {date}"))  # fmt: skip
        else:
            less = _("Less prepayment received on {date}")
        found.append(_row(less.format(number=paid.number, date=fmt.day(paid.issued)),
                          -paid.amounts, fmt, []))  # fmt: skip
    return found


def unit_price(invoice: InvoiceData, fmt: Formats, _: Gettext) -> str:
    """Under UK VAT law, the quantity and unit price (before VAT) of what is billed."""
    if "unit_price" not in invoice.mentions or invoice.credit_note:
        return ""
    price = (invoice.whole or invoice.amounts).net
    return _("Quantity 1 at a unit price of {price} before VAT").format(price=fmt.money(price))


def law_lines(invoice: InvoiceData, fmt: Formats, _: Gettext) -> list[str]:
    """What the seller's law has the invoice state about late payment, with each source."""
    said: list[str] = []
    if invoice.credit_note:
        return said
    if invoice.late_rate:
        rate = fmt.percent(Decimal(invoice.late_rate))
        said.append(_("Late-payment penalties: {rate} a year ({source}).").format(
            rate=rate, source=invoice.late_source))  # fmt: skip
    elif invoice.late_points and invoice.late_reference in REFERENCE_NAMES:
        said.append(
            _("Late-payment penalties: {reference} plus {points} percentage points "
              "({source}).").format(reference=_(REFERENCE_NAMES[invoice.late_reference]),
                                    points=fmt.number(Decimal(invoice.late_points)),
                                    source=invoice.late_source)  # fmt: skip
        )
    if invoice.recovery_fee and invoice.recovery_currency:
        currency = invoice.recovery_currency
        fee = Formats(fmt.locale, currency, minor_digits(currency)).money(
            Decimal(invoice.recovery_fee)
        )
        said.append(
            _("Fixed indemnity for recovery costs, owed by a business client on late "
              "payment: {amount} ({source}).").format(amount=fee,
                                                      source=invoice.recovery_source)  # fmt: skip
        )
    return said


def registration_line(invoice: InvoiceData, _: Gettext) -> str:
    """The seller's registration number with its name: "SIRET 732 829 320 00074"."""
    seller = invoice.seller
    if not seller.registration:
        return ""
    label = seller.registration_label
    named = _(REGISTRATION_LABELS[label]) if label in REGISTRATION_LABELS else label
    return f"{named} {seller.registration}"


def day_or_empty(fmt: Formats, day: date | None) -> str:
    return fmt.day(day) if day else ""
