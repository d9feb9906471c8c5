"""``firmbrief init``: your business profile, ``firmbrief.toml``, asked once for every brief."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from firmbrief.errors import EXIT_INTERRUPTED

__all__ = ["register"]


def init(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="[FOLDER]",
            help="Where your briefs live (default: here); firmbrief.toml is written there.",
            show_default=False,
        ),
    ] = Path("."),
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="Take the answers from this YAML/JSON file (the shape of firmbrief.toml: "
            "business: and invoices:) instead of asking.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a firmbrief.toml that is there already.")
    ] = False,
) -> None:
    """Write your business profile, firmbrief.toml: name, address, country, email, tax
    number, bank account, payment link and invoice numbering, asked once at the terminal.

    Every brief in the folder (and in folders below it, in your home folder) takes your
    details from it. Each answer is checked at once, by the rules check applies; an existing
    profile is kept unless --force.
    """
    from firmbrief.briefs.profile import CONFIG_NAME, refuse_existing, write_profile

    target = folder / CONFIG_NAME
    refuse_existing(target, force=force)  # before asking anything
    if answers is not None:
        from firmbrief.briefs.files import read_data
        from firmbrief.intake.business import scripted_business

        business, number_format = scripted_business(read_data(answers), name=str(answers))
    else:
        from firmbrief.intake.business import ask_business
        from firmbrief.intake.consoles import Terminal

        try:
            business, number_format = ask_business(Terminal())
        except (KeyboardInterrupt, EOFError):
            typer.echo("\nstopped: nothing written", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
    profile = write_profile(target, business, number_format=number_format, force=force)
    said = ", ".join(k for k in profile.business if profile.business[k])
    typer.echo(f"wrote {target}: {said}")
    typer.echo(
        "next: firmbrief questionnaire (questions for a client) or "
        "firmbrief intake interview -o BRIEF (a brief at the terminal)"
    )


def register(app: typer.Typer) -> None:
    app.command()(init)
