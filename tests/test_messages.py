"""Messages that point at the fix: a key meant for another field, a percentage with its sign."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from firmbrief.briefs.loading import parse_brief
from firmbrief.briefs.readiness import assess


def _messages(data: dict[str, Any]) -> dict[str, str]:
    report = assess(parse_brief({"title": "T", **data}), file="b.yaml", today=date(2026, 12, 1))
    return {f.field: f.message for f in report.findings}


@pytest.mark.parametrize(
    ("data", "field", "expected"),
    [
        # by meaning, where spelling does not help
        ({"vat": 19}, "vat", 'unknown field "vat"; did you mean "tax"?'),
        ({"budget": 100}, "budget", 'did you mean "total"?'),
        ({"iterations": [{"deadline": "2027-03-01"}]}, "iterations[0].deadline", 'did you mean "delivery"?'),
        ({"payment": {"deposit": 50}}, "payment.deposit", 'did you mean "prepayment_percent"?'),
        ({"freelancer": {"state": "BY"}}, "freelancer.state", 'did you mean "region"?'),
        ({"client": {"vat_number": "DE1"}}, "client.vat_number", 'did you mean "tax_id"?'),
        # by place: the right key in the wrong place
        ({"region": "BY"}, "region", "it goes in freelancer.region"),
        ({"freelancer": {"iban": "DE89"}}, "freelancer.iban", "it goes in freelancer.bank.iban"),
        ({"deadline": "2027-03-01"}, "deadline", 'did you mean "delivery"? It goes in iterations[N].delivery'),
        # by spelling
        ({"iterations": [{"pirce": 10}]}, "iterations[0].pirce", 'did you mean "price"?'),
    ],
)
def test_an_unknown_key_points_at_the_field_it_meant(data: dict[str, Any], field: str, expected: str) -> None:
    message = _messages(data)[field]
    assert message.startswith('unknown field "')
    assert message.endswith(expected)
    assert "known fields here" not in message


def test_a_key_that_means_nothing_lists_the_fields_there() -> None:
    assert "known fields here: " in _messages({"xyzzy": 1})["xyzzy"]


@pytest.mark.parametrize("written", ["50%", "50 %", " 50% "])
def test_a_percentage_with_its_sign_is_read(written: str) -> None:
    parsed = parse_brief({"payment": {"prepayment_percent": written}, "tax": {"rate": "19%"}})
    assert parsed.brief is not None and not parsed.findings
    assert str(parsed.brief.payment.prepayment_percent) == "50"
    assert parsed.brief.tax is not None and str(parsed.brief.tax.rate) == "19"


def test_a_percentage_that_is_no_number_is_told_how_to_write_it() -> None:
    message = _messages({"payment": {"prepayment_percent": "half"}})["payment.prepayment_percent"]
    assert message == '"half" is not a percentage: write a number such as 50 (50% also works)'


def test_a_percentage_where_an_amount_belongs_is_told_so() -> None:
    message = _messages({"total": "50%"})["total"]
    assert message == '"50%" is a percentage, not an amount: write the amount, such as 1071.00'


def test_mid_january_is_not_offered_the_31st() -> None:
    message = _messages({"iterations": [{"start": "mid-January 2027"}]})["iterations[0].start"]
    assert "2027-01-15" in message and "2027-01-31" not in message


def test_the_ambiguous_date_tells_the_freelancer_about_date_order() -> None:
    message = _messages({"iterations": [{"start": "03/04/2027"}]})["iterations[0].start"]
    assert message.endswith("or declare the brief's date_order: DMY or MDY")
