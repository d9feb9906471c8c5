"""Bank accounts and tax numbers, checked by the libraries that know each country's rules:
``schwifty`` for IBAN and BIC, ``python-stdnum`` for VAT and tax numbers.

Both libraries are dear to import (schwifty 30-45 ms; python-stdnum 12-40 ms, as it imports
``ssl``, ``socket`` and ``pydoc`` for online checks firmbrief never makes) and cheap to ask, so
their verdicts are remembered (:mod:`firmbrief.briefs.cache`): once per process, and between
runs in the command line's cache, keyed by a digest of the value (no account or tax number in a
file name) and the library's installed copy. A brief whose bank account and tax numbers were
judged before is loaded without importing either library. Each function takes plain text and
gives plain text back, or raises :class:`ValueError` with a message naming the problem and the
fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Literal

from firmbrief.briefs.cache import remembered

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
    return _valid("IBAN", value, _iban)


def _iban(value: str) -> dict[str, str]:
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        return {"valid": str(IBAN(value).compact)}
    except SchwiftyException as error:
        return {"invalid": _lower(error)}


def format_iban(iban: str) -> str:
    """``DE89 3704 0044 0532 0130 00``: an IBAN as printed, in groups of four."""
    compact = re.sub(r"\s+", "", iban).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def check_bic(value: str) -> str:
    """The BIC in ``value``, compact (``COBADEFFXXX``); ValueError if it is malformed or names
    no known country."""
    return _valid("BIC", value, _bic)


def _bic(value: str) -> dict[str, str]:
    from schwifty import BIC
    from schwifty.exceptions import SchwiftyException

    try:
        return {"valid": str(BIC(value).compact)}
    except SchwiftyException as error:
        return {"invalid": _lower(error)}


def _valid(kind: Literal["IBAN", "BIC"], value: str, judge: Callable[[str], Any]) -> str:
    """``value`` compact, as schwifty's ``judge`` says; ValueError naming what is wrong."""
    verdict = _verdict(kind, value, judge, "schwifty", _is_verdict)
    if isinstance(verdict.get("valid"), str):
        return str(verdict["valid"])
    raise ValueError(f'"{value[:40]}" is not a valid {kind} ({verdict.get("invalid")})')


def _is_verdict(answer: Any) -> bool:
    """A remembered IBAN or BIC verdict as :func:`_iban` writes it (anything else is judged
    again: the cache is a file anyone may have edited)."""
    return (
        isinstance(answer, dict)
        and len(answer) == 1
        and isinstance(answer.get("valid", answer.get("invalid")), str)
    )


@lru_cache(maxsize=256)
def _verdict(
    kind: str,
    value: str,
    judge: Callable[[str], dict[str, Any]],
    library: str,
    valid: Callable[[Any], bool],
) -> dict[str, Any]:
    """``judge(value)``'s answer (JSON), asked of ``library`` once per process and remembered
    between runs; a remembered answer that ``valid`` refuses is judged again."""
    import hashlib

    digest = hashlib.sha256(f"{kind}\0{value}".encode("utf-8", "surrogatepass")).hexdigest()
    answer: dict[str, Any] = remembered(
        f"{kind.lower()}-{digest[:32]}", library, lambda: judge(value), valid=valid
    )
    return answer


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
    said = f"{country or ''}\0{value}"
    verdict = _verdict("tax-2", said, _tax_number, "stdnum", _is_tax_verdict)  # 2: SIRET
    return TaxNumber(verdict["vat"], verdict["problem"], verdict["severity"])


def _tax_number(said: str) -> dict[str, Any]:
    """:func:`check_tax_number`'s answer for ``country\\0value``, as JSON."""
    from stdnum.eu import vat

    from firmbrief.briefs.registration import LABEL, check_registration

    country, _, value = said.partition("\0")
    if LABEL.match(value):  # "SIRET 732...": a French registration number, no SI VAT number
        judged = check_registration(value, "FR")
        return _tax(vat=False, problem=judged.problem, severity=judged.severity)
    prefix = _VAT_PREFIX.match(value)
    if prefix and prefix.group(1).lower() in vat.MEMBER_STATES:
        code = prefix.group(1).upper()
        if vat.is_valid(value):
            return _tax(vat=True)
        return _tax(
            vat=True,
            problem=f'"{value[:40]}" is not a valid {code} VAT number (its check digits or '
            "length are wrong): copy it from your tax office's letter or the client's invoice",
        )
    if not country:
        return _tax(vat=False)
    kinds = _country_rules(country.lower())
    for kind, module in kinds:
        if module.is_valid(value):
            return _tax(vat=kind == "vat")
    if not kinds:
        return _tax(vat=False)
    return _tax(
        vat=False,
        problem=f'"{value[:40]}" is not a valid tax or VAT number of {country.upper()}: check '
        "it (a VAT number starts with the country's prefix, e.g. DE 136 695 976)",
        severity="warning",
    )


def _tax(*, vat: bool, problem: str | None = None, severity: str = "error") -> dict[str, Any]:
    return {"vat": vat, "problem": problem, "severity": severity}


def _is_tax_verdict(answer: Any) -> bool:
    return (
        isinstance(answer, dict)
        and set(answer) == {"vat", "problem", "severity"}
        and isinstance(answer["vat"], bool)
        and (answer["problem"] is None or isinstance(answer["problem"], str))
        and answer["severity"] in ("error", "warning")
    )


def _country_rules(country: str) -> list[tuple[str, Any]]:
    """python-stdnum's VAT and tax-number modules for ``country`` (those it has)."""
    from stdnum.util import get_cc_module

    found: list[tuple[str, Any]] = []
    for kind in ("vat", "tin", "stnr", "idnr", "siren", "siret"):  # a bare SIRET is French
        try:
            module = get_cc_module(_GREECE.get(country.upper(), country).lower(), kind)
        except (ImportError, ValueError):
            module = None
        if module is not None and hasattr(module, "is_valid"):
            found.append((kind, module))
    return found
