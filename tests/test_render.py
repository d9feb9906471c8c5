"""firmbrief render: the brief and the terms as PDFs, read back as a client's tools read them."""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml

from firmbrief import templates
from firmbrief.briefs.canonical import canonical_json, fingerprint
from firmbrief.briefs.loading import load_brief_file
from firmbrief.briefs.plan import plan_of
from firmbrief.briefs.schema import Brief, json_schema
from firmbrief.contracts.clauses import clauses_for
from firmbrief.contracts.documents import Formats, locale_for
from firmbrief.contracts.pdf import Renderer
from firmbrief.contracts.render import breakable, client_text, render_brief

from conftest import EXAMPLES, READY_EXAMPLES, TODAY, run

pytestmark = pytest.mark.slow

DRAFT = "DRAFT — not ready to sign"
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


# --- reading PDFs back ---------------------------------------------------------------------------


def squash(text: str) -> str:
    """Text as it reads: no zero-width spaces, every kind of space one space."""
    text = text.replace("\u200b", "").replace("\u202f", " ").replace("\xa0", " ")
    return " ".join(text.split())


def pages_text(pdf: Path) -> list[str]:
    """Each page's text in the order it is drawn (a table cell's lines stay together), squashed."""
    done = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return [squash(page) for page in done.stdout.split("\f") if page.strip()]


def text_of(pdf: Path) -> str:
    return " ".join(pages_text(pdf))


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", squash(text))


@dataclass
class Rendered:
    brief: Brief
    path: Path
    pdfs: dict[str, Path]


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, renderer: Renderer) -> dict[str, Rendered]:
    """Every ready example rendered once, all through one renderer (as a batch would)."""
    out = tmp_path_factory.mktemp("rendered")
    found = {}
    for example in READY_EXAMPLES:
        done = render_brief(example, today=TODAY, renderer=renderer, out_dir=out)
        brief = load_brief_file(example).brief
        assert brief is not None
        pdfs = {path.name.removesuffix(".pdf").rsplit("-", 1)[1]: path for path in done.paths}
        found[example.stem] = Rendered(brief, example, pdfs)
    return found


EXAMPLE_NAMES = [p.stem for p in READY_EXAMPLES]


# --- the command ---------------------------------------------------------------------------------


def test_render_writes_both_documents_named_after_the_brief(tmp_path: Path) -> None:
    result = run("render", EXAMPLES / "logo.yaml", "-o", tmp_path, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        str(tmp_path / "logo-brief.pdf"),
        str(tmp_path / "logo-terms.pdf"),
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logo-brief.pdf", "logo-terms.pdf"]


def test_render_writes_beside_the_brief_by_default(tmp_path: Path) -> None:
    brief = tmp_path / "kettle.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", brief)
    result = run("render", brief, "--what", "terms", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path / 'kettle-terms.pdf'}\n"
    assert (tmp_path / "kettle-terms.pdf").read_bytes().startswith(b"%PDF-")
    assert not (tmp_path / "kettle-brief.pdf").exists()


