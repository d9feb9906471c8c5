"""Formal notices to the client: payment, review, materials, cancellation.

Each notice is plain text, polite and formal, ready to paste into an email or a letter: what is
due, since when, the clause of the signed terms it rests on (numbered as in the terms
document, :mod:`firmbrief.contracts.clauses`), and what happens next. A payment notice names
each instalment's invoice (number and date) once it is invoiced. The wording lives in
``templates/notices/<kind>.txt``, worded by :mod:`firmbrief.contracts.letters`; every value, the
client's names and the project's texts included, is computed here and passed to the template as
a variable, never compiled as template code. Money and dates are formatted as the documents
format them (:class:`~firmbrief.contracts.views.Formats`, in the client's locale:
:func:`~firmbrief.briefs.language.document_locale`), and every word is in the client's language
(:func:`~firmbrief.briefs.language.language_for`): the templates' and these strings through the
gettext catalogues (:mod:`firmbrief.templates.translations`), counted words with their plural.

A notice rests on signed terms: without a signing in the record, or when the brief changed
after signing, there is no notice. When there is nothing to give notice of (no payment due, no
review lapsed...), :class:`~firmbrief.errors.NotReady` says so.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from firmbrief.briefs.dates import format_long
from firmbrief.briefs.language import document_locale
from firmbrief.briefs.money import InstalmentKind
from firmbrief.briefs.timeline import REMINDER_WORKING_DAYS
from firmbrief.contracts.record.cause import Words, cause
from firmbrief.contracts.record.events import Signed
from firmbrief.contracts.record.invoicing import invoice_words
from firmbrief.contracts.record.kinds import NOTICE_KINDS
from firmbrief.contracts.record.ledger import outstanding_amounts
from firmbrief.contracts.record.notice_words import (
    clause_name,
    notice_language,
    phrase,
    quoted,
    upper_first,
    words_of,
)
from firmbrief.contracts.record.schedule import balance_due_after, received_on
from firmbrief.contracts.record.settlement import SETTLEMENT, line_text, settlement_on
from firmbrief.contracts.record.state import Instalment, Project, Settlement
from firmbrief.contracts.record.work import answer_by
from firmbrief.errors import BriefChanged, BriefUnreadable, NotReady, NotSigned
from firmbrief.templates.translations import counted, tax_word

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
    from firmbrief.contracts.views import Formats

    return Formats(document_locale(project.brief), project.plan.currency, project.plan.digits)


def _common(project: Project, fmt: Any) -> dict[str, Any]:
    brief = project.brief
    f = brief.freelancer
    sender = [line for line in (f.name, f.company, f.email, f.phone) if line]
    assert project.signed is not None
    signings = [e.event for e in project.record.entries if isinstance(e.event, Signed)]
    last = max((s.date for s in signings if s.amends), default=None)
    _ = words_of(project).gettext
    return {
        "language": notice_language(project),
        "title": brief.title or _("our project"),
        "client": project.client(),
        "signed": fmt.day(project.signed),
        # the terms as they stand: the fingerprint is the last amendment's, on its date
        "amended": _(", as amended on {day}").format(day=fmt.day(last)) if last else "",
        "fingerprint": project.pinned,
        "head": (
            _("line {line}, check {check}").format(line=head.line, check=head.check)
            if (head := project.head)
            else str(head)
        ),
        "today": fmt.day(project.today),
        "sender": sender or ["(your name)"],
    }


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
        upcoming = next((i for i in project.outstanding() if i.due), None)
        later = (  # for the freelancer: in English, whatever the client reads
            f"; the next is the {upcoming.label}, "
            f"{'due' if upcoming.due_firm else 'expected'} on {format_long(upcoming.due)}"
            if upcoming and upcoming.due
            else ""
        )
        raise NotReady(f"no payment is due as of {today.isoformat()}{later}")
    brief = project.brief
    _ = words_of(project).gettext
    named = brief.tax.name if brief.tax else None
    tax = tax_word(named, notice_language(project)) if named else _("tax")
    items = []
    for instalment in due:
        assert instalment.due is not None
        left = outstanding_amounts(project, instalment)
        days = (today - instalment.due).days
        since = (
            _("due today")
            if days == 0
            else _("due since {day} ({days})").format(
                day=fmt.day(instalment.due), days=counted(notice_language(project), days, "day")
            )
        )
        got = (
            _("; {amount} received").format(amount=fmt.money(instalment.received))
            if instalment.received
            else ""
        )
        bill = f" ({invoice_words(instalment.invoice, fmt.day, _)})" if instalment.invoice else ""
        label = upper_first(phrase(project, instalment.label))
        items.append(
            _("{label}: {gross} ({net} + {tax} {amount}), {since}").format(
                label=label + bill, gross=fmt.money(left.gross), net=fmt.money(left.net),
                tax=tax, amount=fmt.money(left.tax), since=since,
            ) + got
        )  # fmt: skip
    total = sum((i.outstanding for i in due), Decimal(0))
    rules = list(dict.fromkeys(_payment_rule(project, fmt, i) for i in due))  # each rule once
    prepaid = [i for i in due if i.kind is InstalmentKind.prepayment]
    return {
        "items": items,
        "total": fmt.money(total),
        "rules": rules,
        "late_clause": clause_name(project, "late_payment"),
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
    _ = words_of(project).gettext
    parts = []
    if bank and bank.iban:
        holder = bank.holder or seller.company or seller.name or ""
        bic = f", BIC {bank.bic}" if bank.bic else ""
        transfer = (
            _("by bank transfer to {holder}").format(holder=holder)
            if holder
            else _("by bank transfer")
        )
        parts.append(f"{transfer}, IBAN {format_iban(bank.iban)}{bic}")
    if link:
        parts.append(_("online at {link}").format(link=link))
    return _(", or ").join(parts)


def _reference(project: Project, due: list[Instalment]) -> str:
    """What the client quotes with the payment: the invoice numbers, or, for what is not
    invoiced yet, the project and the instalments."""
    _ = words_of(project).gettext
    numbers = [i.invoice.number for i in due if i.invoice]
    if numbers and len(numbers) == len(due):
        joined = _(" and ").join(numbers)
        return (_("invoice {numbers}") if len(numbers) == 1 else _("invoices {numbers}")).format(
            numbers=joined
        )
    labels = _(" and ").join(phrase(project, i.label) for i in due)
    title = project.brief.title or _("our project")
    invoiced = (
        " (" + _("invoice {numbers}").format(numbers=", ".join(numbers)) + ")" if numbers else ""
    )
    return quoted(project, _("{title}: {what}").format(title=title, what=labels)) + invoiced


def _payment_rule(project: Project, fmt: Any, instalment: Instalment) -> str:
    payment = project.brief.payment
    _ = words_of(project).gettext
    if instalment.kind in {InstalmentKind.prepayment, InstalmentKind.balance}:
        share = fmt.percent(payment.prepayment_percent)
        rule = (
            _(
                "Under {clause} of our signed terms, {share} of each iteration's price is paid "
                "before it starts and the rest once it is accepted; work on an iteration starts "
                "only once its prepayment has been received."
            )
            if project.overlap
            else _(
                "Under {clause} of our signed terms, {share} of each iteration's price is paid "
                "before it starts and the rest once it is accepted; work on an iteration starts "
                "only once its prepayment has been received and every iteration before it has "
                "been accepted and paid in full."
            )
        )
        return rule.format(clause=clause_name(project, "payment"), share=share)
    if instalment.kind is InstalmentKind.extra_round:
        price = fmt.money(payment.extra_round_price)
        return _("Under {clause}, each revision round beyond those included costs {price}.").format(
            clause=clause_name(project, "revisions"), price=price
        )
    return _(
        "Under {clause}, a change of scope is done at the price agreed for it in writing."
    ).format(clause=clause_name(project, "changes"))


def _waiting(project: Project, fmt: Any, instalment: Instalment) -> str:
    from firmbrief.contracts.record.gates import holds

    it = project.iteration(instalment.iteration or 0)
    if it is None:
        return ""
    _ = words_of(project).gettext
    iteration = _("iteration {number} ({name})").format(
        number=it.number, name=quoted(project, it.name)
    )
    late = _(
        "if a payment arrives late, that iteration and the ones after it move by the same "
        "number of days."
    )
    earlier = _(" and the ").join(
        phrase(project, i.label) for i in holds(project, it.number).earlier
    )
    if it.start and earlier:
        words = _(
            "Work on {iteration}, planned as of today to start on {day}, begins once its "
            "prepayment and the {earlier} have been received; {late}"
        )
    elif it.start:
        words = _(
            "Work on {iteration}, planned as of today to start on {day}, begins once its "
            "prepayment has been received; {late}"
        )
    elif earlier:
        words = _(
            "Work on {iteration} begins once its prepayment and the {earlier} have been "
            "received; {late}"
        )
    else:
        words = _("Work on {iteration} begins once its prepayment has been received; {late}")
    day = fmt.day(it.start) if it.start else ""
    return words.format(iteration=iteration, day=day, earlier=earlier, late=late)


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
    _ = words_of(project).gettext
    what = (
        _("the work for acceptance") if final else _("draft {number}").format(number=pending.draft)
    )
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
        "review_period": counted(notice_language(project), it.review_days, "working day"),
        "reminder_period": counted(notice_language(project), REMINDER_WORKING_DAYS, "working day"),
        "review_until": fmt.day(pending.review_until),
        "review_clause": clause_name(project, "review"),
        "revisions_clause": clause_name(project, "revisions"),
        "rounds_left": max(it.rounds_included - it.rounds_used, 0),
        "balance": fmt.money(balance.outstanding) if balance and balance.outstanding else None,
        "balance_due": fmt.day(balance_due) if balance else None,
        "reminder_days": REMINDER_WORKING_DAYS,
        "deemed_on": fmt.day(deemed),
        "following": (
            _("iteration {number} ({name})").format(
                number=following.number, name=quoted(project, following.name)
            )
            if following
            else None
        ),
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
    _ = words_of(project).gettext
    items = [
        _("{name} for iteration {number}: due {day}, {late} late").format(
            name=quoted(project, m.name), number=m.iteration, day=fmt.day(m.due),
            late=counted(notice_language(project), m.late, "working day"),
        )
        for m in late
    ]  # fmt: skip
    shifts = project.brief.terms.late_materials == "shift_dates"
    first = min(m.iteration for m in late)
    moved = [
        _("{what}: {planned} becomes {now}").format(
            what=phrase(project, m.what), planned=fmt.day(m.planned), now=fmt.day(m.now)
        )
        for m in project.moved
        if "materials" in m.causes and int(m.what.split()[1]) >= first
    ]
    return {
        "items": items,
        "clause": clause_name(project, "materials"),
        "changes_clause": clause_name(project, "changes"),
        "shifts": shifts,
        "moved": moved,
        "reply_by": _reply_by(project, fmt, working=True),
    }


# --- cancellation ----------------------------------------------------------------------------


def _settlement_reference(project: Project) -> str:
    owed = project.instalment(SETTLEMENT)
    if owed is not None:
        return _reference(project, [owed])
    _ = words_of(project).gettext
    title = project.brief.title or _("our project")
    what = phrase(project, "cancellation settlement")
    return quoted(project, _("{title}: {what}").format(title=title, what=what))


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
    _ = words_of(project).gettext
    lines = []
    for line in settlement.lines:
        words = line_text(settlement, line, fmt.money, fmt.percent, _)
        lines.append(
            _("{words}: {owed} owed, {received} received").format(
                words=upper_first(words), owed=fmt.money(line.owed.gross),
                received=fmt.money(line.received),
            )
        )  # fmt: skip
    balance = settlement.balance
    received = received_on(project, project.today)
    ends = received + timedelta(days=brief.cancellation.notice_days)
    ended = recorded if recorded and recorded.for_cause else None
    wording = Words(_, fmt.day, lambda text: phrase(project, text))
    grounds = cause(project, ended.by, ended.date, fmt.money, wording) if ended else None
    return {
        "recorded": recorded is not None,
        "by": recorded.by if recorded else "freelancer",  # who ends it
        "settled_as": settlement.by,  # whom the settlement follows (for cause: the side at fault)
        "for_cause": bool(grounds),
        "cause": grounds,  # the facts the record holds, and only those
        "day": fmt.day(recorded.date if recorded else project.today),
        "notice_days": brief.cancellation.notice_days,
        "notice_period": counted(notice_language(project), brief.cancellation.notice_days, "day"),
        "ends": fmt.day(ends),
        "received_on": fmt.day(received),
        "clause": clause_name(project, "cancellation"),
        "rights_clause": clause_name(project, "rights"),
        "source_clause": clause_name(project, "source"),
        "fee_percent": fmt.percent(brief.cancellation.fee_percent),
        "lines": lines,
        "owed": fmt.money(settlement.owed),
        "received": fmt.money(settlement.received),
        "refunded": fmt.money(settlement.refunded) if settlement.refunded else None,
        "to_pay": fmt.money(balance) if balance > 0 else None,
        "to_refund": fmt.money(-balance) if balance < 0 else None,
        "paid_up": settlement.paid_up,
        "release": [phrase(project, item) for item in settlement.release],
        "withheld": [phrase(project, item) for item in settlement.withheld],
        "pay_by": fmt.day(_settlement_due(project)),
        "route": _route(project),
        "reference": _settlement_reference(project),
    }
