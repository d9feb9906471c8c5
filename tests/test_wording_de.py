"""The terms' clauses written in German for German and Austrian law (issue 26 item 3), read back
from real PDFs: no English sentence left (the English clauses' and catalogue's words), the
statements of law with their figures and sources from the law table, ``check`` accepting German
under those laws only; and both languages when the parties' differ (issue 26 item 5): the copy
in the other language carries the same fingerprint and verifies.
"""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.numbers import format_decimal
from pypdf import PdfReader
from test_languages import _catalogue, _english_words, _written_in

import firmbrief.templates
from firmbrief.briefs.law import REFERENCES, statements, topic
from firmbrief.contracts.documents import DEFAULT_TAX_NOTES

from conftest import EXAMPLES, run

DAY = "2026-12-01"
CLAUSES = Path(firmbrief.templates.__file__).parent / "clauses"
CLAUSES_DE = CLAUSES / "de"
WORDS = "Beispieltext"  # the client's own texts, as a freelancer writes them in German


def _words_of_templates(folder: Path) -> set[str]:
    """The words (four letters or more) the clause templates in ``folder`` print themselves."""
    words: set[str] = set()
    for path in folder.glob("*.html"):
        text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}|<[^>]+>", " ", path.read_text(), flags=re.S)
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{4,}", text))
    return words


def _german_catalogue_words() -> set[str]:
    """The words (four letters or more) the German catalogue writes (``Pause``, ``Iteration``)."""
    words: set[str] = set()
    for message in _catalogue("de"):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        text = re.sub(r"<[^>]+>|%\(\w+\)[sd]|\{\w+\}", " ", " ".join(map(str, strings)))
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{4,}", text))
    return words


@pytest.fixture(scope="module")
def english() -> set[str]:
    """The English clauses' and catalogue's words that German text does not also use."""
    python = " ".join([*REFERENCES.values(), *DEFAULT_TAX_NOTES.values()])
    written = set(re.findall(r"\b[a-z]{4,}\b", python))  # what Python words, not the banks' names
    german = _words_of_templates(CLAUSES / "de") | _german_catalogue_words()
    found = (_words_of_templates(CLAUSES) | _english_words("de") | written) - german
    assert {"consumer", "liability", "agreement", "notice", "trading", "accounted"} <= found  # the list is real
    return found


def _brief(folder: Path, example: str, **changes: Any) -> Path:
    folder.mkdir(parents=True)
    data = _written_in(yaml.safe_load((EXAMPLES / f"{example}.yaml").read_text("utf-8")), WORDS)
    for deliverable in data["deliverables"]:
        deliverable["volume"] = f"3 {WORDS}"
    if isinstance(data.get("rules"), str):
        data["rules"] = "none"  # the brief's word for no rules, not a text
    for key, value in changes.items():
        node = data
        *parents, last = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    path = folder / f"{example}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", done.stdout.replace("\u2010\n", ""))


def _render(brief: Path, *args: str) -> list[Path]:
    result = run("render", brief, "--today", DAY, "-o", brief.parent / "out", *args)
    assert result.exit_code == 0, result.output
    return [Path(line) for line in result.stdout.split()]


CASES: dict[str, tuple[str, dict[str, Any]]] = {
    # a Berlin studio and a Berlin bakery: German by default, with a paid test task
    "business": ("logo", {"test_task": {"description": WORDS, "price": 150, "due": "2026-12-15"}}),
    "consumer": ("consumer-wedding", {}),  # German law's withdrawal information and form
    "austria": ("logo", {"terms.legal.law": "AT"}),  # German, under Austrian law
}


