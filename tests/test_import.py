"""Answers back in: a PDF filled by pdftk, the page's answers, YAML/JSON; merged, validated, safe."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from firmbrief.briefs.canonical import canonical_data
from firmbrief.briefs.files import parse_data, read_data
from firmbrief.briefs.loading import load_brief_file
from firmbrief.briefs.writer import brief_yaml, write_brief
from firmbrief.errors import BriefUnreadable
from firmbrief.intake.answers import ANSWERS_FORMAT, Answers, answers_from_fields
from firmbrief.intake.merge import merge
from firmbrief.intake.questions import questions

from conftest import TODAY, examples, run
from intake_support import (
    EXAMPLES,
    NAMES,
    assert_same_client_fields,
    client_fields,
    example,
    fill_with_pdftk,
)

DAY = TODAY.isoformat()


def without_client_answers(data: dict[str, Any]) -> dict[str, Any]:
    """The freelancer's part of a brief: every answer to a client question removed."""
    data = copy.deepcopy(data)
    for template, _ in questions("client"):
        parents: list[Any] = [data]
        for part in template[:-1]:
            parents = [
                child
                for parent in parents
                for child in (
                    (parent if isinstance(parent, list) else [])
                    if part == -1
                    else [parent.get(part)]
                    if isinstance(parent, dict)
                    else []
                )
                if child is not None
            ]
        for parent in parents:
            if isinstance(parent, dict):
                parent.pop(template[-1], None)
    return data


def page_answers(fields: Mapping[str, str | bool]) -> str:
    return json.dumps({"format": ANSWERS_FORMAT, "version": 1, "fields": fields})


def imported(path: Path) -> Any:
    parsed = load_brief_file(path)
    assert not parsed.findings, parsed.findings
    return parsed.brief


# --- the PDF, filled by pdftk -----------------------------------------------------------------


