"""What goes into invoices: the business profile merged into the brief, refused where it is
wrong; hostile text in every field printed literally; many briefs invoiced at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from firmbrief.briefs.canonical import canonical_data
from firmbrief.briefs.language import language_for
from firmbrief.briefs.loading import load_brief_file
from firmbrief.contracts.catalogues import translations

from conftest import TODAY, run
from invoice_support import IBAN, PROFILE, business, qr_payload, sign, xml_of, xml_values
from pdf_support import squash, text_of

DAY = "2026-12-01"
FULL_PROFILE = """\
[business]
name = "Mara Jensen"
company = "Jensen Studio"
email = "mara@jensen.studio"
address = "Oderberger Str. 12\\n10435 Berlin"
country = "DE"
region = "BE"
tax_id = "DE 298 471 558"

[business.bank]
iban = "DE89 3704 0044 0532 0130 00"
"""


def _bare(brief: Path) -> None:
    """Leave only the freelancer's role in the brief: the rest is the profile's."""
    data = yaml.safe_load(brief.read_text("utf-8"))
    data["freelancer"] = {"role": "Designer"}
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_a_brief_leaves_out_what_the_profile_gives(tmp_path: Path) -> None:
    brief = business(tmp_path, FULL_PROFILE, signed=False)
    _bare(brief)
    result = run("check", brief, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    parsed = load_brief_file(brief)
    assert parsed.brief is not None
    freelancer = canonical_data(parsed.brief)["freelancer"]  # the fingerprint holds them
    assert (freelancer["company"], freelancer["tax_id"], freelancer["region"]) == (
        "Jensen Studio", "DE 298 471 558", "BE"
    )  # fmt: skip
    assert freelancer["bank"]["iban"] == IBAN and freelancer["role"] == "Designer"


def test_a_brief_overrides_the_profile_where_it_says_more(tmp_path: Path) -> None:
    brief = business(tmp_path, FULL_PROFILE + 'holder = "Mara Jensen"\n', signed=False)
    data = yaml.safe_load(brief.read_text("utf-8"))
    data["freelancer"] = {"company": "Jensen & Partner", "bank": {"bic": "COBADEFFXXX"}}
    brief.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    sign(brief)
    parsed = load_brief_file(brief)
    assert parsed.brief is not None
    assert parsed.brief.freelancer.company == "Jensen & Partner"
    assert parsed.brief.freelancer.name == "Mara Jensen"
    bank = parsed.brief.freelancer.bank
    assert bank is not None and (bank.iban, bank.bic, bank.holder) == (
        IBAN, "COBADEFFXXX", "Mara Jensen"
    )  # fmt: skip
    result = run("invoice", brief, "--date", DAY)
    assert result.exit_code == 0, result.output
    text = text_of(tmp_path / "logo-invoice-2026-0001.pdf")
    _ = translations(language_for(parsed.brief)).gettext  # its client is in Berlin: German
    assert f"{_('From').upper()} Jensen & Partner Mara Jensen" in text


@pytest.mark.parametrize(
    ("profile", "field", "message"),
    [
        ('[business.bank]\niban = "DE89 3704 0044 0532 0130 01"\n', "business.bank.iban",
         '"DE89 3704 0044 0532 0130 01" is not a valid IBAN (invalid checksum digits)'),
        ('[business.bank]\nbic = "COBADE"\n', "business.bank.bic", "is not a valid BIC"),
        ('[business]\ntax_id = "DE 298 471 553"\n', "business.tax_id",
         '"DE 298 471 553" is not a valid DE VAT number'),
        ('[business]\npayment_link = "http://pay.example.com"\n', "business.payment_link",
         "is not a web address starting with https://"),
        ('[business]\nnmae = "Mara"\n', "business.nmae", 'unknown field "nmae"'),
        ('[invoices]\nnumber_format = "{year}"\n', "invoices.number_format", "has no {seq}"),
        ('[invoices]\nnumber_format = "{seq.__class__}"\n', "invoices.number_format",
         "uses {seq.__class__}"),
        ('[invoices]\nnumber_format = "INV {seq}"\n', "invoices.number_format",
         "an invoice number is at most 30 letters, digits"),
    ],
    ids=["iban", "bic", "vat", "link", "unknown", "no-seq", "attribute", "space"],
)  # fmt: skip
def test_a_wrong_profile_is_refused_at_its_field(
    tmp_path: Path, profile: str, field: str, message: str
) -> None:
    brief = business(tmp_path, profile, signed=False)
    for command in (("check", brief), ("invoice", brief, "--date", DAY)):
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"error: {tmp_path / 'firmbrief.toml'}: {field}: ")
        assert message in result.stderr
    assert not list(tmp_path.glob("*.pdf")) and not (tmp_path / "invoices.sqlite").exists()


def test_check_refuses_a_mistyped_vat_number_at_its_field(tmp_path: Path) -> None:
    brief = business(tmp_path, signed=False)
    brief.write_text(
        brief.read_text("utf-8").replace("DE 298 471 558", "DE 298 471 553"), "utf-8"
    )
    result = run("check", brief, "--today", TODAY.isoformat(), "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [(f["severity"], f["code"], f["field"]) for f in findings] == [
        ("error", "tax-number", "freelancer.tax_id")
    ]


HOSTILE = '<script>alert("x")</script> & {{ 7*7 }} {% if %}'
LONG = "W" * 120


def test_hostile_text_in_every_field_is_printed_literally(tmp_path: Path) -> None:
    profile = PROFILE.replace('bic = "COBADEFFXXX"', f"holder = '{HOSTILE} holder'")
    brief = business(tmp_path, profile, signed=False)
    data = yaml.safe_load(brief.read_text("utf-8"))
    data["title"] = f"{HOSTILE} title"
    data["freelancer"].update(
        name=f"{HOSTILE} name", company=f"{HOSTILE} studio", address=f"{HOSTILE} street\n{LONG}"
    )
    data["client"].update(
        company=f"{HOSTILE} client", name=f"{HOSTILE} contact", tax_id=f"{HOSTILE} tax",
        address=f"{HOSTILE} avenue\n10115 {HOSTILE} city",
    )  # fmt: skip
    data["iterations"][0]["name"] = f"{HOSTILE} stage"
    data["deliverables"][0]["name"] = f"{HOSTILE} deliverable"
    data["tax"]["name"] = "<b>VAT</b>"
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    sign(brief)
    result = run("invoice", brief, "--date", DAY)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "logo-invoice-2026-0001.pdf"
    text = squash(text_of(pdf))
    for field in ("title", "name", "studio", "street", "client", "contact", "tax", "avenue",
                  "stage", "deliverable", "holder"):  # fmt: skip
        assert f"{HOSTILE} {field}" in text, field
    assert LONG in text.replace(" ", "")
    assert "<b>VAT</b> 19% 171,00" in text  # the tax's name, as the column heading prints it
    values = xml_values(xml_of(pdf))  # escaped in the XML, which still passes the schema
    assert values["seller"] == f"{HOSTILE} studio" and values["buyer"] == f"{HOSTILE} client"
    assert values["buyer_address"] == f"{HOSTILE} avenue"
    assert qr_payload(pdf, tmp_path).split("\n")[5] == f"{HOSTILE} holder"[:70]


def test_many_briefs_are_invoiced_in_one_command_and_a_failure_stops_nothing(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "clients"
    business(folder, name="a.yaml")
    business(folder, name="b.yaml")
    (folder / "c.yaml").write_text("title: [unclosed\n", "utf-8")
    business(folder, name="d.yaml")
    result = run("invoice", folder, "--due", "2027-01-11", "--date", DAY)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[0] == (
        "3 invoices issued, 0 briefs with nothing due, 1 failed (of 4 briefs)"
    )
    assert f"failed    {folder / 'c.yaml'}:" in result.stdout
    for name, number in (("a", "0001"), ("b", "0002"), ("d", "0003")):
        assert (folder / f"{name}-invoice-2026-{number}.pdf").exists()
        assert f"invoice 2026-{number} for 1-prepayment: 1,071.00 EUR" in result.stdout
    again = run("invoice", folder, "--due", "2027-01-11", "--date", DAY)
    assert again.stdout.splitlines()[0].startswith("0 invoices issued, 3 briefs with nothing due")
    # signed and unpaid, iteration 1 (and with it iteration 2's prepayment) moves later
    later = run("invoice", folder, "--due", "2027-03-31", "--date", "2027-01-20", "--future")
    assert later.stdout.splitlines()[0].startswith("3 invoices issued")
    assert "invoice 2026-0004" not in later.stdout and "2027-0001 for 2-prepayment" in later.stdout
