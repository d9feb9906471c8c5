"""What the law that governs a brief says where the brief is silent: the governing law, the
interest on late payment and its fixed recovery fee, whether copyright itself can be
transferred, the consumer's right of withdrawal, the court clause, the paper size and the
spelling of the documents.

The statements of law come from the law table (:mod:`firmbrief.briefs.law`), never from here:
this module only finds the law (the brief's ``terms.legal.law``, else the freelancer's country
and, where contract law is the state's, province's or nation's, ``freelancer.region``) and
applies the table's row to the brief. Where the law is not known, nothing is stated in its place
and ``check`` asks for ``terms.legal.law``.

Every function takes a brief and returns plain values (codes and numbers, never sentences): the
templates word them. The brief's own ``payment.interest_rate`` and ``payment.recovery_fee``
always win.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, Literal

from firmbrief.briefs.law import Band, bands, jurisdiction_problem, topic
from firmbrief.briefs.regions import SUBDIVIDED, jurisdiction_name, subdivision
from firmbrief.briefs.schema import Brief

__all__ = [
    "LETTER_COUNTRIES",
    "Interest",
    "Law",
    "copyright_for",
    "court_rule",
    "fee_provable_lower",
    "governing_law",
    "interest_for",
    "is_business",
    "paper_for",
    "rights_transferable",
    "spelling_for",
    "standard_terms",
    "withdrawal_for",
]

LETTER_COUNTRIES: Final = frozenset({"US", "CA"})
"""Countries whose paper is Letter; everywhere else A4."""

US_SPELLING: Final = frozenset({"US"})
"""Countries that read American spelling; everywhere else British."""


@dataclass(frozen=True, slots=True)
class Law:
    """The law that governs the agreement: a country and perhaps a state, province or nation.

    ``code`` is ``None`` when it is not known; ``problem`` then says why, for ``check``."""

    country: str | None  # "US"
    region: str | None  # "NY" for US-NY
    code: str | None  # "US-NY"
    from_brief: bool  # said in the brief, not derived from the freelancer's place
    problem: str | None = None

    @property
    def name(self) -> str:
        """``the State of New York``; empty when the law is not known."""
        return jurisdiction_name(self.code) if self.code else ""


@dataclass(frozen=True, slots=True)
class Interest:
    """Interest on late payment, as the brief or the governing law sets it.

    ``kind`` is "agreed" (the brief's fixed yearly ``rate``), "statute" (``points`` above the
    ``reference`` rate, under the law of ``country``, as ``source`` sets) or "none". ``fee``
    is the brief's fixed recovery fee per late invoice (in ``fee_currency``); ``bands`` the
    law's fixed sums by the claim's size (one band for a flat sum), with ``fee_source``.
    """

    kind: Literal["agreed", "statute", "none"]
    rate: Decimal | None = None
    points: Decimal | None = None
    reference: str | None = None
    country: str | None = None
    source: str = ""
    fee: Decimal | None = None
    fee_currency: str | None = None
    bands: tuple[Band, ...] = ()
    claim_currency: str | None = None
    fee_source: str = ""


def governing_law(brief: Brief) -> Law:
    """The brief's ``terms.legal.law``, else the law of the freelancer's place (else the
    client's country): by state, province or nation where contract law is theirs."""
    said = brief.terms.legal.law
    if said:
        said_country, _, said_region = said.partition("-")
        if problem := jurisdiction_problem(said):
            return Law(said_country, said_region or None, None, from_brief=True, problem=problem)
        found = subdivision(said_country, said_region) or said
        return Law(said_country, found.partition("-")[2] or None, found, from_brief=True)
    freelancer = brief.freelancer
    country = freelancer.country or brief.client.country
    if not country:
        return Law(None, None, None, from_brief=False, problem=(
            "no governing law: write the law the agreement follows (a country code, or a state "
            "such as US-NY), or give freelancer.country"))  # fmt: skip
    if country not in SUBDIVIDED:
        return Law(country, None, country, from_brief=False)
    region = freelancer.region if freelancer.country == country else None
    code = subdivision(country, region)
    if code is None and region:  # an ISO 3166-2 code within one: London, GB-LND, is in England
        from firmbrief.briefs.countries import calendar_region

        code = subdivision(country, calendar_region(country, region))
    if code is None:
        problem = jurisdiction_problem(country) or ""
        return Law(country, None, None, from_brief=False,
                   problem=f"{problem} (or give freelancer.region)")  # fmt: skip
    return Law(country, code.partition("-")[2], code, from_brief=False)


def is_business(brief: Brief) -> bool:
    """Whether the client is a business (``client.kind``; a sole trader is one). A brief that
    does not say yet is worded for a business, and ``check`` asks."""
    return brief.client.kind != "consumer"


def copyright_for(brief: Brief) -> dict[str, Any] | None:
    """The law table's copyright entry for the governing law (``None``: not known)."""
    return topic(governing_law(brief).code, "copyright")


def rights_transferable(brief: Brief) -> bool:
    """Whether the governing law lets copyright itself pass to the client."""
    entry = copyright_for(brief)
    return bool(entry and entry["transfer"])


def withdrawal_for(brief: Brief) -> dict[str, Any] | None:
    """The consumer's right of withdrawal under the governing law, for a consumer client
    (``None`` for a business, or where the table has no wording for that law)."""
    if is_business(brief):
        return None
    return topic(governing_law(brief).code, "withdrawal")


def standard_terms(brief: Brief) -> dict[str, Any] | None:
    """The rules of the governing law on standard terms (German AGB law), if the table has
    them."""
    return topic(governing_law(brief).code, "standard_terms")


def fee_provable_lower(brief: Brief) -> bool:
    """Whether the cancellation fee is a flat sum the client may prove lower, and never the
    whole prepayment of an iteration not started: for a consumer, and under a law whose
    standard-terms rules say so (§ 309 Nr. 5 b BGB)."""
    rules = standard_terms(brief)
    return not is_business(brief) or bool(rules and rules.get("fee_provable_lower"))


def fixes_free(brief: Brief) -> bool:
    """Whether every fix of a missed acceptance criterion is free, with no bound after which a
    fix counts as a paid revision round: for a consumer, and under a law whose standard-terms
    rules say so (German law: charging for putting right the freelancer's own defect is void in
    standard terms, §§ 307, 309 Nr. 8 b BGB). The terms say so and the record counts so."""
    rules = standard_terms(brief)
    return not is_business(brief) or bool(rules and rules.get("fixes_free"))


def court_rule(brief: Brief) -> Literal["none", "merchants", "business", "any"]:
    """Whether the terms choose the courts: never for a consumer, nor where the law voids a
    choice of courts in standard terms (``none``: art. 54.2 LEC); where the law allows it
    only between merchants, on that condition; else always."""
    if not is_business(brief):
        return "none"
    entry = topic(governing_law(brief).code, "courts")
    if entry is None:
        return "any"
    rule: Literal["none", "merchants", "business"] = entry["prorogation"]
    return rule


def interest_for(brief: Brief) -> Interest:
    """The interest and recovery fee on late payment, by the law table's row for the
    governing law and the client's kind."""
    payment = brief.payment
    law = governing_law(brief)
    kind = "business" if is_business(brief) else "consumer"
    rates = topic(law.code, "interest") or {}
    statute = rates.get(kind)
    fee_entry = topic(law.code, "recovery_fee") if kind == "business" else None
    fee, currency = payment.recovery_fee, brief.currency
    found: tuple[Band, ...] = ()
    claim, fee_source = None, ""
    if fee is None and fee_entry is not None:
        found = tuple(bands(fee_entry))
        currency = fee_entry["currency"]
        claim = fee_entry.get("claim_currency")
        fee_source = fee_entry["source"]
    common: dict[str, Any] = {"fee": fee, "fee_currency": currency, "bands": found,
                              "claim_currency": claim, "fee_source": fee_source}  # fmt: skip
    if payment.interest_rate is not None:
        return Interest("agreed", rate=payment.interest_rate, **common)
    if statute is not None:
        return Interest("statute", points=Decimal(statute["points"]),
                        reference=statute["reference"], country=law.country,
                        source=statute["source"], **common)  # fmt: skip
    return Interest("none", **common)


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
