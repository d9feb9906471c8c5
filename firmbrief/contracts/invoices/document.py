"""The invoice's PDF: the page, rendered by the shared
:class:`~firmbrief.pdf.Renderer` as PDF/A-3b, with its EN 16931 data embedded as
Factur-X XML by the factur-x library (which checks it against its schema and writes the PDF/A
metadata that says so) and the canonical brief as ``brief.json``.

Every value on the page is formatted here (money by the one money module's Babel format in
the brief's locale, dates spelled out) and printed by the same sandboxed, escaping template
environment as every other document. With EUR and an IBAN, the page carries an EPC QR code
("GiroCode") with the IBAN, the amount and the invoice number as the remittance text, drawn by
``segno`` as an SVG.

The page depends only on the :class:`~firmbrief.contracts.invoices.data.InvoiceData` and the
branding, so printing an invoice again gives the same bytes but for the metadata dates.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from firmbrief import __version__
from firmbrief.briefs.banking import format_iban
from firmbrief.briefs.legal import LETTER_COUNTRIES
from firmbrief.briefs.terms import Branding
from firmbrief.contracts.catalogues import language_of, translations
from firmbrief.contracts.documents import DEFAULT_ACCENT
from firmbrief.contracts.invoices import page
from firmbrief.contracts.invoices.data import InvoiceData, PartyData
from firmbrief.contracts.views import Formats
from firmbrief.templates.translations import tax_word

if TYPE_CHECKING:
    from markupsafe import Markup

    from firmbrief.pdf import Renderer

__all__ = [
    "STYLESHEETS",
    "embed",
    "epc_fields",
    "invoice_html",
    "invoice_pdf",
    "invoice_values",
    "qr_code",
]

STYLESHEETS: Final = ("fonts.css", "documents.css", "invoice.css")
PDFA: Final = "pdf/a-3b"
EPC_MAX: Final = 999_999_999.99
"""The largest amount an EPC QR code carries (EUR)."""
_CLAUSE: Final = re.compile(r"clause (\d+) \((.+)\)")
EPC_NAME: Final = 70
EPC_TEXT: Final = 140
EPC_PAYLOAD: Final = 331
"""The EPC QR code's limits (EPC069-12): the payee's name and the remittance text in characters,
the whole payload in bytes."""


def _party_view(party: PartyData, label: str, _: Callable[[str], str]) -> dict[str, Any]:
    return {
        "label": label,
        "display": f"{party.display} {party.legal_form}" if party.legal_form else party.display,
        "name": party.name,
        "company": party.company,
        "address": party.address,
        "email": party.email,
        "tax_id": party.tax_id,
        "tax_label": _("VAT ID") if party.vat else _("Tax number"),
        "registration": "",
    }


def _clause(said: str, _: Callable[[str], str]) -> str:
    """``clause 5 (Payment)`` in the document's language (the title as the catalogue has it)."""
    found = _CLAUSE.fullmatch(said)
    if not found:
        return said
    return _("clause {number} ({title})").format(number=found[1], title=_(found[2]))


def qr_code(invoice: InvoiceData) -> Any:
    """The EPC QR code ("GiroCode") for ``invoice``, or ``None`` when it is not payable by one:
    a credit note, a currency other than EUR, no IBAN, or an amount outside the code's range."""
    if (
        invoice.credit_note
        or invoice.currency != "EUR"
        or not invoice.iban
        or not 0 < invoice.amounts.gross <= EPC_MAX
    ):
        return None
    import segno.helpers

    name, text = epc_fields(invoice)
    return segno.helpers.make_epc_qr(
        name=name,
        iban=invoice.iban,
        amount=invoice.amounts.gross,
        text=text,
        bic=invoice.bic or None,
        encoding="utf-8",
    )


def epc_fields(invoice: InvoiceData) -> tuple[str, str]:
    """The payee's name and the remittance text as the EPC QR code carries them: each cut to
    its length, then the name shortened until the whole payload (UTF-8) fits its bytes."""
    text = " ".join(invoice.number.split())[:EPC_TEXT].rstrip()
    name = " ".join(invoice.bank_holder.split())[:EPC_NAME].strip()
    amount = f"EUR{invoice.amounts.gross:.2f}".rstrip("0").rstrip(".")

    def size(name: str) -> int:
        fields = ["BCD", "002", "1", "SCT", invoice.bic, name, invoice.iban, amount, "", "", text]
        return len("\n".join(fields).encode("utf-8"))

    while size(name) > EPC_PAYLOAD and len(name) > 1:
        name = name[:-1].rstrip()
    return name or "-", text


