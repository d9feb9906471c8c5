"""What is owed when a project is cancelled, line by line, under the terms' cancellation clause
(the money module's :func:`~firmbrief.briefs.money.settle`, as the terms' worked example uses it).

Who cancels decides. Either way, every accepted iteration, a paid test task and agreed changes
not tied to an iteration are owed in full. The client ending for convenience keeps paying for
work that started: an iteration that started owes what was paid of it plus
``cancellation.fee_percent`` of its unpaid rest, and a prepayment for an iteration not started
is not refunded. The freelancer ending owes no fee and refunds what was paid for every iteration
not accepted. An iteration started once its gate opened and its start day came, or once
something of it was delivered; one whose prepayment never came did not start.

A line's words carry no amount: each document writes its amounts in its own format
(:func:`line_text`). The :class:`~firmbrief.contracts.record.state.Settlement` built here is a
part of the project's state and is defined there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Final, Literal

from firmbrief.briefs.legal import fee_provable_lower
from firmbrief.briefs.money import (
    Amounts,
    InstalmentKind,
    IterationMoney,
    Standing,
    part_of,
    settle,
)
from firmbrief.contracts.record.events import Entry
from firmbrief.contracts.record.state import (
    ZERO,
    Instalment,
    Project,
    Settlement,
    SettlementLine,
)

__all__ = ["SETTLEMENT", "line_text", "open_settlement", "settlement_on"]

SETTLEMENT: Final = "settlement"
"""The key of the one instalment a cancellation leaves owed: the settlement's balance."""


def line_text(
    settlement: Settlement,
    line: SettlementLine,
    money: Callable[[Decimal], str],
    percent: Callable[[Decimal], str],
    gettext: Callable[[str], str] = str,
) -> str:
    """A settlement line in words, its amounts in the document's format (``money``,
    ``percent``): what it is for and why it is owed, not yet what was received; in the
    language of ``gettext`` (a notice's: the client's)."""
    _ = gettext
    label = _label_words(line.label, _)
    fee = percent(settlement.fee_percent)
    if line.standing == "accepted":
        return _("{label}: accepted, owed in full").format(label=label)
    if line.standing == "done":
        return _("{label}: done, owed in full").format(label=label)
    if line.standing == "agreed":
        return _("{label}: agreed, owed in full").format(label=label)
    if line.standing == "credit":
        return _("{label}: nothing is owed for it; it is refunded").format(label=label)
    started = line.standing == Standing.in_progress
    if settlement.by == "freelancer":
        if started:
            words = _("{label}: in progress, not finished; no fee is due, and what was paid for "
                      "it is refunded")  # fmt: skip
        else:
            words = _("{label}: not started; no fee is due, and what was paid for it is refunded")
        return words.format(label=label)
    if started and line.fee is not None:
        return _(
            "{label}: in progress; what was paid is kept, and {fee} of its unpaid rest is due "
            "({amount})"
        ).format(label=label, fee=fee, amount=money(line.fee.gross))
    if line.fee is not None:
        return _(
            "{label}: not started; {fee} of what was paid is due ({amount}), the rest is refunded"
        ).format(label=label, fee=fee, amount=money(line.fee.gross))
    return _("{label}: not started; its prepayment is kept").format(label=label)


def _label_words(label: str, _: Callable[[str], str]) -> str:
    """``iteration 1 (Concepts)`` in ``_``'s language (other labels as they are)."""
    if found := re.fullmatch(r"iteration (\d+) \((.*)\)", label, re.DOTALL):
        return _("iteration {number} ({name})").format(number=found[1], name=found[2])
    return label


