"""Is the project ready to start? Every rule ``firmbrief check`` applies, run in one place.

The rules live in :mod:`firmbrief.briefs.rules`, one module per concern; each takes the
:class:`~firmbrief.briefs.rules.Context` and yields findings. Errors block the start of work;
warnings are worth a word with the client but do not block. Every rule runs, so every problem is
listed at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Final

from firmbrief.briefs.loading import Parsed, parse_brief, read_with_profile
from firmbrief.briefs.report import Report
from firmbrief.briefs.rules import Context, Rule
from firmbrief.briefs.rules.business import check_tax_numbers
from firmbrief.briefs.rules.content import check_deliverables, check_goals, check_parties
from firmbrief.briefs.rules.criteria import check_criteria
from firmbrief.briefs.rules.dates import check_dates
from firmbrief.briefs.rules.law import check_law, check_source_formats
from firmbrief.briefs.rules.money import check_instalments, check_money
from firmbrief.briefs.rules.places import check_places
from firmbrief.briefs.rules.schedule import check_iterations, check_materials, check_schedule
from firmbrief.briefs.rules.terms import check_terms
from firmbrief.briefs.schema import Brief
from firmbrief.briefs.workdays import WorkCalendar

__all__ = ["RULES", "assess", "check_file"]

RULES: Final[tuple[Rule, ...]] = (
    check_places,
    check_dates,
    check_parties,
    check_tax_numbers,
    check_goals,
    check_deliverables,
    check_criteria,
    check_iterations,
    check_schedule,
    check_materials,
    check_money,
    check_instalments,
    check_terms,
    check_law,
    check_source_formats,
)
"""Every rule, in the order their findings are listed."""


def check_file(path: Path, *, today: date) -> Report:
    """Read ``path`` (with the business profile that applies to it) and assess it;
    :class:`~firmbrief.errors.BriefUnreadable` if unusable."""
    return assess(parse_brief(read_with_profile(path)), file=str(path), today=today)


def assess(parsed: Parsed | Brief, *, file: str, today: date) -> Report:
    """Apply every rule; a problem with a value set aside by the schema is not repeated."""
    if isinstance(parsed, Brief):
        parsed = Parsed(brief=parsed)
    report = Report(file=file, findings=list(parsed.findings))
    brief = parsed.brief
    if brief is None:
        return report
    context = Context(
        brief=brief,
        today=today,
        calendar=WorkCalendar(brief.freelancer.country, brief.freelancer.region),
    )
    for rule in RULES:
        for finding in rule(context):
            if not parsed.concerns_set_aside(finding.loc):
                report.findings.append(finding)
    return report
