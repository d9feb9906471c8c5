"""The brief as signed, kept beside it: ``<brief's name>.signed.json``.

When ``firmbrief record BRIEF signed`` pins a fingerprint, the canonical brief of that
fingerprint is written beside the brief (and its record). Once signed, the brief file changes
only by amendment: the amendment compares the file with this copy, field by field, and the
next signing replaces the copy. The copy is read as untrusted as any file: it counts only if it
is a canonical brief whose fingerprint is the one the record pinned.

The first signing also pins whose project the record is: its client (:func:`party_of`). A
brief for another client is another agreement, never an amendment: a record whose first signing
names another client (a finished project's folder copied as a template) is foreign
(:func:`foreign`), and every command that reads it with this brief refuses it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Final

from firmbrief.atomic import write_atomic
from firmbrief.briefs.canonical import canonical_json, fingerprint
from firmbrief.briefs.files import printable
from firmbrief.briefs.loading import parse_brief
from firmbrief.briefs.schema import Brief
from firmbrief.errors import BriefUnreadable

if TYPE_CHECKING:
    from firmbrief.contracts.record.log import Record

__all__ = [
    "MAX_SIGNED_BYTES",
    "SIGNED_SUFFIX",
    "foreign",
    "refuse_foreign",
    "keep_signed",
    "party_of",
    "read_signed",
    "signed_path",
]

MAX_SIGNED_BYTES: Final = 4_000_000
SIGNED_SUFFIX: Final = ".signed.json"  # never a brief of its own: a folder's briefs leave it out


def signed_path(brief: Path) -> Path:
    """``<brief's name>.signed.json`` beside the brief (beside the file a link points to)."""
    real = brief.resolve() if brief.is_symlink() else brief
    return real.parent / f"{real.name}{SIGNED_SUFFIX}"


def keep_signed(brief_path: Path, brief: Brief) -> Path:
    """Write ``brief`` (as signed) beside ``brief_path``, in one step; its path."""
    target = signed_path(brief_path)
    write_atomic(target, canonical_json(brief) + b"\n", like=brief_path)
    return target


def read_signed(brief_path: Path, pinned: str) -> Brief:
    """The brief as signed with the fingerprint ``pinned``; :class:`BriefUnreadable` naming the
    copy when it is missing, unreadable, or not the brief of that fingerprint."""
    path = signed_path(brief_path)
    where = printable(str(path))
    how = (
        "restore the copy written when it was signed, or restore the signed brief file "
        f"(fingerprint {pinned}) and render its documents"
    )
    try:
        if path.stat().st_size > MAX_SIGNED_BYTES:
            raise BriefUnreadable(f"too large to be a brief as signed; {how}", file=where)
        data = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise BriefUnreadable(f"the brief as signed is not kept here; {how}", file=where) from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        raise BriefUnreadable(f"not a brief as signed (not JSON); {how}", file=where) from None
    parsed = parse_brief(data) if isinstance(data, dict) else None
    if parsed is None or parsed.brief is None or parsed.findings:
        raise BriefUnreadable(f"not a valid brief; {how}", file=where)
    if fingerprint(parsed.brief) != pinned:
        raise BriefUnreadable(
            f"holds the brief with fingerprint {fingerprint(parsed.brief)}, not the one signed "
            f"({pinned}); {how}",
            file=where,
        )
    return parsed.brief


def party_of(brief: Brief) -> str:
    """The client the brief's agreement is with, as the first signing pins it: the company, or
    the person when there is none, its spaces and case aside."""
    client = brief.client
    return " ".join((client.company or client.name or "").split())


def foreign(record: Record, brief: Brief) -> str | None:
    """Why ``record`` is not ``brief``'s (its first signing pinned another client), or
    ``None``. For a record first signed before the client was pinned, the brief as signed kept
    beside it tells whose it is; without that copy, the record is taken as it is."""
    signings = record.signings
    if not signings:
        return None
    pinned = signings[0].client
    if pinned is None:  # first signed before the client was pinned: the brief as signed says
        name = record.path.name.removesuffix(".log.jsonl")
        try:
            pinned = party_of(read_signed(record.path.with_name(name), signings[-1].fingerprint))
        except BriefUnreadable:
            return None  # no copy to tell by: taken as it is
    if pinned.casefold() == party_of(brief).casefold():
        return None
    return (
        f'the record of an agreement with "{printable(pinned)}", signed on '
        f"{signings[0].date.isoformat()}; this brief is with "
        f'"{printable(party_of(brief)) or "no client"}". A record belongs to one agreement: '
        "for a new project, move this record (and the .head and .signed.json files beside it) "
        "away, and start its own record by recording the signing"
    )


def refuse_foreign(record: Record, brief: Brief) -> None:
    """:class:`BriefUnreadable` naming the record and its first signing's line if ``record``
    is :func:`foreign` to ``brief``."""
    if why := foreign(record, brief):
        from firmbrief.contracts.record.events import Signed

        first = next(e.line for e in record.entries if isinstance(e.event, Signed))
        raise BriefUnreadable(why, file=str(record.path), field=f"line {first}")
