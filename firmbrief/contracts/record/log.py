"""The project record beside a brief: an append-only log of what happened.

The record of ``logo.yaml`` is ``logo.yaml.log.jsonl`` in the same folder (the brief's whole
name, so ``logo.yaml`` and ``logo.json`` side by side never share one). It is JSON Lines, one
event a line, in the order they were recorded::

    {"seq":2,"event":"payment","date":"2027-01-08","amount":"1071.00","instalment":"1-prepayment",
     "recorded":"2027-01-08T09:12:40Z","prev":"5c0f2e6a1b7d9c33","check":"a41e07b2c9d35f18"}

``seq`` is the line's number. ``check`` is the first 16 hex digits of the SHA-256 of the line's
other fields (as sorted, compact JSON), and ``prev`` is the ``check`` of the line before
(``0000000000000000`` on the first), so the lines form a chain:

* a line edited by hand no longer matches its own ``check``: "line 4: edited after it was
  written";
* a line removed, inserted or moved breaks ``seq`` or ``prev`` on the line after it;
* a last line cut short (an interrupted copy, a full disk) is not JSON: "line 7: incomplete".

A copy of the last line's number and check sum, the record's *head*, is kept beside it
(``.<record's name>.head``, written atomically after every append) and printed by ``status`` and
in every notice. So lines cut off the end of the record (which leaves a valid chain) are noticed:
"line 8: missing: the record ends at line 7, but 9 lines were written". The head may lag one
line behind (a crash between the two writes): that is not an error.

This detects accidents and edits by hand, not a forger: anyone can recompute the chain and
rewrite the head. A notice's head, in the client's hands, is evidence the forger cannot reach.
Every problem is a :class:`~firmbrief.errors.BriefUnreadable` naming the record and the line; a
record is read whole or not at all, never half-read.

An event is appended by writing the whole record anew through
:func:`~firmbrief.atomic.write_atomic` (temporary file, fsync, rename) with the earlier lines
copied byte for byte: a crash leaves the old record or the new one, never a torn line, and an
event is validated (its shape, then against the brief and the project's state) before anything
is written. Writers hold an exclusive lock on a lock file beside the record
(``.<brief>.log.jsonl.lock``), which nothing moves or replaces, so two ``firmbrief record`` at
once cannot lose each other's event, even while the brief is replaced by a rename. A record is a
few hundred lines; rewriting it costs well under a millisecond.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from firmbrief.atomic import write_atomic
from firmbrief.briefs.explain import explain
from firmbrief.briefs.files import read_bounded, strict_json
from firmbrief.errors import BriefUnreadable

if TYPE_CHECKING:
    # The event models cost 20 ms to build: `check` on a brief without a record must not pay.
    from firmbrief.contracts.record.events import Entry, Event, Signed

__all__ = [
    "GENESIS",
    "MAX_RECORD_BYTES",
    "Head",
    "Record",
    "append_event",
    "head_path",
    "lock_path",
    "locked",
    "log_path",
    "judging_day",
    "read_record",
    "signing_date",
]

GENESIS: Final = "0" * 16
"""The ``prev`` of the first line."""

MAX_RECORD_BYTES: Final = 5_000_000
"""A project records a few hundred events of a few hundred bytes each."""

_ENVELOPE: Final = ("seq", "recorded", "prev", "check")


def log_path(brief: Path) -> Path:
    """The record of ``brief``: ``<brief's name>.log.jsonl`` beside it. A brief reached through
    a symbolic link keeps its record beside the file the link points to, under that file's name
    (so every way to the brief finds the one record)."""
    real = brief.resolve() if brief.is_symlink() else brief
    return real.parent / f"{real.name}.log.jsonl"


def lock_path(brief: Path) -> Path:
    """The lock file of ``brief``'s record: ``.<record's name>.lock`` beside it. It is never
    moved or replaced (unlike the brief, which editors and ``intake import --into`` replace by a
    rename), so every writer locks the same file."""
    record = log_path(brief)
    return record.with_name(f".{record.name}.lock")


def head_path(brief: Path) -> Path:
    """The copy of the record's head: ``.<record's name>.head`` beside the record."""
    record = log_path(brief)
    return record.with_name(f".{record.name}.head")


@dataclass(frozen=True, slots=True)
class Head:
    """The last line of a record: its number and its check sum."""

    line: int
    check: str

    def __str__(self) -> str:
        return f"line {self.line}, check {self.check}"


@dataclass
class Record:
    """A project's record as read: its events in the order they were written."""

    path: Path
    entries: list[Entry] = field(default_factory=list)
    last_check: str = GENESIS
    raw: bytes = b""
    head_kept: bool = True  # the copy of the head was written with the last append

    @property
    def head(self) -> Head | None:
        """The record's last line, or ``None`` while it is empty."""
        return Head(len(self.entries), self.last_check) if self.entries else None

    @property
    def signings(self) -> list[Signed]:
        from firmbrief.contracts.record.events import Signed

        return [e.event for e in self.entries if isinstance(e.event, Signed)]

    @property
    def signed(self) -> date | None:
        """The day the brief was first signed."""
        signings = self.signings
        return signings[0].date if signings else None


