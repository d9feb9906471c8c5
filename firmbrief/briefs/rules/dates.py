"""Dates: every date firm and not in the past; weekends and holidays worth a warning."""

from __future__ import annotations

import calendar
from collections.abc import Iterator

from firmbrief.briefs.dates import parse_firm_date
from firmbrief.briefs.fields import date_fields
from firmbrief.briefs.report import Finding
from firmbrief.briefs.rules import Context, error, warning
from firmbrief.errors import VagueDate

__all__ = ["check_dates"]


def check_dates(ctx: Context) -> Iterator[Finding]:
    """Every date is firm, and not in the past; weekends and holidays are worth a warning."""
    for loc, text in date_fields(ctx.brief):
        try:
            day = parse_firm_date(text, order=ctx.brief.date_order)
        except VagueDate as vague:
            said = vague.message
            if vague.kind == "ambiguous":  # the freelancer's way out; the client's page has none
                said += ", or declare the brief's date_order: DMY or MDY"
            yield error(f"date-{vague.kind}", loc, said)
            continue
        ctx.dates[loc] = day
        if day < ctx.today:
            yield error(
                "date-in-past",
                loc,
                f"{day.isoformat()} is in the past (today is {ctx.today.isoformat()}): "
                "agree a new date",
            )
        elif day.weekday() >= 5:
            yield warning(
                "weekend", loc, f"{day.isoformat()} is a {calendar.day_name[day.weekday()]}"
            )
        elif holiday := ctx.calendar.holiday(day):
            yield warning(
                "holiday",
                loc,
                f"{day.isoformat()} is a public holiday in {ctx.calendar.country} ({holiday})",
            )
    if ctx.calendar.problem:
        yield warning(
            "no-holiday-calendar",
            ("freelancer", "country"),
            f"{ctx.calendar.problem}: weekends are checked, public holidays are not",
        )
