"""``firmbrief report``: the books across projects (what is owed, what was earned, each client
and each project)."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from firmbrief.commands.options import TodayOption, day_option
from firmbrief.errors import FirmbriefError

if TYPE_CHECKING:
    from firmbrief.contracts.books.figures import Period

__all__ = ["register"]


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    html = "html"


class Table(StrEnum):
    receivables = "receivables"
    income = "income"
    clients = "clients"
    projects = "projects"


_QUARTER = re.compile(r"(\d{4})-?Q([1-4])", re.IGNORECASE)


def _refuse(option: str, message: str) -> FirmbriefError:
    """A bad option: the app prints ``error: OPTION: message`` and exits 2, as for every
    other unusable input."""
    return FirmbriefError(message, field=option)


def period_of(
    year: int | None, quarter: str | None, start: str | None, end: str | None
) -> Period:
    """The period the income counts: a year, a quarter, from and to, or all dates."""
    from firmbrief.contracts.books.figures import Period

    chosen = [o for o, v in (("--year", year), ("--quarter", quarter)) if v is not None]
    if start is not None or end is not None:
        chosen.append("--from/--to")
    if len(chosen) > 1:
        raise _refuse(chosen[1], f"give one period: {' or '.join(chosen)}")
    if year is not None:
        if not 1900 <= year <= 2199:
            raise _refuse("--year", f"{year} is not a year firmbrief plans in (1900 to 2199)")
        return Period(date(year, 1, 1), date(year, 12, 31), str(year))
    if quarter is not None:
        found = _QUARTER.fullmatch(quarter.strip())
        if not found or not 1900 <= int(found[1]) <= 2199:
            raise _refuse("--quarter", f"{quarter!r} is not a quarter: write it as 2027-Q1")
        y, q = int(found[1]), int(found[2])
        last = date(y, 12, 31) if q == 4 else date(y, 3 * q + 1, 1) - timedelta(days=1)
        return Period(date(y, 3 * q - 2, 1), last, f"{y}-Q{q}")
    if start is None and end is None:
        return Period()
    first = day_option(start, option="--from") if start else None
    last_day = day_option(end, option="--to") if end else None
    if first and last_day and last_day < first:
        raise _refuse("--to", f"{last_day.isoformat()} is before --from {first.isoformat()}")
    label = f"{first.isoformat() if first else '…'} to {last_day.isoformat() if last_day else '…'}"
    return Period(first, last_day, label)


def report(
    folders: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[FOLDER|BRIEF]...",
            help="Where the projects are: every brief with a record below (default: here).",
            show_default=False,
        ),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", metavar="YEAR", help="Income of one year.")
    ] = None,
    quarter: Annotated[
        str | None, typer.Option("--quarter", metavar="YYYY-Qn", help="Income of one quarter.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="Income from this day.")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="Income to this day.")
    ] = None,
    format: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="text, json, csv (one --table) or html (one page)."),
    ] = ReportFormat.text,
    table: Annotated[
        Table, typer.Option("--table", help="The table --format csv writes.")
    ] = Table.income,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (default: print)."),
    ] = None,
    today: TodayOption = None,
) -> None:
    """The books across projects: what each client owes and how late (by age), income per
    month, quarter and year (net, tax by rate, gross; credit notes netted), each client's habits
    and each project planned against actual.

    Every brief with a record below the folders counts; one that cannot be read is listed as
    skipped. Exit code 0; 2: a folder or an option cannot be used.
    """
    from firmbrief.contracts.books.figures import books_of
    from firmbrief.contracts.books.gather import find_projects, gather

    day = day_option(today)
    period = period_of(year, quarter, start, end)
    facts, skipped = gather(find_projects(folders or [Path(".")]), day)
    books = books_of(facts, skipped, today=day, period=period)
    if format is ReportFormat.json:
        from firmbrief.contracts.books.output import as_json

        text = json.dumps(as_json(books), indent=2, ensure_ascii=False) + "\n"
    elif format is ReportFormat.csv:
        from firmbrief.contracts.books.output import as_csv

        text = as_csv(books, table.value)
    elif format is ReportFormat.html:
        from firmbrief.contracts.books.page import page_html

        text = page_html(books)
    else:
        from firmbrief.contracts.books.output import format_text

        text = format_text(books)
    if output is None:
        typer.echo(text, nl=False)
        return
    from firmbrief.atomic import write_text_atomic

    write_text_atomic(output, text)
    typer.echo(
        f"wrote {output}: {len(books.projects)} projects, {len(books.receivables)} open items"
        + (f", {len(books.skipped)} skipped" if books.skipped else ""),
        err=True,
    )


def register(app: typer.Typer) -> None:
    app.command()(report)
