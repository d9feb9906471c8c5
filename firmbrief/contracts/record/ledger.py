"""The money of a project: each instalment (the brief's, then extra rounds and changes as they
are agreed) and every payment booked against them, in the order they were received.

A payment is booked by the one rule (:func:`~firmbrief.contracts.record.allocation.allocate`):
against the instalments it names, or, naming none, against the outstanding instalment it
matches exactly, else against the outstanding ones in the order they fall due. What is left is
held as a credit, and the credit is booked, by the same rule, against the next instalments as
they appear (``firmbrief record`` refuses to leave money over unless the freelancer records it
as a credit on purpose). A refund pays back the credits held first; the rest is a
settlement's refund. The due order is the schedule's before payments move any date
(:func:`~firmbrief.contracts.record.schedule.schedule`'s first pass), so a payment cannot
reorder the instalments it pays.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from firmbrief.briefs.money import NOTHING, Amounts, InstalmentKind, part_of
from firmbrief.briefs.plan import paid_test_task
from firmbrief.contracts.record.allocation import Target, allocate
from firmbrief.contracts.record.events import Cancelled, Entry, Payment, Refund
from firmbrief.contracts.record.invoicing import invoice_keys
from firmbrief.contracts.record.settlement import open_settlement
from firmbrief.contracts.record.state import (
    ZERO,
    Instalment,
    PaymentState,
    Project,
    Receipt,
    problem,
)

__all__ = [
    "book_payments",
    "due_order",
    "open_instalments",
    "outstanding_amounts",
    "received_amounts",
]


def open_instalments(project: Project) -> None:
    """The brief's instalments (and a paid test task's), in the status's order; their due dates
    are the schedule's (:func:`~firmbrief.contracts.record.schedule.set_dues`)."""
    brief = project.brief
    explicit = brief.payment.instalments or []
    planned: list[Instalment] = []
    for index, payment in enumerate(project.plan.payments):
        key = f"{payment.iteration}-{payment.kind}"
        if any(i.key == key for i in planned):
            key = f"{key}-{sum(i.key.startswith(key) for i in planned) + 1}"
        fixed = payment.due if index < len(explicit) and explicit[index].due else None
        label = f"iteration {payment.iteration} {payment.kind}"
        planned.append(
            Instalment(
                key, label, payment.kind, payment.iteration, payment.amounts, fixed_due=fixed
            )
        )
    task = paid_test_task(brief, project.pricing)
    if task is not None:
        planned.insert(
            0,
            Instalment(
                "test-task",
                "test task",
                InstalmentKind.test_task,
                None,
                task.amounts,
                fixed_due=task.due,  # invoiced when it is done
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


def due_order(project: Project) -> dict[str, tuple[date, int]]:
    """Each instalment's place in the order payments are booked: by due date as the schedule
    stands now (call it before payments move dates), then in the status's order."""
    return {
        i.key: (i.due or date.max, index) for index, i in enumerate(project.instalments)
    }


def book_payments(
    project: Project, entries: list[Entry], order: dict[str, tuple[date, int]]
) -> None:
    """Book every payment, in the order received; hold what is left as a credit, and book the
    credit against instalments as they appear."""
    by_key = {i.key: i for i in project.instalments}
    ranked = sorted(project.instalments, key=lambda i: order[i.key])
    held: list[tuple[PaymentState, Decimal]] = []  # credits, oldest first
    for entry in entries:
        here = (entry.event.date, entry.line)
        if held and any(i.opened == here for i in ranked):
            _use_credit(ranked, held, here)
        event = entry.event
        if isinstance(event, Cancelled) and event is project.cancelled:
            project.credit = sum((rest for _, rest in held), ZERO)  # as the settlement counts
            settlement = open_settlement(project, entries, here)
            if settlement is not None:
                by_key[settlement.key] = settlement
                ranked.append(settlement)
            continue
        if isinstance(event, Refund):
            beyond = _refund(held, event.amount)
            if beyond and project.cancelled is None:
                problem(project, entry, f"a refund of {project.money(event.amount)} beyond "
                        "the credit held (a refund beyond it settles a cancellation)")  # fmt: skip
            project.refunded += beyond
            continue
        if not isinstance(event, Payment):
            continue
        keys = invoice_keys(project, event)
        paid = PaymentState(
            entry.line, event.date, event.amount, keys, list(event.invoices or []),
            meant_as_credit=bool(event.credit),
        )  # fmt: skip
        project.payments.append(paid)
        named = [by_key[key] for key in keys if key in by_key]
        for key in keys:
            if key not in by_key:
                problem(project, entry, f'a payment for "{key}", which is unknown')
        targets = named if keys else [i for i in ranked if i.opened < here]
        allocation = allocate(
            event.amount, [Target(i.key, i.outstanding) for i in targets], named=bool(named)
        )
        for key, amount in allocation.shares:
            by_key[key].receive(Receipt(entry.line, event.date, amount))
            paid.shares.append((key, amount))
        if allocation.rest:
            paid.beyond = allocation.rest
            held.append((paid, allocation.rest))
            _use_credit(ranked, held, here)
    project.credit = sum((rest for _, rest in held), ZERO)
    for paid, rest in held:
        paid.credit = rest


def _refund(held: list[tuple[PaymentState, Decimal]], amount: Decimal) -> Decimal:
    """Pay ``amount`` back out of the credits held, oldest first; what is left is refunded
    beyond them (a settlement's refund)."""
    while held and amount > 0:
        paid, rest = held[0]
        used = min(rest, amount)
        amount -= used
        if used == rest:
            held.pop(0)
        else:
            held[0] = (paid, rest - used)
    return amount


def _use_credit(
    ranked: list[Instalment], held: list[tuple[PaymentState, Decimal]], here: tuple[date, int]
) -> None:
    """Book the credits held against the instalments outstanding at ``here``."""
    targets = [Target(i.key, i.outstanding) for i in ranked if i.opened <= here]
    by_key = {i.key: i for i in ranked}
    while held:
        paid, rest = held[0]
        allocation = allocate(rest, targets, named=False)
        if not allocation.shares:
            return
        for key, amount in allocation.shares:
            by_key[key].receive(Receipt(paid.line, here[0], amount, from_credit=True))
            paid.credit_used.append((key, amount, here[0]))
        targets = [Target(i.key, i.outstanding) for i in ranked if i.opened <= here]
        if allocation.rest:
            held[0] = (paid, allocation.rest)
            return
        held.pop(0)


def received_amounts(project: Project, instalment: Instalment) -> Amounts:
    """The net, tax and gross of what was received for ``instalment``."""
    return part_of(instalment.amounts, instalment.received, project.plan.digits)


def outstanding_amounts(project: Project, instalment: Instalment) -> Amounts:
    """The net, tax and gross still to be paid of ``instalment``."""
    if not instalment.outstanding:
        return NOTHING
    return instalment.amounts - received_amounts(project, instalment)
