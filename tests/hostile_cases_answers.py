"""Hostile cases: answers coming back from the client, and the project record."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from hostile_support import Env, Expect, guards, logo, signed

# --- answers coming back from the client --------------------------------------------------------


@guards("answers.pypdf-errors-one-line")
def truncated_pdf(env: Env) -> Expect:
    path = env.raw(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /AcroForm 2 0 R", "answers.pdf")
    return Expect(
        ["intake", "import", str(path), "-o", str(env.work / "new.yaml")],
        2,
        rf"error: {re.escape(str(path))}: ",
        absent=[env.work / "new.yaml"],
    )


def form(build: Callable[[PdfWriter, DictionaryObject], None]) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    text_field = DictionaryObject(
        {NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("title")}
    )
    build(writer, text_field)
    reference = writer._add_object(text_field)
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([reference])}
    )
    from io import BytesIO

    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@guards("answers.pypdf-errors-one-line")
def pdf_with_a_reference_cycle(env: Env) -> Expect:
    def cycle(writer: PdfWriter, text_field: DictionaryObject) -> None:
        reference = writer._add_object(text_field)
        text_field[NameObject("/Parent")] = reference
        text_field[NameObject("/Kids")] = ArrayObject([reference])

    path = env.raw(form(cycle), "cycle.pdf")
    return Expect(
        ["intake", "import", str(path), "-o", str(env.work / "new.yaml")],
        2,
        rf"error: {re.escape(str(path))}",
        absent=[env.work / "new.yaml"],
        seconds=30,
    )


@guards("answers.pdf-values-are-text")
def pdf_with_a_wrong_field_type(env: Env) -> Expect:
    def number(writer: PdfWriter, text_field: DictionaryObject) -> None:
        text_field[NameObject("/V")] = DictionaryObject({NameObject("/X"): NumberObject(42)})

    path = env.raw(form(number), "wrong.pdf")
    return Expect(
        ["intake", "import", str(path), "-o", str(env.work / "new.yaml")],
        2,
        rf"error: {re.escape(str(path))}: title: ",
        absent=[env.work / "new.yaml"],
    )


@guards("answers.page-values-are-text")
def page_answers_with_hostile_values(env: Env) -> Expect:
    answers = {
        "format": "firmbrief-answers",
        "version": 1,
        "fields": {"title": {"$gt": ""}, "client.name": "Tom"},
    }
    path = env.raw(json.dumps(answers).encode(), "answers.json")
    return Expect(
        ["intake", "import", str(path), "-o", str(env.work / "new.yaml")],
        2,
        rf"error: {re.escape(str(path))}: title: the answer is not text",
        absent=[env.work / "new.yaml"],
    )


@guards("files.no-yaml-aliases")
def answers_yaml_alias_bomb(env: Env) -> Expect:
    path = env.raw(b"title: &t x\nsummary: *t\n", "answers.yaml")
    into = env.brief(logo())
    return Expect(
        ["intake", "import", str(path), "--into", str(into)],
        2,
        r"YAML aliases",
        unchanged=[into],
    )


@guards("files.no-lone-surrogates")
def answers_with_a_lone_surrogate(env: Env) -> Expect:
    path = env.raw(b'{"client": {"name": "\\ud800"}}', "answers.json")
    return Expect(
        ["intake", "import", str(path), "-o", str(env.work / "new.yaml")],
        2,
        r"client\.name: contains a lone surrogate",
        absent=[env.work / "new.yaml"],
    )


@guards("answers.pdf-size-cap")
def answers_pdf_over_the_cap(env: Env) -> Expect:
    path = env.work / "big.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.write(b"0" * 21_000_000)
    return Expect(
        ["intake", "import", str(path), "-o", str(env.work / "new.yaml")],
        2,
        r"is over 20 MB",
        absent=[env.work / "new.yaml"],
        seconds=30,
    )


# --- the project record -------------------------------------------------------------------------


@guards("record.line-parsing")
def log_truncated(env: Env) -> Expect:
    brief, log = signed(env)
    log.write_bytes(log.read_bytes()[:-25])
    return Expect(["status", str(brief)], 2, r"logo\.yaml\.log\.jsonl: line 2: ", unchanged=[log])


@guards("record.check-chain")
def log_edited_amount(env: Env) -> Expect:
    brief, log = signed(env)
    log.write_bytes(log.read_bytes().replace(b'"1071.00"', b'"9071.00"'))
    return Expect(
        ["gate", "start", str(brief), "1"],
        2,
        r"logo\.yaml\.log\.jsonl: line 2: edited after it was written",
        unchanged=[log],
    )


@guards("record.line-parsing")
def log_not_json(env: Env) -> Expect:
    brief, log = signed(env)
    log.write_bytes(log.read_bytes() + b"<html>not an event</html>\n")
    return Expect(["status", str(brief)], 2, r"logo\.yaml\.log\.jsonl: line 3: ", unchanged=[log])


@guards("record.line-parsing")
def log_with_nul_bytes(env: Env) -> Expect:
    brief, log = signed(env)
    log.write_bytes(log.read_bytes().replace(b"payment", b"pay\x00ent"))
    return Expect(["check", str(brief)], 2, r"logo\.yaml\.log\.jsonl: ", unchanged=[log])


@guards("email-answers.read-as-the-email-package-parses-it")
def email_reply_in_an_unknown_charset(env: Env) -> Expect:
    """A whole email (.eml) whose charset Python does not know: refused with the reason, never
    imported with its letters replaced."""
    from firmbrief.intake.questionnaire import questionnaire_markdown

    body = questionnaire_markdown().replace("Answer:", "Answer: J\u00fcrgen", 1)
    head = (
        "From: client@example.org\nTo: me@example.org\nSubject: Re: brief\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=x-martian\n\n"
    )
    path = env.raw(head.encode("utf-8") + body.encode("utf-8"), "reply.eml")
    return Expect(
        ["intake", "import", str(path), "-o", str(env.work / "new.yaml")],
        2,
        rf"error: {re.escape(str(path))}: is an email in an encoding Python does not know",
        absent=[env.work / "new.yaml"],
    )


CASES: list[Callable[[Env], Expect]] = [
    email_reply_in_an_unknown_charset,
    truncated_pdf,
    pdf_with_a_reference_cycle,
    pdf_with_a_wrong_field_type,
    page_answers_with_hostile_values,
    answers_yaml_alias_bomb,
    answers_with_a_lone_surrogate,
    answers_pdf_over_the_cap,
    log_truncated,
    log_edited_amount,
    log_not_json,
    log_with_nul_bytes,
]
