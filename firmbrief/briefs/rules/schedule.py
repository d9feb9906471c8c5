"""The schedule: iterations in order, long enough for their drafts, rounds and effort; materials due
before the work that needs them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Final

from firmbrief.briefs.fields import Loc
from firmbrief.briefs.legal import withdrawal_ends
from firmbrief.briefs.plan import plan_of
from firmbrief.briefs.report import Finding
from firmbrief.briefs.rules import Context, error, warning
from firmbrief.briefs.schema import Brief, Iteration
from firmbrief.briefs.timeline import IterationTimeline, settled_by, start_after, timeline_of

__all__ = [
    "MIN_REVIEW_DAYS",
    "check_iterations",
    "check_materials",
    "check_schedule",
    "days_needed",
    "iteration_hours",
]


MIN_REVIEW_DAYS: Final = 2


def days_needed(drafts: int, rounds: int, review_days: int) -> int:
    """Working days an iteration needs at the least for its drafts and revision rounds.

    Each draft needs two working days of work; after every draft but the last and after each
    revision round the client takes its review period, and each round one day to revise.
    """
    return 2 * drafts + (max(drafts - 1, 0) + rounds) * review_days + rounds


def check_iterations(ctx: Context) -> Iterator[Finding]:
    brief = ctx.brief
    if not brief.iterations:
        yield error(
            "no-iterations",
            ("iterations",),
            "no iterations: plan the work in stages with start and delivery dates",
        )
    known = {d.id for d in brief.deliverables if d.id}
    for index, it in enumerate(brief.iterations):
        loc: Loc = ("iterations", index)
        if not it.name:
            yield error("no-name", (*loc, "name"), "no name: call this stage something")
        if not it.deliverables:
            yield error(
                "no-deliverables", (*loc, "deliverables"), "say which deliverables it covers"
            )
        for d_index, ident in enumerate(it.deliverables):
            if ident not in known:
                yield error(
                    "unknown-deliverable",
                    (*loc, "deliverables", d_index),
                    f'no deliverable has the id "{ident}"',
                )
        for name in ("start", "delivery"):
            if getattr(it, name) is None:
                yield error("no-date", (*loc, name), f"no {name} date: write a calendar day")
        if it.drafts is None or it.drafts == 0:
            yield error(
                "no-drafts", (*loc, "drafts"), "say how many drafts it includes (at least 1)"
            )
        if it.revision_rounds is None:
            yield error(
                "no-revision-rounds",
                (*loc, "revision_rounds"),
                "say how many revision rounds are included (0 if none)",
            )
        if it.review_days is None:
            yield error(
                "no-review-period",
                (*loc, "review_days"),
                "say how many working days the client has to review a delivery",
            )
        elif it.review_days < MIN_REVIEW_DAYS:
            yield warning(
                "short-review",
                (*loc, "review_days"),
                f"{it.review_days} working day(s) for the client's review is short: "
                f"{MIN_REVIEW_DAYS} or more is usual",
            )
        if it.price is None or it.price == 0:
            yield error("no-price", (*loc, "price"), "no price: every iteration is paid")
        yield from _iteration_span(ctx, index, it)


def _iteration_span(ctx: Context, index: int, it: Iteration) -> Iterator[Finding]:
    loc: Loc = ("iterations", index)
    start, delivery = ctx.date(*loc, "start"), ctx.date(*loc, "delivery")
    if start is None or delivery is None:
        return
    if delivery <= start:
        yield error(
            "delivery-before-start",
            (*loc, "delivery"),
            f"delivery {delivery.isoformat()} is not after the start {start.isoformat()}",
        )
        return
    available = ctx.calendar.working_days(start, delivery)
    if it.drafts and it.revision_rounds is not None:
        needed = days_needed(it.drafts, it.revision_rounds, it.review_days or MIN_REVIEW_DAYS)
        if available < needed:
            yield warning(
                "tight-iteration",
                (*loc, "delivery"),
                f"{available} working days for {it.drafts} draft(s) and {it.revision_rounds} "
                f"revision round(s) with {it.review_days or MIN_REVIEW_DAYS}-day reviews: "
                f"about {needed} are needed; move the delivery or include fewer rounds",
            )
    hours = iteration_hours(ctx.brief, index)
    capacity = ctx.brief.capacity_hours_per_week
    if hours and capacity:
        can_do = capacity / 5 * available
        if hours > can_do:
            yield warning(
                "over-capacity",
                (*loc, "delivery"),
                f"{hours:g} estimated hours, but {available} working days at "
                f"{capacity:g} hours a week give {can_do:.0f}",
            )


def iteration_hours(brief: Brief, index: int) -> Decimal | None:
    """An iteration's effort in hours (``index`` from 0): its own estimate, or its share of
    its deliverables' hours. The capacity rule and the project's status both count this way."""
    it = brief.iterations[index]
    if it.hours is not None:
        return it.hours
    shares = [
        d.hours / sum(1 for other in brief.iterations if d.id in other.deliverables)
        for d in brief.deliverables
        if d.hours is not None and d.id in it.deliverables
    ]
    return sum(shares, Decimal(0)) if shares else None


def _within_withdrawal(ctx: Context) -> Iterator[Finding]:
    """A consumer's work starts after the withdrawal period, unless they expressly ask: signed
    today, an iteration planned to start within it starts later (the record moves it)."""
    ends = withdrawal_ends(ctx.brief, ctx.today)
    start = ctx.date("iterations", 0, "start") if ctx.brief.iterations else None
    if ends is None or start is None:
        return
    if later := start_after(ctx.calendar, ends, start):
        yield warning(
            "within-withdrawal",
            ("iterations", 0, "start"),
            f"starts {start.isoformat()}, within the client's withdrawal period if signed "
            f"today (until {ends.isoformat()}): without their express request, work starts "
            f"{later.isoformat()} and every date after it moves; start then, or have the "
            "request ticked in the terms",
        )


def check_schedule(ctx: Context) -> Iterator[Finding]:
    """Iterations in order, without overlap; each after the one before can be accepted and paid
    with every included revision round used, since an iteration starts only once every iteration
    before it is accepted and paid in full (a balance is due by the next start at the latest,
    :func:`~firmbrief.briefs.plan.balance_due`). With ``terms.iterations: may_overlap`` an
    iteration may start before the one before it is delivered."""
    overlap = ctx.brief.terms.iterations == "may_overlap"
    timelines = timeline_of(plan_of(ctx.brief))
    previous: tuple[int, date, date] | None = None
    for index in range(len(ctx.brief.iterations)):
        start = ctx.date("iterations", index, "start")
        delivery = ctx.date("iterations", index, "delivery")
        if start is None or delivery is None or delivery <= start:
            continue
        if previous:
            p_index, p_start, p_delivery = previous
            loc: Loc = ("iterations", index, "start")
            if start < p_start:
                yield error(
                    "iteration-order",
                    loc,
                    f"starts {start.isoformat()}, before iteration {p_index + 1} "
                    f"({p_start.isoformat()}): list iterations in the order they happen",
                )
            elif overlap:
                pass  # the terms let an iteration start before the one before it is done
            elif start < p_delivery:
                yield error(
                    "iteration-overlap",
                    loc,
                    f"starts {start.isoformat()}, before iteration {p_index + 1} is delivered "
                    f"({p_delivery.isoformat()}): iterations must not overlap",
                )
            else:
                yield from _after_acceptance(ctx, timelines[p_index], start, loc)
        previous = (index, start, delivery)
    if not overlap:
        yield from _instalments_in_time(ctx)
    yield from _within_withdrawal(ctx)


def _after_acceptance(
    ctx: Context, before: IterationTimeline, start: date, loc: Loc
) -> Iterator[Finding]:
    """An iteration starts after the one before can be accepted, its included rounds used."""
    settled = settled_by(before)
    earliest = start_after(ctx.calendar, settled, start) if settled else None
    if settled is None or earliest is None:
        return
    number, rounds = before.number, len(before.rounds)
    review = before.steps[-1].answer_by
    assert review is not None
    used = (
        f" and its {rounds} included revision round(s) run until {settled.isoformat()}"
        if rounds
        else ""
    )
    # The latest delivery that leaves room: the same working days before this start.
    span = ctx.calendar.working_days(before.steps[-1].day or settled, settled)
    deliver_by = ctx.calendar.add_working_days(start, -span)
    earlier = (
        f", deliver iteration {number} by {deliver_by.isoformat()}"
        if before.start is None or deliver_by > before.start
        else ""
    )
    fewer = f", include fewer revision rounds in iteration {number}" if rounds else ""
    yield error(
        "starts-before-acceptance",
        loc,
        f"starts {start.isoformat()}, before iteration {number} can be accepted and paid (its "
        f"review ends {review.isoformat()}{used}): an iteration starts only once the one before "
        f"it is accepted and paid in full. Move this start to "
        f"{earliest.isoformat()} or later{earlier}{fewer}, or "
        "let iterations overlap "
        "(terms.iterations: may_overlap)",
    )


def _instalments_in_time(ctx: Context) -> Iterator[Finding]:
    """A due date fixed in ``payment.instalments`` keeps the gates: a prepayment is due by its
    iteration's start, a balance by the next iteration's start."""
    for index, item in enumerate(ctx.brief.payment.instalments or []):
        due = ctx.date("payment", "instalments", index, "due")
        if due is None or not item.iteration:
            continue
        number = item.iteration + (0 if item.kind == "prepayment" else 1)
        start = ctx.date("iterations", number - 1, "start") if number <= len(
            ctx.brief.iterations
        ) else None  # fmt: skip
        if start is not None and due > start:
            yield error(
                "instalment-after-start",
                ("payment", "instalments", index, "due"),
                f"due {due.isoformat()}, after iteration {number} starts on "
                f"{start.isoformat()}: iteration {number} starts only once it is paid. Make it "
                f"due by {start.isoformat()}, or move iteration {number}'s start",
            )


def check_materials(ctx: Context) -> Iterator[Finding]:
    iterations = ctx.brief.iterations
    for index, item in enumerate(ctx.brief.materials):
        loc: Loc = ("materials", index)
        if not item.name:
            yield error("no-name", (*loc, "name"), "say which material the client supplies")
        if item.due is None:
            yield error("no-date", (*loc, "due"), "no due date: when will the client supply it?")
        number = item.iteration or 1
        if number > len(iterations):
            if iterations:
                yield error(
                    "unknown-iteration",
                    (*loc, "iteration"),
                    f"there is no iteration {number} (there are {len(iterations)})",
                )
            continue
        due = ctx.date(*loc, "due")
        starts = ctx.date("iterations", number - 1, "start")
        if due and starts and due > starts:
            by = ctx.calendar.add_working_days(starts, -1)
            yield error(
                "materials-late",
                (*loc, "due"),
                f"due {due.isoformat()}, after iteration {number} starts on "
                f"{starts.isoformat()}: ask for it by {by.isoformat()}",
            )
