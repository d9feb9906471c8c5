"""The books as text for people, JSON for scripts and CSV for a spreadsheet or an accountant.

JSON carries ``"version": 1``; amounts are decimal strings with the currency's digits, dates
ISO days. CSV is one table at a time (:data:`TABLES`), with a header row, amounts as decimal
strings and a ``currency`` column, so that a spreadsheet never adds two currencies.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any, Final

from firmbrief.briefs.dates import format_long
from firmbrief.briefs.money import NOTHING, Amounts, amount_text
from firmbrief.contracts.books.figures import BUCKETS, Books, ClientRow, IncomeRow, ProjectRow
from firmbrief.interface import JSON_VERSION

__all__ = ["TABLES", "as_csv", "as_json", "format_text", "safe_cell"]

TABLES: Final = ("receivables", "income", "clients", "projects")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _rate(rate: Decimal) -> str:
    return format(rate.normalize(), "f")


def _amounts(amounts: Amounts, digits: int) -> dict[str, str]:
    return {
        "net": amount_text(amounts.net, digits),
        "tax": amount_text(amounts.tax, digits),
        "gross": amount_text(amounts.gross, digits),
    }


def _by_rate(parts: dict[Decimal, Amounts], digits: int) -> list[dict[str, str]]:
    return [{"rate": _rate(rate), **_amounts(a, digits)} for rate, a in sorted(parts.items())]


def _income_json(row: IncomeRow) -> dict[str, Any]:
    d = row.digits
    return {
        "period": row.period,
        "currency": row.currency,
        "invoiced": _amounts(row.invoiced, d),
        "invoiced_by_rate": _by_rate(row.invoiced_by_rate, d),
        "credited": _amounts(row.credited, d),
        "received": _amounts(row.received, d),
        "received_by_rate": _by_rate(row.received_by_rate, d),
    }


def _client_json(c: ClientRow, digits: dict[str, int]) -> dict[str, Any]:
    return {
        "client": c.name,
        "key": c.key,
        "projects": c.projects,
        "payments": c.payments,
        "paid_late": c.paid_late,
        "median_days_to_pay": c.median_days_to_pay,
        "worst_days_to_pay": c.worst_days_to_pay,
        "median_days_late": c.median_days_late,
        "materials_late_projects": c.materials_late_projects,
        "projects_with_materials": c.projects_with_materials,
        "reviews": c.reviews,
        "reviews_late": c.reviews_late,
        "rounds_used": c.rounds_used,
        "rounds_included": c.rounds_included,
        "changes": c.changes,
        "changes_value": {
            cur: amount_text(v, digits.get(cur, 2)) for cur, v in sorted(c.changes_value.items())
        },
    }


def _project_json(p: ProjectRow) -> dict[str, Any]:
    return {
        "file": p.file,
        "title": p.title,
        "client": p.client,
        "currency": p.currency,
        "signed": _iso(p.signed),
        "cancelled": _iso(p.cancelled),
        "finished": _iso(p.finished),
        "late_days": p.late_days,
        "rounds_used": p.rounds_used,
        "rounds_included": p.rounds_included,
        "billed_beyond": amount_text(p.billed_beyond, p.digits),
        "outstanding": amount_text(p.outstanding, p.digits),
        "iterations": [
            {
                "number": it.number,
                "name": it.name,
                "planned_start": _iso(it.planned_start),
                "start": _iso(it.start),
                "planned_delivery": _iso(it.planned_delivery),
                "delivery": _iso(it.delivery),
                "accepted": _iso(it.accepted),
                "late_days": it.late_days,
                "whose": list(it.whose),
                "rounds_used": it.rounds_used,
                "rounds_included": it.rounds_included,
            }
            for it in p.iterations
        ],
    }


def as_json(books: Books) -> dict[str, Any]:
    """The books for scripts."""
    return {
        "version": JSON_VERSION,
        "today": books.today.isoformat(),
        "period": {
            "from": _iso(books.period.start),
            "to": _iso(books.period.end),
            "label": books.period.label,
        },
        "receivables": [
            {
                "client": r.client,
                "file": r.file,
                "project": r.title,
                "what": r.what,
                "invoice": r.invoice,
                "due": r.due.isoformat(),
                "days_past_due": max(r.age, 0),
                "bucket": r.bucket,
                "outstanding": amount_text(r.outstanding, r.digits),
                "currency": r.currency,
            }
            for r in books.receivables
        ],
        "receivable_totals": {
            cur: {b: books.data(v, cur) for b, v in row.items()}
            for cur, row in sorted(books.receivable_totals.items())
        },
        "income": {
            "months": [_income_json(r) for r in books.months],
            "quarters": [_income_json(r) for r in books.quarters],
            "years": [_income_json(r) for r in books.years],
        },
        "clients": [_client_json(c, books.digits) for c in books.clients],
        "projects": [_project_json(p) for p in books.projects],
        "skipped": [{"file": s.file, "reason": s.reason} for s in books.skipped],
    }


# --- CSV --------------------------------------------------------------------------------------


def _csv_rows(books: Books, table: str) -> tuple[list[str], list[list[Any]]]:
    if table == "receivables":
        head = ["client", "project", "file", "what", "invoice", "due", "days_past_due",
                "bucket", "currency", "outstanding"]  # fmt: skip
        return head, [
            [r.client, r.title, r.file, r.what, r.invoice or "", r.due.isoformat(),
             max(r.age, 0), r.bucket, r.currency, amount_text(r.outstanding, r.digits)]
            for r in books.receivables
        ]  # fmt: skip
    if table == "income":
        head = ["period", "currency", "rate", "invoiced_net", "invoiced_tax", "invoiced_gross",
                "received_net", "received_tax", "received_gross"]  # fmt: skip
        rows: list[list[Any]] = []
        for level in (books.months, books.quarters, books.years):
            for row in level:
                for rate in sorted(set(row.invoiced_by_rate) | set(row.received_by_rate)):
                    inv = row.invoiced_by_rate.get(rate, NOTHING)
                    rec = row.received_by_rate.get(rate, NOTHING)
                    rows.append(
                        [row.period, row.currency, _rate(rate)]
                        + [amount_text(v, row.digits) for v in (inv.net, inv.tax, inv.gross)]
                        + [amount_text(v, row.digits) for v in (rec.net, rec.tax, rec.gross)]
                    )
        return head, rows
    if table == "clients":
        data = [_client_json(c, books.digits) for c in books.clients]
        head = [k for k in (data[0] if data else _client_json(_EMPTY, {})) if k != "changes_value"]
        return head, [[row[k] if row[k] is not None else "" for k in head] for row in data]
    head = ["file", "project", "client", "iteration", "name", "planned_start", "start",
            "planned_delivery", "delivery", "accepted", "late_days", "whose", "rounds_used",
            "rounds_included"]  # fmt: skip
    return head, [
        [p.file, p.title, p.client, it.number, it.name, _iso(it.planned_start) or "",
         _iso(it.start) or "", _iso(it.planned_delivery) or "", _iso(it.delivery) or "",
         _iso(it.accepted) or "", it.late_days, "; ".join(it.whose), it.rounds_used,
         it.rounds_included]
        for p in books.projects
        for it in p.iterations
    ]  # fmt: skip


_EMPTY: Final = ClientRow("", "", 0, 0, 0, None, None, None, 0, 0, 0, 0, 0, 0, 0, {})


def as_csv(books: Books, table: str) -> str:
    """Table ``table`` (one of :data:`TABLES`) as CSV text."""
    head, rows = _csv_rows(books, table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(head)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as written: text that would start a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            Decimal(value)
        except ArithmeticError:
            return "'" + value
    return value


# --- text -------------------------------------------------------------------------------------


def _days(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g} day" + ("" if value == 1 else "s")


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def format_text(books: Books) -> str:
    """The books for people: receivables, income, clients and projects."""
    out: list[str] = [f"Books on {format_long(books.today)} ({books.period.label})", ""]
    money = books.money
    out.append(f"Receivables ({len(books.receivables)} open)")
    for r in books.receivables:
        age = f"{r.age} days past due" if r.age > 0 else "not due yet"
        ref = f"invoice {r.invoice}" if r.invoice else "not invoiced"
        out.append(
            f"  {r.due.isoformat()}  {money(r.outstanding, r.currency):>16}  {r.client}: "
            f"{r.title}, {r.what} ({ref}; {age})"
        )
    for cur, ages in sorted(books.receivable_totals.items()):
        parts = ", ".join(f"{b} {money(ages[b], cur)}" for b in BUCKETS)
        out.append(f"  total {money(sum(ages.values(), Decimal(0)), cur)}: {parts}")
    out += ["", "Income (invoiced, net of credit notes / received)"]
    for row in books.quarters + books.years:
        cur = row.currency
        out.append(
            f"  {row.period:<8} invoiced {money(row.invoiced.net, cur)} net + "
            f"{money(row.invoiced.tax, cur)} tax = {money(row.invoiced.gross, cur)}; "
            f"received {money(row.received.gross, cur)} (tax {money(row.received.tax, cur)})"
        )
    out += ["", "Clients"]
    for c in books.clients:
        late = f" (median {_days(c.median_days_late)} late)" if c.median_days_late else ""
        to_pay = (
            f"; invoice to payment: median {_days(c.median_days_to_pay)}, worst "
            f"{_days(c.worst_days_to_pay)}"
            if c.median_days_to_pay is not None
            else ""
        )
        out.append(
            f"  {c.name}: {_count(c.projects, 'project')}; {c.paid_late} of "
            f"{_count(c.payments, 'payment')} late{late}{to_pay}; materials late in "
            f"{c.materials_late_projects} of {_count(c.projects_with_materials, 'project')}; "
            f"reviews late {c.reviews_late} of {c.reviews}; revision rounds {c.rounds_used} of "
            f"{c.rounds_included} used; {_count(c.changes, 'change request')}"
        )
    out += ["", "Projects, planned against actual"]
    for p in books.projects:
        state = (
            f"cancelled {p.cancelled.isoformat()}" if p.cancelled
            else f"finished {p.finished.isoformat()}" if p.finished else "running"
        )  # fmt: skip
        out.append(f"  {p.title} ({p.client}; {p.file}): {state}")
        for it in p.iterations:
            whose = f" ({', '.join(it.whose)})" if it.whose else ""
            out.append(
                f"    {it.number}. {it.name}: delivery planned {_iso(it.planned_delivery) or '-'}"
                f", actual {_iso(it.delivery) or '-'}, accepted {_iso(it.accepted) or '-'}; "
                f"{it.late_days} days late{whose}; rounds {it.rounds_used} of "
                f"{it.rounds_included}"
            )
    if books.skipped:
        out += ["", f"Skipped ({len(books.skipped)})"]
        out += [f"  {s.file}: {s.reason}" for s in books.skipped]
    return "\n".join(out) + "\n"