def settlement_on(project: Project, day: date, by: str) -> Settlement:
    """What is owed if the project ends on ``day``, ended by ``by`` (client or freelancer).
    Once it is paid, the final files of every accepted iteration (and their source, unless the
    terms exclude it) may be released; work in progress stays with the freelancer."""
    brief = project.brief
    digits = project.plan.digits
    figures = []
    for it in project.iterations:
        mine = [i for i in project.instalments if i.iteration == it.number]
        started = it.started
        figures.append(
            IterationMoney(
                number=it.number,
                billed=[i.amounts for i in mine],
                paid=Amounts.total(part_of(i.amounts, i.received_by(day), digits) for i in mine),
                received=sum((i.received for i in mine), ZERO),
                accepted=it.accepted_on is not None and it.accepted_on <= day,
                started=started is not None and started <= day,
            )
        )
    percent = brief.cancellation.fee_percent
    ender: Literal["client", "freelancer"] = "freelancer" if by == "freelancer" else "client"
    settled = settle(figures, fee_percent=percent, pricing=project.pricing, by=ender,
                     unstarted_fee=fee_provable_lower(brief))  # fmt: skip
    since = project.instalment(SETTLEMENT)
    paid_since = since.received if since else ZERO
    settlement = Settlement(day, ender, percent, [], [], [], project.refunded, paid_since)
    task = project.instalment("test-task")
    if task is not None:
        settlement.lines.append(SettlementLine("test task", "done", task.amounts, task.received))
    for part in settled:
        it = project.iterations[part.number - 1]
        label = f"iteration {it.number} ({it.name})"
        settlement.lines.append(
            SettlementLine(label, part.standing, part.owed, part.received, part.fee)
        )
    for request in project.changes:
        instalment = project.instalment(f"change-{request.number}")
        if instalment and request.iteration is None:
            settlement.lines.append(
                SettlementLine(
                    f"change request {request.number}",
                    "agreed",
                    instalment.amounts,
                    instalment.received,
                )
            )
    if project.credit:
        settlement.lines.append(
            SettlementLine("a credit held from payments", "credit", Amounts.total([]),
                           project.credit)
        )  # fmt: skip
    terms = brief.terms.source_release
    files = "final files" + ("" if terms == "not_included" else ", source and working files")
    settlement.release.extend(
        f"iteration {p.number}: {files}" for p in settled if p.standing is Standing.accepted
    )
    for p in settled:
        if p.standing is Standing.in_progress:
            settlement.withheld.append(f"iteration {p.number}: drafts and work in progress")
    if terms == "not_included":
        settlement.withheld.append("source and working files: not part of this project")
    return settlement


def open_settlement(
    project: Project, entries: list[Entry], here: tuple[date, int]
) -> Instalment | None:
    """The cancellation recorded at ``here`` (its day and line) settles the project: what was
    still outstanding on any instalment is owed no more as such, and the settlement's balance,
    worked out from the payments booked so far (and the schedule they give: which iteration
    had started), becomes the one instalment left to pay (due ``payment.due_days`` after the
    cancellation), which payments after it pay. ``None`` when the settlement leaves nothing to
    pay (or a refund)."""
    from firmbrief.contracts.record.cause import settled_as
    from firmbrief.contracts.record.schedule import schedule

    cancelled = project.cancelled
    assert cancelled is not None
    schedule(project, entries, payments=True)
    settlement = settlement_on(project, cancelled.date, settled_as(project, cancelled))
    for instalment in project.instalments:
        if instalment.outstanding:
            instalment.cancelled = cancelled.date
    if settlement.balance <= 0:
        return None
    owed = Amounts.total(line.owed for line in settlement.lines)
    due = cancelled.date + timedelta(days=project.brief.payment.due_days)
    instalment = Instalment(
        SETTLEMENT,
        "cancellation settlement",
        InstalmentKind.settlement,
        None,
        part_of(owed, settlement.balance, project.plan.digits),
        due=due,
        fixed_due=due,
        opened=here,
    )
    # once invoiced (``firmbrief invoice BRIEF settlement``), it is due when its invoice says
    instalment.invoice = next(
        (v for v in project.invoices.values() if v.instalment == SETTLEMENT and v.active), None
    )
    project.instalments.append(instalment)
    return instalment
