"""The firm-date rule: the one parser every command uses for a date in a brief.

A firm date names a day, a month and a year explicitly, is a real calendar day and can be read
only one way. Accepted spellings::

    2027-03-15   2027/03/15   20270315            year first, always year-month-day
    15 March 2027   March 15, 2027   15th of March 2027   Mon 15 Mar 2027   15-Mar-2027
    15/03/2027   03/15/2027   15.03.2027          all-numeric: only when the order is clear

An all-numeric date whose first two numbers could both be a month (``03/04/2027``) is ambiguous
unless the brief declares ``date_order: DMY`` or ``MDY``; a declared order is then applied to
every all-numeric date. Month and weekday names are read in English and in a few other European
languages (the table in ``datewords.json``). Refused, each with its own :class:`VagueDate` kind:
vague phrases and relative dates, a missing day or year, a two-digit year, an impossible day, an
ambiguous order, and a weekday that does not match the date.

``templates/firmdate.js`` is this module's twin for the questionnaire page; both are tested
against ``tests/data/date_spellings.tsv``. Change them together.

python-dateutil is deliberately not used here: its parser fills missing parts from a default
date and accepts far more than a firm date, and its grammar cannot be mirrored in JavaScript.
"""

from __future__ import annotations

import calendar
import json
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Final, Literal

from firmbrief.errors import VagueDate

__all__ = [
    "DATE_ORDERS",
    "FIRST_YEAR",
    "LAST_YEAR",
    "DateOrder",
    "REFUSALS",
    "format_long",
    "parse_firm_date",
]

DateOrder = Literal["DMY", "MDY"]
DATE_ORDERS: Final = ("DMY", "MDY")

REFUSALS: Final = (
    "vague",  # no calendar day in it: "ASAP", "end of March", "next week", "Q2 2027"
    "no-day",  # a month or a year, not a day: "March 2027", "2027-03"
    "no-year",  # "15 March", "15/03"
    "two-digit-year",  # "15/03/27", "March 15, '27"
    "impossible",  # "2027-02-30", "31 April 2027", "2027-13-01"
    "ambiguous",  # "03/04/2027" with no date_order declared
    "weekday-mismatch",  # "Friday, 15 March 2027" (a Monday)
    "out-of-range",  # a real day, outside FIRST_YEAR to LAST_YEAR: "9999-12-31", "0001-01-01"
)

FIRST_YEAR: Final = 1900
LAST_YEAR: Final = 2199
"""The years a project's dates may fall in. Dates outside them are typing mistakes or attacks
(a delivery on 9999-12-31 would overflow every date computed after it); the bound keeps every
computation on dates small and safe. The questionnaire page's script has the same bound."""

MAX_LENGTH: Final = 64
"""Longer text is not a date; refusing it early keeps the work bounded."""

_WORDS = json.loads(Path(__file__).with_name("datewords.json").read_text("utf-8"))
_MONTHS: Final[dict[str, int]] = _WORDS["months"]
_WEEKDAYS: Final[dict[str, int]] = _WORDS["weekdays"]
_FILLERS: Final[frozenset[str]] = frozenset(_WORDS["fillers"])
_ORDINALS: Final[frozenset[str]] = frozenset(_WORDS["ordinals"])
_POSITIONS: Final[dict[str, str]] = _WORDS["positions"]

_ALLOWED = re.compile(r"[a-z0-9 ,./'\u2019-]*")
_TOKEN = re.compile(r"[a-z]+|[0-9]+")
_SEP = r"([-/.])"
_YMD = re.compile(rf"([0-9]{{4}}){_SEP}([0-9]{{1,2}})\2([0-9]{{1,2}})")
_YMD_BASIC = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_XXY = re.compile(rf"([0-9]{{1,2}}){_SEP}([0-9]{{1,2}})\2([0-9]{{4}})")
_XXYY = re.compile(rf"[0-9]{{1,2}}{_SEP}[0-9]{{1,2}}\1[0-9]{{2}}")
_XX = re.compile(rf"[0-9]{{1,2}}{_SEP}[0-9]{{1,2}}")
_YM = re.compile(rf"[0-9]{{4}}{_SEP}[0-9]{{1,2}}|[0-9]{{1,2}}{_SEP}[0-9]{{4}}|[0-9]{{4}}")

EXAMPLE: Final = "2027-03-15"


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: the text the rule reads (the JS twin folds alike)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = re.sub("[\u0300-\u036f]", "", decomposed).lower()
    return re.sub(r"\s+", " ", stripped).strip()


