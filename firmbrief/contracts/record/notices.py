"""Formal notices to the client: payment, review, materials, cancellation.

Each notice is plain text, polite and formal, ready to paste into an email or a letter: what is
due, since when, the clause of the signed terms it rests on (numbered as in the terms
document, :mod:`firmbrief.contracts.clauses`), and what happens next. A payment notice names
each instalment's invoice (number and date) once it is invoiced. The wording lives in
``templates/notices/<kind>.txt``, worded by :mod:`firmbrief.contracts.letters`; every value, the
client's names and the project's texts included, is computed here and passed to the template as
a variable, never compiled as template code. Money and dates are formatted as the documents
format them (:class:`~firmbrief.contracts.views.Formats`).

A notice rests on signed terms: without a signing in the record, or when the brief changed
after signing, there is no notice. When there is nothing to give notice of (no payment due, no
review lapsed...), :class:`~firmbrief.errors.NotReady` says so.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from firmbrief.briefs.money import InstalmentKind
from firmbrief.briefs.timeline import REMINDER_WORKING_DAYS
from firmbrief.contracts.clauses import clause
from firmbrief.contracts.record.cause import cause
from firmbrief.contracts.record.events import Signed
from firmbrief.contracts.record.invoicing import invoice_words
from firmbrief.contracts.record.kinds import NOTICE_KINDS
from firmbrief.contracts.record.ledger import outstanding_amounts
from firmbrief.contracts.record.schedule import balance_due_after, received_on
from firmbrief.contracts.record.settlement import SETTLEMENT, line_text, settlement_on
from firmbrief.contracts.record.state import Instalment, Project, Settlement
from firmbrief.contracts.record.work import answer_by
from firmbrief.errors import BriefChanged, BriefUnreadable, NotReady, NotSigned

__all__ = ["REPLY_DAYS", "notice_context"]

REPLY_DAYS: Final = 7
"""Calendar days a notice gives the client to pay or answer."""

REPLY_WORKING_DAYS: Final = 3
"""Working days a notice gives the client to send missing materials or a review."""

def notice_context(project: Project, kind: str, *, brief: str) -> dict[str, Any]:
    """What the ``kind`` notice says as of ``project.today``: every value, ready to print
    (:func:`firmbrief.contracts.letters.notice_text` words it)."""
    if kind not in NOTICE_KINDS:
        raise BriefUnreadable(f'"{kind}" is not a notice; use one of: {", ".join(NOTICE_KINDS)}')
    if project.brief_changed:
        raise BriefChanged(project.changed_message, file=brief)
    if project.signed is None:
        raise NotSigned(
            "the brief is not signed yet, and a notice rests on the signed terms: record the "
            f"signing first (firmbrief record {brief} signed --date DATE)",
            file=brief,
        )
    fmt = _formats(project)
    builders = {
        "payment": _payment,
        "review": _review,
        "materials": _materials,
        "cancellation": _cancellation,
    }
    try:
        context = builders[kind](project, fmt)
    except NotReady as nothing:
        nothing.file = brief
        raise
    return {**_common(project, fmt), **context}


# --- formats and shared parts ----------------------------------------------------------------


def _formats(project: Project) -> Any:
    from firmbrief.briefs.locales import locale_for
    from firmbrief.contracts.views import Formats

    return Formats(locale_for(project.brief), project.plan.currency, project.plan.digits)


def _common(project: Project, fmt: Any) -> dict[str, Any]:
    brief = project.brief
    f = brief.freelancer
    sender = [line for line in (f.name, f.company, f.email, f.phone) if line]
    assert project.signed is not None
    signings = [e.event for e in project.record.entries if isinstance(e.event, Signed)]
    last = max((s.date for s in signings if s.amends), default=None)
    return {
        "title": brief.title or "our project",
        "client": project.client(),
        "signed": fmt.day(project.signed),
        # the terms as they stand: the fingerprint is the last amendment's, on its date
        "amended": f", as amended on {fmt.day(last)}" if last else "",
        "fingerprint": project.pinned,
        "head": str(project.head),
        "today": fmt.day(project.today),
        "sender": sender or ["(your name)"],
    }


def _clause(project: Project, key: str) -> str:
    return str(clause(project.brief, key))


def _reply_by(project: Project, fmt: Any, *, working: bool = False) -> str:
    """The day the client is asked to act by: counted from the day this notice, sent today,
    counts as received (the terms' communication clause)."""
    received = received_on(project, project.today)
    if working:
        return str(fmt.day(project.plan.calendar.add_working_days(received, REPLY_WORKING_DAYS)))
    return str(fmt.day(received + timedelta(days=REPLY_DAYS)))


# --- payment ---------------------------------------------------------------------------------


def _payment(project: Project, fmt: Any) -> dict[str, Any]:
    today = project.today
    due = [i for i in project.outstanding() if i.due_firm and i.due is not None and i.due <= today]
    if not due:
        upcoming = [i for i in project.outstanding() if i.due]
        later = (
            f"; the next is the {upcoming[0].label}, "
            f"{'due' if upcoming[0].due_firm else 'expected'} on {fmt.day(upcoming[0].due)}"
            if upcoming
            else ""
        )
        raise NotReady(f"no payment is due as of {today.isoformat()}{later}")
    brief = project.brief
    tax = (brief.tax.name if brief.tax and brief.tax.name else None) or "tax"
    items = []
    for instalment in due:
        assert instalment.due is not None
        left = outstanding_amounts(project, instalment)
        days = (today - instalment.due).days
        since = "due today" if days == 0 else f"due since {fmt.day(instalment.due)} ({days} days)"
        got = f"; {fmt.money(instalment.received)} received" if instalment.received else ""
        bill = f" ({invoice_words(instalment.invoice, fmt.day)})" if instalment.invoice else ""
        items.append(
            f"{instalment.label[0].upper()}{instalment.label[1:]}{bill}: {fmt.money(left.gross)} "
            f"({fmt.money(left.net)} + {tax} {fmt.money(left.tax)}), {since}{got}"
        )
    total = sum((i.outstanding for i in due), Decimal(0))
    rules = list(dict.fromkeys(_payment_rule(project, fmt, i) for i in due))  # each rule once
    prepaid = [i for i in due if i.kind is InstalmentKind.prepayment]
    return {
        "items": items,
        "total": fmt.money(total),
        "rules": rules,
        "late_clause": _clause(project, "late_payment"),
        "late_payment": " ".join((brief.payment.late_payment or "").split()),
        "due_days": brief.payment.due_days,
        "prepayments": [_waiting(project, fmt, i) for i in prepaid],
        "reply_by": _reply_by(project, fmt),
        "route": _route(project),
        "reference": _reference(project, due),
    }


def _route(project: Project) -> str:
    """How the client pays, as the terms say it (the brief's or the business profile's bank
    account, or payment link): "by bank transfer to Jensen Studio, IBAN ..., BIC ..., or online
    at ..."; "" when neither is set."""
    from firmbrief.briefs.banking import format_iban

    seller = project.brief.freelancer
    bank, link = seller.bank, seller.payment_link
    parts = []
    if bank and bank.iban:
        holder = bank.holder or seller.company or seller.name or ""
        bic = f", BIC {bank.bic}" if bank.bic else ""
        to = f" to {holder}" if holder else ""
        parts.append(f"by bank transfer{to}, IBAN {format_iban(bank.iban)}{bic}")
    if link:
        parts.append(f"online at {link}")
    return ", or ".join(parts)


def _reference(project: Project, due: list[Instalment]) -> str:
    """What the client quotes with the payment: the invoice numbers, or, for what is not
    invoiced yet, the project and the instalments."""
    numbers = [i.invoice.number for i in due if i.invoice]
    if numbers and len(numbers) == len(due):
        return ("invoice " if len(numbers) == 1 else "invoices ") + " and ".join(numbers)
    labels = " and ".join(i.label for i in due)
    title = project.brief.title or "our project"
    return f'"{title}: {labels}"' + (f" (invoice {', '.join(numbers)})" if numbers else "")


def _payment_rule(project: Project, fmt: Any, instalment: Instalment) -> str:
    payment = project.brief.payment
    if instalment.kind in {InstalmentKind.prepayment, InstalmentKind.balance}:
        share = fmt.percent(payment.prepayment_percent)
        after = (
            ""
            if project.overlap
            else " and every iteration before it has been accepted and paid in full"
        )
        return (
            f"Under {_clause(project, 'payment')} of our signed terms, {share} of each "
            "iteration's price is paid before it starts and the rest once it is accepted; "
            f"work on an iteration starts only once its prepayment has been received{after}."
        )
    if instalment.kind is InstalmentKind.extra_round:
        price = fmt.money(payment.extra_round_price)
        return (
            f"Under {_clause(project, 'revisions')}, each revision round beyond those included "
            f"costs {price}."
        )
    return (
        f"Under {_clause(project, 'changes')}, a change of scope is done at the price agreed "
        "for it in writing."
    )


def _waiting(project: Project, fmt: Any, instalment: Instalment) -> str:
    from firmbrief.contracts.record.gates import holds

    it = project.iteration(instalment.iteration or 0)
    if it is None:
        return ""
    start = f", planned as of today to start on {fmt.day(it.start)}," if it.start else ""
    earlier = [f"the {i.label}" for i in holds(project, it.number).earlier]
    what = (
        f"its prepayment and {' and '.join(earlier)} have"
        if earlier
        else "its prepayment has"
    )
    return (
        f'Work on iteration {it.number} ("{it.name}"){start} begins once {what} been received; '
        "if a payment arrives late, that iteration and the ones after it move by the same "
        "number of days."
    )


# --- review ----------------------------------------------------------------------------------


def _review(project: Project, fmt: Any) -> dict[str, Any]:
    waiting = [it for it in project.iterations if it.pending is not None]
    lapsed = [it for it in waiting if it.pending and it.pending.review_until < project.today]
    if not lapsed:
        if waiting and waiting[0].pending:
            until = waiting[0].pending.review_until
            raise NotReady(
                f"the client's review of iteration {waiting[0].number} runs until "
                f"{until.isoformat()}: nothing to remind of yet"
            )
        raise NotReady("no delivery is waiting for the client's answer")
    it = lapsed[0]
    pending = it.pending
    assert pending is not None
    final = pending.draft is None
    what = "the work for acceptance" if final else f"draft {pending.draft}"
    balance = project.instalment(f"{it.number}-balance")
    following = project.iteration(it.number + 1)
    # This notice is the written reminder the terms ask for: silence counts as acceptance only
    # REMINDER_WORKING_DAYS after it (contracts.record.work.answer_by), and the balance then
    # falls due as the schedule says (contracts.record.schedule.balance_due_after).
    deemed = it.answer_by or answer_by(project, project.today)
    balance_due = balance_due_after(project, it, deemed)
    return {
        "number": it.number,
        "name": it.name,
        "what": what,
        "final": final,
        "delivered": fmt.day(pending.day),
        "review_days": it.review_days,
        "review_until": fmt.day(pending.review_until),
        "review_clause": _clause(project, "review"),
        "revisions_clause": _clause(project, "revisions"),
        "rounds_left": max(it.rounds_included - it.rounds_used, 0),
        "balance": fmt.money(balance.outstanding) if balance and balance.outstanding else None,
        "balance_due": fmt.day(balance_due) if balance else None,
        "reminder_days": REMINDER_WORKING_DAYS,
        "deemed_on": fmt.day(deemed),
        "following": (f'iteration {following.number} ("{following.name}")' if following else None),
        "following_start": fmt.day(following.start) if following and following.start else None,
        "reply_by": _reply_by(project, fmt, working=True),
    }


# --- materials -------------------------------------------------------------------------------


def _materials(project: Project, fmt: Any) -> dict[str, Any]:
    late = [m for m in project.materials if m.received is None and m.due and m.due < project.today]
    if not late:
        missing = [m for m in project.materials if m.received is None and m.due]
        nxt = (
            f"; the next is due on {missing[0].due.isoformat()}"
            if missing and missing[0].due
            else ""
        )
        raise NotReady(f"no client material is overdue as of {project.today.isoformat()}{nxt}")
    items = [
        f'"{m.name}" for iteration {m.iteration}: due {fmt.day(m.due)}, '
        f"{m.late} working day{'s' if m.late != 1 else ''} late"
        for m in late
    ]
    shifts = project.brief.terms.late_materials == "shift_dates"
    first = min(m.iteration for m in late)
    moved = [
        f"{m.what}: {fmt.day(m.planned)} becomes {fmt.day(m.now)}"
        for m in project.moved
        if "materials" in m.causes and int(m.what.split()[1]) >= first
    ]
    return {
        "items": items,
        "clause": _clause(project, "materials"),
        "changes_clause": _clause(project, "changes"),
        "shifts": shifts,
        "moved": moved,
        "reply_by": _reply_by(project, fmt, working=True),
    }


# --- cancellation ----------------------------------------------------------------------------


def _settlement_reference(project: Project) -> str:
    owed = project.instalment(SETTLEMENT)
    if owed is not None:
        return _reference(project, [owed])
    return f'"{project.brief.title or "our project"}: cancellation settlement"'


def _settlement_due(project: Project) -> date:
    """When the settlement is to be paid: as its instalment says (:mod:`~.schedule`), else (a
    refund, or a cancellation not recorded yet) ``payment.due_days`` from today."""
    owed = project.instalment(SETTLEMENT)
    if owed is not None and owed.due is not None:
        return owed.due
    return project.today + timedelta(days=project.brief.payment.due_days)


def _cancellation(project: Project, fmt: Any) -> dict[str, Any]:
    brief = project.brief
    recorded = project.cancelled
    settlement: Settlement = project.settlement or settlement_on(
        project, project.today, "freelancer"
    )
    lines = []
    for line in settlement.lines:
        words = line_text(settlement, line, fmt.money, fmt.percent)
        lines.append(
            f"{words[0].upper()}{words[1:]}: {fmt.money(line.owed.gross)} owed, "
            f"{fmt.money(line.received)} received"
        )
    balance = settlement.balance
    received = received_on(project, project.today)
    ends = received + timedelta(days=brief.cancellation.notice_days)
    ended = recorded if recorded and recorded.for_cause else None
    grounds = cause(project, ended.by, ended.date, fmt.money) if ended else None
    return {
        "recorded": recorded is not None,
        "by": recorded.by if recorded else "freelancer",  # who ends it
        "settled_as": settlement.by,  # whom the settlement follows (for cause: the side at fault)
        "for_cause": bool(grounds),
        "cause": grounds,  # the facts the record holds, and only those
        "day": fmt.day(recorded.date if recorded else project.today),
        "notice_days": brief.cancellation.notice_days,
        "ends": fmt.day(ends),
        "received_on": fmt.day(received),
        "clause": _clause(project, "cancellation"),
        "rights_clause": _clause(project, "rights"),
        "source_clause": _clause(project, "source"),
        "fee_percent": fmt.percent(brief.cancellation.fee_percent),
        "lines": lines,
        "owed": fmt.money(settlement.owed),
        "received": fmt.money(settlement.received),
        "refunded": fmt.money(settlement.refunded) if settlement.refunded else None,
        "to_pay": fmt.money(balance) if balance > 0 else None,
        "to_refund": fmt.money(-balance) if balance < 0 else None,
        "paid_up": settlement.paid_up,
        "release": settlement.release,
        "withheld": settlement.withheld,
        "pay_by": fmt.day(_settlement_due(project)),
        "route": _route(project),
        "reference": _settlement_reference(project),
    }
