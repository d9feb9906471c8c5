"""The invoice as EN 16931 data: Factur-X (UN/CEFACT Cross Industry Invoice) XML, built with
lxml from :class:`~firmbrief.contracts.invoices.data.InvoiceData` and checked against the
factur-x library's own schema (XSD) before it is embedded.

An accounting tool reading only the XML gets what the page says: the number and date, the
parties with their addresses and VAT or tax numbers, the one line billed, net, tax and gross
(in the currency's digits), the tax category and the exemption note, the payment route (IBAN
and BIC, or the payment link), the due date and the invoice number as the payment reference.
A credit note is type 381 with the amounts as positive numbers (the type says they are
credited), and refers to the invoice it cancels; a prepayment invoice is type 386, and a final
invoice states the whole price with its tax and deducts the prepayment invoices it refers to
(TotalPrepaidAmount, BT-113). The service period is BG-14 (BT-73/74), the date of supply
BT-72; the seller's legal registration number (SIRET, SIREN, company register) BT-30 with its
ISO 6523 scheme.

The VAT category follows the EN 16931 business rules (CEN's Schematron, run in the tests): S
standard rate; Z a rate of 0 charged by a seller registered for VAT; O not subject to VAT (no
rate, no VAT number of either side: BR-O-02, BR-O-05); AE reverse charge; E a small business,
with its reason (VATEX-FR-FRANCHISE for France's 293 B), or O when it has no tax number at all
(BR-E-02 wants one). A seller who writes no VAT number is identified by its registration
number, or else by its tax number as BT-29 (BR-CO-26); :func:`unidentified_seller` says when
it has neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from firmbrief.briefs.money import Amounts, InstalmentKind
from firmbrief.contracts.invoices.data import InvoiceData, PartyData
from firmbrief.errors import FirmbriefError

__all__ = [
    "LEVEL",
    "TAX_CATEGORIES",
    "TYPE_CODES",
    "check_xml",
    "invoice_xml",
    "tax_category",
    "unidentified_seller",
]

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

_INVOICE, _CREDIT_NOTE, _PREPAYMENT = "380", "381", "386"  # UNTDID 1001
TYPE_CODES: Final = {"invoice": (_INVOICE, _PREPAYMENT), "credit note": (_CREDIT_NOTE,)}
"""The document type codes the XML may carry for each kind an invoice's title names."""
_SEPA_TRANSFER, _ONLINE = "58", "68"  # UNTDID 4461 payment means


class InvalidInvoiceXml(FirmbriefError):
    """The XML firmbrief built does not pass the Factur-X schema: a bug, said plainly."""


