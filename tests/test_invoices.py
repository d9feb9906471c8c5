"""`firmbrief invoice`: the PDF a client pays from and an accountant books, read back as they
would read it (pdftotext, the factur-x library, zbarimg, pypdf).

The figures are worked out by hand from examples/logo.yaml: EUR, net prices, 19% VAT;
iteration 1 costs 1800.00 net, so its prepayment (50%) is 900.00 net + 171.00 VAT = 1071.00
gross; iteration 2 costs 2400.00, so its prepayment is 1200.00 + 228.00 = 1428.00. Invoices
are due on the day the terms set: the prepayment of iteration 1 (which starts on 11 January
2027) on 11 January 2027.
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from firmbrief.briefs.canonical import canonical_json
from firmbrief.briefs.language import document_locale, language_for
from firmbrief.briefs.loading import load_brief_file
from firmbrief.contracts.catalogues import translations
from firmbrief.contracts.views import Formats
from firmbrief.templates.translations import tax_word

from conftest import in_language, run
from invoice_support import BIC, IBAN, business, qr_payload, sign, without_dates, xml_of, xml_values
from pdf_support import squash, text_of

pytestmark = pytest.mark.slow

DAY = "2026-12-01"


def _issue(brief: Path, *args: str) -> Path:
    result = run("invoice", brief, "--date", DAY, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("wrote ")
    return Path(result.stdout.split(": ", 1)[0].removeprefix("wrote "))


def _words(brief: Path) -> tuple[Callable[[str], str], Formats]:
    """The words and formats of the language ``brief``'s client reads (the logo's client is in
    Berlin: German, ``1. Dezember 2026``)."""
    parsed = load_brief_file(brief).brief
    assert parsed is not None
    fmt = Formats(document_locale(parsed), "EUR", 2)
    return translations(language_for(parsed)).gettext, fmt


def test_the_first_invoice_shows_what_the_client_pays_and_the_accountant_books(
    tmp_path: Path,
) -> None:
    # its English wording: the logo in English (its client in Berlin reads German)
    brief = in_language(business(tmp_path, signed=False), tmp_path)
    sign(brief)
    pdf = _issue(brief)
    assert pdf == tmp_path / "logo-invoice-2026-0001.pdf"
    text = text_of(pdf)
    for shown in (
        "Prepayment invoice 2026-0001",  # named as one (issue 25)
        "INVOICE DATE 1 December 2026",
        "DUE DATE 11 January 2027",
        "Jensen Studio", "Mara Jensen", "Oderberger Str. 12", "VAT ID DE 298 471 558",
        "Kettle & Crumb GmbH", "Bergstr. 4",
        "Prepayment (50%) for iteration 1",
        "Iteration 1: Discovery and logo concepts",
        "Deliverables: Primary logo and variants",
        "900,00 €", "171,00 €", "1.071,00 €", "VAT 19%",
        "Please pay 1.071,00 € by 11 January 2027, quoting 2026-0001 as the reference.",
        "IBAN DE89 3704 0044 0532 0130 00", f"BIC {BIC}",
        "This invoice follows clause 8 (Payment) of the terms of work",
        "which sets the day it is due: 11 January 2027",
    ):  # fmt: skip
        assert shown in text, shown


def test_the_embedded_xml_passes_the_factur_x_schema_and_says_what_the_page_says(
    tmp_path: Path,
) -> None:
    brief = business(tmp_path)
    _ = _words(brief)[0]
    pdf = _issue(brief)
    xml = xml_of(pdf)  # read back by the factur-x library, checked against its XSD
    import facturx

    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert facturx.get_level(__import__("lxml.etree").etree.fromstring(xml)) == "en16931"
    values = xml_values(xml)
    assert values == {
        "number": "2026-0001",
        "type": "386",  # a prepayment invoice (UNTDID 1001)
        "issued": "20261201",
        "seller": "Jensen Studio",
        "seller_tax": "DE298471558",
        "buyer": "Kettle & Crumb GmbH",
        "buyer_address": "Bergstr. 4",
        "currency": "EUR",
        "net": "900.00",
        "tax": "171.00",
        "gross": "1071.00",
        "payable": "1071.00",
        "rate": "19.00",
        "category": "S",
        "due": "20270111",
        "iban": IBAN,
        "reference": "2026-0001",
        "credits": None,
        "line": _("Prepayment{part} for iteration {iteration}").format(part=" (50%)", iteration=1),
    }


def test_the_qr_code_is_an_epc_payment_a_banking_app_reads(tmp_path: Path) -> None:
    pdf = _issue(business(tmp_path))
    lines = qr_payload(pdf, tmp_path).split("\n")
    assert lines[:4] == ["BCD", "002", "1", "SCT"]  # EPC QR code, version 2, UTF-8, transfer
    assert lines[4:7] == [BIC, "Jensen Studio", IBAN]
    assert lines[7].startswith("EUR") and Decimal(lines[7][3:]) == Decimal("1071.00")
    assert lines[-1] == "2026-0001"  # the invoice number as the remittance text


def test_no_qr_code_without_euros_and_an_iban(tmp_path: Path) -> None:
    profile = '[business]\npayment_link = "https://pay.example.com/jensen"\n'
    brief = business(tmp_path, profile)
    _ = _words(brief)[0]
    pdf = _issue(brief)
    assert f"{_('Pay online:')} https://pay.example.com/jensen" in text_of(pdf)
    assert "GiroCode" not in text_of(pdf)
    values = xml_values(xml_of(pdf))
    assert values["iban"] is None


def test_the_payment_labels_print_whole_in_the_clients_language(tmp_path: Path) -> None:
    brief = business(tmp_path)
    _ = _words(brief)[0]  # German: "VERWENDUNGSZWECK", the longest label, was cut in two
    text = text_of(_issue(brief))
    for label in ("Account holder", "Reference"):
        assert f"{_(label).upper()} " in text, label
    assert f"{_('Reference').upper()} 2026-0001" in text


def test_the_invoice_names_the_tax_in_the_clients_language(tmp_path: Path) -> None:
    brief = business(tmp_path)  # tax.name VAT, the generic name: German "USt."
    parsed = load_brief_file(brief).brief
    assert parsed is not None and parsed.tax is not None and parsed.tax.name == "VAT"
    text = text_of(_issue(brief))
    word = tax_word("VAT", language_for(parsed))
    assert f"{word} 19%" in text
    assert word == "VAT" or "VAT" not in text.split()


def test_the_invoice_is_pdf_a_3_with_embedded_fonts_and_the_brief(tmp_path: Path) -> None:
    brief = business(tmp_path)
    pdf = _issue(brief)
    reader = PdfReader(pdf)
    xmp = reader.xmp_metadata
    assert xmp is not None
    metadata = xmp.rdf_root.toxml()
    assert "<pdfaid:part>3</pdfaid:part>" in metadata
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in metadata
    assert "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>" in metadata
    assert "<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>" in metadata
    fonts = __import__("subprocess").run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # emb
    attached = {name: data[0] for name, data in reader.attachments.items()}
    parsed = load_brief_file(brief)
    assert parsed.brief is not None
    assert attached["brief.json"] == canonical_json(parsed.brief)
    assert json.loads(attached["brief.json"])["freelancer"]["bank"]["iban"] == IBAN


def test_an_instalment_already_invoiced_is_refused_with_its_number(tmp_path: Path) -> None:
    brief = business(tmp_path)
    _issue(brief, "1-prepayment")
    result = run("invoice", brief, "1-prepayment", "--date", "2026-12-02")
    assert result.exit_code == 1
    assert "1-prepayment was invoiced as 2026-0001 on 1 December 2026" in result.stderr
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["logo-invoice-2026-0001.pdf"]
    # without an instalment, the next one owed and not yet invoiced is taken: not the balance
    # of iteration 1 (owed once it is accepted), the prepayment of iteration 2
    assert _issue(brief).name == "logo-invoice-2026-0002.pdf"
    _ = _words(brief)[0]
    line = _("Prepayment{part} for iteration {iteration}").format(part=" (50%)", iteration=2)
    assert line in text_of(tmp_path / "logo-invoice-2026-0002.pdf")


def test_a_reprint_is_the_same_bytes_but_for_the_metadata_dates(tmp_path: Path) -> None:
    brief = business(tmp_path)
    first = _issue(brief).read_bytes()
    again = _issue(brief, "--reprint", "2026-0001", "-o", str(tmp_path / "again.pdf"))
    assert without_dates(again.read_bytes()) == without_dates(first)
    assert len(sqlite3.connect(tmp_path / "invoices.sqlite").execute(
        "SELECT number FROM invoices").fetchall()) == 1  # fmt: skip


def test_a_credit_note_cancels_an_invoice_with_the_negative_totals(tmp_path: Path) -> None:
    brief = business(tmp_path)
    _issue(brief, "1-prepayment")
    credit = _issue(brief, "--credit", "2026-0001", "--format", "text")
    assert credit.name == "logo-credit-note-2026-0002.pdf"
    text = text_of(credit)
    _, fmt = _words(brief)
    assert f"{_('Credit note')} 2026-0002" in text
    cancels = _("%(credits)s of %(credits_issued)s") % {
        "credits": "2026-0001",
        "credits_issued": fmt.day(date(2026, 12, 1)),
    }
    assert squash(f"{_('Cancels invoice').upper()} {cancels}") in text
    for amount in ("-900.00", "-171.00"):
        assert squash(fmt.money(Decimal(amount))) in text
    assert squash(f"{_('Total credited')} {fmt.money(Decimal('-1071.00'))}") in text
    values = xml_values(xml_of(credit))
    assert (values["type"], values["credits"], values["gross"]) == ("381", "2026-0001", "1071.00")
    rows = {
        number: (net, tax, gross)
        for number, net, tax, gross in sqlite3.connect(tmp_path / "invoices.sqlite").execute(
            "SELECT number, net, tax, gross FROM invoices"
        )
    }
    assert rows["2026-0002"] == tuple(f"-{amount}" for amount in rows["2026-0001"])
    again = run("invoice", brief, "--credit", "2026-0001", "--date", DAY)
    assert again.exit_code == 1 and "already cancelled by credit note 2026-0002" in again.stderr
    # once cancelled, the instalment can be invoiced again, under a new number
    assert _issue(brief, "1-prepayment").name == "logo-invoice-2026-0003.pdf"


def test_json_output_is_the_plain_data_the_record_will_take(tmp_path: Path) -> None:
    result = run("invoice", business(tmp_path), "--date", DAY, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("number", "instalment", "issued", "due", "net", "tax", "gross")} == {
        "number": "2026-0001", "instalment": "1-prepayment", "issued": "2026-12-01",
        "due": "2027-01-11", "net": "900.00", "tax": "171.00", "gross": "1071.00",
    }  # fmt: skip


def test_numbers_follow_the_profile_format_and_restart_each_year(tmp_path: Path) -> None:
    profile = '[business.bank]\niban = "DE89370400440532013000"\n[invoices]\nnumber_format = "JS/{year}/{seq:03d}"\n'
    brief = business(tmp_path, profile)
    assert run("invoice", brief, "1-prepayment", "--date", "2026-12-30", "--future").exit_code == 0
    result = run(
        "invoice", brief, "2-prepayment", "--date", "2027-01-04", "--future", "--format", "json"
    )
    assert json.loads(result.stdout)["number"] == "JS/2027/001"
    assert (tmp_path / "logo-invoice-JS-2027-001.pdf").exists()
    assert (tmp_path / "logo-invoice-JS-2026-001.pdf").exists()
    late = run("invoice", brief, "1-balance", "--date", "2027-01-03", "--future")
    assert late.exit_code == 2 and "would break the order of the numbers" in late.stderr


def test_a_failed_invoice_uses_no_number(tmp_path: Path) -> None:
    brief = business(tmp_path, signed=False)
    text = brief.read_text("utf-8")
    brief.write_text(text + "branding:\n  logo: missing.png\n", "utf-8")
    sign(brief)
    log = tmp_path / "logo.yaml.log.jsonl"
    before = log.read_bytes()
    result = run("invoice", brief, "--date", DAY)
    assert result.exit_code == 2 and "missing.png" in result.stderr
    assert not list(tmp_path.glob("*.pdf"))
    assert log.read_bytes() == before  # nothing recorded either
    brief.write_text(text, "utf-8")
    sign(brief)  # the brief as amended
    assert _issue(brief).name == "logo-invoice-2026-0001.pdf"  # no gap


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ("currency: EUX\n", "currency", '"EUX" is not an ISO 4217 currency'),
        (
            "freelancer:\n  name: Mara Jensen\n  address: Berlin\n  country: DE\n  bank: {iban: DE89370400440532013001}\n",
            "freelancer.bank.iban",
            "is not a valid IBAN",
        ),
        (
            "freelancer:\n  name: Mara Jensen\n  address: Berlin\n  country: DE\n  tax_id: DE 298 471 553\n",
            "freelancer.tax_id",
            "is not a valid DE VAT number",
        ),
    ],
    ids=["currency", "iban", "vat"],
)
def test_an_invalid_currency_iban_or_vat_number_is_refused_at_its_field(
    tmp_path: Path, change: str, field: str, message: str
) -> None:
    brief = business(tmp_path)
    lines = brief.read_text("utf-8")
    key = change.split(":", 1)[0]
    if key == "currency":
        lines = lines.replace("currency: EUR\n", change)
    else:
        start = lines.index("freelancer:")
        end = lines.index("client:")
        lines = lines[:start] + change + "\n" + lines[end:]
    brief.write_text(lines, "utf-8")
    result = run("invoice", brief, "--date", DAY)
    assert result.exit_code == 2, result.output
    assert field in result.stderr and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.glob("*.pdf"))
    assert not (tmp_path / "invoices.sqlite").exists() or not sqlite3.connect(
        tmp_path / "invoices.sqlite"
    ).execute("SELECT COUNT(*) FROM invoices").fetchone()[0]


def test_without_a_payment_route_nothing_is_invoiced(tmp_path: Path) -> None:
    brief = business(tmp_path, '[business]\nname = "Mara Jensen"\n')
    result = run("invoice", brief, "--date", DAY)
    assert result.exit_code == 1
    assert "freelancer.bank.iban: no payment route" in result.stderr
    assert not list(tmp_path.glob("*.pdf"))


def test_the_register_keeps_every_invoice_for_good(tmp_path: Path) -> None:
    brief = business(tmp_path)
    _issue(brief)
    register = sqlite3.connect(tmp_path / "invoices.sqlite")
    with pytest.raises(sqlite3.DatabaseError, match="never deleted"):
        register.execute("DELETE FROM invoices")
    with pytest.raises(sqlite3.DatabaseError, match="never changed or renumbered"):
        register.execute("UPDATE invoices SET number = '2026-0009'")


def test_the_xml_reads_back_from_the_pdf_bytes_too(tmp_path: Path) -> None:
    pdf = _issue(business(tmp_path))
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    (xml,) = reader.attachments["factur-x.xml"]
    assert xml == xml_of(pdf)
