"""The firm-date rule, driven by the one table of spellings."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firmbrief.briefs.dates import FIRST_YEAR, LAST_YEAR, REFUSALS, parse_firm_date
from firmbrief.errors import VagueDate

from conftest import examples
from date_table import Spelling, spellings

TABLE = spellings()


def test_the_table_covers_every_refusal_and_many_accepted_spellings() -> None:
    kinds = {row.expected for row in TABLE if not row.expected[0].isdigit()}
    assert kinds == set(REFUSALS)
    assert sum(row.expected[0].isdigit() for row in TABLE) >= 40


@pytest.mark.parametrize("row", TABLE, ids=[f"{r.text!r}-{r.order}" for r in TABLE])
def test_spelling(row: Spelling) -> None:
    if row.expected[0].isdigit():
        assert parse_firm_date(row.text, order=row.order) == date.fromisoformat(row.expected)  # type: ignore[arg-type]
    else:
        with pytest.raises(VagueDate) as refused:
            parse_firm_date(row.text, order=row.order)  # type: ignore[arg-type]
        assert refused.value.kind == row.expected
        assert refused.value.value == row.text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "end of March",
            '"end of March" is not a calendar date. Write the day, month and year, e.g. 2027-03-31',
        ),
        (
            "March 2027",
            '"March 2027" names a month, not a day. Write the day you mean, e.g. 15 March 2027',
        ),
        ("15 March", '"15 March" has no year. Write it in full, e.g. 15 March 2027'),
        ("15/03/27", '"15/03/27" has a two-digit year. Write all four digits, e.g. 15/03/2027'),
        ("2027-02-30", '"2027-02-30" is not a real day: February 2027 has 28 days'),
        ("2027-13-01", '"2027-13-01" is not a real day: there is no month 13'),
        (
            "03/04/2027",
            '"03/04/2027" could be 3 April 2027 or 4 March 2027. Write the month as a word '
            '("3 April 2027") or use year-month-day (2027-04-03)',
        ),
        (
            "Friday, 15 March 2027",
            '"Friday, 15 March 2027": 15 March 2027 is a Monday, not a Friday. '
            "Check the day, or write 2027-03-15",
        ),
    ],
)
def test_refusals_quote_the_value_and_show_a_firm_spelling(text: str, message: str) -> None:
    with pytest.raises(VagueDate) as refused:
        parse_firm_date(text)
    assert refused.value.message == message


def test_a_date_object_is_already_firm() -> None:
    assert parse_firm_date(date(2027, 3, 15)) == date(2027, 3, 15)


def test_very_long_text_is_refused_without_work() -> None:
    with pytest.raises(VagueDate) as refused:
        parse_firm_date("15 March 2027 " * 10_000)
    assert refused.value.kind == "vague"
    assert len(refused.value.message) < 200


@settings(max_examples=examples(400), deadline=None)
@given(st.text(max_size=80), st.sampled_from([None, "DMY", "MDY"]))
def test_any_text_is_a_firm_date_or_a_vague_date_error_never_a_crash(
    text: str, order: str | None
) -> None:
    try:
        day = parse_firm_date(text, order=order)  # type: ignore[arg-type]
    except VagueDate as refused:
        assert refused.kind in REFUSALS
    else:
        assert isinstance(day, date)


@settings(max_examples=examples(200), deadline=None)
@given(st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(LAST_YEAR, 12, 31)))
def test_every_real_day_reads_back_in_iso_and_in_words(day: date) -> None:
    assert parse_firm_date(day.isoformat()) == day
    assert parse_firm_date(f"{day.day} {day.strftime('%B')} {day.year:04d}") == day
    assert parse_firm_date(f"{day.strftime('%b')} {day.day}, {day.year:04d}") == day


@settings(max_examples=examples(100), deadline=None)
@given(
    st.dates(max_value=date(FIRST_YEAR - 1, 12, 31))
    | st.dates(min_value=date(LAST_YEAR + 1, 1, 1))
)
def test_a_real_day_outside_the_planning_years_is_refused(day: date) -> None:
    for text in (day.isoformat(), f"{day.day} {day.strftime('%B')} {day.year:04d}"):
        with pytest.raises(VagueDate) as refused:
            parse_firm_date(text)
        assert refused.value.kind == "out-of-range"
        assert "1900 to 2199" in refused.value.message
