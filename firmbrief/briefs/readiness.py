"""Is the project ready to start? Every rule ``firmbrief check`` applies, in one place.

Each rule is a function that takes the :class:`Context` and yields findings. Errors block the
start of work; warnings are worth a word with the client but do not block. Every rule runs, so
every problem is listed at once.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Final

from firmbrief.briefs.dates import parse_firm_date
from firmbrief.briefs.files import read_data
from firmbrief.briefs.loading import Parsed, parse_brief
from firmbrief.briefs.money import (
    Pricing,
    is_currency,
    is_exact,
    planned_instalments,
    pricing_of,
    split_price,
)
from firmbrief.briefs.report import Finding, Report
from firmbrief.briefs.schema import Brief, Iteration, Loc, date_fields
from firmbrief.briefs.volume import UncountedVolume, parse_volume
from firmbrief.briefs.workdays import WorkCalendar
from firmbrief.errors import VagueDate

__all__ = ["Context", "assess", "check_file", "days_needed", "iteration_hours"]

MIN_REVIEW_DAYS: Final = 2


@dataclass
class Context:
    """What the rules look at: the brief, today, its dates read, the freelancer's calendar."""

    brief: Brief
    today: date
    dates: dict[Loc, date] = field(default_factory=dict)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)

    @property
    def pricing(self) -> Pricing:
        return pricing_of(self.brief)

    def date(self, *loc: str | int) -> date | None:
        return self.dates.get(loc)


Rule = Callable[[Context], Iterator[Finding]]


def _error(code: str, loc: Loc, message: str) -> Finding:
    return Finding("error", code, loc, message)


def _warning(code: str, loc: Loc, message: str) -> Finding:
    return Finding("warning", code, loc, message)


def check_file(path: Path, *, today: date) -> Report:
    """Read ``path`` and assess it; :class:`~firmbrief.errors.BriefUnreadable` if unusable."""
    return assess(parse_brief(read_data(path)), file=str(path), today=today)


def assess(parsed: Parsed | Brief, *, file: str, today: date) -> Report:
    """Apply every rule; a problem with a value set aside by the schema is not repeated."""
    if isinstance(parsed, Brief):
        parsed = Parsed(brief=parsed)
    report = Report(file=file, findings=list(parsed.findings))
    brief = parsed.brief
    if brief is None:
        return report
    context = Context(
        brief=brief,
        today=today,
        calendar=WorkCalendar(brief.freelancer.country, brief.freelancer.region),
    )
    for rule in RULES:
        for finding in rule(context):
            if not parsed.concerns_set_aside(finding.loc):
                report.findings.append(finding)
    return report


# --- dates ----------------------------------------------------------------------------------


def _dates(ctx: Context) -> Iterator[Finding]:
    """Every date is firm, and not in the past; weekends and holidays are worth a warning."""
    for loc, text in date_fields(ctx.brief):
        try:
            day = parse_firm_date(text, order=ctx.brief.date_order)
        except VagueDate as vague:
            yield _error(f"date-{vague.kind}", loc, vague.message)
            continue
        ctx.dates[loc] = day
        if day < ctx.today:
            yield _error(
                "date-in-past",
                loc,
                f"{day.isoformat()} is in the past (today is {ctx.today.isoformat()}): "
                "agree a new date",
            )
        elif day.weekday() >= 5:
            yield _warning(
                "weekend", loc, f"{day.isoformat()} is a {calendar.day_name[day.weekday()]}"
            )
        elif holiday := ctx.calendar.holiday(day):
            yield _warning(
                "holiday",
                loc,
                f"{day.isoformat()} is a public holiday in {ctx.calendar.country} ({holiday})",
            )
    if ctx.calendar.problem:
        yield _warning(
            "no-holiday-calendar",
            ("freelancer", "country"),
            f"{ctx.calendar.problem}: weekends are checked, public holidays are not",
        )


# --- parties and goals ----------------------------------------------------------------------


