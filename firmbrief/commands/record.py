"""Commands for the project while it runs: record, status, gate, notice, schedule."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final

import typer

from firmbrief.commands.options import BriefArgument, Format, FormatOption, TodayOption, day_option
from firmbrief.contracts.record.kinds import (
    EVENT_KINDS,
    NOTICE_KINDS,
    ActionKind,
    EventKind,
    NoteKind,
)
from firmbrief.errors import EXIT_NOT_READY, EXIT_OK

if TYPE_CHECKING:
    from firmbrief.contracts.record.state import NextAction

__all__ = ["command_for", "next_line", "register"]


def _opt(*names: str, help: str, panel: str, metavar: str | None = None) -> Any:
    return typer.Option(*names, help=help, rich_help_panel=panel, metavar=metavar)


_PAY, _WORK, _CHANGE, _OTHER = "payment", "work and feedback", "change and delay", "other events"

_SHOWN: Final = 40
"""A value longer than this is cut short in a message (as the brief's messages do)."""


def _shown(value: str) -> str:
    text = " ".join(value.split())
    return repr(text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "...")


def _whole(value: str) -> int:
    """A whole number given on the command line; a long value is cut short in the message."""
    try:
        return int(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{_shown(value)} is not a whole number") from None


def _event_kind(value: str) -> EventKind:
    if value in EVENT_KINDS:
        return EventKind(value)
    raise typer.BadParameter(
        f"{_shown(value)} is not an event: use one of {', '.join(EVENT_KINDS)}"
    )


def _notice_kind(value: str) -> NoteKind:
    if value in NOTICE_KINDS:
        return NoteKind(value)
    also = (
        f" (a progress update is recorded with: firmbrief record BRIEF note --kind {value})"
        if value == NoteKind.update
        else ""
    )
    raise typer.BadParameter(
        f"{_shown(value)} is not a notice: use one of {', '.join(NOTICE_KINDS)}{also}"
    )


def record(
    brief: BriefArgument,
    event: Annotated[
        EventKind,
        typer.Argument(
            metavar="EVENT",
            parser=_event_kind,
            help=f"What happened: {', '.join(EVENT_KINDS)}.",
        ),
    ],
    date: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="When (default: today).")
    ] = None,
    amount: Annotated[
        str | None, _opt("--amount", help="Gross amount received.", panel=_PAY, metavar="AMOUNT")
    ] = None,
    for_: Annotated[
        list[str] | None,
        _opt(
            "--for",
            "--instalment",
            help="The instalment paid: 1-prepayment, 1-balance, 2-round-3, change-1; repeat "
            "for a transfer that pays several, in that order (default: the outstanding one it "
            "matches exactly, else what is outstanding, in the order it falls due).",
            panel=_PAY,
            metavar="INSTALMENT",
        ),
    ] = None,
    invoice: Annotated[
        list[str] | None,
        _opt(
            "--invoice",
            help="The invoice paid, by its number (firmbrief invoice); repeat for a transfer "
            "that pays several, in that order.",
            panel=_PAY,
            metavar="NUMBER",
        ),
    ] = None,
    credit: Annotated[
        bool,
        _opt(
            "--credit",
            help="Keep money beyond what is outstanding as a credit (else it is refused).",
            panel=_PAY,
        ),
    ] = False,
    again: Annotated[
        bool,
        _opt(
            "--again",
            help="A second payment of the same amount on the same day: not a double entry.",
            panel=_PAY,
        ),
    ] = False,
    material: Annotated[
        list[int] | None,
        typer.Option(
            "--material",
            help="Material received, by number (repeat).",
            rich_help_panel=_WORK,
            metavar="N",
            parser=_whole,
        ),
    ] = None,
    iteration: Annotated[
        int | None,
        typer.Option(
            "--iteration",
            "-i",
            help="Iteration (default: the current one).",
            rich_help_panel=_WORK,
            metavar="N",
            parser=_whole,
        ),
    ] = None,
    draft: Annotated[
        int | None,
        typer.Option(
            "--draft",
            help="Draft number (else: for acceptance).",
            rich_help_panel=_WORK,
            metavar="N",
            parser=_whole,
        ),
    ] = None,
    revise: Annotated[
        list[str] | None,
        _opt(
            "--revise",
            help='Feedback item within scope: "DELIVERABLE[#CRITERION]: what to change" (repeat).',
            panel=_WORK,
            metavar="ITEM",
        ),
    ] = None,
    fix: Annotated[
        list[str] | None,
        _opt(
            "--fix",
            help="Feedback that the delivery misses an acceptance criterion: "
            '"DELIVERABLE#CRITERION: what is missing" (repeat); no revision round is used.',
            panel=_WORK,
            metavar="ITEM",
        ),
    ] = None,
    scope: Annotated[
        list[str] | None,
        _opt(
            "--scope",
            help="Feedback item that changes the scope (repeat).",
            panel=_WORK,
            metavar="ITEM",
        ),
    ] = None,
    price: Annotated[
        str | None,
        _opt(
            "--price",
            help="Price of the change (net or gross, as the brief's prices).",
            panel=_CHANGE,
            metavar="AMOUNT",
        ),
    ] = None,
    description: Annotated[
        str | None, _opt("--description", help="What the change is.", panel=_CHANGE)
    ] = None,
    request: Annotated[
        int | None,
        typer.Option(
            "--request",
            help="The change request it prices.",
            rich_help_panel=_CHANGE,
            metavar="N",
            parser=_whole,
        ),
    ] = None,
    start: Annotated[
        str | None, _opt("--start", help="New start date.", panel=_CHANGE, metavar="DATE")
    ] = None,
    delivery: Annotated[
        str | None, _opt("--delivery", help="New delivery date.", panel=_CHANGE, metavar="DATE")
    ] = None,
    due: Annotated[
        str | None, _opt("--due", help="When the change is paid.", panel=_CHANGE, metavar="DATE")
    ] = None,
    reason: Annotated[
        str | None, _opt("--reason", help="Why (delay, cancellation, void, refund).", panel=_CHANGE)
    ] = None,
    kind: Annotated[
        str | None,
        _opt(
            "--kind",
            help="Note sent: payment, review, materials, cancellation, update.",
            panel=_OTHER,
        ),
    ] = None,
    about: Annotated[str | None, _opt("--about", help="What the note said.", panel=_OTHER)] = None,
    by: Annotated[
        str | None, _opt("--by", help="Who cancelled: client or freelancer.", panel=_OTHER)
    ] = None,
    for_cause: Annotated[
        bool,
        _opt(
            "--for-cause",
            help="Cancelled for cause (the other side's breach, after a written reminder and "
            "the cure days, as the record shows them): settled as if that side had ended it.",
            panel=_OTHER,
        ),
    ] = False,
    anyway: Annotated[
        bool, _opt("--anyway", help="Record a release although the gate is closed.", panel=_OTHER)
    ] = False,
    line: Annotated[
        int | None,
        typer.Option(
            "--line",
            help="The line a void takes back (it stays in the record).",
            rich_help_panel=_OTHER,
            metavar="N",
            parser=_whole,
        ),
    ] = None,
) -> None:
    """Add an event to the project's record (BRIEF.log.jsonl beside the brief).

    Each event is checked against the brief and the record before anything is written.

    Exit code 0: recorded; 1: not possible now (not signed, gate closed); 2: unusable input.
    """
    from firmbrief.contracts.record.recording import record as record_event

    values = {
        "amount": amount, "instalment": for_, "invoices": invoice, "credit": credit or None,
        "again": again or None, "materials": material,
        "iteration": iteration, "draft": draft, "revise": revise, "fix": fix, "scope": scope,
        "price": price, "description": description, "request": request, "start": start,
        "delivery": delivery, "due": due, "reason": reason, "kind": kind, "about": about,
        "by": by, "for_cause": for_cause or None, "anyway": anyway or None, "line": line,
    }  # fmt: skip
    options = {name: value for name, value in values.items() if value not in (None, [])}
    done = record_event(brief, event.value, options, when=date)
    for warning in done.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"{done.path.name}: line {done.line}: {done.summary}")


