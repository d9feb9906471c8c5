"""The canonical form of a brief, and its fingerprint.

The canonical form is the brief as JSON with every field (defaults included; the few added
later, :data:`UNSET_LEFT_OUT`, only when set), dates in ISO form
(where they are firm), money as decimal strings in the currency's precision, other numbers as
plain decimal strings, keys sorted, no insignificant white space, and the format version. The
same brief, however it was spelled (``15 March 2027`` or ``2027-03-15``, ``1800`` or
``1800.00``, YAML or JSON), gives the same bytes; the fingerprint is the first 16 hex digits of
their SHA-256. A document carries both, so anyone can tell which brief a signed paper belongs to.

The freelancer's own planning figures (:data:`INTERNAL`: estimated hours, weekly capacity) are
not part of it: the client does not agree to them, and the signed documents, which carry the
canonical form, do not show them (they would reveal the hourly rate).
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from functools import cache
from typing import Any, Final, get_args

from pydantic import BaseModel

from firmbrief.briefs.fields import Loc, Money
from firmbrief.briefs.money import amount_text
from firmbrief.briefs.plan import firm_dates
from firmbrief.briefs.pricing import pricing_of
from firmbrief.briefs.schema import Brief, Deliverable, Iteration

__all__ = [
    "FINGERPRINT_LENGTH",
    "INTERNAL",
    "UNSET_LEFT_OUT",
    "canonical_data",
    "canonical_json",
    "fingerprint",
]

FINGERPRINT_LENGTH: Final = 16

INTERNAL: Final = frozenset(
    {(Deliverable, "hours"), (Iteration, "hours"), (Brief, "capacity_hours_per_week")}
)
"""The freelancer's planning fields, left out of the canonical form (see the docstring)."""

UNSET_LEFT_OUT: Final = frozenset({("language",), ("freelancer", "language"),
                                   ("freelancer", "registration"), ("freelancer", "legal_form")})
# registration and legal_form: issue 25 item 6
"""Fields added after briefs were signed, left out of the canonical form while unset: a brief
signed before keeps its fingerprint (issue 26)."""


def _is_money(annotation: Any) -> bool:
    return annotation == Money or any(_is_money(arg) for arg in get_args(annotation))


@cache
def _money_names(model: type[BaseModel]) -> frozenset[str]:
    """The fields of ``model`` that hold money, worked out once per model class."""
    return frozenset(n for n, info in model.model_fields.items() if _is_money(info.annotation))


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def _convert(model: BaseModel, loc: Loc, dates: dict[Loc, Any], digits: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    money = _money_names(type(model))
    for name, info in type(model).model_fields.items():
        if name == "schema_" or (type(model), name) in INTERNAL:
            continue
        key = info.alias or name
        here = (*loc, key)
        if here in UNSET_LEFT_OUT and getattr(model, name) is None:
            continue
        out[key] = _value(getattr(model, name), here, dates, digits, name in money)
    return out


def _value(value: Any, loc: Loc, dates: dict[Loc, Any], digits: int, money: bool) -> Any:
    if isinstance(value, BaseModel):
        return _convert(value, loc, dates, digits)
    if isinstance(value, list):
        return [_value(item, (*loc, i), dates, digits, money) for i, item in enumerate(value)]
    if isinstance(value, Decimal):
        return amount_text(value, digits) if money else _plain(value)
    if loc in dates:
        return dates[loc].isoformat()
    return value


def canonical_data(brief: Brief) -> dict[str, Any]:
    """The canonical form as Python data (see the module's docstring)."""
    digits = pricing_of(brief).digits
    return _convert(brief, (), dict(firm_dates(brief)), digits)


def canonical_json(brief: Brief) -> bytes:
    """The canonical form as UTF-8 JSON bytes: sorted keys, compact."""
    text = json.dumps(
        canonical_data(brief), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return text.encode("utf-8")


def fingerprint(brief: Brief) -> str:
    """The first 16 hex digits of the SHA-256 of the canonical form."""
    return hashlib.sha256(canonical_json(brief)).hexdigest()[:FINGERPRINT_LENGTH]
