"""What can happen during a project, as events of its record, each validated before it is written.

One model per kind of event (``signed``, ``payment``, ``materials``, ``delivered``, ``revision``,
``accepted``, ``change``, ``delay``, ``note``, ``released``, ``cancelled``), strict about shape
like the brief's schema: unknown fields are errors, dates are firm (the one rule of
:func:`~firmbrief.briefs.dates.parse_firm_date`), money is :class:`~decimal.Decimal`, text is
capped and free of control characters. Whether an event makes sense for a brief (the iteration
exists, the instalment is known, the project is not cancelled) is
:mod:`firmbrief.contracts.record.state`'s question.

:func:`event_data` turns the options of ``firmbrief record`` into an event's fields, and
:func:`validate_event` validates them, naming the option at fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from firmbrief.briefs.dates import DateOrder, parse_firm_date
from firmbrief.briefs.schema import Ident, Money, Number, Sentence
from firmbrief.errors import FirmbriefError, VagueDate

__all__ = [
    "EVENT_KINDS",
    "NOTE_KINDS",
    "Accepted",
    "Cancelled",
    "Change",
    "Delay",
    "Delivered",
    "Entry",
    "Event",
    "FeedbackItem",
    "Materials",
    "Note",
    "Payment",
    "Released",
    "Revision",
    "Signed",
    "event_data",
    "parse_event",
    "validate_event",
]

EVENT_KINDS: Final = (
    "signed",
    "payment",
    "materials",
    "delivered",
    "revision",
    "accepted",
    "change",
    "delay",
    "note",
    "released",
    "cancelled",
)

NOTE_KINDS: Final = ("payment", "review", "materials", "cancellation", "update")
"""A formal notice (the four ``firmbrief notice`` writes) or a progress update."""

INSTALMENT_KEY: Final = re.compile(
    r"^(?:[1-9][0-9]?-(?:prepayment|balance)(?:-[1-9][0-9]?)?"
    r"|[1-9][0-9]?-round-[1-9][0-9]?|change-[1-9][0-9]?|test-task)$"
)
"""``1-prepayment``, ``1-balance``, ``2-round-3`` (an extra revision round), ``change-1``,
``test-task``."""


def _firm(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError("should be a date written as text, e.g. 2027-03-15")
    try:
        return parse_firm_date(value)
    except VagueDate as vague:
        raise ValueError(vague.message) from None


Day = Annotated[
    date, BeforeValidator(_firm), PlainSerializer(lambda d: d.isoformat(), return_type=str)
]
"""A firm date; written to the record as ``2027-03-15``."""

Amount = Annotated[Money, PlainSerializer(lambda d: format(d, "f"), return_type=str)]
"""Money, written to the record as a decimal string (never a JSON float)."""

InstalmentKey = Annotated[str, StringConstraints(pattern=INSTALMENT_KEY.pattern)]
Fingerprint = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    date: Day


class Signed(_Event):
    """Both sides signed the brief and its terms; pins the brief's fingerprint."""

    event: Literal["signed"] = "signed"
    fingerprint: Fingerprint


class Payment(_Event):
    """Money received from the client (gross), for one instalment."""

    event: Literal["payment"] = "payment"
    amount: Amount = Field(gt=0)
    instalment: InstalmentKey


class Materials(_Event):
    """The client supplied materials (by their number in the brief, from 1)."""

    event: Literal["materials"] = "materials"
    materials: list[Number] = Field(min_length=1, max_length=50)


class Delivered(_Event):
    """The freelancer delivered a draft, or the work for acceptance (``draft`` is ``None``)."""

    event: Literal["delivered"] = "delivered"
    iteration: Number
    draft: Number | None = None


class FeedbackItem(BaseModel):
    """One point of the client's feedback."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    deliverable: Ident
    change: Sentence = Field(min_length=1)
    criterion: Number | None = None  # the deliverable's acceptance criterion, from 1
    kind: Literal["revision", "fix", "change_of_scope"] = "revision"
    price: Amount | None = None  # a change of scope priced at once

    @model_validator(mode="after")
    def _consistent(self) -> FeedbackItem:
        if self.kind == "fix" and self.criterion is None:
            raise ValueError("a fix names the acceptance criterion the delivery misses")
        if self.price is not None and self.kind != "change_of_scope":
            raise ValueError("only a change of scope has a price")
        return self


class Revision(_Event):
    """The client asked for changes: a revision round, item by item."""

    event: Literal["revision"] = "revision"
    iteration: Number
    items: list[FeedbackItem] = Field(min_length=1, max_length=50)


class Accepted(_Event):
    """The client accepted an iteration."""

    event: Literal["accepted"] = "accepted"
    iteration: Number


class Change(_Event):
    """A change request agreed with its price (and new dates); adds an instalment."""

    event: Literal["change"] = "change"
    price: Amount
    description: Sentence | None = None
    request: Number | None = None  # the open change request (from feedback) it prices
    iteration: Number | None = None  # the iteration it belongs to
    start: Day | None = None  # the iteration's new start
    delivery: Day | None = None  # the iteration's new delivery
    due: Day | None = None  # when its instalment is due


class Delay(_Event):
    """The freelancer announced a delay of their own delivery."""

    event: Literal["delay"] = "delay"
    iteration: Number
    delivery: Day
    reason: Sentence = Field(min_length=1)


class Note(_Event):
    """A formal notice or a progress update sent to the client."""

    event: Literal["note"] = "note"
    kind: Literal["payment", "review", "materials", "cancellation", "update"]
    about: Sentence | None = None


class Released(_Event):
    """Source and working files handed over."""

    event: Literal["released"] = "released"
    what: Literal["source"] = "source"
    anyway: bool = False  # recorded although the release gate was closed


class Cancelled(_Event):
    """The project was cancelled."""

    event: Literal["cancelled"] = "cancelled"
    by: Literal["client", "freelancer"]
    reason: Sentence | None = None


Event = Annotated[
    Signed
    | Payment
    | Materials
    | Delivered
    | Revision
    | Accepted
    | Change
    | Delay
    | Note
    | Released
    | Cancelled,
    Field(discriminator="event"),
]

_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


@dataclass(frozen=True, slots=True)
class Entry:
    """An event as read from the record, with the line it is on (from 1)."""

    line: int
    event: Event


def parse_event(data: dict[str, Any]) -> Event:
    """Validate ``data`` as an event; :class:`~pydantic.ValidationError` if it is not one."""
    return _ADAPTER.validate_python(data)


def event_dict(event: Event) -> dict[str, Any]:
    """The event as JSON-ready data, in the record's field order, without unset defaults."""
    fields = event.model_dump(mode="json", exclude_none=True)
    return {"event": fields.pop("event"), "date": fields.pop("date"), **fields}


