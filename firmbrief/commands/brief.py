"""Commands about the brief itself: ``check`` and ``schema``."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from firmbrief.commands.options import (
    BriefArgument,
    Format,
    FormatOption,
    TodayOption,
    color_wanted,
    day_option,
    project_standing,
    reference_day,
)
from firmbrief.errors import EXIT_NOT_READY, EXIT_OK

__all__ = ["register"]


def check(
    brief: BriefArgument, today: TodayOption = None, format: FormatOption = Format.text
) -> None:
    """Say whether a brief is ready to start, and list every problem; once it is signed, where
    its project stands (under way, cancelled, finished, or changed after signing: then it
    needs an amendment, see render --amendment).

    Exit code 0: ready (warnings allowed); 1: not ready, or changed after signing; 2: the file
    cannot be used.
    """
    from firmbrief.briefs.readiness import check_file
    from firmbrief.briefs.report import format_json, format_text

    report = check_file(brief, today=reference_day(brief, today))
    standing = project_standing(brief, day_option(today))
    if format is Format.json:
        data = json.loads(format_json(report))
        if standing is not None:
            data["project"] = {
                "signed": standing.signed.isoformat(),
                "state": standing.state,
                "summary": standing.summary,
            }
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        lines = format_text(report, color=color_wanted()).split("\n")
        if standing is not None:
            verdict = "ready to start" if report.ready else "not ready to start"
            counts = report.summary().removeprefix(f"{report.file}: {verdict}")
            if standing.changed:
                again = "amendment ready to sign" if report.ready else "not ready to sign"
                lines[0] = f"{report.file}: {standing.summary}: {again}{counts}"
            else:
                lines[0] = f"{report.file}: {standing.summary}{counts}"
        typer.echo("\n".join(lines))
    # A signed brief that changed is not what was signed: work goes on only once it is amended.
    ready = report.ready and not (standing and standing.changed)
    raise typer.Exit(EXIT_OK if ready else EXIT_NOT_READY)


class Output(StrEnum):
    """The commands whose ``--format json`` has a schema (:data:`firmbrief.interface.OUTPUTS`)."""

    check = "check"
    status = "status"
    schedule = "schedule"
    gate = "gate"
    verify = "verify"


def schema(
    of: Annotated[
        Output | None,
        typer.Option("--of", help="The schema of this command's --format json instead."),
    ] = None,
) -> None:
    """Print the brief's JSON Schema, for editors and validators; with --of, the JSON Schema of
    a command's --format json (version 1), for scripts."""
    if of is not None:
        from firmbrief.interface import schema_path

        typer.echo(schema_path(of.value).read_text(encoding="utf-8"), nl=False)
        return
    from firmbrief.briefs.schema import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    app.command()(check)
    app.command()(schema)
