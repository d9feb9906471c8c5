"""What the documents print, as plain values: each part of a brief formatted for people, and
:class:`Formats`, how money and dates are printed in one locale. The templates print these as
they are; :mod:`firmbrief.contracts.documents` builds them."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any, Final

from firmbrief.briefs.money import formatted
from firmbrief.contracts.clauses import Clause

__all__ = [
    "NOT_SET",
    "Context",
    "DeliverableView",
    "Formats",
    "IterationView",
    "MaterialView",
    "Meta",
    "PartyView",
    "PaymentView",
    "RoundView",
    "StepView",
    "TaxView",
    "TimelineView",
]


NOT_SET: Final = "not set"
"""What a draft shows where the brief gives no firm value yet."""


@dataclass(frozen=True, slots=True)
class Formats:
    """Money and dates as a document prints them, in one locale."""

    locale: str
    currency: str
    digits: int

    def money(self, amount: Decimal | None) -> str:
        """``1.071,00 €``: the amount rounded to the currency's precision, by Babel."""
        if amount is None:
            return NOT_SET
        return formatted(amount, self.currency, self.digits, self.locale)

    def day(self, day: date | None) -> str:
        """``11 January 2027`` (``January 11, 2027`` in the US), or "not set" in a draft."""
        if day is None:
            return NOT_SET
        from babel.dates import format_date

        said = str(format_date(day, "long", locale=self.locale))
        if day.day == 1 and self.locale.split("_")[0] == "fr" and said.startswith("1 "):
            return "1er" + said[1:]  # French writes the first of a month as an ordinal
        return said

    def number(self, value: Decimal | int) -> str:
        """A plain number in the locale (``12,5`` in Germany)."""
        from babel.numbers import format_decimal

        return str(format_decimal(value, locale=self.locale))

    def percent(self, value: Decimal | int) -> str:
        return f"{self.number(value)}%"


@dataclass(frozen=True, slots=True)
class PartyView:
    """One side of the agreement, as the documents print it."""

    label: str  # "Freelancer" or "Client"
    display: str  # the business, or the person when there is no business
    name: str
    company: str
    address: tuple[str, ...]
    email: str
    phone: str
    tax_id: str
    signer: str  # who signs for this side
    signer_role: str
    legal: str = ""  # who contracts: "Mara Jensen, trading as Jensen Studio"


@dataclass(frozen=True, slots=True)
class DeliverableView:
    id: str
    name: str
    description: str
    volume: str
    formats: tuple[str, ...]
    acceptance: tuple[str, ...]
    iterations: tuple[int, ...]  # the iterations that work on it


@dataclass(frozen=True, slots=True)
class IterationView:
    number: int
    name: str
    deliverables: tuple[str, ...]  # names
    start: str
    delivery: str
    review_days: int
    review_ends: str
    drafts: int
    revision_rounds: int
    price: str


@dataclass(frozen=True, slots=True)
class MaterialView:
    name: str
    due: str
    iteration: int
    iteration_name: str


@dataclass(frozen=True, slots=True)
class PaymentView:
    iteration: int
    iteration_name: str
    kind: str  # "prepayment" or "balance"
    label: str  # "Prepayment (50%)"
    net: str
    tax: str
    gross: str
    due: str
    trigger: str
    expected: bool  # the due date is expected (after acceptance), not fixed


@dataclass(frozen=True, slots=True)
class TaxView:
    name: str  # "VAT", as prose says it ("tax" when the brief does not name it)
    label: str  # the same as a column heading ("Tax" when not named)
    rate: str  # "19%"
    exemption: str
    prices: str  # "net" or "gross"
    note: str  # the note the document carries; "" when none is called for
    said: bool  # whether the brief says how tax applies at all


@dataclass(frozen=True, slots=True)
class Meta:
    """What every document's head and margins carry."""

    title: str
    author: str
    subject: str
    created: str  # ISO date
    prepared: str  # the same day, spelled out
    fingerprint: str
    generator: str
    paper: str  # CSS page size
    accent: str  # #rrggbb, checked
    studio: str
    draft: bool


@dataclass(frozen=True, slots=True)
class StepView:
    """A draft (or the delivery for acceptance, the last draft) and the client's window."""

    kind: str  # "draft" or "delivery"
    number: int
    day: str
    offset: int | None  # working days after the start
    answer_by: str


@dataclass(frozen=True, slots=True)
class RoundView:
    number: int
    feedback_by: str
    redelivery: str
    review_until: str


@dataclass(frozen=True, slots=True)
class TimelineView:
    """One iteration's drafts and rounds, dated (see :mod:`firmbrief.briefs.timeline`)."""

    number: int
    name: str
    start: str
    window_days: int
    steps: tuple[StepView, ...]
    rounds: tuple[RoundView, ...]


@dataclass(frozen=True, slots=True)
class Context:
    """Everything the templates print, formatted. Pass :meth:`as_dict` to a template."""

    doc: Meta
    kind: str  # "brief" or "terms"
    project: str
    summary: str
    freelancer: PartyView
    client: PartyView
    approver: str
    approver_role: str
    approver_email: str
    also_agree: tuple[str, ...] | None  # None: not said; (): nobody else
    goals: tuple[str, ...]
    emphasis: tuple[str, ...]
    audience: str
    rules: tuple[str, ...] | None
    deliverables: tuple[DeliverableView, ...]
    materials: tuple[MaterialView, ...]
    iterations: tuple[IterationView, ...]
    payments: tuple[PaymentView, ...]
    totals: dict[str, str]
    tax: TaxView
    currency: str
    prepayment: str  # "50%"
    balance: str  # "50%"
    instalments_spelled_out: bool
    due_days: int
    extra_round_price: str  # "" when not said
    late_payment: str
    update_interval_days: int | None
    source_release: str
    rights: str
    licence: str
    previews: str
    late_materials: str
    iterations_overlap: bool
    test_task: dict[str, str] | None
    cancellation: dict[str, Any]
    legal: dict[str, Any]
    spelling: str  # "en-US" or "en-GB": the documents' own words
    clauses: tuple[Clause, ...]
    clause: dict[str, Clause] = field(default_factory=dict)
    logo: str = ""  # a file URL we built, of a checked image; "" for none
    timelines: tuple[TimelineView, ...] = ()  # drafts, windows and rounds, per iteration
    timing: dict[str, int] = field(default_factory=dict)  # the terms' day and cycle counts
    glance: dict[str, Any] = field(default_factory=dict)  # the page at a glance's payments
    language: str = "en"  # the client's: the documents' words (firmbrief.briefs.language)
    versions: tuple[str, ...] = ()  # the terms' languages when the parties' differ ("en", "de")
    prevailing: str = ""  # which of ``versions`` prevails where they differ

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
