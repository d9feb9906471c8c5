"""Whether an invoice can be made from a brief: :func:`check_invoiceable` refuses one at the
field that is missing or wrong (a currency, both parties' names and addresses, a payment route,
how tax applies, the tax and registration numbers by their countries' rules)."""

from __future__ import annotations

from pathlib import Path

from firmbrief.briefs.money import is_currency
from firmbrief.briefs.schema import Brief
from firmbrief.errors import BriefUnreadable, NotReady

__all__ = ["check_invoiceable"]


def check_invoiceable(brief: Brief, path: Path) -> None:
    """Refuse a brief an invoice cannot be made from, at the field that is missing or wrong."""
    from firmbrief.briefs.banking import check_tax_number

    def missing(field: str, message: str) -> NotReady:
        return NotReady(f"{message}: an invoice needs it (here or in firmbrief.toml's "
                        "[business])" if field.startswith("freelancer") else message,
                        file=str(path), field=field)  # fmt: skip

    if not brief.currency:
        raise missing("currency", "no currency")
    if not is_currency(brief.currency):
        raise BriefUnreadable(
            f'"{brief.currency}" is not an ISO 4217 currency', file=str(path), field="currency"
        )
    for side, party in (("freelancer", brief.freelancer), ("client", brief.client)):
        if party.tax_id:
            judged = check_tax_number(party.tax_id, party.country)
            if judged.problem and judged.severity == "error":
                raise BriefUnreadable(judged.problem, file=str(path), field=f"{side}.tax_id")
    seller = brief.freelancer
    if not (seller.company or seller.name):
        raise missing("freelancer.name", "no name for your business")
    if not seller.address:
        raise missing("freelancer.address", "no business address")
    if not seller.country:
        raise missing("freelancer.country", "no country")
    if not (seller.bank and seller.bank.iban) and not seller.payment_link:
        raise missing(
            "freelancer.bank.iban", "no payment route (a bank account, or a payment_link)"
        )
    if not (brief.client.company or brief.client.name):
        raise missing("client.company", "no client to invoice: say client.company or client.name")
    if not brief.client.address:
        raise missing("client.address", "no billing address for the client")
    if seller.registration:
        from firmbrief.briefs.registration import check_registration

        number = check_registration(seller.registration, seller.country)
        if number.problem and number.severity == "error":
            raise BriefUnreadable(number.problem, file=str(path), field="freelancer.registration")
    if brief.tax is None or (brief.tax.exemption == "none" and brief.tax.rate is None):
        raise missing("tax", "say how tax applies (tax.rate, or tax.exemption)")
    for side, party in (("freelancer", seller), ("client", brief.client)):
        if brief.tax.exemption == "reverse_charge" and not (
            party.tax_id and check_tax_number(party.tax_id, party.country).vat
        ):  # Art. 226(3) and (4) of the VAT Directive; EN 16931 BR-AE-02
            whose = "your" if side == "freelancer" else "the client's"
            raise missing(f"{side}.tax_id", f"no VAT number of {whose}: a reverse-charge "
                          f"invoice must show both parties' ({side}.tax_id, with its country "
                          "prefix)")  # fmt: skip
