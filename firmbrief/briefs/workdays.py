"""Working days and public holidays in the freelancer's country.

Working days are counted in whole weeks at once, less the holidays on weekdays, so a date far
away costs no more than one next week. Holidays come from the ``holidays`` package, remembered
per country, region and year (see :mod:`firmbrief.briefs.cache`: the package costs 0.1 s to
import).
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

    def _weekday_holidays(self, first: date, last: date) -> list[date]:
        """The public holidays from ``first`` to ``last`` (both included) that fall on a weekday."""
        if not self.country or self.problem or last < first:
            return []
        found: list[date] = []
        for year in range(first.year, last.year + 1):
            try:
                days = _year_of_holidays(self.country, self.region, year)
            except UnknownCalendar as error:
                self.problem = str(error)
                return []
            found += [d for d in days if first <= d <= last and d.weekday() < 5]
        return found

    def working_days(self, first: date, last: date) -> int:
        """Working days from ``first`` to ``last``, both included (0 if ``last`` is earlier).

        Counted in whole weeks at once, less the holidays on weekdays: a date years away costs
        no more than one next week."""
        if last < first:
            return 0
        return _weekdays(first, last) - len(self._weekday_holidays(first, last))

    def add_working_days(self, day: date, count: int) -> date:
        """The working day ``count`` working days after ``day`` (before it, if negative).

        Jumps over whole weeks at once; the holidays jumped over are made up by the next jump,
        until a jump passes none."""
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        while remaining:
            target = _add_weekdays(day, step * remaining)
            first, last = sorted((day + timedelta(days=step), target))
            remaining = len(self._weekday_holidays(first, last))
            day = target
        return day


def _weekdays(first: date, last: date) -> int:
    """Monday-to-Friday days from ``first`` to ``last``, both included."""
    weeks, rest = divmod((last - first).days + 1, 7)
    start = first.weekday()
    return weeks * 5 + sum((start + i) % 7 < 5 for i in range(rest))


def _add_weekdays(day: date, count: int) -> date:
    """The ``count``-th Monday-to-Friday day after ``day`` (before it, if negative)."""
    if count == 0:
        return day
    step = 1 if count > 0 else -1
    weeks, rest = divmod(abs(count), 5)
    day += timedelta(days=7 * weeks * step)
    if rest == 0:  # land on a weekday: from a weekend, a whole week of weekdays ends on Fri/Mon
        while day.weekday() >= 5:
            day -= timedelta(days=step)
        return day
    while rest:
        day += timedelta(days=step)
        rest -= day.weekday() < 5
    return day
