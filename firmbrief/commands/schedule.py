"""``firmbrief schedule``: a project's dates as a timeline or a calendar, or every project's
below a folder in one calendar."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from firmbrief.commands.options import BriefArgument, Format, TodayOption, day_option

__all__ = ["register"]


def schedule(
    brief: BriefArgument,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics",
            metavar="FILE",
            help="Write an iCalendar file for calendar apps (- for standard output).",
        ),
    ] = None,
    format: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="Print the timeline: text or json."),
    ] = None,
    today: TodayOption = None,
) -> None:
    """The project's dates: starts, deliveries, client reviews, materials and payments due.

    Without --ics, prints the timeline. BRIEF may be a folder: every project below it (a brief
    with a record), in one calendar a calendar program can subscribe to. Exit code 0; 2:
    unusable input.
    """
    from firmbrief.atomic import write_atomic
    from firmbrief.contracts.record.calendar import as_json, format_text, ics_bytes, timeline
    from firmbrief.contracts.record.replay import project_at

    if brief.is_dir():
        _schedules(brief, ics, format, day_option(today))
        return
    project = project_at(brief, day_option(today, brief=brief))
    items = timeline(project)
    if ics is not None and str(ics) == "-":
        if format is not None:
            from firmbrief.errors import FirmbriefError

            raise FirmbriefError(
                "the calendar goes to standard output: leave out --format, or write the "
                "calendar to a file",
                field="--ics",
            )
        typer.echo(ics_bytes(project, items).decode("utf-8"), nl=False)
    elif ics is not None:
        write_atomic(ics, ics_bytes(project, items), like=brief)
        typer.echo(f"wrote {len(items)} events to {ics}", err=format is not None)
    if format is Format.json:
        typer.echo(json.dumps(as_json(project, items), indent=2, ensure_ascii=False))
    elif format is Format.text or ics is None:
        typer.echo(format_text(project, items))
    if project.brief_changed:
        typer.echo(f"warning: {project.changed_message}", err=True)


def _schedules(folder: Path, ics: Path | None, format: Format | None, day: Any) -> None:
    """``schedule FOLDER``: every project below ``folder``, one timeline or one calendar."""
    from firmbrief.atomic import write_atomic
    from firmbrief.contracts.books.gather import find_projects
    from firmbrief.contracts.record.calendar import as_json, calendar_bytes, format_text, timeline
    from firmbrief.contracts.record.replay import project_at

    briefs = find_projects([folder])
    projects = [(p, timeline(p)) for p in (project_at(b, day) for b in briefs)]
    if ics is not None:
        where = [b.relative_to(folder).as_posix() for b in briefs]
        data = calendar_bytes(
            [(p, items, w) for (p, items), w in zip(projects, where, strict=True)],
            f"firmbrief: {folder.resolve().name}",
        )
        if str(ics) == "-":
            typer.echo(data.decode("utf-8"), nl=False)
            return
        write_atomic(ics, data)
        events = sum(len(items) for _, items in projects)
        typer.echo(f"wrote {events} events of {len(projects)} projects to {ics}", err=True)
    if format is Format.json:
        found = [as_json(p, items) for p, items in projects]
        from firmbrief.interface import versioned

        typer.echo(json.dumps(versioned({"projects": found}), indent=2, ensure_ascii=False))
    elif format is Format.text or ics is None:
        typer.echo("\n\n".join(format_text(p, items) for p, items in projects) or "no projects")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command()(schedule)
