"""What the work is: the parties and who approves, the goals, the deliverables with counted volumes
and acceptance criteria."""

from __future__ import annotations

from collections.abc import Iterator

from firmbrief.briefs.fields import Loc
from firmbrief.briefs.report import Finding
from firmbrief.briefs.rules import Context, error, warning
from firmbrief.briefs.volume import UncountedVolume, parse_volume

__all__ = ["check_deliverables", "check_goals", "check_parties"]


def check_parties(ctx: Context) -> Iterator[Finding]:
    brief = ctx.brief
    if not brief.title:
        yield error("no-title", ("title",), "no project title: give the project a short name")
    if not brief.freelancer.name:
        yield error("no-freelancer", ("freelancer", "name"), "no name for the freelancer who signs")
    if not (brief.client.company or brief.client.name):
        yield error(
            "no-client", ("client",), "say who the client is: client.company or client.name"
        )
    approver = brief.client.approver
    if approver is None or not approver.name:
        yield error(
            "no-approver",
            ("client", "approver", "name"),
            "no named approver: name the one person whose yes is final for each delivery",
        )
    elif not approver.email and not brief.client.email:
        yield warning(
            "no-approver-email",
            ("client", "approver", "email"),
            "no email for the approver: decisions should be in writing",
        )
    if brief.client.also_agree is None:
        yield warning(
            "who-else-agrees",
            ("client", "also_agree"),
            'say who else must agree besides the approver (names or roles, or "none")',
        )
    if brief.rules is None:
        yield warning(
            "no-rules",
            ("rules",),
            'say which rules the work must follow (brand book, legal review...), or "none"',
        )


def check_goals(ctx: Context) -> Iterator[Finding]:
    if not ctx.brief.goals:
        yield error(
            "no-goals",
            ("goals",),
            "no goals: write what the project must achieve, one sentence each",
        )
    if not ctx.brief.emphasis:
        yield warning(
            "no-emphasis", ("emphasis",), "say what the work should emphasise when choices come up"
        )
    if not ctx.brief.audience:
        yield warning("no-audience", ("audience",), "say who the work is for")


# --- deliverables ---------------------------------------------------------------------------


def check_deliverables(ctx: Context) -> Iterator[Finding]:
    brief = ctx.brief
    if not brief.deliverables:
        yield error(
            "no-deliverables", ("deliverables",), "no deliverables: list what will be delivered"
        )
    scheduled = {d for it in brief.iterations for d in it.deliverables}
    seen: set[str] = set()
    for index, item in enumerate(brief.deliverables):
        loc: Loc = ("deliverables", index)
        if not item.id:
            yield error("no-id", (*loc, "id"), "no id: give it a short id such as logo")
        elif item.id in seen:
            yield error("duplicate-id", (*loc, "id"), f'the id "{item.id}" is used twice')
        else:
            seen.add(item.id)
            if item.id not in scheduled and brief.iterations:
                yield error(
                    "unscheduled",
                    (*loc, "id"),
                    f'"{item.id}" is in no iteration: add it to an iteration\'s deliverables',
                )
        if not item.name:
            yield error("no-name", (*loc, "name"), "no name: say what is delivered")
        if not item.volume:
            yield error(
                "no-volume",
                (*loc, "volume"),
                "no counted volume: write a number and a unit, e.g. 12 pages",
            )
        else:
            try:
                parse_volume(item.volume)
            except UncountedVolume as uncounted:
                yield error("uncounted-volume", (*loc, "volume"), str(uncounted))
        if not item.acceptance:
            yield error(
                "no-acceptance",
                (*loc, "acceptance"),
                "no acceptance criteria: write one to a few checkable statements the client "
                'will judge it by, e.g. "the logo reads at 16 px"',
            )
        if not item.formats:
            yield warning("no-formats", (*loc, "formats"), "say in which formats it is delivered")