def invoice_xml(invoice: InvoiceData) -> bytes:
    """The Factur-X XML (EN 16931 profile) of ``invoice``, UTF-8."""
    from lxml import etree

    e = _Builder(etree)
    credit = invoice.credit_note
    figures = _figures(invoice)
    text = invoice.text
    category, reason_code = tax_category(invoice)
    vat_ids = category != "O"  # BR-O-02: no VAT number of either side
    root = e.element(
        "rsm:CrossIndustryInvoice", nsmap=dict(NAMESPACES)
    )
    context = e.sub(root, "rsm:ExchangedDocumentContext")
    e.sub(e.sub(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", GUIDELINE)
    document = e.sub(root, "rsm:ExchangedDocument")
    e.sub(document, "ram:ID", invoice.number)
    e.sub(document, "ram:TypeCode", _type_code(invoice))
    e.date(e.sub(document, "ram:IssueDateTime"), "udt:DateTimeString", invoice)
    notes = [invoice.tax_note] if invoice.tax_note else []
    notes += [_deducted(invoice, p.number, p.issued, p.amounts) for p in invoice.prepayments]
    notes.append(f"Brief fingerprint {invoice.fingerprint}; {invoice.clause} of the terms")
    for note in notes:
        e.sub(e.sub(document, "ram:IncludedNote"), "ram:Content", note)

    trade = e.sub(root, "rsm:SupplyChainTradeTransaction")
    line = e.sub(trade, "ram:IncludedSupplyChainTradeLineItem")
    e.sub(e.sub(line, "ram:AssociatedDocumentLineDocument"), "ram:LineID", "1")
    product = e.sub(line, "ram:SpecifiedTradeProduct")
    e.sub(product, "ram:Name", _line_name(invoice))
    if detail := _detail(invoice):
        e.sub(product, "ram:Description", detail)
    price = e.sub(e.sub(line, "ram:SpecifiedLineTradeAgreement"), "ram:NetPriceProductTradePrice")
    e.sub(price, "ram:ChargeAmount", text(figures.whole.net))
    delivery = e.sub(line, "ram:SpecifiedLineTradeDelivery")
    e.sub(delivery, "ram:BilledQuantity", "1", unitCode="C62")
    settlement = e.sub(line, "ram:SpecifiedLineTradeSettlement")
    line_tax = e.sub(settlement, "ram:ApplicableTradeTax")
    e.sub(line_tax, "ram:TypeCode", "VAT")
    e.sub(line_tax, "ram:CategoryCode", category)
    if category != "O":  # BR-O-05: no rate where no VAT applies
        e.sub(line_tax, "ram:RateApplicablePercent", _percent(invoice.rate))
    summation = e.sub(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
    e.sub(summation, "ram:LineTotalAmount", text(figures.whole.net))

    agreement = e.sub(trade, "ram:ApplicableHeaderTradeAgreement")
    e.party(e.sub(agreement, "ram:SellerTradeParty"), invoice.seller, vat=vat_ids, seller=True)
    e.party(e.sub(agreement, "ram:BuyerTradeParty"), invoice.buyer, vat=vat_ids)
    supply = e.sub(trade, "ram:ApplicableHeaderTradeDelivery")
    if invoice.period_end is not None and not invoice.advance:  # BT-72: the work was done
        event = e.sub(supply, "ram:ActualDeliverySupplyChainEvent")
        e.date(e.sub(event, "ram:OccurrenceDateTime"), "udt:DateTimeString", invoice,
               invoice.period_end)  # fmt: skip

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
    e.sub(tax, "ram:CalculatedAmount", text(figures.whole.tax))
    e.sub(tax, "ram:TypeCode", "VAT")
    if category not in ("S", "Z") and invoice.tax_note:  # BR-S-10, BR-Z-10: no reason
        e.sub(tax, "ram:ExemptionReason", invoice.tax_note)
    e.sub(tax, "ram:BasisAmount", text(figures.whole.net))
    e.sub(tax, "ram:CategoryCode", category)
    if reason_code:
        e.sub(tax, "ram:ExemptionReasonCode", reason_code)
    if invoice.tax_point is not None:  # BT-7: a UK VAT invoice's time of supply
        point = e.sub(tax, "ram:TaxPointDate")
        e.sub(point, "udt:DateString", invoice.tax_point.strftime("%Y%m%d"), format="102")
    if category != "O":  # BR-O-09
        e.sub(tax, "ram:RateApplicablePercent", _percent(invoice.rate))
    if invoice.period_start is not None and invoice.period_end is not None:
        period = e.sub(header, "ram:BillingSpecifiedPeriod")  # BG-14
        e.date(e.sub(period, "ram:StartDateTime"), "udt:DateTimeString", invoice,
               invoice.period_start)  # fmt: skip
        e.date(e.sub(period, "ram:EndDateTime"), "udt:DateTimeString", invoice,
               invoice.period_end)  # fmt: skip
    if invoice.due is not None:
        terms = e.sub(header, "ram:SpecifiedTradePaymentTerms")
        e.sub(terms, "ram:Description", f"Due on {invoice.due.isoformat()}, as the terms set")
        e.date(e.sub(terms, "ram:DueDateDateTime"), "udt:DateTimeString", invoice, invoice.due)
    totals = e.sub(header, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    e.sub(totals, "ram:LineTotalAmount", text(figures.whole.net))
    e.sub(totals, "ram:TaxBasisTotalAmount", text(figures.whole.net))
    e.sub(totals, "ram:TaxTotalAmount", text(figures.whole.tax), currencyID=invoice.currency)
    e.sub(totals, "ram:GrandTotalAmount", text(figures.whole.gross))
    if figures.prepaid:
        e.sub(totals, "ram:TotalPrepaidAmount", text(figures.prepaid))
    e.sub(totals, "ram:DuePayableAmount", text(figures.due))
    referenced: list[tuple[str, date | None]] = [
        (p.number, p.issued) for p in invoice.prepayments if p.number  # BR-55: a number
    ]
    if credit and invoice.credits:
        referenced = [(invoice.credits, invoice.credits_issued)]
    for number, issued in referenced:
        reference = e.sub(header, "ram:InvoiceReferencedDocument")
        e.sub(reference, "ram:IssuerAssignedID", number)
        if issued is not None:
            e.date(e.sub(reference, "ram:FormattedIssueDateTime"), "qdt:DateTimeString",
                   invoice, issued)  # fmt: skip
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


@dataclass(frozen=True, slots=True)
class _Figures:
    """The amounts as the XML writes them: the whole price (a final invoice's, before the
    prepayments it deducts), the prepayments' gross, and what is left to pay; a credit note's
    as positive numbers (its type says they are credited)."""

    whole: Amounts
    prepaid: Decimal
    due: Decimal


def _figures(invoice: InvoiceData) -> _Figures:
    def positive(amounts: Amounts) -> Amounts:
        return -amounts if invoice.credit_note and amounts.gross < 0 else amounts

    asked = positive(invoice.amounts)
    if invoice.whole is None or not invoice.prepayments:
        return _Figures(asked, Decimal(0), asked.gross)
    prepaid = sum((positive(p.amounts).gross for p in invoice.prepayments), Decimal(0))
    return _Figures(positive(invoice.whole), prepaid, asked.gross)


def tax_category(invoice: InvoiceData) -> tuple[str, str | None]:
    """The VAT category of ``invoice`` (UNCL 5305) and its exemption reason code (VATEX), if
    any: a rate of 0 without an exemption is zero rated (Z) for a seller registered for VAT,
    and not subject to VAT (O) for one who is not (no VAT number). A small business is exempt
    (E) with its reason; one without any tax number cannot be E (BR-E-02 wants one) and is O,
    its reason still written ("TVA non applicable, art. 293 B du CGI")."""
    if invoice.exemption not in TAX_CATEGORIES or invoice.exemption == "none":
        if invoice.rate > 0:
            return "S", None
        return ("Z", None) if invoice.seller.vat else ("O", "VATEX-EU-O")
    if invoice.exemption == "small_business" and not invoice.seller.tax_id.strip():
        return "O", "VATEX-EU-O"  # BR-E-02 wants a VAT or tax number the seller has not
    if invoice.exemption == "small_business" and invoice.seller.country.upper() == "FR":
        return "E", "VATEX-FR-FRANCHISE"  # franchise en base, art. 293 B du CGI
    return TAX_CATEGORIES[invoice.exemption]


def unidentified_seller(invoice: InvoiceData) -> str:
    """Why the XML cannot name the seller as EN 16931 wants (BR-CO-26: a VAT, tax or
    registration number), as a one-line warning; "" when it can."""
    seller = invoice.seller
    if seller.tax_id.strip() or seller.registration_id.strip():
        return ""
    return (
        "the invoice's EN 16931 data names no number of your business (a VAT, tax or "
        "registration number; rule BR-CO-26): add freelancer.tax_id or freelancer.registration "
        "(here or in firmbrief.toml's [business])"
    )


def _type_code(invoice: InvoiceData) -> str:
    if invoice.credit_note:
        return _CREDIT_NOTE
    return _PREPAYMENT if invoice.instalment_kind == InstalmentKind.prepayment else _INVOICE


def _deducted(invoice: InvoiceData, number: str, issued: date, amounts: Amounts) -> str:
    """A note naming a prepayment invoice a final invoice deducts, with its tax (the XML has
    one total for the prepayments, BT-113; § 14(5) UStG wants each with its tax)."""
    net, tax, gross = (invoice.text(abs(v)) for v in (amounts.net, amounts.tax, amounts.gross))
    what = (f"Prepayment invoice {number} of {issued.isoformat()}" if number
            else f"Prepayment received on {issued.isoformat()}")  # fmt: skip
    return f"{what} deducted: net {net}, {invoice.tax_name} {tax}, gross {gross} {invoice.currency}"


def _line_name(invoice: InvoiceData) -> str:
    """What the one line bills: a final invoice's line is the iteration's whole price (the
    prepayments are deducted in the totals), worded as its page words it."""
    if invoice.whole is None or not invoice.prepayments:
        return invoice.description
    from firmbrief.contracts.catalogues import language_of, translations

    words = translations(language_of(invoice.locale)).gettext("Price of iteration {iteration}")
    return words.format(iteration=invoice.iteration)


def _percent(rate: Decimal) -> str:
    """A tax rate as EN 16931 writes it: at least two decimals, and every decimal it has
    (19.125 stays 19.125; rounding it would state a rate the amounts were not worked out at)."""
    exponent = rate.as_tuple().exponent
    places = max(2, -exponent if isinstance(exponent, int) else 2)
    return format(rate.quantize(Decimal(1).scaleb(-places)), "f")


def _vat_id(text: str, country: str) -> str:
    """A VAT identifier as the standard writes it: the country prefix and the number, without
    the spaces, dots or dashes people write it with (``BE 0456.789.034`` → ``BE0456789034``);
    a number written without its prefix gets its country's (BR-CO-09; Greece's is EL)."""
    compact = re.sub(r"[^0-9A-Za-z]", "", text).upper()
    prefix = "EL" if country.upper() == "GR" else country.upper()
    if prefix and not re.match(r"[A-Z]{2}", compact):
        compact = prefix + compact
    return compact


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

    def party(
        self, element: Element, party: PartyData, *, vat: bool, seller: bool = False
    ) -> None:
        """A party; ``vat``: whether its VAT number may be written (not under category O).
        A seller with neither a registration number nor a VAT number written is identified
        by its tax number (BT-29), as BR-CO-26 wants one of the three."""
        tax_id = party.tax_id.strip()
        vat_id = _vat_id(tax_id, party.country) if tax_id and party.vat else ""
        registration = party.registration_id.strip()
        if seller and not registration and not (vat and vat_id) and tax_id:
            self.sub(element, "ram:ID", vat_id or tax_id)
        self.sub(element, "ram:Name", party.display or party.name)
        if party.legal_form:
            self.sub(element, "ram:Description", party.legal_form)  # BT-33: "EI"
        if registration:  # BT-30 / BT-47, with its ISO 6523 scheme (0009 SIRET, 0002 SIREN)
            legal = self.sub(element, "ram:SpecifiedLegalOrganization")
            scheme = party.registration_scheme
            self.sub(legal, "ram:ID", registration, **({"schemeID": scheme} if scheme else {}))
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
        if vat_id and vat:
            registration_vat = self.sub(element, "ram:SpecifiedTaxRegistration")
            self.sub(registration_vat, "ram:ID", vat_id, schemeID="VA")
        elif tax_id and not party.vat:
            registration_fc = self.sub(element, "ram:SpecifiedTaxRegistration")
            self.sub(registration_fc, "ram:ID", tax_id, schemeID="FC")
