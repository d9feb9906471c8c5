"""Hypothesis strategies for briefs: valid by construction, varied in every text, number and date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

# Any character a person could type into a field: no control characters, no lone surrogates.
_TYPABLE = st.characters(blacklist_categories=("Cc", "Cs"))
line = st.text(_TYPABLE, min_size=1, max_size=60).filter(lambda s: s.strip() == s and s != "")
sentence = st.text(_TYPABLE, min_size=1, max_size=120).filter(lambda s: s.strip() == s and s != "")
paragraphs = st.lists(line, min_size=1, max_size=3).map("\n".join)
money = st.decimals(min_value=0, max_value=Decimal(10) ** 6, places=2)
ident = st.from_regex(r"[a-z][a-z0-9-]{0,11}", fullmatch=True)


def firm_dates() -> st.SearchStrategy[str]:
    days = st.dates(min_value=date(2027, 1, 1), max_value=date(2032, 12, 31))
    return days.flatmap(
        lambda d: st.sampled_from(
            [
                d.isoformat(),
                f"{d.day} {d:%B} {d.year}",
                f"{d:%B} {d.day}, {d.year}",
                f"{d:%a} {d.day} {d:%b} {d.year}",
            ]
        )
    )


@st.composite
def brief_data(draw: st.DrawFn) -> dict[str, Any]:
    """The data of a valid brief (not necessarily ready: readiness is not the point here)."""
    ids = draw(st.lists(ident, min_size=1, max_size=3, unique=True))
    deliverables = [
        {
            "id": ident_,
            "name": draw(line),
            "volume": f"{draw(st.integers(1, 5000))} {draw(st.sampled_from(['pages', 'words', 'logo', 'screens']))}",
            "formats": draw(st.lists(line, max_size=3)),
            "acceptance": draw(st.lists(sentence, min_size=1, max_size=2)),
            "hours": str(draw(st.integers(0, 200))),
        }
        for ident_ in ids
    ]
    iterations = [
        {
            "name": draw(line),
            "deliverables": draw(
                st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True)
            ),
            "start": draw(firm_dates()),
            "delivery": draw(firm_dates()),
            "review_days": draw(st.integers(0, 20)),
            "drafts": draw(st.integers(1, 5)),
            "revision_rounds": draw(st.integers(0, 5)),
            "price": str(draw(money)),
        }
        for _ in range(draw(st.integers(1, 3)))
    ]
    return {
        "title": draw(line),
        "summary": draw(paragraphs),
        "freelancer": {"name": draw(line), "email": "someone@example.com", "country": "DE"},
        "client": {
            "company": draw(line),
            "address": draw(paragraphs),
            "approver": {"name": draw(line), "role": draw(line)},
            "also_agree": draw(st.one_of(st.just("none"), st.lists(line, max_size=2))),
        },
        "goals": draw(st.lists(sentence, min_size=1, max_size=3)),
        "emphasis": draw(st.lists(sentence, max_size=2)),
        "audience": draw(paragraphs),
        "deliverables": deliverables,
        "materials": [{"name": draw(line), "due": draw(firm_dates()), "iteration": 1}],
        "iterations": iterations,
        "currency": draw(st.sampled_from(["EUR", "USD", "JPY", "GBP"])),
        "total": str(draw(money)),
        "tax": {
            "prices": draw(st.sampled_from(["net", "gross"])),
            "name": "VAT",
            "rate": str(draw(st.integers(0, 25))),
        },
        "payment": {
            "prepayment_percent": str(draw(st.integers(1, 100))),
            "extra_round_price": str(draw(money)),
        },
    }
