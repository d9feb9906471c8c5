"""One project's facts for the books: its invoices and credit notes, the money received and
paid back, what is still open, and how the work went against the plan.

:func:`facts_of` reads them off a :class:`~firmbrief.contracts.record.state.Project` (the record
replayed over the brief on a day), so every figure is the one ``status`` shows: a payment is
booked by the record's one rule, a due date is the one schedule's, a voided line counts no more.
The facts are small plain values: a report over hundreds of projects keeps only these, never
the projects themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final, Literal

from firmbrief.briefs.money import NOTHING, Amounts, InstalmentKind, part_of, split_price
from firmbrief.contracts.record.events import Credited, Invoiced, Refund
from firmbrief.contracts.record.state import ZERO, IterationState, Project

__all__ = [
    "WHOSE",
    "Cash",
    "DocumentFact",
    "IterationFact",
    "OpenItem",
    "ProjectFacts",
    "client_key",
    "facts_of",
]

WHOSE: Final = {
    "materials": "materials",
    "prepayment": "payments",
    "overdue": "payments",
    "previous": "the iteration before",
    "delay": "the freelancer",
    "change": "changes",
}
"""Why a date moved (the schedule's causes), as whose doing the report names."""


@dataclass(frozen=True, slots=True)
class DocumentFact:
    """An invoice, or a credit note (its amounts negative), as the record holds it."""

    number: str
    kind: Literal["invoice", "credit note"]
    day: date
    due: date | None
    instalment: str
    amounts: Amounts
    rate: Decimal
    cancels: str | None = None  # a credit note: the invoice it cancels


@dataclass(frozen=True, slots=True)
class Cash:
    """Money received from the client (positive) or paid back (negative), gross split into
    net and tax in the proportion of what it paid."""

    day: date
    amounts: Amounts
    rate: Decimal


@dataclass(frozen=True, slots=True)
class OpenItem:
    """An amount the client owes: an invoice not paid in full, an instalment owed and not
    invoiced, or a cancellation's settlement."""

    what: str
    invoice: str | None
    due: date
    outstanding: Decimal  # gross


@dataclass(frozen=True, slots=True)
class IterationFact:
    """An iteration planned against actual."""

    number: int
    name: str
    planned_start: date | None
    start: date | None  # the day work began (None: not yet)
    planned_delivery: date | None
    delivery: date | None  # the delivery for acceptance (None: not yet)
    accepted: date | None
    late_days: int  # calendar days the delivery for acceptance came (or is) after the plan
    whose: tuple[str, ...]  # why its dates moved: materials, payments, reviews, ...
    rounds_used: int
    rounds_included: int


@dataclass(frozen=True, slots=True)
class ProjectFacts:
    """What the books need of one project."""

    file: str
    title: str
    client: str
    client_key: str
    currency: str
    digits: int
    signed: date | None
    cancelled: date | None
    finished: date | None
    documents: tuple[DocumentFact, ...]
    cash: tuple[Cash, ...]
    open_items: tuple[OpenItem, ...]
    iterations: tuple[IterationFact, ...]
    days_to_pay: tuple[int, ...]  # invoice date to full payment, per invoice paid
    days_late: tuple[int, ...]  # per instalment paid after its due date: the days late
    payments_counted: int  # instalments paid in full that had a due date
    materials: int
    materials_late: int
    reviews: int
    reviews_late: int
    rounds_used: int
    rounds_included: int
    changes: int
    changes_value: Decimal  # gross
    billed_beyond: Decimal  # gross of extra rounds and change requests


_SPACES = re.compile(r"\s+")


def client_key(tax_id: str | None, email: str | None, company: str | None, name: str | None) -> str:
    """What tells one client from another across projects: the tax number, else the email's
    address, else the company's or person's name, each compared without case, spaces or
    punctuation that people write differently."""
    if tax_id:
        return "tax:" + re.sub(r"[^0-9A-Z]", "", tax_id.upper())
    if email:
        return "email:" + email.strip().lower()
    who = company or name or ""
    return "name:" + _SPACES.sub(" ", re.sub(r"[^\w\s]", "", who.casefold())).strip()


def facts_of(project: Project, file: str) -> ProjectFacts:
    """The facts of ``project`` (the record replayed on its day), named after ``file``."""
    brief, pricing, today = project.brief, project.pricing, project.today
    client = brief.client
    iterations = tuple(_iteration(project, it) for it in project.iterations)
    paid = [i for i in project.instalments if i.paid_on is not None and i.due is not None]
    days_late = tuple(
        (i.paid_on - i.due).days for i in paid if i.paid_on and i.due and i.paid_on > i.due
    )
    days_to_pay = tuple(
        (i.paid_on - i.invoice.issued).days
        for i in project.instalments
        if i.paid_on is not None and i.invoice is not None
    )
    deliveries = [(it, d) for it in project.iterations for d in it.deliveries]
    reviews_late = sum(
        1
        for it, d in deliveries
        if (d.answered is not None and d.answered > d.review_until)
        or (d.answered is None and d.draft is None and it.deemed is not None)
    )
    changes = [c for c in project.changes if c.price is not None]
    beyond = (InstalmentKind.extra_round, InstalmentKind.change)
    return ProjectFacts(
        file=file,
        title=brief.title or file,
        client=client.company or client.name or "the client",
        client_key=client_key(client.tax_id, client.email, client.company, client.name),
        currency=pricing.currency,
        digits=pricing.digits,
        signed=project.signed,
        cancelled=project.cancelled.date if project.cancelled else None,
        finished=project.finished,
        documents=_documents(project),
        cash=_cash(project),
        open_items=_open_items(project),
        iterations=iterations,
        days_to_pay=days_to_pay,
        days_late=days_late,
        payments_counted=len(paid),
        materials=len(project.materials),
        materials_late=sum(
            1
            for m in project.materials
            if m.late > 0 or (m.received is None and m.due is not None and m.due < today)
        ),
        reviews=sum(1 for _, d in deliveries if d.answered is not None or d.review_until < today),
        reviews_late=reviews_late,
        rounds_used=sum(it.rounds_used for it in project.iterations),
        rounds_included=sum(it.rounds_included for it in project.iterations),
        changes=len(changes),
        changes_value=sum((pricing.split(c.price).gross for c in changes if c.price), ZERO),
        billed_beyond=sum(
            (i.amounts.gross for i in project.instalments if i.kind in beyond), ZERO
        ),
    )


def _iteration(project: Project, it: IterationState) -> IterationFact:
    final = [d.day for d in it.deliveries if d.draft is None]
    delivery = final[-1] if final else None
    late = 0
    if it.planned_delivery is not None:
        until = delivery or (project.today if it.accepted_on is None else None)
        if until is not None:
            late = max((until - it.planned_delivery).days, 0)
    whose: list[str] = []
    prefix = f"iteration {it.number} "
    for moved in project.moved:
        if moved.what.startswith(prefix):
            whose.extend(WHOSE.get(cause, cause) for cause in moved.causes)
    if any(d.answered is not None and d.answered > d.review_until for d in it.deliveries):
        whose.append("reviews")
    if delivery is not None and it.delivery is not None and delivery > it.delivery:
        whose.append("the freelancer")
    elif delivery is None and late and not whose:
        whose.append("the freelancer")  # due, not delivered, and nothing moved the date
    return IterationFact(
        number=it.number,
        name=it.name,
        planned_start=it.planned_start,
        start=it.started if it.started and it.started <= project.today else None,
        planned_delivery=it.planned_delivery,
        delivery=delivery,
        accepted=it.accepted_on,
        late_days=late,
        whose=tuple(dict.fromkeys(whose)),
        rounds_used=it.rounds_used,
        rounds_included=it.rounds_included,
    )


def _counted_events(project: Project) -> list[object]:
    voided = {v.line for v in project.voided}
    return [
        e.event
        for e in project.record.entries
        if e.line not in voided and e.event.date <= project.today
    ]


def _documents(project: Project) -> tuple[DocumentFact, ...]:
    rate = project.pricing.rate
    issued: dict[str, DocumentFact] = {}
    documents: list[DocumentFact] = []
    for event in _counted_events(project):
        if isinstance(event, Invoiced):
            fact = DocumentFact(
                number=event.number,
                kind="invoice",
                day=event.date,
                due=event.due,
                instalment=event.instalment,
                amounts=Amounts(event.net, event.tax, event.gross),
                rate=rate,
            )
            issued[event.number] = fact
            documents.append(fact)
        elif isinstance(event, Credited) and event.invoice in issued:
            cancelled = issued[event.invoice]
            documents.append(
                DocumentFact(
                    number=event.number,
                    kind="credit note",
                    day=event.date,
                    due=None,
                    instalment=cancelled.instalment,
                    amounts=-cancelled.amounts,
                    rate=rate,
                    cancels=cancelled.number,
                )
            )
    return tuple(documents)


def _cash(project: Project) -> tuple[Cash, ...]:
    pricing = project.pricing
    rate, digits = pricing.rate, pricing.digits
    by_key = {i.key: i for i in project.instalments}
    cash: list[Cash] = []
    for payment in project.payments:
        if payment.day > project.today:
            continue
        parts = NOTHING
        for key, gross in payment.shares:
            instalment = by_key.get(key)
            parts += (
                part_of(instalment.amounts, gross, digits)
                if instalment is not None
                else split_price(gross, gross_prices=True, rate=rate, digits=digits)
            )
        rest = payment.amount - parts.gross
        if rest:
            parts += split_price(rest, gross_prices=True, rate=rate, digits=digits)
        cash.append(Cash(payment.day, parts, rate))
    for event in _counted_events(project):
        if isinstance(event, Refund):
            back = split_price(event.amount, gross_prices=True, rate=rate, digits=digits)
            cash.append(Cash(event.date, -back, rate))
    return tuple(sorted(cash, key=lambda c: c.day))


def _open_items(project: Project) -> tuple[OpenItem, ...]:
    today = project.today
    settlement = project.settlement
    if project.cancelled is not None and settlement is not None:
        if settlement.balance <= 0:
            return ()
        return (OpenItem("the settlement after the cancellation", None, settlement.day,
                         settlement.balance),)  # fmt: skip
    items: list[OpenItem] = []
    for instalment in project.instalments:
        if not instalment.outstanding:
            continue
        invoice = instalment.invoice
        if invoice is not None and invoice.active:
            items.append(
                OpenItem(instalment.label, invoice.number, invoice.due, instalment.outstanding)
            )
        elif instalment.due is not None and instalment.due_firm and instalment.due <= today:
            items.append(OpenItem(instalment.label, None, instalment.due, instalment.outstanding))
    return tuple(items)


# --- kept between runs ------------------------------------------------------------------------


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _amounts_of(data: list[str]) -> Amounts:
    net, tax, gross = (Decimal(x) for x in data)
    if net + tax != gross:
        raise ValueError("net and tax do not add up")
    return Amounts(net, tax, gross)


def facts_data(facts: ProjectFacts) -> dict[str, Any]:
    """``facts`` as JSON-able data (dates ISO, amounts decimal strings): what the cache keeps."""

    def value(item: Any) -> Any:
        if isinstance(item, date):
            return item.isoformat()
        if isinstance(item, Decimal):
            return str(item)
        if isinstance(item, Amounts):
            return [str(item.net), str(item.tax), str(item.gross)]
        if isinstance(item, tuple | list):
            return [value(x) for x in item]
        if hasattr(item, "__dataclass_fields__"):
            return {f: value(getattr(item, f)) for f in item.__dataclass_fields__}
        return item

    data: dict[str, Any] = value(facts)
    return data


def facts_from_data(data: dict[str, Any]) -> ProjectFacts:
    """The facts :func:`facts_data` wrote; ``ValueError``/``KeyError``/``TypeError`` if they
    are not (the caller computes them again)."""
    documents = tuple(
        DocumentFact(d["number"], d["kind"], date.fromisoformat(d["day"]), _day(d["due"]),
                     d["instalment"], _amounts_of(d["amounts"]), Decimal(d["rate"]), d["cancels"])
        for d in data["documents"]
    )  # fmt: skip
    cash = tuple(
        Cash(date.fromisoformat(c["day"]), _amounts_of(c["amounts"]), Decimal(c["rate"]))
        for c in data["cash"]
    )
    items = tuple(
        OpenItem(o["what"], o["invoice"], date.fromisoformat(o["due"]), Decimal(o["outstanding"]))
        for o in data["open_items"]
    )
    iterations = tuple(
        IterationFact(
            i["number"], i["name"], _day(i["planned_start"]), _day(i["start"]),
            _day(i["planned_delivery"]), _day(i["delivery"]), _day(i["accepted"]),
            int(i["late_days"]), tuple(i["whose"]), int(i["rounds_used"]),
            int(i["rounds_included"]),
        )
        for i in data["iterations"]
    )  # fmt: skip
    ints = ("payments_counted", "materials", "materials_late", "reviews", "reviews_late",
            "rounds_used", "rounds_included", "changes", "digits")  # fmt: skip
    return ProjectFacts(
        file=str(data["file"]),
        title=str(data["title"]),
        client=str(data["client"]),
        client_key=str(data["client_key"]),
        currency=str(data["currency"]),
        signed=_day(data["signed"]),
        cancelled=_day(data["cancelled"]),
        finished=_day(data["finished"]),
        documents=documents,
        cash=cash,
        open_items=items,
        iterations=iterations,
        days_to_pay=tuple(int(x) for x in data["days_to_pay"]),
        days_late=tuple(int(x) for x in data["days_late"]),
        changes_value=Decimal(data["changes_value"]),
        billed_beyond=Decimal(data["billed_beyond"]),
        **{name: int(data[name]) for name in ints},
    )
