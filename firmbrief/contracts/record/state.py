"""Where a project stands on a given day, from its brief and its record.

:func:`project_of` replays the record (in date order) over the brief's plan
(:func:`~firmbrief.briefs.plan.plan_of`) and answers, as of ``today``:

* each iteration's dates, moved when the client's materials came late (``terms.late_materials:
  shift_dates``: by the working days they were late, for the iteration that needs them and the
  ones after it), by an announced delay or by an agreed change; its drafts, its revision rounds
  (used, left, billable) and whether it was accepted;
* the money per instalment (net, tax, gross; received and outstanding, in gross): the brief's
  instalments, one per revision round beyond those included (at ``payment.extra_round_price``)
  and one per priced change request;
* what is overdue (client reviews, client materials, payments), early warnings (an own delivery
  at risk, a lapsed review, no word to the client within ``update_interval_days``, billable rounds
  piling up), and the freelancer's next action;
* on cancellation, what is owed and what may be released under the brief's terms.

Feedback on a draft before the last one is part of the drafts; every other revision request
with at least one revision item uses one revision round. A change-of-scope item opens a change
request; it is priced by the item's own price or by a later ``change`` event.

:meth:`Project.admit` is where an event is judged against the project before it is recorded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Final

from firmbrief.briefs.canonical import fingerprint
from firmbrief.briefs.dates import format_long
from firmbrief.briefs.loading import load_brief_file
from firmbrief.briefs.money import Amounts, round_money, split_price, tax_rate
from firmbrief.briefs.plan import Plan, firm_dates, plan_of
from firmbrief.briefs.readiness import days_needed, iteration_hours
from firmbrief.briefs.schema import Brief
from firmbrief.contracts.record.events import (
    Accepted,
    Cancelled,
    Change,
    Delay,
    Delivered,
    Entry,
    Materials,
    Note,
    Payment,
    Released,
    Revision,
    Signed,
)
from firmbrief.contracts.record.log import Record
from firmbrief.errors import BriefUnreadable

__all__ = [
    "ChangeRequest",
    "Flag",
    "Instalment",
    "IterationState",
    "MaterialState",
    "Moved",
    "Project",
    "Settlement",
    "load_brief",
    "outstanding_amounts",
    "project_at",
    "project_of",
    "received_amounts",
    "settlement_on",
]

ZERO: Final = Decimal(0)
PILING_UP: Final = 2
"""Billable rounds, over the whole project, from which the warning asks for a talk on scope."""

_WORD_TO_CLIENT: Final = (Signed, Delivered, Note, Delay, Change, Released)
"""Events in which the freelancer speaks to the client."""


def load_brief(path: Path) -> Brief:
    """The brief in ``path``, which must be free of schema problems to run a project on."""
    parsed = load_brief_file(path)
    if parsed.brief is None or parsed.findings:
        first = parsed.findings[0] if parsed.findings else None
        where = f"{first.field}: {first.message}; " if first else ""
        raise BriefUnreadable(f"{where}run `firmbrief check {path}` and fix it", file=str(path))
    return parsed.brief


# --- the parts of a project's state ---------------------------------------------------------


@dataclass(slots=True)
class Instalment:
    """One payment the client owes: planned, an extra revision round or a change request."""

    key: str  # test-task, 1-prepayment, 1-balance, 2-round-3, change-1
    label: str  # "iteration 1 prepayment"
    kind: str  # test_task, prepayment, balance, extra_round, change
    iteration: int | None
    amounts: Amounts
    due: date | None
    due_firm: bool  # due now (False: expected, e.g. a balance before acceptance)
    received: Decimal = ZERO  # gross
    paid_on: date | None = None  # the day it was paid in full
    payments: list[tuple[date, Decimal]] = field(default_factory=list)

    def received_by(self, day: date) -> Decimal:
        """Gross received on or before ``day``."""
        return sum((amount for when, amount in self.payments if when <= day), ZERO)

    @property
    def outstanding(self) -> Decimal:
        return max(self.amounts.gross - self.received, ZERO)

    @property
    def overpaid(self) -> Decimal:
        return max(self.received - self.amounts.gross, ZERO)

    def overdue(self, today: date) -> bool:
        return bool(self.outstanding and self.due_firm and self.due and self.due < today)


@dataclass(slots=True)
class MaterialState:
    number: int
    name: str
    iteration: int
    due: date | None
    received: date | None
    late: int  # working days late (so far, when still missing)
    waiting: bool = False  # missing, and the work that needs it waits for it


@dataclass(slots=True)
class Delivery:
    day: date
    draft: int | None  # None: delivered for acceptance
    review_until: date
    answered: date | None = None


@dataclass(slots=True)
class IterationState:
    number: int
    name: str
    planned_start: date | None
    planned_delivery: date | None
    start: date | None
    delivery: date | None
    review_days: int
    drafts: int
    rounds_included: int
    deliveries: list[Delivery] = field(default_factory=list)
    rounds_used: int = 0
    billable_rounds: list[int] = field(default_factory=list)
    accepted: date | None = None
    deemed: date | None = None  # counts as accepted: no answer within the review period
    prepayment_due: date | None = None
    state: str = ""
    summary: str = ""

    @property
    def accepted_on(self) -> date | None:
        """The day it was accepted, or counts as accepted under the terms."""
        return self.accepted or self.deemed

    @property
    def review_ends(self) -> date | None:
        """The end of the client's review of the delivery for acceptance (planned or actual)."""
        final = [d for d in self.deliveries if d.draft is None]
        return final[-1].review_until if final else None

    @property
    def drafts_delivered(self) -> int:
        return max((d.draft or 0 for d in self.deliveries), default=0)

    @property
    def pending(self) -> Delivery | None:
        """The last delivery, while the client has not answered it."""
        last = self.deliveries[-1] if self.deliveries else None
        return last if last and last.answered is None and not self.accepted else None


