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
import yaml
from test_languages import _english_words, _text
from test_walkthrough import commands, walkthrough

from conftest import EXAMPLES, run

GERMAN = {
    "kettle-brief.pdf": ("BRIEFING ZUR DURCHSICHT",),
    "kettle-terms.pdf": ("Vertragsbedingungen", "Zahlungsverzug", "Unterschriften"),
}
"""Words each document must carry in German (besides carrying no English)."""


def _written_by_the_freelancer(folder: Path) -> list[str]:
    """The phrases the walkthrough's own files give as values (the project's title, the
    deliverables' names: "Brand identity for Kettle & Crumb", "Primary logo and variants"; the
    approver's role "Owner", the payment link), longest first: the client reads them as they
    were written, in whatever language; this test is about firmbrief's own words. Single
    lowercase words (``business``, ``transfer``) are the schema's values: firmbrief's to word."""
    texts: list[str] = []

    def values(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                values(value)
        elif isinstance(node, list):
            for item in node:
                values(item)
        elif isinstance(node, str) and (len(node.split()) > 1 or node[:1].isupper() or "/" in node):
            texts.append(" ".join(node.split()))

    for path in sorted(folder.glob("*.yaml")):
        values(yaml.safe_load(path.read_text("utf-8")))
    return sorted(texts, key=len, reverse=True)


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
    theirs = _written_by_the_freelancer(EXAMPLES / "walkthrough")
    pdfs = sorted(p for p in folder.rglob("*.pdf"))
    names = {p.name for p in pdfs}
    assert {"kettle-brief.pdf", "kettle-terms.pdf"} <= names, names
    assert len([n for n in names if n.startswith("kettle-invoice-")]) == 4, names
    for pdf in pdfs:
        flat = " ".join(_text(pdf).split())
        ours = flat
        for phrase in theirs:  # as printed: a line may break it anywhere (a URL after a "/")
            ours = re.sub(r" ?".join(re.escape(c) for c in phrase), " ", ours)
        found = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", ours)} & english
        assert found == set(), f"{pdf.name}: English words {sorted(found)}"
        assert all(word in flat for word in GERMAN.get(pdf.name, ())), (pdf.name, flat[:400])
