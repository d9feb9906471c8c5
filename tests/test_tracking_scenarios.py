"""Scenario tables: a brief, dated events, and what the record must say of them, as of a day.

Every scenario runs on examples/logo.yaml (EUR, prices net of 19% VAT, Berlin's working days)
through the command line. The figures are worked out by hand from the brief:

* iteration 1 costs 1,800.00 net: prepayment and balance 900.00 + 171.00 = 1,071.00 each;
* iteration 2 costs 2,400.00 net: prepayment and balance 1,200.00 + 228.00 = 1,428.00 each;
* an extra revision round costs 280.00 + 53.20 = 333.20; everything is 4,998.00 gross;
* invoices are due 14 days after acceptance (or their request), a balance by the next
  iteration's start at the latest; reviews last 3 working days;
* planned: iteration 1 11 Jan to 5 Feb 2027, iteration 2 23 Feb to 19 Mar 2027; materials 1
  and 2 are due 6 and 8 Jan, material 3 (for iteration 2) 11 Feb; Good Friday (26 Mar) and
  Easter Monday (29 Mar) are holidays in Berlin.

``BASE`` gets iteration 1 accepted on Mon 8 Feb: its balance is due 22 Feb (before iteration 2
starts); iteration 2's prepayment is due when it starts, Tue 23 Feb; iteration 2's balance is
expected 14 days after its review, which ends Wed 24 Mar (3 working days after 19 Mar), so
7 Apr.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conftest import run
from tracking_support import instalment, record_all, status

BASE: tuple[tuple[str, ...], ...] = (
    ("signed", "--date", "2026-12-01"),
    ("payment", "--amount", "1071.00", "--date", "2027-01-05"),
    ("materials", "--material", "1", "--material", "2", "--date", "2027-01-06"),
    ("delivered", "-i", "1", "--date", "2027-02-05"),
    ("accepted", "-i", "1", "--date", "2027-02-08"),
    ("materials", "--material", "3", "--date", "2027-02-09"),
)
"""Signed, iteration 1 prepaid, every material on time, iteration 1 accepted on 8 Feb."""


@dataclass(frozen=True)
class Scenario:
    """Events (``record`` arguments, each with its date) and what status says on ``today``.

    ``money``: instalment key -> (received, outstanding, state), gross; ``dates``: "N start",
    "N delivery", "N review" or an instalment key (its due date); ``gates``: iteration -> the
    first line of ``gate start`` and a line it holds; ``settlement``: each line's gross owed
    and received, then the balance; ``next``: the next action's kind (``None``: none)."""

    name: str
    events: tuple[tuple[str, ...], ...]
    today: str
    money: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)
    gates: dict[int, tuple[str, str]] = field(default_factory=dict)
    moved: dict[str, str] = field(default_factory=dict)
    settlement: tuple[list[tuple[str, str]], str] | None = None
    credit: str = "0.00"
    voided: tuple[int, ...] = ()
    finished: str | None = None
    next: str | None = "?"


