"""The standard clauses of the terms, as brief fields: the law and the courts, liability,
confidentiality, third-party costs, force majeure and notices (``terms.legal``).

Every field has a default that fits the freelancer's country, so a brief that says nothing of
them still gets complete terms: :mod:`firmbrief.briefs.legal` fills in what is left unsaid.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from firmbrief.briefs.fields import Days, Line, Model, Money, Names, Text, ask

__all__ = ["Jurisdiction", "Legal"]

Jurisdiction = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$"
    ),
]
"""A country, or a country's state or province, as an ISO 3166 code: ``FR``, ``US-NY``."""


class Legal(Model):
    """The standard clauses every agreement needs, in plain words."""

    law: Jurisdiction | None = ask(
        "Governing law",
        of="freelancer",
        help=(
            "The law the agreement follows, as a country code or a US state or Canadian "
            "province (US-NY). Default: the law of the country you work from."
        ),
        example="US-NY",
    )
    venue: Line | None = ask(
        "Courts for disputes",
        of="freelancer",
        help="Default: the courts of the place you work from.",
        example="the state and federal courts in New York County, New York",
    )
    liability_cap: Money | None = ask(
        "Limit of liability",
        of="freelancer",
        help="The most either side owes the other for a claim. Default: the fees paid.",
        example="5000.00",
    )
    confidential_years: Annotated[int, Field(ge=0, le=20)] = ask(
        "Confidentiality (years)",
        of="freelancer",
        help="How long both sides keep each other's confidential information secret.",
        default=3,
    )
    third_party_costs: Literal["client", "freelancer"] = ask(
        "Who pays third-party costs?",
        of="freelancer",
        help=(
            "Fonts, plugins, stock images, hosting, services: client (bought in the client's "
            "name or passed on at cost, after the client agreed) or freelancer (in the price)."
        ),
        default="client",
    )
    third_party: Names | None = ask(
        "Third-party items expected",
        of="freelancer",
        help='Fonts, plugins, stock, hosting the work will need, or "none".',
        example=["A licence for the font Inter Display"],
    )
    force_majeure_days: Days = ask(
        "End after a standstill of (days)",
        of="freelancer",
        help=(
            "If illness or events beyond either side's control stop the work this long, "
            "either side may end the agreement."
        ),
        default=30,
    )
    notices: Text | None = ask(
        "Where formal notices go",
        of="freelancer",
        help=(
            "Address and channel for notices (ending the agreement, reminders). Default: "
            "email to the addresses on the terms."
        ),
        example="By email to legal@example.com, with a copy by post to the billing address",
    )
