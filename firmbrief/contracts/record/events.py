"""What can happen during a project, as events of its record, each validated before it is written.

One model per kind of event (``signed``, ``payment``, ``materials``, ``delivered``, ``revision``,
``accepted``, ``change``, ``delay``, ``note``, ``released``, ``cancelled``, ``refund``,
``void``, and ``invoiced`` and ``credited``, which ``firmbrief invoice`` writes), strict about
shape
like the brief's schema: unknown fields are errors, dates are firm (the one rule of
:func:`~firmbrief.briefs.dates.parse_firm_date`), money is :class:`~decimal.Decimal`, text is
capped and free of control characters. Whether an event makes sense for a brief (the iteration
exists, the instalment is known, the project is not cancelled) is
:mod:`firmbrief.contracts.record.admission`'s question; how ``firmbrief record``'s options
become an event is :mod:`firmbrief.contracts.record.options`'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    TypeAdapter,
    model_validator,
)

from firmbrief.briefs.dates import FIRST_YEAR, LAST_YEAR, parse_firm_date
from firmbrief.briefs.fields import Ident, Money, Number, Sentence
from firmbrief.contracts.record.kinds import EventKind, ItemKind, NoteKind
from firmbrief.errors import VagueDate

__all__ = [
    "Accepted",
    "Cancelled",
    "Change",
    "Credited",
    "Delay",
    "Delivered",
    "Entry",
    "Event",
    "FeedbackItem",
    "Invoiced",
    "Materials",
    "Note",
    "Payment",
    "Refund",
    "Released",
    "Revision",
    "Signed",
    "Void",
    "parse_event",
]

INSTALMENT_KEY: Final = re.compile(
    r"^(?:[1-9][0-9]?-(?:prepayment|balance)(?:-[1-9][0-9]?)?"
    r"|[1-9][0-9]?-round-[1-9][0-9]?|change-[1-9][0-9]?|test-task|settlement)$"
)
"""``1-prepayment``, ``1-balance``, ``2-round-3`` (an extra revision round), ``change-1``,
``test-task``."""


_ISO: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _firm(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError("should be a date written as text, e.g. 2027-03-15")
    if _ISO.fullmatch(value):  # as firmbrief writes them: the common case, read at once
        try:
            day = date.fromisoformat(value)
        except ValueError:
            day = None  # not a calendar day: the one rule says why
        if day is not None and FIRST_YEAR <= day.year <= LAST_YEAR:
            return day
    try:
        return parse_firm_date(value)
    except VagueDate as vague:
        raise ValueError(vague.message) from None


Day = Annotated[
    date, BeforeValidator(_firm), PlainSerializer(lambda d: d.isoformat(), return_type=str)
]
"""A firm date; written to the record as ``2027-03-15``."""


def _written(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError('an amount is written as text in the record, e.g. "1071.00"')
    return value


Amount = Annotated[
    Money, BeforeValidator(_written), PlainSerializer(lambda d: format(d, "f"), return_type=str)
]
"""Money, written to the record as a decimal string (never a JSON number), read back by the one
rule for amounts (:func:`~firmbrief.briefs.money.parse_amount`)."""

InstalmentKey = Annotated[str, StringConstraints(pattern=INSTALMENT_KEY.pattern)]

INVOICE_NUMBER: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")
"""An invoice number as the register hands them out: ``2026-0001``, ``INV/2026/7``."""

InvoiceNumber = Annotated[str, StringConstraints(pattern=INVOICE_NUMBER.pattern)]
Fingerprint = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    date: Day


class Signed(_Event):
    """Both sides signed the brief and its terms; pins the brief's fingerprint, and whom the
    agreement is with (``client``). A signing after the first is an amendment's: ``amends`` is
    the fingerprint it replaces."""

    event: Literal[EventKind.signed] = EventKind.signed
    fingerprint: Fingerprint
    amends: Fingerprint | None = None
    client: Sentence | None = None  # whom the agreement is with (see signed_copy.party_of)


class Payment(_Event):
    """Money received from the client (gross): one transfer, for the instalment it names
    (``instalment``), for several in the order named (``instalments``), for the invoices it
    names (``invoices``, each standing for its instalment), or, naming none, for what is
    outstanding (see :mod:`firmbrief.contracts.record.allocation`). ``credit``: money beyond
    what it pays was meant to be kept as a credit. ``again``: it equals a payment recorded the
    same day, and is a second transfer all the same."""

    event: Literal[EventKind.payment] = EventKind.payment
    amount: Amount = Field(gt=0)
    instalment: InstalmentKey | None = None
    instalments: list[InstalmentKey] | None = Field(None, min_length=2, max_length=50)
    invoices: list[InvoiceNumber] | None = Field(None, min_length=1, max_length=50)
    credit: Literal[True] | None = None  # written only when said
    # a second payment equal to one recorded the same day, confirmed as one (not a double entry)
    again: Literal[True] | None = None

    @model_validator(mode="after")
    def _one_way(self) -> Payment:
        if self.instalment is not None and self.instalments is not None:
            raise ValueError("names its instalments once: instalment or instalments")
        if self.invoices is not None and (self.instalment or self.instalments):
            raise ValueError("names what it pays once: the invoices, or the instalments")
        if self.instalments is not None and len(set(self.instalments)) != len(self.instalments):
            raise ValueError("names an instalment twice")
        if self.invoices is not None and len(set(self.invoices)) != len(self.invoices):
            raise ValueError("names an invoice twice")
        return self

    @property
    def targets(self) -> list[str]:
        """The instalments it names, in order; empty when it names none."""
        if self.instalments is not None:
            return list(self.instalments)
        return [self.instalment] if self.instalment is not None else []


class Materials(_Event):
    """The client supplied materials (by their number in the brief, from 1)."""

    event: Literal[EventKind.materials] = EventKind.materials
    materials: list[Number] = Field(min_length=1, max_length=50)


class Delivered(_Event):
    """The freelancer delivered a draft, or the work for acceptance (``draft`` is ``None``)."""

    event: Literal[EventKind.delivered] = EventKind.delivered
    iteration: Number
    draft: Number | None = None


class FeedbackItem(BaseModel):
    """One point of the client's feedback."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    deliverable: Ident
    change: Sentence = Field(min_length=1)
    criterion: Number | None = None  # the deliverable's acceptance criterion, from 1
    kind: ItemKind = ItemKind.revision
    price: Amount | None = None  # a change of scope priced at once

    @model_validator(mode="after")
    def _consistent(self) -> FeedbackItem:
        if self.kind is ItemKind.fix and self.criterion is None:
            raise ValueError("a fix names the acceptance criterion the delivery misses")
        if self.price is not None and self.kind is not ItemKind.change_of_scope:
            raise ValueError("only a change of scope has a price")
        return self