def test_an_unready_brief_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    result = run("render", EXAMPLES / "defects.yaml", "-o", tmp_path, "--today", TODAY.isoformat())
    assert result.exit_code == 1, result.output
    assert "not ready to start" in result.stderr
    assert '"ASAP" is not a calendar date' in result.stderr  # the findings, as check prints them
    assert result.stderr.rstrip().endswith(
        "not ready to sign, nothing written (fix the errors above, or render a marked draft "
        "with --draft)"
    )
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_a_refused_brief_never_loads_weasyprint(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from firmbrief.cli import main\n"
        f"code = main(['render', {str(EXAMPLES / 'defects.yaml')!r}, '-o', {str(tmp_path)!r}])\n"
        "print(code, 'weasyprint' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stderr.splitlines()[-1] == "1 False", done.stderr


def test_draft_marks_every_page(tmp_path: Path) -> None:
    renderer = Renderer()
    done = render_brief(
        EXAMPLES / "defects.yaml", today=TODAY, renderer=renderer, out_dir=tmp_path, draft=True
    )
    assert renderer.refused == [] and renderer.warnings == []
    for pdf in done.paths:
        pages = pages_text(pdf)
        assert len(pages) >= 2
        for number, page in enumerate(pages, start=1):
            assert DRAFT in page, f"{pdf.name} page {number}"
    result = run(
        "render", EXAMPLES / "defects.yaml", "-o", tmp_path / "cli", "--draft", "-w", "brief"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path / 'cli' / 'defects-brief.pdf'}\n"


def test_a_ready_brief_has_no_draft_mark(rendered: dict[str, Rendered]) -> None:
    for item in rendered.values():
        for pdf in item.pdfs.values():
            assert "not ready to sign" not in text_of(pdf)


def test_a_vague_today_is_refused() -> None:
    result = run("render", EXAMPLES / "logo.yaml", "--today", "soon")
    assert result.exit_code == 2
    assert result.stderr.startswith('error: --today: "soon" is not a calendar date')


# --- what the documents say ---------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_date_amount_and_party_is_in_the_documents(
    rendered: dict[str, Rendered], name: str
) -> None:
    item = rendered[name]
    brief, plan = item.brief, plan_of(item.brief)
    fmt = Formats(locale_for(brief), plan.currency, plan.digits)
    brief_text, terms_text = text_of(item.pdfs["brief"]), text_of(item.pdfs["terms"])

    def show(value: str) -> str:
        return squash(value)

    schedule = [
        day
        for it in plan.iterations
        for day in (it.start, it.delivery, it.review_ends)
        if day is not None
    ]
    materials = [m.due for m in plan.materials if m.due is not None]
    for day in schedule + materials:
        assert show(fmt.day(day)) in brief_text, day
        assert show(fmt.day(day)) in terms_text, day
    for payment in plan.payments:
        assert payment.due is not None
        assert show(fmt.day(payment.due)) in terms_text
        for amount in (payment.amounts.net, payment.amounts.tax, payment.amounts.gross):
            assert show(fmt.money(amount)) in terms_text, amount
    totals = plan.totals
    for amount in (totals.net, totals.tax, totals.gross):
        assert show(fmt.money(amount)) in terms_text
    if brief.payment.extra_round_price is not None:
        assert show(fmt.money(brief.payment.extra_round_price)) in terms_text
    for party in (brief.freelancer, brief.client):
        for value in (party.name, party.company, party.email):
            if value:
                assert value in brief_text and value in terms_text
    assert brief.client.approver and brief.client.approver.name
    assert brief.client.approver.name in brief_text
    for goal in brief.goals:
        assert no_space(goal) in no_space(brief_text)
    for deliverable in brief.deliverables:
        assert deliverable.volume and deliverable.volume in brief_text
        for criterion in deliverable.acceptance:
            assert no_space(criterion) in no_space(brief_text)
            assert no_space(criterion) in no_space(terms_text)


def test_money_and_dates_are_written_for_the_freelancers_country(
    rendered: dict[str, Rendered],
) -> None:
    logo = text_of(rendered["logo"].pdfs["terms"])
    assert "11 January 2027" in logo
    assert "900,00 € 171,00 € 1.071,00 €" in logo  # the first prepayment: net, VAT, gross
    assert "4.200,00 € 798,00 € 4.998,00 €" in logo  # the totals
    assert "Prices are net; VAT at 19% is added." in logo
    website = text_of(rendered["website"].pdfs["terms"])
    assert "March 1, 2027" in website
    assert "$1,200.00 $0.00 $1,200.00" in website
    assert "$10,500.00" in website
    assert "Web design services are not subject to Maine sales tax." in website
    translation = text_of(rendered["translation"].pdfs["terms"])
    assert "3 300,00 €" in translation
    assert "Autoliquidation : TVA due par le preneur" in translation
    assert "60,00 €" in translation  # the paid test task


def test_the_terms_number_their_clauses_as_the_notices_cite_them(
    rendered: dict[str, Rendered],
) -> None:
    for item in rendered.values():
        text = text_of(item.pdfs["terms"])
        positions = []
        for clause in clauses_for(item.brief):
            heading = f"{clause.number} {clause.title}"
            assert heading in text, heading
            positions.append(text.index(heading))
        assert positions == sorted(positions)
    assert "Test tasks" not in text_of(rendered["logo"].pdfs["terms"])