@dataclass(slots=True)
class ChangeRequest:
    number: int
    description: str
    raised: date
    iteration: int | None
    price: Decimal | None = None
    agreed: date | None = None
    due: date | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Moved:
    what: str  # "iteration 1 start"
    planned: date
    now: date
    why: str
    cause: str  # materials, delay, change


@dataclass(frozen=True, slots=True)
class Flag:
    """An overdue item or an early warning."""

    code: str
    message: str


@dataclass(slots=True)
class SettlementLine:
    label: str
    owed: Amounts
    received: Decimal  # gross

    @property
    def balance(self) -> Decimal:
        """Gross still owed by the client (negative: to refund)."""
        return self.owed.gross - self.received


@dataclass(slots=True)
class Settlement:
    """What is owed and what may be released after a cancellation."""

    day: date
    by: str
    lines: list[SettlementLine]
    release: list[str]
    withheld: list[str]

    @property
    def owed(self) -> Decimal:
        return sum((line.owed.gross for line in self.lines), ZERO)

    @property
    def received(self) -> Decimal:
        return sum((line.received for line in self.lines), ZERO)

    @property
    def balance(self) -> Decimal:
        return self.owed - self.received

    @property
    def paid_up(self) -> bool:
        """Whether what is owed has been paid: the files in ``release`` may be handed over."""
        return self.balance <= 0


# --- the project ----------------------------------------------------------------------------


