"""The parts of a project's state on a given day, as :mod:`firmbrief.contracts.record.replay`
works them out: each iteration, material, instalment, change request, moved date, flag and a
cancellation's settlement, and :class:`Project`, which holds them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Final

from firmbrief.briefs.dates import format_long
from firmbrief.briefs.loading import load_brief_file
from firmbrief.briefs.money import Amounts, InstalmentKind, Pricing
from firmbrief.briefs.plan import Plan
from firmbrief.briefs.schema import Brief
from firmbrief.contracts.record.events import Cancelled, Entry, Released
from firmbrief.contracts.record.kinds import ActionKind, Stage
from firmbrief.contracts.record.log import Head, Record
from firmbrief.errors import BriefUnreadable

__all__ = [
    "ZERO",
    "ChangeRequest",
    "Delivery",
    "Flag",
    "Instalment",
    "InvoiceState",
    "IterationState",
    "MaterialState",
    "Moved",
    "NextAction",
    "PaymentState",
    "Project",
    "Receipt",
    "Settlement",
    "SettlementLine",
    "Voided",
    "load_brief",
    "problem",
]

ZERO: Final = Decimal(0)


def load_brief(path: Path) -> Brief:
    """The brief in ``path``, which must be free of schema problems to run a project on."""
    parsed = load_brief_file(path)
    if parsed.brief is None or parsed.findings:
        first = parsed.findings[0] if parsed.findings else None
        where = f"{first.field}: {first.message}; " if first else ""
        raise BriefUnreadable(f"{where}run `firmbrief check {path}` and fix it", file=str(path))
    return parsed.brief


# --- the parts of a project's state ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Receipt:
    """Part of a payment booked against one instalment."""

    line: int  # the payment's line in the record
    day: date  # the day it counts from: the payment's, or the day a credit was used
    amount: Decimal  # gross
    from_credit: bool = False  # a credit held from that payment, used when this came due


@dataclass(slots=True)
class InvoiceState:
    """An invoice issued for an instalment, as the record says (its ``invoiced`` line)."""

    number: str
    instalment: str  # the instalment's key
    issued: date
    due: date
    amounts: Amounts
    line: int
    credited_by: str | None = None  # the credit note that cancelled it
    credited_on: date | None = None

    @property
    def active(self) -> bool:
        return self.credited_by is None


@dataclass(slots=True)
class Instalment:
    """One payment the client owes: planned, an extra revision round or a change request."""

    key: str  # test-task, 1-prepayment, 1-balance, 2-round-3, change-1
    label: str  # "iteration 1 prepayment"
    kind: InstalmentKind
    iteration: int | None
    amounts: Amounts
    due: date | None = None  # set by the schedule (schedule.set_dues)
    due_firm: bool = True  # due now (False: expected, e.g. a balance before acceptance)
    fixed_due: date | None = None  # a due date the brief or the agreement fixed
    opened: tuple[date, int] = (date.min, 0)  # where in the record it came to be (day, line)
    receipts: list[Receipt] = field(default_factory=list)
    paid_on: date | None = None  # the day it was paid in full
    received: Decimal = ZERO  # gross received for it: the sum of its receipts
    invoice: InvoiceState | None = None  # its invoice, unless cancelled by a credit note
    cancelled: date | None = None  # a cancellation took what it left owed into the settlement
    on_time_until: date | None = None  # its due date, or the working day after a weekend one

    def receive(self, receipt: Receipt) -> None:
        """Book ``receipt`` against it."""
        self.receipts.append(receipt)
        self.received += receipt.amount
        if self.paid_on is None and self.received >= self.amounts.gross:
            self.paid_on = receipt.day

    def received_by(self, day: date) -> Decimal:
        """Gross received on or before ``day``."""
        return sum((r.amount for r in self.receipts if r.day <= day), ZERO)

    @property
    def outstanding(self) -> Decimal:
        """Gross still owed on it; nothing once a cancellation settled it (the settlement's
        instalment says what is owed then)."""
        if self.cancelled is not None:
            return ZERO
        return max(self.amounts.gross - self.received, ZERO)

    @property
    def reminder(self) -> date | None:
        """The first day it is overdue (for a firm due date): the day after it falls due, or
        after the next working day when it falls due on a weekend or a public holiday (that day
        takes its place, as § 193 BGB says; :func:`~.schedule.set_dues` works it out)."""
        if self.due is None or not self.due_firm:
            return None
        return max(self.due, self.on_time_until or self.due) + timedelta(days=1)

    def overdue(self, today: date) -> bool:
        return bool(self.outstanding and self.reminder and self.reminder <= today)


@dataclass(slots=True)
class PaymentState:
    """One payment received, and how it was booked."""

    line: int
    day: date
    amount: Decimal
    named: list[str]  # the instalments it named (``--for``, or by ``--invoice``), in order
    invoices: list[str] = field(default_factory=list)  # the invoices it named (``--invoice``)
    shares: list[tuple[str, Decimal]] = field(default_factory=list)  # instalment key, gross
    credit_used: list[tuple[str, Decimal, date]] = field(default_factory=list)  # key, gross, day
    credit: Decimal = ZERO  # the part no instalment took: held as a credit
    beyond: Decimal = ZERO  # the part beyond what it paid when it was booked
    meant_as_credit: bool = False


@dataclass(frozen=True, slots=True)
class Voided:
    """A line that counts no more, and the line that voided it."""

    line: int
    kind: str
    day: date
    what: str  # the event in words: "payment of 900.00 EUR on 5 January 2027"
    by: int
    on: date
    reason: str


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
    fixes_used: int = 0  # feedback naming missed criteria on deliveries for acceptance
    billable_rounds: list[int] = field(default_factory=list)
    accepted: date | None = None
    deemed: date | None = None  # counts as accepted: no answer after the review and a reminder
    reminded: date | None = None  # the written reminder after the review ended (a review notice)
    answer_by: date | None = None  # after the reminder: silence until then counts as acceptance
    prepayment_due: date | None = None
    review_until: date | None = None  # the end of the client's review: actual, else expected
    gate: date | None = None  # the day it may start under the terms (None: not yet)
    blocked_by: list[str] = field(default_factory=list)  # why it may not start yet
    state: Stage = Stage.planned
    summary: str = ""

    @property
    def accepted_on(self) -> date | None:
        """The day it was accepted, or counts as accepted under the terms."""
        return self.accepted or self.deemed

    @property
    def review_ends(self) -> date | None:
        """The end of the client's review of the delivery for acceptance: of the delivery
        made, else of the delivery as it stands (see :mod:`~.schedule`)."""
        return self.review_until

    @property
    def started(self) -> date | None:
        """The day the work began: its start once its gate opened, or its first delivery."""
        first = self.deliveries[0].day if self.deliveries else None
        begun = self.start if self.gate is not None and self.start is not None else None
        days = [d for d in (first, begun) if d is not None]
        return min(days) if days else None

    @property
    def drafts_delivered(self) -> int:
        """Drafts shown so far; the delivery for acceptance is the last draft, as the terms
        say (:mod:`firmbrief.briefs.timeline`)."""
        last = max(self.drafts, 1)
        return max((d.draft or last for d in self.deliveries), default=0)

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
    causes: tuple[str, ...]  # in order: materials, prepayment, previous, overdue, delay, change


@dataclass(frozen=True, slots=True)
class Flag:
    """An overdue item or an early warning."""

    code: str
    message: str


@dataclass(slots=True)
class SettlementLine:
    """One line of a settlement: what it is for, what is owed and what was received (gross)."""

    label: str  # "iteration 2 (Refinement and brand kit)", "test task", "change request 1"
    standing: str  # accepted, in_progress, not_started, done, agreed, credit
    owed: Amounts
    received: Decimal
    fee: Amounts | None = None  # the cancellation fee on an iteration that started

    @property
    def balance(self) -> Decimal:
        """Gross still owed by the client (negative: to refund)."""
        return self.owed.gross - self.received


@dataclass(slots=True)
class Settlement:
    """What is owed and what may be released after a cancellation."""

    day: date
    by: str  # client or freelancer
    fee_percent: Decimal
    lines: list[SettlementLine]
    release: list[str]
    withheld: list[str]
    refunded: Decimal = ZERO  # gross paid back to the client already
    paid_since: Decimal = ZERO  # gross paid towards the settlement after the cancellation

    @property
    def owed(self) -> Decimal:
        return sum((line.owed.gross for line in self.lines), ZERO)

    @property
    def received(self) -> Decimal:
        return sum((line.received for line in self.lines), ZERO) + self.paid_since

    @property
    def balance(self) -> Decimal:
        """Gross the client still owes (negative: still to refund)."""
        return self.owed - self.received + self.refunded

    @property
    def paid_up(self) -> bool:
        """Whether what is owed has been paid: the files in ``release`` may be handed over."""
        return self.balance <= 0


@dataclass(frozen=True, slots=True)
class NextAction:
    """The next move: its kind, what to do in words, and what it concerns."""

    kind: ActionKind
    text: str
    iteration: int | None = None
    instalment: str | None = None  # an instalment's key: 1-prepayment
    request: int | None = None  # a change request's number
    invoice: str | None = None  # an invoice's number: 2027-0001


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
    notify: str | None = None  # the profile's contact or bank details changed since signing
    changed_fields: tuple[str, ...] = ()  # what differs from the signing, and where it came from
    iterations: list[IterationState] = field(default_factory=list)
    materials: list[MaterialState] = field(default_factory=list)
    instalments: list[Instalment] = field(default_factory=list)
    changes: list[ChangeRequest] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    overdue: list[Flag] = field(default_factory=list)
    warnings: list[Flag] = field(default_factory=list)
    payments: list[PaymentState] = field(default_factory=list)
    invoices: dict[str, InvoiceState] = field(default_factory=dict)  # by number, as issued
    credit: Decimal = ZERO  # gross received that no instalment has taken (nor was refunded)
    refunded: Decimal = ZERO  # gross paid back beyond the credits held: a settlement's refund
    voided: list[Voided] = field(default_factory=list)
    cancelled: Cancelled | None = None
    released: Released | None = None
    last_word: date | None = None
    settlement: Settlement | None = None
    finished: date | None = None  # every iteration accepted, every instalment paid, released
    next_action: NextAction | None = None

    # --- reading ---

    @property
    def brief_changed(self) -> bool:
        return self.pinned is not None and self.pinned != self.fingerprint

    @property
    def changed_message(self) -> str:
        assert self.signed is not None
        return (
            f"the brief changed after it was signed on {format_long(self.signed)} (signed "
            f"fingerprint {self.pinned}, now {self.fingerprint}{self.changed_said}): amounts "
            "and dates here follow "
            "the file, not what was signed. Restore the signed brief, or record the signing "
            "of the amended one"
        )

    @property
    def changed_said(self) -> str:
        """``; changed: iterations.2.price (in the brief)``, or nothing when unknown."""
        return f"; changed: {', '.join(self.changed_fields)}" if self.changed_fields else ""

    @property
    def head(self) -> Head | None:
        """The record's last line (its number and check sum): what notices quote."""
        return self.record.head

    @property
    def overlap(self) -> bool:
        """Whether the terms let an iteration start before the one before it is accepted and
        paid in full."""
        return self.brief.terms.iterations == "may_overlap"

    def money(self, amount: Decimal) -> str:
        """``1,071.00 EUR``: an amount in a message (:func:`~firmbrief.briefs.money.plain`)."""
        return self.pricing.plain(amount)

    def iteration(self, number: int) -> IterationState | None:
        return self.iterations[number - 1] if 0 < number <= len(self.iterations) else None

    def instalment(self, key: str) -> Instalment | None:
        return next((i for i in self.instalments if i.key == key), None)

    def cancelled_work(self, it: IterationState) -> bool:
        """Whether the cancellation ended iteration ``it`` before it was accepted: nothing of
        it is expected any more."""
        cancelled = self.cancelled
        return cancelled is not None and (it.accepted_on is None or it.accepted_on > cancelled.date)

    def current(self) -> IterationState | None:
        """The first iteration not yet accepted."""
        return next((it for it in self.iterations if it.accepted_on is None), None)

    def outstanding(self) -> list[Instalment]:
        return [i for i in self.instalments if i.outstanding]

    @property
    def pricing(self) -> Pricing:
        return self.plan.pricing

    def split(self, price: Decimal) -> Amounts:
        """``price`` (net or gross, as the brief's prices are) as net, tax and gross."""
        return self.pricing.split(price)

    def client(self) -> str:
        c = self.brief.client
        return (c.approver.name if c.approver and c.approver.name else None) or (
            c.name or c.company or "the client"
        )


def problem(project: Project, entry: Entry, message: str) -> None:
    """Note that the record holds an event that does not fit the brief."""
    project.warnings.append(
        Flag("record-mismatch", f"{project.record.path.name} line {entry.line}: {message}")
    )