def _check(fields: dict[str, Any]) -> str:
    import hashlib

    body = {key: value for key, value in fields.items() if key != "check"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_record(brief: Path) -> Record:
    """The record of ``brief``, verified line by line (empty if there is none yet)."""
    path = log_path(brief)
    record = Record(path)
    kept = _kept_head(brief)
    if not path.exists():
        if kept is not None:
            raise BriefUnreadable(
                f"is missing, but {kept.line} line(s) were written to it (the last with check "
                f"{kept.check}, as {head_path(brief).name} beside it says). Restore the record "
                f"from a backup; to start a new record on purpose, delete {head_path(brief).name}",
                file=str(path),
            )
        return record
    data = read_bounded(path, MAX_RECORD_BYTES, kind="a project record")
    if len(data) > MAX_RECORD_BYTES:
        raise BriefUnreadable(
            f"is larger than {MAX_RECORD_BYTES // 1_000_000} MB: not a firmbrief record",
            file=str(path),
        )
    record.raw = data
    if _last_read is not None and _last_read[:3] == (path, data, kept):
        return _copy(_last_read[3])  # read again in the same command: verified already
    lines = data.split(b"\n")
    ends_cleanly = lines[-1] == b""
    if ends_cleanly:
        lines.pop()
    from pydantic import ValidationError

    from firmbrief.contracts.record.events import Entry, parse_event

    for number, raw in enumerate(lines, start=1):
        last = number == len(lines) and not ends_cleanly
        entry_fields = _parse_line(raw, number, path, last=last)
        _verify_chain(entry_fields, number, record.last_check, path)
        try:
            event = parse_event({k: v for k, v in entry_fields.items() if k not in _ENVELOPE})
        except ValidationError as invalid:
            problem = invalid.errors(include_url=False)[0]
            where = ".".join(str(p) for p in problem["loc"][1:]) or "event"
            raise BriefUnreadable(
                f"{where}: {explain(problem)} (the record holds an event firmbrief cannot read)",
                file=str(path),
                field=f"line {number}",
            ) from None
        record.last_check = str(entry_fields["check"])
        record.entries.append(Entry(number, event, record.last_check))
    if kept is not None:
        _verify_head(record, kept, head_path(brief).name)
    _remember_read(path, data, kept, record)
    return record


_last_read: tuple[Path, bytes, Head | None, Record] | None = None
"""The record read last, with the bytes and head it was read from: a command that reads the
same record twice (``check`` and ``render`` of a signed brief) verifies and parses it once."""


def _remember_read(path: Path, data: bytes, kept: Head | None, record: Record) -> None:
    global _last_read
    _last_read = (path, data, kept, _copy(record))


def _copy(record: Record) -> Record:
    """A record of its own (an append changes the one it is given)."""
    return Record(
        record.path, list(record.entries), record.last_check, record.raw, record.head_kept
    )


_HEAD_BYTES: Final = 200


def _kept_head(brief: Path) -> Head | None:
    """The head kept beside the record, if there is one."""
    path = head_path(brief)
    if not path.exists():
        return None
    data = read_bounded(path, _HEAD_BYTES, kind="a record's head")
    try:
        fields = strict_json(data.decode("utf-8"))
        line, check = fields["line"], fields["check"]
        if not (isinstance(line, int) and line >= 0 and isinstance(check, str)):
            raise ValueError
    except (UnicodeDecodeError, ValueError, TypeError, KeyError, RecursionError):
        raise BriefUnreadable(
            "is not a record's head: it was damaged or edited by hand. Check the record against "
            "your last notice's head, then delete this file (the next `firmbrief record` writes "
            "it again)",
            file=str(path),
        ) from None
    return Head(line, check)


def _verify_head(record: Record, kept: Head, name: str) -> None:
    """Lines cut off the end, or a record replaced by another, are noticed by the head kept
    beside it; a head one line (or more) behind is a crash between the two writes."""
    count = len(record.entries)
    if kept.line > count:
        raise BriefUnreadable(
            f"missing: the record ends at line {count}, but {kept.line} lines were written (the "
            f"last with check {kept.check}, as {name} beside it says): lines were cut off its "
            f"end. Restore the record from a backup; if you restored an older copy on purpose, "
            f"delete {name}",
            file=str(record.path),
            field=f"line {count + 1}",
        )
    if kept.line and record.entries[kept.line - 1].check != kept.check:
        raise BriefUnreadable(
            f"not the line that was written there (its check was {kept.check}, as {name} beside "
            "the record says): the record was replaced by another one. Restore it from a "
            f"backup; if you replaced it on purpose, delete {name}",
            file=str(record.path),
            field=f"line {kept.line}",
        )


def _parse_line(raw: bytes, number: int, path: Path, *, last: bool) -> dict[str, Any]:
    where = {"file": str(path), "field": f"line {number}"}
    if not raw.strip():
        raise BriefUnreadable("empty line: a line was blanked after it was written", **where)
    try:
        fields = strict_json(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        if last:
            raise BriefUnreadable(
                "incomplete: the record ends in the middle of this line (a copy or a write was "
                "cut short). Restore the record from a backup, or remove this line and record "
                "its event again",
                **where,
            ) from None
        reason = "not UTF-8" if isinstance(error, UnicodeDecodeError) else "not valid JSON"
        raise BriefUnreadable(
            f"{reason}: the line was damaged or edited by hand", **where
        ) from None
    if not isinstance(fields, dict) or not all(k in fields for k in _ENVELOPE):
        raise BriefUnreadable("not a firmbrief event (no seq, prev and check)", **where)
    return fields


def _verify_chain(fields: dict[str, Any], number: int, prev: str, path: Path) -> None:
    where = {"file": str(path), "field": f"line {number}"}
    if _check(fields) != fields["check"]:
        raise BriefUnreadable(
            "edited after it was written: its content no longer matches its check sum. "
            "Restore the record from a backup; to correct an event, record a new one",
            **where,
        )
    seq = fields["seq"]
    if seq != number:
        if isinstance(seq, int) and seq > number:
            missing = seq - number
            raise BriefUnreadable(
                f"{missing} line(s) before this one were removed: it was written as line {seq}",
                **where,
            )
        raise BriefUnreadable(
            f"out of place: it was written as line {seq}; lines were copied or moved", **where
        )
    if fields["prev"] != prev:
        raise BriefUnreadable(
            f"does not follow line {number - 1}: line {number - 1} was replaced or changed "
            "after this line was written",
            **where,
        )


def _line(event: Event, seq: int, prev: str) -> tuple[bytes, str]:
    from firmbrief.contracts.record.events import event_dict

    fields: dict[str, Any] = {"seq": seq, **event_dict(event)}
    fields["recorded"] = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    fields["prev"] = prev
    fields["check"] = _check(fields)
    text = json.dumps(fields, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8") + b"\n", fields["check"]


@contextmanager
def locked(brief: Path) -> Iterator[None]:
    """An exclusive lock on the brief's record while it is read, checked and rewritten: on its
    lock file (:func:`lock_path`), made when first needed, with the brief's permissions."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX: no locking
        yield
        return
    path = lock_path(brief)
    try:
        mode = brief.stat().st_mode & 0o666 if brief.exists() else 0o644
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, mode)
    except OSError as error:
        raise BriefUnreadable(
            f"cannot be locked ({error.strerror or error})", file=str(path)
        ) from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def append_event(record: Record, event: Event) -> int:
    """Append ``event`` to ``record`` (read under :func:`locked`), then keep the new head
    beside it; returns the event's line number. ``record.head_kept`` says whether the head
    could be kept (the event is recorded either way)."""
    seq = len(record.entries) + 1
    old = record.raw if not record.raw or record.raw.endswith(b"\n") else record.raw + b"\n"
    line, check = _line(event, seq, record.last_check)
    brief = record.path.with_name(record.path.name.removesuffix(".log.jsonl"))
    write_atomic(record.path, old + line, like=brief)
    from firmbrief.contracts.record.events import Entry
    from firmbrief.errors import FirmbriefError

    record.raw = old + line
    record.entries.append(Entry(seq, event, check))
    record.last_check = check
    head = json.dumps({"line": seq, "check": check}, separators=(",", ":")) + "\n"
    try:
        write_atomic(record.path.with_name(f".{record.path.name}.head"), head.encode())
        record.head_kept = True
    except FirmbriefError:
        record.head_kept = False
    return seq


def judging_day(brief_path: Path, today: date) -> date:
    """The day a brief's dates are judged against: its signing day once the record says it was
    signed (so a signed project can still be checked and rendered for the record), else
    ``today``."""
    return signing_date(brief_path) or today


def signing_date(brief_path: Path) -> date | None:
    """The day the brief was signed, from its project record; ``None`` if not signed."""
    if not brief_path.is_file() or not log_path(brief_path).exists():
        return None  # no brief (reading it says why), or no record yet
    return read_record(brief_path).signed