@dataclass
class Project:
    """A project's state on ``today``."""

    brief: Brief
    plan: Plan
    record: Record
    today: date
    fingerprint: str
    signed: date | None = None
    pinned: str | None = None  # the fingerprint of the last signing
    iterations: list[IterationState] = field(default_factory=list)
    materials: list[MaterialState] = field(default_factory=list)
    instalments: list[Instalment] = field(default_factory=list)
    changes: list[ChangeRequest] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    overdue: list[Flag] = field(default_factory=list)
    warnings: list[Flag] = field(default_factory=list)
    cancelled: Cancelled | None = None
    released: Released | None = None
    last_word: date | None = None
    settlement: Settlement | None = None
    next_action: str = ""

    # --- reading ---

    @property
    def brief_changed(self) -> bool:
        return self.pinned is not None and self.pinned != self.fingerprint

    @property
    def changed_message(self) -> str:
        assert self.signed is not None
        return (
            f"the brief changed after it was signed on {format_long(self.signed)} (signed "
            f"fingerprint {self.pinned}, now {self.fingerprint}): amounts and dates here follow "
            "the file, not what was signed. Restore the signed brief, or record the signing "
            "of the amended one"
        )

    def money(self, amount: Decimal) -> str:
        """``1,071.00 EUR``."""
        return f"{amount:,.{self.plan.digits}f} {self.plan.currency}".rstrip()

    def iteration(self, number: int) -> IterationState | None:
        return self.iterations[number - 1] if 0 < number <= len(self.iterations) else None

    def instalment(self, key: str) -> Instalment | None:
        return next((i for i in self.instalments if i.key == key), None)

    def current(self) -> IterationState | None:
        """The first iteration not yet accepted."""
        return next((it for it in self.iterations if it.accepted_on is None), None)

    def outstanding(self) -> list[Instalment]:
        return [i for i in self.instalments if i.outstanding]

    def client(self) -> str:
        c = self.brief.client
        return (c.approver.name if c.approver and c.approver.name else None) or (
            c.name or c.company or "the client"
        )


# --- building the state ---------------------------------------------------------------------


def project_at(brief_path: Path, today: date) -> Project:
    """Read the brief and its record and work out the project's state on ``today``."""
    from firmbrief.contracts.record.log import read_record

    brief = load_brief(brief_path)
    return project_of(brief, read_record(brief_path), today=today)


def project_of(brief: Brief, record: Record, *, today: date) -> Project:
    """The state of the project on ``today``: every event in the record counts, whatever its
    date; ``today`` decides what is overdue, lapsed or at risk."""
    plan = plan_of(brief)
    project = Project(brief, plan, record, today, fingerprint(brief))
    entries = sorted(record.entries, key=lambda e: (e.event.date, e.line))
    signings = [e.event for e in entries if isinstance(e.event, Signed)]
    if signings:
        project.signed = signings[0].date
        project.pinned = signings[-1].fingerprint
    for entry in entries:
        event = entry.event
        if isinstance(event, Cancelled) and project.cancelled is None:
            project.cancelled = event
        if isinstance(event, Released) and project.released is None:
            project.released = event
        if isinstance(event, _WORD_TO_CLIENT):
            project.last_word = max(project.last_word or event.date, event.date)
    _materials(project, entries)
    _dates(project, entries)
    _work(project, entries)
    _deem(project)
    _money(project, entries)
    if project.cancelled:
        project.settlement = settlement_on(project, project.cancelled.date, project.cancelled.by)
    _states(project)
    _flags(project, entries)
    project.next_action = _next_action(project)
    return project


def _problem(project: Project, entry: Entry, message: str) -> None:
    project.warnings.append(
        Flag("record-mismatch", f"{project.record.path.name} line {entry.line}: {message}")
    )


def _materials(project: Project, entries: list[Entry]) -> None:
    calendar = project.plan.calendar
    received: dict[int, date] = {}
    for entry in entries:
        if isinstance(entry.event, Materials):
            for number in entry.event.materials:
                if number > len(project.plan.materials):
                    _problem(project, entry, f"the brief has no material {number}")
                received.setdefault(number, entry.event.date)
    worked = {
        e.event.iteration for e in entries if isinstance(e.event, Delivered | Revision | Accepted)
    }
    active = project.signed is not None and project.cancelled is None
    for number, planned in enumerate(project.plan.materials, start=1):
        got = received.get(number)
        # Still missing while the work that needs it goes on: late so far. Once that work was
        # delivered without it, it no longer holds anything up.
        waiting = got is None and active and planned.iteration not in worked
        until = got or (project.today if waiting else None)
        late = 0
        if planned.due and until and until > planned.due:
            late = calendar.working_days(planned.due + timedelta(days=1), until)
        project.materials.append(
            MaterialState(number, planned.name, planned.iteration, planned.due, got, late, waiting)
        )


