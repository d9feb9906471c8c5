"""The law table: what firmbrief states under each law, and where each statement comes from.

One data file, ``law.json`` beside this module, holds a row per jurisdiction (a country, or a
state, province or nation whose contract law differs) and in it one entry per topic, each with
its ``source`` (statute and article). A subdivision's row adds to its country's: ``GB-SCT`` reads
the UK's Late Payment Act from ``GB``. A topic a row does not have is not stated: the documents
print no statement of law that is not in this table, and ``firmbrief law CODE`` prints what is.

Plain values in, plain values out; :mod:`firmbrief.briefs.legal` applies the table to a brief.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Final

from firmbrief.briefs.regions import SUBDIVIDED, jurisdiction_name, subdivision
from firmbrief.errors import LawUnknown

__all__ = [
    "REFERENCES",
    "TOPICS",
    "Band",
    "Statement",
    "bands",
    "describe",
    "invoice_mentions",
    "jurisdiction_problem",
    "rows",
    "statements",
    "topic",
]

TOPICS: Final = (
    "interest",
    "recovery_fee",
    "copyright",
    "withdrawal",
    "payment_limit",
    "courts",
    "standard_terms",
    "contract",
    "invoice",
)
"""The topics a row may state, in the order ``firmbrief law`` prints them."""

REFERENCES: Final = {
    "de_base": "the base rate of the Deutsche Bundesbank",
    "at_base": "the base rate of the Oesterreichische Nationalbank",
    "ecb": "the rate of the European Central Bank’s most recent main refinancing operation",
    "boe_base": "the Bank of England’s base rate",
    "nbp_reference": "the reference rate of Narodowy Bank Polski",
    "riksbank_reference": "the reference rate set by Sveriges Riksbank",
}
"""The reference rates the table's interest is stated above."""


@cache
def rows() -> dict[str, dict[str, Any]]:
    """Every row of the table, by jurisdiction code."""
    text = resources.files("firmbrief.briefs").joinpath("law.json").read_text("utf-8")
    found: dict[str, dict[str, Any]] = json.loads(text)["rows"]
    return found


def topic(code: str | None, name: str) -> dict[str, Any] | None:
    """The entry ``name`` of the row for ``code``, else of its country's row; ``None`` if the
    table says nothing of it."""
    if not code:
        return None
    table = rows()
    country = code.partition("-")[0]
    for key in (code, country):
        entry = table.get(key, {}).get(name)
        if isinstance(entry, dict):
            return entry
    return None


def invoice_mentions(code: str | None) -> tuple[str, ...]:
    """What an invoice must carry under the seller's law beyond the EU's common list, as the
    table names it (``supply_date``, ``penalty_rate``, ``recovery_fee``, ``siren``, ``ei``)."""
    entry = topic(code, "invoice")
    return tuple(entry["mentions"]) if entry else ()


def jurisdiction_problem(code: str) -> str | None:
    """Why ``code`` names no law firmbrief can state (a country whose contract law is its
    states', given without the state; a state it does not know); ``None`` when it names one."""
    country, _, region = code.partition("-")
    if country not in SUBDIVIDED:
        return None
    if region and subdivision(country, region):
        return None
    kinds = {"US": "state", "CA": "province or territory", "AU": "state or territory",
             "GB": "nation"}  # fmt: skip
    example = {"US": "US-NY", "CA": "CA-ON", "AU": "AU-NSW", "GB": "GB-ENG, GB-SCT or GB-NIR"}
    said = (
        f'"{code}" is no {kinds[country]} firmbrief knows'
        if region
        else (f"contract law in {jurisdiction_name(country)} is the {kinds[country]}'s")
    )
    return f"{said}: write the {kinds[country]}, e.g. {example[country]}"


@dataclass(frozen=True, slots=True)
class Band:
    """A fixed recovery sum for claims up to (``inclusive``) or below ``limit``; the last
    band has no limit."""

    amount: Decimal
    limit: Decimal | None
    inclusive: bool


def bands(entry: dict[str, Any]) -> list[Band]:
    """The recovery fee's bands by the claim's size (one band without limit for a flat fee)."""
    if "bands" not in entry:
        return [Band(Decimal(entry["amount"]), None, False)]
    found = []
    for band in entry["bands"]:
        limit = band.get("up_to") or band.get("below")
        found.append(Band(Decimal(band["amount"]), Decimal(limit) if limit else None,
                          "up_to" in band))  # fmt: skip
    return found


@dataclass(frozen=True, slots=True)
class Statement:
    """What firmbrief states under a law on one topic, and its source."""

    topic: str
    says: str
    source: str


