"""The brief file: what a freelancer and a client agree on before work starts.

The schema is strict about shape (unknown keys are errors, text has a length cap and no control
characters, money is :class:`~decimal.Decimal`, never a float) and lenient about completeness:
a brief in progress, half filled by the client's questionnaire, is a valid file. Whether it is
complete and firm enough to start is :mod:`firmbrief.briefs.readiness`'s question.

Dates are kept as the text the user wrote (a firm date may be spelled several ways); the
firm-date rule in :mod:`firmbrief.briefs.dates` reads them. :func:`date_fields` finds every date
in a brief, so no rule has to list them.

Each field carries its question for the client or the freelancer in its JSON Schema
(``x-question``, ``x-asked-of``), beside its description and examples: the questionnaire and the
interview are generated from here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, Final, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

__all__ = [
    "FORMAT_VERSION",
    "AskedOf",
    "Loc",
    "Brief",
    "Cancellation",
    "Client",
    "Deliverable",
    "Freelancer",
    "Instalment",
    "Iteration",
    "Material",
    "Payment",
    "Person",
    "Tax",
    "Terms",
    "TestTask",
    "date_fields",
    "json_schema",
    "model_in",
]

FORMAT_VERSION: Final = 1

AskedOf = Literal["client", "freelancer"]
"""Who answers a field's question: the client, or the freelancer."""

Loc = tuple[str | int, ...]
"""A path in a brief: ``("iterations", 0, "start")``."""

# --- text -----------------------------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n?")


def _no_controls(value: str, *, multiline: bool) -> str:
    value = _NEWLINES.sub("\n", value) if multiline else value
    allowed = "\n\t" if multiline else ""
    for char in value:
        category = unicodedata.category(char)
        if (category == "Cc" and char not in allowed) or category == "Cs":
            where = "here" if multiline else "in a one-line field"
            raise PydanticCustomError(
                "control-character",
                "the control character U+{code} is not allowed {where}",
                {"code": f"{ord(char):04X}", "where": where},
            )
    return value


def _line(value: str) -> str:
    return _no_controls(value, multiline=False)


def _text(value: str) -> str:
    return _no_controls(value, multiline=True)


Line = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_line)
]
"""One line of text: a name, a title, a label."""

Sentence = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_line)
]
"""One sentence: a goal, an acceptance criterion."""

Text = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=5000), AfterValidator(_text)
]
"""Several lines or paragraphs: a summary, an address, terms in words."""

Ident = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
]
"""A short id to refer to a deliverable: ``logo``, ``home-page``."""

_NOT_IN_EMAIL = "@\\s<>\"',;"
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        max_length=254,
        pattern=f"^[^{_NOT_IN_EMAIL}]+@[^{_NOT_IN_EMAIL}]+\\.[^{_NOT_IN_EMAIL}.]+$",
    ),
]


def _upper(value: str) -> str:
    return value.upper()


Country = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z]{2}$"),
    AfterValidator(_upper),
    Field(examples=["DE"], description="ISO 3166 two-letter country code"),
]
Currency = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z]{3}$"),
    AfterValidator(_upper),
    Field(examples=["EUR"], description="ISO 4217 three-letter currency code"),
]
Colour = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^#[0-9A-Fa-f]{6}$")]

_NONE_WORDS: Final = ("none", "None", "NONE")


def _none_word(value: Any) -> Any:
    return [] if isinstance(value, str) and value.strip() in _NONE_WORDS else value


Names = Annotated[
    list[Line],
    BeforeValidator(_none_word),
    Field(max_length=30),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "array", "items": {"type": "string", "maxLength": 200}, "maxItems": 30},
                {"type": "string", "enum": list(_NONE_WORDS)},
            ]
        }
    ),
]
"""A list of names, or the word ``none`` (the same as an empty list): said, and nobody."""

# --- numbers --------------------------------------------------------------------------------

Money = Annotated[Decimal, Field(ge=0, le=Decimal("1e12"), decimal_places=4)]
"""An amount in the brief's currency: a decimal number, never a float."""

Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=4)]
Hours = Annotated[Decimal, Field(ge=0, le=100_000, decimal_places=2)]
Count = Annotated[int, Field(ge=0, le=100)]
Days = Annotated[int, Field(ge=0, le=365)]
Number = Annotated[int, Field(ge=1, le=100)]

# --- dates ----------------------------------------------------------------------------------

DATE_EXAMPLES: Final = ["2027-03-15", "15 March 2027", "March 15, 2027"]

DateText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=64),
    Field(
        examples=DATE_EXAMPLES,
        json_schema_extra={"x-firm-date": True},
        description=(
            "A firm calendar date: day, month and year, e.g. 2027-03-15 or 15 March 2027. "
            'Not "ASAP", "end of March" or "Q2".'
        ),
    ),
]
"""A date as written. Whether it is firm is the firm-date rule's question, not the schema's."""


