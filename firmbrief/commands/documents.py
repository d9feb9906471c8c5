"""Commands that produce the documents and check them: ``render`` and ``verify``."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from firmbrief.commands.options import (
    Format,
    FormatOption,
    TodayOption,
    color_wanted,
    day_option,
)
from firmbrief.errors import EXIT_NOT_READY, EXIT_OK, EXIT_UNUSABLE, batch_exit

if TYPE_CHECKING:
    from firmbrief.contracts.batch import RenderOptions

__all__ = ["register"]


class What(StrEnum):
    """Which documents ``render`` makes."""

    all = "all"
    brief = "brief"
    terms = "terms"


class Paper(StrEnum):
    a4 = "a4"
    letter = "letter"


def render(
    briefs: Annotated[
        list[Path],
        typer.Argument(
            metavar="BRIEF...",
            help="Brief files (YAML or JSON), or folders of them.",
            show_default=False,
        ),
    ],
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
    paper: Annotated[
        Paper | None,
        typer.Option(
            help="Paper size: a4 or letter (default: the brief's terms.paper, else Letter for "
            "a client in the US or Canada, A4 elsewhere).",
            show_default=False,
        ),
    ] = None,
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
    amendment: Annotated[
        bool,
        typer.Option(
            "--amendment",
            help="For a signed brief that changed: render the amendment to sign "
            "(<brief>-amendment-N.pdf) instead of the documents.",
        ),
    ] = False,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            metavar="LANG",
            help="Write the other party's copy in this language (en, de, fr, es), with the same "
            "fingerprint, as <brief>-LANG-terms.pdf (default: the client's language).",
            show_default=False,
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes for several briefs (default: one per core).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Render the brief to sign off and the terms of work as PDFs.

    Files are named after the brief (logo.yaml gives logo-brief.pdf and logo-terms.pdf) and
    written beside it unless -o says where. Each PDF carries the brief as brief.json and its
    fingerprint on every page (see firmbrief verify). Several briefs, or a folder, are rendered
    in parallel; one that fails does not stop the others, and a summary ends the run.

    Once the brief is signed (firmbrief record BRIEF signed), it changes only by amendment:
    rendering a changed signed brief is refused; --amendment writes the amendment instead
    (what changes, field by field, the price and the dates before and after, both
    fingerprints), and recording it as signed pins the amended brief.

    Exit code 0: written (the paths are printed); 1: not ready to sign, or signed and changed,
    nothing written (the problems are listed; --draft renders anyway), or for several briefs:
    any not rendered; 2: the brief, a logo or a template cannot be used.
    """
    from firmbrief.briefs.report import format_text
    from firmbrief.contracts.batch import RenderOptions, find_briefs, render_with
    from firmbrief.contracts.render import KINDS, NotReadyToRender

    found = find_briefs(briefs)
    if amendment:
        day = day_option(today, brief=found)
        raise typer.Exit(_render_amendment(found, day, output, paper, pdfa, templates))
    options = RenderOptions(
        today=day_option(today, brief=found),
        out_dir=output,
        what=KINDS if what is What.all else (what.value,),
        draft=draft,
        paper=paper.value if paper else None,
        pdfa=pdfa,
        html=html,
        templates=templates,
        language=language,
    )
    if len(briefs) > 1 or found != briefs:
        raise typer.Exit(_render_batch(found, options, jobs))
    brief = found[0]
    try:
        done = render_with(brief, options)
    except NotReadyToRender as refused:
        typer.echo(format_text(refused.report, color=color_wanted()), err=True)
        typer.echo(f"error: {refused}", err=True)
        raise typer.Exit(refused.exit_code) from None
    if draft and done.report is not None and done.report.findings:
        # A draft tells the truth: everything check finds, as check says it.
        typer.echo(format_text(done.report, color=color_wanted(sys.stderr)), err=True)
    for note in done.notes():
        typer.echo(f"warning: {note}", err=True)
    for path in done.paths:
        typer.echo(str(path))


def _render_amendment(
    briefs: list[Path],
    today: date,
    output: Path | None,
    paper: Paper | None,
    pdfa: bool,
    templates: Path | None,
) -> int:
    """``render --amendment``: one brief's amendment; the exit code."""
    from firmbrief.briefs.report import format_text
    from firmbrief.contracts.amendment_render import render_amendment
    from firmbrief.contracts.render import NotReadyToRender

    if len(briefs) != 1:
        typer.echo("error: --amendment: name one signed brief file", err=True)
        return EXIT_UNUSABLE
    try:
        path = render_amendment(
            briefs[0], today=today, out_dir=output, paper=paper.value if paper else None, pdfa=pdfa,
            templates=templates,
        )  # fmt: skip
    except NotReadyToRender as refused:
        typer.echo(format_text(refused.report, color=color_wanted()), err=True)
        typer.echo(f"error: {refused}", err=True)
        return refused.exit_code
    typer.echo(str(path))
    return EXIT_OK


def _render_batch(briefs: list[Path], options: RenderOptions, jobs: int | None) -> int:
    """Render many briefs with progress; print a summary; the exit code."""
    from firmbrief.contracts.batch import Outcome, render_many

    def line(outcome: Outcome) -> str:
        if outcome.status == "rendered":
            return f"rendered  {outcome.brief}: {', '.join(p.name for p in outcome.files)}"
        word = "not ready" if outcome.status == "not-ready" else "failed   "
        return f"{word} {outcome.brief}: {outcome.reason}"

    if not briefs:
        typer.echo("error: no brief files (.yaml, .yml, .json) found", err=True)
        return EXIT_UNUSABLE
    if color_wanted(sys.stderr):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            transient=True,
        ) as progress:
            task = progress.add_task("rendering", total=len(briefs))

            def advance(outcome: Outcome) -> None:
                if outcome.status != "rendered":
                    progress.console.print(line(outcome), markup=False, highlight=False)
                progress.advance(task)

            outcomes = render_many(briefs, options, jobs=jobs, on_done=advance)
    else:
        outcomes = render_many(
            briefs, options, jobs=jobs, on_done=lambda o: typer.echo(line(o), err=True)
        )
    counts = {s: sum(o.status == s for o in outcomes) for s in ("rendered", "not-ready", "failed")}
    typer.echo(
        f"{counts['rendered']} rendered, {counts['not-ready']} refused as not ready, "
        f"{counts['failed']} failed (of {len(outcomes)} briefs)"
    )
    for outcome in outcomes:
        if outcome.status != "rendered":
            typer.echo(f"  {line(outcome)}")
    done = counts["rendered"] == len(outcomes)
    return batch_exit(done=done, bug=any(o.bug for o in outcomes))


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
    templates: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            exists=True,
            file_okay=False,
            help="The templates the PDF was rendered with (render --templates).",
            show_default=False,
        ),
    ] = None,
    format: FormatOption = Format.text,
) -> None:
    """Check a PDF's pages and attached brief: the fingerprint on every page, the page
    numbers, and the text of every page against what the attached brief renders to; and the
    brief against a brief file.

    Exit code 0: consistent (and matches BRIEF); 1: something differs, and what; 2: the PDF
    (or BRIEF) cannot be used.
    """
    from firmbrief.contracts.verify import format_json, format_text, verify_pdf

    verdict = verify_pdf(pdf, brief, templates=templates)
    typer.echo(format_json(verdict) if format is Format.json else format_text(verdict))
    raise typer.Exit(EXIT_OK if verdict.ok else EXIT_NOT_READY)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command()(render)
    app.command()(verify)
