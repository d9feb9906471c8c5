"""Commands that produce the documents and check them: ``render`` and ``verify``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from firmbrief.options import Format, FormatOption, TodayOption, color_wanted, reference_day

__all__ = ["register"]


class What(StrEnum):
    """Which documents ``render`` makes."""

    all = "all"
    brief = "brief"
    terms = "terms"


class Paper(StrEnum):
    a4 = "a4"
    letter = "letter"


BriefArgument = Annotated[
    Path, typer.Argument(metavar="BRIEF", help="The brief file (YAML or JSON).", show_default=False)
]


def render(
    brief: BriefArgument,
    what: Annotated[
        What, typer.Option("--what", "-w", help="terms, brief, or all (both documents).")
    ] = What.all,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            file_okay=False,
            help="Folder to write into (default: the brief's folder).",
            show_default=False,
        ),
    ] = None,
    today: TodayOption = None,
    draft: Annotated[
        bool,
        typer.Option(
            help='Render even if not ready, every page marked "DRAFT — not ready to sign".'
        ),
    ] = False,
    paper: Annotated[Paper, typer.Option(help="Paper size: a4 or letter.")] = Paper.a4,
    pdfa: Annotated[
        bool, typer.Option("--pdfa", help="Write PDF/A-3b (archival, the brief embedded).")
    ] = False,
    html: Annotated[
        bool, typer.Option("--html", help="Also write each document's HTML, to preview.")
    ] = False,
    templates: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            exists=True,
            file_okay=False,
            help="Your templates: files here replace ours of the same name.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Render the brief to sign off and the terms of work as PDFs.

    Files are named after the brief (logo.yaml gives logo-brief.pdf and logo-terms.pdf) and
    written beside it unless -o says where. Each PDF carries the brief as brief.json and its
    fingerprint on every page (see firmbrief verify).

    Exit code 0: written (the paths are printed); 1: not ready to sign, nothing written (the
    problems are listed; --draft renders anyway); 2: the brief, a logo or a template cannot
    be used.
    """
    from firmbrief.briefs.report import format_text
    from firmbrief.contracts.render import KINDS, NotReadyToRender, render_brief

    try:
        done = render_brief(
            brief,
            today=reference_day(brief, today),
            out_dir=output,
            what=KINDS if what is What.all else (what.value,),
            draft=draft,
            paper=paper.value,
            pdfa=pdfa,
            html=html,
            templates=templates,
        )
    except NotReadyToRender as refused:
        typer.echo(format_text(refused.report, color=color_wanted()), err=True)
        typer.echo(f"error: {refused}", err=True)
        raise typer.Exit(refused.exit_code) from None
    for note in done.notes():
        typer.echo(f"warning: {note}", err=True)
    for path in done.paths:
        typer.echo(str(path))


def verify(
    pdf: Annotated[
        Path,
        typer.Argument(metavar="PDF", help="A PDF made by firmbrief render.", show_default=False),
    ],
    brief: Annotated[
        Path | None,
        typer.Argument(
            metavar="[BRIEF]", help="The brief file to compare it with.", show_default=False
        ),
    ] = None,
    format: FormatOption = Format.text,
) -> None:
    """Check a PDF's attached brief against the fingerprint on its pages, and a brief file.

    Exit code 0: consistent (and matches BRIEF); 1: something differs, and what; 2: the PDF
    (or BRIEF) cannot be used.
    """
    from firmbrief.contracts.verify import format_json, format_text, verify_pdf

    verdict = verify_pdf(pdf, brief)
    typer.echo(format_json(verdict) if format is Format.json else format_text(verdict))
    raise typer.Exit(0 if verdict.ok else 1)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command()(render)
    app.command()(verify)
