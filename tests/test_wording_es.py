"""The terms written in Spanish for Spanish law (issue 26 item 3): a Madrid studio and its client
receive Spanish terms by default, with no English sentence left, every statement of law with its
figures and its source from the law table's ES row; ``check`` accepts Spanish under Spanish law
and refuses it under another law."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_languages import _catalogue, _english_words, _text

import firmbrief.templates
from firmbrief.briefs.law import rows
from firmbrief.briefs.money import formatted

from conftest import EXAMPLES, run

DAY = "2026-12-01"
CLAUSES = Path(firmbrief.templates.__file__).parent / "clauses"


def _madrid(**changes: Any) -> dict[str, Any]:
    """The logo example moved to Madrid, Spanish law by the freelancer's place, its free texts
    written in Spanish, and no ``language``: the client's country gives it."""
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))
    data["title"] = "Identidad de marca para la panadería"
    data["summary"] = "Una panadería familiar abre su segunda tienda en primavera de 2027."
    data["freelancer"].update(
        name="Lucía Navarro", company="Estudio Navarro", email="lucia@estudionavarro.es",
        role="Diseñadora", address="Calle del Pez 21\n28004 Madrid", country="ES", region="MD",
        tax_id="ESX1234567L", bank={"iban": "ES91 2100 0418 4502 0005 1332", "bic": "CAIXESBBXXX"},
    )  # fmt: skip
    data["client"] = {
        "kind": "business", "company": "Horno Becerra S.L.", "name": "Tomás Becerra",
        "email": "tomas@hornobecerra.es", "address": "Calle de Fuencarral 40\n28004 Madrid",
        "country": "ES", "approver": {"name": "Tomás Becerra", "role": "Gerente"},
        "also_agree": ["Ana Becerra"],
    }  # fmt: skip
    data["goals"] = ["Los transeúntes reconocen la panadería desde la otra acera."]
    data["emphasis"] = ["Calidez y oficio."]
    data["audience"] = "Familias y oficinistas del barrio."
    data["rules"] = ["Los colores deben imprimirse en papel kraft."]
    spanish = [("Logotipo", "3 variantes"), ("Manual de marca", "12 páginas"),
               ("Papelería", "4 diseños")]  # fmt: skip
    for deliverable, (name, volume) in zip(data["deliverables"], spanish, strict=True):
        deliverable.update(name=name, volume=volume, formats=["PDF"],
                           acceptance=[f"{name} listo para imprenta."])  # fmt: skip
    for index, material in enumerate(data["materials"]):
        material["name"] = f"Material {index + 1} del cliente"
    data["materials"][0]["due"] = "2027-01-07"  # 6 January is a holiday in Spain
    data["iterations"][0]["name"] = "Descubrimiento y bocetos"
    data["iterations"][1]["name"] = "Refinamiento"
    data["iterations"][1]["delivery"] = "2027-03-18"  # 19 March is a holiday in Madrid
    data["tax"] = {"prices": "net", "name": "IVA", "rate": 21}
    data.update(changes)
    return data


def _consumer() -> dict[str, Any]:
    return _madrid(
        client={"kind": "consumer", "name": "Carmen Ruiz", "email": "carmen@correo.es",
                "address": "Calle de Atocha 10\n28012 Madrid", "country": "ES",
                "approver": {"name": "Carmen Ruiz"}, "also_agree": []},
        test_task={"description": "un boceto de logotipo", "price": 150, "due": "2026-12-15"},
    )  # fmt: skip


def _write(folder: Path, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True)
    path = folder / "brief.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _terms(folder: Path, data: dict[str, Any]) -> str:
    out = folder / "out"
    result = run("render", _write(folder, data), "--today", DAY, "-o", out)
    assert result.exit_code == 0, result.output
    (pdf,) = out.glob("*-terms.pdf")
    return " ".join(_text(pdf).split())  # one line: a statement may wrap anywhere


