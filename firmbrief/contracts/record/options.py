"""``firmbrief record``'s options as an event's fields: which option sets which field, how a
feedback item is written, and the option to name when a value is refused.

:func:`event_data` turns the options given into an event's fields (refusing an option that does
not belong to the event, so a typo cannot be silently lost), and :func:`validate_event` validates
them as an event, naming the option at fault.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, Final

from pydantic import ValidationError

from firmbrief.briefs.dates import DateOrder, parse_firm_date
from firmbrief.briefs.explain import explain, shown
from firmbrief.briefs.money import AmountUnclear, parse_amount
from firmbrief.contracts.record.events import INSTALMENT_KEY, INVOICE_NUMBER, Event, parse_event
from firmbrief.contracts.record.kinds import EVENT_KINDS
from firmbrief.errors import FirmbriefError, VagueDate

__all__ = ["OPTIONS", "event_data", "validate_event"]


OPTIONS: Final[dict[str, dict[str, str]]] = {
    "signed": {},
    "payment": {
        "amount": "--amount",
        "instalment": "--for",
        "instalments": "--for",
        "invoices": "--invoice",
        "credit": "--credit",
        "again": "--again",
    },
    "materials": {"materials": "--material"},
    "delivered": {"iteration": "--iteration", "draft": "--draft"},
    "revision": {"iteration": "--iteration", "items": "--revise/--fix/--scope", "price": "--price"},
    "accepted": {"iteration": "--iteration"},
    "change": {
        "price": "--price",
        "description": "--description",
        "request": "--request",
        "iteration": "--iteration",
        "start": "--start",
        "delivery": "--delivery",
        "due": "--due",
    },
    "delay": {"iteration": "--iteration", "delivery": "--delivery", "reason": "--reason"},
    "note": {"kind": "--kind", "about": "--about"},
    "released": {"anyway": "--anyway"},
    "cancelled": {"by": "--by", "reason": "--reason", "for_cause": "--for-cause"},
    "refund": {"amount": "--amount", "reason": "--reason"},
    "void": {"line": "--line", "reason": "--reason"},
}
"""Each event's fields and the ``firmbrief record`` option that sets each."""

_WHOLE: Final = {"payment": "--for", "revision": "--revise/--fix/--scope"}
"""The option to name when an event is refused as a whole (not for one field)."""

_DATES: Final = ("start", "delivery", "due")
_PATTERNS: Final = {
    INSTALMENT_KEY.pattern: (
        "an instalment: write e.g. 1-prepayment, 1-balance, 2-round-3 or change-1"
    ),
    INVOICE_NUMBER.pattern: "an invoice number: write it as the invoice shows it, e.g. 2026-0001",
}
_ITEM = re.compile(r"^\s*([^:#\s]+)\s*(?:#\s*([0-9]+))?\s*:\s*(.*)$", re.DOTALL)


def _option(kind: str, name: str) -> str | None:
    """The option that sets ``name`` of a ``kind`` event; ``None`` for none (never a made-up
    option)."""
    return OPTIONS.get(kind, {}).get(name) or _WHOLE.get(kind)


def _amount(text: str, option: str, locale: str | None) -> Decimal:
    try:
        return parse_amount(text, locale=locale)
    except AmountUnclear as unclear:
        raise FirmbriefError(str(unclear), field=option) from None


def _items(texts: list[str], kind: str) -> list[dict[str, Any]]:
    option = {"revision": "--revise", "fix": "--fix"}.get(kind, "--scope")
    items: list[dict[str, Any]] = []
    for text in texts:
        match = _ITEM.match(text)
        if not match or not match[3].strip():
            raise FirmbriefError(
                f"{shown(text)} is not a feedback item; write DELIVERABLE: what to change, or "
                'DELIVERABLE#CRITERION: what to change (e.g. "logo#1: thicker strokes")',
                field=option,
            )
        item: dict[str, Any] = {"deliverable": match[1], "change": match[3].strip(), "kind": kind}
        if match[2]:
            item["criterion"] = int(match[2])
        items.append(item)
    return items


def event_data(
    kind: str,
    options: dict[str, Any],
    *,
    when: date,
    order: DateOrder | None,
    locale: str | None = None,
) -> dict[str, Any]:
    """The fields of a ``kind`` event from ``firmbrief record``'s options (those given only).

    An option that does not belong to the event is refused, so a typo cannot be silently lost.
    Dates are read with the brief's ``date_order``, amounts in the brief's locale (the one rule
    of :func:`~firmbrief.briefs.money.parse_amount`).
    """
    if kind not in EVENT_KINDS:
        raise FirmbriefError(f'"{kind}" is not an event; use one of: {", ".join(EVENT_KINDS)}')
    given = dict(options)
    targets = given.pop("instalment", None)
    if isinstance(targets, str):
        targets = [targets]
    if targets:
        given["instalment" if len(targets) == 1 else "instalments"] = (
            targets[0] if len(targets) == 1 else list(targets)
        )
    if isinstance(given.get("invoices"), str):
        given["invoices"] = [given["invoices"]]
    revise, fix, scope = (given.pop(name, []) for name in ("revise", "fix", "scope"))
    if revise or fix or scope:
        given["items"] = [
            *_items(list(revise), "revision"),
            *_items(list(fix), "fix"),
            *_items(list(scope), "change_of_scope"),
        ]
    allowed = OPTIONS[kind]
    for name in given:
        if name not in allowed:
            typed = {
                "items": "--revise/--fix/--scope", "instalments": "--for", "invoices": "--invoice"
            }.get(
                name, f"--{name.replace('_', '-')}"
            )
            article = "an" if kind[0] in "aeiou" else "a"
            raise FirmbriefError(f"does not apply to {article} {kind} event", field=typed)
    data: dict[str, Any] = {"event": kind, "date": when}
    for name, value in given.items():
        option = _option(kind, name) or f"--{name}"  # every given option belongs to the event
        if name in _DATES:
            try:
                value = parse_firm_date(value, order=order)
            except VagueDate as vague:
                raise FirmbriefError(vague.message, field=option) from None
        elif name in {"amount", "price"}:
            value = _amount(value, option, locale)
        data[name] = value
    if kind == "revision" and "price" in data:
        scoped = [item for item in data.get("items", []) if item["kind"] == "change_of_scope"]
        if len(scoped) != 1:
            raise FirmbriefError(
                "prices one change of scope: give exactly one --scope item with it",
                field="--price",
            )
        scoped[0]["price"] = data.pop("price")
    return data


def validate_event(data: dict[str, Any]) -> Event:
    """The event in ``data``, or a :class:`FirmbriefError` naming the option at fault."""
    try:
        return parse_event(data)
    except ValidationError as invalid:
        error = invalid.errors(include_url=False)[0]
        loc = list(error["loc"])
        if loc and loc[0] == data.get("event"):
            loc = loc[1:]  # the union's tag: the event's kind
        name = str(loc[0]) if loc else "event"
        option = _option(str(data.get("event")), name)
        if name == "event" and data.get("invoices"):
            option = "--invoice"  # a payment refused as a whole: for the invoices it names
        message = explain(error, patterns=_PATTERNS, missing="is needed for this event")
        raise FirmbriefError(message, field=option) from None
