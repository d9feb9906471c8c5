"""Finding the projects below some folders, and reading each one's facts.

A project is a brief with a record beside it (``<brief>.log.jsonl``). Folders are walked
depth first, without following links to folders (a link cannot loop the walk nor reach out of
the tree), hidden folders left out, at most :data:`MAX_PROJECTS` projects and
:data:`MAX_DEPTH` levels. A project that cannot be read (a brief with problems, a damaged
record) does not stop the report: it is listed as skipped, with the one-line reason every
command would give.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from firmbrief.briefs.files import printable
from firmbrief.contracts.books.facts import ProjectFacts, facts_of
from firmbrief.errors import BriefUnreadable, FirmbriefError

__all__ = ["MAX_DEPTH", "MAX_PROJECTS", "RECORD_SUFFIX", "Skipped", "find_projects", "gather"]

RECORD_SUFFIX: Final = ".log.jsonl"
MAX_PROJECTS: Final = 10_000
"""A freelancer's lifetime of projects, several times over."""
MAX_DEPTH: Final = 8


@dataclass(frozen=True, slots=True)
class Skipped:
    """A project left out of the report, and why."""

    file: str
    reason: str


def find_projects(paths: Iterable[Path], *, depth: int = MAX_DEPTH) -> list[Path]:
    """The briefs with a record among ``paths`` (a brief named, or every one below a folder
    named, at most ``depth`` folders down), each once, in path order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(_walk(path, 0, min(depth, MAX_DEPTH)))
        elif path.is_file():
            found.append(path)
        else:
            raise BriefUnreadable("no such file or folder", file=printable(str(path)))
        if len(found) > MAX_PROJECTS:
            raise BriefUnreadable(
                f"holds more than {MAX_PROJECTS:,} projects: name fewer folders",
                file=printable(str(path)),
            )
    return list(dict.fromkeys(found))


def _walk(folder: Path, depth: int, limit: int) -> Iterator[Path]:
    try:
        with os.scandir(folder) as entries:
            listed = sorted(entries, key=lambda e: e.name)
    except OSError:
        return
    for entry in listed:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            if depth < limit:
                yield from _walk(Path(entry.path), depth + 1, limit)
        elif entry.name.endswith(RECORD_SUFFIX) and entry.is_file(follow_symlinks=False):
            brief = Path(entry.path[: -len(RECORD_SUFFIX)])
            if brief.is_file():
                yield brief


def gather(briefs: Iterable[Path], today: date) -> tuple[list[ProjectFacts], list[Skipped]]:
    """The facts of each project in ``briefs`` as of ``today``, and the projects skipped."""
    from firmbrief.contracts.record.replay import project_at

    facts: list[ProjectFacts] = []
    skipped: list[Skipped] = []
    for brief in briefs:
        name = printable(str(brief))
        try:
            project = project_at(brief, today)
        except FirmbriefError as refused:
            skipped.append(Skipped(name, refused.message))
            continue
        if project.signed is None:
            skipped.append(Skipped(name, "not signed: its record has no signing"))
            continue
        facts.append(facts_of(project, name))
    return facts, skipped