def test_the_terms_say_what_protects_both_sides(rendered: dict[str, Rendered]) -> None:
    logo = text_of(rendered["logo"].pdfs["terms"])
    for words in (
        "The first draft is there to get on the same page",
        "Each further round costs 280,00 € plus VAT",
        "A change of scope changes what the brief describes",
        "move by the number of working days it was late",
        "the delivery counts as accepted",
        "Work on an iteration starts only once its prepayment has been received",
        "shown with a watermark",
        "handed over once the final payment",
        "the rights in the final work pass to the client",
        "Late payments bear statutory interest",
        "25% of the unpaid rest of the iteration in progress",
        "Prepayments already made are not refunded",
        "Email counts as writing",
    ):
        assert words in logo, words
    translation = text_of(rendered["translation"].pdfs["terms"])
    assert "Exclusive right to publish the French translation" in translation
    assert "Source and working files are not part of this agreement" in translation
    assert "Every test task is paid" in translation


def test_both_documents_end_with_signature_blocks(rendered: dict[str, Rendered]) -> None:
    for item in rendered.values():
        for pdf in item.pdfs.values():
            last = pages_text(pdf)[-1]
            assert last.count("Place and date") == 2 and last.count("Signature") >= 2
            approver = item.brief.client.approver
            assert approver and approver.name and approver.name in last
            assert item.brief.freelancer.name and item.brief.freelancer.name in last


# --- what every PDF carries ---------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_pdf_carries_the_canonical_brief_and_its_fingerprint_on_every_page(
    rendered: dict[str, Rendered], name: str
) -> None:
    item = rendered[name]
    expected = canonical_json(item.brief)
    print_ = fingerprint(item.brief)
    for kind, pdf in item.pdfs.items():
        reader = pypdf.PdfReader(pdf)
        assert reader.attachments["brief.json"] == [expected], kind
        json.loads(expected)  # and it is JSON
        pages = pages_text(pdf)
        assert len(pages) == len(reader.pages) >= 2
        for number, page in enumerate(pages, start=1):
            assert f"brief fingerprint {print_}" in page, f"{kind} page {number}"
            assert f"Page {number} of {len(pages)}" in page


def test_the_attachment_is_the_same_bytes_every_time(
    rendered: dict[str, Rendered], tmp_path: Path, renderer: Renderer
) -> None:
    again = render_brief(
        EXAMPLES / "logo.yaml",
        today=date(2027, 1, 4),
        renderer=renderer,
        out_dir=tmp_path,
        what=("brief",),
    )
    first = pypdf.PdfReader(rendered["logo"].pdfs["brief"]).attachments["brief.json"]
    assert pypdf.PdfReader(again.paths[0]).attachments["brief.json"] == first


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_pdf_has_document_metadata(rendered: dict[str, Rendered], name: str) -> None:
    item = rendered[name]
    assert item.brief.title
    freelancer = item.brief.freelancer.company or item.brief.freelancer.name
    for kind, pdf in item.pdfs.items():
        meta = pypdf.PdfReader(pdf).metadata
        assert meta is not None
        assert (
            meta.title == f"{'Brief' if kind == 'brief' else 'Terms of work'}: {item.brief.title}"
        )
        assert meta.author == freelancer
        assert meta.subject and item.brief.title in meta.subject
        assert meta.creation_date is not None
        assert meta.creation_date.date() == TODAY
        assert f"brief fingerprint {fingerprint(item.brief)}" in str(meta["/Keywords"])


def test_our_templates_load_nothing_refused_and_warn_nothing(
    rendered: dict[str, Rendered], renderer: Renderer
) -> None:
    assert rendered  # every example has been rendered through this renderer
    assert renderer.refused == []
    assert renderer.warnings == []


# --- options ------------------------------------------------------------------------------------


def _page_size(pdf: Path) -> tuple[float, float]:
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def test_a4_by_default_and_letter_on_request(rendered: dict[str, Rendered], tmp_path: Path) -> None:
    assert _page_size(rendered["website"].pdfs["terms"]) == A4
    result = run(
        "render",
        EXAMPLES / "website.yaml",
        "-o",
        tmp_path,
        "--paper",
        "letter",
        "-w",
        "terms",
        "--today",
        TODAY.isoformat(),
    )
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(tmp_path / "website-terms.pdf")
    assert {
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in reader.pages
    } == {LETTER}


