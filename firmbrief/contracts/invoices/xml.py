"""The invoice as EN 16931 data: Factur-X (UN/CEFACT Cross Industry Invoice) XML, built with
lxml from :class:`~firmbrief.contracts.invoices.data.InvoiceData` and checked against the
factur-x library's own schema (XSD) before it is embedded.

An accounting tool reading only the XML gets what the page says: the number and date, the
parties with their addresses and VAT or tax numbers, the one line billed, net, tax and gross
(in the currency's digits), the tax category and the exemption note, the payment route (IBAN
and BIC, or the payment link), the due date and the invoice number as the payment reference.
A credit note is type 381 with the amounts as positive numbers (the type says they are
credited), and refers to the invoice it cancels.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Final

from firmbrief.contracts.invoices.data import InvoiceData, PartyData
from firmbrief.errors import FirmbriefError

__all__ = ["LEVEL", "TAX_CATEGORIES", "check_xml", "invoice_xml"]

LEVEL: Final = "en16931"
GUIDELINE: Final = "urn:cen.eu:en16931:2017"

RSM: Final = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM: Final = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
QDT: Final = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
UDT: Final = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
NAMESPACES: Final = {"rsm": RSM, "ram": RAM, "qdt": QDT, "udt": UDT}

TAX_CATEGORIES: Final = {
    "none": ("S", None),  # standard rate
    "reverse_charge": ("AE", "VATEX-EU-AE"),
    "small_business": ("E", None),  # exempt under a national rule
    "not_taxable": ("O", "VATEX-EU-O"),  # not subject to VAT
}
"""The brief's tax exemption as the EN 16931 VAT category (UNCL 5305) and exemption code."""

_INVOICE, _CREDIT_NOTE = "380", "381"
_SEPA_TRANSFER, _ONLINE = "58", "68"  # UNTDID 4461 payment means


class InvalidInvoiceXml(FirmbriefError):
    """The XML firmbrief built does not pass the Factur-X schema: a bug, said plainly."""


