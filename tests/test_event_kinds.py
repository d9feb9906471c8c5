"""The record's event kinds are a closed set: every place that decides something for each kind
names every kind (``match`` with :func:`typing.assert_never` in the last arm, so mypy names the
module that forgot a new one), and an event outside the set is never taken for another kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

import pytest
from pydantic import BaseModel

from firmbrief.contracts.record.admission import _after_cancellation
from firmbrief.contracts.record.events import Entry, Event, parse_event
from firmbrief.contracts.record.kinds import EventKind
from firmbrief.contracts.record.replay import _word_to_client
from firmbrief.contracts.record.voids import event_words, unvoidable

DAY = "2027-01-05"

# One event of every kind, as the record holds it.
SAMPLES: dict[str, dict[str, Any]] = {
    "signed": {"fingerprint": "0123456789abcdef"},
    "payment": {"amount": "900.00", "instalment": "1-prepayment"},
    "materials": {"materials": [1, 2]},
    "delivered": {"iteration": 1, "draft": 2},
    "revision": {"iteration": 1, "items": [{"deliverable": "logo", "change": "warmer"}]},
    "accepted": {"iteration": 2},
    "change": {"price": "300.00"},
    "delay": {"iteration": 1, "delivery": "2027-02-01", "reason": "illness"},
    "note": {"kind": "update"},
    "released": {},
    "cancelled": {"by": "client"},
    "refund": {"amount": "50.00"},
    "void": {"line": 3, "reason": "typo"},
    "invoiced": {
        "number": "2027-001", "instalment": "1-balance", "net": "100.00", "tax": "19.00",
        "gross": "119.00", "due": "2027-01-19",
    },  # fmt: skip
    "credited": {"number": "2027-002", "invoice": "2027-001"},
}


def sample(kind: str) -> Event:
    return parse_event({"event": kind, "date": DAY, **SAMPLES[kind]})


class Unknown(BaseModel):
    """An event of a kind firmbrief does not know, shaped like a void so that a ladder that
    falls through to its last arm would word it as one."""

    event: str = "reminder"
    date: dt.date = dt.date(2027, 1, 5)
    line: int = 3
    reason: str = "a kind added to the record but not to this module"
    by: str = "client"
    for_cause: None = None


def money(amount: Decimal) -> str:
    return f"{amount} EUR"


def test_there_is_a_sample_of_every_kind() -> None:
    assert set(SAMPLES) == {str(kind) for kind in EventKind}


def test_every_kind_has_its_own_words() -> None:
    words = {kind: event_words(sample(kind), money) for kind in SAMPLES}
    assert all(text.endswith("on 5 January 2027") for text in words.values()), words
    firsts = [text.split(" on 5 January")[0] for text in words.values()]
    assert len(set(firsts)) == len(SAMPLES), words


def test_which_kinds_cannot_be_voided() -> None:
    refused = {
        kind for kind in SAMPLES if unvoidable(Entry(1, sample(kind)), line=2) is not None
    }
    assert refused == {"signed", "void", "invoiced", "credited"}
    assert "is not an earlier line" in str(unvoidable(Entry(2, sample("payment")), line=2))


def test_which_kinds_speak_to_the_client() -> None:
    speaking = {kind for kind in SAMPLES if _word_to_client(sample(kind))}
    assert speaking == {"signed", "delivered", "note", "delay", "change", "released"}


def test_which_kinds_may_follow_a_cancellation() -> None:
    allowed = {kind for kind in SAMPLES if _after_cancellation(sample(kind))}
    assert allowed == {"payment", "note", "released", "refund", "void"}


@pytest.mark.parametrize(
    "walk",
    [
        lambda event: event_words(event, money),
        lambda event: unvoidable(Entry(1, event), line=2),
        _word_to_client,
        _after_cancellation,
    ],
    ids=["event_words", "unvoidable", "word_to_client", "after_cancellation"],
)
def test_an_unknown_kind_is_not_taken_for_another(walk: Callable[[Event], object]) -> None:
    with pytest.raises(AssertionError):
        walk(cast(Event, Unknown()))