def _parties(ctx: Context) -> Iterator[Finding]:
    brief = ctx.brief
    if not brief.title:
        yield _error("no-title", ("title",), "no project title: give the project a short name")
    if not brief.freelancer.name:
        yield _error(
            "no-freelancer", ("freelancer", "name"), "no name for the freelancer who signs"
        )
    if not (brief.client.company or brief.client.name):
        yield _error(
            "no-client", ("client",), "say who the client is: client.company or client.name"
        )
    approver = brief.client.approver
    if approver is None or not approver.name:
        yield _error(
            "no-approver",
            ("client", "approver", "name"),
            "no named approver: name the one person whose yes is final for each delivery",
        )
    elif not approver.email and not brief.client.email:
        yield _warning(
            "no-approver-email",
            ("client", "approver", "email"),
            "no email for the approver: decisions should be in writing",
        )
    if brief.client.also_agree is None:
        yield _warning(
            "who-else-agrees",
            ("client", "also_agree"),
            'say who else must agree besides the approver (names or roles, or "none")',
        )
    if brief.rules is None:
        yield _warning(
            "no-rules",
            ("rules",),
            'say which rules the work must follow (brand book, legal review...), or "none"',
        )


def _goals(ctx: Context) -> Iterator[Finding]:
    if not ctx.brief.goals:
        yield _error(
            "no-goals",
            ("goals",),
            "no goals: write what the project must achieve, one sentence each",
        )
    if not ctx.brief.emphasis:
        yield _warning(
            "no-emphasis", ("emphasis",), "say what the work should emphasise when choices come up"
        )
    if not ctx.brief.audience:
        yield _warning("no-audience", ("audience",), "say who the work is for")


# --- deliverables ---------------------------------------------------------------------------


def _deliverables(ctx: Context) -> Iterator[Finding]:
    brief = ctx.brief
    if not brief.deliverables:
        yield _error(
            "no-deliverables", ("deliverables",), "no deliverables: list what will be delivered"
        )
    scheduled = {d for it in brief.iterations for d in it.deliverables}
    seen: set[str] = set()
    for index, item in enumerate(brief.deliverables):
        loc: Loc = ("deliverables", index)
        if not item.id:
            yield _error("no-id", (*loc, "id"), "no id: give it a short id such as logo")
        elif item.id in seen:
            yield _error("duplicate-id", (*loc, "id"), f'the id "{item.id}" is used twice')
        else:
            seen.add(item.id)
            if item.id not in scheduled and brief.iterations:
                yield _error(
                    "unscheduled",
                    (*loc, "id"),
                    f'"{item.id}" is in no iteration: add it to an iteration\'s deliverables',
                )
        if not item.name:
            yield _error("no-name", (*loc, "name"), "no name: say what is delivered")
        if not item.volume:
            yield _error(
                "no-volume",
                (*loc, "volume"),
                "no counted volume: write a number and a unit, e.g. 12 pages",
            )
        else:
            try:
                parse_volume(item.volume)
            except UncountedVolume as uncounted:
                yield _error("uncounted-volume", (*loc, "volume"), str(uncounted))
        if not item.acceptance:
            yield _error(
                "no-acceptance",
                (*loc, "acceptance"),
                "no acceptance criteria: write one to a few checkable statements the client "
                'will judge it by, e.g. "the logo reads at 16 px"',
            )
        if not item.formats:
            yield _warning("no-formats", (*loc, "formats"), "say in which formats it is delivered")


# --- iterations and schedule ----------------------------------------------------------------


def days_needed(drafts: int, rounds: int, review_days: int) -> int:
    """Working days an iteration needs at the least for its drafts and revision rounds.

    Each draft needs two working days of work; after every draft but the last and after each
    revision round the client takes its review period, and each round one day to revise.
    """
    return 2 * drafts + (max(drafts - 1, 0) + rounds) * review_days + rounds