def status(
    brief: BriefArgument, today: TodayOption = None, format: FormatOption = Format.text
) -> None:
    """Say where the project stands: iterations, money, overdue items, warnings, next action.

    Exit code 0; 2: the brief or its record cannot be used.
    """
    from firmbrief.contracts.record.replay import project_at
    from firmbrief.contracts.record.report import as_json, format_text

    project = project_at(brief, day_option(today, brief=brief))
    action = project.next_action
    command = command_for(action, brief) if action else None
    line = next_line(action, brief)
    if format is Format.json:
        data = as_json(project, str(brief), line, command)
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        typer.echo(format_text(project, str(brief), line))


# The command line of each next move: how it joins the words, and the command.
_COMMANDS: Final[dict[ActionKind, tuple[str, str]]] = {
    ActionKind.sign: (", then: ", "record {brief} signed --date DATE"),
    ActionKind.credit_invoice: (": ", "invoice {brief} --credit {invoice}"),
    ActionKind.settle_cancellation: (": ", "notice {brief} cancellation"),
    ActionKind.announce_delay: (": ", "record {brief} delay --delivery DATE --reason TEXT"),
    ActionKind.remind_payment: (": ", "notice {brief} payment"),
    ActionKind.ask_review: (": ", "notice {brief} review"),
    ActionKind.ask_materials: (": ", "notice {brief} materials"),
    ActionKind.send_update: (", then: ", "record {brief} note --kind update"),
    ActionKind.quote_change: (
        " and, once agreed: ",
        "record {brief} change --request {request} --price AMOUNT",
    ),
    ActionKind.release_source: (" (", "gate release-source {brief})"),
    ActionKind.refund: (", then: ", "record {brief} refund --amount AMOUNT"),
    ActionKind.invoice_prepayment: (" (", "invoice {brief} {instalment})"),
    ActionKind.invoice_instalment: (" (", "invoice {brief} {instalment})"),
}