def test_pdfa_output_is_pdfa_3b_with_the_brief_as_its_data(tmp_path: Path) -> None:
    result = run(
        "render",
        EXAMPLES / "translation.yaml",
        "-o",
        tmp_path,
        "--pdfa",
        "-w",
        "terms",
        "--today",
        TODAY.isoformat(),
    )
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "translation-terms.pdf"
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    reader = pypdf.PdfReader(pdf)
    root: Any = reader.trailer["/Root"]  # PDF objects, looked into by key
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r'pdfaid:part="3"|<pdfaid:part>3</pdfaid:part>', xmp)
    assert re.search(r'pdfaid:conformance="B"|<pdfaid:conformance>B</pdfaid:conformance>', xmp)
    assert "/OutputIntents" in root
    specs = [ref.get_object() for ref in root["/AF"]]
    assert {spec["/F"] for spec in specs} == {"brief.json"}
    assert {spec["/AFRelationship"] for spec in specs} == {"/Data"}
    stream = specs[0]["/EF"]["/F"].get_object()
    assert stream["/Subtype"] == "/application/json"
    brief = load_brief_file(EXAMPLES / "translation.yaml").brief
    assert brief is not None
    assert reader.attachments["brief.json"] == [canonical_json(brief)]


def test_html_is_written_beside_the_pdf_with_its_styles_inside(tmp_path: Path) -> None:
    result = run(
        "render", EXAMPLES / "logo.yaml", "-o", tmp_path, "--html", "--today", TODAY.isoformat()
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "logo-brief.html",
        "logo-brief.pdf",
        "logo-terms.html",
        "logo-terms.pdf",
    ]
    page = (tmp_path / "logo-terms.html").read_text("utf-8")
    assert "<link" not in page
    assert "@font-face" in page and "table-header-group" in page  # fonts.css and documents.css
    fonts = re.findall(r'url\("([^"]+)"\)', page)
    assert fonts and all(u.startswith("file://") and Path(u[7:]).is_file() for u in fonts)
    assert "Kettle &amp; Crumb GmbH" in page


