"""The freelancer's next action, from the project's state."""

from __future__ import annotations

from firmbrief.briefs.dates import format_long
from firmbrief.contracts.record.state import Project

__all__ = ["next_action"]


def next_action(project: Project) -> str:
    path = str(project.record.path).removesuffix(".log.jsonl")
    codes = {flag.code for flag in project.warnings + project.overdue}
    if project.brief_changed:
        return "restore the brief that was signed, or have the amended brief signed and record it"
    if project.signed is None:
        return f"have the brief signed, then: firmbrief record {path} signed --date DATE"
    if project.settlement:
        balance = project.settlement.balance
        if balance > 0:
            return (
                f"send the cancellation notice and invoice {project.money(balance)}: "
                f"firmbrief notice {path} cancellation"
            )
        if balance < 0:
            return f"refund {project.money(-balance)} to the client"
        return "nothing is owed either way: hand over what may be released, and close the project"
    if "delivery-late" in codes:
        return (
            f"deliver, or announce the delay: firmbrief record {path} delay "
            "--delivery DATE --reason TEXT"
        )
    if "payment-overdue" in codes:
        return f"send a payment reminder: firmbrief notice {path} payment"
    if "review-overdue" in codes:
        return f"ask the client for their answer: firmbrief notice {path} review"
    if "materials-overdue" in codes:
        return f"ask the client for the missing materials: firmbrief notice {path} materials"
    if "delivery-at-risk" in codes:
        return "tell the client your delivery is at risk and agree a new date, or cut scope"
    if "no-word-to-client" in codes:
        return (
            f"send the client a progress update, then: firmbrief record {path} note --kind update"
        )
    unpriced = [c for c in project.changes if c.price is None]
    if unpriced:
        c = unpriced[0]
        return (
            f"quote change request {c.number} and, once agreed: firmbrief record {path} change "
            f"--request {c.number} --price AMOUNT"
        )
    current = project.current()
    if current is None:
        if project.outstanding():
            first = project.outstanding()[0]
            due = f", due {format_long(first.due)}" if first.due else ""
            return f"wait for the {first.label} ({project.money(first.outstanding)}{due})"
        if project.released or project.brief.terms.source_release == "not_included":
            return "everything is delivered, accepted and paid: close the project"
        return f"everything is paid: release the source (firmbrief gate release-source {path})"
    prepayment = project.instalment(f"{current.number}-prepayment")
    if current.state == "waiting-for-prepayment" and prepayment:
        due = f", due {format_long(prepayment.due)}" if prepayment.due else ""
        return (
            f"invoice the prepayment of iteration {current.number} "
            f"({project.money(prepayment.outstanding)}{due}); start once it is paid"
        )
    if current.state in {"in-review", "review-lapsed"} and current.pending:
        until = format_long(current.pending.review_until)
        return f"wait for the client's answer on iteration {current.number} by {until}"
    if current.state == "revising":
        return f"iteration {current.number}: {current.summary}"
    if current.state == "ready" and current.start:
        return f"start iteration {current.number} on {format_long(current.start)}"
    due = f" by {format_long(current.delivery)}" if current.delivery else ""
    return f"work on iteration {current.number} ({current.name}) and deliver it{due}"
