"""The plan a brief describes, with its dates read and its money worked out.

:func:`plan_of` is what documents, the schedule and the project's status work from: each
iteration with its dates and the day its client review ends, each material with its due date,
each instalment with its amounts and when it is due. A date that is not firm is ``None`` here
(``check`` reports it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from firmbrief.briefs.dates import parse_firm_date
from firmbrief.briefs.fields import Loc, date_fields
from firmbrief.briefs.money import Amounts, InstalmentKind, Pricing
from firmbrief.briefs.pricing import planned_instalments, pricing_of
from firmbrief.briefs.schema import Brief
from firmbrief.briefs.workdays import WorkCalendar
from firmbrief.errors import VagueDate

__all__ = [
    "Plan",
    "PlannedIteration",
    "PlannedMaterial",
    "PlannedPayment",
    "balance_due",
    "firm_dates",
    "plan_of",
]


def firm_dates(brief: Brief) -> dict[Loc, date]:
    """Every firm date in ``brief`` by its path; vague ones are left out."""
    found: dict[Loc, date] = {}
    for loc, text in date_fields(brief):
        try:
            found[loc] = parse_firm_date(text, order=brief.date_order)
        except VagueDate:
            continue
    return found


@dataclass(frozen=True, slots=True)
class PlannedIteration:
    number: int  # 1-based
    name: str
    deliverables: tuple[str, ...]
    start: date | None
    delivery: date | None
    review_days: int
    review_ends: date | None  # the last working day of the client's review
    drafts: int
    revision_rounds: int
    price: Decimal


@dataclass(frozen=True, slots=True)
class PlannedMaterial:
    name: str
    due: date | None
    iteration: int  # 1-based: the iteration that needs it


@dataclass(frozen=True, slots=True)
class PlannedPayment:
    iteration: int  # 1-based
    kind: InstalmentKind  # prepayment or balance
    amounts: Amounts
    due: date | None  # the day it is due, or the expected day for one due after acceptance
    trigger: str  # in words: "before iteration 1 starts", "14 days after acceptance"
    following: int | None = None  # a balance due at the latest when this iteration starts


@dataclass(frozen=True, slots=True)
class Plan:
    pricing: Pricing
    iterations: tuple[PlannedIteration, ...]
    materials: tuple[PlannedMaterial, ...]
    payments: tuple[PlannedPayment, ...]
    calendar: WorkCalendar

    @property
    def currency(self) -> str:
        return self.pricing.currency

    @property
    def digits(self) -> int:
        return self.pricing.digits

    @property
    def totals(self) -> Amounts:
        return Amounts.total(p.amounts for p in self.payments)


def balance_due(accepted: date, due_days: int, next_start: date | None) -> date:
    """The one rule for when an iteration's balance is due: ``due_days`` after its acceptance,
    but never later than the day the next iteration starts (``next_start``; ``None`` for the last
    iteration, or when iterations may overlap). One transfer can then pay the balance and the
    next prepayment, and the next iteration's gate (accepted and paid in full) is open on its
    start."""
    due = accepted + timedelta(days=due_days)
    return min(due, next_start) if next_start is not None and next_start >= accepted else due


def plan_of(brief: Brief) -> Plan:
    """Work out the plan of ``brief`` (complete or not: missing parts are ``None`` or 0)."""
    dates = firm_dates(brief)
    calendar = WorkCalendar(brief.freelancer.country, brief.freelancer.region)

    iterations: list[PlannedIteration] = []
    for index, it in enumerate(brief.iterations):
        delivery = dates.get(("iterations", index, "delivery"))
        review = it.review_days or 0
        iterations.append(
            PlannedIteration(
                number=index + 1,
                name=it.name or f"Iteration {index + 1}",
                deliverables=tuple(it.deliverables),
                start=dates.get(("iterations", index, "start")),
                delivery=delivery,
                review_days=review,
                review_ends=calendar.add_working_days(delivery, review) if delivery else None,
                drafts=it.drafts or 0,
                revision_rounds=it.revision_rounds or 0,
                price=it.price or Decimal(0),
            )
        )

    materials = tuple(
        PlannedMaterial(
            name=m.name or f"Material {index + 1}",
            due=dates.get(("materials", index, "due")),
            iteration=m.iteration or 1,
        )
        for index, m in enumerate(brief.materials)
    )

    due_days = brief.payment.due_days
    overlap = brief.terms.iterations == "may_overlap"
    payments: list[PlannedPayment] = []
    for index, item in enumerate(planned_instalments(brief)):
        it_plan = iterations[item.iteration - 1] if 0 < item.iteration <= len(iterations) else None
        explicit = dates.get(("payment", "instalments", index, "due"))
        latest = None
        if item.kind is InstalmentKind.prepayment:
            due = explicit or (it_plan.start if it_plan else None)
            trigger = f"before iteration {item.iteration} starts"
        else:
            accepted = it_plan.review_ends if it_plan else None
            following = None if overlap else _start_of(iterations, item.iteration + 1)
            due = explicit or (balance_due(accepted, due_days, following) if accepted else None)
            trigger = f"{due_days} days after iteration {item.iteration} is accepted"
            if following is not None:
                trigger += f", at the latest when iteration {item.iteration + 1} starts"
                latest = item.iteration + 1
        payments.append(PlannedPayment(item.iteration, item.kind, item.amounts, due, trigger,
                                       latest))  # fmt: skip

    return Plan(
        pricing=pricing_of(brief),
        iterations=tuple(iterations),
        materials=materials,
        payments=tuple(payments),
        calendar=calendar,
    )


def _start_of(iterations: list[PlannedIteration], number: int) -> date | None:
    """The planned start of iteration ``number`` (1-based), if there is one."""
    return iterations[number - 1].start if 0 < number <= len(iterations) else None