def test_user_templates_replace_ours_by_name_and_fall_back_to_ours(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    (mine / "clauses").mkdir(parents=True)
    (mine / "clauses" / "communication.html").write_text(
        "<p>Write to {{ freelancer.email }}; calls confirm nothing.</p>", "utf-8"
    )
    out = tmp_path / "out"
    renderer = Renderer()
    done = render_brief(
        EXAMPLES / "logo.yaml",
        today=TODAY,
        renderer=renderer,
        out_dir=out,
        what=("terms",),
        templates=mine,
    )
    text = text_of(done.paths[0])
    assert "Write to mara@jensen.studio; calls confirm nothing." in text
    assert "Email counts as writing" not in text
    assert "1 Scope and deliverables" in text  # ours, not overridden
    assert renderer.refused == [] and renderer.warnings == []


def test_a_user_template_loads_nothing_outside_its_folder(tmp_path: Path) -> None:
    (tmp_path / "clauses").mkdir()
    (tmp_path / "clauses" / "communication.html").write_text(
        '<p>In writing.</p><img src="file:///etc/hostname"><img src="http://127.0.0.1:9/x.png">',
        "utf-8",
    )
    (tmp_path / "documents.css").write_text(
        (templates.folder() / "documents.css").read_text("utf-8") + "\np { text-glow: 2px; }\n",
        "utf-8",
    )
    result = run(
        "render", EXAMPLES / "logo.yaml", "-o", tmp_path / "out", "--templates", tmp_path,
        "-w", "terms", "--today", TODAY.isoformat(),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    warnings = result.stderr.splitlines()
    assert (
        "warning: not loaded (only firmbrief's and your own files are): file:///etc/hostname"
        in warnings
    )
    assert any(w.startswith("warning: not loaded") and "127.0.0.1:9" in w for w in warnings)
    assert any("text-glow" in w for w in warnings)  # the user's stylesheet was used
    assert "In writing." in text_of(tmp_path / "out" / "logo-terms.pdf")


def test_a_broken_user_template_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "terms.html").write_text(
        "{% extends 'base.html' %}{% block content %}{{ x", "utf-8"
    )
    result = run(
        "render",
        EXAMPLES / "logo.yaml",
        "-o",
        tmp_path / "out",
        "--templates",
        tmp_path,
        "--today",
        TODAY.isoformat(),
    )
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: terms.html: line 1: ")
    assert not (tmp_path / "out").exists()


def test_user_templates_cannot_reach_into_python(tmp_path: Path) -> None:
    (tmp_path / "brief.html").write_text("{{ doc.__class__.__init__.__globals__ }}", "utf-8")
    result = run(
        "render",
        EXAMPLES / "logo.yaml",
        "-o",
        tmp_path / "out",
        "--templates",
        tmp_path,
        "-w",
        "brief",
        "--today",
        TODAY.isoformat(),
    )
    assert result.exit_code == 2, result.output
    assert "unsafe" in result.stderr


# --- branding ------------------------------------------------------------------------------------


def png(width: int = 8, height: int = 8) -> bytes:
    """A small solid PNG, made by hand."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xb5\x56\x2b" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


SVG_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
    '<rect width="40" height="40" fill="#b5562b"/></svg>'
)


def test_branding_comes_from_the_brief(
    brief_data: Callable[[str], dict[str, Any]],
    write_brief: Callable[..., Path],
    tmp_path: Path,
) -> None:
    (tmp_path / "mark.png").write_bytes(png())
    data = brief_data("logo")
    data["branding"] = {
        "studio": "Jensen Studio, brand design",
        "accent": "#B5562B",
        "logo": "mark.png",
    }
    path = write_brief(data)
    renderer = Renderer()
    roots = renderer.roots
    done = render_brief(path, today=TODAY, renderer=renderer, out_dir=tmp_path / "out")
    assert renderer.refused == [] and renderer.warnings == []
    assert renderer.roots == roots  # the logo was allowed only while rendering
    for pdf in done.paths:
        assert "Jensen Studio, brand design" in text_of(pdf)
        resources: Any = pypdf.PdfReader(pdf).pages[0]["/Resources"]
        xobjects = resources.get_object().get("/XObject", {})
        assert xobjects, "the logo is drawn on the first page"


def test_branding_can_come_from_a_config_file_beside_the_brief(
    brief_data: Callable[[str], dict[str, Any]], write_brief: Callable[..., Path], tmp_path: Path
) -> None:
    (tmp_path / "studio.png").write_bytes(png())
    (tmp_path / "firmbrief.toml").write_text(
        '[branding]\nstudio = "Studio from the config"\naccent = "#225522"\nlogo = "studio.png"\n',
        "utf-8",
    )
    data = brief_data("logo")
    path = write_brief(data)
    renderer = Renderer()
    done = render_brief(
        path, today=TODAY, renderer=renderer, out_dir=tmp_path / "a", what=("brief",)
    )
    assert renderer.refused == [] and renderer.warnings == []
    assert "Studio from the config" in text_of(done.paths[0])
    resources: Any = pypdf.PdfReader(done.paths[0]).pages[0]["/Resources"]
    assert resources.get_object().get("/XObject"), "the config's logo is drawn"

    data["branding"] = {"studio": "The brief's own studio"}  # the brief wins
    done = render_brief(
        write_brief(data), today=TODAY, renderer=renderer, out_dir=tmp_path / "b", what=("brief",)
    )
    assert "The brief's own studio" in text_of(done.paths[0])
    assert "Studio from the config" not in text_of(done.paths[0])


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('[branding]\naccent = "blue"\n', "branding.accent: not a colour: write it as #rrggbb"),
        ('[branding]\ncolour = "#225522"\n', "branding.colour: Extra inputs are not permitted"),
        ('[brandng]\nstudio = "x"\n', "brandng: unknown table or key 'brandng'"),
        ("[branding\n", "not TOML"),
    ],
    ids=["bad-colour", "unknown-key", "unknown-table", "not-toml"],
)
def test_a_bad_config_file_is_one_clear_error(tmp_path: Path, config: str, message: str) -> None:
    shutil.copy(EXAMPLES / "logo.yaml", tmp_path / "logo.yaml")
    (tmp_path / "firmbrief.toml").write_text(config, "utf-8")
    result = run("render", tmp_path / "logo.yaml", "--today", TODAY.isoformat())
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {tmp_path / 'firmbrief.toml'}: {message}")
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize(
    ("logo", "contents", "message"),
    [
        ("../outside.svg", SVG_LOGO, "is outside the brief's folder"),
        ("/etc/hostname", None, "is outside the brief's folder"),
        ("missing.png", None, "not found"),
        ("notes.png", "this is text, not a picture", "is not a PNG, JPEG or SVG image"),
    ],
    ids=["outside", "absolute", "missing", "not-an-image"],
)
def test_a_logo_must_be_an_image_beside_the_brief(
    brief_data: Callable[[str], dict[str, Any]],
    tmp_path: Path,
    logo: str,
    contents: str | None,
    message: str,
) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    if contents is not None:
        (folder / logo).write_text(contents, "utf-8")
    data = brief_data("logo")
    data["branding"] = {"logo": logo}
    path = folder / "brief.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = run("render", path, "--today", TODAY.isoformat())
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {path}: branding.logo: ")
    assert message in result.stderr
    assert not list(folder.glob("*.pdf"))


# --- writing safely -----------------------------------------------------------------------------


def test_a_failed_render_leaves_the_old_files_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run("render", EXAMPLES / "logo.yaml", "-o", tmp_path, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real = Renderer.pdf
    calls = []

    def second_fails(self: Renderer, html: str, **kwargs: Any) -> bytes:
        calls.append(html)
        if len(calls) == 2:
            raise RuntimeError("the disk caught fire")
        return real(self, html, **kwargs)

    monkeypatch.setattr(Renderer, "pdf", second_fails)
    result = run("render", EXAMPLES / "logo.yaml", "-o", tmp_path, "--today", "2027-01-04")
    assert result.exit_code == 70, result.output
    assert len(calls) == 2
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no stray temp file


def test_an_unwritable_folder_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("a file where the folder should be", "utf-8")
    result = run(
        "render", EXAMPLES / "logo.yaml", "-o", blocker / "out", "--today", TODAY.isoformat()
    )
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output


# --- hostile text --------------------------------------------------------------------------------


class _Canary(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        _Canary.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def canary_server() -> Iterator[tuple[int, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request made to it."""
    _Canary.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], _Canary.requests
    finally:
        server.shutdown()
        server.server_close()


