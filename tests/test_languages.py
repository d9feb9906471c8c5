"""Documents in the client's language (issue 26): the rule that picks the language, the
catalogues (complete, no fuzzy entry, plural forms), and invoices and credit notes rendered in
German, French and Spanish and read back with pdftotext: no English word of the template left.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from pypdf import PdfReader

from firmbrief.briefs.language import LANGUAGES, document_locale, language_for, worded
from firmbrief.briefs.schema import Brief
from firmbrief.contracts.catalogues import COUNTED, catalogue_path, counted

from conftest import EXAMPLES, run
from invoice_support import PROFILE

TRANSLATED = [language for language in LANGUAGES if language != "en"]
DAY = "2026-12-01"


def _catalogue(language: str) -> Catalog:
    with catalogue_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


def _template() -> Catalog:
    with catalogue_path("en").with_name("x").parents[2].joinpath("firmbrief.pot").open("rb") as f:
        return read_po(f)


# --- which language -------------------------------------------------------------------------------


def _brief(**data: Any) -> Brief:
    return Brief.model_validate(data)


def test_the_brief_says_the_language_and_the_locale_follows_the_client() -> None:
    brief = _brief(language="de", client={"country": "AT"}, freelancer={"country": "DE"})
    assert (language_for(brief), document_locale(brief)) == ("de", "de_AT")
    brief = _brief(language="fr", client={"country": "BE"})
    assert (language_for(brief), document_locale(brief)) == ("fr", "fr_BE")


def test_the_clients_country_gives_the_default_only_in_a_language_the_terms_are_worded_in() -> None:
    brief = _brief(client={"country": "ES"}, freelancer={"country": "DE"})
    # the clauses are English only: a client in Spain receives English, in the studio's locale
    assert (language_for(brief), document_locale(brief)) == ("en", "en_DE")
    # once Spanish clauses exist, the country's language is the default
    # Spanish clauses written for Spanish law only: still English under German law
    assert language_for(brief, wording={"es": frozenset({"ES"})}) == "en"
    # Spanish clauses written for German law: the country's language is the default
    assert language_for(brief, wording={"es": frozenset({"DE"})}) == "es"
    swiss = _brief(client={"country": "CH"}, freelancer={"country": "CH"})
    assert language_for(swiss, wording={"de": frozenset({"CH"})}) == "de"
    assert language_for(swiss, wording={"de": frozenset({"DE"})}) == "en"
    luxembourg = _brief(client={"country": "LU"}, terms={"legal": {"law": "FR"}})
    assert language_for(luxembourg, wording={"fr": frozenset({"FR"})}) == "fr"


def test_a_wording_covers_its_countrys_states_and_nothing_else() -> None:
    wording = {"en": None, "de": frozenset({"DE", "AT"})}
    assert worded("en", "US-NY", wording) and worded("en", None, wording)
    assert worded("de", "DE", wording) and worded("de", "AT", wording)
    assert not worded("de", "CH", wording) and not worded("de", None, wording)
    assert worded("fr", "FR-X", {"fr": frozenset({"FR"})})
    assert not worded("fr", "GB-SCT", {"fr": frozenset({"GB-ENG"})})
    assert not worded("es", "ES", wording)  # a language the table does not name


def test_the_freelancers_language_is_the_default_and_the_brief_overrides_it() -> None:
    freelancer = {"country": "FR", "language": "fr"}
    assert language_for(_brief(freelancer=freelancer, client={"country": "US"})) == "fr"
    assert language_for(_brief(freelancer=freelancer, language="en")) == "en"
    assert language_for(_brief()) == "en"


def test_a_language_firmbrief_does_not_write_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))
    data["language"] = "it"
    path = tmp_path / "brief.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = run("check", path, "--today", DAY)
    assert result.exit_code == 1, result.output
    assert "language  \"it\" is not one of: 'en', 'de', 'fr', 'es'" in result.output


# --- the catalogues ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalogue_translates_every_message_of_the_template(language: str) -> None:
    catalogue = _catalogue(language)
    template = {m.id for m in _template() if m.id}
    entries = {m.id: m for m in catalogue if m.id}
    assert template - set(entries) == set(), "not in the catalogue: make catalogues-update"
    for message in entries.values():
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(forms), f"{language}: untranslated {message.id!r}"
        assert not message.fuzzy, f"{language}: fuzzy {message.id!r}"
    problems = [(m.id, errors) for m, errors in catalogue.check() if errors]
    assert problems == [], problems  # the placeholders of each translation match the English


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_follow_each_language(language: str) -> None:
    one, two = counted(language, 1, "day"), counted(language, 2, "day")
    assert one.startswith("1 ") and two.startswith("2 ")
    assert one[2:] != two[2:], (one, two)  # the word changes: 1 day, 2 days
    assert counted(language, 0, "day")[2:] == (one[2:] if language == "fr" else two[2:])
    for word in COUNTED:  # every counted word has its plural in the catalogue
        assert counted(language, 5, word) != f"5 {word}s" or language == "en"


# --- the terms: not half in English ----------------------------------------------------------------


def _spanish_logo(folder: Path) -> Path:
    """The logo example (German law) in Spanish, a language whose clauses are written for
    Spanish law only."""
    folder.mkdir()
    data = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))
    data["language"] = "es"
    path = folder / "logo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_check_says_the_terms_have_no_wording_in_the_language(tmp_path: Path) -> None:
    result = run("check", _spanish_logo(tmp_path / "de"), "--today", DAY)
    assert result.exit_code == 1, result.output
    assert (
        "error   language  the terms' clauses have no Spanish wording for the law of Germany "
        "(written for it in: English"
    ) in result.output
    assert (
        "write the language of a wording, or another terms.legal.law; the invoices, the brief "
        "and the notices are written in Spanish"
    ) in result.output


@pytest.mark.slow
def test_render_refuses_the_terms_in_a_language_without_wording_and_writes_the_brief(
    tmp_path: Path,
) -> None:
    brief = _spanish_logo(tmp_path / "de")
    out = tmp_path / "out"
    refused = run("render", brief, "--today", DAY, "-o", out)
    assert refused.exit_code == 1, refused.output
    assert "language: the terms' clauses have no Spanish wording for the law of" in refused.output
    assert "nothing written (the brief alone: --what brief)" in refused.output
    assert not out.exists() or list(out.iterdir()) == []
    alone = run("render", brief, "--today", DAY, "-o", out, "--what", "brief")
    assert alone.exit_code == 0, alone.output
    assert [p.name for p in out.iterdir()] == ["logo-brief.pdf"]


@pytest.fixture
def every_wording(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the law table gave the terms' clauses in every language (they are English only
    yet): a brief in German may then be signed and invoiced."""
    import firmbrief.briefs.language

    monkeypatch.setattr(firmbrief.briefs.language, "LEGAL_WORDING", dict.fromkeys(LANGUAGES))


