"""The project's status for people (text) and for scripts (JSON).

Both print :class:`~firmbrief.contracts.record.state.Project` as :func:`project_of` worked it out;
nothing is decided here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from firmbrief.briefs.dates import format_long
from firmbrief.briefs.money import Amounts, plain
from firmbrief.contracts.record.gates import payments_json
from firmbrief.contracts.record.ledger import outstanding_amounts, received_amounts
from firmbrief.contracts.record.settlement import line_text
from firmbrief.contracts.record.state import Instalment, Project, Settlement
from firmbrief.interface import versioned

__all__ = ["as_json", "format_text"]

ZERO = Decimal(0)


def _day(day: date | None) -> str:
    return day.isoformat() if day else "no date"


def _instalment_state(project: Project, instalment: Instalment) -> str:
    if instalment.cancelled is not None:
        return "cancelled"  # what is owed for it is in the settlement
    if not instalment.outstanding:
        return "paid"
    if instalment.overdue(project.today):
        return "overdue"
    if instalment.received:
        return "part paid"
    return "due" if instalment.due_firm else "expected"


def _shown(project: Project) -> list[Instalment]:
    """The instalments a status lists: those a cancellation settled only if something was paid
    on them (the settlement says what is owed instead)."""
    return [i for i in project.instalments if i.cancelled is None or i.received]


def format_text(project: Project, file: str, next_line: str) -> str:
    """The status for people; ``next_line`` is the next action with its command line."""
    money, brief = project.money, project.brief

    def figure(amount: Decimal) -> str:
        return plain(amount, None, project.plan.digits)

    title = brief.title or "untitled project"
    out = [f"{file}: {title}, as of {format_long(project.today)}"]
    if project.signed:
        out.append(f"signed on {format_long(project.signed)} (fingerprint {project.pinned})")
    else:
        out.append("not signed yet")
    if project.head:
        out.append(f"record {project.record.path.name}: {project.head}")
    if project.brief_changed:
        out.append(f"warning: {project.changed_message}")
    if project.notify:  # as check says it (signed_copy.Judged.notice)
        out.append(f"notice: {project.notify}")
    out += ["", "Iterations"]
    for it in project.iterations:
        out.append(f"  {it.number} {it.name}: {it.summary}")
        span = f"{_day(it.start)} to {_day(it.delivery)}"
        if project.cancelled_work(it) and project.cancelled:
            ended = _day(project.cancelled.date)
            span = f"{_day(it.start)} to {ended}, cancelled" if it.start else (
                f"cancelled on {ended} before it started")  # fmt: skip
        if (it.start, it.delivery) != (it.planned_start, it.planned_delivery):
            span += f" (planned {_day(it.planned_start)} to {_day(it.planned_delivery)})"
        rounds = f"revision rounds {it.rounds_used} of {it.rounds_included} used"
        left = max(it.rounds_included - it.rounds_used, 0)
        rounds += (
            f", {len(it.billable_rounds)} billable" if it.billable_rounds else f", {left} left"
        )
        out.append(f"      {span}; drafts {it.drafts_delivered} of {it.drafts}; {rounds}")
    out += ["", f"Money ({project.plan.currency or 'no currency'}; payments are matched in gross)"]
    invoiced = bool(project.invoices)  # a column for the invoices once there is one
    rows: list[tuple[str, ...]] = [
        ("instalment", "due", *(["invoice"] if invoiced else []), "net", "tax", "gross",
         "received", "outstanding", "")
    ]  # fmt: skip
    shown = _shown(project)
    for i in shown:
        number = [f"{i.invoice.number} of {_day(i.invoice.issued)}" if i.invoice else ""]
        rows.append(
            (
                i.label,
                _day(i.due) + ("" if i.due_firm else "?"),
                *(number if invoiced else []),
                *(figure(v) for v in (i.amounts.net, i.amounts.tax)),
                *(figure(v) for v in (i.amounts.gross, i.received, i.outstanding)),
                _instalment_state(project, i),
            )
        )
    totals = [
        sum((getattr(i.amounts, part) for i in shown), ZERO) for part in ("net", "tax", "gross")
    ]
    received = sum((i.received for i in shown), ZERO)
    outstanding = sum((i.outstanding for i in shown), ZERO)
    rows.append(
        (
            "total",
            "",
            *([""] if invoiced else []),
            *(figure(v) for v in (*totals, received, outstanding)),
            "",
        )
    )
    count = len(rows[0])
    widths = [max(len(row[c]) for row in rows) for c in range(count)]
    leftward = {0, 1, count - 1, *([2] if invoiced else [])}
    for row in rows:
        cells = [
            cell.ljust(widths[c]) if c in leftward else cell.rjust(widths[c])
            for c, cell in enumerate(row)
        ]
        out.append(("  " + "  ".join(cells)).rstrip())
    if any(not i.due_firm and i.due for i in shown):
        out.append("  (? expected: a balance falls due on acceptance)")
    if project.settlement:
        out.append("  (cancelled: what is owed for an unfinished iteration is in the settlement)")
    cancelled = [v for v in project.invoices.values() if v.credited_by and v.credited_on]
    out += [
        f"  invoice {v.number} of {_day(v.issued)} ({v.instalment}) was cancelled by credit "
        f"note {v.credited_by} on {_day(v.credited_on)}"
        for v in cancelled
    ]
    out += _payments_text(project)
    if project.changes:
        out += ["", "Change requests"]
        for c in project.changes:
            price = (
                f"{money(c.price)}, agreed {format_long(c.agreed)}"
                if c.price is not None and c.agreed
                else "not priced yet"
            )
            out.append(f"  {c.number} {c.description} (raised {format_long(c.raised)}): {price}")
    if project.materials:
        out += ["", "Client materials"]
        for m in project.materials:
            got = f"received {_day(m.received)}" if m.received else "not received"
            late = f", {m.late} working day(s) late" if m.late else ""
            out.append(
                f"  {m.number} {m.name} (iteration {m.iteration}): due {_day(m.due)}, {got}{late}"
            )
    if project.voided:
        out += ["", "Voided lines (they stay in the record and count no more)"]
        out += [
            f"  line {v.line}: {v.what}; voided by line {v.by} on {format_long(v.on)}: {v.reason}"
            for v in project.voided
        ]
    if project.moved:
        out += ["", "Moved dates"]
        out += [f"  {m.what}: {_day(m.planned)} -> {_day(m.now)} ({m.why})" for m in project.moved]
    warnings = [f for f in project.warnings if f.code not in {"brief-changed", "profile-changed"}]
    for heading, flags in (("Overdue", project.overdue), ("Warnings", warnings)):
        if flags:
            out += ["", heading]
            out += [f"  - {flag.message}" for flag in flags]
    if project.settlement:
        out += ["", *_settlement_text(project, project.settlement)]
    if project.finished:
        released = (
            ", the source released" if brief.terms.source_release != "not_included" else ""
        )
        out += [
            "",
            f"Finished on {format_long(project.finished)}: every iteration accepted, every "
            f"instalment paid{released}. Nothing is left to do.",
        ]
    else:
        out += ["", f"Next: {next_line}"]
    return "\n".join(out)


def _payments_text(project: Project) -> list[str]:
    """Each payment received and what it paid."""
    if not project.payments:
        return []
    money, labels = project.money, {i.key: i.label for i in project.instalments}
    out = ["", "Payments"]
    for paid in project.payments:
        whole = len(paid.shares) == 1 and not paid.credit_used and not paid.credit
        named = {project.invoices[n].instalment: n for n in paid.invoices if n in project.invoices}
        parts = []
        for key, amount in paid.shares:
            said = [f"invoice {named[key]}"] if key in named else []
            said += [] if whole else [money(amount)]
            parts.append(f"the {labels.get(key, key)}" + (f" ({', '.join(said)})" if said else ""))
        line = f"  {format_long(paid.day)} (line {paid.line}): {money(paid.amount)} for "
        line += _listed(parts) or "nothing outstanding then"
        used = [
            f"the {labels.get(key, key)} ({money(amount)}) on {format_long(day)}"
            for key, amount, day in paid.credit_used
        ]
        if used:
            line += f"; its credit paid {_listed(used)}"
        if paid.credit:
            line += f"; {money(paid.credit)} is held as a credit"
        out.append(line)
    if project.credit:
        out.append(f"  credit held: {money(project.credit)} (the next instalment uses it)")
    return out


def _listed(parts: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else "".join(parts)


def _settlement_text(project: Project, settlement: Settlement) -> list[str]:
    money = project.money
    ended = project.cancelled
    if ended is not None and ended.for_cause:
        who = f"the {ended.by} for cause (settled as if the {settlement.by} had ended it)"
    else:
        who = f"the {ended.by if ended is not None else settlement.by}"
    out = [f"Cancelled by {who} on {format_long(settlement.day)}: what is owed"]
    for line in settlement.lines:
        words = line_text(settlement, line, money, lambda d: f"{d:g}%")
        out.append(f"  - {words}: {money(line.owed.gross)} owed, {money(line.received)} received")
    if settlement.refunded:
        out.append(f"  refunded to the client already: {money(settlement.refunded)}")
    balance = settlement.balance
    if balance > 0:
        out.append(f"  still owed by the client: {money(balance)}")
    elif balance < 0:
        out.append(f"  to refund to the client: {money(-balance)}")
    else:
        out.append("  nothing is owed either way")
    when = "may be released now" if settlement.paid_up else "may be released once paid"
    out += [f"  {when}: {item}" for item in settlement.release]
    out += [f"  withheld: {item}" for item in settlement.withheld]
    return out


def _amounts(project: Project, amounts: Amounts) -> dict[str, str]:
    text = project.pricing.text
    return {part: text(getattr(amounts, part)) for part in ("net", "tax", "gross")}


def as_json(project: Project, file: str, next_line: str, command: str | None) -> dict[str, Any]:
    """The status for scripts: dates in ISO form, money as decimal strings; ``next_line`` is
    the next action in words with its command line, ``command`` the command line alone."""

    def iso(day: date | None) -> str | None:
        return day.isoformat() if day else None

    settlement = project.settlement
    return versioned({
        "file": file,
        "record": str(project.record.path),
        "today": project.today.isoformat(),
        "signed": iso(project.signed),
        "fingerprint": project.fingerprint,
        "signed_fingerprint": project.pinned,
        "brief_changed": project.brief_changed,
        "head": {"line": project.head.line, "check": project.head.check} if project.head else None,
        "finished": iso(project.finished),
        "currency": project.plan.currency,
        "iterations": [
            {
                "number": it.number,
                "name": it.name,
                "state": it.state,
                "summary": it.summary,
                "start": iso(it.start),
                "delivery": iso(it.delivery),
                "planned_start": iso(it.planned_start),
                "planned_delivery": iso(it.planned_delivery),
                "review_ends": iso(it.review_ends),
                "drafts": {"included": it.drafts, "delivered": it.drafts_delivered},
                "revision_rounds": {
                    "included": it.rounds_included,
                    "used": it.rounds_used,
                    "left": max(it.rounds_included - it.rounds_used, 0),
                    "billable": it.billable_rounds,
                },
                "fixes_used": it.fixes_used,
                "accepted": iso(it.accepted),
                "reminded": iso(it.reminded),
                "counts_as_accepted_unless_answered_by": iso(it.answer_by),
                "deemed_accepted": iso(it.deemed),
            }
            for it in project.iterations
        ],
        "instalments": [
            {
                "key": i.key,
                "label": i.label,
                "kind": i.kind,
                "iteration": i.iteration,
                "due": iso(i.due),
                "due_firm": i.due_firm,
                "state": _instalment_state(project, i),
                "amounts": _amounts(project, i.amounts),
                "received": _amounts(project, received_amounts(project, i)),
                "outstanding": _amounts(project, outstanding_amounts(project, i)),
                "paid_on": iso(i.paid_on),
                "payments": payments_json(project, i),
                "invoice": (
                    {"number": i.invoice.number, "date": iso(i.invoice.issued),
                     "due": iso(i.invoice.due)} if i.invoice else None
                ),  # fmt: skip
            }
            for i in project.instalments
        ],
        "invoices": [
            {
                "number": v.number,
                "instalment": v.instalment,
                "date": iso(v.issued),
                "due": iso(v.due),
                "amounts": _amounts(project, v.amounts),
                "line": v.line,
                "cancelled_by": v.credited_by,
                "cancelled_on": iso(v.credited_on),
            }
            for v in project.invoices.values()
        ],
        "payments": [
            {
                "line": paid.line,
                "date": iso(paid.day),
                "amount": project.pricing.text(paid.amount),
                "for": paid.named,
                "invoices": paid.invoices,
                "shares": [
                    {"instalment": key, "amount": project.pricing.text(amount)}
                    for key, amount in paid.shares
                ],
                "credit_used": [
                    {"instalment": key, "amount": project.pricing.text(amount), "date": iso(day)}
                    for key, amount, day in paid.credit_used
                ],
                "credit": project.pricing.text(paid.credit),
            }
            for paid in project.payments
        ],
        "credit": project.pricing.text(project.credit),
        "voided": [
            {
                "line": v.line,
                "event": v.kind,
                "date": iso(v.day),
                "what": v.what,
                "voided_by": v.by,
                "voided_on": iso(v.on),
                "reason": v.reason,
            }
            for v in project.voided
        ],
        "change_requests": [
            {
                "number": c.number,
                "description": c.description,
                "raised": iso(c.raised),
                "iteration": c.iteration,
                "price": project.pricing.text(c.price) if c.price is not None else None,
                "agreed": iso(c.agreed),
                "instalment": f"change-{c.number}" if c.price is not None else None,
            }
            for c in project.changes
        ],
        "materials": [
            {
                "number": m.number,
                "name": m.name,
                "iteration": m.iteration,
                "due": iso(m.due),
                "received": iso(m.received),
                "late_working_days": m.late,
            }
            for m in project.materials
        ],
        "moved": [
            {"what": m.what, "planned": iso(m.planned), "now": iso(m.now), "why": m.why}
            for m in project.moved
        ],
        "overdue": [{"code": f.code, "message": f.message} for f in project.overdue],
        "warnings": [{"code": f.code, "message": f.message} for f in project.warnings],
        "cancellation": None
        if settlement is None
        else {
            "date": iso(settlement.day),
            "by": project.cancelled.by if project.cancelled else settlement.by,
            "for_cause": bool(project.cancelled and project.cancelled.for_cause),
            "settled_as": settlement.by,
            "owed": [
                {
                    "label": line_text(settlement, line, project.money, lambda d: f"{d:g}%"),
                    "standing": str(line.standing),
                    "owed": _amounts(project, line.owed),
                    "fee": _amounts(project, line.fee) if line.fee else None,
                    "received": project.pricing.text(line.received),
                }
                for line in settlement.lines
            ],
            "refunded": project.pricing.text(settlement.refunded),
            "balance": project.pricing.text(settlement.balance),
            "paid_up": settlement.paid_up,
            "release": settlement.release,
            "withheld": settlement.withheld,
        },
        "next_action": next_line,
        "next": _next(project, command),
    })  # fmt: skip


def _next(project: Project, command: str | None) -> dict[str, Any] | None:
    action = project.next_action
    if action is None:
        return None
    return {
        "action": action.kind.value,
        "text": action.text,
        "iteration": action.iteration,
        "instalment": action.instalment,
        "change_request": action.request,
        "command": command,
    }