def _prepaid_on(project: Project, entries: list[Entry]) -> dict[int, date | None]:
    """The day each iteration's prepayment was paid in full (``None`` while it is not); an
    iteration without a prepayment is left out."""
    owed = {p.iteration: p.amounts.gross for p in project.plan.payments if p.kind == "prepayment"}
    received: dict[int, Decimal] = {}
    paid: dict[int, date] = {}
    for entry in entries:
        event = entry.event
        if isinstance(event, Payment) and event.instalment.endswith("-prepayment"):
            number = int(event.instalment.split("-")[0])
            received[number] = received.get(number, ZERO) + event.amount
            if number in owed and number not in paid and received[number] >= owed[number]:
                paid[number] = event.date
    return {number: paid.get(number) for number, gross in owed.items() if gross}


def _dates(project: Project, entries: list[Entry]) -> None:
    """Each iteration's dates: planned, moved by late materials and late prepayments (each
    by the working days it was late, for its iteration and the ones after it), then by
    announced delays and agreed changes."""
    calendar, today = project.plan.calendar, project.today
    shift_by_materials = project.brief.terms.late_materials == "shift_dates"
    prepaid = _prepaid_on(project, entries)
    delivered = {e.event.iteration for e in entries if isinstance(e.event, Delivered)}
    carry, causes = 0, list[tuple[str, str]]()
    for planned in project.plan.iterations:
        number = planned.number
        it = IterationState(
            number=number,
            name=planned.name,
            planned_start=planned.start,
            planned_delivery=planned.delivery,
            start=planned.start,
            delivery=planned.delivery,
            review_days=planned.review_days,
            drafts=planned.drafts,
            rounds_included=planned.revision_rounds,
        )
        late = [m for m in project.materials if m.iteration == number and m.late]
        if shift_by_materials and late:
            worst = max(late, key=lambda m: m.late)
            if worst.late > carry:
                still = "" if worst.received else ", still missing"
                carry = worst.late
                causes = [("materials", f'"{worst.name}" {worst.late} working day(s) late{still}')]
        start = calendar.add_working_days(planned.start, carry) if planned.start else None
        it.prepayment_due = start
        paid = prepaid.get(number)
        waiting = number in prepaid and paid is None
        active = project.signed and not project.cancelled and number not in delivered
        until = paid or (today if waiting and active else None)
        if start and until and until > start:
            own = calendar.working_days(start + timedelta(days=1), until)
            still = ", still missing" if paid is None else ""
            carry += own
            causes = [
                *causes,
                ("prepayment", f"iteration {number}'s prepayment {own} working day(s) late{still}"),
            ]
        for name in ("start", "delivery") if carry else ():
            old = getattr(it, name)
            if old:
                setattr(it, name, calendar.add_working_days(old, carry))
                why = "; ".join(text for _, text in causes)
                project.moved.append(
                    Moved(f"iteration {number} {name}", old, getattr(it, name), why, causes[-1][0])
                )
        project.iterations.append(it)
    for entry in entries:
        event = entry.event
        if isinstance(event, Delay | Change) and event.iteration:
            target = project.iteration(event.iteration)
            if target is None:
                _problem(project, entry, f"the brief has no iteration {event.iteration}")
                continue
            it = target
            why = (
                f"delay announced on {format_long(event.date)}: {event.reason}"
                if isinstance(event, Delay)
                else f"change agreed on {format_long(event.date)}"
            )
            for name in ("start", "delivery"):
                new = getattr(event, name, None)
                old = getattr(it, name)
                if new and new != old:
                    planned = getattr(it, f"planned_{name}") or new
                    cause = "delay" if isinstance(event, Delay) else "change"
                    project.moved.append(
                        Moved(f"iteration {it.number} {name}", planned, new, why, cause)
                    )
                    setattr(it, name, new)


