"""Ending for cause, as the terms allow it and as the record shows it.

The terms' "Ending the agreement" lets a side end for cause once the other side was reminded in
writing and did not put it right within ``cancellation.cure_days`` days; an invoice must also be
``payment.end_after_days`` days overdue. An ending for cause changes who pays (it is settled as
if the side at fault had ended), so it counts only when the record holds the facts:

* on the client's side (the freelancer ends): an instalment still unpaid ``end_after_days``
  after its due date, a payment notice recorded after it fell due, and ``cure_days`` since that
  notice, or a material still missing, a materials notice recorded after its due date, and
  ``cure_days`` since;
* on the freelancer's side (the client ends): an iteration not delivered for acceptance
  ``cure_days`` after its delivery date.

:func:`cause` gives those facts in words (what a notice may say, and nothing more), in the
notice's language when it is given one (:class:`Words`); :func:`no_cause` says what is missing,
with the first day the cause could hold (to the freelancer: in English).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from firmbrief.briefs.dates import format_long
from firmbrief.contracts.record.events import Cancelled, Note
from firmbrief.contracts.record.kinds import NoteKind
from firmbrief.contracts.record.state import Project
from firmbrief.templates.translations import N_

__all__ = ["Words", "cause", "no_cause", "settled_as"]


def _as_it_is(text: str) -> str:
    return text


@dataclass(frozen=True)
class Words:
    """How a cause is worded: the language's words (``gettext``), its dates (``day``) and the
    record's names in it (``name``: ``iteration 1 balance``); English as the record writes it
    by default."""

    gettext: Callable[[str], str] = _as_it_is
    day: Callable[[date], str] = format_long
    name: Callable[[str], str] = _as_it_is


ENGLISH = Words()


def _notes(project: Project, kind: NoteKind) -> list[date]:
    voided = {v.line for v in project.voided}
    return sorted(
        e.event.date
        for e in project.record.entries
        if isinstance(e.event, Note) and e.event.kind is kind and e.line not in voided
    )


Money = Callable[[Decimal], str]


def _unpaid(project: Project, day: date, money: Money, words: Words) -> list[tuple[str, date, str]]:
    """(what, due date, the notice that reminds of it) of each instalment due and unpaid on
    ``day``."""
    found = []
    for i in project.instalments:
        if i.due is None or not i.due_firm or i.due >= day:
            continue
        unpaid = i.amounts.gross - i.received_by(day)
        if unpaid > 0:
            what = words.gettext("the {label} ({amount} unpaid)").format(
                label=words.name(i.label), amount=money(unpaid)
            )
            found.append((what, i.due, "payment"))
    return found


def _missing(project: Project, day: date, words: Words) -> list[tuple[str, date, str]]:
    return [
        (words.gettext('material "{name}"').format(name=m.name), m.due, "materials")
        for m in project.materials
        if m.due is not None and m.due < day and (m.received is None or m.received > day)
    ]


_REMINDED = {
    "payment": N_(
        "{what} was due on {due}; a written payment reminder was sent on {reminder} and it "
        "was not put right by {day}"
    ),
    "materials": N_(
        "{what} was due on {due}; a written materials reminder was sent on {reminder} and it "
        "was not put right by {day}"
    ),
}


def _client_side(
    project: Project, day: date, money: Money, words: Words = ENGLISH
) -> tuple[str | None, str]:
    """The cause on the client's side on ``day`` in words (or ``None``), and else what is
    missing."""
    brief = project.brief
    cure, grace = brief.cancellation.cure_days, brief.payment.end_after_days
    closest = ""
    brief_name = project.record.path.name.removesuffix(".log.jsonl")
    for what, due, kind in [*_unpaid(project, day, money, words), *_missing(project, day, words)]:
        wait = grace if kind == "payment" else 0
        reminder = next((d for d in _notes(project, NoteKind(kind)) if d > due), None)
        if reminder is None:
            closest = closest or (
                f"{what} was due on {format_long(due)}, but no {kind} notice was recorded after "
                f"that (send `firmbrief notice {brief_name} {kind}` and record it with "
                f"`firmbrief record {brief_name} note --kind {kind}`)"
            )
            continue
        earliest = max(due + timedelta(days=wait), reminder + timedelta(days=cure))
        if earliest > day:
            overdue = f"{wait} days after the due date and " if wait else ""
            closest = closest or (
                f"{what} was due on {format_long(due)}, and after the {kind} notice of "
                f"{format_long(reminder)} the terms allow ending from {format_long(earliest)} "
                f"({overdue}{cure} days after the notice)"
            )
            continue
        return words.gettext(_REMINDED[kind]).format(
            what=what, due=words.day(due), reminder=words.day(reminder), day=words.day(day)
        ), ""
    return None, closest or "nothing is overdue: every instalment due is paid, every material due "\
        "is supplied"  # fmt: skip


def _freelancer_side(
    project: Project, day: date, money: Money, words: Words = ENGLISH
) -> tuple[str | None, str]:
    cure = project.brief.cancellation.cure_days
    closest = ""
    for it in project.iterations:
        if it.delivery is None or it.accepted_on is not None and it.accepted_on <= day:
            continue
        done = next((d.day for d in it.deliveries if d.draft is None and d.day <= day), None)
        if done is not None or it.delivery >= day:
            continue
        earliest = it.delivery + timedelta(days=cure)
        if earliest > day:
            closest = closest or (
                f"iteration {it.number} was due on {format_long(it.delivery)}: the terms give "
                f"{cure} days after a missed delivery, until {format_long(earliest)}"
            )
            continue
        return words.gettext(
            "iteration {number} was due for delivery on {due} and was not delivered by {day}"
        ).format(number=it.number, due=words.day(it.delivery), day=words.day(day)), ""
    return None, closest or "no delivery date was missed"


def cause(
    project: Project, by: str, day: date, money: Money | None = None, words: Words = ENGLISH
) -> str | None:
    """The facts in the record that let ``by`` end the agreement for cause on ``day``, in
    words (amounts by ``money``: a document's format, else a message's; in ``words``'
    language); ``None`` when the record holds none."""
    side = _client_side if by == "freelancer" else _freelancer_side
    found, _ = side(project, day, money or project.money, words)
    return found


def no_cause(project: Project, by: str, day: date) -> str:
    """Why the record shows no cause for ``by`` to end on ``day``: the message of a refusal."""
    other = "client" if by == "freelancer" else "freelancer"
    side = _client_side if by == "freelancer" else _freelancer_side
    _, missing = side(project, day, project.money)
    return (
        f"the record shows no cause on the {other}'s side on {format_long(day)}: {missing}. "
        "Ending for cause needs a written reminder and the cure days the terms give, as the "
        "record shows them; or end it at will (leave out --for-cause)"
    )


def settled_as(project: Project, ended: Cancelled) -> str:
    """Whom the settlement of ``ended`` follows: for cause, the side at fault, but only when
    the record shows the cause; else the side that ended."""
    if ended.for_cause and cause(project, ended.by, ended.date) is None:
        return ended.by
    return ended.settled_as
