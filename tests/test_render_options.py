"""firmbrief render's options: paper, PDF/A, HTML, your own templates, branding, and writing
safely."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml

from firmbrief import templates
from firmbrief.briefs.canonical import canonical_json
from firmbrief.briefs.loading import load_brief_file
from firmbrief.contracts.render import render_brief
from firmbrief.pdf import Renderer

from conftest import EXAMPLES, TODAY, in_language, run
from pdf_support import (
    A4,
    LETTER,
    Rendered,
    text_of,
)

pytestmark = pytest.mark.slow


# --- options ------------------------------------------------------------------------------------


def _page_size(pdf: Path) -> tuple[float, float]:
    box = pypdf.PdfReader(pdf).pages[0].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def test_paper_from_the_client_by_default_and_as_requested(
    rendered: dict[str, Rendered], tmp_path: Path
) -> None:
    assert _page_size(rendered["website"].pdfs["terms"]) == LETTER  # a client in the US
    assert _page_size(rendered["logo"].pdfs["terms"]) == A4  # a client in Germany
    result = run(
        "render",
        EXAMPLES / "logo.yaml",
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
    reader = pypdf.PdfReader(tmp_path / "logo-terms.pdf")
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
        in_language(EXAMPLES / "logo.yaml", tmp_path / "en"),  # the English clauses replaced
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
    for folder in ("clauses", "clauses/de"):  # the logo's terms are German, run as a user runs it
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "communication.html").write_text(
            '<p>In writing.</p><img src="file:///etc/hostname"><img src="http://127.0.0.1:9/x.png">',
            "utf-8",
        )
    (tmp_path / "documents.css").write_text(
        (templates.folder() / "documents.css").read_text("utf-8") + "\np { text-glow: 2px; }\n",
        "utf-8",
    )
    # in a process of its own: what WeasyPrint says of a stylesheet does not depend on what
    # the tests before it rendered in this one
    result = subprocess.run(
        [sys.executable, "-m", "firmbrief", "render", str(EXAMPLES / "logo.yaml"), "-o",
         str(tmp_path / "out"), "--templates", str(tmp_path), "-w", "terms", "--today",
         TODAY.isoformat()],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
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
    assert result.stderr.startswith(f"error: {tmp_path / 'terms.html'}: line 1: ")
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
