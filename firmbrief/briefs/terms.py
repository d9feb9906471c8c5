"""The money and terms of a brief: tax, the payment schedule, a test task, cancellation, the
terms that protect both sides, and the documents' branding."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import (
    Field,
)

from firmbrief.briefs.agreement import Legal
from firmbrief.briefs.fields import (
    Colour,
    DateText,
    Days,
    Line,
    Model,
    Money,
    Number,
    Percent,
    Sentence,
    Text,
    ask,
)

__all__ = ["Branding", "Cancellation", "Instalment", "Payment", "Tax", "Terms", "TestTask"]


class Tax(Model):
    """How tax applies to the prices."""

    prices: Literal["net", "gross"] = ask(
        "Are prices net or gross?",
        of="freelancer",
        help="net: tax is added on top; gross: prices include tax.",
        default="net",
    )
    name: Line | None = ask(
        "Tax name", of="freelancer", help="As it appears on invoices.", example="VAT"
    )
    rate: Percent | None = ask(
        "Tax rate (%)", of="freelancer", help="0 with an exemption.", example="19"
    )
    exemption: Literal["none", "reverse_charge", "small_business", "not_taxable"] = ask(
        "Tax exemption",
        of="freelancer",
        help="reverse_charge (client accounts for VAT), small_business, not_taxable, or none.",
        default="none",
    )
    note: Sentence | None = ask(
        "Tax note on documents",
        of="freelancer",
        help="The legal wording the exemption calls for.",
        example="Reverse charge: VAT to be accounted for by the recipient.",
    )


class Instalment(Model):
    """One payment, when the brief spells the schedule out instead of deriving it."""

    iteration: Number | None = None
    kind: Literal["prepayment", "balance"] | None = None
    net: Money | None = None
    tax: Money | None = None
    gross: Money | None = None
    due: DateText | None = None


class Payment(Model):
    """When and how the client pays."""

    prepayment_percent: Percent = ask(
        "Prepayment (%)",
        of="freelancer",
        help="Share of each iteration's price paid before it starts; the rest on acceptance.",
        default=Decimal(50),
    )
    due_days: Days = ask(
        "Payment due (days)",
        of="freelancer",
        help="Days an invoice may stay unpaid.",
        default=14,
    )
    extra_round_price: Money | None = ask(
        "Price of an extra revision round",
        of="freelancer",
        help="Billed for each round beyond those included.",
        example="250.00",
    )
    interest_rate: Percent | None = ask(
        "Late-payment interest (% a year)",
        of="freelancer",
        help=(
            "A fixed yearly rate on overdue invoices. Default: the rate the law of your "
            "country sets for business clients (none where it sets none, as in the US)."
        ),
        example="8",
    )
    recovery_fee: Money | None = ask(
        "Fixed fee per late invoice",
        of="freelancer",
        help="Default: the fixed sum the law sets (40 EUR in the EU, 40 to 100 GBP in the UK).",
        example="40.00",
    )
    end_after_days: Days = ask(
        "End after an invoice is overdue (days)",
        of="freelancer",
        help="Days an invoice may stay overdue before you may end the agreement.",
        default=30,
    )
    late_payment: Text | None = ask(
        "Further late payment terms",
        of="freelancer",
        help="Optional: anything more about late payment, in words.",
        example="Reminders after the first one cost 5.00 each.",
    )
    instalments: list[Instalment] | None = Field(
        None,
        max_length=200,
        description=(
            "Optional: the payment schedule spelled out. Without it, each iteration is paid "
            "prepayment_percent before it starts and the rest on acceptance."
        ),
    )


# --- terms ----------------------------------------------------------------------------------


class TestTask(Model):
    """A test task before the project: always paid."""

    __test__ = False  # not a pytest test class

    description: Line | None = None
    price: Money | None = None
    due: DateText | None = None


class Cancellation(Model):
    """What happens if either side ends the project early."""

    notice_days: Days = Field(14, description="Days of written notice either side gives.")
    fee_percent: Percent = Field(
        Decimal(25),
        description=(
            "Share of the unpaid rest of the iteration in progress the client pays on "
            "cancelling; accepted iterations are paid in full and prepayments are not refunded. "
            "When the freelancer ends the project, no fee is due and prepayments for work not "
            "accepted are refunded."
        ),
    )
    cure_days: Days = Field(
        14,
        description=(
            "Days a side has, after a written reminder, to put right a payment, an answer or a "
            "delivery it owes before the other may end the agreement for that cause."
        ),
    )
    terms: Text | None = Field(None, description="Optional further terms in words.")


class Terms(Model):
    """The terms that protect both sides."""

    source_release: Literal["after_final_payment", "on_delivery", "not_included"] = Field(
        "after_final_payment",
        description=(
            "When source and working files are handed over: after_final_payment, not_included "
            "(only final files), or on_delivery (not recommended: before payment)."
        ),
    )
    rights: Literal["transfer", "exclusive_licence", "non_exclusive_licence", "licence"] = Field(
        "transfer",
        description=(
            "What passes to the client for each iteration once it is paid in full: transfer "
            "(the rights themselves; exclusive rights of use where the law allows no transfer), "
            "exclusive_licence, non_exclusive_licence, or licence (as worded in licence)."
        ),
    )
    licence: Text | None = Field(None, description="The licence's scope, when rights: licence.")
    territory: Line | None = Field(
        None, description="Where the client may use the work (default: worldwide)."
    )
    term: Line | None = Field(
        None,
        description="For how long a licence runs (default: for as long as the rights last).",
    )
    portfolio: bool = Field(
        True,
        description="Whether the freelancer may show the finished work in a portfolio.",
    )
    portfolio_from: DateText | None = Field(
        None, description="The day from which the work may be shown (default: once published)."
    )
    paper: Literal["A4", "Letter"] | None = Field(
        None, description="Paper size (default: Letter for a client in the US or Canada, else A4)."
    )
    legal: Legal = Field(default_factory=Legal)
    previews: Literal["watermarked", "low_resolution", "full"] = Field(
        "watermarked", description="How work is shown before it is paid."
    )
    iterations: Literal["one_after_another", "may_overlap"] = Field(
        "one_after_another",
        description=(
            "one_after_another: an iteration starts once its prepayment is received and every "
            "iteration before it is accepted and paid in full; may_overlap: it may start before "
            "the one before it is accepted and paid (its own prepayment is still needed)."
        ),
    )
    late_materials: Literal["shift_dates", "keep_dates"] = Field(
        "shift_dates",
        description=(
            "shift_dates: when client materials arrive late, the dates of the work that needs "
            "them move by the same number of working days."
        ),
    )


class Branding(Model):
    """How the documents look: your studio's name, colour and logo."""

    studio: Line | None = None
    accent: Colour | None = Field(None, examples=["#1f5f8b"])
    logo: Line | None = Field(None, description="Path to a PNG, JPEG or SVG beside the brief.")