class Revision(_Event):
    """The client asked for changes: a revision round, item by item."""

    event: Literal[EventKind.revision] = EventKind.revision
    iteration: Number
    items: list[FeedbackItem] = Field(min_length=1, max_length=50)


class Accepted(_Event):
    """The client accepted an iteration."""

    event: Literal[EventKind.accepted] = EventKind.accepted
    iteration: Number


class Change(_Event):
    """A change request agreed with its price (and new dates); adds an instalment."""

    event: Literal[EventKind.change] = EventKind.change
    price: Amount
    description: Sentence | None = None
    request: Number | None = None  # the open change request (from feedback) it prices
    iteration: Number | None = None  # the iteration it belongs to
    start: Day | None = None  # the iteration's new start
    delivery: Day | None = None  # the iteration's new delivery
    due: Day | None = None  # when its instalment is due


class Delay(_Event):
    """The freelancer announced a delay of their own delivery."""

    event: Literal[EventKind.delay] = EventKind.delay
    iteration: Number
    delivery: Day
    reason: Sentence = Field(min_length=1)


class Note(_Event):
    """A formal notice or a progress update sent to the client."""

    event: Literal[EventKind.note] = EventKind.note
    kind: NoteKind
    about: Sentence | None = None


class Released(_Event):
    """Source and working files handed over."""

    event: Literal[EventKind.released] = EventKind.released
    what: Literal["source"] = "source"
    anyway: bool = False  # recorded although the release gate was closed


class Cancelled(_Event):
    """The project was cancelled."""

    event: Literal[EventKind.cancelled] = EventKind.cancelled
    by: Literal["client", "freelancer"]
    reason: Sentence | None = None
    # ended for cause: the other side's breach, after a written reminder and the cure days
    # (the terms' "Ending the agreement"); settled as if the side at fault had ended it
    for_cause: Literal[True] | None = None

    @property
    def settled_as(self) -> Literal["client", "freelancer"]:
        """The side the settlement follows: the one that ended, or, for cause, the one at
        fault (the other side)."""
        if self.for_cause:
            return "freelancer" if self.by == "client" else "client"
        return self.by


class Refund(_Event):
    """Money paid back to the client (gross): a credit held, or what a settlement refunds."""

    event: Literal[EventKind.refund] = EventKind.refund
    amount: Amount = Field(gt=0)
    reason: Sentence | None = None


class Invoiced(_Event):
    """An invoice issued for one instalment (by ``firmbrief invoice``): its number, its
    amounts and when it is due. Its due date is the instalment's from then on."""

    event: Literal[EventKind.invoiced] = EventKind.invoiced
    number: InvoiceNumber
    instalment: InstalmentKey
    net: Amount
    tax: Amount
    gross: Amount = Field(gt=0)
    due: Day

    @model_validator(mode="after")
    def _consistent(self) -> Invoiced:
        if self.net + self.tax != self.gross:
            raise ValueError(f"net {self.net} and tax {self.tax} do not add up to {self.gross}")
        if self.due < self.date:
            raise ValueError("is due before its own date")
        return self


class Credited(_Event):
    """A credit note (``firmbrief invoice --credit``) that cancels an invoice: the instalment
    is no longer invoiced, and the invoice can no longer be paid."""

    event: Literal[EventKind.credited] = EventKind.credited
    number: InvoiceNumber  # the credit note's
    invoice: InvoiceNumber  # the invoice it cancels


class Void(_Event):
    """An earlier line recorded by mistake: it stays in the record (and its chain), and counts
    no more."""

    event: Literal[EventKind.void] = EventKind.void
    line: int = Field(ge=1, le=1_000_000)
    reason: Sentence = Field(min_length=1)


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
    | Cancelled
    | Refund
    | Void
    | Invoiced
    | Credited,
    Field(discriminator="event"),
]

_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


@dataclass(frozen=True, slots=True)
class Entry:
    """An event as read from the record, with the line it is on (from 1) and the line's check
    sum."""

    line: int
    event: Event
    check: str = ""


def parse_event(data: dict[str, Any]) -> Event:
    """Validate ``data`` as an event; :class:`~pydantic.ValidationError` if it is not one."""
    return _ADAPTER.validate_python(data)


def event_dict(event: Event) -> dict[str, Any]:
    """The event as JSON-ready data, in the record's field order, without unset defaults."""
    fields = event.model_dump(mode="json", exclude_none=True)
    return {"event": fields.pop("event"), "date": fields.pop("date"), **fields}
