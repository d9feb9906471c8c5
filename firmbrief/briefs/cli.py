"""Commands about the brief itself: ``check`` and ``schema``."""

from __future__ import annotations

import json

import typer

from firmbrief.options import (
    BriefArgument,
    Format,
    FormatOption,
    TodayOption,
    color_wanted,
    reference_day,
)

__all__ = ["register"]

def check(
    brief: BriefArgument, today: TodayOption = None, format: FormatOption = Format.text
) -> None:
    """Say whether a brief is ready to start, and list every problem.

    Exit code 0: ready (warnings allowed); 1: not ready; 2: the file cannot be used.
    """
    from firmbrief.briefs.readiness import check_file
    from firmbrief.briefs.report import format_json, format_text

    report = check_file(brief, today=reference_day(brief, today))
    if format is Format.json:
        typer.echo(format_json(report))
    else:
        typer.echo(format_text(report, color=color_wanted()))
    raise typer.Exit(0 if report.ready else 1)


def schema() -> None:
    """Print the brief's JSON Schema, for editors and validators."""
    from firmbrief.briefs.schema import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    app.command()(check)
    app.command()(schema)
