"""Working days and public holidays in the freelancer's country.

Holidays come from the ``holidays`` package, remembered per country, region and year (see
:mod:`firmbrief.briefs.cache`: the package costs 0.1 s to import).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from firmbrief.briefs.cache import remembered

__all__ = ["UnknownCalendar", "WorkCalendar"]


class UnknownCalendar(Exception):
    """No public-holiday calendar for the country or region asked for."""


@cache
def _year_of_holidays(country: str, region: str | None, year: int) -> dict[date, str]:
    answer = remembered(
        f"holidays-{country}-{region or 'all'}-{year}",
        "holidays",
        lambda: _compute(country, region, year),
    )
    if not isinstance(answer, dict) or "unknown" in answer:
        raise UnknownCalendar(str(answer.get("unknown") if isinstance(answer, dict) else answer))
    return {date.fromisoformat(k): str(v) for k, v in answer.get("days", {}).items()}


def _compute(country: str, region: str | None, year: int) -> dict[str, object]:
    import holidays

    try:
        found = holidays.country_holidays(country, subdiv=region, years=year)
    except NotImplementedError:
        where = f"{country}-{region}" if region else country
        return {"unknown": f"no public-holiday calendar for {where}"}
    return {"days": {day.isoformat(): str(name) for day, name in sorted(found.items())}}


class WorkCalendar:
    """Monday to Friday, less the public holidays of ``country`` (and ``region``) if given."""

    def __init__(self, country: str | None = None, region: str | None = None) -> None:
        self.country = country
        self.region = region or None
        self.problem: str | None = None

    def holiday(self, day: date) -> str | None:
        """The name of the public holiday on ``day``, if it is one."""
        if not self.country or self.problem:
            return None
        try:
            return _year_of_holidays(self.country, self.region, day.year).get(day)
        except UnknownCalendar as error:
            self.problem = str(error)
            return None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and self.holiday(day) is None

    def working_days(self, first: date, last: date) -> int:
        """Working days from ``first`` to ``last``, both included (0 if ``last`` is earlier)."""
        count, day = 0, first
        while day <= last:
            count += self.is_working_day(day)
            day += timedelta(days=1)
        return count

    def add_working_days(self, day: date, count: int) -> date:
        """The working day ``count`` working days after ``day`` (before it, if negative)."""
        step = timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            remaining -= self.is_working_day(day)
        return day
