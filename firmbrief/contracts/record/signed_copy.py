"""The brief as signed, kept beside it: ``<brief's name>.signed.json``.

When ``firmbrief record BRIEF signed`` pins a fingerprint, the canonical brief of that
fingerprint is written beside the brief (and its record). Once signed, the brief file changes
only by amendment: the amendment compares the file with this copy, field by field, and the
next signing replaces the copy. The copy is read as untrusted as any file: it counts only if it
is a canonical brief whose fingerprint is the one the record pinned.

A signed project keeps the values it was signed with. The business profile (``firmbrief.toml``)
fills the brief's ``freelancer`` afresh on every read, so a later change to it would change the
brief's fingerprint: :func:`judged` compares the brief with this copy field by field. Contact and
bank details taken from the profile (:data:`CONTACT`) may change after signing: the project is
not "changed" for it, the freelancer is told to give the client written notice, and later
invoices use the new details. Anything else that differs (in the brief, or the profile's name,
company, country, region, tax number or role) changes the terms: it needs an amendment, and
every message names the field and where it came from.

The first signing also pins whose project the record is: its client (:func:`party_of`). A
brief for another client is another agreement, never an amendment: a record whose first signing
names another client (a finished project's folder copied as a template) is foreign
(:func:`foreign`), and every command that reads it with this brief refuses it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from firmbrief.atomic import write_atomic
from firmbrief.briefs.canonical import canonical_data, canonical_json, fingerprint
from firmbrief.briefs.files import printable, read_bounded
from firmbrief.briefs.loading import parse_brief
from firmbrief.briefs.schema import Brief
from firmbrief.errors import BriefUnreadable

if TYPE_CHECKING:
    from firmbrief.contracts.record.log import Record

__all__ = [
    "CONTACT",
    "MAX_SIGNED_BYTES",
    "SIGNED_SUFFIX",
    "Judged",
    "foreign",
    "judged",
    "keep_signed",
    "party_of",
    "refuse_foreign",
    "read_signed",
    "signed_path",
]

MAX_SIGNED_BYTES: Final = 4_000_000
SIGNED_SUFFIX: Final = ".signed.json"  # never a brief of its own: a folder's briefs leave it out
RECORD_SUFFIX: Final = ".log.jsonl"  # the record's (contracts.record.log.log_path)
CONTACT: Final = ("email", "phone", "address", "bank", "payment_link")
"""The freelancer's details that may change after signing without an amendment, when they come
from the business profile: how to reach the freelancer and where to pay."""


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


@dataclass(frozen=True, slots=True)
class Judged:
    """A signed brief as judged against the brief as signed."""

    fingerprint: str  # the pinned one when only the profile's contact or bank details changed
    notify: tuple[str, ...] = ()  # "freelancer.email": changed in the profile since signing
    changed: tuple[str, ...] = ()  # "iterations.2.price (in the brief)": needs an amendment

    @property
    def notice(self) -> str | None:
        """The line telling the freelancer to notify the client, or ``None``."""
        if not self.notify:
            return None
        return (
            f"the business profile (firmbrief.toml) changed {', '.join(self.notify)} since "
            "signing: tell the client in writing (an email or a letter); the terms "
            "keep the signed values, later invoices use the new ones"
        )


def judged(record_path: Path, brief: Brief, pinned: str) -> Judged:
    """``brief`` (the file with today's profile), whose record at ``record_path`` pinned
    ``pinned``, judged against the brief as signed (see the module's docstring). A copy that
    cannot be read leaves the fingerprint as it is: the brief is changed if it differs."""
    current = fingerprint(brief)
    if current == pinned:
        return Judged(current)
    brief_path = record_path.with_name(record_path.name.removesuffix(RECORD_SUFFIX))
    try:
        signed = read_signed(brief_path, pinned)
        from firmbrief.briefs.files import read_data

        own = read_data(brief_path).get("freelancer")
    except BriefUnreadable:
        return Judged(current)
    own_keys = (
        {k for k, v in own.items() if v not in (None, "")} if isinstance(own, dict) else set()
    )
    notify: list[str] = []
    changed: list[str] = []
    for path in _differing(canonical_data(signed), canonical_data(brief), ()):
        parts = path.split(".")
        from_profile = parts[0] == "freelancer" and len(parts) > 1 and parts[1] not in own_keys
        if parts[:2] == ["freelancer", "bank"] and len(parts) > 2 and isinstance(own, dict):
            own_bank = own.get("bank")
            from_profile = not (isinstance(own_bank, dict) and own_bank.get(parts[2]))
        if from_profile and parts[1] in CONTACT:
            notify.append(path)
        else:
            changed.append(f"{path} ({'in firmbrief.toml' if from_profile else 'in the brief'})")
    return Judged(pinned if not changed else current, tuple(notify), tuple(changed))


def _differing(old: Any, new: Any, loc: tuple[str, ...]) -> list[str]:
    """The dotted paths (items counted from 1, as amendments name them) where two canonical
    briefs differ."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        keys = sorted(old.keys() | new.keys())
        return [p for k in keys for p in _differing(old.get(k), new.get(k), (*loc, k))]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            p
            for i, (was, now) in enumerate(zip(old, new, strict=True))
            for p in _differing(was, now, (*loc, str(i + 1)))
        ]
    return [".".join(loc)]


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
