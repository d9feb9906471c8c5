"""The business details invoices carry: both sides' countries (an EN 16931 invoice names the
seller's and the buyer's), VAT and tax numbers checked by the country's rules (a mistyped EU VAT
number is an error at its field; a number of another kind that cannot be confirmed, a
warning)."""

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
        if not party.tax_id:
            continue
        from firmbrief.briefs.banking import check_tax_number  # stdnum only when needed

        judged = check_tax_number(party.tax_id, party.country)
        if judged.problem:
            finding = error if judged.severity == "error" else warning
            yield finding("tax-number", (side, "tax_id"), judged.problem)
