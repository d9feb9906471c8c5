"""Invoicing many briefs at once: every instalment due by a day, across the briefs of a folder.

One process, one :class:`~firmbrief.pdf.Renderer` for every invoice (WeasyPrint's
start-up, the fonts and the parsed stylesheets are paid once), the briefs in order so their
numbers follow the order of the files. A brief that fails does not stop the others: each
ends as one :class:`Outcome` (invoices issued, nothing due, or failed with the reason, after
the invoices it did issue). A brief not signed yet has nothing due: it is not invoiced.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

from firmbrief.contracts.invoices.issue import Issued, NotSigned, due_instalments, issue_invoice
from firmbrief.contracts.invoices.register import DEFAULT_WAIT
from firmbrief.deadline import seconds_said, time_limit
from firmbrief.errors import FirmbriefError

if TYPE_CHECKING:
    from firmbrief.pdf import Renderer

__all__ = ["BRIEF_SECONDS", "Outcome", "issue_due"]

BRIEF_SECONDS: Final = 180.0
"""The time one brief of a batch may take at most (as ``invoice`` for one invoice)."""

Status = Literal["issued", "nothing-due", "failed"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one brief of a batch ended."""

    brief: Path
    status: Status
    issued: tuple[Issued, ...] = ()
    reason: str = ""
    bug: bool = False  # failed by a bug in firmbrief (the batch exits 70)


def _reason(error: FirmbriefError) -> str:
    return ": ".join(part for part in (error.field, error.message) if part)


def _one(
    brief: Path, *, by: date, day: date, wait: float, renderer: Renderer, today: date | None,
    future: bool,
) -> Outcome:  # fmt: skip
    issued: list[Issued] = []
    said = f"invoicing took longer than {seconds_said(BRIEF_SECONDS)} s and was stopped"
    try:
        with time_limit(BRIEF_SECONDS, said, file=str(brief)):
            try:
                due = due_instalments(brief, by=by, day=day)
            except NotSigned:
                return Outcome(brief, "nothing-due", reason="not signed yet")
            for key in due:
                issued.append(issue_invoice(brief, day=day, instalment=key, renderer=renderer,
                                            wait=wait, today=today, future=future))  # fmt: skip
    except FirmbriefError as error:
        return Outcome(brief, "failed", tuple(issued), _reason(error))
    except Exception as error:  # a bug must not stop the batch; say which brief hit it
        why = f"internal error: {type(error).__name__}"
        return Outcome(brief, "failed", tuple(issued), why, bug=True)
    return Outcome(brief, "issued" if issued else "nothing-due", tuple(issued))


def issue_due(
    briefs: Sequence[Path],
    *,
    by: date,
    day: date,
    wait: float = DEFAULT_WAIT,
    on_done: Callable[[Outcome], None] | None = None,
    today: date | None = None,
    future: bool = False,
) -> list[Outcome]:
    """Issue every instalment due by ``by`` of each brief, dated ``day``; the outcomes in the
    order given. ``on_done`` hears each as it ends."""
    from firmbrief.pdf import Renderer

    renderer = Renderer()
    outcomes = []
    for brief in briefs:
        outcome = _one(brief, by=by, day=day, wait=wait, renderer=renderer, today=today,
                       future=future)  # fmt: skip
        outcomes.append(outcome)
        if on_done is not None:
            on_done(outcome)
    return outcomes
