"""The client's questionnaire in its three forms: fillable PDF, self-contained page, plain text."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from pypdf import PdfReader

from firmbrief.briefs.schema import Brief
from firmbrief.intake.form_view import questionnaire_view
from firmbrief.intake.phrasebook import translated_example
from firmbrief.intake.questionnaire import (
    questionnaire_html,
    questionnaire_markdown,
    questionnaire_pdf,
)
from firmbrief.intake.questions import field_name, questions
from firmbrief.pdf import Renderer

from conftest import run
from intake_support import EXAMPLES, NAMES, client_fields, example, pdftk_fields

HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)></textarea>{{ 7*7 }}'


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def _client_names(rows: dict[str, int]) -> set[str]:
    names = set()
    for template, question in questions("client"):
        if -1 in template:
            block = str(template[0])
            for index in range(rows[block]):
                names.add(field_name(tuple(index if p == -1 else p for p in template)))
        else:
            names.add(field_name(template))
        if question.none_allowed and -1 not in template:
            names.add(field_name(template) + ":none")
    return names


# --- the PDF form -----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_the_pdf_is_a_form_of_the_clients_questions_prefilled_from_the_brief(
    name: str, tmp_path: Path
) -> None:
    out = tmp_path / "q.pdf"
    result = run("questionnaire", "-o", out, "--from", EXAMPLES / f"{name}.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {out}: a PDF form")
    reader = PdfReader(out)
    fields = reader.get_fields() or {}
    brief = example(name)
    rows = {
        block: max(default, len(getattr(brief, block)) + 1)
        for block, default in (("deliverables", 5), ("materials", 5), ("iterations", 4))
    }
    assert set(fields) == _client_names(rows)
    assert not {"total", "currency", "iterations.0.price", "freelancer.name"} & set(fields)
    # pre-filled: every field holds the client's value from the brief
    for field, value in client_fields(brief).items():
        got = fields[field].get("/V")
        if isinstance(value, bool):
            assert got == "/on", field
        else:
            assert str(got) == value, field
    # kinds of field: one-line text, multi-line text, checkbox
    assert fields["title"]["/FT"] == "/Tx" and not int(fields["title"].get("/Ff", 0)) & 4096
    for multi in ("summary", "goals", "deliverables.0.acceptance", "client.address"):
        assert int(fields[multi]["/Ff"]) & 4096, multi
    assert fields["client.also_agree:none"]["/FT"] == "/Btn"
    assert fields["iterations.3.start"]["/FT"] == "/Tx"
    # each field says what it is when the reader shows its tooltip
    _ = questionnaire_view(brief).gettext  # the client's language
    volume = f"{_('Deliverable')} 2 \u2013 {_('How many, counted?')}"
    assert fields["deliverables.1.volume"]["/TU"] == volume
    approver = f"{_('Who approves the work?')} \u2013 {_('Email')}"
    assert fields["client.approver.email"]["/TU"] == approver


@pytest.mark.slow
def test_the_pdf_reads_as_a_questionnaire_with_help_and_firm_examples(
    tmp_path: Path, renderer: Renderer
) -> None:
    pdf = tmp_path / "q.pdf"
    english = example("logo").model_copy(update={"language": "en"})  # the English words
    pdf.write_bytes(questionnaire_pdf(english, renderer=renderer))
    assert not renderer.warnings and not renderer.refused
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for phrase in (
        "Project questionnaire",
        "Brand identity for Kettle & Crumb",
        "from Mara Jensen, Jensen Studio",
        "How to fill it in",
        "What must the project achieve?",
        "Each goal one sentence",
        "e.g. 2027-01-08",
        "How many, counted?",
        "Deliverable 5",
        "Save this file and send it back to mara@jensen.studio",
        "Page 1 of",
    ):
        assert phrase in flat, phrase
    assert "end of March" in flat  # the kind of date not to write
    assert len(PdfReader(pdf).pages) <= 6


@pytest.mark.slow
def test_the_blank_pdf_fields_as_pdftk_sees_them(tmp_path: Path) -> None:
    out = tmp_path / "q.pdf"
    assert run("questionnaire", "-o", out).exit_code == 0
    fields = pdftk_fields(out)
    assert set(fields) == _client_names({"deliverables": 5, "materials": 5, "iterations": 4})
    assert fields["goals"]["FieldType"] == "Text" and fields["goals"]["FieldFlags"] == "4096"
    assert fields["client.also_agree:none"]["FieldType"] == "Button"
    assert "on" in fields["client.also_agree:none"]["FieldStateOption"]
    assert fields["iterations.0.start"]["FieldNameAlt"] == "Stage 1 \u2013 Start date"
    assert fields["title"]["FieldMaxLength"] == "200"
    # the fields' font is the standard one every filler can draw with
    reader = PdfReader(out)
    form: Any = reader.root_object["/AcroForm"]
    assert form["/NeedAppearances"]
    assert "/Helv" in form["/DR"]["/Font"]
    for field in (reader.get_fields() or {}).values():
        if "/DA" in field:
            assert str(field["/DA"]).startswith("/Helv "), field


@pytest.mark.slow
def test_a_choice_is_a_select_field(renderer: Renderer, tmp_path: Path) -> None:
    """The client's questionnaire has no one-of-a-set question today; the freelancer's has."""
    pdf = tmp_path / "f.pdf"
    pdf.write_bytes(questionnaire_pdf(Brief(), renderer=renderer, audience="freelancer"))
    fields = PdfReader(pdf).get_fields() or {}
    prices = fields["tax.prices"]
    assert prices["/FT"] == "/Ch"
    assert [list(option) for option in prices["/Opt"]] == [
        ["", ""],
        ["net", "net"],
        ["gross", "gross"],
    ]
    assert "payment.prepayment_percent" in fields and "goals" not in fields


@pytest.mark.slow
def test_hostile_prefilled_values_stay_values_in_the_pdf(
    renderer: Renderer, tmp_path: Path
) -> None:
    brief = Brief.model_validate({"title": HOSTILE, "goals": [HOSTILE]})
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(questionnaire_pdf(brief, renderer=renderer))
    fields = PdfReader(pdf).get_fields() or {}
    assert fields["title"]["/V"] == HOSTILE
    assert fields["goals"]["/V"] == HOSTILE
    assert not renderer.refused


# --- the page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_the_page_is_self_contained_and_prefilled(name: str, tmp_path: Path) -> None:
    out = tmp_path / "q.html"
    result = run("questionnaire", "-o", out, "--from", EXAMPLES / f"{name}.yaml")
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    markup = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)
    assert not re.search(r"""\b(src|href|action|formaction|poster|srcset)\s*=""", markup, re.I)
    assert not re.search(r"https?://|ftp://|//[a-z0-9]", page, re.I)
    styles = "".join(re.findall(r"<style>(.*?)</style>", page, re.S))
    assert "url(" not in styles and "@import" not in styles
    assert "<link" not in page and "<iframe" not in page and "<img" not in page
    # every script is allowed by its hash, nothing else; no network at all
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    policy = html.unescape(csp.group(1))
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    for script in re.findall(r"<script>(.*?)</script>", page, re.S):
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    for style in re.findall(r"<style>(.*?)</style>", page, re.S):
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    # the word table of the firm-date rule travels with the page
    assert '"maerz": 3' in page.replace("\\u0022", '"') or '"maerz":3' in page
    # the client's questions, named by their brief paths, pre-filled
    brief = example(name)
    for field in client_fields(brief):
        assert f'name="{field}"' in page, field
    assert 'name="iterations.0.price"' not in page
    assert f"<h1>{escape(str(brief.title))}</h1>" in page


def test_the_page_escapes_prefilled_values() -> None:
    page = questionnaire_html(Brief.model_validate({"title": HOSTILE, "summary": HOSTILE}))
    assert "<script>alert" not in page and "<img" not in page
    assert "</textarea>{{" not in page
    assert "{{ 7*7 }}" in page  # shown as typed, never evaluated
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_page_has_one_row_template_per_block_and_an_add_button() -> None:
    page = questionnaire_html()
    assert page.count('<template class="row-template">') == 3
    assert page.count("data-add>") == 3
    assert "Save answers" in page


def test_the_date_order_of_the_brief_reaches_the_page() -> None:
    page = questionnaire_html(example("website"))
    assert '"dateOrder": "MDY"' in page or '"dateOrder":"MDY"' in page
    assert "month first" in page


# --- plain text -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_the_text_asks_every_client_question_with_help_and_example(name: str) -> None:
    result = run("questionnaire", "--format", "md", "-o", "-", "--from", EXAMPLES / f"{name}.yaml")
    assert result.exit_code == 0, result.output
    text = result.stdout
    brief = example(name)
    _ = questionnaire_view(brief).gettext  # the client's language (and English's spelling)
    for _loc, question in questions("client"):
        assert _(question.text) in text, question.text
        assert _(question.help) in text, question.help
        if question.example:
            shown = (
                _(question.example) if translated_example(question.example) else question.example
            )
            if question.kind == "money":  # written as the client's locale writes an amount
                shown = ""
            assert _("Example: {example}").format(example=shown) in text, question.example
    answer = _("Answer:")
    assert f"{answer} {brief.title}" in text
    assert f"### {_('Deliverable')} 1" in text
    assert f"### {_('Deliverable')} {len(brief.deliverables) + 1}" in text  # and one blank
    assert f"\n{answer}\n" in text  # blanks to fill


def test_the_blank_text_for_an_email() -> None:
    text = questionnaire_markdown()
    assert text.startswith("# Project questionnaire\n")
    assert "**1. Project title**" in text
    assert "Your contractor would like to agree with you" in text
    assert "One per line" in text


# --- the command ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "written", "start"),
    [
        (("-o", "x.md"), "x.md", b"# Project questionnaire"),
        (("-o", "x.htm"), "x.htm", b"<!DOCTYPE html>"),
        (("--format", "html"), "questionnaire.html", b"<!DOCTYPE html>"),
        (("-f", "md", "-o", "notes.txt"), "notes.txt", b"# Project"),
    ],
)
def test_the_format_comes_from_the_option_or_the_file_name(
    args: tuple[str, ...],
    written: str,
    start: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("questionnaire", *args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / written).read_bytes().startswith(start)
    assert [p.name for p in tmp_path.iterdir()] == [written]


def test_a_pdf_is_not_written_to_the_terminal() -> None:
    result = run("questionnaire", "-o", "-")
    assert result.exit_code == 2
    assert "a PDF goes to a file" in result.stderr


def test_an_unknown_format_is_refused() -> None:
    result = run("questionnaire", "--format", "docx", "-o", "-")
    assert result.exit_code == 2
    assert "docx" in result.output


def test_a_missing_brief_to_prefill_from_is_one_line(tmp_path: Path) -> None:
    result = run(
        "questionnaire", "-f", "md", "-o", tmp_path / "q.md", "--from", tmp_path / "no.yaml"
    )
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'no.yaml'}: no such file\n"
    assert not (tmp_path / "q.md").exists()


def test_the_view_counts_every_field() -> None:
    view = questionnaire_view()
    names = [f.name for f in view.fields()]
    assert len(names) == len(set(names))
    assert view.field_count() == len(names) + sum(1 for f in view.fields() if f.none_name)