def _iterations(ctx: Context) -> Iterator[Finding]:
    brief = ctx.brief
    if not brief.iterations:
        yield _error(
            "no-iterations",
            ("iterations",),
            "no iterations: plan the work in stages with start and delivery dates",
        )
    known = {d.id for d in brief.deliverables if d.id}
    for index, it in enumerate(brief.iterations):
        loc: Loc = ("iterations", index)
        if not it.name:
            yield _error("no-name", (*loc, "name"), "no name: call this stage something")
        if not it.deliverables:
            yield _error(
                "no-deliverables", (*loc, "deliverables"), "say which deliverables it covers"
            )
        for d_index, ident in enumerate(it.deliverables):
            if ident not in known:
                yield _error(
                    "unknown-deliverable",
                    (*loc, "deliverables", d_index),
                    f'no deliverable has the id "{ident}"',
                )
        for name in ("start", "delivery"):
            if getattr(it, name) is None:
                yield _error("no-date", (*loc, name), f"no {name} date: write a calendar day")
        if it.drafts is None or it.drafts == 0:
            yield _error(
                "no-drafts", (*loc, "drafts"), "say how many drafts it includes (at least 1)"
            )
        if it.revision_rounds is None:
            yield _error(
                "no-revision-rounds",
                (*loc, "revision_rounds"),
                "say how many revision rounds are included (0 if none)",
            )
        if it.review_days is None:
            yield _error(
                "no-review-period",
                (*loc, "review_days"),
                "say how many working days the client has to review a delivery",
            )
        elif it.review_days < MIN_REVIEW_DAYS:
            yield _warning(
                "short-review",
                (*loc, "review_days"),
                f"{it.review_days} working day(s) for the client's review is short: "
                f"{MIN_REVIEW_DAYS} or more is usual",
            )
        if it.price is None or it.price == 0:
            yield _error("no-price", (*loc, "price"), "no price: every iteration is paid")
        yield from _iteration_span(ctx, index, it)