def _work(project: Project, entries: list[Entry]) -> None:
    """Deliveries, feedback, rounds, acceptance and change requests, iteration by iteration."""
    calendar = project.plan.calendar
    for entry in entries:
        event = entry.event
        if isinstance(event, Change):
            _change(project, entry, event)
            continue
        if not isinstance(event, Delivered | Revision | Accepted):
            continue
        it = project.iteration(event.iteration)
        if it is None:
            _problem(project, entry, f"the brief has no iteration {event.iteration}")
            continue
        if isinstance(event, Delivered):
            until = calendar.add_working_days(event.date, it.review_days)
            it.deliveries.append(Delivery(event.date, event.draft, until))
            continue
        if it.deliveries and it.deliveries[-1].answered is None:
            it.deliveries[-1].answered = event.date
        if isinstance(event, Accepted):
            it.accepted = it.accepted or event.date
            continue
        last = it.deliveries[-1] if it.deliveries else None
        draft_feedback = bool(last and last.draft and last.draft < it.drafts)
        if any(item.kind == "revision" for item in event.items) and not draft_feedback:
            it.rounds_used += 1
            if it.rounds_used > it.rounds_included:
                it.billable_rounds.append(it.rounds_used)
                _extra_round(project, it, it.rounds_used, event.date)
        for item in event.items:
            if item.kind == "change_of_scope":
                number = len(project.changes) + 1
                request = ChangeRequest(
                    number,
                    f"{item.deliverable}: {item.change}",
                    event.date,
                    it.number,
                    line=entry.line,
                )
                project.changes.append(request)
                if item.price is not None:
                    _price(project, request, item.price, event.date, None)


def _deem(project: Project) -> None:
    """A delivery for acceptance not answered within its review period counts as accepted on
    the period's last day (the terms' review clause)."""
    for it in project.iterations:
        pending = it.pending
        if pending and pending.draft is None and pending.review_until < project.today:
            it.deemed = pending.review_until


def _change(project: Project, entry: Entry, event: Change) -> None:
    if event.request is not None:
        request = next((c for c in project.changes if c.number == event.request), None)
        if request is None or request.price is not None:
            _problem(project, entry, f"change request {event.request} is unknown or priced")
            return
        if event.iteration:
            request.iteration = event.iteration
        if event.description:
            request.description = event.description
    else:
        request = ChangeRequest(
            len(project.changes) + 1,
            event.description or "change",
            event.date,
            event.iteration,
            line=entry.line,
        )
        project.changes.append(request)
    _price(project, request, event.price, event.date, event.due)


def _split(project: Project, price: Decimal) -> Amounts:
    brief = project.brief
    gross = brief.tax is not None and brief.tax.prices == "gross"
    return split_price(price, gross_prices=gross, rate=tax_rate(brief), digits=project.plan.digits)


def _price(
    project: Project, request: ChangeRequest, price: Decimal, day: date, due: date | None
) -> None:
    request.price, request.agreed = price, day
    request.due = due or day + timedelta(days=project.brief.payment.due_days)
    project.instalments.append(
        Instalment(
            key=f"change-{request.number}",
            label=f"change request {request.number}",
            kind="change",
            iteration=request.iteration,
            amounts=_split(project, price),
            due=request.due,
            due_firm=True,
        )
    )


def _extra_round(project: Project, it: IterationState, round_: int, day: date) -> None:
    price = project.brief.payment.extra_round_price
    if price is None:
        return
    project.instalments.append(
        Instalment(
            key=f"{it.number}-round-{round_}",
            label=f"iteration {it.number} extra revision round {round_}",
            kind="extra_round",
            iteration=it.number,
            amounts=_split(project, price),
            due=day + timedelta(days=project.brief.payment.due_days),
            due_firm=True,
        )
    )


