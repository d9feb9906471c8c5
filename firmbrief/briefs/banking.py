"""Bank accounts and tax numbers, checked by the libraries that know each country's rules:
``schwifty`` for IBAN and BIC, ``python-stdnum`` for VAT and tax numbers.

Both libraries are imported only when a value needs checking, so ``check`` on a brief without
a bank account or tax number does not pay for them. Each function takes plain text and gives
plain text back, or raises :class:`ValueError` with a message naming the problem and the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final, Literal

__all__ = [
    "TaxNumber",
    "check_bic",
    "check_iban",
    "check_tax_number",
    "format_iban",
]

_VAT_PREFIX: Final = re.compile(r"^\s*([A-Za-z]{2})[\s.\-]*[0-9A-Za-z]")
_GREECE: Final = {"EL": "GR", "XI": "GB"}  # VAT prefixes that are not the country code


def check_iban(value: str) -> str:
    """The IBAN in ``value`` in its compact form (``DE89370400440532013000``); ValueError if
    its country, length, bank code or check digits are wrong."""
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        return str(IBAN(value).compact)
    except SchwiftyException as error:
        raise ValueError(f'"{value[:40]}" is not a valid IBAN ({_lower(error)})') from None


def format_iban(iban: str) -> str:
    """``DE89 3704 0044 0532 0130 00``: an IBAN as printed, in groups of four."""
    compact = re.sub(r"\s+", "", iban).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def check_bic(value: str) -> str:
    """The BIC in ``value``, compact (``COBADEFFXXX``); ValueError if it is malformed or names
    no known country."""
    from schwifty import BIC
    from schwifty.exceptions import SchwiftyException

    try:
        return str(BIC(value).compact)
    except SchwiftyException as error:
        raise ValueError(f'"{value[:40]}" is not a valid BIC ({_lower(error)})') from None


def _lower(error: Exception) -> str:
    text = str(error).strip().rstrip(".")
    return text[:1].lower() + text[1:] if text else type(error).__name__


@dataclass(frozen=True, slots=True)
class TaxNumber:
    """What is known of a tax number: a VAT number (with its country prefix) or another tax
    number; ``problem`` says why it is wrong, with ``severity`` "error" when it is certainly
    wrong (a mistyped EU VAT number) and "warning" when it could not be confirmed."""

    vat: bool
    problem: str | None = None
    severity: Literal["error", "warning"] = "error"


def check_tax_number(value: str, country: str | None) -> TaxNumber:
    """Judge ``value`` as a VAT or tax number of a business in ``country``.

    A value that starts with an EU VAT prefix (``DE``, ``FR``, ``EL``...) is a VAT number and
    must pass the country's check digits (an error otherwise). A value without a prefix is
    checked against the country's VAT and tax-number rules where python-stdnum has them; one
    that fits none is a warning (a valid number of a kind stdnum does not know is possible).
    """
    from stdnum.eu import vat

    prefix = _VAT_PREFIX.match(value)
    if prefix and prefix.group(1).lower() in vat.MEMBER_STATES:
        code = prefix.group(1).upper()
        if vat.is_valid(value):
            return TaxNumber(vat=True)
        return TaxNumber(
            vat=True,
            problem=f'"{value[:40]}" is not a valid {code} VAT number (its check digits or '
            "length are wrong): copy it from your tax office's letter or the client's invoice",
        )
    if not country:
        return TaxNumber(vat=False)
    kinds = _country_rules(country.lower())
    for kind, module in kinds:
        if module.is_valid(value):
            return TaxNumber(vat=kind == "vat")
    if not kinds:
        return TaxNumber(vat=False)
    return TaxNumber(
        vat=False,
        problem=f'"{value[:40]}" is not a valid tax or VAT number of {country.upper()}: check '
        "it (a VAT number starts with the country's prefix, e.g. DE 136 695 976)",
        severity="warning",
    )


def _country_rules(country: str) -> list[tuple[str, Any]]:
    """python-stdnum's VAT and tax-number modules for ``country`` (those it has)."""
    from stdnum.util import get_cc_module

    found: list[tuple[str, Any]] = []
    for kind in ("vat", "tin", "stnr", "idnr"):
        try:
            module = get_cc_module(_GREECE.get(country.upper(), country).lower(), kind)
        except (ImportError, ValueError):
            module = None
        if module is not None and hasattr(module, "is_valid"):
            found.append((kind, module))
    return found
