"""Answers back in: from a filled PDF form, the questionnaire page's saved file, or YAML/JSON.

The format is told by the content, not the name: a PDF by its ``%PDF-`` header, the page's file
by its marker (``"format": "firmbrief-answers"``), anything else is read as YAML or JSON in the
shape of a brief. Every returned file is untrusted: its size is bounded, pypdf's own errors
(malformed files, reference cycles, fields of the wrong type) become one line naming the file
and the field, and every answer is validated by the brief's schema
(:func:`~firmbrief.briefs.loading.parse_brief`) before it is merged.

Whose file it is decides what it may set. A client's file (the default), whether a PDF form,
the page's file or YAML/JSON, answers the client's questions (``x-asked-of: client``) only: a
file that sets anything else (the payment terms, a cancellation fee, a price, a field the brief
does not have) is refused whole, with the list, so the client cannot set the freelancer's
terms. The freelancer's own file (``--own``) may fill any field.

The merge rule, for an existing brief given with ``--into``:

* an answer to one of the client's questions fills or replaces the brief's value; a blank
  answer changes nothing;
* from the freelancer's own file, an answer to any other field fills it only where the brief
  has no value: what the freelancer already wrote is kept;
* rows of a repeatable block (deliverables, materials, iterations) that were pre-filled from the
  brief stay matched to the brief's items; new rows are added after them, blank rows skipped;
* an answer the schema refuses (a word where a number belongs, text over its length cap) is left
  out and listed with the reason; a date that is not firm is kept as written and reported by
  ``check``, so the freelancer knows what to ask the client;
* when the answers read all-numeric dates in another order (``date_order``) than the brief,
  the brief's order stays (its own dates keep their meaning) and the answers' all-numeric dates
  are written year-month-day.

Answers are read by :mod:`firmbrief.intake.answers`, merged by :mod:`firmbrief.intake.merge`,
and the brief is written by :mod:`firmbrief.briefs.writer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from firmbrief.briefs.files import dotted, read_data
from firmbrief.briefs.loading import parse_brief
from firmbrief.briefs.readiness import assess
from firmbrief.briefs.report import Report
from firmbrief.briefs.writer import leading_comments, write_brief
from firmbrief.errors import OutputError
from firmbrief.intake.answers import Answers, read_answers
from firmbrief.intake.merge import Merged, merge

__all__ = ["Imported", "answers_locale", "import_answers"]


@dataclass
class Imported:
    """What ``intake import`` did: the brief written, and what ``check`` says of it."""

    output: Path
    answers: Answers
    merged: Merged
    report: Report

    def summary(self) -> list[str]:
        """Lines for the freelancer: what came in, what was left out or ignored."""
        taken = len(self.merged.taken)
        said = f"{taken} answer{'s' if taken != 1 else ''} from {self.answers.source}"
        notes = []
        if self.merged.kept:
            notes.append(f"{len(self.merged.kept)} of your values kept")
        if self.merged.left_out:
            notes.append(f"{len(self.merged.left_out)} left out")
        if self.answers.ignored:
            notes.append(f"{len(self.answers.ignored)} ignored")
        lines = [f"wrote {self.output}: {said}" + (f" ({', '.join(notes)})" if notes else "")]
        if self.merged.taken and self.answers.from_client:
            fields = sorted(dotted(loc) for loc in self.merged.taken)
            more = f" and {len(fields) - 12} more" if len(fields) > 12 else ""
            lines.append(f"  from the client: {', '.join(fields[:12])}{more}")
        width = min(max((len(f.field) for f in self.merged.left_out), default=0), 34)
        for finding in self.merged.left_out:
            lines.append(f"  left out  {finding.field:<{width}}  {finding.message}")
        for note in self.merged.notes:
            lines.append(f"  note      {note}")
        for note in self.answers.ignored[:20]:
            lines.append(f"  ignored   {note}")
        if len(self.answers.ignored) > 20:
            lines.append(f"  ignored   ... and {len(self.answers.ignored) - 20} more")
        return lines


def import_answers(
    source: Path, *, output: Path, into: Path | None = None, today: date, own: bool = False
) -> Imported:
    """Read answers, merge them into ``into`` (or a new brief), write ``output``, assess it.
    ``own``: the file is the freelancer's own, and may set any field."""
    if into is None and output.exists():
        raise OutputError(
            f"exists already: merge the answers into it with --into {output}, or choose another -o",
            file=str(output),
        )
    answers = read_answers(source, own=own)
    base: dict[str, Any] = read_data(into) if into is not None else {}
    merged = merge(base, answers, locale=answers_locale(into))
    comments = (
        leading_comments(into)
        if into is not None
        else [
            f"Brief started from the client's answers in {source.name}.",
            f"Check it with: firmbrief check {output.name}",
        ]
    )
    write_brief(output, merged.data, comments)
    from firmbrief.briefs.profile import profile_for, with_profile

    profile = profile_for(output)  # the business profile beside it fills your details
    checked = with_profile(merged.data, profile.business) if profile else merged.data
    report = assess(parse_brief(checked), file=str(output), today=today)
    return Imported(output=output, answers=answers, merged=merged, report=report)


def answers_locale(into: Path | None) -> str:
    """The locale the client wrote the answers in: that of the documents of the brief they
    go into (with its business profile: the questionnaire was made from it), else English's."""
    from firmbrief.briefs.language import document_locale
    from firmbrief.briefs.loading import read_with_profile

    brief = parse_brief(read_with_profile(into)).brief if into is not None else None
    return document_locale(brief) if brief is not None else "en"
