"""What the import report says to do next: what to ask the client, and what is yours to fill.

Each finding of ``check`` goes to whoever answers the field it is about: the client's questions
(``x-asked-of: client``: dates, volumes, goals, who approves) are for the client; the rest
(prices, tax, payment terms, the ids that tie stages to deliverables) are the freelancer's.
A finding about a part of the brief (``client``, ``tax``) goes with the questions in it.
"""

from __future__ import annotations

from firmbrief.briefs.fields import Loc
from firmbrief.briefs.report import Finding, Report
from firmbrief.intake.questions import Audience, question_at, questions

__all__ = ["answered_by", "next_steps"]


def answered_by(loc: Loc) -> Audience:
    """Who answers the field at ``loc``: ``client`` or ``freelancer``."""
    question = question_at(loc)
    if question is not None:
        return question.asked_of
    template = tuple(-1 if isinstance(part, int) else part for part in loc)
    inside = {q.asked_of for t, q in questions() if t[: len(template)] == template}
    return "client" if inside == {"client"} else "freelancer"


def next_steps(report: Report) -> list[str]:
    """The report in two lists, "Ask the client" and "Yours to fill", after its verdict."""
    ordered = report.errors + report.warnings
    client = [f for f in ordered if f.loc and answered_by(f.loc) == "client"]
    yours = [f for f in ordered if f not in client]
    width = min(max((len(f.field) for f in ordered), default=0), 34)

    def listed(title: str, found: list[Finding]) -> list[str]:
        if not found:
            return []
        lines = [f"{title} ({len(found)}):"]
        for finding in found:
            where = finding.field or "(brief)"
            lines.append(f"  {finding.severity:<7} {where:<{width}}  {finding.message}")
        return lines

    return [
        report.summary(),
        *listed("Ask the client", client),
        *listed("Yours to fill", yours),
    ]
