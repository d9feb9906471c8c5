"""Hostile cases, second round: altered PDFs ``verify`` must catch, and drafts that must not
drop a value silently (findings 3 and 11 of issue 19)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from conftest import TODAY, run
from hostile_cases_attacks import rendered_pdf
from hostile_support import Env, Expect, guards, logo, pdf_text

DAY = TODAY.isoformat()

# --- 3: verify judging the pages ----------------------------------------------------------------


@guards("verify.page-numbers")
def verify_a_removed_page(env: Env) -> Expect:
    brief, pdf = rendered_pdf(env)
    pages = len(PdfReader(pdf).pages)
    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.remove_page(2)  # the page with the payment table
    writer.write(pdf)
    return Expect(
        ["verify", str(pdf), str(brief)],
        1,
        stdout=rf'page 1 says "Page 1 of {pages}", but it is page 1 of {pages - 1}: pages were '
        "removed",
    )


@guards("pages.rendered-again-text")
def verify_a_page_overprinted(env: Env) -> Expect:
    """A white box over part of page 2 and "Total price: 1.00 EUR" on it, in Helvetica: the
    fingerprint and the page number stay as they were."""
    brief, pdf = rendered_pdf(env)
    writer = PdfWriter(clone_from=PdfReader(pdf))
    page = writer.pages[1]
    fonts: Any = page["/Resources"]["/Font"]  # type: ignore[index]  # PDF objects, by key
    fonts[NameObject("/FX")] = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    overprint = DecodedStreamObject()
    overprint.set_data(
        b"q 1 1 1 rg 50 300 500 300 re f Q BT /FX 14 Tf 60 500 Td (Total price: 1.00 EUR) Tj ET"
    )
    page[NameObject("/Contents")] = ArrayObject(
        [page.raw_get("/Contents"), writer._add_object(overprint)]
    )
    writer.write(pdf)
    return Expect(
        ["verify", str(pdf), str(brief)],
        1,
        stdout=r"page 2 is not what its brief renders to: it reads ",
    )


@guards("pages.rendered-again-count")
def verify_pages_appended(env: Env) -> Expect:
    """Copies of pages 3 and 4 appended at the end, page numbers and fingerprint and all."""
    brief, pdf = rendered_pdf(env)
    writer = PdfWriter(clone_from=PdfReader(pdf))
    source = PdfReader(pdf)
    pages = len(source.pages)
    writer.add_page(source.pages[2])
    writer.add_page(source.pages[3])
    writer.write(pdf)
    return Expect(
        ["verify", str(pdf)],
        1,
        stdout=rf"has {pages + 2} pages, but its brief renders to {pages}: pages were removed or "
        "added",
    )


# --- 11: a draft never drops a value silently ----------------------------------------------------


def _many_iterations(env: Env) -> Expect:
    data = logo()
    data["iterations"] = [copy.deepcopy(data["iterations"][n % 2]) for n in range(500)]
    brief = env.brief(data, "many.yaml")
    out = env.work / "out"
    argv = ["render", str(brief), "-o", str(out), "-w", "brief", "--draft", "--today", DAY]
    return Expect(argv, 0)


@guards("render.draft-prints-what-it-leaves-out")
def draft_with_500_iterations(env: Env) -> Expect:
    expect = _many_iterations(env)
    pdf = env.work / "out" / "many-brief.pdf"

    def marked() -> None:
        text = pdf_text(pdf)
        assert "Not valid: left out of this draft" in text
        assert "iterations a list: has 500 items; at most" in text, text[:2000]
        attached = PdfReader(pdf).attachments
        assert json.loads(attached["brief.json"][0])["iterations"] == []
        left_out = json.loads(attached["left-out.json"][0])
        assert [item["field"] for item in left_out] == ["iterations"]

    expect.then = marked
    return expect


@guards("verify.brief-file-values-left-out")
def verify_a_draft_against_its_brief(env: Env) -> Expect:
    expect = _many_iterations(env)
    result = run(*expect.argv)
    assert result.exit_code == 0, result.output
    brief = env.work / "many.yaml"
    return Expect(
        ["verify", str(env.work / "out" / "many-brief.pdf"), str(brief)],
        1,
        stdout=r"many\.yaml has values that are not valid \(iterations\): .* not the brief file's data",
    )


CASES: list[Callable[[Env], Expect]] = [
    verify_a_removed_page,
    verify_a_page_overprinted,
    verify_pages_appended,
    draft_with_500_iterations,
    verify_a_draft_against_its_brief,
]