def _qr_svg(invoice: InvoiceData) -> Markup | str:
    from markupsafe import Markup

    code = qr_code(invoice)
    if code is None:
        return ""
    # segno draws the modules as one path from the payload's bits: no text of ours is in it.
    return Markup(code.svg_inline(scale=0.7, unit="mm", border=2, omitsize=False))


def paper_of(invoice: InvoiceData) -> str:
    """The invoice's paper, as its terms' (``briefs.legal.paper_for``): the brief's
    ``terms.paper``, else Letter for a client in the US or Canada, else A4."""
    import json

    try:
        terms = json.loads(invoice.brief_json).get("terms") or {}
        said = terms.get("paper") if isinstance(terms, dict) else None
    except (ValueError, AttributeError):
        said = None
    if said in ("A4", "Letter"):
        return str(said)
    return "Letter" if invoice.buyer.country.upper() in LETTER_COUNTRIES else "A4"


def invoice_values(
    invoice: InvoiceData, *, branding: Branding | None = None, logo: str = ""
) -> dict[str, Any]:
    """What ``invoice.html`` prints, formatted."""
    fmt = Formats(invoice.locale, invoice.currency, invoice.digits)
    language = language_of(invoice.locale)
    _ = translations(language).gettext
    heading = page.heading_of(invoice, _)
    seller = _party_view(invoice.seller, _("From"), _)
    seller["registration"] = page.registration_line(invoice, _)
    accent = (branding.accent if branding else None) or DEFAULT_ACCENT
    rate = fmt.percent(invoice.rate)
    taxed = invoice.exemption == "none"
    # the default name in the invoice's language (German "USt."); a name the brief writes stays
    tax_name = tax_word(invoice.tax_name, language)
    us = page.deposit(invoice)
    charged = bool(invoice.amounts.tax or (invoice.whole and invoice.whole.tax))
    notes = [
        note
        for note in (
            _("Iteration {number}: {name}").format(
                number=invoice.iteration, name=invoice.iteration_name
            )
            if invoice.iteration and invoice.iteration_name
            else "",
            page.unit_price(invoice, fmt, _),
        )
        if note
    ]
    period_label, period = page.period_view(invoice, fmt, _)
    return {
        "doc": {
            "title": f"{heading} {invoice.number}: {invoice.project}",
            "author": invoice.seller.display,
            "subject": _("{heading} {number} from {seller} to {buyer} for {project}").format(
                heading=heading,
                number=invoice.number,
                seller=invoice.seller.display,
                buyer=invoice.buyer.display,
                project=invoice.project,
            ),
            "created": invoice.issued.isoformat(),
            "fingerprint": invoice.fingerprint,
            "generator": f"firmbrief {__version__}",
            "paper": paper_of(invoice),
            "accent": accent.lower(),
            "studio": (branding.studio if branding else None) or seller["display"],
        },
        "language": language,
        "heading": heading,
        "heading_date": _("Credit note date") if invoice.credit_note else _("Invoice date"),
        "credit_note": invoice.credit_note,
        "number": invoice.number,
        "issued": fmt.day(invoice.issued),
        "due": fmt.day(invoice.due) if invoice.due else "",
        "credits": invoice.credits,
        "refund": fmt.money(-invoice.amounts.gross),
        "credits_issued": fmt.day(invoice.credits_issued) if invoice.credits_issued else "",
        "project": invoice.project,
        "seller": seller,
        "buyer": _party_view(invoice.buyer, _("To"), _),
        "description": invoice.description,
        "rows": page.lines_view(invoice, fmt, _, notes),
        "period_label": period_label,
        "period": period,
        "tax_point": page.day_or_empty(fmt, invoice.tax_point),
        "consumer": invoice.consumer,
        "taxed": taxed,
        "show_tax": not (us and not charged),
        "net_label": _("Subtotal") if us else _("Net"),
        "gross_label": _("Total") if us else _("Gross"),
        "price_label": _("Price incl. {tax}").format(tax=f"{tax_name} {rate}")
        if taxed
        else _("Price"),
        "included_label": _("Included: {tax}").format(tax=f"{tax_name} {rate}"),
        "law_lines": page.law_lines(invoice, fmt, _),
        "deliverables": invoice.deliverables,
        "lines": [
            {"words": words, "owed": fmt.money(Decimal(owed)), "received": fmt.money(Decimal(got))}
            for words, owed, got in invoice.lines
        ],
        "tax_label": f"{tax_name} {rate}" if taxed else tax_name,
        "net": fmt.money(invoice.amounts.net),
        "tax": fmt.money(invoice.amounts.tax),
        "gross": fmt.money(invoice.amounts.gross),
        "tax_note": invoice.tax_note,
        "bank_holder": invoice.bank_holder,
        "iban": format_iban(invoice.iban) if invoice.iban else "",
        "bic": invoice.bic,
        "payment_link": invoice.payment_link,
        "qr": _qr_svg(invoice),
        "clause": _clause(invoice.clause, _),
        "due_days": invoice.due_days,
        "logo": logo,
    }


