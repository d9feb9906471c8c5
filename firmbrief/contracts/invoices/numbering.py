"""Where a business's invoices are numbered, and the checks made before a number is taken.

One register per business: the one ``firmbrief.toml`` names (:func:`register_of`); a brief
with no profile is not invoiced, so two folders never each start their own register at 0001.
A register that lacks a number the records beside it hold (lost, emptied or re-created) is
refused with the last number known (:func:`check_books`); a register belongs to one seller
(:func:`check_seller`). An invoice is dated within the planning years and, unless confirmed,
not after today (:func:`check_day`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final

from firmbrief.briefs.dates import FIRST_YEAR, LAST_YEAR, format_long
from firmbrief.briefs.profile import profile_for
from firmbrief.contracts.invoices.register import RegisterProblem, Transaction, seller_key
from firmbrief.errors import BriefUnreadable, NotReady

if TYPE_CHECKING:
    from firmbrief.contracts.invoices.data import InvoiceData

__all__ = [
    "Numbering",
    "check_books",
    "check_day",
    "check_seller",
    "file_name",
    "register_of",
]

_RECORD_BYTES: Final = 32 * 1024 * 1024
"""A record read for the numbers it holds is read this far at most (a real one is far smaller)."""


@dataclass(frozen=True, slots=True)
class Numbering:
    """Where a brief's invoices are registered and how they are numbered, and the folders whose
    records hold the business's invoices."""

    register: Path
    number_format: str
    folders: tuple[Path, ...]

    def series(self, day: date) -> str:
        """The series ``day``'s invoice is numbered in: its year when the format shows it."""
        return str(day.year) if "{year" in self.number_format else ""

    def number(self, day: date, seq: int) -> str:
        return self.number_format.format(year=day.year, seq=seq)


def register_of(brief_path: Path) -> Numbering:
    """The register and number format of the business the brief belongs to: from the
    ``firmbrief.toml`` that applies to it; refused without one."""
    profile = profile_for(brief_path)
    if profile is None:
        raise NotReady(
            "no firmbrief.toml applies to this brief: invoices are numbered in your business's "
            "one register, which firmbrief.toml names; write a firmbrief.toml beside your "
            "briefs (see examples/business/firmbrief.toml)",
            file=str(brief_path),
        )
    folders = dict.fromkeys((brief_path.resolve().parent, profile.path.resolve().parent))
    return Numbering(profile.register_path, profile.number_format, tuple(folders))


def file_name(brief_path: Path, invoice: InvoiceData) -> Path:
    word = "credit-note" if invoice.credit_note else "invoice"
    safe = re.sub(r"[^A-Za-z0-9._-]", "-", invoice.number)
    return brief_path.parent / f"{brief_path.stem}-{word}-{safe}.pdf"


def _numbers_in(record: Path) -> list[tuple[str, date]]:
    """The invoice and credit note numbers a record holds, with their dates (unreadable lines
    are the record's own business: they are refused when it is read)."""
    found = []
    try:
        with record.open("rb") as handle:
            text = handle.read(_RECORD_BYTES)
    except OSError:
        return []
    for line in text.splitlines():
        if b'"invoiced"' not in line and b'"credited"' not in line:
            continue
        try:
            event = json.loads(line)
            found.append((str(event["number"]), date.fromisoformat(event["date"])))
        except (ValueError, KeyError, TypeError):
            continue
    return found


def check_books(register: Transaction, numbering: Numbering, series: str) -> None:
    """Refuse a register that lacks a number of ``series`` the business's records hold: it was
    lost, emptied or re-created, and numbering the series again from it would give numbers
    twice. (A register begun for a new year need not hold the years before.)"""
    missing: list[tuple[date, str, Path]] = []
    for folder in numbering.folders:
        try:
            records = sorted(folder.glob("*.log.jsonl"))
        except OSError:
            continue
        for record in records:
            for number, day in _numbers_in(record):
                if numbering.series(day) == series and register.find(number) is None:
                    missing.append((day, number, record))
    if missing:
        day, number, record = max(missing)
        raise RegisterProblem(
            f"lacks invoice {number} of {format_long(day)} (in {record.name}), the last number "
            "the records beside it hold: it was lost, emptied or re-created. Restore it from "
            "your backup; nothing was written",
            file=str(register.path),
        )


def check_seller(register: Transaction, seller: dict[str, object], brief_path: Path) -> str:
    """Refuse a register that belongs to another seller; the seller's key, to note in it."""
    mine = seller_key(seller)
    theirs = register.seller()
    if theirs is not None and theirs != mine:
        raise RegisterProblem(
            f"belongs to another business (tax number or name {theirs[:40]}), not to "
            f"{mine[:40]} of {brief_path.name}: each business numbers its invoices in its own "
            "register (firmbrief.toml, [invoices] register); nothing was written",
            file=str(register.path),
        )
    return mine


def check_day(day: date, due: date | None, *, today: date, future: bool, path: Path) -> None:
    """Refuse an invoice dated after ``today`` unless ``future`` confirms it, and one whose
    dates leave the planning years."""
    for what, value in (("dated", day), ("due", due)):
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise BriefUnreadable(
                f"an invoice {what} {value.isoformat()} is outside the years a project can plan "
                f"in ({FIRST_YEAR} to {LAST_YEAR}): choose an earlier date; nothing was written",
                file=str(path),
                field="--date",
            )
    if day > today and not future:
        raise NotReady(
            f"an invoice dated {format_long(day)} is dated after today ({format_long(today)}, "
            "or the record's last day), and no invoice of its series could be dated before it "
            "until then: date it today, or confirm the date with --future",
            file=str(path),
            field="--date",
        )
