"""The README's walkthrough, done for a client in Berlin, gives the client German documents
(issue 26): every command of "A whole project, step by step" is run as the README says, and
every PDF the client receives (questionnaire, brief, terms, invoices) is read back with
pdftotext: no English word of the templates left, and German words where the README's
English ones would be."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from test_languages import _english_words, _text
from test_walkthrough import commands, walkthrough

from conftest import EXAMPLES, run

GERMAN = {
    "kettle-brief.pdf": ("BRIEFING ZUR DURCHSICHT",),
    "kettle-terms.pdf": ("Vertragsbedingungen", "Zahlungsverzug", "Unterschriften"),
}
"""Words each document must carry in German (besides carrying no English)."""


@pytest.mark.slow
def test_the_walkthrough_for_a_client_in_berlin_gives_the_client_german_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "walkthrough"
    shutil.copytree(EXAMPLES / "walkthrough", folder)
    monkeypatch.chdir(folder)
    for command, _ in commands(walkthrough()):
        result = run(*shlex.split(command)[1:])
        assert result.exit_code == 0, (command, result.output)
    english = _english_words("de")
    pdfs = sorted(p for p in folder.rglob("*.pdf"))
    names = {p.name for p in pdfs}
    assert {"kettle-brief.pdf", "kettle-terms.pdf"} <= names, names
    assert len([n for n in names if n.startswith("kettle-invoice-")]) == 4, names
    for pdf in pdfs:
        text = _text(pdf)
        found = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)} & english
        assert found == set(), f"{pdf.name}: English words {sorted(found)}"
        flat = " ".join(text.split())
        assert all(word in flat for word in GERMAN.get(pdf.name, ())), (pdf.name, flat[:400])
