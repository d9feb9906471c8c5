"""Reading rendered PDFs back as a client's tools read them: text per page (pdftotext), sizes."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from firmbrief.briefs.schema import Brief

from conftest import READY_EXAMPLES

DRAFT = "DRAFT — not ready to sign"
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
EXAMPLE_NAMES = [p.stem for p in READY_EXAMPLES]


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
    """An example brief and the PDFs rendered from it, by kind ("brief", "terms")."""

    brief: Brief
    path: Path
    pdfs: dict[str, Path]
