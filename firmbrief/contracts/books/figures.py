"""The books across projects: the facts of many projects added up.

* **Receivables**: every amount owed on the day, with its client, due date and age in days
  past due, in four buckets (:data:`BUCKETS`), and the totals per currency and bucket.
* **Income** per month, quarter and year and per currency: invoiced (net, tax by rate, gross;
  a credit note counts, negative, on its own date) and received (money in less money paid
  back, split into net and tax in the proportion of what it paid).
* **Clients**: projects, how fast and how late they pay, late materials and reviews, revision
  rounds used against included, change requests and their value.
* **Projects**: each iteration planned against actual, and whose doing a delay was.

Amounts never mix currencies: every sum is per currency.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Final

from firmbrief.briefs.money import NOTHING, Amounts, amount_text, plain
from firmbrief.contracts.books.facts import IterationFact, ProjectFacts
from firmbrief.contracts.books.gather import Skipped

__all__ = [
    "BUCKETS",
    "Books",
    "ClientRow",
    "IncomeRow",
    "Period",
    "ProjectRow",
    "Receivable",
    "books_of",
    "bucket",
    "client_row",
]

BUCKETS: Final = ("not due", "1-30", "31-60", "over 60")
"""Receivables by days past due: not yet due (or due today), 1 to 30, 31 to 60, over 60."""

ZERO: Final = Decimal(0)


@dataclass(frozen=True, slots=True)
class Period:
    """The days the income counts (both ends included; ``None``: open)."""

    start: date | None = None
    end: date | None = None
    label: str = "all dates"

    def holds(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Receivable:
    client: str
    file: str
    title: str
    what: str
    invoice: str | None
    due: date
    age: int  # days past due (0 or less: not due yet)
    bucket: str
    outstanding: Decimal
    currency: str
    digits: int


@dataclass(slots=True)
class IncomeRow:
    period: str  # 2027-01, 2027-Q1, 2027
    currency: str
    digits: int
    invoiced: Amounts = NOTHING
    invoiced_by_rate: dict[Decimal, Amounts] = field(default_factory=dict)
    credited: Amounts = NOTHING  # the credit notes' part of ``invoiced`` (negative)
    received: Amounts = NOTHING
    received_by_rate: dict[Decimal, Amounts] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ClientRow:
    key: str
    name: str
    projects: int
    payments: int  # instalments paid in full that had a due date
    paid_late: int
    median_days_to_pay: float | None
    worst_days_to_pay: int | None
    median_days_late: float | None
    materials_late_projects: int  # projects in which materials came late
    projects_with_materials: int
    reviews: int
    reviews_late: int
    rounds_used: int
    rounds_included: int
    changes: int
    changes_value: dict[str, Decimal]  # per currency, gross


@dataclass(frozen=True, slots=True)
class ProjectRow:
    file: str
    title: str
    client: str
    currency: str
    digits: int
    signed: date | None
    cancelled: date | None
    finished: date | None
    iterations: tuple[IterationFact, ...]
    late_days: int  # the latest iteration's days late
    rounds_used: int
    rounds_included: int
    billed_beyond: Decimal
    outstanding: Decimal


@dataclass(slots=True)
class Books:
    today: date
    period: Period
    receivables: list[Receivable]
    receivable_totals: dict[str, dict[str, Decimal]]  # currency -> bucket -> gross
    months: list[IncomeRow]
    quarters: list[IncomeRow]
    years: list[IncomeRow]
    clients: list[ClientRow]
    projects: list[ProjectRow]
    skipped: list[Skipped]
    digits: dict[str, int]  # each currency's minor digits

    def money(self, amount: Decimal, currency: str) -> str:
        """``1,071.00 EUR``: an amount in the currency's digits (:func:`plain`)."""
        return plain(amount, currency, self.digits.get(currency, 2))

    def data(self, amount: Decimal, currency: str) -> str:
        """``"1071.00"``: an amount in data (:func:`amount_text`)."""
        return amount_text(amount, self.digits.get(currency, 2))


def bucket(age: int) -> str:
    """The bucket of an amount ``age`` days past due."""
    if age <= 0:
        return BUCKETS[0]
    if age <= 30:
        return BUCKETS[1]
    return BUCKETS[2] if age <= 60 else BUCKETS[3]


