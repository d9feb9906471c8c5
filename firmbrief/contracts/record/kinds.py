"""The record's vocabulary, each word defined once: the kinds of events, of notes and notices, of
feedback items, the stages an iteration goes through, and the freelancer's next actions.

This module imports nothing heavy: the command line reads its choices from here at start-up.
(Instalment kinds are money's: :class:`firmbrief.briefs.money.InstalmentKind`.)
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

__all__ = [
    "EVENT_KINDS",
    "FLAG_CODES",
    "NOTICE_KINDS",
    "ActionKind",
    "EventKind",
    "ItemKind",
    "NoteKind",
    "Stage",
]


class EventKind(StrEnum):
    """What can happen during a project: one event of the record."""

    signed = "signed"
    payment = "payment"
    materials = "materials"
    delivered = "delivered"
    revision = "revision"
    accepted = "accepted"
    change = "change"
    delay = "delay"
    note = "note"
    released = "released"
    cancelled = "cancelled"
    refund = "refund"
    void = "void"
    invoiced = "invoiced"  # written by `firmbrief invoice`, never by `record`
    credited = "credited"  # written by `firmbrief invoice --credit`


EVENT_KINDS: Final = tuple(
    kind for kind in EventKind if kind not in {EventKind.invoiced, EventKind.credited}
)
"""The events ``firmbrief record`` records; an invoice and a credit note are recorded by
``firmbrief invoice``, which issues them."""


FLAG_CODES: Final = (
    "brief-changed",
    "profile-changed",
    "events-after-today",
    "payment-overdue",
    "credit-held",
    "materials-overdue",
    "review-overdue",
    "review-lapsed",
    "billable-rounds",
    "rounds-piling-up",
    "change-unpriced",
    "released-early",
    "delivery-late",
    "delivery-at-risk",
    "no-word-to-client",
    "record-mismatch",
)
"""The codes of what ``status`` flags (``overdue[].code`` and ``warnings[].code`` in its JSON):
every :class:`~firmbrief.contracts.record.state.Flag` is raised with one of these."""


class NoteKind(StrEnum):
    """What was sent to the client: one of the formal notices, or a progress update."""

    payment = "payment"
    review = "review"
    materials = "materials"
    cancellation = "cancellation"
    update = "update"


NOTICE_KINDS: Final = (NoteKind.payment, NoteKind.review, NoteKind.materials, NoteKind.cancellation)
"""The notes ``firmbrief notice`` writes."""


class ItemKind(StrEnum):
    """One point of the client's feedback."""

    revision = "revision"  # a wish within the scope: uses a revision round
    fix = "fix"  # the delivery misses an acceptance criterion
    change_of_scope = "change_of_scope"  # opens a change request


class Stage(StrEnum):
    """Where an iteration stands."""

    not_signed = "not-signed"
    planned = "planned"
    waiting_for_prepayment = "waiting-for-prepayment"
    waiting_for_payment = "waiting-for-payment"  # an earlier iteration or an overdue invoice unpaid
    ready = "ready"
    in_progress = "in-progress"
    in_review = "in-review"
    review_lapsed = "review-lapsed"
    revising = "revising"
    accepted = "accepted"
    cancelled = "cancelled"


class ActionKind(StrEnum):
    """The freelancer's next move."""

    restore_brief = "restore-brief"
    sign = "sign"
    credit_invoice = "credit-invoice"  # an invoice a cancellation's settlement replaced
    settle_cancellation = "settle-cancellation"
    refund = "refund"
    close_cancelled = "close-cancelled"
    announce_delay = "announce-delay"
    remind_payment = "remind-payment"
    ask_review = "ask-review"
    ask_materials = "ask-materials"
    warn_delivery = "warn-delivery"
    send_update = "send-update"
    quote_change = "quote-change"
    wait_for_payment = "wait-for-payment"
    release_source = "release-source"
    invoice_prepayment = "invoice-prepayment"
    invoice_instalment = "invoice-instalment"  # an instalment owed and not invoiced yet
    wait_for_review = "wait-for-review"
    revise = "revise"
    start = "start"
    work = "work"