SCENARIOS = [
    Scenario(
        "one transfer pays two instalments",
        (*BASE, ("payment", "--amount", "2499.00", "--date", "2027-02-10")),
        "2027-02-12",
        # no exact match: in due order, 1-balance (22 Feb) then 2-prepayment (23 Feb)
        money={
            "1-balance": ("1071.00", "0.00", "paid"),
            "2-prepayment": ("1428.00", "0.00", "paid"),
            "2-balance": ("0.00", "1428.00", "expected"),
        },
        dates={"1-balance": "2027-02-22", "2-prepayment": "2027-02-23", "2-balance": "2027-04-07"},
        gates={2: ("open: iteration 2 may start", "paid in full on 10 February 2027")},
        next="start",
    ),
    Scenario(
        "an exact match goes to the instalment it matches, whatever falls due first",
        (*BASE, ("payment", "--amount", "1071.00", "--date", "2027-02-10")),
        "2027-02-12",
        money={
            "1-balance": ("1071.00", "0.00", "paid"),
            "2-prepayment": ("0.00", "1428.00", "due"),
        },
        gates={
            2: (
                "closed: iteration 2 may not start yet (1,428.00 EUR missing)",
                "  - the iteration 2 prepayment is missing 1,428.00 EUR of 1,428.00 EUR, "
                "due 23 February 2027",
            )
        },
        next="invoice-prepayment",
    ),
    Scenario(
        "a transfer short of two instalments pays them in the order they fall due",
        (*BASE, ("payment", "--amount", "2000.00", "--date", "2027-02-10")),
        "2027-02-12",
        money={  # 1,071.00 to 1-balance (due 22 Feb), the 929.00 left to 2-prepayment (23 Feb)
            "1-balance": ("1071.00", "0.00", "paid"),
            "2-prepayment": ("929.00", "499.00", "part paid"),
        },
        gates={
            2: (
                "closed: iteration 2 may not start yet (499.00 EUR missing)",
                "  - the iteration 2 prepayment is missing 499.00 EUR of 1,428.00 EUR (received: "
                "929.00 EUR on 10 February 2027, line 7), due 23 February 2027",
            )
        },
        next="invoice-prepayment",
    ),
    Scenario(
        "--for names several instalments, paid in the order named",
        (
            *BASE,
            ("payment", "--amount", "2000.00", "--for", "1-balance", "--for", "2-prepayment",
             "--date", "2027-02-10"),
        ),  # fmt: skip
        "2027-02-12",
        money={  # 1,071.00 to 1-balance, the 929.00 left to 2-prepayment
            "1-balance": ("1071.00", "0.00", "paid"),
            "2-prepayment": ("929.00", "499.00", "part paid"),
        },
        next="invoice-prepayment",
    ),
    Scenario(
        "money beyond everything outstanding, recorded as a credit, pays the next instalment",
        (
            *BASE,
            # 1,071.00 + 1,428.00 + 1,428.00 = 3,927.00 outstanding; 400.00 beyond it
            ("payment", "--amount", "4327.00", "--credit", "--date", "2027-02-10"),
            ("delivered", "-i", "2", "--draft", "1", "--date", "2027-02-26"),
            ("revision", "-i", "2", "--revise", "brand-guide: more packaging", "--date",
             "2027-03-01"),
            ("revision", "-i", "2", "--revise", "stationery: bleed", "--date", "2027-03-03"),
            ("revision", "-i", "2", "--revise", "logo: larger", "--date", "2027-03-05"),
        ),  # fmt: skip
        "2027-03-05",
        money={  # the third round (two included) costs 333.20: the credit pays it
            "2-balance": ("1428.00", "0.00", "paid"),
            "2-round-3": ("333.20", "0.00", "paid"),
        },
        credit="66.80",  # 400.00 - 333.20
        next="send-update",  # revising, and no word to the client since the draft
    ),
    Scenario(
        "a mistyped payment voided: the right one pays the prepayment",
        (
            ("signed", "--date", "2026-12-01"),
            ("payment", "--amount", "900.00", "--for", "1-prepayment", "--date", "2027-01-05"),
            ("payment", "--amount", "1071.00", "--date", "2027-01-05"),
            ("void", "--line", "2", "--reason", "net entered instead of gross", "--date",
             "2027-01-06"),
        ),  # fmt: skip
        "2027-01-07",
        money={
            "1-prepayment": ("1071.00", "0.00", "paid"),
            "1-balance": ("0.00", "1071.00", "expected"),
        },
        voided=(2,),
        next="ask-materials",  # materials 1 was due 6 January
    ),
    Scenario(
        "late materials move the delivery, its review and its balance",
        (
            ("signed", "--date", "2026-12-01"),
            ("payment", "--amount", "1071.00", "--date", "2027-01-05"),
            ("materials", "--material", "1", "--date", "2027-01-06"),
            ("materials", "--material", "2", "--date", "2027-01-12"),  # due Fri 8: 2 days late
        ),
        "2027-01-13",
        dates={  # everything by 2 working days; a review ends 3 working days after delivery
            "1 start": "2027-01-13",
            "1 delivery": "2027-02-09",
            "1 review": "2027-02-12",
            "1-balance": "2027-02-25",  # 14 days after the review (26 Feb), but by 2's start
            "2 start": "2027-02-25",
            "2-prepayment": "2027-02-25",
            "2 delivery": "2027-03-23",
            "2 review": "2027-03-30",  # Wed 24, Thu 25, (Easter) Tue 30
            "2-balance": "2027-04-13",
        },
        moved={"iteration 1 delivery": "2027-02-09", "iteration 2 start": "2027-02-25"},
        next="work",
    ),
    Scenario(
        "a delay moves the review, the balance and the next iteration's start",
        (
            *BASE[:3],
            ("delay", "-i", "1", "--delivery", "2027-02-19", "--reason", "illness", "--date",
             "2027-02-01"),
        ),  # fmt: skip
        "2027-02-02",
        dates={
            "1 delivery": "2027-02-19",
            "1 review": "2027-02-24",  # Mon 22, Tue 23, Wed 24
            "1-balance": "2027-02-25",  # 14 days after it, but by iteration 2's start
            "2 start": "2027-02-25",  # the working day after iteration 1 can be accepted
            "2 delivery": "2027-03-23",  # moved by the same working days
            "2-prepayment": "2027-02-25",
        },
        moved={"iteration 2 start": "2027-02-25"},
        next="work",
    ),
    Scenario(
        "an overdue balance closes the next gate and holds its dates",
        (*BASE, ("payment", "--amount", "1428.00", "--date", "2027-02-12")),
        "2027-02-25",
        money={
            "1-balance": ("0.00", "1071.00", "overdue"),
            "2-prepayment": ("1428.00", "0.00", "paid"),
        },
        gates={
            2: (
                "closed: iteration 2 may not start yet (1,071.00 EUR missing)",
                "  - the iteration 1 balance is missing 1,071.00 EUR of 1,071.00 EUR, due 22 "
                "February 2027",
            )
        },
        # waiting so far: from its start on Tue 23 to Thu 25 February, 2 working days
        dates={"2 start": "2027-02-25", "2 delivery": "2027-03-23"},
        next="remind-payment",
    ),
    Scenario(
        "an overdue change request closes the gate, whichever iteration it belongs to",
        (
            *BASE[:3],
            ("change", "--price", "500", "--description", "animated logo", "--date",
             "2027-01-20"),  # 595.00 gross, due 3 February
            *BASE[3:],
            ("payment", "--amount", "2499.00", "--for", "1-balance", "--for", "2-prepayment",
             "--date", "2027-02-10"),
        ),  # fmt: skip
        "2027-02-12",
        money={"change-1": ("0.00", "595.00", "overdue")},
        gates={
            2: (
                "closed: iteration 2 may not start yet (595.00 EUR missing)",
                "  - overdue: the change request 1 is missing 595.00 EUR of 595.00 EUR, due 3 "
                "February 2027: work pauses while an invoice is overdue",
            )
        },
        next="remind-payment",
    ),
    Scenario(
        "the client cancels before iteration 2 started: no fee on it",
        (
            *BASE,
            ("payment", "--amount", "1071.00", "--date", "2027-02-10"),
            ("cancelled", "--by", "client", "--date", "2027-02-22"),
        ),
        "2027-02-23",
        # iteration 2's prepayment never came: it never started, and nothing is owed for it
        settlement=([("2142.00", "2142.00")], "0.00"),
        next="close-cancelled",
    ),
    Scenario(
        "the client cancels during iteration 2: what was paid is kept, plus the fee",
        (
            *BASE,
            ("payment", "--amount", "2499.00", "--date", "2027-02-10"),
            ("cancelled", "--by", "client", "--date", "2027-02-24"),
        ),
        "2027-02-25",
        # iteration 2: 1,428.00 kept + 25% of the unpaid 1,200.00 net (300.00 + 57.00 VAT)
        settlement=([("2142.00", "2142.00"), ("1785.00", "1428.00")], "357.00"),
        next="settle-cancellation",
    ),
    Scenario(
        "the freelancer ends the project during iteration 2: no fee, its prepayment refunded",
        (
            *BASE,
            ("payment", "--amount", "2499.00", "--date", "2027-02-10"),
            ("cancelled", "--by", "freelancer", "--date", "2027-02-24"),
        ),
        "2027-02-25",
        settlement=([("2142.00", "2142.00"), ("0.00", "1428.00")], "-1428.00"),
        next="refund",
    ),
    Scenario(
        "the freelancer ends for cause (the client's breach): settled as if the client had ended",
        (
            *BASE,
            ("payment", "--amount", "1428.00", "--for", "2-prepayment", "--date", "2027-02-12"),
            ("note", "--kind", "payment", "--date", "2027-02-23"),  # 1-balance due 22 Feb
            # 30 days overdue (end_after_days) on 24 Mar, 14 cure days after the notice 9 Mar
            ("cancelled", "--by", "freelancer", "--for-cause", "--date", "2027-03-24"),
        ),
        "2027-03-25",
        # iteration 2 never started (iteration 1 is not paid in full): as the client ending
        # under German law, it owes the fee the client may prove lower, 25 % of its prepayment:
        # 1,428.00 x 25 % = 357.00 (ended at will by the freelancer, all would be refunded).
        # Owed 2,142.00 + 357.00 = 2,499.00; received 1,071.00 + 1,428.00 = 2,499.00: square
        settlement=([("2142.00", "1071.00"), ("357.00", "1428.00")], "0.00"),
        next="close-cancelled",  # nothing is owed either way
    ),
    Scenario(
        "the client ends for cause (the freelancer's breach): no fee, the prepayment refunded",
        (
            *BASE,
            ("payment", "--amount", "2499.00", "--date", "2027-02-10"),
            # iteration 2 was due on 19 Mar and not delivered 14 cure days later
            ("cancelled", "--by", "client", "--for-cause", "--date", "2027-04-02"),
        ),
        "2027-04-03",
        settlement=([("2142.00", "2142.00"), ("0.00", "1428.00")], "-1428.00"),
        next="refund",
    ),
    Scenario(
        "the freelancer refunds what the settlement says: nothing is owed either way",
        (
            *BASE,
            ("payment", "--amount", "2499.00", "--date", "2027-02-10"),
            ("cancelled", "--by", "freelancer", "--date", "2027-02-24"),
            ("refund", "--amount", "1428.00", "--date", "2027-02-25"),
        ),
        "2027-02-26",
        settlement=([("2142.00", "2142.00"), ("0.00", "1428.00")], "0.00"),
        next="close-cancelled",
    ),
    Scenario(
        "a finished project: accepted (the last by silence), paid, released",
        (
            *BASE,
            ("payment", "--amount", "2499.00", "--date", "2027-02-10"),
            ("delivered", "-i", "2", "--date", "2027-03-12"),  # review ends Wed 17 March
            # the written reminder on Thu 18 March; 5 working days later: Thu 25 March
            ("note", "--kind", "review", "--date", "2027-03-18"),
            ("payment", "--amount", "1428.00", "--date", "2027-03-29"),
            ("released", "--date", "2027-03-30"),
        ),
        "2027-09-01",
        money={"2-balance": ("1428.00", "0.00", "paid")},
        dates={"2 review": "2027-03-17", "2-balance": "2027-04-08"},  # 25 March + 14 days
        finished="2027-03-30",
        next=None,
    ),
]