def _iteration_span(ctx: Context, index: int, it: Iteration) -> Iterator[Finding]:
    loc: Loc = ("iterations", index)
    start, delivery = ctx.date(*loc, "start"), ctx.date(*loc, "delivery")
    if start is None or delivery is None:
        return
    if delivery <= start:
        yield _error(
            "delivery-before-start",
            (*loc, "delivery"),
            f"delivery {delivery.isoformat()} is not after the start {start.isoformat()}",
        )
        return
    available = ctx.calendar.working_days(start, delivery)
    if it.drafts and it.revision_rounds is not None:
        needed = days_needed(it.drafts, it.revision_rounds, it.review_days or MIN_REVIEW_DAYS)
        if available < needed:
            yield _warning(
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
            yield _warning(
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


def _schedule(ctx: Context) -> Iterator[Finding]:
    """Iterations in order, without overlap; each after the previous one's review."""
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
                yield _error(
                    "iteration-order",
                    loc,
                    f"starts {start.isoformat()}, before iteration {p_index + 1} "
                    f"({p_start.isoformat()}): list iterations in the order they happen",
                )
            elif start < p_delivery:
                yield _error(
                    "iteration-overlap",
                    loc,
                    f"starts {start.isoformat()}, before iteration {p_index + 1} is delivered "
                    f"({p_delivery.isoformat()}): iterations must not overlap",
                )
            else:
                review = ctx.brief.iterations[p_index].review_days or 0
                accepted_by = ctx.calendar.add_working_days(p_delivery, review)
                if start <= accepted_by and review:
                    yield _warning(
                        "starts-before-acceptance",
                        loc,
                        f"starts before iteration {p_index + 1}'s review ends "
                        f"({accepted_by.isoformat()}): its prepayment may not be in yet",
                    )
        previous = (index, start, delivery)


def _materials(ctx: Context) -> Iterator[Finding]:
    iterations = ctx.brief.iterations
    for index, item in enumerate(ctx.brief.materials):
        loc: Loc = ("materials", index)
        if not item.name:
            yield _error("no-name", (*loc, "name"), "say which material the client supplies")
        if item.due is None:
            yield _error("no-date", (*loc, "due"), "no due date: when will the client supply it?")
        number = item.iteration or 1
        if number > len(iterations):
            if iterations:
                yield _error(
                    "unknown-iteration",
                    (*loc, "iteration"),
                    f"there is no iteration {number} (there are {len(iterations)})",
                )
            continue
        due = ctx.date(*loc, "due")
        starts = ctx.date("iterations", number - 1, "start")
        if due and starts and due > starts:
            by = ctx.calendar.add_working_days(starts, -1)
            yield _error(
                "materials-late",
                (*loc, "due"),
                f"due {due.isoformat()}, after iteration {number} starts on "
                f"{starts.isoformat()}: ask for it by {by.isoformat()}",
            )


# --- money ----------------------------------------------------------------------------------


def _money(ctx: Context) -> Iterator[Finding]:
    brief = ctx.brief
    currency = brief.currency
    if not currency:
        yield _error("no-currency", ("currency",), "no currency: e.g. currency: EUR")
    elif not is_currency(currency):
        yield _error("unknown-currency", ("currency",), f'"{currency}" is not an ISO 4217 currency')
    pricing = ctx.pricing
    for loc, amount in _amounts(brief):
        if not is_exact(amount, pricing.digits):
            yield _error(
                "precision",
                loc,
                f"{amount} is more precise than {currency or 'the currency'} allows "
                f"({pricing.digits} decimal places)",
            )
    prices = [it.price for it in brief.iterations]
    if brief.total is None:
        yield _error("no-total", ("total",), "no total: write the sum of the iterations' prices")
    elif all(p is not None for p in prices) and prices:
        added = sum((p for p in prices if p is not None), Decimal(0))
        if added != brief.total:
            yield _error(
                "total-mismatch",
                ("total",),
                f"the iterations' prices add up to {pricing.plain(added)}, "
                f"not {pricing.plain(brief.total)}: correct the total or a price",
            )
    if brief.payment.prepayment_percent == 0:
        yield _error(
            "no-prepayment",
            ("payment", "prepayment_percent"),
            "0% before work starts: ask for a prepayment (50% is usual)",
        )
    if brief.payment.extra_round_price is None:
        yield _warning(
            "no-extra-round-price",
            ("payment", "extra_round_price"),
            "no price for an extra revision round: rounds beyond those included would be free",
        )
    yield from _tax(ctx)


def _amounts(brief: Brief) -> Iterator[tuple[Loc, Decimal]]:
    for index, it in enumerate(brief.iterations):
        if it.price is not None:
            yield ("iterations", index, "price"), it.price
    for name in ("total",):
        if brief.total is not None:
            yield (name,), brief.total
    if brief.payment.extra_round_price is not None:
        yield ("payment", "extra_round_price"), brief.payment.extra_round_price
    if brief.test_task and brief.test_task.price is not None:
        yield ("test_task", "price"), brief.test_task.price
    for index, item in enumerate(brief.payment.instalments or []):
        for part in ("net", "tax", "gross"):
            if (value := getattr(item, part)) is not None:
                yield ("payment", "instalments", index, part), value


def _tax(ctx: Context) -> Iterator[Finding]:
    tax = ctx.brief.tax
    if tax is None:
        yield _error(
            "no-tax",
            ("tax",),
            "say how tax applies: tax.prices (net or gross) and tax.rate, or tax.exemption",
        )
        return
    if tax.exemption == "none":
        if tax.rate is None:
            yield _error(
                "no-tax-rate",
                ("tax", "rate"),
                "no tax rate: write it (e.g. 19), or name the exemption (tax.exemption)",
            )
    elif tax.rate:
        yield _error(
            "exempt-with-rate",
            ("tax", "rate"),
            f"tax.exemption is {tax.exemption}, so the rate must be 0",
        )
    elif not tax.note:
        yield _warning(
            "no-tax-note",
            ("tax", "note"),
            f"write the note your documents must carry for the {tax.exemption} exemption",
        )


def _instalments(ctx: Context) -> Iterator[Finding]:
    """A spelled-out payment schedule must add up: per instalment, per iteration, in total."""
    brief = ctx.brief
    if brief.payment.instalments is None:
        return
    pricing = ctx.pricing
    rate, gross_prices = pricing.rate, pricing.gross_prices
    step = Decimal(1).scaleb(-pricing.digits)  # one minor unit: a balance's tax may differ by it
    per_iteration: dict[int, Decimal] = {}
    prepaid: set[int] = set()
    for index, (item, planned) in enumerate(
        zip(brief.payment.instalments, planned_instalments(brief), strict=True)
    ):
        loc: Loc = ("payment", "instalments", index)
        if item.iteration is None or item.iteration > len(brief.iterations):
            yield _error(
                "unknown-iteration",
                (*loc, "iteration"),
                f"say which iteration (1 to {len(brief.iterations)}) this instalment pays for",
            )
        if item.kind is None:
            yield _error("no-kind", (*loc, "kind"), "say whether it is a prepayment or a balance")
        if None in (item.net, item.tax, item.gross):
            yield _error("no-amounts", loc, "give the instalment's net, tax and gross amounts")
            continue
        amounts = planned.amounts
        if amounts.net + amounts.tax != amounts.gross:
            yield _error(
                "instalment-sum",
                (*loc, "gross"),
                f"net {amounts.net} + tax {amounts.tax} is {amounts.net + amounts.tax}, "
                f"not {amounts.gross}",
            )
        expected_tax = split_price(
            amounts.net, gross_prices=False, rate=rate, digits=pricing.digits
        ).tax
        if abs(amounts.tax - expected_tax) > step:
            yield _error(
                "instalment-tax",
                (*loc, "tax"),
                f"tax {amounts.tax} is not {rate:g}% of {amounts.net} ({expected_tax})",
            )
        if item.iteration:
            basis = amounts.gross if gross_prices else amounts.net
            per_iteration[item.iteration] = per_iteration.get(item.iteration, Decimal(0)) + basis
            if item.kind == "prepayment" and basis > 0:
                prepaid.add(item.iteration)
    for number, it in enumerate(brief.iterations, start=1):
        loc = ("payment", "instalments")
        paid = per_iteration.get(number, Decimal(0))
        if it.price is not None and paid != it.price:
            yield _error(
                "payments-mismatch",
                loc,
                f"the instalments for iteration {number} add up to {paid}, not its price "
                f"{it.price}",
            )
        if number not in prepaid:
            yield _error(
                "no-prepayment", loc, f"iteration {number} has no prepayment before it starts"
            )


# --- terms ----------------------------------------------------------------------------------


def _terms(ctx: Context) -> Iterator[Finding]:
    brief = ctx.brief
    if brief.terms.source_release == "on_delivery":
        yield _error(
            "source-before-payment",
            ("terms", "source_release"),
            "source files would be released before the final payment: use after_final_payment",
        )
    if brief.terms.rights == "licence" and not brief.terms.licence:
        yield _warning(
            "no-licence", ("terms", "licence"), "rights: licence, but the licence is not described"
        )
    task = brief.test_task
    if task is not None and not task.price:
        yield _error(
            "unpaid-test-task",
            ("test_task", "price"),
            "a test task is work: agree its price before doing it",
        )
    if brief.update_interval_days is None:
        yield _warning(
            "no-updates",
            ("update_interval_days",),
            "say how often you report progress to the client (in working days)",
        )


RULES: Final[tuple[Rule, ...]] = (
    _dates,
    _parties,
    _goals,
    _deliverables,
    _iterations,
    _schedule,
    _materials,
    _money,
    _instalments,
    _terms,
)
