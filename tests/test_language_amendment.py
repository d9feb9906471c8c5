"""An amendment is in the client's language, like the terms it amends (issue 26): its words,
the brief's field names and its dates and money, read back from the rendered PDF."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_languages import _english_words, _logo_in, _text

from firmbrief.briefs.language import LANGUAGES

from conftest import run
from tracking_support import record

SAID = {
    "de": ("NACHTRAG ZUM UNTERZEICHNETEN BRIEFING", "Iteration 2 (", "): Preis", "26. März 2027"),
    "fr": ("AVENANT", "Itération 2 (", ") : prix", "26 mars 2027"),
    "es": ("ADENDA", "Iteración 2 (", "): precio", "26 de marzo de 2027"),
}
"""What each language's amendment must say: its kind, the changed iteration and field in the
language's words, and the moved delivery date written in the language."""


@pytest.fixture
def every_wording(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if every language's clauses were written for German law (the amendment follows the
    language of the terms; this test is about the amendment's own words)."""
    import firmbrief.briefs.language

    monkeypatch.setattr(firmbrief.briefs.language, "LEGAL_WORDING", dict.fromkeys(LANGUAGES))


@pytest.mark.slow
@pytest.mark.usefixtures("every_wording")
@pytest.mark.parametrize("language", sorted(SAID))
def test_an_amendment_is_written_in_the_clients_language(tmp_path: Path, language: str) -> None:
    brief = _logo_in(tmp_path / language, language, "Kundentext")
    record(brief, "signed", "--date", "2026-12-01")
    data = yaml.safe_load(brief.read_text("utf-8"))
    data["iterations"][1]["price"] = "2600.00"
    data["iterations"][1]["delivery"] = "2027-03-26"
    data["total"] = "4400.00"
    brief.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")

    made = run("render", brief, "--amendment", "--today", "2026-12-20")
    assert made.exit_code == 0, made.output
    text = _text(brief.parent / "logo-amendment-1.pdf")
    english = _english_words(language)
    assert {"amendment", "signed", "changes"} <= english  # the list is real
    found = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)} & english
    assert found == set(), f"English words {sorted(found)}\n{text}"
    flat = " ".join(text.split())
    assert all(said in flat for said in SAID[language]), flat


def _descriptions(pdf: Path) -> dict[str, str]:
    """Each attached file's description, by name, as a PDF reader lists them."""
    from pypdf import PdfReader

    root: Any = PdfReader(pdf).trailer["/Root"]
    names = root["/Names"]["/EmbeddedFiles"]["/Names"]
    specs = [names[i + 1].get_object() for i in range(0, len(names), 2)]
    return {str(spec["/F"]): str(spec.get("/Desc", "")) for spec in specs}


@pytest.mark.slow
def test_a_german_draft_says_what_is_not_set_and_describes_its_attachments_in_german(
    tmp_path: Path,
) -> None:
    brief = _logo_in(tmp_path / "de", "de", "Kundentext")
    data = yaml.safe_load(brief.read_text("utf-8"))
    data["iterations"][0]["start"] = "ASAP"  # not a firm date: "not set"
    data["iterations"][0]["revision_rounds"] = "lots"  # not valid: left out of the draft
    brief.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    out = tmp_path / "out"
    made = run("render", brief, "--draft", "--what", "brief", "--today", "2026-12-01", "-o", out)
    assert made.exit_code == 0, made.output
    pdf = out / "logo-brief.pdf"
    text = " ".join(_text(pdf).split())
    assert "nicht festgelegt" in text and "not set" not in text, text
    described = _descriptions(pdf)
    assert described["brief.json"].startswith(
        "Ein Entwurf, nicht die Daten der Briefing-Datei: 1 Wert der Briefing-Datei ist ungültig"
    ), described
    assert "Briefing-Datei" in described["left-out.json"]
