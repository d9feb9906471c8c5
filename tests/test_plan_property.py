"""A plan the terms can keep (issue 24): a client who does what the documents say never meets a
closed gate on a printed date, and the project finishes on the printed dates.

Hypothesis varies the example logo brief: how many iterations, their spans and gaps, review
periods, drafts, included rounds, ``payment.due_days`` and the prepayment's share. Every plan
``check`` calls ready is then walked through the record as the printed terms say: each
instalment paid on its printed due date, each delivery made on its printed day and accepted on
the last day of its review. On each printed start, ``gate start`` is open; ``status`` moves no
date and invoices nothing beyond what was paid; the project finishes on the last printed date.
"""

from __future__ import annotations

import copy
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from firmbrief.briefs.files import read_data
from firmbrief.briefs.loading import load_brief_file
from firmbrief.briefs.plan import plan_of

from conftest import EXAMPLES, run
from tracking_support import record, status

LOGO = read_data(EXAMPLES / "logo.yaml")
FIRST = date(2027, 3, 1)  # a Monday; the walk signs a month before


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    """The logo brief with a plan of 1 to 3 iterations: spans, gaps and terms varied."""
    data = copy.deepcopy(LOGO)
    count = draw(st.integers(1, 3))
    start = FIRST + timedelta(days=draw(st.integers(0, 6)))
    iterations: list[dict[str, Any]] = []
    prices: list[int] = []
    for number in range(count):
        span = draw(st.integers(14, 40))
        prices.append(draw(st.integers(5, 40)) * 100)
        delivery = start + timedelta(days=span)
        iterations.append(
            {
                "name": f"Stage {number + 1}",
                "deliverables": ["logo"],
                "start": start.isoformat(),
                "delivery": delivery.isoformat(),
                "review_days": draw(st.integers(2, 6)),
                "drafts": draw(st.integers(1, 3)),
                "revision_rounds": draw(st.integers(0, 2)),
                "price": f"{prices[-1]}.00",
            }
        )
        start = delivery + timedelta(days=draw(st.integers(1, 45)))
    data["iterations"] = iterations
    data["deliverables"] = data["deliverables"][:1]
    data["deliverables"][0].pop("hours", None)
    data["materials"] = []
    data["total"] = f"{sum(prices)}.00"
    data["payment"]["due_days"] = draw(st.sampled_from([0, 7, 14, 30, 60]))
    data["payment"]["prepayment_percent"] = draw(st.sampled_from([20, 30, 50, 70]))
    return data


def _open(brief: Path, number: int, start: date) -> None:
    gate = run("gate", "start", brief, str(number), "--today", start.isoformat())
    assert gate.exit_code == 0, (number, start, gate.output)


def _ready(brief: Path, today: date) -> bool:
    result = run("check", brief, "--today", today.isoformat(), "--format", "json")
    report = json.loads(result.stdout)
    return bool(report["ready"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_a_client_who_does_what_the_documents_say_meets_no_closed_gate(
    data: dict[str, Any],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        brief = Path(folder) / "brief.yaml"
        brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        signed = FIRST - timedelta(days=30)
        assume(_ready(brief, signed))
        parsed = load_brief_file(brief).brief
        assert parsed is not None
        plan = plan_of(parsed)  # what the terms print: the same plan they are rendered from

        # (day, order on that day, record arguments): deliveries, acceptances, then payments
        events: list[tuple[date, int, tuple[str, ...]]] = []
        for it in plan.iterations:
            assert it.delivery and it.review_ends
            events.append((it.delivery, 0, ("delivered", "-i", str(it.number))))
            events.append((it.review_ends, 1, ("accepted", "-i", str(it.number))))
        for payment in plan.payments:
            assert payment.due is not None
            key = f"{payment.iteration}-{payment.kind}"
            amount = str(payment.amounts.gross)
            events.append((payment.due, 2, ("payment", "--amount", amount, "--for", key)))
        record(brief, "signed", "--date", signed.isoformat())
        starts = {it.number: it.start for it in plan.iterations if it.start}
        for day, _, args in sorted(events):
            # each printed start, once everything printed for that day or before is done: open
            for number, start in [(n, s) for n, s in starts.items() if s < day]:
                _open(brief, number, start)
                del starts[number]
            record(brief, *args, "--date", day.isoformat())
        for number, start in starts.items():
            _open(brief, number, start)

        last = max(day for day, _, _ in events)
        record(brief, "released", "--date", last.isoformat())
        done = status(brief, (last + timedelta(days=1)).isoformat())
        assert done["moved"] == [], done["moved"]
        for shown, planned in zip(done["iterations"], plan.iterations, strict=True):
            assert shown["start"] == (planned.start.isoformat() if planned.start else None)
        assert all(i["state"] == "paid" for i in done["instalments"]), done["instalments"]
        assert done["finished"] == last.isoformat(), done["next"]
