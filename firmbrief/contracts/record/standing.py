"""Where a signed brief stands, for ``check``: judged against its record, not as a plan.

Once the record holds the signing, "ready to start" is no longer the question: ``check`` says
the project is signed and not started yet, under way (and where), cancelled or finished, or that
the brief changed after it was signed (then it differs from the brief as signed and needs an
amendment, whose readiness is the answer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from firmbrief.briefs.dates import format_long
from firmbrief.contracts.record.log import log_path

__all__ = ["Standing", "standing_of"]


@dataclass(frozen=True, slots=True)
class Standing:
    """A signed project in a few words: ``state`` is signed, under-way, cancelled, finished or
    changed."""

    signed: date
    state: str
    summary: str
    notice: str | None = None  # the profile's contact or bank details changed: tell the client

    @property
    def changed(self) -> bool:
        return self.state == "changed"


def standing_of(brief: Path, today: date) -> Standing | None:
    """Where the project of ``brief`` stands on ``today``; ``None`` while it is not signed (or
    the brief cannot be used as one: ``check`` says why)."""
    if not brief.is_file() or not log_path(brief).exists():
        return None
    from firmbrief.contracts.record.replay import project_at
    from firmbrief.errors import BriefUnreadable

    try:
        project = project_at(brief, today)
    except BriefUnreadable as unusable:
        if unusable.file == str(log_path(brief)):
            raise  # the record itself is damaged: every command says so
        return None  # the brief has problems: the findings say which
    if project.signed is None:
        return None
    signed = f"signed on {format_long(project.signed)}"
    notice = project.notify
    if project.brief_changed:
        return Standing(
            project.signed,
            "changed",
            f"changed after it was {signed} (signed fingerprint {project.pinned}, now "
            f"{project.fingerprint}{project.changed_said}): it differs from the signed brief "
            "and needs an amendment "
            f"(firmbrief render {brief} --amendment)",
        )
    if project.cancelled:
        by, day = project.cancelled.by, format_long(project.cancelled.date)
        return Standing(
            project.signed, "cancelled", f"{signed}; cancelled by the {by} on {day}", notice
        )
    if project.finished:
        day = format_long(project.finished)
        return Standing(
            project.signed,
            "finished",
            f"{signed}; finished on {day}, nothing is left to do",
            notice,
        )
    begun = [it.started for it in project.iterations if it.started and it.started <= today]
    current = project.current()
    where = f": iteration {current.number} {current.summary}" if current else ""
    if begun or any(it.deliveries or it.accepted_on for it in project.iterations):
        since = f" since {format_long(min(begun))}" if begun else ""
        return Standing(project.signed, "under-way", f"{signed}; under way{since}{where}", notice)
    return Standing(project.signed, "signed", f"{signed}; not started yet{where}", notice)