# --- from the command line -------------------------------------------------------------------

OPTIONS: Final[dict[str, dict[str, str]]] = {
    "signed": {},
    "payment": {"amount": "--amount", "instalment": "--for"},
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
    "cancelled": {"by": "--by", "reason": "--reason"},
}
"""Each event's fields and the ``firmbrief record`` option that sets each."""

_DATES: Final = ("start", "delivery", "due")
_ITEM = re.compile(r"^\s*([^:#\s]+)\s*(?:#\s*([0-9]+))?\s*:\s*(.*)$", re.DOTALL)


def _option(kind: str, name: str) -> str:
    return OPTIONS.get(kind, {}).get(name, f"--{name}")


def _amount(text: str, option: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise FirmbriefError(
            f'"{text}" is not an amount; write e.g. 1071.00', field=option
        ) from None
    if not value.is_finite():
        raise FirmbriefError(f'"{text}" is not an amount; write e.g. 1071.00', field=option)
    return value


def _items(texts: list[str], kind: str) -> list[dict[str, Any]]:
    option = {"revision": "--revise", "fix": "--fix"}.get(kind, "--scope")
    items: list[dict[str, Any]] = []
    for text in texts:
        match = _ITEM.match(text)
        if not match or not match[3].strip():
            raise FirmbriefError(
                f'"{text}" is not a feedback item; write DELIVERABLE: what to change, or '
                'DELIVERABLE#CRITERION: what to change (e.g. "logo#1: thicker strokes")',
                field=option,
            )
        item: dict[str, Any] = {"deliverable": match[1], "change": match[3].strip(), "kind": kind}
        if match[2]:
            item["criterion"] = int(match[2])
        items.append(item)
    return items


def event_data(
    kind: str, options: dict[str, Any], *, when: date, order: DateOrder | None
) -> dict[str, Any]:
    """The fields of a ``kind`` event from ``firmbrief record``'s options (those given only).

    An option that does not belong to the event is refused, so a typo cannot be silently lost.
    Dates are read with the brief's ``date_order``.
    """
    if kind not in EVENT_KINDS:
        raise FirmbriefError(f'"{kind}" is not an event; use one of: {", ".join(EVENT_KINDS)}')
    given = dict(options)
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
            shown = {"items": "--revise/--fix/--scope"}.get(name, f"--{name.replace('_', '-')}")
            raise FirmbriefError(f"does not apply to a {kind} event", field=shown)
    data: dict[str, Any] = {"event": kind, "date": when}
    for name, value in given.items():
        option = _option(kind, name)
        if name in _DATES:
            try:
                value = parse_firm_date(value, order=order)
            except VagueDate as vague:
                raise FirmbriefError(vague.message, field=option) from None
        elif name in {"amount", "price"}:
            value = _amount(value, option)
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
        loc = [part for part in error["loc"] if part != data.get("event")]
        name = str(loc[0]) if loc else "event"
        option = _option(str(data.get("event")), name)
        raise FirmbriefError(_message(error, name), field=option) from None


def _message(error: Any, loc_name: str = "") -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    value = error.get("input")
    shown = f'"{value}"' if isinstance(value, str | int | Decimal) else "it"
    if kind == "missing":
        return "is needed for this event"
    if kind in {"greater_than", "greater_than_equal"}:
        return f"{shown} is too small: it must be more than {ctx.get('gt', ctx.get('ge'))}"
    if kind in {"less_than", "less_than_equal"}:
        return f"{shown} is too large: at most {ctx.get('le', ctx.get('lt'))}"
    if kind == "decimal_max_places":
        return f"{shown} has more than {ctx.get('decimal_places')} decimal places"
    if kind == "string_pattern_mismatch" and loc_name == "instalment":
        return (
            f"{shown} is not an instalment: write e.g. 1-prepayment, 1-balance, 2-round-3 or "
            "change-1"
        )
    if kind == "string_pattern_mismatch":
        return f"{shown} is not valid here"
    if kind == "string_too_short":
        return "is empty"
    if kind == "literal_error":
        return f"{shown} is not one of: {str(ctx.get('expected', '')).replace(' or ', ', ')}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return f"{shown}: {error['msg']}"
