"""The invoice register for the accountant: every invoice and credit note of the business, with
number, dates, client, net, tax by rate, gross and what was paid.

The register holds what each document said; what was paid comes from the record of the
project each invoice belongs to (its instalment's money received, as ``status`` shows it). A
project whose brief cannot be read any more (moved, deleted) leaves ``paid`` empty, never a
guess. A credit note, and an invoice a credit note cancelled, are paid nothing: the money
counts against the invoice that replaced it.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from firmbrief.briefs.money import amount_text
from firmbrief.contracts.books.output import safe_cell
from firmbrief.errors import FirmbriefError

__all__ = ["COLUMNS", "export_csv", "export_rows"]

COLUMNS: Final = (
    "number", "kind", "issued", "due", "client", "client_tax_id", "project", "instalment",
    "credits", "currency", "rate", "net", "tax", "gross", "paid",
)  # fmt: skip


def export_rows(register: Path, *, year: int | None, today: date) -> list[dict[str, Any]]:
    """Every document in ``register`` (of ``year``, when given), in number order."""
    from firmbrief.contracts.invoices.register import Register

    entries = Register(register).entries()
    cancelled = {e.credits for e in entries if e.kind == "credit_note" and e.credits}
    paid = _paid(register, {e.project for e in entries}, today)
    rows: list[dict[str, Any]] = []
    for e in entries:
        if year is not None and e.issued.year != year:
            continue
        data = e.data if isinstance(e.data, dict) else {}
        found = data.get("buyer")
        buyer: dict[str, Any] = found if isinstance(found, dict) else {}
        digits = int(data.get("digits", 2))
        received = paid.get(e.number)
        if e.kind == "credit_note" or e.number in cancelled:
            received = "0"
        rows.append(
            {
                "number": e.number,
                "kind": "credit note" if e.kind == "credit_note" else "invoice",
                "issued": e.issued.isoformat(),
                "due": e.due.isoformat() if e.due else "",
                "client": str(buyer.get("display") or buyer.get("company") or ""),
                "client_tax_id": str(buyer.get("tax_id") or ""),
                "project": str(data.get("project") or ""),
                "instalment": e.instalment,
                "credits": e.credits or "",
                "currency": e.currency,
                "rate": str(data.get("rate") or "0"),
                "net": e.net,
                "tax": e.tax,
                "gross": e.gross,
                "paid": "" if received is None else amount_text(Decimal(received), digits),
            }
        )
    return sorted(rows, key=lambda r: (r["issued"], r["number"]))


def _paid(register: Path, projects: set[str], today: date) -> dict[str, str]:
    """Per invoice number: gross received for it so far, from the records of the projects the
    register names and of those below the register's folder (a project folder moved or renamed
    within the business's folder is still found: numbers are the business's, not a path's)."""
    from firmbrief.contracts.books.gather import find_projects
    from firmbrief.contracts.record.replay import project_at

    briefs = {Path(p) for p in projects if Path(p).is_file()}
    briefs.update(p.resolve() for p in find_projects([register.resolve().parent], depth=2))
    found: dict[str, str] = {}
    for brief in sorted(briefs):
        try:
            project = project_at(brief, today)
        except (FirmbriefError, OSError):
            continue
        for instalment in project.instalments:
            if instalment.invoice is not None:
                found.setdefault(instalment.invoice.number, str(instalment.received))
    return found


def export_csv(rows: list[dict[str, Any]]) -> str:
    """The rows as CSV, a header first."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue()
