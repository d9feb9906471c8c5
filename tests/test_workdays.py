"""Working days: counted in whole weeks, holidays subtracted, the same answers as a day-by-day
count, and a far date costs nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firmbrief.briefs.workdays import WorkCalendar

from conftest import examples

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31))
PLACES = st.sampled_from([(None, None), ("DE", "BE"), ("DE", "BY"), ("US", "CA"), ("GB", "ENG")])


def one_by_one_count(calendar: WorkCalendar, first: date, last: date) -> int:
    count, day = 0, first
    while day <= last:
        count += calendar.is_working_day(day)
        day += timedelta(days=1)
    return count


def one_by_one_add(calendar: WorkCalendar, day: date, count: int) -> date:
    step, remaining = timedelta(days=1 if count >= 0 else -1), abs(count)
    while remaining:
        day += step
        remaining -= calendar.is_working_day(day)
    return day


@settings(max_examples=examples(300), deadline=None)
@given(PLACES, DAYS, st.integers(min_value=-30, max_value=400))
def test_counting_in_weeks_agrees_with_counting_day_by_day(
    place: tuple[str | None, str | None], first: date, length: int
) -> None:
    calendar = WorkCalendar(*place)
    last = first + timedelta(days=length)
    assert calendar.working_days(first, last) == one_by_one_count(calendar, first, last)


@settings(max_examples=examples(300), deadline=None)
@given(PLACES, DAYS, st.integers(min_value=-300, max_value=300))
def test_adding_in_weeks_agrees_with_stepping_day_by_day(
    place: tuple[str | None, str | None], day: date, count: int
) -> None:
    calendar = WorkCalendar(*place)
    assert calendar.add_working_days(day, count) == one_by_one_add(calendar, day, count)


def test_a_known_week_with_easter() -> None:
    berlin = WorkCalendar("DE", "BE")
    # Maundy Thursday 2027-03-25 is a working day; Good Friday 26 and Easter Monday 29 are not.
    assert berlin.working_days(date(2027, 3, 22), date(2027, 4, 2)) == 8
    assert berlin.add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)
    assert berlin.add_working_days(date(2027, 3, 30), -1) == date(2027, 3, 25)
    assert berlin.add_working_days(date(2027, 3, 27), 0) == date(2027, 3, 27)


def test_a_far_date_costs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted by weeks: a count over three centuries looks each year's holidays up once, and
    adding 50,000 working days a handful of times per year (not once per day)."""
    from firmbrief.briefs import workdays

    lookups: list[int] = []
    real = workdays._year_of_holidays

    def counted(country: str, region: str | None, year: int) -> dict[date, str]:
        lookups.append(year)
        return real(country, region, year)

    monkeypatch.setattr(workdays, "_year_of_holidays", counted)
    berlin = WorkCalendar("DE", "BE")
    assert berlin.working_days(date(1900, 1, 1), date(2199, 12, 31)) > 75_000
    assert len(lookups) == 300
    lookups.clear()
    far = berlin.add_working_days(date(2027, 1, 4), 50_000)
    assert date(2190, 1, 1) < far < date(2230, 1, 1)
    assert len(lookups) < 10 * 200, len(lookups)
