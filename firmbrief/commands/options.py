"""What the command-line modules share: option types, the day options, output helpers.

A CLI module: only these import Typer. Domain modules are imported inside the commands, so
``firmbrief --help`` loads none of them.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from firmbrief.errors import EXIT_UNUSABLE, VagueDate

__all__ = [
    "BriefArgument",
    "Format",
    "FormatOption",
    "TodayOption",
    "color_wanted",
    "day_option",
    "project_standing",
    "reference_day",
]


class Format(StrEnum):
    """How a command prints its result."""

    text = "text"
    json = "json"


BriefArgument = Annotated[
    Path, typer.Argument(metavar="BRIEF", help="The brief file (YAML or JSON).", show_default=False)
]
"""The brief a command works on."""

FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="text for people, json for scripts.")
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="DATE",
        help="Judge the brief as of this day, e.g. 2027-01-04 (default: today).",
        show_default=False,
    ),
]


def day_option(value: str | None, *, option: str = "--today", brief: Any = None) -> date:
    """A day given on the command line (a firm date), or today when not given. An all-numeric
    date is read as the brief's dates are (``brief``: its path, or several: its
    ``date_order``, or its profile's), as ``record --date`` reads it; with no order, an
    ambiguous one is refused showing both readings."""
    if value is None:
        return date.today()
    from firmbrief.briefs.dates import parse_firm_date

    try:
        return parse_firm_date(value)
    except VagueDate as vague:
        if vague.kind == "ambiguous" and brief is not None:
            from firmbrief.briefs.loading import date_order_of

            if order := date_order_of(brief):
                return parse_firm_date(value, order=order)
        typer.echo(f"error: {option}: {vague.message}", err=True)
        raise typer.Exit(EXIT_UNUSABLE) from None


def reference_day(brief: Path, value: str | None, *, option: str = "--today") -> date:
    """The day a brief's dates are judged against (see ``contracts.record.log.judging_day``): its
    signing day once signed, otherwise ``--today`` or today."""
    from firmbrief.contracts.record.log import judging_day

    return judging_day(brief, day_option(value, option=option, brief=brief))


def project_standing(brief: Path, day: date) -> Any:
    """Where a signed brief's project stands on ``day`` (see
    ``contracts.record.standing.standing_of``); ``None`` while it is not signed. A brief with
    no record costs nothing: the record's models are not imported."""
    from firmbrief.contracts.record.standing import standing_of

    return standing_of(brief, day)


def color_wanted(stream: object = None) -> bool:
    """Colour only on a terminal, and never with NO_COLOR set."""
    stream = stream or sys.stdout
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and "NO_COLOR" not in os.environ
