"""The rules ``firmbrief check`` applies, one module per concern: dates, parties and goals,
deliverables, the schedule, money, terms. Each rule is a function that takes the
:class:`Context` and yields findings; :mod:`firmbrief.briefs.readiness` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from firmbrief.briefs.fields import Loc
from firmbrief.briefs.money import Pricing
from firmbrief.briefs.pricing import pricing_of
from firmbrief.briefs.report import Finding
from firmbrief.briefs.schema import Brief
from firmbrief.briefs.workdays import WorkCalendar

__all__ = ["Context", "Rule", "error", "warning"]


@dataclass
class Context:
    """What the rules look at: the brief, today, its dates read, the freelancer's calendar."""

    brief: Brief
    today: date
    dates: dict[Loc, date] = field(default_factory=dict)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)

    @property
    def pricing(self) -> Pricing:
        return pricing_of(self.brief)

    def date(self, *loc: str | int) -> date | None:
        return self.dates.get(loc)


Rule = Callable[[Context], Iterator[Finding]]


def error(code: str, loc: Loc, message: str) -> Finding:
    return Finding("error", code, loc, message)


def warning(code: str, loc: Loc, message: str) -> Finding:
    return Finding("warning", code, loc, message)
