"""The table of date spellings (tests/data/date_spellings.tsv), shared by every date test."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

TABLE = Path(__file__).resolve().parent / "data" / "date_spellings.tsv"


class Spelling(NamedTuple):
    text: str
    order: str | None  # "DMY", "MDY" or None
    expected: str  # an ISO date, or the kind of refusal


def spellings() -> list[Spelling]:
    rows = []
    for line in TABLE.read_text("utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("text\t"):
            continue
        text, order, expected = line.split("\t")
        rows.append(Spelling(text, None if order == "-" else order, expected))
    return rows
