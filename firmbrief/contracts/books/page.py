"""The books as one HTML page that opens offline: tables and charts drawn as inline SVG.

The page loads nothing (its Content-Security-Policy forbids every fetch and every script), so a
browser shows it the same with or without a network, and nothing a client wrote can run in it:
every text is escaped. Two charts: the receivables by age, one bar per bucket and currency, and
per project each iteration's planned dates (a light bar) against the actual ones (a dark bar,
running to the day of the report while the work goes on).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from html import escape
from typing import Final

from firmbrief.contracts.books.figures import BUCKETS, Books, IncomeRow, ProjectRow

__all__ = ["page_html"]

_CSS: Final = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:62rem;color:#1d1d1f}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;padding:.2rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
svg text{font:12px system-ui,sans-serif;fill:#1d1d1f}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem}
.muted{color:#666}
"""

_COLOURS: Final = dict(zip(BUCKETS, ("#7aa974", "#e3b448", "#e07a3f", "#c0392b"), strict=True))


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _money(books: Books, amount: Decimal, currency: str) -> str:
    return _e(books.money(amount, currency))


def _age_chart(books: Books) -> str:
    """Receivables by age: per currency, one horizontal bar per bucket."""
    rows = [(cur, b, v) for cur, t in sorted(books.receivable_totals.items()) for b, v in t.items()]
    if not rows:
        return '<p class="muted">Nothing is owed.</p>'
    top = max((v for *_, v in rows), default=Decimal(0)) or Decimal(1)
    height = 24 * len(rows) + 10
    parts = [f'<svg role="img" aria-label="Receivables by age" width="760" height="{height}" '
             f'viewBox="0 0 760 {height}" id="chart-ages">']  # fmt: skip
    for n, (cur, b, value) in enumerate(rows):
        y = 5 + 24 * n
        width = int(Decimal(420) * value / top) if value > 0 else 0
        parts.append(
            f'<text x="0" y="{y + 14}">{_e(cur)} {_e(b)}</text>'
            f'<rect class="bar" x="150" y="{y}" width="{width}" height="18" '
            f'fill="{_COLOURS[b]}"><title>{_e(b)}: {_money(books, value, cur)}</title></rect>'
            f'<text x="{156 + width}" y="{y + 14}">{_money(books, value, cur)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _timeline(project: ProjectRow, today: date) -> str:
    """Planned against actual, per iteration: a light bar planned, a dark bar actual."""
    days = [
        d
        for it in project.iterations
        for d in (it.planned_start, it.planned_delivery, it.start, it.delivery, it.accepted)
        if d is not None
    ]
    if not days:
        return ""
    first = min(days)
    last = max([*days, min(today, max(days) + timedelta(days=60))])
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return 210 + 530 * (day - first).days / span

    height = 30 * len(project.iterations) + 24
    parts = [
        f'<svg role="img" aria-label="Planned against actual: {_e(project.title)}" '
        f'width="760" height="{height}" viewBox="0 0 760 {height}" class="timeline">'
    ]
    for n, it in enumerate(project.iterations):
        y = 4 + 30 * n
        label = f"{it.number}. {it.name}"
        label = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<text x="0" y="{y + 16}">{_e(label)}<title>{_e(it.name)}</title></text>')
        if it.planned_start and it.planned_delivery:
            a, b = x(it.planned_start), x(it.planned_delivery)
            parts.append(
                f'<rect class="planned" x="{a:.1f}" y="{y}" width="{max(b - a, 2):.1f}" '
                f'height="10" fill="#b9d3ee"><title>planned {it.planned_start.isoformat()} to '
                f"{it.planned_delivery.isoformat()}</title></rect>"
            )
        if it.start:
            end = it.delivery or (today if it.accepted is None else it.accepted)
            a, b = x(it.start), x(max(end, it.start))
            parts.append(
                f'<rect class="actual" x="{a:.1f}" y="{y + 12}" width="{max(b - a, 2):.1f}" '
                f'height="10" fill="#1f4e79"><title>actual {it.start.isoformat()} to '
                f"{end.isoformat()}"
                f"{f', {it.late_days} days late' if it.late_days else ''}</title></rect>"
            )
    if first <= today <= last:
        t = x(today)
        parts.append(
            f'<line class="today" x1="{t:.1f}" x2="{t:.1f}" y1="0" y2="{height - 18}" '
            f'stroke="#c0392b" stroke-dasharray="3 2"><title>today, {today.isoformat()}'
            "</title></line>"
        )
    parts.append(
        f'<text x="210" y="{height - 4}" class="muted">{first.isoformat()}</text>'
        f'<text x="740" y="{height - 4}" text-anchor="end">{last.isoformat()}</text></svg>'
    )
    return "".join(parts)


def _income_row(books: Books, row: IncomeRow) -> str:
    c = row.currency
    return (
        f'<tr><td>{_e(row.period)}</td><td class="n">{_money(books, row.invoiced.net, c)}'
        f'</td><td class="n">{_money(books, row.invoiced.tax, c)}</td>'
        f'<td class="n">{_money(books, row.invoiced.gross, c)}</td>'
        f'<td class="n">{_money(books, row.received.gross, c)}</td></tr>'
    )


def page_html(books: Books) -> str:
    """The whole page."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>Books on {books.today.isoformat()}</title><style>{_CSS}</style></head><body>",
        f"<h1>Books on {books.today.isoformat()}</h1>",
        f'<p class="muted">Income: {_e(books.period.label)}. {len(books.projects)} projects'
        f"{f', {len(books.skipped)} skipped' if books.skipped else ''}.</p>",
        "<h2>Receivables by age</h2>",
        _age_chart(books),
        '<p class="legend">' + "".join(
            f'<span style="background:{c}"></span>{_e(b)}' for b, c in _COLOURS.items()
        ) + "</p>",
        '<table id="receivables"><tr><th>Due</th><th>Client</th><th>Project</th><th>What</th>'
        '<th>Invoice</th><th class="n">Days past due</th><th class="n">Outstanding</th></tr>',
    ]
    for r in books.receivables:
        out.append(
            f"<tr><td>{r.due.isoformat()}</td><td>{_e(r.client)}</td><td>{_e(r.title)}</td>"
            f"<td>{_e(r.what)}</td><td>{_e(r.invoice or '-')}</td>"
            f'<td class="n">{max(r.age, 0)}</td>'
            f'<td class="n">{_money(books, r.outstanding, r.currency)}</td></tr>'
        )
    out.append("</table><h2>Income</h2>")
    out.append(
        '<table id="income"><tr><th>Period</th><th class="n">Invoiced net</th>'
        '<th class="n">Tax</th><th class="n">Gross</th><th class="n">Received</th></tr>'
    )
    for level, rows in (("Months", books.months), ("Quarters", books.quarters),
                        ("Years", books.years)):  # fmt: skip
        if rows:
            out.append(f'<tr><th colspan="5">{level}</th></tr>')
        out += [_income_row(books, row) for row in rows]
    out.append("</table><h2>Clients</h2><table id=\"clients\"><tr><th>Client</th>"
               '<th class="n">Projects</th><th class="n">Paid late</th>'
               '<th class="n">Median days late</th><th class="n">Materials late</th>'
               '<th class="n">Rounds used / included</th></tr>')  # fmt: skip
    for cl in books.clients:
        late = "-" if cl.median_days_late is None else f"{cl.median_days_late:g}"
        out.append(
            f'<tr><td>{_e(cl.name)}</td><td class="n">{cl.projects}</td>'
            f'<td class="n">{cl.paid_late} of {cl.payments}</td><td class="n">{late}</td>'
            f'<td class="n">{cl.materials_late_projects} of {cl.projects_with_materials}</td>'
            f'<td class="n">{cl.rounds_used} / {cl.rounds_included}</td></tr>'
        )
    out.append("</table><h2>Projects, planned against actual</h2>")
    out.append(
        '<p class="legend"><span style="background:#b9d3ee"></span>planned'
        '<span style="background:#1f4e79"></span>actual (to today while under way)'
        '<span style="background:#c0392b;height:2px"></span>today</p>'
    )
    for p in books.projects:
        out.append(
            f'<h3>{_e(p.title)} <span class="muted">({_e(p.client)}; {_e(p.file)})</span></h3>'
        )
        out.append(_timeline(p, books.today))
    if books.skipped:
        out.append("<h2>Skipped</h2><ul>")
        out += [f"<li>{_e(s.file)}: {_e(s.reason)}</li>" for s in books.skipped]
        out.append("</ul>")
    out.append("</body></html>\n")
    return "\n".join(out)
