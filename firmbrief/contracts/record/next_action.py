"""The freelancer's next move, from the project's state, as data: what to do (in words), which
iteration, instalment or change request it concerns. The command line that does it is the
command line's to write (:func:`firmbrief.commands.record.command_for`). The
:class:`~firmbrief.contracts.record.state.NextAction` is a part of the project's state and is
defined there."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from firmbrief.briefs.dates import format_long
from firmbrief.contracts.record.gates import holds
from firmbrief.contracts.record.invoicing import SETTLEMENT, replaced_invoices
from firmbrief.contracts.record.kinds import ActionKind, Stage
from firmbrief.contracts.record.state import Instalment, NextAction, Project

__all__ = ["finished_on", "next_action"]


# The warning that calls for each move, most pressing first.
_BY_FLAG = (
    ("delivery-late", ActionKind.announce_delay, "deliver, or announce the delay"),
    ("payment-overdue", ActionKind.remind_payment, "send a payment reminder"),
    (
        "review-overdue",
        ActionKind.ask_review,
        "send the client a written reminder for their answer (silence counts as acceptance "
        "only after it)",
    ),
    ("materials-overdue", ActionKind.ask_materials, "ask the client for the missing materials"),
    (
        "delivery-at-risk",
        ActionKind.warn_delivery,
        "tell the client your delivery is at risk and agree a new date, or cut scope",
    ),
    ("no-word-to-client", ActionKind.send_update, "send the client a progress update"),
)


def finished_on(project: Project) -> date | None:
    """The day the project was finished: every iteration accepted (or counted as accepted),
    every instalment paid, no change request waiting for its price, and the source released
    (where the terms hand it over); ``None`` while it is not."""
    if project.cancelled or project.signed is None or project.brief_changed:
        return None
    accepted = [it.accepted_on for it in project.iterations]
    if not accepted or not all(accepted) or project.outstanding():
        return None
    if any(c.price is None for c in project.changes):
        return None
    days = [d for d in accepted if d] + [i.paid_on for i in project.instalments if i.paid_on]
    if project.brief.terms.source_release != "not_included":
        if project.released is None:
            return None
        days.append(project.released.date)
    return max(days)


def next_action(project: Project) -> NextAction | None:
    """What the freelancer should do next; ``None`` once the project is finished."""
    codes = {flag.code for flag in project.warnings + project.overdue}
    if project.brief_changed:
        return NextAction(
            ActionKind.restore_brief,
            "restore the brief that was signed, or render the amendment (render --amendment), "
            "have it signed and record it",
        )
    if project.signed is None:
        return NextAction(ActionKind.sign, "have the brief signed")
    if project.settlement:
        return _settle(project, project.settlement.balance, codes)
    if project.finished:
        return None
    for code, kind, text in _BY_FLAG:
        if code in codes:
            return NextAction(kind, text)
    unpriced = [c for c in project.changes if c.price is None]
    if unpriced:
        number = unpriced[0].number
        return NextAction(ActionKind.quote_change, f"quote change request {number}", request=number)
    return _work_or_money(project)


def _settle(project: Project, balance: Decimal, codes: set[str]) -> NextAction:
    """After a cancellation: an invoice the settlement replaced is cancelled first (as ``invoice
    settlement`` requires), then the settlement is invoiced and waited for, or refunded."""
    if replaced := replaced_invoices(project):
        invoice = replaced[0]
        return NextAction(
            ActionKind.credit_invoice,
            f"cancel invoice {invoice.number} ({invoice.instalment}) with a credit note: the "
            "settlement replaces it",
            instalment=invoice.instalment,
            invoice=invoice.number,
        )
    owed = project.instalment(SETTLEMENT)
    if balance > 0 and owed is not None and owed.invoice is not None:
        if "payment-overdue" in codes:
            return NextAction(ActionKind.remind_payment, "send a payment reminder")
        return _wait_for(project, owed, "")
    if balance > 0:
        return NextAction(
            ActionKind.settle_cancellation,
            f"send the cancellation notice and invoice {project.money(balance)}",
        )
    if balance < 0:
        return NextAction(ActionKind.refund, f"refund {project.money(-balance)} to the client")
    return NextAction(
        ActionKind.close_cancelled,
        "nothing is owed either way: hand over what may be released, and close the project",
    )


def _work_or_money(project: Project) -> NextAction | None:
    """The next move of a project under way, no warning calling for one."""
    current = project.current()
    if current is None:
        if project.outstanding():
            return _invoice_or_wait(project, project.outstanding(), None)
        return NextAction(ActionKind.release_source, "everything is paid: release the source")
    number = current.number
    if current.state is Stage.waiting_for_payment:
        held = holds(project, number)  # what its start waits for, as its state says
        unpaid = held.earlier + held.overdue
        if unpaid:
            return _invoice_or_wait(project, unpaid + held.prepayments, number)
    prepayment = project.instalment(f"{number}-prepayment")
    if current.state is Stage.waiting_for_prepayment and prepayment and prepayment.invoice:
        return _wait_for(project, prepayment, f": iteration {number} starts once it is paid")
    if current.state is Stage.waiting_for_prepayment and prepayment:
        due = f", due {format_long(prepayment.due)}" if prepayment.due else ""
        return NextAction(
            ActionKind.invoice_prepayment,
            f"invoice the prepayment of iteration {number} "
            f"({project.money(prepayment.outstanding)}{due}); start once it is paid",
            iteration=number,
            instalment=prepayment.key,
        )
    if current.state in {Stage.in_review, Stage.review_lapsed} and current.pending:
        if current.reminded and current.answer_by:
            return NextAction(
                ActionKind.wait_for_review,
                f"wait for the client's answer on iteration {number} by "
                f"{format_long(current.answer_by)} (reminded on {format_long(current.reminded)}); "
                "without one, it counts as accepted on that day",
                iteration=number,
            )
        until = format_long(current.pending.review_until)
        return NextAction(
            ActionKind.wait_for_review,
            f"wait for the client's answer on iteration {number} by {until}",
            iteration=number,
        )
    if current.state is Stage.revising:
        return NextAction(ActionKind.revise, f"iteration {number}: {current.summary}", number)
    if current.state is Stage.ready and current.start:
        return NextAction(
            ActionKind.start, f"start iteration {number} on {format_long(current.start)}", number
        )
    due = f" by {format_long(current.delivery)}" if current.delivery else ""
    return NextAction(
        ActionKind.work, f"work on iteration {number} ({current.name}) and deliver it{due}", number
    )


def _invoice_or_wait(project: Project, owed: list[Instalment], number: int | None) -> NextAction:
    """Invoice what is due and not invoiced yet (the first, with the others named), else wait
    for the first instalment owed; ``number``: the iteration that starts once they are paid."""
    billable = [i for i in owed if i.invoice is None and i.due_firm and i.due is not None]
    if not billable:
        then = f": iteration {number} starts once it is paid" if number else ""
        return _wait_for(project, owed[0], then)
    first = billable[0]
    assert first.due is not None
    others = "".join(f", then the {i.label}" for i in billable[1:])
    they = "they are" if others else "it is"
    then = f": iteration {number} starts once {they} paid" if number else ""
    return NextAction(
        ActionKind.invoice_instalment,
        f"invoice the {first.label} ({project.money(first.outstanding)}, due "
        f"{format_long(first.due)}){others}{then}",
        iteration=first.iteration,
        instalment=first.key,
    )


def _wait_for(project: Project, instalment: Instalment, then: str) -> NextAction:
    verb = "due" if instalment.due_firm else "expected"
    due = f", {verb} {format_long(instalment.due)}" if instalment.due else ""
    bill = f"invoice {instalment.invoice.number}, " if instalment.invoice else ""
    return NextAction(
        ActionKind.wait_for_payment,
        f"wait for the {instalment.label} ({bill}{project.money(instalment.outstanding)}{due})"
        f"{then}",
        instalment=instalment.key,
    )
