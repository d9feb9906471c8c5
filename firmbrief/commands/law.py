"""The ``law`` command: what firmbrief states under a law, and where each statement comes from."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["register"]


def law(
    code: Annotated[
        str,
        typer.Argument(help="A country (DE, FR), or a state, province or nation (US-NY, GB-SCT)."),
    ],
) -> None:
    """Print what firmbrief states under a law, with the source of each statement.

    Every statement of law the terms print comes from this table; a law without a row gets no
    statement of firmbrief's own. Exit code 0: printed; 2: the code names no law (a country
    whose contract law is its states', given without the state: write US-NY).
    """
    from firmbrief.briefs.law import describe
    from firmbrief.briefs.regions import jurisdiction_name

    found, statements = describe(code)
    typer.echo(f"{found}: the law of {jurisdiction_name(found)}")
    if not statements:
        typer.echo(
            "  firmbrief states nothing of its own under this law: its table has no row for "
            f"{found} (no statutory interest or recovery fee; a consumer client and rights: "
            "transfer are refused by check)"
        )
    for item in statements:
        typer.echo(f"  {item.says}\n      source: {item.source}")


def register(app: typer.Typer) -> None:
    app.command()(law)