def ask(
    question: str,
    *,
    of: AskedOf,
    help: str,
    example: Any = None,
    default: Any = None,
    **kwargs: Any,
) -> Any:
    """A field with its question: ``x-question`` and ``x-asked-of`` in the JSON Schema."""
    extra: dict[str, Any] = {"x-question": question, "x-asked-of": of}
    examples = [example] if example is not None else None
    return Field(
        default,
        description=help,
        examples=examples,
        json_schema_extra=extra,
        **kwargs,
    )


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_default=False)


# --- parties --------------------------------------------------------------------------------


class Person(_Model):
    """Someone who approves or signs."""

    name: Line | None = ask(
        "Full name", of="client", help="The person, not the company.", example="Tom Becker"
    )
    email: Email | None = ask(
        "Email", of="client", help="Where decisions are sent.", example="tom@kettleandcrumb.de"
    )
    role: Line | None = ask("Role", of="client", help="Their job title.", example="Owner")


class _Party(_Model):
    name: Line | None = None
    company: Line | None = None
    email: Email | None = None
    phone: Line | None = None
    address: Text | None = None
    country: Country | None = None
    tax_id: Line | None = None


class Freelancer(_Party):
    """You: the freelancer or studio doing the work."""

    name: Line | None = ask(
        "Your full name", of="freelancer", help="Signs the terms.", example="Mara Jensen"
    )
    company: Line | None = ask(
        "Your business name", of="freelancer", help="Optional.", example="Jensen Studio"
    )
    email: Email | None = ask(
        "Your email", of="freelancer", help="For the documents.", example="mara@jensen.studio"
    )
    role: Line | None = ask(
        "Your role", of="freelancer", help="Shown in the signature block.", example="Designer"
    )
    phone: Line | None = ask(
        "Your phone", of="freelancer", help="Optional.", example="+49 30 1234567"
    )
    address: Text | None = ask(
        "Your business address",
        of="freelancer",
        help="As it appears on your invoices.",
        example="Oderberger Str. 12, 10435 Berlin",
    )
    tax_id: Line | None = ask(
        "Your VAT or tax number",
        of="freelancer",
        help="As it appears on your invoices.",
        example="DE 298 471 553",
    )
    country: Country | None = ask(
        "Country you work from",
        of="freelancer",
        help="Two-letter code; public holidays come from it.",
        example="DE",
    )
    region: Annotated[str, StringConstraints(max_length=10)] | None = ask(
        "Region (state, province)",
        of="freelancer",
        help="Optional code for regional holidays, e.g. BY for Bavaria.",
        example="BE",
    )


class Client(_Party):
    """The client: the company or person paying for the work."""

    name: Line | None = ask(
        "Your full name", of="client", help="The contact for this project.", example="Tom Becker"
    )
    company: Line | None = ask(
        "Company", of="client", help="The legal name on invoices.", example="Kettle & Crumb GmbH"
    )
    email: Email | None = ask(
        "Email", of="client", help="For questions and drafts.", example="tom@kettleandcrumb.de"
    )
    address: Text | None = ask(
        "Billing address",
        of="client",
        help="As it should appear on invoices.",
        example="Bergstr. 4, 10115 Berlin",
    )
    phone: Line | None = ask(
        "Phone", of="client", help="Optional: for quick questions.", example="+49 30 7654321"
    )
    country: Country | None = ask(
        "Country",
        of="client",
        help="Two-letter code of the country you are billed in.",
        example="DE",
    )
    tax_id: Line | None = ask(
        "VAT number",
        of="client",
        help="If your company has one: it goes on invoices (and decides how VAT applies).",
        example="DE 811 907 234",
    )
    approver: Person | None = ask(
        "Who approves the work?",
        of="client",
        help="One person whose yes or no is final for each draft and delivery.",
    )
    also_agree: Names | None = ask(
        "Who else must agree before work is accepted?",
        of="client",
        help='Names or roles (a partner, legal, marketing), or "none".',
        example=["Legal department"],
    )


# --- the work -------------------------------------------------------------------------------


