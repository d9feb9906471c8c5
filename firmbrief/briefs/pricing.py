"""A brief's prices as money: its :class:`~firmbrief.briefs.money.Pricing` (currency digits, tax
rate, net or gross prices) and the instalments its payment terms call for. The rules of rounding,
splitting and settling are the money module's (:mod:`firmbrief.briefs.money`); this module only
reads them off a brief.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from firmbrief.briefs.money import (
    DEFAULT_DIGITS,
    ZERO,
    Amounts,
    InstalmentKind,
    Pricing,
    is_currency,
    minor_digits,
)
from firmbrief.briefs.schema import Brief

__all__ = ["PlannedInstalment", "planned_instalments", "pricing_of", "tax_rate"]


def tax_rate(brief: Brief) -> Decimal:
    """The tax rate in percent that applies to the brief's prices (0 when exempt or unsaid)."""
    if brief.tax is None or brief.tax.exemption != "none" or brief.tax.rate is None:
        return ZERO
    return brief.tax.rate


def pricing_of(brief: Brief) -> Pricing:
    """The brief's :class:`Pricing` (2 digits while its currency is not said or not known)."""
    currency = (brief.currency or "").upper()
    digits = minor_digits(currency) if currency and is_currency(currency) else DEFAULT_DIGITS
    gross = brief.tax is not None and brief.tax.prices == "gross"
    return Pricing(currency, digits, tax_rate(brief), gross)


@dataclass(frozen=True, slots=True)
class PlannedInstalment:
    """One payment the brief calls for: which iteration, before or after, and how much."""

    iteration: int  # 1-based
    kind: InstalmentKind  # prepayment or balance
    amounts: Amounts
    due_text: str | None = None  # an explicit due date as written in the brief


def planned_instalments(brief: Brief) -> list[PlannedInstalment]:
    """The instalments: spelled out in ``payment.instalments``, or derived from the terms."""
    pricing = pricing_of(brief)
    if brief.payment.instalments is not None:
        return [
            PlannedInstalment(
                iteration=item.iteration or 0,
                kind=InstalmentKind(item.kind or "prepayment"),
                amounts=Amounts(
                    net=item.net or ZERO, tax=item.tax or ZERO, gross=item.gross or ZERO
                ),
                due_text=item.due,
            )
            for item in brief.payment.instalments
        ]
    planned: list[PlannedInstalment] = []
    share = brief.payment.prepayment_percent
    for number, iteration in enumerate(brief.iterations, start=1):
        if iteration.price is None:
            continue
        whole = pricing.split(iteration.price)
        before = pricing.split(pricing.share(whole.basis(pricing.gross_prices), share))
        planned.append(PlannedInstalment(number, InstalmentKind.prepayment, before))
        rest = whole - before
        if rest.basis(pricing.gross_prices):
            planned.append(PlannedInstalment(number, InstalmentKind.balance, rest))
    return planned
