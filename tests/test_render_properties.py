"""Any text in any text field renders, escaped, and reads back from the PDF as it was written."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from firmbrief.briefs.files import read_data
from firmbrief.contracts.render import render_brief
from firmbrief.pdf import Renderer

from conftest import EXAMPLES, TODAY

# The scripts the bundled fonts (Noto Sans and Serif) cover: Latin, Greek and Cyrillic.
COVERED = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs"),
    include_characters="<>&\"'{}%#/\\",
).filter(lambda c: c < "\u0250" or "\u0370" <= c <= "\u03ff" or "\u0400" <= c <= "\u04ff")
TEXT = st.text(COVERED, min_size=1, max_size=150).filter(lambda s: s.strip())
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=150)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u200b", "")).strip()


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def _render(
    tmp: Path, renderer: Renderer, changes: dict[str, Any], *, uncovered: bool = False
) -> str:
    """The PDF text of the example brief with ``changes``; ``uncovered``: characters no font
    has may be drawn as a box (WeasyPrint says so), nothing else may go wrong."""
    data = read_data(EXAMPLES / "logo.yaml")
    data.update(changes)
    brief = tmp / "brief.yaml"
    brief.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    done = render_brief(brief, today=TODAY, renderer=renderer, out_dir=tmp, what=("brief",))
    assert not done.refused
    allowed = ".notdef glyph rendered for Unicode string unsupported by fonts"
    assert all(uncovered and w.startswith(allowed) for w in done.warnings), done.warnings
    text = subprocess.run(
        ["pdftotext", "-nopgbrk", str(next(tmp.glob("*-brief.pdf"))), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return _normal(text)


SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.slow
@SETTINGS
@given(TEXT)
def test_text_in_the_fonts_scripts_reads_back_from_the_pdf(
    tmp_path: Path, renderer: Renderer, text: str
) -> None:
    summary = _render(tmp_path, renderer, {"summary": text})
    assert _normal(text) in summary


@pytest.mark.slow
@SETTINGS
@given(ANY_TEXT, ANY_TEXT)
def test_any_text_in_text_fields_renders_without_error(
    tmp_path: Path, renderer: Renderer, title: str, goal: str
) -> None:
    if not title.strip() or not goal.strip():
        return
    _render(
        tmp_path,
        renderer,
        {"title": title.strip()[:200], "goals": [goal.strip()[:500]]},
        uncovered=True,
    )
