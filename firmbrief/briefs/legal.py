"""What the law of a brief's country says where the brief is silent: the governing law and the
courts, the interest on late payment and its fixed recovery fee, whether copyright itself can
be transferred, the paper size and the spelling of the documents.

Every function takes a brief and returns plain values (codes and numbers, never sentences): the
templates word them, so every sentence stays in the template layer.

Late-payment interest for business clients, by the law that governs the agreement:

* the EU (Directive 2011/7/EU): at least 8 percentage points above the reference rate, and a
  fixed 40 EUR for the costs of recovery per late invoice. Germany sets 9 points above the
  base rate (§ 288(2) and (5) BGB), Austria 9.2 points above the base rate (§ 456 UGB),
  France 10 points above the European Central Bank's rate (art. L441-10 Code de commerce);
  elsewhere in the EU the Directive's 8 points above the ECB's rate are stated;
* the UK, the Late Payment of Commercial Debts (Interest) Act 1998: 8 points above the Bank of
  England's base rate, and a fixed sum of 40, 70 or 100 GBP by the size of the debt;
* elsewhere (the US among them): the brief's own rate, or none beyond what the law provides.

For a consumer client only Germany's rate is stated (5 points above the base rate, § 288(1)
BGB), without a recovery fee.

The brief's own ``payment.interest_rate`` and ``payment.recovery_fee`` always win.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal

from firmbrief.briefs.schema import Brief

__all__ = [
    "EU",
    "LETTER_COUNTRIES",
    "NO_COPYRIGHT_TRANSFER",
    "Interest",
    "Law",
    "governing_law",
    "interest_for",
    "is_business",
    "paper_for",
    "rights_transferable",
    "spelling_for",
    "uk_fixed_sum",
]

EU: Final = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
"""The member states of the European Union."""

NO_COPYRIGHT_TRANSFER: Final = frozenset({"DE", "AT"})
"""Countries whose law lets no one transfer copyright itself while the author lives: exclusive
rights of use are granted instead (§ 29 UrhG in Germany, § 23 UrhG in Austria)."""

LETTER_COUNTRIES: Final = frozenset({"US", "CA"})
"""Countries whose paper is Letter; everywhere else A4."""

US_SPELLING: Final = frozenset({"US"})
"""Countries that read American spelling; everywhere else British."""

EU_RECOVERY_FEE: Final = Decimal(40)
"""Directive 2011/7/EU, art. 6: a fixed 40 EUR per late invoice."""

UK_FIXED_SUMS: Final = ((Decimal(1000), Decimal(40)), (Decimal(10000), Decimal(70)))
UK_LARGEST_SUM: Final = Decimal(100)
"""The Late Payment Act's fixed sums: 40 GBP under 1,000, 70 GBP under 10,000, else 100."""

Reference = Literal["de_base", "at_base", "ecb", "boe_base"]

_STATUTE: Final[dict[str, tuple[Reference, Decimal]]] = {
    "DE": ("de_base", Decimal(9)),
    "AT": ("at_base", Decimal("9.2")),
    "FR": ("ecb", Decimal(10)),
    "GB": ("boe_base", Decimal(8)),
}


@dataclass(frozen=True, slots=True)
class Law:
    """The law that governs the agreement: a country and perhaps a state or province."""

    country: str | None  # "US"; None when neither the brief nor the freelancer says
    region: str | None  # "NY" for US-NY
    code: str | None  # "US-NY"
    from_brief: bool  # said in the brief, not derived from the freelancer's country


@dataclass(frozen=True, slots=True)
class Interest:
    """Interest on late payment, as the brief or the governing law sets it.

    ``kind`` is "agreed" (the brief's fixed yearly ``rate``), "statute" (``points`` above the
    ``reference`` rate, under the law of ``country``) or "none". ``fee`` is the fixed recovery
    fee per late invoice (in ``fee_currency``), ``fee_scaled`` when the UK's sums by size apply.
    """

    kind: Literal["agreed", "statute", "none"]
    rate: Decimal | None = None
    points: Decimal | None = None
    reference: Reference | None = None
    country: str | None = None
    fee: Decimal | None = None
    fee_currency: str | None = None
    fee_scaled: bool = False


def governing_law(brief: Brief) -> Law:
    """The brief's ``terms.legal.law``, else the freelancer's country (else the client's)."""
    said = brief.terms.legal.law
    if said:
        country, _, region = said.partition("-")
        return Law(country, region or None, said, from_brief=True)
    found = brief.freelancer.country or brief.client.country
    return Law(found, None, found, from_brief=False)


def rights_transferable(brief: Brief) -> bool:
    """Whether the governing law lets copyright itself pass to the client."""
    return governing_law(brief).country not in NO_COPYRIGHT_TRANSFER


def is_business(brief: Brief) -> bool:
    """Whether the client is a business (a company name or a tax number is given)."""
    return bool(brief.client.company or brief.client.tax_id)


def interest_for(brief: Brief) -> Interest:
    """The interest and recovery fee on late payment (see the module's docstring)."""
    payment = brief.payment
    country = governing_law(brief).country
    fee = payment.recovery_fee
    currency = brief.currency
    statute: tuple[Reference, Decimal] | None = _STATUTE.get(country or "")
    if statute is None and country in EU:
        statute = ("ecb", Decimal(8))
    if not is_business(brief):
        # The business rates and fees do not apply to a consumer; Germany sets its own rate.
        statute = ("de_base", Decimal(5)) if country == "DE" else None
    scaled = False
    if fee is None and statute is not None and is_business(brief):
        if country == "GB":
            scaled = True
            currency = "GBP"
        else:
            fee, currency = EU_RECOVERY_FEE, "EUR"
    if payment.interest_rate is not None:
        return Interest("agreed", rate=payment.interest_rate, fee=fee,
                        fee_currency=currency, fee_scaled=scaled)  # fmt: skip
    if statute is not None:
        reference, points = statute
        return Interest("statute", points=points, reference=reference,
                        country=country, fee=fee, fee_currency=currency,
                        fee_scaled=scaled)  # fmt: skip
    return Interest("none", fee=fee, fee_currency=currency)


def uk_fixed_sum(debt: Decimal) -> Decimal:
    """The Late Payment Act's fixed sum for a debt of ``debt`` GBP."""
    for below, fixed in UK_FIXED_SUMS:
        if debt < below:
            return fixed
    return UK_LARGEST_SUM


def paper_for(brief: Brief) -> Literal["a4", "letter"]:
    """The brief's ``terms.paper``, else Letter for a client in the US or Canada, else A4 (the
    freelancer's country decides when the client's is not said)."""
    said = brief.terms.paper
    if said:
        return "letter" if said == "Letter" else "a4"
    return "letter" if _reader_country(brief) in LETTER_COUNTRIES else "a4"


def spelling_for(brief: Brief) -> Literal["en-US", "en-GB"]:
    """American spelling for a client in the US, British elsewhere (the freelancer's country
    decides when the client's is not said)."""
    return "en-US" if _reader_country(brief) in US_SPELLING else "en-GB"


def _reader_country(brief: Brief) -> str | None:
    return brief.client.country or brief.freelancer.country
