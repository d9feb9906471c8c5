"""Text copied or extracted from the documents reads as printed: no word split by the spacing of
capitals (a client pasting "TERMS OF WORK" must not get "T ERMS OF WORK")."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdf
import pytest

from firmbrief.briefs.language import language_for
from firmbrief.templates.translations import translations

from pdf_support import Rendered

pytestmark = pytest.mark.slow

HEADINGS = ("Terms of work", "Freelancer", "Client")  # labels; table headers are as written


def _capitals(item: Rendered, words: str) -> str:
    """``words`` as the document prints them: in its language, in capitals (the Berlin client's
    "AUFTRAGSBEDINGUNGEN")."""
    return translations(language_for(item.brief)).gettext(words).upper()


def _layout_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("extract", ["pdftotext -layout", "pypdf"])
def test_headings_in_capitals_copy_as_whole_words(
    rendered: dict[str, Rendered], extract: str
) -> None:
    logo = rendered["logo"]
    terms = logo.pdfs["terms"]
    if extract == "pypdf":
        text = "\n".join(page.extract_text() for page in pypdf.PdfReader(terms).pages)
    else:
        text = _layout_text(terms)
    for heading in (_capitals(logo, words) for words in HEADINGS):
        assert heading in text, heading
        split = re.compile(rf"\b{re.escape(heading[0])} {re.escape(heading[1:])}\b")
        assert not split.search(text), f"{heading} is split in {extract}'s text"


_SPLIT = re.compile(r"\b[A-Z] [A-Z]{2,}\b|\b(?:[A-Z] ){3,}[A-Z]\b")
"""A capital cut off the rest of its word ("F REELANCER"), or a word spelled out letter by
letter ("T E R M S")."""


@pytest.mark.parametrize("kind", ["brief", "terms"])
def test_no_word_in_capitals_is_split_in_any_document(
    rendered: dict[str, Rendered], kind: str
) -> None:
    for item in rendered.values():
        pdf = item.pdfs[kind]
        layout = _layout_text(pdf)
        extracted = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
        for text in (layout, extracted):
            assert not _SPLIT.search(text), (pdf.name, _SPLIT.findall(text)[:3])
    terms = _layout_text(rendered["logo"].pdfs["terms"])
    for heading in ("For the freelancer", "For the client"):
        assert _capitals(rendered["logo"], heading) in terms, heading


_SPLIT_ANY = re.compile(r"\b[A-ZÄÖÜÉ] [A-ZÄÖÜÉ]{2,}\b|\b(?:[A-ZÄÖÜÉ] ){3,}[A-ZÄÖÜÉ]\b")
""":data:`_SPLIT` with the capitals of the clients' languages ("R ECHNUNGSDATUM")."""


@pytest.mark.parametrize("example", ["logo", "translation", "website"])
def test_no_label_in_capitals_is_split_on_an_invoice(tmp_path: Path, example: str) -> None:
    """The invoice's small capital labels (invoice date, due date, the period; IBAN, reference)
    copy as whole words in German, French and English."""
    import shutil

    from conftest import EXAMPLES, run
    from invoice_support import PROFILE

    brief = tmp_path / f"{example}.yaml"
    shutil.copy(EXAMPLES / f"{example}.yaml", brief)
    (tmp_path / "firmbrief.toml").write_text(PROFILE, "utf-8")
    assert run("record", brief, "signed", "--date", "2026-12-01").exit_code == 0
    made = run("invoice", brief, "1-prepayment", "--date", "2026-12-02")
    assert made.exit_code == 0, made.output
    pdf = next(tmp_path.glob(f"{example}-invoice-*.pdf"))
    layout = _layout_text(pdf)
    extracted = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    for text in (layout, extracted):
        assert not _SPLIT_ANY.search(text), (pdf.name, _SPLIT_ANY.findall(text)[:3])