# --- the invoice read back -----------------------------------------------------------------------

CLIENT_DATA = {
    "de": ("Markenauftritt für Kettle & Crumb", "Entdeckung und Logoentwürfe", "Hauptlogo", "USt."),
    "fr": ("Identité de marque pour Kettle & Crumb", "Découverte et pistes de logo", "Logo", "TVA"),
    "es": ("Identidad de marca para Kettle & Crumb", "Descubrimiento y bocetos", "Logotipo", "IVA"),
}
"""What the freelancer writes in the client's language: the title, the first iteration's and
the logo's names, the tax's name (printed as written)."""


def _business(folder: Path, language: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "firmbrief.toml").write_text(PROFILE + "", "utf-8")
    data = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))
    data["freelancer"].pop("bank", None)
    data["language"] = language
    title, iteration, logo, tax = CLIENT_DATA[language]
    data["title"] = title
    data["iterations"][0]["name"] = iteration
    data["deliverables"][0]["name"] = logo
    data["tax"]["name"] = tax
    for party in ("freelancer", "client"):
        data[party]["address"] = data[party]["address"].replace(", Germany", "")
    brief = folder / "logo.yaml"
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    signed = run("record", brief, "signed", "--date", DAY)
    assert signed.exit_code == 0, signed.output
    return brief


def _invoice(brief: Path, *args: str) -> Path:
    result = run("invoice", brief, "--date", DAY, *args)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.split(": ", 1)[0].removeprefix("wrote "))