def command_for(action: NextAction, brief: Path) -> str | None:
    """The ``firmbrief`` command line that takes the next step, if one does."""
    found = _COMMANDS.get(action.kind)
    if found is None:
        return None
    # Only our own template is formatted: the brief's name and texts are never format strings.
    words = found[1].format_map(
        {"brief": "\0", "request": action.request, "instalment": action.instalment,
         "invoice": action.invoice}
    )
    return "firmbrief " + words.removesuffix(")").replace("\0", str(brief))


def next_line(action: NextAction | None, brief: Path) -> str:
    """The next action in words, followed by its command line."""
    if action is None:
        return ""
    command = command_for(action, brief)
    if command is None:
        return action.text
    joiner = _COMMANDS[action.kind][0]
    return f"{action.text}{joiner}{command}{')' if joiner == ' (' else ''}"


gate_app = typer.Typer(
    help="Payment gates for scripts: exit 0 go, 1 not yet (and why), 2 unusable input.",
    no_args_is_help=True,
)


@gate_app.command("start")
def gate_start(
    brief: BriefArgument,
    number: Annotated[
        int, typer.Argument(metavar="N", help="The iteration to start.", parser=_whole)
    ],
    today: TodayOption = None,
    format: FormatOption = Format.text,
) -> None:
    """May iteration N start? Open once the brief is signed, its prepayment is paid, every
    iteration before it is accepted and paid in full (unless the terms let iterations overlap)
    and no invoice is overdue.

    Exit code 0: go; 1: not yet, and why, or the brief changed after signing; 2: unusable input.
    """
    from firmbrief.contracts.record.gates import as_json, checked, format_text, start_gate
    from firmbrief.contracts.record.replay import project_at

    project = checked(project_at(brief, day_option(today, brief=brief)), str(brief))
    _answer(project, start_gate(project, number, brief=str(brief)), format, as_json, format_text)


@gate_app.command("release-source")
def gate_release_source(
    brief: BriefArgument, today: TodayOption = None, format: FormatOption = Format.text
) -> None:
    """May the source and working files be released? Per the brief's terms.source_release.

    Exit code 0: go; 1: not yet, and why, or the brief changed after signing; 2: unusable input.
    """
    from firmbrief.contracts.record.gates import as_json, checked, format_text, release_gate
    from firmbrief.contracts.record.replay import project_at

    project = checked(project_at(brief, day_option(today, brief=brief)), str(brief))
    _answer(project, release_gate(project), format, as_json, format_text)


def _answer(project: Any, gate: Any, format: Format, as_json: Any, format_text: Any) -> None:
    if format is Format.json:
        typer.echo(json.dumps(as_json(project, gate), indent=2, ensure_ascii=False))
    else:
        typer.echo(format_text(project, gate))
    raise typer.Exit(EXIT_OK if gate.open else EXIT_NOT_READY)


def notice(
    brief: BriefArgument,
    kind: Annotated[
        NoteKind,
        typer.Argument(
            metavar="KIND",
            help="payment, review, materials or cancellation.",
            parser=_notice_kind,
        ),
    ],
    today: TodayOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the text to FILE (- for standard output)."
        ),
    ] = None,
) -> None:
    """Write a polite, formal notice to the client: what is due, since when, on which clause.

    Exit code 0: written; 1: nothing to give notice of; 2: unusable input.
    """
    from firmbrief.atomic import write_text_atomic
    from firmbrief.contracts.letters import notice_text
    from firmbrief.contracts.record.notices import notice_context
    from firmbrief.contracts.record.replay import project_at

    project = project_at(brief, day_option(today, brief=brief))
    text = notice_text(kind.value, notice_context(project, kind.value, brief=str(brief)))
    if output is None or str(output) == "-":
        typer.echo(text, nl=False)
    else:
        write_text_atomic(output, text, like=brief)
        typer.echo(f"wrote {output}")
    typer.echo(f"once sent: firmbrief record {brief} note --kind {kind.value}", err=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command()(record)
    app.command()(status)
    app.add_typer(gate_app, name="gate")
    app.command()(notice)
