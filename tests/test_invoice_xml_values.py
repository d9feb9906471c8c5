"""What the EN 16931 data says, read back from real invoices with the factur-x library: a VAT
number without the separators people write it with, and a tax rate with every decimal it has."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml

from conftest import run
from invoice_support import business, sign, xml_of, xml_values


def _invoice(tmp_path: Path, change: dict[str, object]) -> dict[str, str]:
    brief = business(tmp_path / "studio", signed=False)
    data = yaml.safe_load(brief.read_text("utf-8"))
    for path, value in change.items():
        where = data
        *parents, key = path.split(".")
        for part in parents:
            where = where[part]
        where[key] = value
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    sign(brief)
    result = run("invoice", brief, "1-prepayment", "--date", "2026-12-01", "-o", tmp_path / "i.pdf")
    assert result.exit_code == 0, result.output
    return xml_values(xml_of(tmp_path / "i.pdf"))


def test_a_vat_number_is_written_without_separators(tmp_path: Path) -> None:
    values = _invoice(tmp_path, {"client.tax_id": "DE 811.907-230"})
    from lxml import etree

    xml = xml_of(tmp_path / "i.pdf")
    buyer = etree.fromstring(xml).xpath(
        "//ram:BuyerTradeParty/ram:SpecifiedTaxRegistration/ram:ID",
        namespaces={"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"},
    )
    assert [b.text for b in buyer] == ["DE811907230"]
    assert values["seller_tax"] == "DE298471558"  # the profile writes "DE 298 471 558"


def test_a_rate_is_written_with_every_decimal_it_has(tmp_path: Path) -> None:
    values = _invoice(tmp_path, {"tax.rate": "19.125"})
    assert values["rate"] == "19.125"
    # 50 % of 1,800.00 is 900.00 net; 19.125 % of it is 172.125, rounded half up to 172.13
    assert (values["net"], values["tax"], values["gross"]) == ("900.00", "172.13", "1072.13")
    assert Decimal(values["net"]) + Decimal(values["tax"]) == Decimal(values["gross"])


def test_an_invoice_is_on_the_paper_of_its_terms(tmp_path: Path) -> None:
    from pypdf import PdfReader

    _invoice(tmp_path / "a4", {})  # a client in Germany: A4, as the terms
    box = PdfReader(tmp_path / "a4" / "i.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    _invoice(tmp_path / "letter", {"terms.paper": "Letter"})  # as the brief's terms say
    box = PdfReader(tmp_path / "letter" / "i.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