def _text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout.replace("\u2010\n", "")  # a word hyphenated at a line's end, whole


def _english_words(language: str) -> set[str]:
    """The words of the English messages (four letters or more), less those the language's
    own catalogue also writes (``Iteration`` in German, ``Page`` in French)."""
    words: set[str] = set()
    theirs: set[str] = set()
    for message in _catalogue(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for parts, into in ((ids, words), (strings, theirs)):
            text = " ".join(str(part) for part in parts)
            text = re.sub(r"<[^>]+>|%\(\w+\)[sd]|\{\w+\}", " ", text)
            into.update(w.lower() for w in re.findall(r"[A-Za-z]{4,}", text))
    return words - theirs - {"girocode", "studio"}  # names: "Jensen Studio", jensen.studio


@pytest.mark.slow
@pytest.mark.usefixtures("every_wording")
@pytest.mark.parametrize("language", TRANSLATED)
def test_an_invoice_and_its_credit_note_have_no_english_word_left(
    tmp_path: Path, language: str
) -> None:
    brief = _business(tmp_path / language, language)
    english = _english_words(language)
    assert {"invoice", "please", "payment", "delivery"} <= english  # the list is real
    texts = []
    for pdf in (_invoice(brief), _invoice(brief, "--credit", "2026-0001")):
        text = _text(pdf)
        found = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)} & english
        assert found == set(), f"{pdf.name}: English words {sorted(found)}\n{text}"
        texts.append(text)
    invoice, credit = {
        "de": ("Anzahlungsrechnung 2026-0001", "Gutschrift 2026-0002"),  # a prepayment (issue 25)
        "fr": ("Facture d’acompte 2026-0001", "Avoir 2026-0002"),
        "es": ("Factura de anticipo 2026-0001", "Factura rectificativa 2026-0002"),
    }[language]
    assert invoice in texts[0] and credit in texts[1]


@pytest.mark.slow
@pytest.mark.usefixtures("every_wording")
def test_a_french_invoice_writes_french_dates_money_and_typography(tmp_path: Path) -> None:
    pdf = _invoice(_business(tmp_path / "fr", "fr"))
    text = _text(pdf)
    assert "1er décembre 2026" in text and "11 janvier 2027" in text  # the 1st as an ordinal
    assert re.search("1[\u202f\xa0 ]071,00[\u202f\xa0 ]€", text), text
    assert "Acompte (50%) pour l’itération 1" in text
    assert "Livrables\xa0:" in text or "Livrables :" in text
    root: Any = PdfReader(pdf).trailer["/Root"]  # PDF objects, looked into by key
    assert root["/Lang"] == "fr"  # WeasyPrint took the page's <html lang>


# --- the brief read back ------------------------------------------------------------------------

CLIENT_TEXT = {"title", "summary", "goals", "emphasis", "audience", "rules", "name",
               "description", "acceptance", "role", "also_agree", "formats"}  # fmt: skip
"""The keys whose values the client reads as the freelancer wrote them."""


def _written_in(data: Any, words: str) -> Any:
    """``data`` with every value of :data:`CLIENT_TEXT` written as ``words`` (the brief in the
    client's language, as a freelancer would write it), addresses without their country."""
    if isinstance(data, dict):
        return {
            key: ([words] * len(value) if isinstance(value, list) else words)
            if key in CLIENT_TEXT and isinstance(value, str | list) and value
            else _written_in(value, words)
            for key, value in data.items()
        } | ({"address": data["address"].replace(", Germany", "")} if "address" in data else {})
    if isinstance(data, list):
        return [_written_in(item, words) for item in data]
    return data


