"""Pydantic's validation errors in words a freelancer can act on: what is wrong with the value,
and what to write instead. The brief's findings and the record's refused options both say it
this way."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from pydantic_core import ErrorDetails

__all__ = ["PATTERNS", "explain", "shown"]

PATTERNS: Final[dict[str, str]] = {
    "^[A-Za-z]{2}$": "a two-letter country code such as DE or US",
    "^[A-Za-z]{3}$": "a three-letter currency code such as EUR or USD",
    "^#[0-9A-Fa-f]{6}$": "a colour as #rrggbb, e.g. #1f5f8b",
    "^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$": "a short id of letters, digits, - and _ (e.g. logo)",
    "^[0-9a-f]{16}$": "a fingerprint of 16 hex digits",
    "^https://[^\\s<>\"'`{}|^]+$": "a web address starting with https://",
}
"""What each pattern of the schemas asks for, in words."""

MAX_SHOWN: Final = 40
"""A value longer than this is cut short in a message."""

_SPACES = re.compile(r"\s+")


def shown(value: Any) -> str:
    """A value as a message quotes it: ``"ASAP"``, cut short when long, on one line."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = _SPACES.sub(" ", str(value))
    text = text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."
    return f'"{text}"'


def _choices(ctx: Mapping[str, Any]) -> str:
    expected = str(ctx.get("expected", ""))
    return re.sub(r"<\w+\.\w+: ('[^']*')>", r"\1", expected).replace(" or ", ", ")


def explain(
    error: ErrorDetails, *, patterns: Mapping[str, str] | None = None, missing: str = "is missing"
) -> str:
    """One error as a sentence about the value (the field is named by the caller)."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    what = shown(value)
    if kind == "missing":
        return missing
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{what} is not a whole number; write e.g. 3"
    if kind in {"decimal_parsing", "decimal_type", "finite_number", "float_parsing"}:
        return f"{what} is not a usable amount; write a number such as 1200.00"
    if kind == "greater_than":
        return f"{what} is too small: it must be more than {ctx.get('gt')}"
    if kind == "greater_than_equal":
        return f"{what} is too small: it must be at least {ctx.get('ge')}"
    if kind == "less_than":
        return f"{what} is too large: it must be less than {ctx.get('lt')}"
    if kind == "less_than_equal":
        return f"{what} is too large: it must be at most {ctx.get('le')}"
    if kind == "decimal_max_places":
        return f"{what} has more than {ctx.get('decimal_places')} decimal places"
    if kind == "string_too_short":
        return "is empty"
    if kind == "string_too_long":
        length = len(value) if isinstance(value, str) else "too many"
        return f"is {length} characters long; at most {ctx.get('max_length')} are allowed"
    if kind in {"too_long", "too_short"}:
        bound = "at most" if kind == "too_long" else "at least"
        limit = ctx.get("max_length") if kind == "too_long" else ctx.get("min_length")
        return f"has {ctx.get('actual_length')} items; {bound} {limit}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        known = {**PATTERNS, **(patterns or {})}
        wanted = known.get(pattern, "an email address" if "@" in pattern else "valid here")
        return f"{what} is not {wanted}"
    if kind in {"literal_error", "enum"}:
        return f"{what} is not one of: {_choices(ctx)}"
    if kind == "string_type":
        return f"{what} should be text"
    if kind == "list_type":
        return f"{what} should be a list (one item per line, each starting with '- ')"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"{what} should be a mapping of fields (name: value)"
    if kind in {"bool_type", "bool_parsing"}:
        return f"{what} should be true or false"
    if kind in {"control-character", "amount", "banking"}:
        return str(error["msg"])
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return f"{what}: {error['msg']}"
