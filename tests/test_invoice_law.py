"""Invoices by the seller's law (issue 25, item 6), read back from the rendered PDFs: the date of
supply or service period; prepayment invoices named as such and the final invoice deducting
each prepayment with its tax; the French mentions; the registration number as its own field;
UK VAT invoice contents; US Subtotal/Total and deposits; consumer prices with tax; a French
invoice never due beyond the 60-day limit."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.dates import format_date
from babel.numbers import format_currency

from firmbrief.briefs.banking import check_tax_number
from firmbrief.briefs.registration import check_registration

from conftest import EXAMPLES, run
from invoice_support import BIC, sign, xml_of, xml_values
from pdf_support import text_of as _text_of

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("worded")]

BANK_ONLY = f"""\
[business.bank]
iban = "DE89 3704 0044 0532 0130 00"
bic = "{BIC}"
"""
SIRET = "732 829 320 00074"  # INSEE's example: a SIRET whose Luhn check holds


@pytest.fixture
def worded(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the terms' clauses were worded in German and French (they are English only yet):
    a brief in German or French may then be signed and invoiced."""
    import firmbrief.briefs.language

    monkeypatch.setattr(firmbrief.briefs.language, "LEGAL_WORDING",
                        dict.fromkeys(firmbrief.briefs.language.LANGUAGES))  # fmt: skip


