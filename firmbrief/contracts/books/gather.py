"""Finding the projects below some folders, and reading each one's facts.

A project is a brief with a record beside it (``<brief>.log.jsonl``). Folders are walked
depth first, without following links to folders (a link cannot loop the walk nor reach out of
the tree), hidden folders left out, at most :data:`MAX_PROJECTS` projects and
:data:`MAX_DEPTH` levels. A project that cannot be read (a brief with problems, a damaged
record) does not stop the report: it is listed as skipped, with the one-line reason every
command would give.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final

from firmbrief.briefs.files import printable
from firmbrief.errors import BriefUnreadable, FirmbriefError

if TYPE_CHECKING:  # the record's models load only when a project is read (``check`` walks)
    from firmbrief.contracts.books.facts import ProjectFacts

__all__ = ["MAX_DEPTH", "MAX_PROJECTS", "RECORD_SUFFIX", "Skipped", "find_projects", "gather"]

RECORD_SUFFIX: Final = ".log.jsonl"
MAX_PROJECTS: Final = 10_000
"""A freelancer's lifetime of projects, several times over."""
MAX_DEPTH: Final = 8
FACTS_VERSION: Final = 3
"""Counts up whenever what a project's facts hold, or how they are worked out, changes: the
facts kept in the cache by an earlier firmbrief are then worked out again."""


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


def _key(brief: Path, today: date) -> str | None:
    """What a project's facts on ``today`` depend on: every file firmbrief reads for it (the
    brief, its record, the copy signed, the business profile), its name, the day and this
    firmbrief; ``None`` when one of them cannot be read as a regular file."""
    from firmbrief import __version__
    from firmbrief.briefs.files import MAX_BYTES, read_bounded
    from firmbrief.briefs.profile import find_config
    from firmbrief.contracts.record.log import MAX_RECORD_BYTES, log_path
    from firmbrief.contracts.record.signed_copy import MAX_SIGNED_BYTES, signed_path

    digest = hashlib.sha256(f"{__version__}\0{FACTS_VERSION}\0{today}\0{brief}".encode())
    profile = find_config(brief)
    files = [(brief, MAX_BYTES), (log_path(brief), MAX_RECORD_BYTES),
             (signed_path(brief), MAX_SIGNED_BYTES)]  # fmt: skip
    if profile is not None:
        files.append((profile, MAX_BYTES))
    try:
        for path, limit in files:
            if not path.exists():
                digest.update(b"\0none")
                continue
            data = read_bounded(path, limit, kind="a project file")
            digest.update(b"\0%d\0" % len(data) + data)
    except FirmbriefError:
        return None
    return "books-" + digest.hexdigest()


def _facts(brief: Path, today: date) -> ProjectFacts | str:
    """The facts of one project, or why it is skipped; kept in the cache between runs (a
    project whose files have not changed is not replayed again on the same day)."""
    from firmbrief.briefs.cache import store
    from firmbrief.contracts.books.facts import facts_data, facts_from_data, facts_of
    from firmbrief.contracts.record.replay import project_at

    kept = store()
    key = _key(brief, today) if kept is not None else None
    if kept is not None and key is not None:
        found = kept.get(key)
        if isinstance(found, dict):
            try:
                return facts_from_data(found)
            except (ValueError, KeyError, TypeError, ArithmeticError):
                pass  # not ours, or from another version: computed again
    try:
        project = project_at(brief, today)
    except FirmbriefError as refused:
        return ": ".join(p for p in (refused.field, refused.message) if p)
    if project.signed is None:
        return "not signed: its record has no signing"
    facts = facts_of(project, printable(str(brief)))
    if kept is not None and key is not None:
        kept.put(key, facts_data(facts))
    return facts


def gather(briefs: Iterable[Path], today: date) -> tuple[list[ProjectFacts], list[Skipped]]:
    """The facts of each project in ``briefs`` as of ``today``, and the projects skipped."""
    facts: list[ProjectFacts] = []
    skipped: list[Skipped] = []
    for brief in briefs:
        found = _facts(brief, today)
        if isinstance(found, str):
            skipped.append(Skipped(printable(str(brief)), found))
        else:
            facts.append(found)
    return facts, skipped
