"""The ``invoice`` command: one invoice, a credit note, a reprint, or every instalment due
across a folder of briefs."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from firmbrief.commands.options import Format, FormatOption, color_wanted, day_option
from firmbrief.errors import EXIT_UNUSABLE, batch_exit

if TYPE_CHECKING:
    from firmbrief.contracts.invoices.batch import Outcome
    from firmbrief.contracts.invoices.issue import Issued

__all__ = ["register"]


def invoice(
    brief: Annotated[
        Path,
        typer.Argument(
            metavar="BRIEF",
            help="The brief file (with --due: a folder of briefs, or several briefs).",
            show_default=False,
        ),
    ],
    instalment: Annotated[
        str | None,
        typer.Argument(
            metavar="[INSTALMENT]",
            help="1-prepayment, 1-balance, 2-round-3, change-1, test-task, or settlement after "
            "a cancellation (default: the first owed now and not yet invoiced).",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="The invoice date (default: today); it is due payment.due_days later.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Where to write the PDF (default: beside the brief, "
            "<brief>-invoice-<number>.pdf).",
            show_default=False,
        ),
    ] = None,
    credit: Annotated[
        str | None,
        typer.Option(
            "--credit",
            metavar="NUMBER",
            help="Cancel invoice NUMBER with a credit note (its own number, amounts negated).",
            show_default=False,
        ),
    ] = None,
    again: Annotated[
        str | None,
        typer.Option(
            "--reprint",
            metavar="NUMBER",
            help="Print invoice NUMBER again, as it was issued.",
            show_default=False,
        ),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option(
            "--due",
            metavar="DATE",
            help="Issue every instalment due by DATE, for each brief in the folder BRIEF.",
            show_default=False,
        ),
    ] = None,
    future: Annotated[
        bool,
        typer.Option(
            "--future",
            help="Confirm an invoice --date after today (it blocks earlier dates in its series).",
        ),
    ] = False,
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            metavar="SECONDS",
            min=0,
            help="How long to wait for another invoice command to finish with the register.",
        ),
    ] = 60.0,
    format: FormatOption = Format.text,
) -> None:
    """Issue an invoice for an instalment of a brief, as a Factur-X PDF/A-3.

    The invoice is numbered from the business's invoice register (firmbrief.toml's [invoices]
    register, default invoices.sqlite beside firmbrief.toml) without gaps or duplicates; the
    PDF shows both parties with their tax numbers, what is billed, net, tax and gross, the
    payment route (an EPC QR code for EUR and an IBAN) and the payment clause of the terms,
    and carries the EN 16931 data as factur-x.xml and the brief as brief.json.

    An instalment already invoiced is refused with its invoice's number, one not owed (a
    balance before acceptance, one paid in full, anything of a cancelled project) with the
    reason; after a cancellation, `settlement` invoices what the settlement leaves owed (or
    gives a credit note for a refund). Correct an invoice with --credit NUMBER, print it again
    with --reprint NUMBER.

    Exit code 0: issued (the PDF's path is printed); 1: nothing to invoice, not owed, already
    invoiced, no firmbrief.toml, a date after today without --future, or for --due: any brief
    failed; 2: the brief, the profile or the register cannot be used, or a date out of order.
    """
    from firmbrief.contracts.invoices import issue

    if sum(x is not None for x in (credit, again, due)) > 1:
        raise typer.BadParameter("use one of --credit, --reprint and --due")
    if due is not None:
        if instalment is not None or output is not None:
            raise typer.BadParameter("--due issues every instalment due: no INSTALMENT or -o")
        by = day_option(due, option="--due")
        day = day_option(date, option="--date")
        raise typer.Exit(_batch(brief, by=by, day=day, wait=wait, future=future))
    if (credit or again) and instalment is not None:
        raise typer.BadParameter("--credit and --reprint take an invoice NUMBER, no INSTALMENT")
    today = datetime.date.today()
    if again is not None:
        done = issue.reprint(brief, again, output=output, today=today)
    elif credit is not None:
        day = day_option(date, option="--date")
        done = issue.credit_note(
            brief, credit, day=day, output=output, wait=wait, today=today, future=future
        )
    else:
        day = day_option(date, option="--date")
        done = issue.issue_invoice(brief, day=day, instalment=instalment, output=output,
                                   wait=wait, today=today, future=future)  # fmt: skip
    if done.warning:
        typer.echo(f"warning: {done.warning}", err=True)
    if format is Format.json:
        typer.echo(json.dumps({**done.invoice.summary(), "file": str(done.path)}, indent=2))
    else:
        typer.echo(_line(done))


def _line(done: Issued) -> str:
    from firmbrief.briefs.money import plain

    invoice = done.invoice
    amount = plain(invoice.amounts.gross, invoice.currency, invoice.digits)
    if done.reprinted:
        what = f"{invoice.number} printed again"
    elif invoice.credit_note and not invoice.credits:
        what = f"credit note {invoice.number} for the {invoice.instalment} (a refund): {amount}"
    elif invoice.credit_note:
        what = f"credit note {invoice.number} cancels {invoice.credits}: {amount}"
    else:
        what = f"invoice {invoice.number} for {invoice.instalment}: {amount}, due {invoice.due}"
    return f"wrote {done.path}: {what}"


def _batch(
    folder: Path, *, by: datetime.date, day: datetime.date, wait: float, future: bool
) -> int:
    from firmbrief.contracts.batch import find_briefs
    from firmbrief.contracts.invoices.batch import issue_due

    briefs = find_briefs([folder])
    if not briefs:
        typer.echo("error: no brief files (.yaml, .yml, .json) found", err=True)
        return EXIT_UNUSABLE

    def line(outcome: Outcome) -> str:
        numbers = ", ".join(i.invoice.number for i in outcome.issued)
        if outcome.status == "failed":
            also = f" (after issuing {numbers})" if numbers else ""
            return f"failed    {outcome.brief}: {outcome.reason}{also}"
        if outcome.status == "nothing-due":
            why = outcome.reason or f"no instalment due by {by.isoformat()}"
            return f"nothing   {outcome.brief}: {why}"
        return f"invoiced  {outcome.brief}: {numbers}"

    if color_wanted(sys.stderr):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            transient=True,
        ) as progress:
            task = progress.add_task("invoicing", total=len(briefs))

            def advance(outcome: Outcome) -> None:
                if outcome.status == "failed":
                    progress.console.print(line(outcome), markup=False, highlight=False)
                progress.advance(task)

            outcomes = issue_due(briefs, by=by, day=day, wait=wait, on_done=advance,
                                 today=datetime.date.today(), future=future)  # fmt: skip
    else:
        outcomes = issue_due(
            briefs, by=by, day=day, wait=wait, on_done=lambda o: typer.echo(line(o), err=True),
            today=datetime.date.today(), future=future,
        )  # fmt: skip
    count = sum(len(o.issued) for o in outcomes)
    failed = [o for o in outcomes if o.status == "failed"]
    quiet = sum(o.status == "nothing-due" for o in outcomes)
    typer.echo(
        f"{count} invoice{'s' * (count != 1)} issued, {quiet} brief{'s' * (quiet != 1)} with "
        f"nothing due, {len(failed)} failed (of {len(outcomes)} briefs)"
    )
    for outcome in outcomes:
        for done in outcome.issued:
            typer.echo(f"  {_line(done)}")
    for outcome in failed:
        typer.echo(f"  {line(outcome)}")
    return batch_exit(done=not failed, bug=any(o.bug for o in outcomes))


def register(app: typer.Typer) -> None:
    """Add this module's command to the root app."""
    app.command()(invoice)
