"""The clauses of the terms of work, in order, numbered for one brief.

The terms document prints them in this order with these numbers, and every notice cites them by
number ("clause 8 (Payment)" in a brief without a test task), so both come from
:func:`clauses_for`. A clause that does not
apply to a brief (no test task; the right of withdrawal for a business client) is left out and
the numbers close up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from firmbrief.briefs.schema import Brief
from firmbrief.templates.translations import N_

__all__ = ["CLAUSES", "Clause", "clause", "clauses_for"]


CLAUSES: Final = (
    ("scope", N_("Scope and deliverables")),
    ("schedule", N_("Schedule")),
    ("drafts", N_("Drafts")),
    ("revisions", N_("Revision rounds")),
    ("changes", N_("Changes of scope")),
    ("materials", N_("Client materials")),
    ("review", N_("Review and acceptance")),
    ("payment", N_("Payment")),
    ("previews", N_("Previews")),
    ("source", N_("Source and working files")),
    ("rights", N_("Rights in the work")),
    ("test_task", N_("Test tasks")),
    ("late_payment", N_("Late payment")),
    ("delays", N_("Delays")),
    ("cancellation", N_("Ending the agreement")),
    ("withdrawal", N_("The consumer’s right of withdrawal")),
    ("third_party", N_("Third-party costs")),
    ("warranties", N_("Promises both sides make")),
    ("liability", N_("Limitation of liability")),
    ("confidentiality", N_("Confidentiality")),
    ("contractor", N_("Independent contractor")),
    ("force_majeure", N_("Illness and force majeure")),
    ("communication", N_("Communication and notices")),
    ("law", N_("Governing law and courts")),
    ("entire", N_("Entire agreement")),
    ("severability", N_("Severability")),
    ("authority", N_("Authority to sign")),
)
"""Every clause firmbrief writes, by id and its English title (the catalogues translate it), in
document order."""


@dataclass(frozen=True, slots=True)
class Clause:
    id: str
    number: int
    title: str

    def __str__(self) -> str:
        return f"clause {self.number} ({self.title})"


def clauses_for(brief: Brief) -> list[Clause]:
    """The clauses of ``brief``'s terms, numbered from 1."""
    left_out = {"test_task": not brief.test_task, "withdrawal": brief.client.kind != "consumer"}
    ids = [(key, title) for key, title in CLAUSES if not left_out.get(key)]
    return [Clause(key, number, title) for number, (key, title) in enumerate(ids, start=1)]


def clause(brief: Brief, key: str) -> Clause:
    """The clause ``key`` of ``brief``'s terms (KeyError if it has none such)."""
    for item in clauses_for(brief):
        if item.id == key:
            return item
    raise KeyError(key)