def _money(project: Project, entries: list[Entry]) -> None:
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
            if payment.kind == "prepayment":
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
        amounts = _split(project, task.price)
        planned.insert(
            0, Instalment("test-task", "test task", "test_task", None, amounts, due, True)
        )
    order = {"test_task": -1, "prepayment": 0, "extra_round": 1, "balance": 2, "change": 3}
    project.instalments[:0] = planned
    project.instalments.sort(
        key=lambda i: (i.iteration or (0 if i.kind == "test_task" else 1000), order[i.kind])
    )
    for entry in entries:
        event = entry.event
        if not isinstance(event, Payment):
            continue
        instalment = project.instalment(event.instalment)
        if instalment is None:
            _problem(project, entry, f'a payment for "{event.instalment}", which is unknown')
            continue
        instalment.received += event.amount
        instalment.payments.append((event.date, event.amount))
        if instalment.paid_on is None and instalment.received >= instalment.amounts.gross:
            instalment.paid_on = event.date


def _part(amounts: Amounts, gross: Decimal, digits: int) -> Amounts:
    """The net and tax in ``gross`` of ``amounts``, in the same proportion."""
    gross = round_money(gross, digits)
    if not amounts.gross:
        return Amounts(gross, ZERO, gross)
    net = round_money(amounts.net * gross / amounts.gross, digits)
    return Amounts(net, gross - net, gross)


def received_amounts(project: Project, instalment: Instalment) -> Amounts:
    return _part(instalment.amounts, instalment.received, project.plan.digits)


def outstanding_amounts(project: Project, instalment: Instalment) -> Amounts:
    got = received_amounts(project, instalment)
    if instalment.overpaid:
        return Amounts(ZERO, ZERO, ZERO)
    a = instalment.amounts
    return Amounts(a.net - got.net, a.tax - got.tax, a.gross - got.gross)


def _add(*parts: Amounts) -> Amounts:
    return Amounts(
        sum((p.net for p in parts), ZERO),
        sum((p.tax for p in parts), ZERO),
        sum((p.gross for p in parts), ZERO),
    )


def settlement_on(project: Project, day: date, by: str) -> Settlement:
    """What is owed if the project ends on ``day``, under the terms' cancellation clause:
    every accepted iteration in full, the iteration in progress with what was paid of it
    (prepayments are not refunded) plus ``cancellation.fee_percent`` of its unpaid rest, and
    agreed extras not tied to an iteration in full. Prepayments of iterations not started are
    not refunded either. Once it is paid, the final files of every accepted iteration (and
    their source, unless the terms exclude it) may be released; work in progress stays with
    the freelancer. The same rules apply whoever cancels."""
    brief = project.brief
    percent = brief.cancellation.fee_percent
    digits = project.plan.digits
    lines: list[SettlementLine] = []
    finished: list[int] = []
    unfinished: list[int] = []
    for it in project.iterations:
        mine = [i for i in project.instalments if i.iteration == it.number]
        received = sum((i.received for i in mine), ZERO)
        paid = _add(*(_part(i.amounts, i.received_by(day), digits) for i in mine))
        accepted = it.accepted_on is not None and it.accepted_on <= day
        started = bool(it.deliveries) or bool(it.start and it.start <= day)
        if accepted:
            owed = _add(*(i.amounts for i in mine))
            label = f"iteration {it.number} ({it.name}): accepted, owed in full"
            finished.append(it.number)
        elif started:
            whole = _add(*(i.amounts for i in mine))
            gross_prices = brief.tax is not None and brief.tax.prices == "gross"
            rest = (whole.gross - paid.gross) if gross_prices else (whole.net - paid.net)
            fee = _split(project, round_money(max(rest, ZERO) * percent / 100, digits))
            owed = _add(paid, fee)
            label = (
                f"iteration {it.number} ({it.name}): in progress; what was paid is kept, and "
                f"{percent:g}% of its unpaid rest is due ({project.money(fee.gross)})"
            )
            unfinished.append(it.number)
        elif received:
            owed = paid
            label = f"iteration {it.number} ({it.name}): not started; its prepayment is kept"
        else:
            continue
        lines.append(SettlementLine(label, owed, received))
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
    settlement.release.extend(f"iteration {number}: {files}" for number in finished)
    for number in unfinished:
        settlement.withheld.append(f"iteration {number}: drafts and work in progress")
    if terms == "not_included":
        settlement.withheld.append("source and working files: not part of this project")
    return settlement


