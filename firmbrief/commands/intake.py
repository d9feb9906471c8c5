"""Commands that collect a brief: ``questionnaire`` and ``intake import|interview``."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from firmbrief.commands.options import TodayOption, color_wanted, day_option
from firmbrief.errors import EXIT_INTERRUPTED, EXIT_UNUSABLE

if TYPE_CHECKING:
    from firmbrief.briefs.schema import Brief

__all__ = ["register"]


intake = typer.Typer(
    help="Turn the client's answers, or your own at the terminal, into a brief.",
    no_args_is_help=True,
)


class Form(StrEnum):
    """The questionnaire's forms."""

    pdf = "pdf"
    html = "html"
    md = "md"


def questionnaire(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="Where to write it (default: questionnaire.pdf/.html/.md; - for stdout).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        Form | None,
        typer.Option(
            "--format",
            "-f",
            help="A fillable PDF form, a web page, or text for an email (default: from -o, "
            "else pdf).",
            show_default=False,
        ),
    ] = None,
    from_: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="BRIEF",
            help="Pre-fill the answers from this brief (and sign it with your name).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write the client's questionnaire: a fillable PDF, a web page, or text for an email.

    Only the client's questions: goals, audience, volumes, dates, materials, who approves.

    Send it, then read the answers back with: firmbrief intake import FILE --into BRIEF
    """
    from firmbrief.intake.questionnaire import format_for, write_questionnaire

    to_stdout = output is not None and str(output) == "-"
    target = None if to_stdout else output
    fmt = format_for(target, format.value if format else None)
    if to_stdout and fmt == "pdf":
        typer.echo("error: -o -: a PDF goes to a file; give a file name", err=True)
        raise typer.Exit(EXIT_UNUSABLE)
    if output is None:
        target = Path(f"questionnaire.{fmt}")
    written, data = write_questionnaire(target, fmt, _brief(from_), like=from_)
    if to_stdout:
        sys.stdout.write(data.decode("utf-8"))
        return
    typer.echo(f"wrote {written.path}: {_describe(fmt)}, {written.fields} fields")


def _describe(fmt: str) -> str:
    return {
        "pdf": "a PDF form to fill in any PDF reader",
        "html": "a web page to open in a browser; it saves answers.json",
        "md": "text for an email",
    }[fmt]


def _brief(path: Path | None) -> Brief | None:
    """The brief to pre-fill from, as far as the schema accepts it."""
    if path is None:
        return None
    from firmbrief.briefs.loading import load_brief_file
    from firmbrief.briefs.schema import Brief

    return load_brief_file(path).brief or Brief()


def import_(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="The answers: a filled PDF questionnaire, answers.json, or YAML/JSON.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="BRIEF",
            help="The brief to write (default: the --into brief itself).",
            show_default=False,
        ),
    ] = None,
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            metavar="BRIEF",
            help="Merge into this brief: your values are kept, the client's answers fill "
            "or replace the client's fields.",
            show_default=False,
        ),
    ] = None,
    own: Annotated[
        bool,
        typer.Option(
            "--own",
            help="The file is your own (not the client's): it may set any field, your terms "
            "too. Without it, a file that sets anything but the client's questions is refused.",
        ),
    ] = False,
    today: TodayOption = None,
) -> None:
    """Read the client's answers into a brief, then say what is still missing or vague.

    Your values in the --into brief are kept; the client's answers fill the client's fields
    only: a file that sets anything else (your payment terms, prices, fees) is refused,
    unless it is your own file (--own).

    Exit code 0 when the brief is written, ready or not (the report says what to ask next).

    Exit code 2 when the answers cannot be used. Comment lines at the top of an --into brief
    are kept; comments further down are not.
    """
    from firmbrief.briefs.report import format_text
    from firmbrief.intake.importer import import_answers

    if output is None and into is None:
        typer.echo("error: say where to write the brief: -o BRIEF, or --into BRIEF", err=True)
        raise typer.Exit(EXIT_UNUSABLE)
    target = output if output is not None else into
    assert target is not None
    done = import_answers(file, output=target, into=into, today=day_option(today), own=own)
    typer.echo("\n".join(done.summary()))
    if own or done.report.ready:
        typer.echo(format_text(done.report, color=color_wanted()))
    else:  # what to ask the client next, apart from what is the freelancer's to fill
        from firmbrief.intake.next_steps import next_steps

        typer.echo("\n".join(next_steps(done.report)))


def interview(
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            metavar="BRIEF",
            help="The brief to write; if it exists, the interview goes on where it stopped.",
        ),
    ] = Path("brief.yaml"),
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="Take the answers from this YAML/JSON file (the shape of a brief) instead "
            "of asking.",
            show_default=False,
        ),
    ] = None,
    again: Annotated[
        bool,
        typer.Option(
            "--again",
            help="Ask the questions already answered too, with the answer as default.",
        ),
    ] = False,
    today: TodayOption = None,
) -> None:
    """Build a brief at the terminal, one question at a time, saved after every answer.

    Each answer is checked at once: a vague date is refused with the reason, and asked again.

    Ctrl-C stops; the same command goes on where it stopped, skipping what is answered.

    Exit code 0 when it ends (the report says if the brief is ready), 130 when stopped.
    """
    from firmbrief.briefs.files import read_data
    from firmbrief.briefs.report import format_text
    from firmbrief.intake.consoles import Prompts, Scripted, Source, Terminal
    from firmbrief.intake.interview import run_interview

    day = day_option(today)
    source: Source
    if answers is not None:
        source = Scripted(read_data(answers), name=str(answers))
    else:
        source = Prompts(Terminal())
        state = "going on with" if output.exists() else "writing"
        typer.echo(
            f"firmbrief interview, {state} {output}: every answer is saved at once. "
            "Enter skips a question; Ctrl-C stops, and the same command goes on later."
        )
    try:
        _, report = run_interview(output, source, today=day, again=again)
    except (KeyboardInterrupt, EOFError):
        resume = f"firmbrief intake interview -o {output}"
        typer.echo(f"\nsaved; run again to resume: {resume}", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    typer.echo(("\n" if answers is None else "") + f"wrote {output}")
    typer.echo(format_text(report, color=color_wanted()))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command()(questionnaire)
    intake.command("import")(import_)
    intake.command()(interview)
    app.add_typer(intake, name="intake")
