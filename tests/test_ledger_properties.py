"""Properties of the ledger, over any sequence of valid payments and voids.

Each step is what ``firmbrief record`` would do with it (the same functions: options to an
event, judged against the project before and after it), kept in memory: what is refused is
left out, as ``record`` leaves it out of the file. Whatever the sequence, what the instalments
received and the credit held add up to what was paid less what was voided, no instalment
receives more than it costs, and no outstanding amount is below zero.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from firmbrief.briefs.canonical import fingerprint
from firmbrief.contracts.record.admission import admit
from firmbrief.contracts.record.events import Entry, Payment, Refund, Signed
from firmbrief.contracts.record.log import Record
from firmbrief.contracts.record.options import event_data, validate_event
from firmbrief.contracts.record.recording import complete
from firmbrief.contracts.record.replay import project_of
from firmbrief.contracts.record.state import Project, load_brief
from firmbrief.errors import FirmbriefError

from conftest import EXAMPLES, examples

KEYS = ("1-prepayment", "1-balance", "2-prepayment", "2-balance")

cents = st.integers(min_value=1, max_value=600_000).map(lambda c: Decimal(c).scaleb(-2))
payment = st.tuples(
    st.just("payment"),
    cents,
    st.lists(st.sampled_from(KEYS), max_size=2, unique=True),
    st.booleans(),
)
beyond: st.SearchStrategy[tuple[Any, ...]] = st.tuples(  # more than everything outstanding, kept as a credit on purpose
    st.just("payment"),
    st.integers(min_value=100_000, max_value=600_000).map(lambda c: Decimal(c).scaleb(-2)),
    st.just([]),
    st.just(True),
)
void = st.tuples(st.just("void"), st.integers(min_value=0, max_value=50))  # which earlier line
refund = st.tuples(st.just("refund"), cents.map(lambda a: (a / 30).quantize(Decimal("0.01"))))
steps = st.lists(st.one_of(payment, payment, beyond, void, refund), min_size=1, max_size=12)


def _step(step: tuple[Any, ...], lines: int) -> tuple[str, dict[str, Any]]:
    if step[0] == "payment":
        _, amount, targets, credit = step
        options: dict[str, Any] = {"amount": format(amount, "f")}
        if targets:
            options["instalment"] = list(targets)
        if credit:
            options["credit"] = True
        return "payment", options
    if step[0] == "void":  # any line after the signing, voided or not, a void or not
        return "void", {"line": 2 + step[1] % max(lines - 1, 1), "reason": "by mistake"}
    return "refund", {"amount": format(step[1], "f")}


def _replay(brief: Path, steps: list[tuple[Any, ...]]) -> Project:
    """The steps recorded one a day from 4 January 2027, in memory, as ``record`` would."""
    loaded = load_brief(brief)
    signed = Signed(date=date(2026, 12, 1), fingerprint=fingerprint(loaded))
    record = Record(brief.with_name("logo.yaml.log.jsonl"), [Entry(1, signed)])
    day = date(2027, 1, 4)
    for step in steps:
        kind, options = _step(step, len(record.entries))
        project = project_of(loaded, record, today=day)
        try:
            data = event_data(kind, options, when=day, order=None, locale="en_DE")
            event = validate_event(complete(project, data))
            trial = Record(record.path, [*record.entries, Entry(len(record.entries) + 1, event)])
            after = project_of(loaded, trial, today=day)
            admit(project, event, brief_path=brief, after=after)
        except FirmbriefError:
            continue  # refused: not recorded
        record.entries.append(Entry(len(record.entries) + 1, event))
        day += timedelta(days=1)
    return project_of(loaded, record, today=day)


@settings(
    max_examples=examples(200),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps)
def test_received_adds_up_to_paid_less_voided_and_nothing_is_negative(
    tmp_path: Path, sequence: list[tuple[Any, ...]]
) -> None:
    brief = tmp_path / "logo.yaml"
    if not brief.exists():
        shutil.copy(EXAMPLES / "logo.yaml", brief)
    project = _replay(brief, sequence)
    voided = {v.line for v in project.voided}
    events = {entry.line: entry.event for entry in project.record.entries}
    paid = sum(
        (e.amount for line, e in events.items() if isinstance(e, Payment)), Decimal(0)
    )
    taken_back = sum(
        (e.amount for line, e in events.items() if isinstance(e, Payment) and line in voided),
        Decimal(0),
    )
    refunded = sum(
        (e.amount for line, e in events.items() if isinstance(e, Refund) and line not in voided),
        Decimal(0),
    )
    received = sum((i.received for i in project.instalments), Decimal(0))
    # a refund pays back the credit first, the rest is a settlement's (none here: no
    # cancellation, so nothing beyond the credit can be refunded)
    assert project.refunded == 0
    assert received + project.credit == paid - taken_back - refunded
    for instalment in project.instalments:
        assert instalment.amounts.gross - instalment.received >= 0, instalment.key
        assert instalment.outstanding >= 0
        assert all(r.amount > 0 for r in instalment.receipts)
    assert project.credit >= 0
    for booked in project.payments:  # each payment booked whole: shares and credit
        shares = sum((amount for _, amount in booked.shares), Decimal(0))
        used = sum((amount for _, amount, _ in booked.credit_used), Decimal(0))
        assert shares + used + booked.credit <= booked.amount
        if not any(isinstance(e, Refund) for e in events.values()):
            assert shares + used + booked.credit == booked.amount
