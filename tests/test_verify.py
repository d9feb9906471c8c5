"""firmbrief verify: a PDF's attached brief, the fingerprint on its pages, and the brief file."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest

from firmbrief import templates

from conftest import EXAMPLES, TODAY, run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the logo example with both its PDFs rendered beside it."""
    folder = tmp_path_factory.mktemp("project")
    shutil.copy(EXAMPLES / "logo.yaml", folder / "logo.yaml")
    result = run("render", folder / "logo.yaml", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    return folder


def _copy(project: Path, tmp_path: Path) -> Path:
    """The project in a folder of the test's own, to change."""
    folder = tmp_path / "project"
    shutil.copytree(project, folder)
    return folder


def _with_attachment(source: Path, target: Path, change: Callable[[bytes], bytes]) -> Path:
    """A copy of ``source`` whose brief.json went through ``change``: an edit after signing."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    root: Any = writer._root_object  # PDF objects, looked into by key
    names = root["/Names"]["/EmbeddedFiles"]["/Names"]
    stream = names[1].get_object()["/EF"]["/F"].get_object()
    stream.set_data(change(stream.get_data()))
    writer.write(target)
    return target


# --- consistent ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["brief", "terms"])
def test_a_rendered_pdf_is_consistent_and_matches_its_brief(project: Path, kind: str) -> None:
    pdf = project / f"logo-{kind}.pdf"
    result = run("verify", pdf)
    assert result.exit_code == 0, result.output
    named = {"brief": "the brief", "terms": "the terms of work"}[kind]
    assert result.stdout.startswith(
        f"{pdf}: {named}: consistent: the attached brief.json has the fingerprint "
    )
    result = run("verify", pdf, project / "logo.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith(f", and matches {project / 'logo.yaml'}")


def test_a_brief_spelled_differently_is_the_same_brief(project: Path, tmp_path: Path) -> None:
    text = (project / "logo.yaml").read_text("utf-8")
    respelled = text.replace("start: 2027-02-15", "start: 15 February 2027").replace(
        "price: 2400.00", "price: 2400"
    )
    assert respelled != text
    (tmp_path / "same.yaml").write_text(respelled, "utf-8")
    result = run("verify", project / "logo-terms.pdf", tmp_path / "same.yaml")
    assert result.exit_code == 0, result.output


def test_json_output_for_scripts(project: Path) -> None:
    result = run("verify", project / "logo-brief.pdf", project / "logo.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)
    assert verdict["ok"] is True
    assert verdict["attached"] == verdict["brief"] == verdict["keywords"]
    assert verdict["printed"] == [verdict["attached"]] * verdict["pages"]
    assert verdict["problems"] == [] and verdict["changed"] == []


# --- mismatches ---------------------------------------------------------------------------------


def test_a_brief_changed_since_the_pdf_is_caught_with_the_field(
    project: Path, tmp_path: Path
) -> None:
    folder = _copy(project, tmp_path)
    brief = folder / "logo.yaml"
    brief.write_text(
        brief.read_text("utf-8").replace("delivery: 2027-03-19", "delivery: 2027-03-26"), "utf-8"
    )
    result = run("verify", folder / "logo-terms.pdf", brief)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{folder / 'logo-terms.pdf'}: the terms of work: does not match {brief}"
    assert lines[1].startswith(f"  {brief} changed since this PDF was made: its fingerprint is ")
    assert lines[2:] == ['    iterations[1].delivery: "2027-03-19" in the PDF, "2027-03-26" now']


def test_an_altered_attachment_is_caught(project: Path, tmp_path: Path) -> None:
    pdf = _with_attachment(
        project / "logo-terms.pdf",
        tmp_path / "altered.pdf",
        lambda data: data.replace(b'"2400.00"', b'"2600.00"'),
    )
    result = run("verify", pdf)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[0] == f"{pdf}: the terms of work: not consistent"
    assert "  the attached brief.json was altered: its fingerprint is " in result.stdout
    result = run("verify", pdf, project / "logo.yaml")
    assert result.exit_code == 1, result.output
    assert "changed since" not in result.stdout  # the brief is what the pages show
    assert result.stdout.splitlines()[-1] == (
        '    iterations[1].price: "2600.00" in the attachment, "2400.00" in the brief'
    )


@pytest.mark.parametrize(
    "garbage",
    [b"\x00\xffnot json", b"[" * 100_000 + b"]" * 100_000, b'{"title": "hand-written"}'],
    ids=["binary", "deeply-nested", "not-canonical"],
)
def test_an_attachment_replaced_by_anything_else_is_altered(
    project: Path, tmp_path: Path, garbage: bytes
) -> None:
    pdf = _with_attachment(project / "logo-brief.pdf", tmp_path / "x.pdf", lambda _: garbage)
    result = run("verify", pdf)
    assert result.exit_code == 1, result.output
    assert "the attached brief.json was altered" in result.stdout
    assert "not in canonical form" in result.stdout


def test_an_altered_footer_is_caught(project: Path, tmp_path: Path) -> None:
    """A forger's template prints another fingerprint in the footer; the keywords still tell."""
    base = (templates.folder() / "base.html").read_text("utf-8")
    footer = '<span class="fingerprint">{{ doc.fingerprint|plain }}</span></div>'
    assert footer in base
    forged = tmp_path / "forged"
    forged.mkdir()
    (forged / "base.html").write_text(
        base.replace(
            footer, '<span class="fingerprint">0000000000000000</span></div>'
        ),
        "utf-8",
    )
    result = run(
        "render",
        project / "logo.yaml",
        "-o",
        tmp_path,
        "-w",
        "terms",
        "--templates",
        forged,
        "--today",
        TODAY.isoformat(),
    )
    assert result.exit_code == 0, result.output
    result = run("verify", tmp_path / "logo-terms.pdf")
    assert result.exit_code == 1, result.output
    problems = result.stdout.splitlines()[1:]
    assert problems[0].startswith("  page 1 shows different fingerprints (0000000000000000, ")
    assert problems[-2].startswith(
        "  the fingerprint printed on the pages (0000000000000000) was altered: "
        "the attached brief.json has "
    )
    # and the page itself is not what the attached brief renders to
    assert problems[-1].startswith("  page 1 is not what its brief renders to: it reads ")
    assert "0000000000000000" in problems[-1]


# --- unusable -----------------------------------------------------------------------------------


def _blank_pdf(path: Path, *, password: str | None = None) -> Path:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    writer.write(path)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("just some text", "utf-8"), "not a PDF"),
        (
            lambda p: p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40),
            "not a readable PDF: damaged, or not a PDF",
        ),
        (
            lambda p: _blank_pdf(p),
            "has no brief.json attached: not a document made by firmbrief render",
        ),
        (
            lambda p: _blank_pdf(p, password="secret"),
            "is protected by a password: firmbrief cannot read it; verify the copy firmbrief "
            "made, or one without a password",
        ),
        (lambda p: p.mkdir(), "is a folder, not a PDF"),
        (lambda p: None, "no such file"),
    ],
    ids=["text", "garbage", "no-attachment", "encrypted", "folder", "missing"],
)
def test_an_unusable_pdf_is_one_line_and_exit_2(
    tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    pdf = tmp_path / "x.pdf"
    make(pdf)
    result = run("verify", pdf)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {pdf}: {message}\n"
    assert result.stdout == ""


def test_a_truncated_pdf_is_unusable(project: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "cut.pdf"
    pdf.write_bytes((project / "logo-terms.pdf").read_bytes()[:3000])
    result = run("verify", pdf)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {pdf}: ")
    assert "Traceback" not in result.output


def test_a_huge_file_is_not_read(tmp_path: Path) -> None:
    pdf = tmp_path / "huge.pdf"
    with pdf.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(60_000_000)  # sparse: costs no disk
    result = run("verify", pdf)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: {pdf}: larger than 50 MB: not a document firmbrief made\n"


def test_an_unreadable_brief_is_unusable(project: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("- just\n- a list\n", "utf-8")
    result = run("verify", project / "logo-terms.pdf", tmp_path / "bad.yaml")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {tmp_path / 'bad.yaml'}: ")
