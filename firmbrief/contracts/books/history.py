"""What ``check`` says about a client seen before: careful in advance.

Before a new project starts, ``check`` looks for the same client in the records of the same
business: the brief's folder, and every project below the folder of the invoice register its
business profile names (as a studio keeps a folder per project beside its register): the same
tax number, the same email address or the same company name. Where the client paid late, sent
materials late or answered reviews late before, it warns with the figures, and with what to do
about it (a higher prepayment, materials due earlier).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from firmbrief.briefs.report import Finding
from firmbrief.contracts.books.gather import find_projects
from firmbrief.errors import FirmbriefError

if TYPE_CHECKING:  # loaded only when there is another project beside the brief
    from firmbrief.briefs.schema import Brief
    from firmbrief.contracts.books.facts import ProjectFacts

__all__ = ["client_history", "same_client"]


def _keys(brief: Brief) -> set[str]:
    from firmbrief.contracts.books.facts import client_key

    c = brief.client
    keys = {
        client_key(c.tax_id, None, None, None) if c.tax_id else "",
        client_key(None, c.email, None, None) if c.email else "",
        client_key(None, None, c.company, None) if c.company else "",
    }
    return keys - {""}


def same_client(one: Brief, other: Brief) -> bool:
    """Whether two briefs are for the same client: a tax number, email or company in common."""
    return bool(_keys(one) & _keys(other))


def _business_folders(path: Path) -> tuple[Path, Path | None]:
    """Where the business keeps its projects: the brief's own folder (the records right beside
    it), and the folder of the invoice register its ``firmbrief.toml`` names, with the project
    folders below it (a studio's projects each in a folder beside its register). Folders that
    merely sit next to or below the brief's are another business's or nobody's."""
    from firmbrief.briefs.profile import profile_for

    try:
        profile = profile_for(path)
    except FirmbriefError:
        profile = None
    return path.resolve().parent, profile.register_path.parent if profile is not None else None


def client_history(path: Path, today: date) -> list[Finding]:
    """Warnings about the client of the brief in ``path`` from the other projects beside it
    (none when there is no other project, or the brief cannot be read: ``check`` says why)."""
    from firmbrief.briefs.loading import load_brief_file

    here = path.resolve()
    own, register = _business_folders(path)
    found = find_projects([own], depth=0) + (
        find_projects([register], depth=2) if register is not None else []
    )
    candidates = list(dict.fromkeys(p for p in found if p.resolve() != here))
    if not candidates:
        return []
    try:
        brief = load_brief_file(path).brief
    except FirmbriefError:
        return []
    if brief is None:
        return []
    matched: list[Path] = []
    for other in candidates:
        try:
            theirs = load_brief_file(other).brief
        except FirmbriefError:  # another project's problem is not this brief's
            continue
        if theirs is not None and same_client(brief, theirs):
            matched.append(other)
    from firmbrief.contracts.books.gather import gather

    facts, _ = gather(matched, today)
    return _warnings(facts)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _warnings(facts: list[ProjectFacts]) -> list[Finding]:
    from firmbrief.contracts.books.figures import client_row

    if not facts:
        return []
    client = client_row("", facts)
    found: list[Finding] = []
    seen = f"in {_plural(client.projects, 'earlier project')} beside this brief"
    if client.paid_late:
        found.append(
            Finding(
                "warning",
                "client-paid-late",
                ("payment",),
                f"this client paid {client.paid_late} of {client.payments} instalments late "
                f"{seen} (median {client.median_days_late:g} days late): consider a higher "
                "prepayment",
            )
        )
    if client.materials_late_projects:
        found.append(
            Finding(
                "warning",
                "client-materials-late",
                ("materials",),
                f"materials were late in {client.materials_late_projects} of "
                f"{_plural(client.projects_with_materials, 'project')} with this client: ask "
                "for them earlier, before the first iteration's start",
            )
        )
    if client.reviews_late:
        found.append(
            Finding(
                "warning",
                "client-reviews-late",
                ("iterations",),
                f"this client answered {client.reviews_late} of "
                f"{_plural(client.reviews, 'review')} late {seen}: allow longer reviews, or "
                "say in the terms that silence counts as acceptance",
            )
        )
    return found