@pytest.fixture(scope="module")
def blank_form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("form") / "questionnaire.pdf"
    result = run("questionnaire", "-o", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_a_pdf_filled_by_pdftk_imports_as_the_examples_client_fields(
    name: str, blank_form: Path, tmp_path: Path
) -> None:
    filled = tmp_path / "filled.pdf"
    fill_with_pdftk(blank_form, client_fields(example(name)), filled)
    out = tmp_path / "brief.yaml"
    result = run("intake", "import", filled, "-o", out, "--today", DAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {out}: ")
    assert "not ready to start" in result.stdout  # the freelancer's part is missing
    assert "freelancer.name" in result.stdout
    assert_same_client_fields(imported(out), example(name))


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_the_clients_pdf_into_the_freelancers_part_gives_back_the_whole_example(
    name: str, tmp_path: Path
) -> None:
    part = tmp_path / "brief.yaml"
    part.write_text(brief_yaml(without_client_answers(read_data(EXAMPLES / f"{name}.yaml"))))
    form = tmp_path / "questionnaire.pdf"
    assert run("questionnaire", "-o", form, "--from", part).exit_code == 0
    filled = tmp_path / "filled.pdf"
    fill_with_pdftk(form, client_fields(example(name)), filled)
    result = run("intake", "import", filled, "--into", part, "--today", DAY)
    assert result.exit_code == 0, result.output
    assert f"{part}: ready to start" in result.stdout
    assert canonical_data(imported(part)) == canonical_data(example(name))


# --- the page's answers and YAML/JSON ---------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_the_pages_answers_import_like_the_pdf(name: str, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(page_answers(client_fields(example(name))))
    out = tmp_path / "brief.yaml"
    result = run("intake", "import", answers, "-o", out, "--today", DAY)
    assert result.exit_code == 0, result.output
    assert_same_client_fields(imported(out), example(name))


@pytest.mark.parametrize("name", NAMES)
def test_a_whole_brief_as_yaml_imports_unchanged(name: str, tmp_path: Path) -> None:
    out = tmp_path / "brief.json"
    result = run(
        "intake", "import", EXAMPLES / f"{name}.yaml", "-o", out, "--own", "--today", DAY
    )
    assert result.exit_code == 0, result.output
    assert f"{out}: ready to start" in result.stdout
    assert canonical_data(imported(out)) == canonical_data(example(name))
    assert json.loads(out.read_text())["title"] == example(name).title


# --- the merge rule ---------------------------------------------------------------------------


def test_the_freelancers_values_are_kept_and_the_clients_fields_replaced(
    brief_data: Callable[[str], dict[str, Any]],
) -> None:
    base = brief_data("logo")
    answers = Answers(
        source="answers.yaml",
        origin="data",
        own=True,
        values={
            ("title",): "A new title",  # the client's: replaced
            ("total",): "1.00",  # the freelancer's, already set: kept
            ("update_interval_days",): "",  # blank: nothing changes
            ("freelancer", "phone"): "+49 30 1",  # the freelancer's, not set: filled
            ("goals",): ["One goal"],
        },
    )
    merged = merge(base, answers)
    assert merged.data["title"] == "A new title"
    assert merged.data["total"] == base["total"]
    assert merged.data["update_interval_days"] == base["update_interval_days"]
    assert merged.data["freelancer"]["phone"] == "+49 30 1"
    assert merged.data["goals"] == ["One goal"]
    assert merged.kept == [("total",)]
    assert sorted(merged.taken) == sorted([("title",), ("freelancer", "phone"), ("goals",)])
    assert base["title"] != "A new title"  # the base itself is untouched


def test_from_the_clients_files_only_the_clients_questions_count() -> None:
    fields = {"title": "T", "total": "1", "iterations.0.price": "0", "nonsense": "x", "terms": ""}
    with pytest.raises(BriefUnreadable) as refused:
        answers_from_fields(fields, source="q.pdf")
    assert str(refused.value) == (
        "q.pdf: sets 2 fields not asked of the client (total, iterations[0].price): a "
        "client's answers fill only the client's questions; if this is your own file, import "
        "it with --own"
    )
    answers = answers_from_fields({"title": "T", "nonsense": "x"}, source="q.pdf")
    assert answers.values == {("title",): "T"}
    assert answers.ignored == ["nonsense: not a question of the questionnaire"]
    own = answers_from_fields(fields, source="q.pdf", own=True)
    assert own.values == {("title",): "T", ("total",): "1", ("iterations", 0, "price"): "0"}


def test_lists_are_one_per_line_and_none_is_a_checkbox_or_a_word() -> None:
    answers = answers_from_fields(
        {
            "goals": " First goal \r\n\r\nSecond goal\rThird ",
            "client.also_agree:none": True,
            "rules": "none",
            "client.address": "Line 1\r\nLine 2",
        },
        source="q.pdf",
    )
    assert answers.values[("goals",)] == ["First goal", "Second goal", "Third"]
    assert answers.values[("client", "also_agree")] == "none"
    assert answers.values[("rules",)] == "none"
    assert answers.values[("client", "address")] == "Line 1\nLine 2"


def test_new_rows_follow_the_briefs_items_and_blank_rows_are_skipped(
    brief_data: Callable[[str], dict[str, Any]],
) -> None:
    base = brief_data("logo")
    fields = {
        "deliverables.0.volume": "4 logo variants",  # a row pre-filled from the brief
        "deliverables.6.name": "Menu board",  # new rows, with gaps between them
        "deliverables.6.volume": "1 board",
        "deliverables.9.name": "Flyer",
        "deliverables.49.name": "Last",
        "deliverables.50.name": "Too many",
    }
    answers = answers_from_fields(fields, source="answers.json", origin="page")
    merged = merge(base, answers)
    items = merged.data["deliverables"]
    assert items[0]["volume"] == "4 logo variants" and items[0]["id"] == "logo"
    assert [item.get("name") for item in items[3:]] == ["Menu board", "Flyer", "Last"]
    assert items[3]["volume"] == "1 board"
    assert answers.ignored == ["deliverables[50].name: more rows than a brief can hold"]


def test_answers_the_schema_refuses_are_left_out_with_the_reason(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    fields = {
        "title": "Fine",
        "client.email": "not an email",
        "iterations.0.review_days": "three",
        "iterations.0.start": "end of March",  # vague: kept, and reported by check
        "client.country": "Germany",
        "goals": "x" * 501,
    }
    answers.write_text(page_answers(fields))
    out = tmp_path / "brief.yaml"
    result = run("intake", "import", answers, "-o", out, "--today", DAY)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"wrote {out}: 2 answers from {answers} (4 left out)"
    assert (
        '  left out  iterations[0].review_days  "three" is not a whole number; write e.g. 3'
        in lines
    )
    assert any(line.startswith("  left out  client.email") for line in lines)
    assert any(line.startswith("  left out  client.country") for line in lines)
    assert any("goals" in line and "at most 500" in line for line in lines)
    assert (
        "iterations[0].start" in result.stdout
        and '"end of March" is not a calendar date' in result.stdout
    )
    data = read_data(out)
    assert data["title"] == "Fine"
    assert data["iterations"] == [{"start": "end of March"}]
    assert "client" not in data and "goals" not in data


def test_an_existing_brief_is_not_overwritten_without_into(tmp_path: Path) -> None:
    out = tmp_path / "brief.yaml"
    out.write_text("title: Mine\n")
    answers = tmp_path / "a.yaml"
    answers.write_text("title: Theirs\n")
    result = run("intake", "import", answers, "-o", out)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {out}: exists already: merge the answers into it with --into {out}, "
        "or choose another -o\n"
    )
    assert out.read_text() == "title: Mine\n"


def test_into_writes_back_into_the_brief_and_keeps_its_top_comments(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(
        "# yaml-language-server: $schema=brief.schema.json\n# Kettle\ntitle: Mine\ntotal: 10\n"
    )
    answers = tmp_path / "a.yaml"
    answers.write_text("title: Theirs\ntotal: 99\n")
    result = run("intake", "import", answers, "--into", brief, "--today", DAY)
    assert result.exit_code == 2, result.output
    assert "sets 1 field not asked of the client (total)" in result.stderr
    result = run("intake", "import", answers, "--into", brief, "--own", "--today", DAY)
    assert result.exit_code == 0, result.output
    assert brief.read_text().startswith(
        "# yaml-language-server: $schema=brief.schema.json\n# Kettle\ntitle: Theirs\ntotal: 10\n"
    )
    assert "(1 of your values kept)" in result.stdout


def test_where_to_write_must_be_said(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("title: T\n")
    result = run("intake", "import", answers)
    assert result.exit_code == 2
    assert "-o BRIEF" in result.stderr


# --- hostile and broken files -----------------------------------------------------------------


def _form_pdf(build: Callable[[PdfWriter, ArrayObject], None]) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    fields = ArrayObject()
    build(writer, fields)
    form = DictionaryObject({NameObject("/Fields"): fields})
    writer._root_object[NameObject("/AcroForm")] = writer._add_object(form)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _field(writer: PdfWriter, name: str, value: Any) -> Any:
    entry = DictionaryObject(
        {NameObject("/T"): TextStringObject(name), NameObject("/FT"): NameObject("/Tx")}
    )
    if value is not None:
        entry[NameObject("/V")] = value
    return writer._add_object(entry)


def _parent_cycle(writer: PdfWriter, fields: ArrayObject) -> None:
    parent = DictionaryObject({NameObject("/T"): TextStringObject("client")})
    parent_ref = writer._add_object(parent)
    child = DictionaryObject(
        {NameObject("/T"): TextStringObject("name"), NameObject("/V"): TextStringObject("x")}
    )
    child_ref = writer._add_object(child)
    parent[NameObject("/Kids")] = ArrayObject([child_ref])
    child[NameObject("/Parent")] = child_ref  # its own parent
    fields.append(parent_ref)


def _encrypted() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


HOSTILE: list[tuple[str, Callable[[], bytes], str]] = [
    ("truncated", lambda: b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "is not a readable PDF form"),
    ("garbage", lambda: b"%PDF-1.4\n" + bytes(range(256)) * 40, "is not a readable PDF form"),
    ("parent-cycle", lambda: _form_pdf(_parent_cycle), "is not a readable PDF form"),
    (
        "dictionary-value",
        lambda: _form_pdf(lambda w, f: f.append(_field(w, "title", DictionaryObject()))),
        "title: the value is a DictionaryObject, not text",
    ),
    (
        "number-value",
        lambda: _form_pdf(lambda w, f: f.append(_field(w, "summary", NumberObject(7)))),
        "summary: the value is a NumberObject, not text",
    ),
    ("encrypted", _encrypted, "is protected by a password"),
]


@pytest.mark.parametrize(("case", "make", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_broken_or_hostile_pdf_is_one_line_and_nothing_is_written(
    case: str, make: Callable[[], bytes], message: str, tmp_path: Path
) -> None:
    pdf = tmp_path / f"{case}.pdf"
    pdf.write_bytes(make())
    out = tmp_path / "brief.yaml"
    result = run("intake", "import", pdf, "-o", out)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {pdf}: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [pdf]


def test_a_huge_file_is_refused_by_its_size(tmp_path: Path) -> None:
    pdf = tmp_path / "huge.pdf"
    with pdf.open("wb") as stream:
        stream.write(b"%PDF-1.7\n")
        stream.truncate(25_000_000)
    result = run("intake", "import", pdf, "-o", tmp_path / "b.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"error: {pdf}: is over 20 MB; a filled questionnaire is far smaller\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "firmbrief-answers", "version": 9, "fields": {}}', "format version 9"),
        ('{"format": "firmbrief-answers", "version": 1, "fields": []}', 'no "fields" mapping'),
        (
            '{"format": "firmbrief-answers", "version": 1, "fields": {"title": 3}}',
            "title: the answer is not text",
        ),
        (
            '{"format": "firmbrief-answers", "version": 1, "fields": {"title": true}}',
            "title: a checkbox where text belongs",
        ),
        ("<!DOCTYPE html><html>", "is a web page, not answers"),
        ("a: &x [1]\nb: *x\n", "aliases"),
        ("- just\n- a list\n", "holds a list at the top"),
    ],
)
def test_unusable_answers_are_one_line(content: str, message: str, tmp_path: Path) -> None:
    answers = tmp_path / ("answers.json" if content.startswith("{") else "answers.yaml")
    answers.write_text(content)
    result = run("intake", "import", answers, "-o", tmp_path / "b.yaml")
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_missing_file(tmp_path: Path) -> None:
    result = run("intake", "import", tmp_path / "nope.pdf", "-o", tmp_path / "b.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'nope.pdf'}: no such file\n"


# --- writing briefs ---------------------------------------------------------------------------

_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
_LEAF = st.one_of(_TEXT, st.none(), st.booleans())
_DATA = st.recursive(
    _LEAF,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_TEXT.filter(bool), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=examples(300), deadline=None)
@given(st.dictionaries(_TEXT.filter(bool), _DATA, max_size=6))
def test_written_yaml_reads_back_to_the_same_values(data: dict[str, Any]) -> None:
    text = brief_yaml(data)
    if "\x00" in text:  # the reader refuses NUL bytes; the writer escapes them
        raise AssertionError("a NUL byte was written raw")
    assert parse_data(text.encode("utf-8"), name="x.yaml") == data


def test_written_yaml_is_readable(brief_data: Callable[[str], dict[str, Any]]) -> None:
    text = brief_yaml(brief_data("logo"))
    assert "&" not in text.replace("Kettle & Crumb", "") and "*" not in text
    assert "\n  address: |\n    Jensen Studio\n" in text
    assert "formats: [SVG, PNG, PDF]" in text
    assert "price: 1800.00" in text and "start: 2027-01-11" in text
    assert text.index("title:") < text.index("freelancer:") < text.index("deliverables:")


@pytest.mark.parametrize("value", ["NO", "010", "1:30", "true", "null", "~", "", " x", "#", "- a"])
def test_yaml_quotes_what_the_reader_would_take_for_something_else(
    value: str, tmp_path: Path
) -> None:
    path = tmp_path / "b.yaml"
    write_brief(path, {"title": value, "goals": [value]})
    assert read_data(path) == {"title": value, "goals": [value]}


def test_the_clients_numeric_dates_keep_their_meaning_in_a_brief_read_the_other_way(
    brief_data: Callable[[str], dict[str, Any]],
) -> None:
    base = {**brief_data("logo"), "date_order": "DMY"}
    fields = {
        "date_order": "MDY",
        "materials.0.due": "03/12/2027",
        "iterations.0.start": "2027-01-11",
    }
    merged = merge(base, answers_from_fields(fields, source="answers.json", origin="page"))
    assert merged.data["date_order"] == "DMY"
    assert merged.data["materials"][0]["due"] == "2027-03-12"
    assert merged.data["iterations"][0]["start"] == "2027-01-11"
    assert merged.notes == [
        "the answers write dates month first, the brief reads them day first: "
        "their all-numeric dates are written year-month-day"
    ]