def invoice_xml(invoice: InvoiceData) -> bytes:
    """The Factur-X XML (EN 16931 profile) of ``invoice``, UTF-8."""
    from lxml import etree

    e = _Builder(etree)
    credit = invoice.credit_note
    amount = _amounts(invoice)
    root = e.element(
        "rsm:CrossIndustryInvoice", nsmap=dict(NAMESPACES)
    )
    context = e.sub(root, "rsm:ExchangedDocumentContext")
    e.sub(e.sub(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", GUIDELINE)
    document = e.sub(root, "rsm:ExchangedDocument")
    e.sub(document, "ram:ID", invoice.number)
    e.sub(document, "ram:TypeCode", _CREDIT_NOTE if credit else _INVOICE)
    e.date(e.sub(document, "ram:IssueDateTime"), "udt:DateTimeString", invoice)
    notes = [invoice.tax_note] if invoice.tax_note else []
    notes.append(f"Brief fingerprint {invoice.fingerprint}; {invoice.clause} of the terms")
    for note in notes:
        e.sub(e.sub(document, "ram:IncludedNote"), "ram:Content", note)

    trade = e.sub(root, "rsm:SupplyChainTradeTransaction")
    line = e.sub(trade, "ram:IncludedSupplyChainTradeLineItem")
    e.sub(e.sub(line, "ram:AssociatedDocumentLineDocument"), "ram:LineID", "1")
    product = e.sub(line, "ram:SpecifiedTradeProduct")
    e.sub(product, "ram:Name", invoice.description)
    if detail := _detail(invoice):
        e.sub(product, "ram:Description", detail)
    price = e.sub(e.sub(line, "ram:SpecifiedLineTradeAgreement"), "ram:NetPriceProductTradePrice")
    e.sub(price, "ram:ChargeAmount", amount("net"))
    delivery = e.sub(line, "ram:SpecifiedLineTradeDelivery")
    e.sub(delivery, "ram:BilledQuantity", "1", unitCode="C62")
    settlement = e.sub(line, "ram:SpecifiedLineTradeSettlement")
    category, reason_code = TAX_CATEGORIES.get(invoice.exemption, ("S", None))
    line_tax = e.sub(settlement, "ram:ApplicableTradeTax")
    e.sub(line_tax, "ram:TypeCode", "VAT")
    e.sub(line_tax, "ram:CategoryCode", category)
    e.sub(line_tax, "ram:RateApplicablePercent", _percent(invoice.rate))
    summation = e.sub(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
    e.sub(summation, "ram:LineTotalAmount", amount("net"))

    agreement = e.sub(trade, "ram:ApplicableHeaderTradeAgreement")
    e.party(e.sub(agreement, "ram:SellerTradeParty"), invoice.seller)
    e.party(e.sub(agreement, "ram:BuyerTradeParty"), invoice.buyer)
    e.sub(trade, "ram:ApplicableHeaderTradeDelivery")

    header = e.sub(trade, "ram:ApplicableHeaderTradeSettlement")
    if not credit:
        e.sub(header, "ram:PaymentReference", invoice.number)
    e.sub(header, "ram:InvoiceCurrencyCode", invoice.currency)
    if not credit and (invoice.iban or invoice.payment_link):
        means = e.sub(header, "ram:SpecifiedTradeSettlementPaymentMeans")
        if invoice.iban:
            e.sub(means, "ram:TypeCode", _SEPA_TRANSFER)
            if invoice.payment_link:
                e.sub(means, "ram:Information", f"or pay online: {invoice.payment_link}")
            account = e.sub(means, "ram:PayeePartyCreditorFinancialAccount")
            e.sub(account, "ram:IBANID", invoice.iban)
            e.sub(account, "ram:AccountName", invoice.bank_holder)
            if invoice.bic:
                institution = e.sub(means, "ram:PayeeSpecifiedCreditorFinancialInstitution")
                e.sub(institution, "ram:BICID", invoice.bic)
        else:
            e.sub(means, "ram:TypeCode", _ONLINE)
            e.sub(means, "ram:Information", f"Pay online: {invoice.payment_link}")
    tax = e.sub(header, "ram:ApplicableTradeTax")
    e.sub(tax, "ram:CalculatedAmount", amount("tax"))
    e.sub(tax, "ram:TypeCode", "VAT")
    if category != "S" and invoice.tax_note:
        e.sub(tax, "ram:ExemptionReason", invoice.tax_note)
    e.sub(tax, "ram:BasisAmount", amount("net"))
    e.sub(tax, "ram:CategoryCode", category)
    if reason_code:
        e.sub(tax, "ram:ExemptionReasonCode", reason_code)
    e.sub(tax, "ram:RateApplicablePercent", _percent(invoice.rate))
    if invoice.due is not None:
        terms = e.sub(header, "ram:SpecifiedTradePaymentTerms")
        e.sub(terms, "ram:Description", f"Due on {invoice.due.isoformat()}, as the terms set")
        e.date(e.sub(terms, "ram:DueDateDateTime"), "udt:DateTimeString", invoice, invoice.due)
    totals = e.sub(header, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    e.sub(totals, "ram:LineTotalAmount", amount("net"))
    e.sub(totals, "ram:TaxBasisTotalAmount", amount("net"))
    e.sub(totals, "ram:TaxTotalAmount", amount("tax"), currencyID=invoice.currency)
    e.sub(totals, "ram:GrandTotalAmount", amount("gross"))
    e.sub(totals, "ram:DuePayableAmount", amount("gross"))
    if credit and invoice.credits:
        referenced = e.sub(header, "ram:InvoiceReferencedDocument")
        e.sub(referenced, "ram:IssuerAssignedID", invoice.credits)
        if invoice.credits_issued:
            e.date(
                e.sub(referenced, "ram:FormattedIssueDateTime"),
                "qdt:DateTimeString",
                invoice,
                invoice.credits_issued,
            )
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def check_xml(xml: bytes) -> None:
    """Check ``xml`` against the factur-x library's EN 16931 schema (XSD)."""
    import facturx

    try:
        facturx.xml_check_xsd(xml, flavor="factur-x", level=LEVEL)
    except Exception as error:  # the library raises bare Exceptions
        raise InvalidInvoiceXml(
            f"the invoice's Factur-X XML does not pass the schema ({str(error)[:300]}); this is "
            "a bug in firmbrief"
        ) from None


def _amounts(invoice: InvoiceData) -> Any:
    """The amounts as the XML writes them: a credit note's as positive numbers."""

    def amount(part: str) -> str:
        value: Decimal = getattr(invoice.amounts, part)
        return invoice.text(-value if invoice.credit_note else value)

    return amount


def _percent(rate: Decimal) -> str:
    """A tax rate as EN 16931 writes it: at least two decimals, and every decimal it has
    (19.125 stays 19.125; rounding it would state a rate the amounts were not worked out at)."""
    exponent = rate.as_tuple().exponent
    places = max(2, -exponent if isinstance(exponent, int) else 2)
    return format(rate.quantize(Decimal(1).scaleb(-places)), "f")


def _vat_id(text: str) -> str:
    """A VAT identifier as the standard writes it: the country prefix and the number, without
    the spaces, dots or dashes people write it with (``BE 0456.789.034`` → ``BE0456789034``)."""
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


def _detail(invoice: InvoiceData) -> str:
    parts = []
    if invoice.iteration_name:
        parts.append(f"Iteration {invoice.iteration}: {invoice.iteration_name}")
    if invoice.deliverables:
        parts.append("Deliverables: " + ", ".join(invoice.deliverables))
    parts.append(f"Project: {invoice.project}" if invoice.project else "")
    return "; ".join(p for p in parts if p)


Element = Any  # an lxml element (lxml ships no type information)


class _Builder:
    """Elements in the Factur-X namespaces, written ``ram:Name``."""

    def __init__(self, etree: Any) -> None:
        self.etree = etree

    @staticmethod
    def _name(tag: str) -> str:
        prefix, local = tag.split(":")
        return f"{{{NAMESPACES[prefix]}}}{local}"

    def element(self, tag: str, **kw: Any) -> Element:
        return self.etree.Element(self._name(tag), **kw)

    def sub(
        self, parent: Element, tag: str, text: str | None = None, **attributes: str
    ) -> Element:
        child = self.etree.SubElement(parent, self._name(tag), attrib=attributes)
        if text is not None:
            child.text = text
        return child

    def date(self, parent: Element, tag: str, invoice: InvoiceData, day: Any = None) -> None:
        self.sub(parent, tag, (day or invoice.issued).strftime("%Y%m%d"), format="102")

    def party(self, element: Element, party: PartyData) -> None:
        self.sub(element, "ram:Name", party.display or party.name)
        if party.company and party.name:
            contact = self.sub(element, "ram:DefinedTradeContact")
            self.sub(contact, "ram:PersonName", party.name)
        address = self.sub(element, "ram:PostalTradeAddress")
        lines = [line for line in party.address if not line.startswith(party.postcode + " ")
                 or not party.postcode]  # fmt: skip
        if party.postcode:
            self.sub(address, "ram:PostcodeCode", party.postcode)
        for tag, line in zip(("ram:LineOne", "ram:LineTwo"), lines, strict=False):
            self.sub(address, tag, line)
        if len(lines) > 2:
            self.sub(address, "ram:LineThree", ", ".join(lines[2:]))
        if party.city:
            self.sub(address, "ram:CityName", party.city)
        if party.country:
            self.sub(address, "ram:CountryID", party.country)
        if party.email:
            uri = self.sub(element, "ram:URIUniversalCommunication")
            self.sub(uri, "ram:URIID", party.email, schemeID="EM")
        if party.tax_id:
            registration = self.sub(element, "ram:SpecifiedTaxRegistration")
            tax_id = _vat_id(party.tax_id) if party.vat else party.tax_id
            self.sub(registration, "ram:ID", tax_id, schemeID="VA" if party.vat else "FC")
