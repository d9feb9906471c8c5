"""The parties to a brief: the freelancer, the client, and the people who approve and sign."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    Field,
    StringConstraints,
)

from firmbrief.briefs.fields import (
    Bic,
    Country,
    Email,
    HttpsUrl,
    Iban,
    Language,
    Line,
    Model,
    Names,
    Text,
    ask,
)

__all__ = ["Bank", "Client", "Freelancer", "Person"]


class Person(Model):
    """Someone who approves or signs."""

    name: Line | None = ask(
        "Full name", of="client", help="The person, not the company.", example="Tom Becker"
    )
    email: Email | None = ask(
        "Email", of="client", help="Where decisions are sent.", example="tom@kettleandcrumb.de"
    )
    role: Line | None = ask("Role", of="client", help="Their job title.", example="Owner")


class Bank(Model):
    """The account invoices are paid into."""

    holder: Line | None = ask(
        "Account holder",
        of="freelancer",
        help="The name on the account (default: your business name).",
        example="Jensen Studio",
    )
    iban: Iban | None = ask(
        "IBAN",
        of="freelancer",
        help="The account's IBAN; checked (country, length, check digits).",
        example="DE89 3704 0044 0532 0130 00",
    )
    bic: Bic | None = ask(
        "BIC",
        of="freelancer",
        help="Your bank's BIC (SWIFT code); needed for payments from outside the EEA.",
        example="COBADEFFXXX",
    )


class _Party(Model):
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
    entity: Literal["person", "company"] = ask(
        "Do you contract in your own name?",
        of="freelancer",
        help=(
            "person: you contract yourself and the business name is your trading name "
            '("Mara Jensen, trading as Jensen Studio"); company: the business is a company '
            "that contracts in its own name."
        ),
        default="person",
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
        example="DE 298 471 558",
    )
    registration: Line | None = ask(
        "Your registration number",
        of="freelancer",
        help="Your legal registration number, apart from the VAT number, as invoices print it: "
        'a SIRET or SIREN in France, the commercial register entry in Germany ("HRB 12345, '
        'Amtsgericht Charlottenburg"), the Companies House number in the UK. Optional where '
        "your law asks for none.",
        example="732 829 320 00074",
    )
    legal_form: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] | None = (
        ask(
            "Your legal form",
            of="freelancer",
            help='As invoices print it after your name: "EI" for a French entrepreneur '
            "individuel; GmbH, SARL, Ltd... Optional.",
            example="EI",
        )
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
    bank: Bank | None = ask(
        "Your bank account",
        of="freelancer",
        help="Where invoices are paid: on every invoice, with a QR code banking apps read.",
    )
    payment_link: HttpsUrl | None = ask(
        "Payment link",
        of="freelancer",
        help="Optional: a web page where the client pays by card or otherwise (https://...).",
        example="https://pay.example.com/jensen-studio",
    )
    language: Language | None = Field(
        None,
        description="Your default language for clients whose country does not say one "
        "(en, de, fr, es); usually set once in firmbrief.toml's [business].",
    )


class Client(_Party):
    """The client: the company or person paying for the work."""

    kind: Literal["business", "consumer"] | None = ask(
        "Are you hiring as a business or as a private person?",
        of="client",
        help=(
            "business: a company, an organisation or a self-employed person (a sole trader) "
            "hiring for their trade or profession; consumer: a private person hiring for "
            "themselves. The law protects a consumer more, and the terms follow it."
        ),
        about="Is the client a business or a consumer (a private person)?",
        about_help=(
            "business: a company, an organisation or a sole trader hiring for their trade or "
            "profession; consumer: a private person. It decides the consumer's right of "
            "withdrawal, prices with tax, and which clauses apply."
        ),
    )
    name: Line | None = ask(
        "Your full name",
        of="client",
        help="The contact for this project.",
        example="Tom Becker",
        about="The client's full name",
        about_help="Your contact person for this project.",
    )
    company: Line | None = ask(
        "Company",
        of="client",
        help="The legal name on invoices.",
        example="Kettle & Crumb GmbH",
        about="The client's company",
    )
    email: Email | None = ask(
        "Email",
        of="client",
        help="For questions and drafts.",
        example="tom@kettleandcrumb.de",
        about="The client's email",
    )
    address: Text | None = ask(
        "Billing address",
        of="client",
        help="As it should appear on invoices.",
        example="Bergstr. 4, 10115 Berlin",
        about="The client's billing address",
    )
    phone: Line | None = ask(
        "Phone",
        of="client",
        help="Optional: for quick questions.",
        example="+49 30 7654321",
        about="The client's phone",
        about_help="Optional.",
    )
    country: Country | None = ask(
        "Country",
        of="client",
        help="Two-letter code of the country you are billed in.",
        example="DE",
        about="The client's country",
        about_help="Two-letter code of the country the client is billed in.",
    )
    tax_id: Line | None = ask(
        "VAT number",
        of="client",
        help="If your company has one: it goes on invoices (and decides how VAT applies).",
        example="DE 811 907 230",
        about="The client's VAT number",
        about_help="If the client's company has one: it goes on invoices (and decides how VAT "
        "applies).",
    )
    approver: Person | None = ask(
        "Who approves the work?",
        of="client",
        help="One person whose yes or no is final for each draft and delivery.",
    )
    signatory: Person | None = ask(
        "Who signs for the client?",
        of="client",
        help=(
            "The person who signs the terms and has the authority to bind the client "
            "(default: the person who approves the work)."
        ),
    )
    also_agree: Names | None = ask(
        "Who else must agree before work is accepted?",
        of="client",
        help='Names or roles (a partner, legal, marketing), or "none".',
        example=["Legal department"],
        about="Who else on the client's side must agree before work is accepted?",
    )
