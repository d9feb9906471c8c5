"""What the interview offers with a question, from what the brief already says: an example that
fits the country, a computed default (the total is the sum of the prices; the client's country,
at first, the freelancer's), and whether the question applies at all (no tax note without an
exemption, no region where the country's public holidays are the same everywhere)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from firmbrief.briefs.fields import Loc
from firmbrief.intake.examples import local_example
from firmbrief.intake.questions import Question

__all__ = ["Offer", "offer"]


@dataclass(frozen=True, slots=True)
class Offer:
    """An example to show instead of the schema's (``None``: the schema's; ``""``: none), a
    default Enter takes, help to show instead of the question's, and whether to ask at all."""

    example: str | None = None
    default: str | None = None
    help: str | None = None
    applies: bool = True


def _country(data: dict[str, Any], side: str) -> str | None:
    from firmbrief.briefs.countries import country_problem

    party = data.get(side)
    code = party.get("country") if isinstance(party, dict) else None
    if not isinstance(code, str) or len(code.strip()) != 2 or country_problem(code):
        return None
    return code.strip().upper()


def offer(question: Question, loc: Loc, data: dict[str, Any]) -> Offer:
    """What to offer with ``question`` at ``loc`` of the brief ``data``."""
    freelancer = _country(data, "freelancer")
    if loc == ("freelancer", "region"):
        return _region(freelancer)
    if loc == ("tax", "note"):
        tax = data.get("tax")
        exemption = tax.get("exemption") if isinstance(tax, dict) else None
        return Offer(applies=exemption not in (None, "none"))
    if loc == ("total",):
        return Offer(default=_sum_of_prices(data))
    if loc == ("client", "country") and freelancer:
        return Offer(example=freelancer)
    if loc == ("currency",) and freelancer:
        currency = _currency(freelancer)
        return Offer(example=currency, default=currency)
    client = _country(data, "client") or freelancer
    country = client if loc[:1] == ("client",) else freelancer
    return Offer(example=local_example(loc, country))


def _region(country: str | None) -> Offer:
    if country is None:
        return Offer()
    from firmbrief.briefs.countries import country_name, region_codes, regions_said

    codes = list(region_codes(country))
    if not codes:
        return Offer(applies=False)  # the same public holidays everywhere: nothing to ask
    return Offer(
        example=codes[0],
        help=f"Public holidays in {country_name(country)} differ by region. One of: "
        f"{regions_said(country)}.",
    )


def _currency(country: str) -> str | None:
    from babel.numbers import get_territory_currencies

    try:
        found = get_territory_currencies(country)
    except Exception:  # babel knows no such territory
        return None
    return str(found[0]) if found else None


def _sum_of_prices(data: dict[str, Any]) -> str | None:
    """The sum of the stages' prices, when every stage has one that reads as an amount."""
    from firmbrief.briefs.money import parse_amount
    from firmbrief.errors import FirmbriefError

    stages = data.get("iterations")
    if not isinstance(stages, list) or not stages:
        return None
    total = Decimal(0)
    for stage in stages:
        price = stage.get("price") if isinstance(stage, dict) else None
        if isinstance(price, bool) or price is None:
            return None
        try:
            total += parse_amount(str(price))
        except (FirmbriefError, ArithmeticError, ValueError):
            return None
    return format(total, "f")
