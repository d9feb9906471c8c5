"""``verify`` knows every document firmbrief writes (issue 24 items 5 and 8, issue 28 item 18):
it merges the business profile as render does, names the document (terms, brief, amendment,
invoice, credit note) and whether it matches, checks an invoice against its Factur-X data, and
reports an annotation drawn over a page."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText, Link

from conftest import EXAMPLES, run


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The walkthrough's project: a profile made by init, the terms, an invoice, a credit
    note, and an amendment."""
    folder = tmp_path_factory.mktemp("verify") / "walkthrough"
    shutil.copytree(EXAMPLES / "walkthrough", folder)
    brief = folder / "kettle.yaml"
    steps = [
        ("init", folder, "--answers", folder / "business.yaml"),
        ("intake", "import", folder / "answers.yaml", "--into", brief, "--today", "2026-11-23"),
        ("render", brief, "-o", folder / "out", "--today", "2026-11-23"),
        ("record", brief, "signed", "--date", "2026-11-25"),
        ("invoice", brief, "--date", "2026-11-25", "-o", folder / "invoice.pdf"),
        ("invoice", brief, "--credit", "2026-0001", "--date", "2026-11-26", "-o", folder / "credit.pdf"),
    ]  # fmt: skip
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, (step, result.output)
    return brief


def _verified(*args: Path) -> tuple[int, str]:
    result = run("verify", *args)
    return result.exit_code, result.stdout


def test_the_terms_match_a_brief_whose_freelancer_comes_from_the_profile(project: Path) -> None:
    code, said = _verified(project.parent / "out" / "kettle-terms.pdf", project)
    assert code == 0, said
    assert ": the terms of work: consistent: " in said and f"matches {project}" in said


@pytest.mark.parametrize(
    ("name", "document"),
    [
        ("out/kettle-brief.pdf", "the brief"),
        ("invoice.pdf", "invoice 2026-0001"),
        ("credit.pdf", "credit note 2026-0002"),
    ],
)
def test_each_document_is_named_and_matches(project: Path, name: str, document: str) -> None:
    code, said = _verified(project.parent / name, project)
    assert code == 0, said
    assert said.startswith(f"{project.parent / name}: {document}: consistent: "), said
    assert "factur-x" not in said


def test_an_amendment_is_named_and_matches_the_amended_brief(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    shutil.copytree(project.parent, folder)
    brief = folder / "kettle.yaml"
    data = yaml.safe_load(brief.read_text("utf-8"))
    data["iterations"][1]["price"] = "2600.00"
    data["total"] = "4400.00"
    brief.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    made = run("render", brief, "--amendment", "-o", folder, "--today", "2026-12-01")
    assert made.exit_code == 0, made.output
    code, said = _verified(folder / "kettle-amendment-1.pdf", brief)
    assert code == 0, said
    assert ": amendment 1: consistent: " in said


def test_an_invoice_whose_xml_names_another_number_is_not_consistent(
    project: Path, tmp_path: Path
) -> None:
    reader = PdfReader(project.parent / "invoice.pdf")
    writer = PdfWriter(clone_from=reader)
    xml = reader.attachments["factur-x.xml"][0].replace(b"2026-0001", b"2026-0099")
    names: Any = writer.root_object["/Names"]
    names = names["/EmbeddedFiles"]["/Names"]
    at = [str(name) for name in names[::2]].index("factur-x.xml")
    names[2 * at + 1].get_object()["/EF"]["/F"].get_object().set_data(xml)
    altered = tmp_path / "altered.pdf"
    with open(altered, "wb") as handle:
        writer.write(handle)
    code, said = _verified(altered)
    assert code == 1, said
    assert "2026-0099" in said


def _annotated(pdf: Path, target: Path, annotation: Any) -> Path:
    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.add_annotation(page_number=0, annotation=annotation)
    with open(target, "wb") as handle:
        writer.write(handle)
    return target


def test_text_added_as_an_annotation_is_reported(project: Path, tmp_path: Path) -> None:
    note = FreeText(text="Total waived: pay 0.00", rect=(50, 550, 400, 600), font_size="20pt")
    altered = _annotated(project.parent / "out" / "kettle-terms.pdf", tmp_path / "a.pdf", note)
    code, said = _verified(altered, project)
    assert code == 1, said
    assert "page 1 carries a FreeText annotation reading" in said
    assert "Total waived" in said


def test_a_plain_link_is_not_an_alteration(project: Path, tmp_path: Path) -> None:
    link = Link(rect=(50, 550, 200, 600), url="https://example.com")
    kept = _annotated(project.parent / "out" / "kettle-brief.pdf", tmp_path / "l.pdf", link)
    code, said = _verified(kept, project)
    assert code == 0, said