class Deliverable(_Model):
    """One thing delivered, with a counted volume and how it will be accepted."""

    id: Ident | None = ask(
        "Short id",
        of="freelancer",
        help="How iterations refer to this deliverable.",
        example="logo",
    )
    name: Line | None = ask(
        "What is delivered?", of="client", help="A name for it.", example="Primary logo"
    )
    description: Text | None = ask(
        "Describe it",
        of="client",
        help="Optional: what it is and where it is used.",
        example="The mark used on the shop front, packaging and website.",
    )
    volume: Line | None = ask(
        "How many, counted?",
        of="client",
        help='A number and a unit: "12 pages", "1 logo", "3000 words". Not "a few".',
        example="1 logo",
    )
    formats: list[Line] = ask(
        "In which formats?",
        of="client",
        help="File formats or media.",
        example=["SVG", "PNG", "PDF"],
        default=[],
        max_length=20,
    )
    acceptance: list[Sentence] = ask(
        "How will you judge it is done?",
        of="client",
        help="One to a few checkable statements you will look at to accept it.",
        example=["The logo reads at 16 px"],
        default=[],
        max_length=10,
    )
    hours: Hours | None = ask(
        "Estimated hours",
        of="freelancer",
        help="Your estimate of the effort for this deliverable.",
        example="20",
    )


class Material(_Model):
    """Something the client supplies: texts, photos, access, a brand book."""

    name: Line | None = ask(
        "What will you supply?",
        of="client",
        help="Texts, photos, logins, brand book...",
        example="Photos of the shop",
    )
    due: DateText | None = ask(
        "By which date?", of="client", help="A calendar day.", example="2027-01-08"
    )
    iteration: Number | None = ask(
        "Needed for iteration number",
        of="freelancer",
        help="The iteration that needs it (1 is the first); the first if not said.",
        example=1,
    )


class Iteration(_Model):
    """One stage of the work, paid and accepted on its own."""

    name: Line | None = ask(
        "Stage name", of="client", help="A short name for this stage.", example="Concepts"
    )
    deliverables: list[Ident] = ask(
        "Which deliverables does it cover?",
        of="freelancer",
        help="Ids of the deliverables worked on in this stage.",
        example=["logo"],
        default=[],
        max_length=50,
    )
    start: DateText | None = ask(
        "Start date", of="client", help="The day work on this stage begins.", example="2027-01-11"
    )
    delivery: DateText | None = ask(
        "Delivery date",
        of="client",
        help="The day this stage's result is delivered for acceptance.",
        example="2027-01-29",
    )
    review_days: Days | None = ask(
        "Review period (working days)",
        of="client",
        help="How many working days you need to review a delivery and answer.",
        example=3,
    )
    drafts: Count | None = ask(
        "Drafts",
        of="freelancer",
        help="How many drafts this stage includes; the first is for getting on the same page.",
        example=2,
    )
    revision_rounds: Count | None = ask(
        "Revision rounds included",
        of="freelancer",
        help="Rounds of changes included in the price; more are billed.",
        example=2,
    )
    price: Money | None = ask(
        "Price", of="freelancer", help="The price of this stage.", example="1800.00"
    )
    hours: Hours | None = ask(
        "Estimated hours",
        of="freelancer",
        help="Optional: effort for this stage (otherwise from its deliverables).",
        example="30",
    )


# --- money ----------------------------------------------------------------------------------


class Tax(_Model):
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


class Instalment(_Model):
    """One payment, when the brief spells the schedule out instead of deriving it."""

    iteration: Number | None = None
    kind: Literal["prepayment", "balance"] | None = None
    net: Money | None = None
    tax: Money | None = None
    gross: Money | None = None
    due: DateText | None = None


