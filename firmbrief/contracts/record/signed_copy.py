"""The brief as signed, kept beside it: ``<brief's name>.signed.json``.

When ``firmbrief record BRIEF signed`` pins a fingerprint, the canonical brief of that
fingerprint is written beside the brief (and its record). Once signed, the brief file changes
only by amendment: the amendment compares the file with this copy, field by field, and the
next signing replaces the copy. The copy is read as untrusted as any file: it counts only if it
is a canonical brief whose fingerprint is the one the record pinned.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final

from firmbrief.atomic import write_atomic
from firmbrief.briefs.canonical import canonical_json, fingerprint
from firmbrief.briefs.files import printable, read_bounded
from firmbrief.briefs.loading import parse_brief
from firmbrief.briefs.schema import Brief
from firmbrief.errors import BriefUnreadable

__all__ = ["MAX_SIGNED_BYTES", "SIGNED_SUFFIX", "keep_signed", "read_signed", "signed_path"]

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
        # regular files only, never more than the limit: a link to /dev/zero or a FIFO is
        # refused at once, naming the copy
        raw = read_bounded(path, MAX_SIGNED_BYTES, kind="the brief as signed")
    except BriefUnreadable as unreadable:
        if unreadable.message == "no such file":
            raise BriefUnreadable(
                f"the brief as signed is not kept here; {how}", file=where
            ) from None
        raise BriefUnreadable(f"{unreadable.message}; {how}", file=where) from None
    if len(raw) > MAX_SIGNED_BYTES:
        raise BriefUnreadable(f"too large to be a brief as signed; {how}", file=where)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
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