def _logo_in(folder: Path, language: str, words: str) -> Path:
    folder.mkdir(parents=True)
    data = _written_in(yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8")), words)
    data["language"] = language
    for deliverable in data["deliverables"]:
        deliverable["volume"] = f"3 {words}"  # a counted volume, in the client's words
    path = folder / "logo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "words", "said"),
    [
        ("de", "Kundentext", ("BRIEFING ZUR DURCHSICHT", "Zeitplan", "Seite 1 von")),
        ("fr", "Texte client", ("BRIEF À RELIRE", "Calendrier", "Page 1 sur")),
        ("es", "Texto cliente", ("BRIEFING PARA REVISIÓN", "Calendario", "Página 1 de")),
    ],
)
def test_the_brief_for_review_has_no_english_word_left(
    tmp_path: Path, language: str, words: str, said: tuple[str, ...]
) -> None:
    brief = _logo_in(tmp_path / language, language, words)
    result = run("render", brief, "--today", DAY, "-o", tmp_path / "out", "--what", "brief")
    assert result.exit_code == 0, result.output
    text = _text(tmp_path / "out" / "logo-brief.pdf")
    found = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)} & _english_words(language)
    assert found == set(), f"English words {sorted(found)}\n{text}"
    assert all(s in text for s in said), text


@pytest.mark.slow
def test_a_german_brief_counts_in_german_and_hyphenates_long_words(tmp_path: Path) -> None:
    brief = _logo_in(tmp_path / "de", "de", "Kundentext")
    data = yaml.safe_load(brief.read_text("utf-8"))
    word = "Gestaltungsrichtlinienentwurf"  # 29 letters: no break firmbrief adds itself
    long_words = " ".join([word] * 40)
    data["summary"] = long_words
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = run("render", brief, "--today", DAY, "-o", tmp_path / "out", "--what", "brief")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "logo-brief.pdf"
    text = _text(pdf)
    assert "Die Arbeit erfolgt in 2 Iterationen" in text
    assert "spätestens 5 Arbeitstage nach Eingang" in " ".join(text.split())
    assert "(3 Arbeitstage)" in text
    # pyphen breaks the compound at a syllable: a line ends in "-" inside the word
    lines = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    breaks = re.findall("(\\w+)\u2010\n(\\w+)", lines)  # WeasyPrint's hyphen: U+2010
    assert any(head + tail == word for head, tail in breaks), text


def test_a_brief_without_a_language_keeps_its_fingerprint() -> None:
    from firmbrief.briefs.canonical import canonical_data, fingerprint
    from firmbrief.briefs.loading import load_brief_file

    brief = load_brief_file(EXAMPLES / "logo.yaml").brief
    assert brief is not None
    assert "language" not in canonical_data(brief)
    assert "language" not in canonical_data(brief)["freelancer"]
    german = brief.model_copy(update={"language": "de"})
    assert canonical_data(german)["language"] == "de"
    assert fingerprint(german) != fingerprint(brief)


@pytest.mark.parametrize(
    ("language", "spelling", "shown"),
    [("en", "en-GB", "licence"), ("en", "en-US", "license"), ("de", "en-US", "Rechnung")],
)
def test_english_words_follow_the_spelling_and_other_languages_are_never_respelled(
    language: str, spelling: str, shown: str
) -> None:
    from firmbrief.contracts.templating import environment

    word = "licence" if language == "en" else "Invoice"
    template = environment(None).from_string(f"{{% trans %}}{word}{{% endtrans %}}")
    assert template.render(language=language, spelling=spelling) == shown


def test_the_profile_gives_the_freelancers_language(tmp_path: Path) -> None:
    folder = tmp_path / "studio"
    folder.mkdir()
    profile = PROFILE.replace("[business]\n", '[business]\nlanguage = "fr"\n')
    (folder / "firmbrief.toml").write_text(profile, "utf-8")
    data = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))
    data["client"]["country"] = "US"  # a country whose language firmbrief has no default for
    brief = folder / "logo.yaml"
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = run("check", brief, "--today", DAY)
    assert result.exit_code == 1, result.output
    assert "the terms' clauses have no French wording for the law of Germany" in result.output


def test_every_language_worded_for_a_law_has_a_wording_of_every_clause() -> None:
    import firmbrief.templates
    from firmbrief.briefs.language import LEGAL_WORDING
    from firmbrief.contracts.clauses import CLAUSES

    folder = Path(firmbrief.templates.__file__).parent / "clauses"
    for language, laws in LEGAL_WORDING.items():
        if laws is not None and not laws:
            continue  # written for no law yet: check refuses the terms in it
        own = folder if language == "en" else folder / language
        missing = [key for key, _ in CLAUSES if not (own / f"{key}.html").is_file()]
        assert not missing, f"{language}: no wording of {missing}"