def invoice_html(
    invoice: InvoiceData,
    *,
    branding: Branding | None = None,
    logo: str = "",
    templates: Path | None = None,
) -> str:
    """The page of ``invoice`` as HTML (the stylesheets are added by the renderer)."""
    from firmbrief.contracts.render import render_template

    values = invoice_values(invoice, branding=branding, logo=logo)
    return render_template("invoice.html", values, templates=templates)


def invoice_pdf(
    invoice: InvoiceData,
    *,
    renderer: Renderer,
    branding: Branding | None = None,
    logo: Path | None = None,
) -> bytes:
    """The PDF/A-3b of ``invoice`` with its Factur-X XML and ``brief.json`` embedded."""
    from firmbrief.contracts.invoices.xml import check_xml, invoice_xml
    from firmbrief.contracts.render import allowing
    from firmbrief.templates import folder

    xml = invoice_xml(invoice)
    check_xml(xml)
    html = invoice_html(invoice, branding=branding, logo=logo.as_uri() if logo else "")
    stylesheets = [str(folder() / name) for name in STYLESHEETS]
    with allowing(renderer, [logo] if logo else []), warnings.catch_warnings():
        # WeasyPrint opens its sRGB profile for PDF/A and leaves it unclosed; the file is
        # read-only and freed (with a ResourceWarning) as soon as the render is done.
        warnings.simplefilter("ignore", ResourceWarning)
        page = renderer.pdf(html, stylesheets=stylesheets, variant=PDFA)
    return embed(page, xml, invoice)


def embed(page: bytes, xml: bytes, invoice: InvoiceData) -> bytes:
    """``page`` with ``xml`` embedded as ``factur-x.xml`` (and the brief as ``brief.json``) by
    the factur-x library, which writes the PDF/A-3 and Factur-X metadata."""
    import logging

    import facturx

    language = language_of(invoice.locale)
    _ = translations(language).gettext
    heading = _("Credit note") if invoice.credit_note else _("Invoice")
    logging.getLogger("factur-x").propagate = False  # its progress is not the user's business
    data: bytes = facturx.generate_from_binary(
        page,
        xml,
        flavor="factur-x",
        level="en16931",
        check_xsd=False,  # checked before the page was rendered
        pdf_metadata={
            "author": invoice.seller.display,
            "keywords": f"Factur-X, {heading.lower()}, brief fingerprint {invoice.fingerprint}",
            "title": f"{heading} {invoice.number}: {invoice.project}",
            "subject": f"{heading} {invoice.number} from {invoice.seller.display} to "
            f"{invoice.buyer.display}",
        },
        lang=language,
        attachments={
            "brief.json": {
                "filedata": invoice.brief_json.encode("utf-8"),
                "description": f"The brief this {heading.lower()} was made from "
                f"(fingerprint {invoice.fingerprint})",
                "afrelationship": "supplement",
            }
        },
        xmp_compression=False,  # the metadata dates are the only difference between reprints
    )
    return data