def statements(code: str) -> list[Statement]:
    """What firmbrief states under the law of ``code``, topic by topic, with each source."""
    said: list[Statement] = []
    for name in TOPICS:
        entry = topic(code, name)
        if entry is not None:
            said.extend(Statement(name, text, source) for text, source in _say(name, entry))
    return said


def _say(name: str, entry: dict[str, Any]) -> list[tuple[str, str]]:
    source = str(entry["source"])
    if name == "interest":
        return [
            (f"late-payment interest, {kind} client: {part['points']} percentage points a "
             f"year above {REFERENCES[part['reference']]}", str(part["source"]))
            for kind in ("business", "consumer")
            if (part := entry.get(kind))
        ]  # fmt: skip
    if name == "recovery_fee":
        currency = entry["currency"]
        parts: list[str] = []
        for band in bands(entry):
            if band.limit is None:
                parts.append(f"{band.amount} {currency}" + (" for a larger claim" if parts else ""))
            else:
                word = "up to" if band.inclusive else "below"
                claim = entry.get("claim_currency", "")
                parts.append(f"{band.amount} {currency} for a claim {word} {band.limit} {claim}")
        return [("fixed recovery fee per late invoice, business client: " + ", ".join(parts),
                 source)]  # fmt: skip
    if name == "copyright":
        if entry["transfer"]:
            how = "copyright itself may be transferred"
            if entry.get("licence") == "enumerated":
                how += ", each right named with its extent, purpose, place and duration"
        else:
            how = ("copyright cannot be transferred: rights of use are granted, with their "
                   "purpose, media, territory and term")  # fmt: skip
        if entry.get("moral_rights"):
            how += "; the author's moral rights stay with the author"
        return [(how, source)]
    if name == "withdrawal":
        told = [(f"consumer client: {entry['days']} days to withdraw from an agreement made "
                 "at a distance or away from business premises; the withdrawal information and "
                 "model form are printed, and work starts within the period only at the "
                 "client's express request", source)]  # fmt: skip
        if function := entry.get("function"):
            told.append(("a withdrawal function (a button) only for an agreement concluded via "
                         "an online interface (a website or an app): terms signed on paper or "
                         "as a PDF exchanged by email are not, and print none",
                         str(function["source"])))  # fmt: skip
        return told
    if name == "payment_limit":
        days, month_end = entry["days"], entry.get("end_of_month_days")
        said = f"payment terms between businesses: at most {days} days from the invoice"
        return [(said + (f", or {month_end} days end of month" if month_end else ""), source)]
    if name == "courts":
        who = {"merchants": "only between merchants", "business": "only between businesses",
               "none": "only where both sides negotiate it, never in standard terms or with a "
               "consumer"}  # fmt: skip
        return [(f"a clause choosing the courts is agreed {who[entry['prorogation']]}", source)]
    if name == "standard_terms":
        return [("liability unlimited for intent, gross negligence and injury "
                 "to life, body or health, limited to the typical foreseeable damage for "
                 "essential duties; a cancellation fee the client may prove lower; fixes of a "
                 "missed acceptance criterion always free; individual agreements "
                 "prevail over the written form", source)]  # fmt: skip
    if name == "contract":
        return [("a contract for work: the freelancer owes the finished work; liability for "
                 "intent is never excluded; no liability for events that could not be foreseen "
                 "or, foreseen, were inevitable; standard terms bind once given before signing "
                 "and accepted", source)]  # fmt: skip
    mentions = [MENTIONS.get(key, key.replace("_", " ")) for key in entry["mentions"]]
    return [("invoices state: " + "; ".join(mentions), source)]


MENTIONS: Final = {
    "supply_date": "the date of supply or the service period",
    "penalty_rate": "the late-payment penalty rate",
    "recovery_fee": "the fixed recovery indemnity (business clients)",
    "siren": "the SIREN or SIRET",
    "ei": '"EI" after an entrepreneur individuel\'s name',
    "tax_point": "the tax point (time of supply)",
    "unit_price": "the unit price before VAT",
    "vat_in_gbp": "the VAT in sterling",
}
"""The law table's invoice mentions, in words (``firmbrief law``)."""


def describe(code: str) -> tuple[str, list[Statement]]:
    """The law ``code`` names (``US-NY`` gives ``the State of New York``) and what firmbrief
    states under it; :class:`~firmbrief.errors.LawUnknown` when ``code`` names no law."""
    from firmbrief.briefs.countries import country_problem

    code = code.strip().upper()
    country, _, region = code.partition("-")
    if problem := country_problem(country):
        raise LawUnknown(problem, field=code)
    if problem := jurisdiction_problem(code):
        raise LawUnknown(problem, field=code)
    code = subdivision(country, region) or code
    return code, statements(code)