class Payment(_Model):
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
    late_payment: Text = ask(
        "Late payment terms",
        of="freelancer",
        help="What happens when an invoice is paid late.",
        default=(
            "Late payments bear statutory interest for late payment. Work pauses while an "
            "invoice is overdue, and the dates that follow move by the same number of days."
        ),
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


class TestTask(_Model):
    """A test task before the project: always paid."""

    __test__ = False  # not a pytest test class

    description: Line | None = None
    price: Money | None = None
    due: DateText | None = None


class Cancellation(_Model):
    """What happens if either side ends the project early."""

    notice_days: Days = Field(14, description="Days of written notice either side gives.")
    fee_percent: Percent = Field(
        Decimal(25),
        description=(
            "Share of the unpaid rest of the iteration in progress the client pays on "
            "cancelling; accepted iterations are paid in full and prepayments are not refunded."
        ),
    )
    terms: Text | None = Field(None, description="Optional further terms in words.")


class Terms(_Model):
    """The terms that protect both sides."""

    source_release: Literal["after_final_payment", "on_delivery", "not_included"] = Field(
        "after_final_payment",
        description=(
            "When source and working files are handed over: after_final_payment, not_included "
            "(only final files), or on_delivery (not recommended: before payment)."
        ),
    )
    rights: Literal["transfer", "licence"] = Field(
        "transfer",
        description="What passes to the client on full payment: ownership, or a licence.",
    )
    licence: Text | None = Field(None, description="The licence's scope, when rights: licence.")
    previews: Literal["watermarked", "low_resolution", "full"] = Field(
        "watermarked", description="How work is shown before it is paid."
    )
    late_materials: Literal["shift_dates", "keep_dates"] = Field(
        "shift_dates",
        description=(
            "shift_dates: when client materials arrive late, the dates of the work that needs "
            "them move by the same number of working days."
        ),
    )


class Branding(_Model):
    """How the documents look: your studio's name, colour and logo."""

    studio: Line | None = None
    accent: Colour | None = Field(None, examples=["#1f5f8b"])
    logo: Line | None = Field(None, description="Path to a PNG, JPEG or SVG beside the brief.")


# --- the brief ------------------------------------------------------------------------------


class Brief(_Model):
    """A client brief: parties, goals, deliverables, schedule, money and terms."""

    model_config = ConfigDict(title="firmbrief brief")

    schema_: str | None = Field(
        None, alias="$schema", description="Optional: the JSON Schema this file follows."
    )
    format_version: Annotated[int, Field(ge=1, le=FORMAT_VERSION)] = Field(
        FORMAT_VERSION, description="The brief file format's version."
    )
    title: Line | None = ask(
        "Project title", of="client", help="A short name.", example="Brand identity for a bakery"
    )
    summary: Text | None = ask(
        "What is the project about?",
        of="client",
        help="Two or three sentences.",
        example="A new identity for a family bakery opening its second shop.",
    )
    date_order: Literal["DMY", "MDY"] | None = ask(
        "How do you write dates in numbers?",
        of="client",
        help=(
            "How to read all-numeric dates such as 03/04/2027: DMY (3 April) or MDY (March 4). "
            "Without it, such a date is refused as ambiguous."
        ),
    )
    freelancer: Freelancer = Field(default_factory=Freelancer)
    client: Client = Field(default_factory=Client)
    goals: list[Sentence] = ask(
        "What must the project achieve?",
        of="client",
        help="Each goal one sentence; what success looks like.",
        example=["Passers-by recognise the bakery from across the street"],
        default=[],
        max_length=20,
    )
    emphasis: list[Sentence] = ask(
        "What should the work emphasise?",
        of="client",
        help="What matters most when choices must be made.",
        example=["Warmth and craft over trendiness"],
        default=[],
        max_length=20,
    )
    audience: Text | None = ask(
        "Who is it for?",
        of="client",
        help="The people the work must speak to.",
        example="Families and office workers in the neighbourhood.",
    )
    rules: Names | None = ask(
        "Which rules must the work follow?",
        of="client",
        help='Brand book, corporate guidelines, legal review... or "none".',
        example=["Brand book v2"],
    )
    deliverables: list[Deliverable] = Field(default_factory=list, max_length=50)
    materials: list[Material] = Field(default_factory=list, max_length=50)
    iterations: list[Iteration] = Field(default_factory=list, max_length=50)
    capacity_hours_per_week: Hours | None = ask(
        "Your capacity (hours per week)",
        of="freelancer",
        help="Hours a week you can give this project.",
        example="25",
    )
    update_interval_days: Days | None = ask(
        "Progress update every (working days)",
        of="freelancer",
        help="How often you report progress to the client.",
        example=3,
    )
    currency: Currency | None = ask(
        "Currency", of="freelancer", help="Three-letter code.", example="EUR"
    )
    total: Money | None = ask(
        "Total price",
        of="freelancer",
        help="The sum of the iterations' prices (net or gross, as tax.prices says).",
        example="4800.00",
    )
    tax: Tax | None = None
    payment: Payment = Field(default_factory=Payment)
    terms: Terms = Field(default_factory=Terms)
    test_task: TestTask | None = Field(
        None, description="A test task before the project, if any: it must be paid."
    )
    cancellation: Cancellation = Field(default_factory=Cancellation)
    branding: Branding | None = None


# --- walking a brief ------------------------------------------------------------------------


def _is_date(annotation: Any) -> bool:
    return annotation == DateText or any(_is_date(arg) for arg in get_args(annotation))


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside a field's annotation (``Client | None``, ``list[Iteration]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        if found := model_in(arg):
            return found
    return None


def date_fields(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every date written in ``model``, with its path: ``(("iterations", 0, "start"), "...")``."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = info.alias or name
        if isinstance(value, str) and _is_date(info.annotation):
            yield (*loc, key), value
        elif isinstance(value, BaseModel):
            yield from date_fields(value, (*loc, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from date_fields(item, (*loc, key, index))


def json_schema() -> dict[str, Any]:
    """The brief's JSON Schema (draft 2020-12), for editors and validators."""
    schema = Brief.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