def _states(project: Project) -> None:
    for it in project.iterations:
        prepayment = project.instalment(f"{it.number}-prepayment")
        short = prepayment.outstanding if prepayment else ZERO
        pending = it.pending
        if it.accepted:
            it.state, it.summary = "accepted", f"accepted on {format_long(it.accepted)}"
        elif it.deemed:
            it.state = "accepted"
            it.summary = (
                f"counts as accepted on {format_long(it.deemed)}: no answer within its review "
                "period"
            )
        elif project.cancelled:
            it.state, it.summary = (
                "cancelled",
                f"cancelled on {format_long(project.cancelled.date)}",
            )
        elif pending:
            what = f"draft {pending.draft}" if pending.draft else "delivered for acceptance"
            lapsed = pending.review_until < project.today
            it.state = "review-lapsed" if lapsed else "in-review"
            verb = "lapsed on" if lapsed else "until"
            it.summary = (
                f"{what} on {format_long(pending.day)}; client's review {verb} "
                f"{format_long(pending.review_until)}"
            )
        elif it.deliveries:
            it.state = "revising"
            last = it.deliveries[-1]
            it.summary = (
                f"feedback on draft {last.draft} received: next draft"
                if last.draft and last.draft < it.drafts
                else f"revision round {it.rounds_used} requested: revise and deliver again"
            )
        elif not project.signed:
            it.state, it.summary = "not-signed", "the brief is not signed yet"
        elif short and it is not project.current():
            it.state = "planned"
            it.summary = f"planned to start on {format_long(it.start)}" if it.start else "planned"
        elif short:
            it.state = "waiting-for-prepayment"
            it.summary = f"waiting for the prepayment ({project.money(short)} outstanding)"
        elif it.start and it.start > project.today:
            it.state, it.summary = "ready", f"ready to start on {format_long(it.start)}"
        else:
            it.state = "in-progress"
            by = f"; delivery due {format_long(it.delivery)}" if it.delivery else ""
            it.summary = f"in progress{by}"


def _flags(project: Project, entries: list[Entry]) -> None:
    today, calendar, money = project.today, project.plan.calendar, project.money
    warn, overdue = project.warnings, project.overdue
    if project.brief_changed:
        warn.insert(0, Flag("brief-changed", project.changed_message))
    if project.signed is None:
        return
    later = [e for e in entries if e.event.date > today]
    if later:
        warn.append(
            Flag(
                "events-after-today",
                f"the record holds {len(later)} event(s) dated after {today.isoformat()} "
                f"(the latest {later[-1].event.date.isoformat()}); they are counted",
            )
        )
    for instalment in project.instalments:
        if instalment.overdue(today):
            assert instalment.due is not None
            overdue.append(
                Flag(
                    "payment-overdue",
                    f"{instalment.label}: {money(instalment.outstanding)} due since "
                    f"{format_long(instalment.due)} ({(today - instalment.due).days} days)",
                )
            )
        if instalment.overpaid:
            warn.append(
                Flag("overpaid", f"{instalment.label}: overpaid by {money(instalment.overpaid)}")
            )
    for item in project.materials:
        if item.waiting and item.due and item.due < today:
            overdue.append(
                Flag(
                    "materials-overdue",
                    f'"{item.name}" (for iteration {item.iteration}) due since '
                    f"{format_long(item.due)}: {item.late} working day(s) late",
                )
            )
    if project.cancelled:
        return
    total_billable = 0
    for it in project.iterations:
        total_billable += len(it.billable_rounds)
        pending = it.pending
        if pending and pending.review_until < today:
            days = calendar.working_days(pending.review_until + timedelta(days=1), today)
            what = f"draft {pending.draft}" if pending.draft else "the delivery for acceptance"
            overdue.append(
                Flag(
                    "review-overdue",
                    f"iteration {it.number}: the client's answer on {what} of "
                    f"{format_long(pending.day)}, due since {format_long(pending.review_until)} "
                    f"({days} working day(s))",
                )
            )
            warn.append(
                Flag(
                    "review-lapsed",
                    f"iteration {it.number}: the client's review lapsed on "
                    f"{format_long(pending.review_until)} with no answer: ask for it now, before "
                    "the dates that follow slip",
                )
            )
        _delivery_risk(project, it)
        if it.billable_rounds:
            price = project.brief.payment.extra_round_price
            cost = (
                f"billable at {money(price)} each"
                if price is not None
                else ("billable, but the brief names no price: agree one")
            )
            warn.append(
                Flag(
                    "billable-rounds",
                    f"iteration {it.number}: {len(it.billable_rounds)} revision round(s) beyond "
                    f"the {it.rounds_included} included, {cost}",
                )
            )
    if total_billable >= PILING_UP:
        warn.append(
            Flag(
                "rounds-piling-up",
                f"{total_billable} billable revision rounds so far: talk with the client about "
                "the scope before the next one",
            )
        )
    for request in project.changes:
        if request.price is None:
            warn.append(
                Flag(
                    "change-unpriced",
                    f"change request {request.number} ({request.description}) has no price yet:"
                    " quote it and have it agreed before doing the work",
                )
            )
    _silence(project)
    if project.released and project.released.anyway:
        warn.append(
            Flag("released-early", "the source was released before the release gate opened")
        )


