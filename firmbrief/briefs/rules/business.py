"""The business details invoices carry: both sides' countries (an EN 16931 invoice names the
seller's and the buyer's), VAT and tax numbers checked by the country's rules (a mistyped EU VAT
number is an error at its field; a number of another kind that cannot be confirmed, a
warning); the freelancer's registration number and what the seller's law has its invoices say
(a French SIREN and "EI", a UK VAT invoice's VAT in sterling)."""

from __future__ import annotations

from collections.abc import Iterator

from firmbrief.briefs.report import Finding
from firmbrief.briefs.rules import Context, error, warning

__all__ = ["check_tax_numbers"]

_BILLED = {"freelancer": "you bill from", "client": "the client is billed in"}


def check_tax_numbers(ctx: Context) -> Iterator[Finding]:
    for side, party in (("freelancer", ctx.brief.freelancer), ("client", ctx.brief.client)):
        named = party.name or getattr(party, "company", None)  # else: no party to bill yet
        if named and not party.country:
            yield error(
                "country-for-invoices",
                (side, "country"),
                f"the country {_BILLED[side]} is not given, and every invoice names it: "
                "write its two-letter code, e.g. DE",
            )
        if side == "freelancer":
            yield from _registration(ctx)
        if not party.tax_id:
            continue
        from firmbrief.briefs.banking import check_tax_number  # stdnum only when needed

        judged = check_tax_number(party.tax_id, party.country)
        if judged.problem:
            finding = error if judged.severity == "error" else warning
            yield finding("tax-number", (side, "tax_id"), judged.problem)


def _registration(ctx: Context) -> Iterator[Finding]:
    """The freelancer's registration number by its country's rule; under a law whose invoices
    must name it (French invoices: the SIREN and "EI"), a warning when it is not given."""
    from firmbrief.briefs.law import invoice_mentions

    seller = ctx.brief.freelancer
    mentions = invoice_mentions(seller.country)
    if seller.registration:
        from firmbrief.briefs.registration import check_registration

        judged = check_registration(seller.registration, seller.country)
        if judged.problem:
            finding = error if judged.severity == "error" else warning
            yield finding("registration", ("freelancer", "registration"), judged.problem)
    elif "siren" in mentions and (seller.name or seller.company):
        yield warning(
            "registration-missing",
            ("freelancer", "registration"),
            "invoices under French law name the SIREN or SIRET (art. 242 nonies A annexe II "
            "CGI): write it as freelancer.registration (or [business] registration)",
        )
    taxed = ctx.brief.tax is not None and ctx.brief.tax.exemption == "none"
    currency = (ctx.brief.currency or "").upper()
    if "vat_in_gbp" in mentions and taxed and currency and currency != "GBP":
        yield warning(
            "vat-in-gbp",
            ("currency",),
            f"a UK VAT invoice in {currency} must also state the VAT in sterling (VAT "
            "Regulations 1995, reg. 14; HMRC VAT Notice 700, section 16.3), and firmbrief does "
            "not convert: invoice in GBP, or add the VAT in GBP to each invoice yourself",
        )
    if "ei" in mentions and seller.entity == "person" and not seller.legal_form and (
        seller.name or seller.company
    ):  # fmt: skip
        yield warning(
            "legal-form-ei",
            ("freelancer", "legal_form"),
            'an entrepreneur individuel\'s invoices carry "EI" after the name (art. L526-22 '
            "Code de commerce): write legal_form: EI",
        )
