"""The money module: one rounding rule, net/tax/gross for net and gross prices, instalments,
settlement and formats. The expected figures in the table were worked out by hand."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from firmbrief.briefs import money
from firmbrief.briefs.money import (
    Amounts,
    InstalmentKind,
    IterationMoney,
    Standing,
    amount_text,
    plain,
    round_money,
    settle,
)
from firmbrief.briefs.pricing import planned_instalments, pricing_of
from firmbrief.briefs.schema import Brief

from conftest import run

D = Decimal


def brief(
    prices: list[str],
    *,
    currency: str = "EUR",
    rate: str = "19",
    gross: bool = False,
    share: str = "50",
    exemption: str = "none",
) -> Brief:
    return Brief.model_validate(
        {
            "currency": currency,
            "tax": {"prices": "gross" if gross else "net", "rate": rate, "exemption": exemption},
            "payment": {"prepayment_percent": share},
            "iterations": [{"price": price} for price in prices],
        }
    )


def a(net: str, tax: str, gross: str) -> Amounts:
    return Amounts(D(net), D(tax), D(gross))


# (case, brief options, [prepayment, balance] of iteration 1 as (net, tax, gross))
TABLE: list[tuple[str, dict[str, Any], list[Amounts]]] = [
    ("EUR net, 19%, 50%", {"prices": ["1800.00"]},
     [a("900.00", "171.00", "1071.00"), a("900.00", "171.00", "1071.00")]),
    # 50% of 1000.01 is 500.005: half-up gives 500.01 (half-even would give 500.00).
    ("EUR half-cent share", {"prices": ["1000.01"]},
     [a("500.01", "95.00", "595.01"), a("500.00", "95.00", "595.00")]),
    # 5% of 2.50 is 0.125: half-up gives 0.13 (half-even 0.12); the balance takes the rest.
    ("EUR half-cent tax", {"prices": ["5.00"], "rate": "5"},
     [a("2.50", "0.13", "2.63"), a("2.50", "0.12", "2.62")]),
    ("JPY, 0 digits", {"prices": ["10001"], "currency": "JPY", "rate": "10"},
     [a("5001", "500", "5501"), a("5000", "500", "5500")]),
    ("KWD, 3 digits, 33%", {"prices": ["100.001"], "currency": "KWD", "rate": "5", "share": "33"},
     [a("33.000", "1.650", "34.650"), a("67.001", "3.350", "70.351")]),
    ("EUR gross, 19%, 50%", {"prices": ["1190.00"], "gross": True},
     [a("500.00", "95.00", "595.00"), a("500.00", "95.00", "595.00")]),
    # 100.00 gross is 84.03 net + 15.97 tax; 30% is 30.00 gross = 25.21 net + 4.79 tax.
    ("EUR gross, 30%", {"prices": ["100.00"], "gross": True, "share": "30"},
     [a("25.21", "4.79", "30.00"), a("58.82", "11.18", "70.00")]),
    ("reverse charge, 33%", {"prices": ["999.99"], "rate": "0", "exemption": "reverse_charge",
                              "share": "33"},
     [a("330.00", "0", "330.00"), a("669.99", "0", "669.99")]),
    ("0% tax", {"prices": ["1200.00"], "rate": "0"},
     [a("600.00", "0", "600.00"), a("600.00", "0", "600.00")]),
    ("all before", {"prices": ["700.00"], "share": "100"}, [a("700.00", "133.00", "833.00")]),
]  # fmt: skip


@pytest.mark.parametrize(("options", "expected"), [c[1:] for c in TABLE], ids=[c[0] for c in TABLE])
def test_instalments_table(options: dict[str, Any], expected: list[Amounts]) -> None:
    options = dict(options)
    planned = planned_instalments(brief(options.pop("prices"), **options))
    assert [p.amounts for p in planned] == expected
    kinds = [InstalmentKind.prepayment, InstalmentKind.balance][: len(expected)]
    assert [p.kind for p in planned] == kinds


@pytest.mark.parametrize(
    ("amount", "digits", "expected"),
    [("0.005", 2, "0.01"), ("0.015", 2, "0.02"), ("0.025", 2, "0.03"), ("2.5", 0, "3"),
     ("-0.005", 2, "-0.01"), ("1.0005", 3, "1.001"), ("1.0004", 3, "1.000")],
)  # fmt: skip
def test_the_one_rounding_rule_is_half_up(amount: str, digits: int, expected: str) -> None:
    assert str(round_money(D(amount), digits)) == expected


def test_the_rule_is_not_half_even() -> None:
    assert round_money(D("0.125"), 2) != D("0.125").quantize(D("0.01"), rounding=ROUND_HALF_EVEN)


@pytest.mark.parametrize(
    ("currency", "digits"), [("EUR", 2), ("JPY", 0), ("KWD", 3), ("usd", 2), (None, 2), ("", 2)]
)
def test_minor_digits_come_from_the_currency(currency: str | None, digits: int) -> None:
    assert money.minor_digits(currency) == digits


@pytest.mark.parametrize(
    ("amount", "digits", "data", "message"),
    [("1000", 2, "1000.00", "1,000.00 EUR"), ("1071.5", 2, "1071.50", "1,071.50 EUR"),
     ("12000", 0, "12000", "12,000 EUR"), ("0.5", 3, "0.500", "0.500 EUR")],
)  # fmt: skip
def test_formats_in_data_and_messages(amount: str, digits: int, data: str, message: str) -> None:
    assert amount_text(D(amount), digits) == data
    assert plain(D(amount), "EUR", digits) == message


@pytest.mark.parametrize(
    ("locale", "expected"), [("en_DE", "1.071,00\xa0€"), ("en_US", "€1,071.00"), ("en", "€1,071.00")]
)
def test_document_formats_are_babels(locale: str, expected: str) -> None:
    assert money.formatted(D("1071"), "EUR", 2, locale) == expected


# --- settlement ------------------------------------------------------------------------------


def test_settlement_of_an_iteration_in_progress_keeps_what_was_paid_plus_the_fee() -> None:
    pricing = pricing_of(brief(["1800.00"]))
    prepayment, balance = (p.amounts for p in planned_instalments(brief(["1800.00"])))
    (settled,) = settle(
        [IterationMoney(1, [prepayment, balance], prepayment, prepayment.gross,
                        accepted=False, started=True)],
        fee_percent=D(25), pricing=pricing,
    )  # fmt: skip
    # 25% of the unpaid 900.00 net is 225.00 net, 42.75 tax.
    assert settled.standing is Standing.in_progress
    assert settled.fee == a("225.00", "42.75", "267.75")
    assert settled.owed == a("1125.00", "213.75", "1338.75")


@pytest.mark.parametrize(("unstarted_fee", "owed"), [
    (False, a("900.00", "171.00", "1071.00")),  # the prepayment is kept
    (True, a("225.00", "42.75", "267.75")),  # German standard terms, a consumer: 25% of it
])  # fmt: skip
def test_settlement_of_a_prepaid_iteration_not_started(unstarted_fee: bool, owed: Amounts) -> None:
    pricing = pricing_of(brief(["1800.00"]))
    prepayment, balance = (p.amounts for p in planned_instalments(brief(["1800.00"])))
    (settled,) = settle(
        [IterationMoney(1, [prepayment, balance], prepayment, prepayment.gross,
                        accepted=False, started=False)],
        fee_percent=D(25), pricing=pricing, unstarted_fee=unstarted_fee,
    )  # fmt: skip
    assert settled.standing is Standing.not_started
    assert settled.owed == owed
    assert settled.received - settled.owed.gross == D("1071.00") - owed.gross  # refunded


def test_settlement_of_accepted_and_unstarted_iterations() -> None:
    pricing = pricing_of(brief(["1000.00", "500.00"]))
    whole = [a("500.00", "95.00", "595.00"), a("500.00", "95.00", "595.00")]
    settled = settle(
        [IterationMoney(1, whole, whole[0], D("595.00"), accepted=True, started=True),
         IterationMoney(2, whole, a("0", "0", "0"), D(0), accepted=False, started=False)],
        fee_percent=D(25), pricing=pricing,
    )  # fmt: skip
    assert [(s.number, s.standing, s.owed) for s in settled] == [
        (1, Standing.accepted, a("1000.00", "190.00", "1190.00"))
    ]


# --- properties ------------------------------------------------------------------------------

CURRENCIES = {"EUR": 2, "JPY": 0, "KWD": 3}


@st.composite
def priced_briefs(draw: st.DrawFn) -> tuple[dict[str, Any], list[Decimal]]:
    currency = draw(st.sampled_from(sorted(CURRENCIES)))
    digits = CURRENCIES[currency]
    cents = st.integers(min_value=0, max_value=10**9)
    prices = [
        D(value).scaleb(-digits) for value in draw(st.lists(cents, min_size=1, max_size=4))
    ]
    options = {
        "currency": currency,
        "rate": str(draw(st.sampled_from([0, 5, 7, D("7.7"), 10, 19, 20, 21, 25]))),
        "share": str(draw(st.integers(min_value=0, max_value=100))),
    }
    return options, prices


@settings(max_examples=300, deadline=None)
@given(priced_briefs(), st.booleans())
def test_instalments_add_up(case: tuple[dict[str, Any], list[Decimal]], gross: bool) -> None:
    options, prices = case
    subject = brief([str(p) for p in prices], gross=gross, **options)
    pricing = pricing_of(subject)
    planned = planned_instalments(subject)
    for item in planned:
        assert item.amounts.net + item.amounts.tax == item.amounts.gross
        assert min(item.amounts.net, item.amounts.tax) >= 0
    for number, price in enumerate(prices, start=1):
        mine = Amounts.total(p.amounts for p in planned if p.iteration == number)
        assert mine.basis(gross) == price  # prepayment + balance = price
        assert mine == pricing.split(price)
    total = Amounts.total(p.amounts for p in planned)
    assert total == Amounts.total(pricing.split(p) for p in prices)


@settings(max_examples=300, deadline=None)
@given(priced_briefs())
def test_a_gross_price_brief_bills_the_same_as_its_net_twin(
    case: tuple[dict[str, Any], list[Decimal]],
) -> None:
    options, nets = case
    net_brief = brief([str(p) for p in nets], **options)
    grosses = [pricing_of(net_brief).split(p).gross for p in nets]
    gross_brief = brief([str(p) for p in grosses], gross=True, **options)

    def per_iteration(subject: Brief) -> list[Amounts]:
        planned = planned_instalments(subject)
        return [
            Amounts.total(p.amounts for p in planned if p.iteration == n)
            for n in range(1, len(nets) + 1)
        ]

    assert per_iteration(gross_brief) == per_iteration(net_brief)


# --- the terms and status agree --------------------------------------------------------------


@pytest.mark.parametrize("gross", [False, True], ids=["net prices", "gross prices"])
def test_the_terms_worked_example_and_status_settle_alike(
    gross: bool, tmp_path: Path, brief_data: Callable[[str], dict[str, Any]]
) -> None:
    """Ending during iteration 1 with its prepayment paid: the terms' example and the
    settlement ``status`` works out charge the same fee."""
    from firmbrief.briefs.loading import load_brief_file
    from firmbrief.contracts.documents import document_context
    from firmbrief.contracts.views import Formats

    data = brief_data("logo")
    if gross:  # the same iterations, priced gross (an odd price, so rounding shows)
        data["tax"]["prices"] = "gross"
        data["iterations"][0]["price"] = "1999.99"
        data["iterations"][1]["price"] = "2500.01"
        data["total"] = "4500.00"
    path = tmp_path / "brief.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    parsed = load_brief_file(path).brief
    assert parsed is not None
    example = document_context(parsed, kind="terms", today=date(2026, 12, 1)).cancellation
    prepayment = planned_instalments(parsed)[0].amounts.gross

    for args in (
        ("signed", "--date", "2026-12-01"),
        ("payment", "--amount", str(prepayment), "--for", "1-prepayment", "--date", "2027-01-05"),
        ("cancelled", "--by", "client", "--date", "2027-01-20"),
    ):
        assert run("record", path, *args).exit_code == 0
    shown = run("status", path, "--today", "2027-01-20", "--format", "json")
    (line,) = json.loads(shown.stdout)["cancellation"]["owed"]
    owed = Amounts(*(D(line["owed"][part]) for part in ("net", "tax", "gross")))
    fee = owed - planned_instalments(parsed)[0].amounts
    fmt = Formats("en_DE", "EUR", 2)
    assert example["example"]["fee"] == fmt.money(fee.basis(gross))
    assert D(line["received"]) == prepayment


# --- reading amounts: one rule for the brief, the record and the answers ----------------------

READINGS: list[tuple[str, str | None, str]] = [
    # (typed, the brief's locale, read as ... or "!" and the start of the refusal)
    ("1071", None, "1071"),
    ("1071.00", None, "1071.00"),
    ("1071,00", None, "1071.00"),  # a decimal comma that cannot be mistaken
    ("280,5", None, "280.5"),
    ("  42 ", None, "42"),
    ("1,071", None, '!"1,071" could be 1071 (a comma grouping thousands) or 1.071'),
    ("1,071", "en_DE", '!"1,071" could be 1071'),  # German hands mean it both ways
    ("1,071", "en_US", "1071"),  # the locale decides
    ("1,071.00", "en_US", "1071.00"),
    ("1,071.00", None, '!"1,071.00" uses separators that can be read more than one way'),
    ("1.071,00", "en_DE", "1071.00"),
    ("1.071,00", "en_US", '!"1.071,00" uses separators'),
    ("1.071,00", None, '!"1.071,00" uses separators'),
    ("1.000", "en_DE", '!"1.000" could be 1000 (points grouping thousands) or 1.000'),
    ("1.000", None, "1.000"),  # as written: its precision is judged against the currency
    ("12 500,00", "en_FR", "12500.00"),
    ("1e3", None, '!"1e3" has an exponent'),
    ("1e3", "en_DE", '!"1e3" has an exponent'),  # Babel alone would read 1000
    ("1000E0", "en_US", '!"1000E0" has an exponent'),
    ("1.5e-2", "de_DE", '!"1.5e-2" has an exponent'),
    ("NaN", None, '!"NaN" is not an amount'),
    ("Infinity", None, '!"Infinity" is not an amount'),
    ("ten", None, '!"ten" is not an amount'),
    ("-5", None, "-5"),  # the field says whether a negative amount is allowed
]


@pytest.mark.parametrize(("typed", "locale", "expected"), READINGS)
def test_amounts_are_read_by_one_rule(typed: str, locale: str | None, expected: str) -> None:
    if expected.startswith("!"):
        with pytest.raises(money.AmountUnclear) as refused:
            money.parse_amount(typed, locale=locale)
        assert str(refused.value).startswith(expected[1:]), refused.value
    else:
        read = money.parse_amount(typed, locale=locale)
        assert str(read) == expected


@pytest.mark.parametrize(
    ("amount", "currency", "problem"),
    [("10.50", "EUR", None), ("100.001", "KWD", None), ("12000", "JPY", None),
     ("10.5051", "EUR", "10.5051 has more decimals than EUR has (2)"),
     ("10.505", "EUR", "10.505 has more decimals than EUR has (2); if you mean 10505, write 10505.00"),
     ("1.000", "EUR", "1.000 has more decimals than EUR has (2); if you mean 1000, write 1000.00"),
     ("1.5", "JPY", "1.5 has more decimals than JPY has (0)")],
)  # fmt: skip
def test_an_amount_as_written_fits_its_currency(
    amount: str, currency: str, problem: str | None
) -> None:
    assert money.imprecise(D(amount), money.minor_digits(currency), currency) == problem


def test_a_brief_and_the_record_read_a_decimal_comma_alike(logo: Path) -> None:
    data = yaml.safe_load(logo.read_text("utf-8"))
    data["payment"]["extra_round_price"] = "280,50"
    logo.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    assert run("record", logo, "signed", "--date", "2026-12-01").exit_code == 0
    paid = run("record", logo, "payment", "--amount", "1071,00", "--date", "2027-01-05")
    assert paid.exit_code == 0, paid.output
    assert "payment of 1,071.00 EUR for the iteration 1 prepayment: paid in full" in paid.stdout
    status = json.loads(run("status", logo, "--today", "2027-01-05", "-f", "json").stdout)
    assert status["instalments"][0]["received"]["gross"] == "1071.00"