def _delivery_risk(project: Project, it: IterationState) -> None:
    today = project.today
    if it.accepted_on or it.delivery is None or any(d.draft is None for d in it.deliveries):
        return
    started = bool(it.deliveries) or (it.start is not None and it.start <= today)
    if not started:
        return
    calendar = project.plan.calendar
    if it.delivery < today:
        late = calendar.working_days(it.delivery + timedelta(days=1), today)
        project.warnings.append(
            Flag(
                "delivery-late",
                f"iteration {it.number}: your delivery was due on {format_long(it.delivery)} "
                f"({late} working day(s) ago): deliver it, or announce the delay with a new date",
            )
        )
        return
    left = calendar.working_days(today, it.delivery)
    remaining = max(it.drafts - it.drafts_delivered, 0)
    needed = days_needed(remaining, 0, it.review_days) if remaining else 1
    hours = iteration_hours(project.brief, it.number - 1)
    capacity = project.brief.capacity_hours_per_week
    if hours and capacity and it.drafts:
        per_day = capacity / 5
        needed = max(needed, math.ceil(hours * remaining / it.drafts / per_day))
    if left < needed:
        drafts = (
            f"{remaining} of {it.drafts} draft(s) still to deliver"
            if remaining
            else ("the delivery for acceptance still to make")
        )
        project.warnings.append(
            Flag(
                "delivery-at-risk",
                f"iteration {it.number}: your delivery on {format_long(it.delivery)} is at risk: "
                f"{left} working day(s) left, {drafts}, about {needed} needed. Tell the client "
                "now, while there is time to agree a new date",
            )
        )


def _silence(project: Project) -> None:
    interval = project.brief.update_interval_days
    if not interval or project.last_word is None:
        return
    if all(it.accepted_on for it in project.iterations) and not project.outstanding():
        return
    starts = [it.start for it in project.iterations if it.start]
    if not starts or project.today <= starts[0]:
        return  # updates are about the work; it has not started
    since_day = max(project.last_word, starts[0] - timedelta(days=1))
    since = project.plan.calendar.working_days(since_day + timedelta(days=1), project.today)
    if since > interval:
        project.warnings.append(
            Flag(
                "no-word-to-client",
                f"no word to the client since {format_long(since_day)} ({since} working "
                f"days; you promised an update every {interval}): send a progress update",
            )
        )


def _next_action(project: Project) -> str:
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
