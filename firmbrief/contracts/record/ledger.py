"""The money of a project: each instalment with its due date and the payments received, and
what is owed after a cancellation."""

from __future__ import annotations

from datetime import date, timedelta

from firmbrief.briefs.money import (
    NOTHING,
    Amounts,
    InstalmentKind,
    IterationMoney,
    Standing,
    part_of,
    settle,
)
from firmbrief.briefs.plan import firm_dates
from firmbrief.contracts.record.events import Entry, Payment
from firmbrief.contracts.record.state import (
    ZERO,
    Instalment,
    Project,
    Settlement,
    SettlementLine,
    problem,
)

__all__ = ["outstanding_amounts", "received_amounts", "settlement_on", "track_money"]


def track_money(project: Project, entries: list[Entry]) -> None:
    """The brief's instalments with their current due dates, then every payment received."""
    brief = project.brief
    explicit = brief.payment.instalments or []
    due_days = timedelta(days=brief.payment.due_days)
    planned: list[Instalment] = []
    for index, payment in enumerate(project.plan.payments):
        it = project.iteration(payment.iteration)
        key = f"{payment.iteration}-{payment.kind}"
        if any(i.key == key for i in planned):
            key = f"{key}-{sum(i.key.startswith(key) for i in planned) + 1}"
        due, firm = payment.due, True
        fixed = index < len(explicit) and explicit[index].due is not None
        if it and not fixed:
            if payment.kind is InstalmentKind.prepayment:
                due = it.prepayment_due
            elif it.accepted_on:
                due = it.accepted_on + due_days
            else:
                due, firm = (it.review_ends + due_days if it.review_ends else payment.due), False
        label = f"iteration {payment.iteration} {payment.kind}"
        planned.append(
            Instalment(key, label, payment.kind, payment.iteration, payment.amounts, due, firm)
        )
    task = brief.test_task
    if task is not None and task.price:
        done = firm_dates(brief).get(("test_task", "due"))
        due = done + due_days if done else None  # invoiced when it is done
        amounts = project.split(task.price)
        planned.insert(
            0,
            Instalment(
                "test-task", "test task", InstalmentKind.test_task, None, amounts, due, True
            ),
        )
    order = list(InstalmentKind)  # test task, prepayment, extra rounds, balance, changes
    project.instalments[:0] = planned
    project.instalments.sort(
        key=lambda i: (
            i.iteration or (0 if i.kind is InstalmentKind.test_task else 1000),
            order.index(i.kind),
        )
    )
    for entry in entries:
        event = entry.event
        if not isinstance(event, Payment):
            continue
        instalment = project.instalment(event.instalment)
        if instalment is None:
            problem(project, entry, f'a payment for "{event.instalment}", which is unknown')
            continue
        instalment.received += event.amount
        instalment.payments.append((event.date, event.amount))
        if instalment.paid_on is None and instalment.received >= instalment.amounts.gross:
            instalment.paid_on = event.date


def received_amounts(project: Project, instalment: Instalment) -> Amounts:
    """The net, tax and gross of what was received for ``instalment``."""
    return part_of(instalment.amounts, instalment.received, project.plan.digits)


def outstanding_amounts(project: Project, instalment: Instalment) -> Amounts:
    """The net, tax and gross still to be paid of ``instalment`` (nothing once overpaid)."""
    if instalment.overpaid:
        return NOTHING
    return instalment.amounts - received_amounts(project, instalment)


def settlement_on(project: Project, day: date, by: str) -> Settlement:
    """What is owed if the project ends on ``day``, under the terms' cancellation clause (the
    money module's :func:`~firmbrief.briefs.money.settle`): every accepted iteration in full,
    the iteration in progress with what was paid of it (prepayments are not refunded) plus
    ``cancellation.fee_percent`` of its unpaid rest, and agreed extras not tied to an iteration
    in full. Prepayments of iterations not started are not refunded either. Once it is paid, the
    final files of every accepted iteration (and their source, unless the terms exclude it) may
    be released; work in progress stays with the freelancer. The same rules apply whoever
    cancels."""
    brief = project.brief
    digits = project.plan.digits
    figures = []
    for it in project.iterations:
        mine = [i for i in project.instalments if i.iteration == it.number]
        figures.append(
            IterationMoney(
                number=it.number,
                billed=[i.amounts for i in mine],
                paid=Amounts.total(part_of(i.amounts, i.received_by(day), digits) for i in mine),
                received=sum((i.received for i in mine), ZERO),
                accepted=it.accepted_on is not None and it.accepted_on <= day,
                started=bool(it.deliveries) or bool(it.start and it.start <= day),
            )
        )
    settled = settle(figures, fee_percent=brief.cancellation.fee_percent, pricing=project.pricing)
    percent = brief.cancellation.fee_percent
    lines: list[SettlementLine] = []
    for part in settled:
        it = project.iterations[part.number - 1]
        if part.standing is Standing.accepted:
            label = f"iteration {it.number} ({it.name}): accepted, owed in full"
        elif part.standing is Standing.in_progress:
            assert part.fee is not None
            label = (
                f"iteration {it.number} ({it.name}): in progress; what was paid is kept, and "
                f"{percent:g}% of its unpaid rest is due ({project.money(part.fee.gross)})"
            )
        else:
            label = f"iteration {it.number} ({it.name}): not started; its prepayment is kept"
        lines.append(SettlementLine(label, part.owed, part.received))
    task = project.instalment("test-task")
    if task is not None:
        lines.insert(
            0, SettlementLine("test task: done, owed in full", task.amounts, task.received)
        )
    for request in project.changes:
        instalment = project.instalment(f"change-{request.number}")
        if instalment and request.iteration is None:
            lines.append(
                SettlementLine(
                    f"change request {request.number}: agreed, owed in full",
                    instalment.amounts,
                    instalment.received,
                )
            )
    settlement = Settlement(day, by, lines, [], [])
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
