"""Notices in the client's language (issue 26): each kind written in German, French and
Spanish, with no English word of the catalogue left, counted words in the language's plural, and
dates and money in the client's locale."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_languages import CLIENT_DATA, TRANSLATED, _english_words

from firmbrief.briefs.language import LANGUAGES, document_locale
from firmbrief.briefs.loading import load_brief_file
from firmbrief.contracts.views import Formats

from conftest import EXAMPLES, run

DAY = "2026-12-01"

MATERIALS = {
    "de": ("Aktuelle Logodateien", "Fotos der Backstube", "Namen und Adressen für das Briefpapier"),
    "fr": ("Fichiers du logo actuel", "Photos de la boulangerie", "Noms et adresses pour la papeterie"),
    "es": ("Archivos del logotipo actual", "Fotos del obrador", "Nombres y direcciones para la papelería"),
}  # fmt: skip
"""The materials' names as the freelancer writes them for the client (printed as written)."""

SECOND_ITERATION = {"de": "Feinschliff und Markenpaket", "fr": "Affinage et kit de marque",
                    "es": "Refinamiento y kit de marca"}  # fmt: skip

MONTHS = {"de": "Februar 2027", "fr": "février 2027", "es": "febrero de 2027"}
"""A date of February 2027 as each language writes it."""

DAYS = {
    "de": ("(1 Tag)", "(3 Tage)"),
    "fr": ("(1 jour)", "(3 jours)"),
    "es": ("(1 día)", "(3 días)"),
}
"""How long a payment is overdue, one day and three: the catalogue's plural forms."""


