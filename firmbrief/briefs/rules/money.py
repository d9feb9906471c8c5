"""Money: a currency, amounts that fit it and add up, a prepayment, how tax applies, and a
spelled-out payment schedule that adds up."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from firmbrief.briefs.fields import Loc
from firmbrief.briefs.money import (
    imprecise,
    is_currency,
    split_price,
)
from firmbrief.briefs.pricing import planned_instalments
from firmbrief.briefs.report import Finding
from firmbrief.briefs.rules import Context, error, warning
from firmbrief.briefs.schema import Brief

__all__ = ["check_instalments", "check_money"]


def check_money(ctx: Context) -> Iterator[Finding]:
    brief = ctx.brief
    currency = brief.currency
    if not currency:
        yield error("no-currency", ("currency",), "no currency: e.g. currency: EUR")
    elif not is_currency(currency):
        yield error("unknown-currency", ("currency",), f'"{currency}" is not an ISO 4217 currency')
    pricing = ctx.pricing
    for loc, amount in _amounts(brief):
        if problem := imprecise(amount, pricing.digits, currency):
            yield error("precision", loc, problem)
    prices = [it.price for it in brief.iterations]
    if brief.total is None:
        yield error("no-total", ("total",), "no total: write the sum of the iterations' prices")
    elif all(p is not None for p in prices) and prices:
        added = sum((p for p in prices if p is not None), Decimal(0))
        if added != brief.total:
            yield error(
                "total-mismatch",
                ("total",),
                f"the iterations' prices add up to {pricing.plain(added)}, "
                f"not {pricing.plain(brief.total)}: correct the total or a price",
            )
    if brief.payment.prepayment_percent == 0:
        yield error(
            "no-prepayment",
            ("payment", "prepayment_percent"),
            "0% before work starts: ask for a prepayment (50% is usual)",
        )
    if brief.payment.extra_round_price is None:
        yield warning(
            "no-extra-round-price",
            ("payment", "extra_round_price"),
            "no price for an extra revision round: rounds beyond those included would be free",
        )
    yield from _tax(ctx)


def _amounts(brief: Brief) -> Iterator[tuple[Loc, Decimal]]:
    for index, it in enumerate(brief.iterations):
        if it.price is not None:
            yield ("iterations", index, "price"), it.price
    for name in ("total",):
        if brief.total is not None:
            yield (name,), brief.total
    if brief.payment.extra_round_price is not None:
        yield ("payment", "extra_round_price"), brief.payment.extra_round_price
    if brief.test_task and brief.test_task.price is not None:
        yield ("test_task", "price"), brief.test_task.price
    for index, item in enumerate(brief.payment.instalments or []):
        for part in ("net", "tax", "gross"):
            if (value := getattr(item, part)) is not None:
                yield ("payment", "instalments", index, part), value


def _tax(ctx: Context) -> Iterator[Finding]:
    tax = ctx.brief.tax
    if tax is None:
        yield error(
            "no-tax",
            ("tax",),
            "say how tax applies: tax.prices (net or gross) and tax.rate, or tax.exemption",
        )
        return
    if tax.exemption == "none":
        if tax.rate is None:
            yield error(
                "no-tax-rate",
                ("tax", "rate"),
                "no tax rate: write it (e.g. 19), or name the exemption (tax.exemption)",
            )
    elif tax.rate:
        yield error(
            "exempt-with-rate",
            ("tax", "rate"),
            f"tax.exemption is {tax.exemption}, so the rate must be 0",
        )
    elif not tax.note:
        yield warning(
            "no-tax-note",
            ("tax", "note"),
            f"write the note your documents must carry for the {tax.exemption} exemption",
        )


def check_instalments(ctx: Context) -> Iterator[Finding]:
    """A spelled-out payment schedule must add up: per instalment, per iteration, in total."""
    brief = ctx.brief
    if brief.payment.instalments is None:
        return
    pricing = ctx.pricing
    rate, gross_prices = pricing.rate, pricing.gross_prices
    step = Decimal(1).scaleb(-pricing.digits)  # one minor unit: a balance's tax may differ by it
    per_iteration: dict[int, Decimal] = {}
    prepaid: set[int] = set()
    for index, (item, planned) in enumerate(
        zip(brief.payment.instalments, planned_instalments(brief), strict=True)
    ):
        loc: Loc = ("payment", "instalments", index)
        if item.iteration is None or item.iteration > len(brief.iterations):
            yield error(
                "unknown-iteration",
                (*loc, "iteration"),
                f"say which iteration (1 to {len(brief.iterations)}) this instalment pays for",
            )
        if item.kind is None:
            yield error("no-kind", (*loc, "kind"), "say whether it is a prepayment or a balance")
        if None in (item.net, item.tax, item.gross):
            yield error("no-amounts", loc, "give the instalment's net, tax and gross amounts")
            continue
        amounts = planned.amounts
        if amounts.net + amounts.tax != amounts.gross:
            yield error(
                "instalment-sum",
                (*loc, "gross"),
                f"net {amounts.net} + tax {amounts.tax} is {amounts.net + amounts.tax}, "
                f"not {amounts.gross}",
            )
        expected_tax = split_price(
            amounts.net, gross_prices=False, rate=rate, digits=pricing.digits
        ).tax
        if abs(amounts.tax - expected_tax) > step:
            yield error(
                "instalment-tax",
                (*loc, "tax"),
                f"tax {amounts.tax} is not {rate:g}% of {amounts.net} ({expected_tax})",
            )
        if item.iteration:
            basis = amounts.gross if gross_prices else amounts.net
            per_iteration[item.iteration] = per_iteration.get(item.iteration, Decimal(0)) + basis
            if item.kind == "prepayment" and basis > 0:
                prepaid.add(item.iteration)
    for number, it in enumerate(brief.iterations, start=1):
        loc = ("payment", "instalments")
        paid = per_iteration.get(number, Decimal(0))
        if it.price is not None and paid != it.price:
            yield error(
                "payments-mismatch",
                loc,
                f"the instalments for iteration {number} add up to {paid}, not its price "
                f"{it.price}",
            )
        if number not in prepaid:
            yield error(
                "no-prepayment", loc, f"iteration {number} has no prepayment before it starts"
            )