@pytest.fixture(scope="module")
def terms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each case's terms, rendered once in the language the client's country gives (German)
    and read back."""
    out = tmp_path_factory.mktemp("wording-de")
    found = {}
    for name, (example, changes) in CASES.items():
        paths = _render(_brief(out / name, example, **changes), "--what", "terms")
        root: Any = PdfReader(paths[0]).trailer["/Root"]  # a PDF dictionary
        assert root["/Lang"] == "de"
        found[name] = _text(paths[0])
    return found


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_no_english_sentence_is_left(terms: dict[str, str], english: set[str], case: str) -> None:
    text = terms[case]
    # addresses are the parties' own; "E-Mail" broken at its hyphen reads "EMail"
    words = re.sub(r"\S+@\S+", " ", text).replace("EMail", "E-Mail")
    left = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", words)} & english
    assert left == set(), f"{case}: English words {sorted(left)}\n{text}"
    assert "Auftragnehmer" in text and "Auftraggeber" in text


def _points(code: str, kind: str) -> str:
    points = Decimal(topic(code, "interest")[kind]["points"])  # type: ignore[index]
    return str(format_decimal(points, locale="de_DE"))


def _cited(source: str) -> str:
    """``§ 288(2) BGB`` as a German lawyer cites it: ``§ 288 Abs. 2 BGB``."""
    return re.sub(r"\((\d+)\)", r" Abs. \1", source)


@pytest.mark.slow
def test_german_law_for_a_business_states_its_interest_fee_rights_and_courts(
    terms: dict[str, str],
) -> None:
    text = terms["business"]
    interest = topic("DE", "interest")["business"]  # type: ignore[index]
    fee = topic("DE", "recovery_fee")
    assert fee is not None
    assert (
        f"Verzugszinsen in Höhe von {_points('DE', 'business')} Prozentpunkten jährlich über "
        f"dem jeweiligen Basiszinssatz ({_cited(interest['source'])}, für Geldforderungen "
        "zwischen Unternehmern)"
    ) in text
    assert f"Pauschale von {fee['amount']},00 € ({_cited(fee['source'])})" in text
    # no transfer of copyright under German law: a right of use by purpose; moral rights stay
    assert "ein ausschließliches Nutzungsrecht an dieser Arbeit für die in Anlage 1" in text
    assert "ist das Urheberrecht selbst nicht übertragbar" in text
    assert "Urheberpersönlichkeitsrechte" in text
    # standard terms (AGB): essential duties, a fee the client may prove lower, free fixes,
    # courts only between merchants, the statute in place of a void clause
    assert "wesentliche Vertragspflicht (Kardinalpflicht)" in text
    assert "bleibt ausdrücklich der Nachweis gestattet" in text
    assert "Jede Nachbesserung wegen eines verfehlten Kriteriums ist kostenlos" in text
    assert "Sind beide Seiten Kaufleute, juristische Personen des öffentlichen Rechts" in text
    assert "treten die gesetzlichen Vorschriften" in text
    assert "Für diesen Vertrag gilt das Recht der Bundesrepublik Deutschland" in text
    assert f"Vor dem Projekt führt der Auftragnehmer einen bezahlten Probeauftrag aus: {WORDS}, zu liefern bis zum 15. Dezember 2026" in text  # fmt: skip
    assert "Widerruf" not in text  # a business has no right of withdrawal


@pytest.mark.slow
def test_german_law_for_a_consumer_prints_the_model_withdrawal_information_and_form(
    terms: dict[str, str],
) -> None:
    text = terms["consumer"]
    withdrawal = topic("DE", "withdrawal")
    assert withdrawal is not None
    days = {14: "vierzehn"}[withdrawal["days"]]
    assert f"Sie haben das Recht, binnen {days} Tagen ohne Angabe von Gründen" in text
    assert f"Die Widerrufsfrist beträgt {days} Tage ab dem Tag des Vertragsabschlusses" in text
    assert "Muster-Widerrufsformular" in text and "(*) Unzutreffendes streichen." in text
    assert "Ich verlange ausdrücklich, dass der Auftragnehmer vor Ablauf der Widerrufsfrist" in text
    assert f"Wertersatz für die bis zum Widerruf erbrachten Leistungen im Verhältnis zum Gesamtpreis, wie es die Belehrung oben beschreibt ({withdrawal['value_source']})" in text  # fmt: skip
    assert f"erlischt das Widerrufsrecht ({withdrawal['expiry_source']})" in text
    assert f"{_points('DE', 'consumer')} Prozentpunkten jährlich über dem jeweiligen Basiszinssatz" in text  # fmt: skip
    assert "Pauschale" not in text.split("Zahlungsverzug")[1].split("Verzögerungen")[0]
    assert "diese Bedingungen beschränken die Haftung nicht" in text
    assert "sind die gesetzlich bestimmten Gerichte zuständig" in text
    assert "als Verbraucher die zwingenden Vorschriften des Rechts des Staates" in text
    # § 356a BGB: a withdrawal function only for a contract made via an online interface;
    # terms signed as a PDF are not, and print none
    assert "Widerrufsfunktion" not in text and "Widerruf bestätigen" not in text


def test_the_withdrawal_function_is_in_the_law_table_with_its_scope_and_source() -> None:
    said = [s for s in statements("DE") if "online interface" in s.says]
    assert len(said) == 1 and said[0].source.startswith("§ 356a BGB"), said
    assert "print none" in said[0].says
    assert not [s for s in statements("AT") if "online interface" in s.says]


@pytest.mark.slow
def test_austrian_law_in_german_states_its_own_interest_rights_and_courts(
    terms: dict[str, str],
) -> None:
    text = terms["austria"]
    interest = topic("AT", "interest")["business"]  # type: ignore[index]
    assert f"{_points('AT', 'business')} Prozentpunkten jährlich über dem jeweiligen Basiszinssatz der Oesterreichischen Nationalbank ({interest['source']}" in text  # fmt: skip
    assert "das Recht der Republik Österreich" in text
    assert "ein Werknutzungsrecht (ausschließliches Nutzungsrecht)" in text
    assert "soweit das Gesetz nicht zwingend ein anderes Gericht vorschreibt" in text
    assert "Kardinalpflicht" not in text  # the table has no standard-terms rules for AT


def test_check_accepts_german_under_german_and_austrian_law_only(tmp_path: Path) -> None:
    for law, ready in (("DE", True), ("AT", True), ("FR", False)):
        brief = _brief(tmp_path / law, "logo", **{"language": "de", "terms.legal.law": law})
        result = run("check", brief, "--today", DAY)
        found = "no-legal-wording" in run("check", brief, "--today", DAY, "--format", "json").stdout
        assert found is not ready, result.output
        if not ready:
            assert "the terms' clauses have no German wording for the law of France" in result.output


def test_german_is_worded_for_german_and_austrian_law_in_every_clause() -> None:
    from firmbrief.briefs.language import LEGAL_WORDING
    from firmbrief.contracts.clauses import CLAUSES

    assert LEGAL_WORDING["de"] == frozenset({"DE", "AT"})
    assert [key for key, _ in CLAUSES if not (CLAUSES_DE / f"{key}.html").is_file()] == []


# --- both languages: the other party's copy -----------------------------------------------------


@pytest.mark.slow
def test_the_other_partys_copy_has_the_same_fingerprint_and_says_which_version_prevails(
    tmp_path: Path,
) -> None:
    brief = _brief(tmp_path / "both", "logo", language="en", **{"freelancer.language": "de"})
    english = _render(brief, "--what", "terms")[0]
    german = _render(brief, "--what", "terms", "--language", "de")[0]
    assert (english.name, german.name) == ("logo-terms.pdf", "logo-de-terms.pdf")
    assert "These terms are made in English and in German; both versions carry the same fingerprint. Where they differ, the German version prevails." in _text(english)  # fmt: skip
    assert "Dieser Vertrag ist in englischer und deutscher Sprache abgefasst; beide Fassungen tragen denselben Fingerabdruck. Bei Abweichungen ist die deutsche Fassung maßgeblich." in _text(german)  # fmt: skip
    readers = [PdfReader(pdf) for pdf in (english, german)]
    keywords = {str(reader.metadata["/Keywords"]) for reader in readers}  # type: ignore[index]
    attached = {reader.attachments["brief.json"][0] for reader in readers}
    assert len(keywords) == 1 and len(attached) == 1, keywords
    roots: list[Any] = [reader.trailer["/Root"] for reader in readers]  # PDF dictionaries
    assert [root["/Lang"] for root in roots] == ["en", "de"]
    for pdf in (english, german):
        verified = run("verify", pdf, brief)
        assert verified.exit_code == 0, verified.output
        assert "consistent" in verified.output


def test_a_copy_in_a_language_without_wording_for_the_law_is_refused(tmp_path: Path) -> None:
    brief = _brief(tmp_path / "es", "logo", **{"freelancer.language": "de"})
    result = run("render", brief, "--today", DAY, "-o", tmp_path / "out", "--language", "es")
    assert result.exit_code == 1, result.output
    assert "--language es: the terms' clauses have no Spanish wording for the law of Germany" in result.output  # fmt: skip
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
