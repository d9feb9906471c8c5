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

__all__ = ["CLAUSES", "Clause", "clause", "clauses_for"]

CLAUSES: Final = (
    ("scope", "Scope and deliverables"),
    ("schedule", "Schedule"),
    ("drafts", "Drafts"),
    ("revisions", "Revision rounds"),
    ("changes", "Changes of scope"),
    ("materials", "Client materials"),
    ("review", "Review and acceptance"),
    ("payment", "Payment"),
    ("previews", "Previews"),
    ("source", "Source and working files"),
    ("rights", "Rights in the work"),
    ("test_task", "Test tasks"),
    ("late_payment", "Late payment"),
    ("delays", "Delays"),
    ("cancellation", "Ending the agreement"),
    ("withdrawal", "The consumer’s right of withdrawal"),
    ("third_party", "Third-party costs"),
    ("warranties", "Promises both sides make"),
    ("liability", "Limitation of liability"),
    ("confidentiality", "Confidentiality"),
    ("contractor", "Independent contractor"),
    ("force_majeure", "Illness and force majeure"),
    ("communication", "Communication and notices"),
    ("law", "Governing law and courts"),
    ("entire", "Entire agreement"),
    ("severability", "Severability"),
    ("authority", "Authority to sign"),
)
"""Every clause firmbrief writes, by id and title, in document order."""


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
