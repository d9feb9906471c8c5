"""What an amendment and a credit note may not do silently to money already settled.

* After a cancellation the settlement stands: an amendment signed then would rewrite what is
  owed after the fact (:func:`admit_amendment` refuses it).
* An amendment that lowers an instalment below what was paid for it would move the payments to
  other instalments without a word: refused, naming the instalment, what was paid and what it
  would cost (the brief as signed is the one kept beside it, :mod:`.signed_copy`).
* A credit note cancels an invoice still to be paid; one for an invoice with payments booked to
  it would leave them without their invoice: refused, naming the payments
  (:func:`admit_credit`).
"""

from __future__ import annotations

from pathlib import Path

from firmbrief.briefs.dates import format_long
from firmbrief.contracts.record.state import Project
from firmbrief.errors import FirmbriefError, NotReady

__all__ = ["admit_amendment", "admit_credit"]


def admit_amendment(project: Project, brief_path: Path) -> None:
    """Refuse the signing of an amended brief (``project`` runs on it) that rewrites a
    settlement or moves payments from the instalments they paid."""
    if project.signed is None or not project.brief_changed:
        return
    if project.cancelled is not None:
        raise NotReady(
            f"the project was cancelled on {format_long(project.cancelled.date)}: its "
            "settlement stands, and an amendment signed after it cannot change what is owed. "
            "Restore the brief as signed; agree anything further in writing outside the brief"
        )
    from firmbrief.contracts.record.replay import project_of
    from firmbrief.contracts.record.signed_copy import read_signed

    assert project.pinned is not None
    before = project_of(
        read_signed(brief_path, project.pinned), project.record, today=project.today
    )
    for old in before.instalments:
        new = project.instalment(old.key)
        cost = new.amounts.gross if new is not None else None
        if old.received and (cost is None or cost < old.received):
            lines = sorted({r.line for r in old.receipts})
            costs = f"costs {project.money(cost)}" if cost is not None else "is dropped"
            raise FirmbriefError(
                f"the amended brief lowers the {old.label} below what was paid for it: "
                f"{project.money(old.received)} paid (line {', '.join(map(str, lines))}), and "
                f"it now {costs}; signed, the difference would move to other instalments "
                "unseen. Keep its price at what was paid or more, and agree the difference as "
                "a change of another part",
                field="signed",
            )


def admit_credit(project: Project, number: str, brief_path: Path) -> None:
    """Refuse a credit note for invoice ``number`` while payments are booked to its
    instalment: a credit note cancels an invoice still to be paid."""
    invoice = project.invoices.get(number)
    if invoice is None or invoice.credited_by is not None:
        return
    instalment = project.instalment(invoice.instalment)
    if instalment is None or not instalment.received:
        return
    lines = ", ".join(str(line) for line in sorted({r.line for r in instalment.receipts}))
    raise NotReady(
        f"invoice {number} is paid ({project.money(instalment.received)} received for the "
        f"{instalment.label}, record line {lines}): a credit note would leave that payment "
        "without its invoice. To replace a paid invoice, void the payment first "
        f"(firmbrief record {brief_path} void --line N), credit and invoice again, then record "
        "the payment against the new invoice",
        file=str(brief_path),
    )
