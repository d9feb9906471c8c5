"""Drafts, comment windows, revision rounds and reviews as a timeline: one place for the day
counts the terms state and the record applies.

Within an iteration, the work is shown as its drafts; the last draft is the delivery for
acceptance, on the iteration's delivery date. Each earlier draft falls due at an even share of
the working days from the start to the delivery, and the client comments on it in writing
within the iteration's review period (its *comment window*). After the delivery, the client
reviews it within the review period. A revision round is all of the client's feedback gathered
in writing at once, by the end of a review; the freelancer delivers the revised work within
:data:`REDELIVERY_WORKING_DAYS`, and the client reviews it again within the review period. The
dates of the rounds are the latest they can be: each round's feedback arriving on the last day
of the review before it.

Acceptance: a delivery the client does not answer counts as accepted only after a written
reminder (once the review has ended) and :data:`REMINDER_WORKING_DAYS` further working days. A
delivery that misses an acceptance criterion is put right at no charge up to
:data:`FIX_CYCLES` times; after that, a further fix is a revision round (or a change of scope).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from firmbrief.briefs.plan import Plan, PlannedIteration
from firmbrief.briefs.workdays import WorkCalendar

__all__ = [
    "FIX_CYCLES",
    "REDELIVERY_WORKING_DAYS",
    "REMINDER_WORKING_DAYS",
    "IterationTimeline",
    "Round",
    "Step",
    "iteration_timeline",
    "settled_by",
    "start_after",
    "timeline_of",
]

FIX_CYCLES: Final = 2
"""How many times a delivery that misses an acceptance criterion is put right at no charge."""

REMINDER_WORKING_DAYS: Final = 5
"""Working days after a written reminder (sent once the review has ended) before silence counts
as acceptance."""

REDELIVERY_WORKING_DAYS: Final = 5
"""Working days the freelancer has to deliver the revised work after a round's feedback."""

StepKind = Literal["draft", "delivery"]


@dataclass(frozen=True, slots=True)
class Step:
    """A draft shown to the client (or the delivery for acceptance, the last draft), and the
    window for the client's answer."""

    kind: StepKind
    number: int  # the draft's number, from 1
    day: date | None
    offset: int | None  # working days after the start
    answer_by: date | None  # the end of the comment window, or of the review


@dataclass(frozen=True, slots=True)
class Round:
    """A revision round: all feedback in writing at once by ``feedback_by``, the revised work by
    ``redelivery``, reviewed until ``review_until`` (the latest each can be)."""

    number: int
    feedback_by: date | None
    redelivery: date | None
    review_until: date | None


@dataclass(frozen=True, slots=True)
class IterationTimeline:
    number: int
    name: str
    start: date | None
    window_days: int  # the comment window and the review period, in working days
    steps: tuple[Step, ...]
    rounds: tuple[Round, ...]

    @property
    def drafts(self) -> int:
        return len(self.steps)


def iteration_timeline(it: PlannedIteration, calendar: WorkCalendar) -> IterationTimeline:
    """The timeline of one planned iteration."""
    window = it.review_days
    drafts = max(it.drafts, 1)
    span = (
        calendar.working_days(it.start, it.delivery) - 1
        if it.start is not None and it.delivery is not None
        else None
    )
    steps = []
    for number in range(1, drafts):
        offset = round(number * span / drafts) if span is not None else None
        day = (
            calendar.add_working_days(it.start, offset)
            if it.start is not None and offset is not None
            else None
        )
        answer = calendar.add_working_days(day, window) if day else None
        steps.append(Step("draft", number, day, offset, answer))
    steps.append(Step("delivery", drafts, it.delivery, span, it.review_ends))
    rounds = []
    before = it.review_ends
    for number in range(1, it.revision_rounds + 1):
        redelivery = calendar.add_working_days(before, REDELIVERY_WORKING_DAYS) if before else None
        review = calendar.add_working_days(redelivery, window) if redelivery else None
        rounds.append(Round(number, before, redelivery, review))
        before = review
    return IterationTimeline(it.number, it.name, it.start, window, tuple(steps), tuple(rounds))


def settled_by(timeline: IterationTimeline) -> date | None:
    """The last day the client's review can end with every included revision round used: the
    end of the last round's review, else of the delivery's. The next iteration starts after it,
    so a used round moves the acceptance and the balance, never the next start."""
    days = [r.review_until for r in timeline.rounds] or [timeline.steps[-1].answer_by]
    return days[-1]


def start_after(calendar: WorkCalendar, settled: date, start: date) -> date | None:
    """The one rule for a start after the iteration before it: an iteration starts only after
    the day the one before is accepted, or the client's review of it can end (``settled``),
    never on that day. ``None`` when ``start`` keeps the rule; else the earliest day it may
    start, the first working day after ``settled``. ``check`` applies it to the plan, the record
    to the dates as they stand."""
    return None if start > settled else calendar.add_working_days(settled, 1)


def timeline_of(plan: Plan) -> tuple[IterationTimeline, ...]:
    """The timeline of every iteration of ``plan``."""
    return tuple(iteration_timeline(it, plan.calendar) for it in plan.iterations)
