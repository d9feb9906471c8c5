"""The brief file: what a freelancer and a client agree on before work starts.

The schema is strict about shape (unknown keys are errors, text has a length cap and no control
characters, money is :class:`~decimal.Decimal`, never a float) and lenient about completeness:
a brief in progress, half filled by the client's questionnaire, is a valid file. Whether it is
complete and firm enough to start is :mod:`firmbrief.briefs.readiness`'s question.

The kinds of values are in :mod:`firmbrief.briefs.fields`, the parties in
:mod:`firmbrief.briefs.parties`, the money and terms in :mod:`firmbrief.briefs.terms`; this
module holds the work (deliverables, materials, iterations) and the brief itself. Each field
carries its question for the client or the freelancer in its JSON Schema (``x-question``,
``x-asked-of``), beside its description and examples: the questionnaire and the interview are
generated from here.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from pydantic import (
    ConfigDict,
    Field,
)

from firmbrief.briefs.fields import (
    Count,
    Currency,
    DateText,
    Days,
    Hours,
    Ident,
    Language,
    Line,
    Model,
    Money,
    Names,
    Number,
    Sentence,
    Text,
    ask,
)
from firmbrief.briefs.parties import Client, Freelancer
from firmbrief.briefs.terms import Branding, Cancellation, Payment, Tax, Terms, TestTask

__all__ = ["FORMAT_VERSION", "Brief", "Deliverable", "Iteration", "Material", "json_schema"]

FORMAT_VERSION: Final = 1


# --- the work -------------------------------------------------------------------------------


class Deliverable(Model):
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
        about="How will the client judge it is done?",
        about_help="One to a few checkable statements the client will look at to accept it.",
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


class Material(Model):
    """Something the client supplies: texts, photos, access, a brand book."""

    name: Line | None = ask(
        "What will you supply?",
        about="What will the client supply?",
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


class Iteration(Model):
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
        about_help="How many working days the client needs to review a delivery and answer.",
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


# --- the brief ------------------------------------------------------------------------------


class Brief(Model):
    """A client brief: parties, goals, deliverables, schedule, money and terms."""

    model_config = ConfigDict(title="firmbrief brief", defer_build=False)

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
        about="How does the client write dates in numbers?",
        of="client",
        help=(
            "Is 03/04/2027 the 3rd of April (day first) or March 4 (month first)? Without it, "
            "a date written that way cannot be read."
        ),
        about_help=(
            "How to read all-numeric dates such as 03/04/2027: DMY (3 April) or MDY (March 4). "
            "Without it, such a date is refused as ambiguous."
        ),
    )
    language: Language | None = Field(
        None,
        description="The language of everything the client receives (en, de, fr, es). "
        "Default: the client's country's (DE, AT, CH: de; FR, BE, LU, MC: fr; ES and Latin "
        "America: es), else the freelancer's language, else en.",
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


def json_schema() -> dict[str, Any]:
    """The brief's JSON Schema (draft 2020-12), for editors and validators."""
    schema = Brief.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