@pytest.fixture(scope="module")
def terms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The terms rendered once per client kind: a business, and a consumer with a test task."""
    folder = tmp_path_factory.mktemp("wording-es")
    return {
        "business": _terms(folder / "business", _madrid()),
        "consumer": _terms(folder / "consumer", _consumer()),
    }


def _words(text: str) -> set[str]:
    text = re.sub(r"\{[{%#].*?[}%#]\}|<[^>]+>|%\(\w+\)[sd]|\{\w+\}", " ", text, flags=re.S)
    return {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}


def _english() -> set[str]:
    """The words of the English clauses and messages that Spanish does not also write."""
    english = _english_words("es")
    for clause in CLAUSES.glob("*.html"):
        english |= _words(clause.read_text("utf-8"))
    spanish: set[str] = set()
    for message in _catalogue("es"):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        spanish |= _words(" ".join(str(s) for s in strings))
    for clause in (CLAUSES / "es").glob("*.html"):
        spanish |= _words(clause.read_text("utf-8"))
    return english - spanish


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["business", "consumer"])
def test_the_spanish_terms_have_no_english_word_left(terms: dict[str, str], kind: str) -> None:
    english = _english()
    assert {"client", "freelancer", "agreement", "prepayment", "withdrawal"} <= english
    text = terms[kind]
    assert "Derechos sobre la obra" in text and "Firmas" in text  # the terms, in Spanish
    found = sorted(_words(text) & english)
    assert found == [], f"{kind}: English words {found}"


def _fee(amount: str) -> str:
    return " ".join(formatted(Decimal(amount), "EUR", 2, "es_ES").split())


@pytest.mark.slow
def test_the_business_terms_state_spanish_law_with_its_figures_and_sources(
    terms: dict[str, str],
) -> None:
    es = rows()["ES"]
    text = terms["business"]
    interest = es["interest"]["business"]
    assert f"sumar {interest['points']} puntos porcentuales al tipo de interés aplicado por el " \
           "Banco Central Europeo" in text  # fmt: skip
    assert f"conforme al {interest['source']}, para las operaciones comerciales entre" in text
    fee = es["recovery_fee"]
    assert f"cantidad fija de {_fee(fee['amount'])}" in text and fee["source"] in text
    assert es["copyright"]["source"] in text  # the cesión, each right named
    for right in ("reproducción", "distribución", "comunicación pública", "transformación"):
        assert f"el derecho de {right}" in text
    assert "nombre comercial Estudio Navarro" in text  # the trade name, in Spanish
    # no court chosen in standard terms, and why
    assert "juzgados y tribunales que resulten competentes conforme a la ley" in text
    assert es["courts"]["source"] in text
    contract = es["contract"]
    for source in ("work", "intent", "force_majeure", "general_conditions"):
        assert contract[source] in text, source
    assert "Modelo de formulario de desistimiento" not in text  # a consumer's right only


@pytest.mark.slow
def test_the_consumer_terms_carry_the_official_withdrawal_information_and_form(
    terms: dict[str, str],
) -> None:
    withdrawal = rows()["ES"]["withdrawal"]
    text = terms["consumer"]
    assert withdrawal["source"] in text
    days = withdrawal["days"]
    assert f"a más tardar {days} días naturales a partir de la fecha" in text
    assert "Modelo de formulario de desistimiento" in text
    assert "(*) Táchese lo que no proceda." in text
    assert "Solicito expresamente que el profesional comience el trabajo" in text
    assert "Trabajos de prueba" in text and _fee("150") in text  # the test task, in Spanish
    assert "estas condiciones no limitan esa responsabilidad" in text  # a consumer's liability
    assert "cantidad fija" not in text  # the recovery fee is between businesses only


def test_check_accepts_spanish_under_spanish_law_and_refuses_it_under_another(
    tmp_path: Path,
) -> None:
    def findings(folder: str, data: dict[str, Any]) -> list[dict[str, Any]]:
        result = run("check", _write(tmp_path / folder, data), "--today", DAY, "--format", "json")
        found: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
        return [f for f in found if f["code"] == "no-legal-wording"]

    assert findings("es", _madrid(language="es")) == []  # worded for Spanish law
    data = _madrid(language="es")
    data["terms"]["legal"] = {"law": "DE"}
    (refused,) = findings("de", data)
    assert "no Spanish wording for the law of Germany" in refused["message"]


def test_spanish_law_allows_a_business_at_most_sixty_days_to_pay(tmp_path: Path) -> None:
    limit = rows()["ES"]["payment_limit"]["days"]

    def codes(days: int) -> list[str]:
        data = _madrid()
        data["payment"]["due_days"] = days
        folder = tmp_path / str(days)
        result = run("check", _write(folder, data), "--today", DAY, "--format", "json")
        return [f["code"] for f in json.loads(result.stdout)["findings"]]

    assert "payment-limit" not in codes(limit)
    assert "payment-limit" in codes(limit + 1)


def test_check_says_a_venue_is_not_printed_under_spanish_law(tmp_path: Path) -> None:
    data = _madrid()
    data["terms"]["legal"] = {"venue": "los juzgados de Madrid"}
    result = run("check", _write(tmp_path / "venue", data), "--today", DAY, "--format", "json")
    (found,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "venue-law"]
    assert found["severity"] == "warning" and rows()["ES"]["courts"]["source"] in found["message"]
