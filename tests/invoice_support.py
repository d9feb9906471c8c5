"""Shared by the invoice tests: a business folder (the logo example beside a firmbrief.toml
with a bank account), and reading an invoice PDF back as a client's and an accountant's tools
read it: its text, its Factur-X XML, its QR code, its metadata."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from conftest import EXAMPLES, run

IBAN = "DE89370400440532013000"
BIC = "COBADEFFXXX"
PROFILE = f"""\
[business]
name = "Mara Jensen"
company = "Jensen Studio"

[business.bank]
iban = "DE89 3704 0044 0532 0130 00"
bic = "{BIC}"
"""
NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
}


SIGNED = "2026-12-01"
"""The day the example is signed: an invoice rests on the signed terms."""


def business(
    folder: Path, profile: str = PROFILE, name: str = "logo.yaml", *, signed: bool = True
) -> Path:
    """``folder`` with the logo example (as ``name``) and a firmbrief.toml; the brief's path.
    ``signed``: the signing recorded on :data:`SIGNED` (as it must be before an invoice)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "firmbrief.toml").write_text(profile, "utf-8")
    brief = folder / name
    data = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))
    data["freelancer"].pop("bank", None)  # the payment route comes from the profile
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    if signed:
        sign(brief)
    return brief


def sign(brief: Path) -> None:
    """Record the signing of ``brief`` (as it is now) on :data:`SIGNED`."""
    result = run("record", brief, "signed", "--date", SIGNED)
    assert result.exit_code == 0, result.output


def xml_of(pdf: Path) -> bytes:
    """The factur-x.xml embedded in ``pdf``, read by the factur-x library."""
    import facturx

    name, xml = facturx.get_xml_from_pdf(pdf.read_bytes(), check_xsd=True)
    assert name == "factur-x.xml"
    assert isinstance(xml, bytes)
    return xml


def xml_values(xml: bytes) -> dict[str, Any]:
    """What an accounting tool reads from the XML."""
    root = etree.fromstring(xml)

    def one(path: str) -> str:
        found = root.xpath(path, namespaces=NS)
        assert len(found) == 1, (path, found)
        return str(found[0].text if hasattr(found[0], "text") else found[0])

    def maybe(path: str) -> str | None:
        found = root.xpath(path, namespaces=NS)
        return str(found[0].text) if found else None

    header = "//ram:ApplicableHeaderTradeSettlement"
    totals = f"{header}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
    agreement = "//ram:ApplicableHeaderTradeAgreement"
    return {
        "number": one("//rsm:ExchangedDocument/ram:ID"),
        "type": one("//rsm:ExchangedDocument/ram:TypeCode"),
        "issued": one("//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString"),
        "seller": one(f"{agreement}/ram:SellerTradeParty/ram:Name"),
        "seller_tax": one(f"{agreement}/ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID"),
        "buyer": one(f"{agreement}/ram:BuyerTradeParty/ram:Name"),
        "buyer_address": one(f"{agreement}/ram:BuyerTradeParty/ram:PostalTradeAddress/ram:LineOne"),
        "currency": one(f"{header}/ram:InvoiceCurrencyCode"),
        "net": one(f"{totals}/ram:TaxBasisTotalAmount"),
        "tax": one(f"{totals}/ram:TaxTotalAmount"),
        "gross": one(f"{totals}/ram:GrandTotalAmount"),
        "payable": one(f"{totals}/ram:DuePayableAmount"),
        "rate": one(f"{header}/ram:ApplicableTradeTax/ram:RateApplicablePercent"),
        "category": one(f"{header}/ram:ApplicableTradeTax/ram:CategoryCode"),
        "due": maybe(
            f"{header}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString"
        ),
        "iban": maybe(f"{header}//ram:IBANID"),
        "reference": maybe(f"{header}/ram:PaymentReference"),
        "credits": maybe(f"{header}/ram:InvoiceReferencedDocument/ram:IssuerAssignedID"),
        "line": one("//ram:SpecifiedTradeProduct/ram:Name"),
    }


def qr_payload(pdf: Path, tmp: Path) -> str:
    """The QR code on the first page, decoded by zbarimg from the page rendered at 200 dpi."""
    image = tmp / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-singlefile", str(pdf), str(image)], check=True
    )
    done = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f"{image}.png"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.removesuffix("\n")


def without_dates(pdf: bytes) -> bytes:
    """``pdf`` with its metadata dates (PDF dates, XMP timestamps) blanked."""
    pdf = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", b"<xmp date>", pdf)
    return re.sub(rb"(?<=D\\072)\d{14}|(?<=D:)\d{14}", b"<pdf date>", pdf)
