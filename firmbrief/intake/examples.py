"""Examples that fit the country: the interview shows a studio in Manchester a British phone
number and region, not a Berlin one.

The schema's examples are German (the example brief's); a field whose example belongs to a
country (a phone number, an address, a tax number, an IBAN, a region) is shown the example of
the country that applies (the client's for the client's details, else the freelancer's), or no
example where firmbrief has none for that country, rather than a German one.
"""

from __future__ import annotations

from typing import Final

from firmbrief.briefs.fields import Loc

__all__ = ["LOCAL_FIELDS", "local_example"]

_GB: Final = {
    "phone": "+44 161 496 0000",
    "address": "12 Ancoats Street, Manchester M4 5AB",
    "tax_id": "GB 123 4567 89",
    "iban": "GB33 BUKB 2020 1555 5555 55",
    "bic": "BUKBGB22",
    "company": "Northern Bakes Ltd",
    "tax_name": "VAT",
    "tax_rate": "20",
}
_US: Final = {
    "phone": "+1 207 555 0100",
    "address": "88 Pine Street, Portland, ME 04101",
    "company": "Harbor Physio PLLC",
    "tax_name": "Sales tax",
    "tax_rate": "0",
}
_FR: Final = {
    "phone": "+33 4 72 00 00 00",
    "address": "14 rue Sainte-Catherine, 69001 Lyon",
    "tax_id": "FR 19 812 345 676",
    "iban": "FR76 3000 6000 0112 3456 7890 189",
    "bic": "AGRIFRPPXXX",
    "company": "Éditions du Rhône SARL",
    "tax_name": "TVA",
    "tax_rate": "20",
}
_DE: Final = {
    "phone": "+49 30 7654321",
    "address": "Bergstr. 4, 10115 Berlin",
    "tax_id": "DE 811 907 230",
    "iban": "DE89 3704 0044 0532 0130 00",
    "bic": "COBADEFFXXX",
    "company": "Kettle & Crumb GmbH",
    "tax_name": "VAT",
    "tax_rate": "19",
}
_BY_COUNTRY: Final[dict[str, dict[str, str]]] = {"GB": _GB, "US": _US, "FR": _FR, "DE": _DE}

LOCAL_FIELDS: Final[dict[Loc, str]] = {
    ("freelancer", "phone"): "phone",
    ("freelancer", "address"): "address",
    ("freelancer", "tax_id"): "tax_id",
    ("freelancer", "bank", "iban"): "iban",
    ("freelancer", "bank", "bic"): "bic",
    ("client", "company"): "company",
    ("client", "phone"): "phone",
    ("client", "address"): "address",
    ("client", "tax_id"): "tax_id",
    ("tax", "name"): "tax_name",
    ("tax", "rate"): "tax_rate",
}
"""The fields whose example belongs to a country, and the kind of example each takes."""


def local_example(loc: Loc, country: str | None) -> str | None:
    """The example for the field at ``loc`` in ``country``: ``None`` when the schema's own
    example fits (the field is not a country's, or no country is known), ``""`` when firmbrief
    has no example for that country (better none than a German one)."""
    kind = LOCAL_FIELDS.get(loc)
    if kind is None or not country:
        return None
    return _BY_COUNTRY.get(country.upper(), {}).get(kind, "")