def _date_of(data: dict[str, Any], key: str) -> str | None:
    if key[0].isdigit() and " " in key:
        number, what = key.split()
        it = data["iterations"][int(number) - 1]
        found: str | None = it["review_ends" if what == "review" else what]
        return found
    due: str | None = instalment(data, key)["due"]
    return due


@pytest.mark.parametrize("case", SCENARIOS, ids=lambda s: s.name)
def test_a_scenario_reads_as_worked_out_by_hand(logo: Path, case: Scenario) -> None:
    record_all(logo, case.events)
    data = status(logo, case.today)
    for key, (received, outstanding, state) in case.money.items():
        found = instalment(data, key)
        assert (found["received"]["gross"], found["outstanding"]["gross"], found["state"]) == (
            received,
            outstanding,
            state,
        ), key
    for key, day in case.dates.items():
        assert _date_of(data, key) == day, key
    moved = {m["what"]: m["now"] for m in data["moved"]}
    for what, now in case.moved.items():
        assert moved.get(what) == now, what
    for number, (first, line) in case.gates.items():
        gate = run("gate", "start", logo, str(number), "--today", case.today)
        assert gate.exit_code == (0 if first.startswith("open") else 1), gate.output
        lines = gate.stdout.splitlines()
        assert lines[0] == first
        assert any(line in held for held in lines), gate.stdout
    assert data["credit"] == case.credit
    assert [v["line"] for v in data["voided"]] == list(case.voided)
    assert data["finished"] == case.finished
    if case.settlement is not None:
        figures, balance = case.settlement
        owed = data["cancellation"]["owed"]
        assert [(line["owed"]["gross"], line["received"]) for line in owed] == figures
        assert data["cancellation"]["balance"] == balance
    if case.next != "?":
        assert (data["next"] or {}).get("action") == case.next, data["next_action"]
    # whatever happened: received adds up, nothing is outstanding below zero
    paid = sum(float(i["received"]["gross"]) for i in data["instalments"])
    assert paid + float(data["credit"]) == pytest.approx(
        sum(float(p["amount"]) for p in data["payments"])
    )
    for item in data["instalments"]:
        assert float(item["outstanding"]["gross"]) >= 0
        assert float(item["received"]["gross"]) <= float(item["amounts"]["gross"])