@pytest.fixture(autouse=True)
def worded(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the terms' clauses were worded in every language (a brief in German may then be
    signed, and a notice rests on signed terms)."""
    import firmbrief.briefs.language

    monkeypatch.setattr(firmbrief.briefs.language, "LEGAL_WORDING", dict.fromkeys(LANGUAGES))


def _brief(folder: Path, language: str) -> Path:
    """examples/logo.yaml written for a client in ``language``, with its business profile."""
    folder.mkdir(parents=True)
    (folder / "firmbrief.toml").write_text(
        (EXAMPLES / "business" / "firmbrief.toml").read_text("utf-8"), "utf-8"
    )
    data = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))
    data["language"] = language
    title, iteration, logo, tax = CLIENT_DATA[language]
    data["title"], data["tax"]["name"] = title, tax
    data["iterations"][0]["name"] = iteration
    data["iterations"][1]["name"] = SECOND_ITERATION[language]
    data["deliverables"][0]["name"] = logo
    for material, name in zip(data["materials"], MATERIALS[language], strict=False):
        material["name"] = name
    brief = folder / "logo.yaml"
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return brief


def _record(brief: Path, *args: str) -> None:
    result = run("record", brief, *args)
    assert result.exit_code == 0, result.output


def _accepted_iteration_1(brief: Path) -> None:
    _record(brief, "signed", "--date", DAY)
    _record(brief, "payment", "--amount", "1071", "--date", "2027-01-05")
    _record(brief, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")
    _record(brief, "delivered", "-i", "1", "--date", "2027-02-05")
    _record(brief, "accepted", "-i", "1", "--date", "2027-02-08")


def _notice(brief: Path, kind: str, today: str) -> str:
    result = run("notice", brief, kind, "--today", today)
    assert result.exit_code == 0, result.output
    return result.stdout


def _unwrapped(text: str) -> str:
    return re.sub(r"[ \n]+", " ", text).strip()


def _english_left(text: str, language: str) -> set[str]:
    english = _english_words(language)
    assert {"payment", "reminder", "settlement", "materials"} <= english  # the list is real
    text = re.sub(r"https?://\S+", " ", text)  # a payment link is no word of a language
    return {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)} & english


def _formats(brief: Path) -> Any:
    parsed = load_brief_file(brief).brief
    assert parsed is not None
    return Formats(document_locale(parsed), "EUR", 2)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_notice_is_in_the_clients_language(tmp_path: Path, language: str) -> None:
    """Each kind, in the states the English tests write them in: nothing English is left."""
    texts = {}
    brief = _brief(tmp_path / "review", language)
    _record(brief, "signed", "--date", DAY)
    _record(brief, "payment", "--amount", "1071", "--date", "2027-01-05")
    _record(brief, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")
    _record(brief, "delivered", "-i", "1", "--date", "2027-02-05")
    texts["review"] = _notice(brief, "review", "2027-02-12")
    draft = _brief(tmp_path / "draft", language)
    _record(draft, "signed", "--date", DAY)
    _record(draft, "delivered", "-i", "1", "--draft", "1", "--date", "2027-01-20")
    texts["review of a draft"] = _notice(draft, "review", "2027-01-28")
    brief = _brief(tmp_path / "accepted", language)
    _accepted_iteration_1(brief)
    texts["payment"] = _notice(brief, "payment", "2027-02-25")
    texts["materials"] = _notice(brief, "materials", "2027-02-16")
    texts["notice of cancellation"] = _notice(brief, "cancellation", "2027-02-09")
    _record(brief, "materials", "--material", "3", "--date", "2027-02-10")
    _record(brief, "payment", "--amount", "1071", "--for", "1-balance", "--date", "2027-02-10")
    _record(brief, "payment", "--amount", "1428", "--for", "2-prepayment", "--date", "2027-02-12")
    _record(brief, "cancelled", "--by", "client", "--date", "2027-02-24")
    texts["cancellation"] = _notice(brief, "cancellation", "2027-02-25")
    for kind, text in texts.items():
        assert _english_left(text, language) == set(), f"{kind}:\n{text}"
        assert MONTHS[language] in _unwrapped(text), f"{kind}:\n{text}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_payment_notice_counts_days_in_the_languages_plural(
    tmp_path: Path, language: str
) -> None:
    brief = _brief(tmp_path / language, language)
    _accepted_iteration_1(brief)
    one, three = DAYS[language]
    fmt = _formats(brief)
    first = _unwrapped(_notice(brief, "payment", "2027-02-23"))  # the balance was due on the 22nd
    assert one in first, first
    later = _unwrapped(_notice(brief, "payment", "2027-02-25"))
    assert three in later, later
    assert fmt.money(Decimal("1071")) in later  # the client's locale: 1.071,00 €, 1 071,00 €
    assert f"{fmt.day(date(2027, 2, 22))} {three}" in later  # 22. Februar 2027, 22 février 2027


def test_a_german_payment_notice_reads_as_german(tmp_path: Path) -> None:
    brief = _brief(tmp_path / "de", "de")
    _accepted_iteration_1(brief)
    text = _unwrapped(_notice(brief, "payment", "2027-02-25"))
    assert text.startswith("Betreff: Zahlungserinnerung: Markenauftritt für Kettle & Crumb")
    assert (
        "Restzahlung für Iteration 1: 1.071,00\u00a0€ (900,00\u00a0€ + USt. 171,00\u00a0€), "
        "fällig seit 22. Februar 2027 (3 Tage)" in text
    )
    assert "„Markenauftritt für Kettle & Crumb: Restzahlung für Iteration 1“" in text


@pytest.mark.slow
def test_a_payment_notice_names_the_invoice_in_the_clients_language(tmp_path: Path) -> None:
    brief = _brief(tmp_path / "fr", "fr")
    _accepted_iteration_1(brief)
    issued = run("invoice", brief, "--date", "2027-02-08")
    assert issued.exit_code == 0, issued.output
    text = _unwrapped(_notice(brief, "payment", "2027-02-25"))
    assert re.search(r"Solde de l’itération 1 \(facture \S+ du 8 février 2027\)", text), text
    assert re.search(r"en indiquant facture \S+ comme référence", text), text


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_cancellation_for_cause_states_the_cause_in_the_clients_language(
    tmp_path: Path, language: str
) -> None:
    """The facts the record holds (an unpaid balance, the written reminder, the cure days)
    and a missed delivery, each in the client's words and dates."""
    brief = _brief(tmp_path / "unpaid", language)
    _accepted_iteration_1(brief)
    _record(
        brief, "payment", "--amount", "1428.00", "--for", "2-prepayment", "--date", "2027-02-12"
    )
    _record(brief, "note", "--kind", "payment", "--date", "2027-02-23")
    _record(brief, "cancelled", "--by", "freelancer", "--for-cause", "--date", "2027-03-24")
    unpaid = _notice(brief, "cancellation", "2027-03-25")
    missed = _brief(tmp_path / "missed", language)
    _record(missed, "signed", "--date", DAY)
    _record(missed, "payment", "--amount", "1071", "--for", "1-prepayment", "--date", "2027-01-05")
    _record(missed, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")
    _record(missed, "cancelled", "--by", "client", "--for-cause", "--date", "2027-02-19")
    late = _notice(missed, "cancellation", "2027-02-20")
    for text in (unpaid, late):
        assert _english_left(text, language) == set(), text
    fmt = _formats(brief)
    assert f"{fmt.day(date(2027, 2, 22))}" in _unwrapped(unpaid)  # the balance's due date
    assert f"{fmt.day(date(2027, 2, 5))}" in _unwrapped(late)  # the missed delivery date
    if language == "de":
        assert (
            "Ich habe es aus einem Grund auf Ihrer Seite beendet: die Restzahlung für Iteration "
            "1 (1.071,00\u00a0€ unbezahlt) war am 22. Februar 2027 fällig; am 23. Februar 2027 "
            "wurde schriftlich an die Zahlung erinnert, und bis zum 24. März 2027 wurde nicht "
            "gezahlt."
        ) in _unwrapped(unpaid)