def format_long(day: date) -> str:
    """``15 March 2027``: the spelling firmbrief uses in messages."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def parse_firm_date(value: str | date, *, order: DateOrder | None = None) -> date:
    """Read ``value`` as a firm calendar date or raise :class:`VagueDate` saying why.

    ``order`` is the brief's declared order for all-numeric dates (``DMY`` or ``MDY``).
    """
    if isinstance(value, date):
        return value
    text = value
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        raise _vague(str(text)[:MAX_LENGTH] + "…" if isinstance(text, str) else repr(text))
    s = fold(text)
    if not s or not _ALLOWED.fullmatch(s):
        raise _vague(text)

    numbers: list[str] = []
    months: list[int] = []
    weekdays: list[int] = []
    unknown = False
    previous_was_number = False
    tokens = _TOKEN.findall(s)
    for token in tokens:
        if token.isdigit():
            numbers.append(token)
        elif token in _MONTHS:
            months.append(_MONTHS[token])
        elif token in _WEEKDAYS:
            weekdays.append(_WEEKDAYS[token])
        elif not (token in _FILLERS or (token in _ORDINALS and previous_was_number)):
            unknown = True
        previous_was_number = token.isdigit()
    if unknown or len(months) > 1 or len(weekdays) > 1:
        raise _vague(text, month=months[0] if months else None, numbers=numbers, tokens=tokens)
    month = months[0] if months else None
    weekday = weekdays[0] if weekdays else None

    if month is not None:
        day = _from_words(text, month, numbers)
    else:
        day = _from_numbers(text, s, order)
    if weekday is not None and day.weekday() != weekday:
        raise VagueDate(
            "weekday-mismatch",
            text,
            f'"{text}": {format_long(day)} is a {calendar.day_name[day.weekday()]}, '
            f"not a {calendar.day_name[weekday]}. Check the day, or write {day.isoformat()}",
        )
    return day


def _from_words(text: str, month: int, numbers: list[str]) -> date:
    years = [n for n in numbers if len(n) == 4]
    smalls = [n for n in numbers if len(n) <= 2]
    if len(years) + len(smalls) != len(numbers) or len(years) > 1 or len(numbers) > 2:
        raise _vague(text)
    month_name = calendar.month_name[month]
    if len(years) == 1 and len(smalls) == 1:
        return _build(text, int(years[0]), month, int(smalls[0]))
    if len(smalls) == 2:
        raise VagueDate(
            "two-digit-year",
            text,
            f'"{text}" has a two-digit year. Write all four digits, e.g. '
            f"{int(smalls[0])} {month_name} 20{smalls[1]:0>2}",
        )
    if len(smalls) == 1:
        raise VagueDate(
            "no-year",
            text,
            f'"{text}" has no year. Write it in full, e.g. {int(smalls[0])} {month_name} 2027',
        )
    year = int(years[0]) if years else 2027
    raise VagueDate(
        "no-day",
        text,
        f'"{text}" names a month, not a day. Write the day you mean, e.g. 15 {month_name} {year}',
    )


def _from_numbers(text: str, s: str, order: DateOrder | None) -> date:
    runs = list(re.finditer("[0-9]+", s))
    if not runs:
        raise _vague(text)
    core = s[runs[0].start() : runs[-1].end()]
    if m := _YMD.fullmatch(core):
        return _build(text, int(m[1]), int(m[3]), int(m[4]))
    if m := _YMD_BASIC.fullmatch(core):
        return _build(text, int(m[1]), int(m[2]), int(m[3]))
    if m := _XXY.fullmatch(core):
        first, second, year = int(m[1]), int(m[3]), int(m[4])
        if year < 1:
            return _build(text, year, first, second)
        return _build(text, year, *_day_month(text, first, second, year, order))
    if _XXYY.fullmatch(core):
        raise VagueDate(
            "two-digit-year",
            text,
            f'"{text}" has a two-digit year. Write all four digits, e.g. {core[:-2]}20{core[-2:]}',
        )
    if _XX.fullmatch(core):
        raise VagueDate("no-year", text, f'"{text}" has no year. Write it in full, e.g. {EXAMPLE}')
    if _YM.fullmatch(core):
        raise VagueDate(
            "no-day", text, f'"{text}" names a month or a year, not a day. Write e.g. {EXAMPLE}'
        )
    raise _vague(text)


def _day_month(
    text: str, first: int, second: int, year: int, order: DateOrder | None
) -> tuple[int, int]:
    """(month, day) of an all-numeric date whose year comes last."""
    if order == "DMY":
        return second, first
    if order == "MDY":
        return first, second
    if first == second or (first > 12 and second <= 12):
        return second, first
    if second > 12 and first <= 12:
        return first, second
    if (first > 12 and second > 12) or 0 in (first, second):
        return second, first  # impossible either way; _build says so
    dmy, mdy = date(year, second, first), date(year, first, second)
    raise VagueDate(
        "ambiguous",
        text,
        f'"{text}" could be {format_long(dmy)} or {format_long(mdy)}. Write the month as a word '
        f'("{format_long(dmy)}") or use year-month-day ({dmy.isoformat()})',
    )


def _build(text: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise VagueDate(
            "impossible", text, f'"{text}" is not a real day: there is no month {month}'
        )
    if not 1 <= year <= 9999:
        raise VagueDate("impossible", text, f'"{text}" is not a real day: there is no year {year}')
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise VagueDate(
            "impossible",
            text,
            f'"{text}" is not a real day: {calendar.month_name[month]} {year} has {days} days',
        )
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise VagueDate(
            "out-of-range",
            text,
            f'"{text}" is outside the years a project can plan in ({FIRST_YEAR} to {LAST_YEAR}): '
            "check the year",
        )
    return date(year, month, day)


def _example_day(year: int, month: int, tokens: list[str]) -> int:
    """The day an example offers for a vague phrase about a month: its first day for "early
    March", its last for "end of March", else the middle ("mid-March", "sometime in March"):
    never a day the phrase did not point at."""
    position = next((_POSITIONS[t] for t in tokens if t in _POSITIONS), "middle")
    if position == "start":
        return 1
    if position == "end":
        return calendar.monthrange(year, month)[1]
    return 15


def _vague(
    text: str,
    *,
    month: int | None = None,
    numbers: list[str] | None = None,
    tokens: list[str] | None = None,
) -> VagueDate:
    example = EXAMPLE
    years = [int(n) for n in numbers or [] if len(n) == 4]
    if month is not None:
        year = years[0] if years and 1 <= years[0] <= 9999 else 2027
        example = date(year, month, _example_day(year, month, tokens or [])).isoformat()
    return VagueDate(
        "vague",
        text,
        f'"{text}" is not a calendar date. Write the day, month and year, e.g. {example}',
    )
