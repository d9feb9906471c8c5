"""Money: the currency's precision, tax, and the instalments a brief's payment terms produce.

Every amount is a :class:`~decimal.Decimal`. Rounding is half-up to the currency's minor unit
(Babel's ISO 4217 data: 2 for EUR, 0 for JPY, 3 for KWD). An iteration's price is split into a
prepayment (``payment.prepayment_percent``, rounded) and a balance (the rest, so the two always
add up to the price); each instalment's tax is computed on its own and rounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Literal

from firmbrief.briefs.cache import remembered
from firmbrief.briefs.schema import Brief

__all__ = [
    "Amounts",
    "PlannedInstalment",
    "is_currency",
    "minor_digits",
    "planned_instalments",
    "round_money",
    "split_price",
    "tax_rate",
]

Kind = Literal["prepayment", "balance"]


@cache
def _currencies() -> dict[str, int]:
    """Every ISO 4217 currency Babel knows, with its minor-unit digits (remembered on disk)."""

    def compute() -> dict[str, int]:
        from babel.numbers import get_currency_precision, list_currencies

        return {code: int(get_currency_precision(code)) for code in sorted(list_currencies())}

    answer = remembered("currencies", "babel", compute)
    return {str(k): int(v) for k, v in answer.items()} if isinstance(answer, dict) else compute()


def minor_digits(currency: str) -> int:
    """Digits after the decimal point in ``currency`` (2 for EUR, 0 for JPY)."""
    return _currencies().get(currency.upper(), 2)


def is_currency(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 currency Babel knows."""
    return code.upper() in _currencies()


def round_money(amount: Decimal, digits: int) -> Decimal:
    """``amount`` rounded half-up to ``digits`` decimal places."""
    return amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Amounts:
    """Net, tax and gross of one amount; ``net + tax == gross`` always."""

    net: Decimal
    tax: Decimal
    gross: Decimal


def split_price(price: Decimal, *, gross_prices: bool, rate: Decimal, digits: int) -> Amounts:
    """``price`` (net, or gross when ``gross_prices``) as net, tax and gross at ``rate`` percent."""
    price = round_money(price, digits)
    if gross_prices:
        net = round_money(price * 100 / (100 + rate), digits)
        return Amounts(net=net, tax=price - net, gross=price)
    tax = round_money(price * rate / 100, digits)
    return Amounts(net=price, tax=tax, gross=price + tax)


@dataclass(frozen=True, slots=True)
class PlannedInstalment:
    """One payment the brief calls for: which iteration, before or after, and how much."""

    iteration: int  # 1-based
    kind: Kind
    amounts: Amounts
    due_text: str | None = None  # an explicit due date as written in the brief


def tax_rate(brief: Brief) -> Decimal:
    """The tax rate in percent that applies to the brief's prices (0 when exempt or unsaid)."""
    if brief.tax is None or brief.tax.exemption != "none" or brief.tax.rate is None:
        return Decimal(0)
    return brief.tax.rate


def planned_instalments(brief: Brief) -> list[PlannedInstalment]:
    """The instalments: spelled out in ``payment.instalments``, or derived from the terms."""
    digits = minor_digits(brief.currency) if brief.currency and is_currency(brief.currency) else 2
    gross_prices = brief.tax is not None and brief.tax.prices == "gross"
    rate = tax_rate(brief)
    if brief.payment.instalments is not None:
        return [
            PlannedInstalment(
                iteration=item.iteration or 0,
                kind=item.kind or "prepayment",
                amounts=Amounts(
                    net=item.net or Decimal(0),
                    tax=item.tax or Decimal(0),
                    gross=item.gross or Decimal(0),
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
        price = round_money(iteration.price, digits)
        before = round_money(price * share / 100, digits)
        for kind, part in (("prepayment", before), ("balance", price - before)):
            if part or kind == "prepayment":
                amounts = split_price(part, gross_prices=gross_prices, rate=rate, digits=digits)
                planned.append(PlannedInstalment(number, kind, amounts))  # type: ignore[arg-type]
    return planned