def _brief(
    folder: Path,
    change: Callable[[dict[str, Any]], None],
    example: str = "logo",
    *,
    signed: bool = True,
) -> Path:
    """``example`` in ``folder`` beside a profile with a bank account, changed, signed."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "firmbrief.toml").write_text(BANK_ONLY, "utf-8")
    data = yaml.safe_load((EXAMPLES / f"{example}.yaml").read_text("utf-8"))
    data["freelancer"].pop("bank", None)
    change(data)
    brief = folder / "b.yaml"
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    if signed:
        sign(brief)
    return brief


def text_of(pdf: Path) -> str:
    """The PDF's text, with the words the page hyphenated at a line's end joined again."""
    return _text_of(pdf).replace("\u2010 ", "")


def _issue(brief: Path, day: str, *args: str) -> tuple[dict[str, Any], Path]:
    result = run("invoice", brief, *args, "--date", day, "--future", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    word = "credit-note" if data["kind"] == "credit_note" else "invoice"
    return data, brief.with_name(f"{brief.stem}-{word}-{data['number']}.pdf")


def _record(brief: Path, *args: str) -> None:
    result = run("record", brief, *args)
    assert result.exit_code == 0, result.output


def _day(day: date, locale: str) -> str:
    return str(format_date(day, "long", locale=locale))


def _money(amount: str | Decimal, currency: str, locale: str) -> str:
    return str(format_currency(Decimal(amount), currency, locale=locale)).replace("\xa0", " ")


def _plan(brief: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(brief.read_text("utf-8"))
    return data


def _german(data: dict[str, Any]) -> None:
    data["language"] = "de"


# --- 1 and 2: the period, prepayment invoices, the final invoice -----------------------------


def test_a_german_prepayment_invoice_before_the_work_names_itself_and_the_period_to_come(
    tmp_path: Path,
) -> None:
    brief = _brief(tmp_path, _german)
    it = _plan(brief)["iterations"][0]
    _, pdf = _issue(brief, "2026-12-02", "1-prepayment")
    text = text_of(pdf)
    assert "Anzahlungsrechnung 2026-0001" in text, text
    period = f"{_day(it['start'], 'de_DE')} – {_day(it['delivery'], 'de_DE')}"
    assert f"FÜR LEISTUNGEN IM ZEITRAUM {period}".upper() in text.upper(), text


def test_the_final_invoice_deducts_each_prepayment_invoice_with_its_tax(tmp_path: Path) -> None:
    brief = _brief(tmp_path, _german)
    it = _plan(brief)["iterations"][0]
    first, _ = _issue(brief, "2026-12-02", "1-prepayment")
    _record(brief, "delivered", "--date", "2027-02-09")
    _record(brief, "accepted", "--date", "2027-02-11")
    final, pdf = _issue(brief, "2027-02-11", "1-balance")
    text = text_of(pdf)
    assert "Schlussrechnung 2027-0001" in text, text
    # the iteration's period: its start to its acceptance
    period = f"{_day(it['start'], 'de_DE')} – {_day(date(2027, 2, 11), 'de_DE')}"
    assert f"LEISTUNGSZEITRAUM {period}".upper() in text.upper(), text
    whole = {k: Decimal(first[k]) + Decimal(final[k]) for k in ("net", "tax", "gross")}
    shown = " ".join(_money(whole[k], "EUR", "de_DE") for k in ("net", "tax", "gross"))
    less = " ".join(_money(-Decimal(first[k]), "EUR", "de_DE") for k in ("net", "tax", "gross"))
    on = _day(date(2026, 12, 2), "de_DE")
    assert "Gesamtpreis der Iteration 1" in text, text
    assert f"{shown} Abzüglich Anzahlungsrechnung {first['number']} vom {on} {less}" in text
    # what is owed stays the balance: the register's, the record's and the XML's (which, as
    # EN 16931 has it, states the whole price and tax and deducts the prepayment as BT-113)
    assert f"ZU ZAHLEN {_money(final['gross'], 'EUR', 'de_DE')}" in text, text
    values = xml_values(xml_of(pdf))
    assert (values["net"], values["tax"], values["payable"]) == (
        str(whole["net"]), str(whole["tax"]), final["gross"]
    )
    status = json.loads(run("status", brief, "--today", "2027-02-11", "--format", "json").stdout)
    assert final["gross"] in json.dumps(status)


def test_a_final_invoices_credit_note_cancels_what_it_asked_for(tmp_path: Path) -> None:
    brief = _brief(tmp_path, lambda data: data.update(language="en"))
    _issue(brief, "2026-12-02", "1-prepayment")
    _record(brief, "delivered", "--date", "2027-02-09")
    _record(brief, "accepted", "--date", "2027-02-11")
    final, _ = _issue(brief, "2027-02-11", "1-balance")
    credit, pdf = _issue(brief, "2027-02-12", "--credit", final["number"])
    text = text_of(pdf)
    gross = _money(-Decimal(final["gross"]), "EUR", "en_DE")
    assert credit["gross"] == f"-{final['gross']}" and f"TOTAL CREDITED {gross}" in text, text
    assert "Less prepayment" not in text and "Price of iteration" not in text, text


def test_a_settlement_states_the_work_until_the_cancellation(tmp_path: Path) -> None:
    brief = _brief(tmp_path, lambda data: data.update(language="en"))
    start = _plan(brief)["iterations"][0]["start"]
    _record(brief, "payment", "--amount", "1071.00", "--for", "1-prepayment", "--date", "2026-12-03")
    _record(brief, "delivered", "--draft", "1", "--date", "2027-01-25")
    _record(brief, "cancelled", "--by", "client", "--date", "2027-01-27")
    _, pdf = _issue(brief, "2027-01-28", "settlement")
    period = f"{_day(start, 'en_DE')} – {_day(date(2027, 1, 27), 'en_DE')}"
    assert f"SERVICE PERIOD {period}" in text_of(pdf), text_of(pdf)


def test_an_invoice_after_the_work_states_its_date_of_supply(tmp_path: Path) -> None:
    def task(data: dict[str, Any]) -> None:
        data["language"] = "en"
        data["test_task"] = {"description": "A first sketch", "price": "300.00",
                             "due": "2026-12-10"}  # fmt: skip

    brief = _brief(tmp_path, task)
    _, pdf = _issue(brief, "2026-12-12", "test-task")
    text = text_of(pdf)
    assert f"DATE OF SUPPLY {_day(date(2026, 12, 10), 'en_DE')}" in text, text
    assert "Invoice 2026-0001" in text and "Prepayment invoice" not in text


# --- 3 and 4: French mentions, the registration number ------------------------------------


def _french(data: dict[str, Any]) -> None:
    data["language"] = "fr"
    data["freelancer"] = {
        "name": "Claire Martin", "email": "claire@martin.fr", "country": "FR",
        "address": "12 rue de la Paix\n75002 Paris", "tax_id": "FR 40 303 265 045",
        "registration": SIRET, "legal_form": "EI", "entity": "person",
    }  # fmt: skip
    data["client"].update(company="Boulangerie Dupont SARL", country="FR",
                          address="3 place du Marché\n69001 Lyon")  # fmt: skip
    data["client"].pop("tax_id", None)
    data["tax"].update(rate=20, name="TVA")
    data["payment"]["due_days"] = 30


def test_a_french_invoice_carries_the_mentions_the_law_table_names(tmp_path: Path) -> None:
    brief = _brief(tmp_path, _french)
    _, pdf = _issue(brief, "2026-12-02", "1-prepayment")
    text = text_of(pdf)
    for shown in (
        "Facture d’acompte 2026-0001",
        "Claire Martin EI",
        f"SIRET {SIRET}",
        "Pénalités de retard : le taux appliqué par la Banque centrale européenne à son "
        "opération de refinancement la plus récente majoré de 10 points de pourcentage "
        "(art. L441-10 II Code de commerce).",
        "Indemnité forfaitaire pour frais de recouvrement due par un client professionnel en "
        f"cas de retard de paiement : {_money('40', 'EUR', 'fr_FR')} (art. L441-10 II and "
        "art. D441-5 Code de commerce).",
    ):
        assert shown in text, (shown, text)
    assert "Slovenian" not in text and "SI " not in text


def test_a_french_franchise_seller_says_tva_non_applicable(tmp_path: Path) -> None:
    def franchise(data: dict[str, Any]) -> None:
        _french(data)
        data["language"] = "en"  # the mention is the law's words, in any invoice's language
        data["freelancer"].pop("tax_id")
        data["tax"] = {"exemption": "small_business"}

    brief = _brief(tmp_path, franchise)
    _, pdf = _issue(brief, "2026-12-02", "1-prepayment")
    assert "TVA non applicable, art. 293 B du CGI" in text_of(pdf)


def test_a_consumer_gets_no_business_mentions(tmp_path: Path) -> None:
    def consumer(data: dict[str, Any]) -> None:
        _french(data)
        data["client"].update(kind="consumer", company=None)

    brief = _brief(tmp_path, consumer)
    _, pdf = _issue(brief, "2026-12-02", "1-prepayment")
    text = text_of(pdf)
    # L441-10 binds businesses: no penalty rate nor indemnity stated to a private person
    assert "Facture d’acompte 2026-0001" in text, text
    assert "Pénalités de retard" not in text and "frais de recouvrement" not in text, text


def test_a_siret_is_no_slovenian_vat_number_and_a_bare_siret_is_valid() -> None:
    assert check_tax_number(f"SIRET {SIRET}", "FR").problem is None
    assert check_tax_number(f"SIRET {SIRET}", "FR").vat is False
    assert check_tax_number(SIRET.replace(" ", ""), "FR").problem is None
    wrong = check_tax_number("SIRET 732 829 320 00075", "FR")
    assert (wrong.severity, wrong.vat) == ("error", False)
    assert "not a valid SIRET" in str(wrong.problem) and "SI VAT" not in str(wrong.problem)


@pytest.mark.parametrize(
    ("value", "country", "scheme", "identifier"),
    [
        (SIRET, "FR", "0009", "73282932000074"),
        ("732 829 320", "FR", "0002", "732829320"),
        ("SIREN 732829320", "FR", "0002", "732829320"),
        ("HRB 12345, Amtsgericht Charlottenburg", "DE", "", "HRB 12345, Amtsgericht Charlottenburg"),
        ("sc 123456", "GB", "", "SC123456"),
    ],
)
def test_a_registration_number_has_its_scheme(
    value: str, country: str, scheme: str, identifier: str
) -> None:
    found = check_registration(value, country)
    assert (found.problem, found.scheme, found.identifier) == (None, scheme, identifier)


def test_check_refuses_a_wrong_siret_at_its_field_and_asks_for_a_missing_one(
    tmp_path: Path,
) -> None:
    def wrong(data: dict[str, Any]) -> None:
        _french(data)
        data["freelancer"]["registration"] = "732 829 320 00075"

    brief = _brief(tmp_path / "wrong", wrong, signed=False)
    result = run("check", brief, "--today", "2026-12-01")
    assert "freelancer.registration" in result.output and "not a valid SIRET" in result.output
    assert result.exit_code == 1, result.output

    def missing(data: dict[str, Any]) -> None:
        _french(data)
        del data["freelancer"]["registration"], data["freelancer"]["legal_form"]

    brief = _brief(tmp_path / "missing", missing, signed=False)
    result = run("check", brief, "--today", "2026-12-01")
    assert "write it as freelancer.registration" in result.output, result.output
    assert "write legal_form: EI" in result.output, result.output


# --- 5: UK and US -----------------------------------------------------------------------------


def _british(data: dict[str, Any]) -> None:
    data["freelancer"] = {
        "name": "Ann Smith", "email": "ann@smith.co.uk", "country": "GB", "region": "ENG",
        "address": "1 High Street\nLondon EC1A 1AA", "tax_id": "GB 980 7806 84",
        "registration": "12345678",
    }  # fmt: skip
    data["client"].update(company="Bakery Ltd", country="GB", address="2 Low Road\nLeeds LS1 1AA")
    data["client"].pop("tax_id", None)
    data["currency"] = "GBP"
    data["tax"]["rate"] = 20


def test_a_uk_vat_invoice_states_the_tax_point_and_unit_price(tmp_path: Path) -> None:
    brief = _brief(tmp_path, _british)
    data, pdf = _issue(brief, "2026-12-02", "1-prepayment")
    text = text_of(pdf)
    for shown in (
        "VAT ID GB 980 7806 84",
        "Company number 12345678",
        f"TAX POINT {_day(date(2026, 12, 2), 'en_GB')}",
        f"Quantity 1 at a unit price of {_money(data['net'], 'GBP', 'en_GB')} before VAT",
        f"VAT 20% {_money(data['tax'], 'GBP', 'en_GB')}",
    ):
        assert shown in text, (shown, text)


def test_check_warns_that_a_uk_vat_invoice_in_euros_needs_the_vat_in_sterling(
    tmp_path: Path,
) -> None:
    def euros(data: dict[str, Any]) -> None:
        _british(data)
        data["currency"] = "EUR"

    brief = _brief(tmp_path, euros, signed=False)
    result = run("check", brief, "--today", "2026-12-01")
    assert "currency" in result.output and "state the VAT in sterling" in result.output, result.output
    pounds = _brief(tmp_path / "gbp", _british, signed=False)
    assert "sterling" not in run("check", pounds, "--today", "2026-12-01").output


def test_a_us_invoice_says_deposit_subtotal_and_total_and_no_zero_tax(tmp_path: Path) -> None:
    brief = _brief(tmp_path, lambda data: None, example="website")
    data, pdf = _issue(brief, "2026-12-02", "1-prepayment")
    text = text_of(pdf)
    gross = _money(data["gross"], "USD", "en_US")
    assert "Deposit invoice 2026-0001" in text and "Deposit (50%) for iteration 1" in text
    assert f"SUBTOTAL {gross}" in text and f"TOTAL DUE {gross}" in text, text
    assert "$0.00" not in text and "NET" not in text and "GROSS" not in text, text


# --- 6: consumers -----------------------------------------------------------------------------


def test_a_consumer_sees_prices_with_tax_and_the_tax_they_contain(tmp_path: Path) -> None:
    brief = _brief(tmp_path, lambda data: data.update(language="en"), example="consumer-wedding")
    data, pdf = _issue(brief, "2026-12-02", "1-prepayment")
    text = text_of(pdf)
    gross, tax = _money(data["gross"], "EUR", "en_DE"), _money(data["tax"], "EUR", "en_DE")
    assert "PRICE INCL. VAT 19%" in text, text
    assert f"TOTAL DUE {gross}" in text and f"INCLUDED: VAT 19% {tax}" in text, text
    assert _money(data["net"], "EUR", "en_DE") not in text, text  # no net figure at all


# --- 7: the French limit of 60 days ------------------------------------------------------------


def test_a_french_test_task_invoice_is_never_due_beyond_60_days(tmp_path: Path) -> None:
    def task(data: dict[str, Any]) -> None:
        _french(data)
        data["test_task"] = {"description": "Une esquisse", "price": "300.00",
                             "due": "2027-02-25"}  # fmt: skip

    brief = _brief(tmp_path, task)
    data, pdf = _issue(brief, "2026-12-02", "test-task")
    limit = date(2026, 12, 2) + timedelta(days=60)
    assert date.fromisoformat(data["due"]) <= limit, data
    assert _day(date.fromisoformat(data["due"]), "fr_FR") in text_of(pdf)
