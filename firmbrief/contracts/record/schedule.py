"""The one schedule: every date of a project that depends on another is worked out here, from
the brief's plan and the record, and nowhere else.

* **Starts and deliveries.** Planned, then moved by the client's late materials (with
  ``terms.late_materials: shift_dates``: by the working days they were late, for the iteration
  that needs them and the ones after it), then set by announced delays and agreed changes, then
  held back by the iteration's gate: it starts once its prepayment is received and, unless the
  terms let iterations overlap, once every iteration before it is accepted and paid in full.
  While a gate stays closed past the start, the iteration and the ones after it move by the
  working days so far; a previous iteration still in review moves the next one past the day its
  review ends.
* **Cancelled work.** Once a cancellation ends an iteration before it was accepted, none of its
  dates after the cancellation is expected any more (one that came before it stays, a missed
  delivery a cause for ending may rest on); an instalment the settlement
  replaced keeps the due date it had (a cause for ending may rest on it), and owes nothing
  (:func:`~.settlement.open_settlement`).
* **Reviews.** The end of the client's review: of the delivery for acceptance made, else of the
  delivery as it stands (today, once that is past), so a moved delivery moves its review.
* **Instalments.** A prepayment is due when its iteration is to start; a balance is due
  ``payment.due_days`` after acceptance (given, or counted by silence on the review's last day),
  and expected that long after the review as it stands, never before it ends; either way by the
  day the next iteration can start at the latest (:func:`~firmbrief.briefs.plan.balance_due`);
  extra rounds and changes are due as agreed; a date fixed in the brief stays. Once an
  instalment is invoiced, it is due when its invoice says (until a credit note cancels the
  invoice). The reminder is the day after a due date
  (:attr:`Instalment.reminder <firmbrief.contracts.record.state.Instalment.reminder>`).

``status`` (text and JSON), ``schedule`` (text, JSON, iCalendar), the gates and the notices all
read these dates; none computes one of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from firmbrief.briefs.dates import format_long
from firmbrief.briefs.money import InstalmentKind
from firmbrief.briefs.plan import balance_due
from firmbrief.briefs.timeline import start_after
from firmbrief.contracts.record.events import Change, Delay, Entry, Materials
from firmbrief.contracts.record.start_rule import conditions
from firmbrief.contracts.record.state import (
    IterationState,
    MaterialState,
    Moved,
    Project,
    problem,
)

__all__ = [
    "balance_due_after",
    "open_iterations",
    "received_on",
    "schedule",
    "set_dues",
    "track_materials",
]


def open_iterations(project: Project) -> None:
    """Each iteration of the plan, at its planned dates."""
    for planned in project.plan.iterations:
        project.iterations.append(
            IterationState(
                number=planned.number,
                name=planned.name,
                planned_start=planned.start,
                planned_delivery=planned.delivery,
                start=planned.start,
                delivery=planned.delivery,
                review_days=planned.review_days,
                drafts=planned.drafts,
                rounds_included=planned.revision_rounds,
            )
        )


def track_materials(project: Project, entries: list[Entry]) -> None:
    calendar = project.plan.calendar
    received: dict[int, date] = {}
    for entry in entries:
        if isinstance(entry.event, Materials):
            for number in entry.event.materials:
                if number > len(project.plan.materials):
                    problem(project, entry, f"the brief has no material {number}")
                received.setdefault(number, entry.event.date)
    worked = {it.number for it in project.iterations if it.deliveries or it.accepted}
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


@dataclass(frozen=True, slots=True)
class _Set:
    """A date set by an announced delay or an agreed change."""

    day: date
    on: date  # the day it was set
    why: str
    cause: str


@dataclass(frozen=True, slots=True)
class _Wait:
    """One condition of an iteration's gate: the day it was met (or is expected, or holds so
    far: today while the project runs, else never), whether it was met, and why it holds the
    start back."""

    day: date
    met: bool
    cause: str  # signed, prepayment, previous, overdue
    text: str  # why it holds the start back; {days}: by how many working days
    money: bool = True  # a payment (not the signing, nor the one before in review)
    after: bool = False  # the one before accepted: the start comes after its day, not on it


def schedule(project: Project, entries: list[Entry], *, payments: bool) -> None:
    """Set every iteration's start, delivery and review, and every instalment's due date.

    Without ``payments`` (the first pass, before payments are booked), every payment counts as
    made on time: the due dates this gives are the order in which payments are booked."""
    calendar = project.plan.calendar
    shift_by_materials = project.brief.terms.late_materials == "shift_dates"
    explicit = _explicit_dates(project, entries)
    project.moved = []
    carry, causes = 0, list[tuple[str, str]]()
    for it, planned in zip(project.iterations, project.plan.iterations, strict=True):
        late = [m for m in project.materials if m.iteration == it.number and m.late]
        if shift_by_materials and late:
            worst = max(late, key=lambda m: m.late)
            if worst.late > carry:
                still = "" if worst.received else ", still missing"
                carry = worst.late
                causes = [("materials", f'"{worst.name}" {worst.late} working day(s) late{still}')]
        mine = list(causes)
        start = calendar.add_working_days(planned.start, carry) if planned.start else None
        delivery = calendar.add_working_days(planned.delivery, carry) if planned.delivery else None
        set_ = explicit.get(it.number, {})
        for name, found in set_.items():
            mine.append((found.cause, found.why))
            if name == "start":
                start = found.day
            else:
                delivery = found.day
        waits = _waits(project, it, start, payments=payments)
        met = payments and bool(waits) and all(w.met for w in waits)
        it.gate = max(w.day for w in waits) if met else None
        # First what is no payment's doing (the one before still in review): the prepayment
        # is due when the iteration can start; then the payments, which leave it due then.
        for money in (False, True):
            held = [
                (day, w) for w in waits if w.money is money and (day := _held_to(project, w, start))
            ]
            if start and held:
                new, holding = max(held, key=lambda pair: pair[0])
                own = calendar.working_days(start + timedelta(days=1), new)
                text = holding.text.format(days=own)
                carry += own
                causes = [*causes, (holding.cause, text)]
                mine.append((holding.cause, text))
                start = new
                kept = set_.get("delivery")
                if delivery and (kept is None or kept.on < holding.day):
                    delivery = calendar.add_working_days(delivery, own)
            if not money:
                it.prepayment_due = start
        cancelled = project.cancelled if project.cancelled_work(it) else None
        ended = cancelled.date if cancelled is not None else None
        if ended is not None:  # nothing of cancelled work is expected after the cancellation
            start = start if start and start <= ended else None
            delivery = delivery if delivery and delivery <= ended else None
        it.start, it.delivery = start, delivery
        for name, before, now in (
            ("start", planned.start, start),
            ("delivery", planned.delivery, delivery),
        ):
            if before and now and before != now:
                why = "; ".join(dict.fromkeys(text for _, text in mine))
                kinds = tuple(dict.fromkeys(kind for kind, _ in mine))
                what = f"iteration {it.number} {name}"
                project.moved.append(Moved(what, before, now, why, kinds))
        it.review_until = _review_until(project, it)
        if ended is not None and it.review_until and it.review_until > ended:
            it.review_until = None
    set_dues(project)


def _held_to(project: Project, wait: _Wait, start: date | None) -> date | None:
    """The day ``wait`` holds a start on ``start`` back to (``None``: it does not): the one
    before accepted, the rule :func:`~firmbrief.briefs.timeline.start_after` that ``check``
    applies to the plan; a payment or the signing, the day it came (or the next working day)."""
    if start is None:
        return None
    if wait.after:
        return start_after(project.plan.calendar, wait.day, start)
    return _on_or_after(project, wait.day) if wait.day > start else None


def _on_or_after(project: Project, day: date) -> date:
    """``day``, or the first working day after it."""
    calendar = project.plan.calendar
    return day if calendar.is_working_day(day) else calendar.add_working_days(day, 1)


def _explicit_dates(project: Project, entries: list[Entry]) -> dict[int, dict[str, _Set]]:
    """The dates announced delays and agreed changes set, by iteration: the latest of each."""
    found: dict[int, dict[str, _Set]] = {}
    for entry in entries:
        event = entry.event
        if not isinstance(event, Delay | Change) or not event.iteration:
            continue
        if project.iteration(event.iteration) is None:
            problem(project, entry, f"the brief has no iteration {event.iteration}")
            continue
        if isinstance(event, Delay):
            why, cause = f"delay announced on {format_long(event.date)}: {event.reason}", "delay"
        else:
            why, cause = f"change agreed on {format_long(event.date)}", "change"
        for name in ("start", "delivery"):
            day = getattr(event, name, None)
            if day is not None:
                found.setdefault(event.iteration, {})[name] = _Set(day, event.date, why, cause)
    return found


def _waits(
    project: Project, it: IterationState, start: date | None, *, payments: bool
) -> list[_Wait]:
    """What iteration ``it`` waits for before it may start, each with its day: the conditions
    of :func:`~firmbrief.contracts.record.start_rule.conditions`.

    A condition not met yet holds so far (today) while the project runs and the iteration has
    not begun; a previous iteration not accepted yet is expected at the end of its review.
    Once the iteration has begun, nothing met after its first delivery held it back."""
    if not project.signed:
        return []
    so_far = project.today if project.cancelled is None and not it.deliveries else None
    waits = []
    for c in conditions(project, it, start, payments=payments):
        day = c.met or (c.expected if c.after else so_far) or date.min
        cause = "previous" if c.cause in {"accepted", "paid"} else c.cause
        waits.append(_Wait(day, c.met is not None, cause, c.text, money=c.money, after=c.after))
    if it.deliveries:
        waits = [w for w in waits if w.day <= it.deliveries[0].day]
    return waits


def _review_until(project: Project, it: IterationState) -> date | None:
    """The last day of the client's review: of the delivery for acceptance made, else of the
    delivery as it stands (today, while an iteration still running is past its date)."""
    final = [d for d in it.deliveries if d.draft is None]
    if it.accepted_on:
        return final[-1].review_until if final else it.accepted_on
    pending = it.pending
    if pending is not None and pending.draft is None:
        return pending.review_until
    if it.delivery is None:
        return None
    expected = it.delivery
    if project.signed and project.cancelled is None:
        expected = max(expected, project.today)
    return project.plan.calendar.add_working_days(expected, it.review_days)


def set_dues(project: Project) -> None:
    """Every instalment's due date, from the dates as they stand. A balance follows the plan's
    rule (:func:`~firmbrief.briefs.plan.balance_due`): ``due_days`` after acceptance, and by the
    day the next iteration can start at the latest (its start as the dates stand, before any
    payment holds it back). A due date on a weekend or a holiday is met by a payment on the
    next working day."""
    _set_dues(project)
    for instalment in project.instalments:
        due = instalment.due
        instalment.on_time_until = _on_or_after(project, due) if due else None


def _set_dues(project: Project) -> None:
    for instalment in project.instalments:
        if instalment.invoice is not None:  # invoiced: due when its invoice says
            instalment.due, instalment.due_firm = instalment.invoice.due, True
            continue
        if instalment.fixed_due is not None:
            instalment.due, instalment.due_firm = instalment.fixed_due, True
            continue
        it = project.iteration(instalment.iteration or 0)
        if it is None:
            continue
        if instalment.kind is InstalmentKind.prepayment:
            instalment.due, instalment.due_firm = it.prepayment_due, True
        elif it.accepted_on:
            instalment.due = balance_due_after(project, it, it.accepted_on)
            instalment.due_firm = True
        else:  # expected once accepted: at the latest, silence after the reminder's days
            accepted = it.answer_by or it.review_until
            expected = balance_due_after(project, it, accepted) if accepted else None
            instalment.due, instalment.due_firm = expected, False


def balance_due_after(project: Project, it: IterationState, accepted: date) -> date:
    """When iteration ``it``'s balance is due if it is accepted on ``accepted``: the plan's rule
    (:func:`~firmbrief.briefs.plan.balance_due`), capped by the day the next iteration can start
    as the dates stand (unless iterations may overlap)."""
    following = project.iteration(it.number + 1)
    cap = following.prepayment_due if following and not project.overlap else None
    return balance_due(accepted, project.brief.payment.due_days, cap)


def received_on(project: Project, sent: date) -> date:
    """The day a notice sent by email on ``sent`` counts as received, as the terms'
    communication clause says: the next working day."""
    return project.plan.calendar.add_working_days(sent, 1)