def _quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _month(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def _year(day: date) -> str:
    return str(day.year)


_KEYS: Final[tuple[Callable[[date], str], ...]] = (_month, _quarter, _year)


def books_of(
    facts: Iterable[ProjectFacts], skipped: list[Skipped], *, today: date, period: Period
) -> Books:
    """The books of the projects whose ``facts`` are given, on ``today``, with the income of
    ``period``."""
    receivables: list[Receivable] = []
    totals: dict[str, dict[str, Decimal]] = {}
    income: list[dict[tuple[str, str], IncomeRow]] = [{}, {}, {}]
    per_client: dict[str, list[ProjectFacts]] = defaultdict(list)
    projects: list[ProjectRow] = []
    digits: dict[str, int] = {}
    for project in facts:
        digits[project.currency] = project.digits
        per_client[project.client_key].append(project)
        owed = ZERO
        for item in project.open_items:
            age = (today - item.due).days
            receivables.append(
                Receivable(project.client, project.file, project.title, item.what,
                           item.invoice, item.due, age, bucket(age), item.outstanding,
                           project.currency, project.digits)
            )  # fmt: skip
            row = totals.setdefault(project.currency, dict.fromkeys(BUCKETS, ZERO))
            row[bucket(age)] += item.outstanding
            owed += item.outstanding
        _add_income(project, period, income)
        projects.append(_project_row(project, owed))
    receivables.sort(key=lambda r: (r.due, r.client, r.file))
    rows = [sorted(level.values(), key=lambda r: (r.period, r.currency)) for level in income]
    clients = sorted(
        (client_row(key, group) for key, group in per_client.items()),
        key=lambda c: (c.name.casefold(), c.key),
    )
    return Books(today, period, receivables, totals, rows[0], rows[1], rows[2], clients,
                 sorted(projects, key=lambda p: p.file), skipped, digits)  # fmt: skip


def _row(level: dict[tuple[str, str], IncomeRow], key: str, project: ProjectFacts) -> IncomeRow:
    found = level.get((key, project.currency))
    if found is None:
        found = level[(key, project.currency)] = IncomeRow(key, project.currency, project.digits)
    return found


def _add_income(
    project: ProjectFacts, period: Period, income: list[dict[tuple[str, str], IncomeRow]]
) -> None:
    """Each document and each sum of money of ``project`` in ``period``, added to its month,
    quarter and year."""
    for document in project.documents:
        credit = document.kind == "credit note"
        _add(project, period, income, document.day, document.amounts, document.rate, credit)
    for cash in project.cash:
        _add(project, period, income, cash.day, cash.amounts, cash.rate, None)


def _add(
    project: ProjectFacts,
    period: Period,
    income: list[dict[tuple[str, str], IncomeRow]],
    day: date,
    amounts: Amounts,
    rate: Decimal,
    credit: bool | None,
) -> None:
    """Add ``amounts`` of ``day``: invoiced (``credit`` says whether by a credit note), or
    received (``credit`` is ``None``)."""
    if not period.holds(day):
        return
    for level, key_of in zip(income, _KEYS, strict=True):
        row = _row(level, key_of(day), project)
        if credit is None:
            row.received += amounts
            row.received_by_rate[rate] = row.received_by_rate.get(rate, NOTHING) + amounts
            continue
        row.invoiced += amounts
        row.invoiced_by_rate[rate] = row.invoiced_by_rate.get(rate, NOTHING) + amounts
        if credit:
            row.credited += amounts


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def client_row(key: str, group: list[ProjectFacts]) -> ClientRow:
    to_pay = [d for p in group for d in p.days_to_pay]
    late = [d for p in group for d in p.days_late]
    value: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for p in group:
        if p.changes:
            value[p.currency] += p.changes_value
    latest = max(group, key=lambda p: (p.signed or date.min, p.file))
    return ClientRow(
        key=key,
        name=latest.client,
        projects=len(group),
        payments=sum(p.payments_counted for p in group),
        paid_late=len(late),
        median_days_to_pay=_median(to_pay),
        worst_days_to_pay=max(to_pay) if to_pay else None,
        median_days_late=_median(late),
        materials_late_projects=sum(1 for p in group if p.materials_late),
        projects_with_materials=sum(1 for p in group if p.materials),
        reviews=sum(p.reviews for p in group),
        reviews_late=sum(p.reviews_late for p in group),
        rounds_used=sum(p.rounds_used for p in group),
        rounds_included=sum(p.rounds_included for p in group),
        changes=sum(p.changes for p in group),
        changes_value=dict(value),
    )


def _project_row(project: ProjectFacts, owed: Decimal) -> ProjectRow:
    return ProjectRow(
        file=project.file,
        title=project.title,
        client=project.client,
        currency=project.currency,
        digits=project.digits,
        signed=project.signed,
        cancelled=project.cancelled,
        finished=project.finished,
        iterations=project.iterations,
        late_days=max((it.late_days for it in project.iterations), default=0),
        rounds_used=project.rounds_used,
        rounds_included=project.rounds_included,
        billed_beyond=project.billed_beyond,
        outstanding=owed,
    )