def _atime_is_kept(folder: Path) -> bool:
    """Whether this file system records reads in the access time (relatime does, for old ones)."""
    probe = folder / "probe"
    probe.write_text("probe", "utf-8")
    old = time.time() - 3 * 86400
    os.utime(probe, (old, old))
    probe.read_bytes()
    return probe.stat().st_atime > old + 1


def _text_fields(schema: dict[str, Any], node: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(kind, key) of every free-text property of a schema object: "one" or "list"."""
    for key, prop in node.get("properties", {}).items():
        options = prop.get("anyOf", [prop])
        for option in options:
            if "$ref" in option:
                continue
            kind = option.get("type")
            if kind == "string" and "pattern" not in option and "enum" not in option:
                if not option.get("x-firm-date") and not prop.get("x-firm-date"):
                    if option.get("maxLength", 0) >= 200:
                        yield "one", key
                        break
            if kind == "array" and option.get("items", {}).get("type") == "string":
                if "pattern" not in option["items"]:
                    yield "list", key
                    break


def _hostile_brief(data: dict[str, Any], payloads: list[str]) -> tuple[dict[str, Any], list[str]]:
    """``data`` with hostile text in every free-text field (found from the schema)."""
    schema = json_schema()
    used: list[str] = []
    skip = {"volume", "logo", "$schema"}  # a counted volume and a file path have rules of their own

    def hostile() -> str:
        text = f"{payloads[len(used) % len(payloads)]} #{len(used)}"
        used.append(text)
        return text

    def fill(obj: dict[str, Any], node: dict[str, Any]) -> None:
        for kind, key in _text_fields(schema, node):
            if key in skip:
                continue
            if kind == "one":
                obj[key] = hostile()
            else:
                obj[key] = [hostile() for _ in range(max(1, len(obj.get(key) or [])))]
        for key, prop in node.get("properties", {}).items():
            refs = [o["$ref"] for o in prop.get("anyOf", [prop]) if "$ref" in o]
            items = [
                o["items"]["$ref"]
                for o in prop.get("anyOf", [prop])
                if o.get("type") == "array" and "$ref" in o.get("items", {})
            ]
            if refs:
                sub = schema["$defs"][refs[0].split("/")[-1]]
                child = obj.get(key)
                if child is None:
                    child = obj[key] = {}
                fill(child, sub)
            for ref in items:
                sub = schema["$defs"][ref.split("/")[-1]]
                for child in obj.get(key) or []:
                    fill(child, sub)

    fill(data, schema)
    return data, used


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def test_hostile_text_renders_literally_and_fetches_nothing(
    brief_data: Callable[[str], dict[str, Any]],
    tmp_path: Path,
    canary_server: tuple[int, list[str]],
) -> None:
    port, requests = canary_server
    outside = tmp_path / "outside"
    outside.mkdir()
    canary = outside / "canary.png"
    canary.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    old = time.time() - 3 * 86400
    os.utime(canary, (old, old))
    payloads = [
        f'<img src="http://127.0.0.1:{port}/img.png">',
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/sheet.css">',
        f'<style>@import url("http://127.0.0.1:{port}/import.css");</style>',
        f'<div style="background: url(file://{canary})">x</div>',
        f"file://{canary}",
        f"http://127.0.0.1:{port}/visit",
        '{{ 7 * 7 }} {% include "base.html" %}',
        "</bdi><script>alert(1)</script>",
        '"><svg onload=alert(1)> &amp; &lt;b&gt;',
        f"url(http://127.0.0.1:{port}/css) ; }}}} body {{ display: none }}",
    ]
    data, used = _hostile_brief(brief_data("translation"), payloads)
    assert len(used) > 40  # every free-text field of the brief
    data["client"]["approver"]["name"] = "Jonas\u202eWeber"  # a right-to-left override
    data["client"]["approver"]["role"] = "Editor"
    long_word = "x" * 480
    data["deliverables"][0]["acceptance"] = [long_word]  # a table cell
    used = [text for text in used if text in set(_strings(data))]
    project = tmp_path / "project"
    project.mkdir()
    path = project / "brief.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert run("check", path, "--today", TODAY.isoformat()).exit_code == 0

    renderer = Renderer()
    done = render_brief(path, today=TODAY, renderer=renderer, out_dir=tmp_path / "out", html=True)
    assert requests == []
    assert renderer.refused == []
    assert renderer.warnings == []
    if _atime_is_kept(tmp_path):
        assert canary.stat().st_atime < old + 1, "the canary file was read"

    pdfs = [p for p in done.paths if p.suffix == ".pdf"]
    both = no_space(" ".join(text_of(pdf) for pdf in pdfs))
    for text in used:
        assert no_space(text) in both, text
    assert "49#" not in both  # {{ 7 * 7 }} was not evaluated
    assert long_word in both
    brief_pdf = text_of(pdfs[0])
    assert "Editor" in brief_pdf and "rotidE" not in brief_pdf  # the override stays inside

    for page in (p for p in done.paths if p.suffix == ".html"):
        html = page.read_text("utf-8")
        assert "&lt;script&gt;" in html
        elements = _elements(html)
        assert {tag for tag, _ in elements} <= OUR_TAGS
        for tag, attrs in elements:
            assert "style" not in attrs and "src" not in attrs and "href" not in attrs, tag


OUR_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "div",
    "span",
    "header",
    "section",
    "h1",
    "h2",
    "h3",
    "p",
    "strong",
    "em",
    "ol",
    "ul",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "bdi",
    "br",
    "sup",
    "blockquote",
}


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every element of a page with its attributes, as a browser's parser sees them."""
    from html.parser import HTMLParser

    found: list[tuple[str, dict[str, str | None]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Collect().feed(html)
    return found


# --- formatting ------------------------------------------------------------------------------------


def test_money_is_formatted_by_babel_for_the_currency() -> None:
    assert Formats("en_DE", "EUR", 2).money(Decimal("1071")) == "1.071,00\xa0€"
    assert Formats("en_US", "USD", 2).money(Decimal("1200.5")) == "$1,200.50"
    assert Formats("en_US", "JPY", 0).money(Decimal("180000")) == "¥180,000"
    assert Formats("en", "EUR", 2).money(None) == "not set"


def test_the_locale_follows_the_freelancers_country(
    brief_data: Callable[[str], dict[str, Any]],
) -> None:
    def locale(changes: dict[str, Any]) -> str:
        data = brief_data("logo")
        data["freelancer"].update(changes)
        return locale_for(Brief.model_validate(data))

    assert locale({}) == "en_DE"
    assert locale({"country": "US"}) == "en_US"
    assert locale({"country": "XK", "region": None}) == "en_DE"  # then the client's
    assert Formats("en_US", "USD", 2).day(date(2027, 3, 1)) == "March 1, 2027"
    assert Formats("en_DE", "EUR", 2).day(date(2027, 3, 1)) == "1 March 2027"


def test_long_runs_get_break_opportunities_and_text_is_isolated() -> None:
    assert breakable("short words stay as they are") == "short words stay as they are"
    broken = breakable("a" * 65 + " b")
    assert broken.replace("\u200b", "") == "a" * 65 + " b"
    assert max(len(part) for part in broken.split("\u200b")) <= 30
    assert str(client_text("<b>&")) == "<bdi>&lt;b&gt;&amp;</bdi>"
