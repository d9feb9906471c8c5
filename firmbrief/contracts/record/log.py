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

This detects accidents and edits by hand, not a forger: anyone can recompute the chain. Every
problem is a :class:`~firmbrief.errors.BriefUnreadable` naming the record and the line; a record
is read whole or not at all, never half-read.

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
    "Record",
    "append_event",
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


@dataclass
class Record:
    """A project's record as read: its events in the order they were written."""

    path: Path
    entries: list[Entry] = field(default_factory=list)
    last_check: str = GENESIS
    raw: bytes = b""

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
    if not path.exists():
        return record
    data = read_bounded(path, MAX_RECORD_BYTES, kind="a project record")
    if len(data) > MAX_RECORD_BYTES:
        raise BriefUnreadable(
            f"is larger than {MAX_RECORD_BYTES // 1_000_000} MB: not a firmbrief record",
            file=str(path),
        )
    record.raw = data
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
        record.entries.append(Entry(number, event))
        record.last_check = str(entry_fields["check"])
    return record


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


def _line(event: Event, seq: int, prev: str) -> bytes:
    from firmbrief.contracts.record.events import event_dict

    fields: dict[str, Any] = {"seq": seq, **event_dict(event)}
    fields["recorded"] = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    fields["prev"] = prev
    fields["check"] = _check(fields)
    text = json.dumps(fields, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8") + b"\n"


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
    """Append ``event`` to ``record`` (read under :func:`locked`); returns its line number."""
    seq = len(record.entries) + 1
    old = record.raw if not record.raw or record.raw.endswith(b"\n") else record.raw + b"\n"
    brief = record.path.with_name(record.path.name.removesuffix(".log.jsonl"))
    write_atomic(record.path, old + _line(event, seq, record.last_check), like=brief)
    from firmbrief.contracts.record.events import Entry

    record.raw = old
    record.entries.append(Entry(seq, event))
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
