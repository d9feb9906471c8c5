"""The invoice register: one SQLite file per business that hands out invoice numbers without
gaps or duplicates and remembers every invoice issued.

A number is taken in a short transaction (:meth:`Register.issuing`): ``BEGIN IMMEDIATE`` takes
the register's write lock, the next number is the last of its series plus one, and its row is
committed at once as ``pending`` (with the process that took it and where its PDF goes). The
PDF is rendered and written, and the record's line appended, outside the register's lock; a
second short transaction then marks the row ``issued``. A process killed in between leaves a
pending row, which the next ``firmbrief invoice`` completes from what the row keeps
(:mod:`~firmbrief.contracts.invoices.recovery`), or makes ``void`` with the reason when it
cannot: a number is never handed out twice, and never silently skipped. A series is the year
for a number format with ``{year}`` (numbering starts again at 1 each year), else one series.

An invoice is never deleted or renumbered: triggers refuse ``UPDATE`` and ``DELETE`` on the
table but for a pending row's state, and a mistake is corrected by a credit note with its own
number. Each row keeps the invoice's data as JSON, so the same invoice can be printed again
exactly. A register belongs to one seller (its tax number, kept in the ``facts`` table).

A register that is locked by another program for longer than the wait, damaged, read-only,
full, not a firmbrief register, or written by a newer firmbrief is one
:class:`RegisterProblem` naming the file, and nothing is written.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

from firmbrief.errors import FirmbriefError

__all__ = [
    "SCHEMA_VERSION",
    "Entry",
    "Register",
    "RegisterProblem",
    "Transaction",
    "seller_key",
]

SCHEMA_VERSION: Final = 2
"""The register's format (SQLite's ``user_version``); a newer one is refused, an older one is
brought up to date the first time an invoice is issued with it."""

DEFAULT_WAIT: Final = 60.0
"""Seconds to wait for another ``firmbrief invoice`` to finish with the register."""

STATES: Final = ("pending", "issued", "void")
"""A row's state: its number taken (the invoice being written), issued, or void (the invoice
was never completed: its number is kept, with the reason, and never used again)."""

_COLUMNS: Final = (
    "number", "series", "seq", "kind", "project", "instalment", "credits", "issued", "due",
    "currency", "net", "tax", "gross", "data",
)  # fmt: skip
_EXTRA: Final = ("state", "pid", "target", "note")
"""Columns of version 2: what became of the number, who took it, where its PDF goes, why it
is void."""

_TABLE: Final = """
CREATE TABLE invoices (
    number     TEXT    NOT NULL UNIQUE,
    series     TEXT    NOT NULL,
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    kind       TEXT    NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    project    TEXT    NOT NULL,
    instalment TEXT    NOT NULL,
    credits    TEXT    REFERENCES invoices (number),
    issued     TEXT    NOT NULL,
    due        TEXT,
    currency   TEXT    NOT NULL,
    net        TEXT    NOT NULL,
    tax        TEXT    NOT NULL,
    gross      TEXT    NOT NULL,
    data       TEXT    NOT NULL,
    recorded   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    state      TEXT    NOT NULL DEFAULT 'issued' CHECK (state IN ('pending', 'issued', 'void')),
    pid        INTEGER,
    target     TEXT,
    note       TEXT,
    PRIMARY KEY (series, seq)
);
CREATE INDEX invoices_project ON invoices (project, instalment);
"""
_UPGRADE: Final = """
ALTER TABLE invoices ADD COLUMN state TEXT NOT NULL DEFAULT 'issued'
    CHECK (state IN ('pending', 'issued', 'void'));
ALTER TABLE invoices ADD COLUMN pid INTEGER;
ALTER TABLE invoices ADD COLUMN target TEXT;
ALTER TABLE invoices ADD COLUMN note TEXT;
DROP TRIGGER invoices_never_deleted;
DROP TRIGGER invoices_never_changed;
"""
_UNCHANGED: Final = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in (*_COLUMNS, "recorded", "target"))
_RULES: Final = f"""
CREATE TABLE facts (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TRIGGER invoices_never_deleted BEFORE DELETE ON invoices WHEN OLD.state != 'pending'
BEGIN SELECT RAISE(ABORT, 'an invoice is never deleted: issue a credit note'); END;
CREATE TRIGGER invoices_never_changed BEFORE UPDATE ON invoices
WHEN NOT (OLD.state = 'pending' AND NEW.state IN ('issued', 'void') AND {_UNCHANGED})
BEGIN SELECT RAISE(ABORT, 'an invoice is never changed or renumbered: issue a credit note'); END;
"""


class RegisterProblem(FirmbriefError):
    """The invoice register cannot be used: locked, damaged, full, read-only, someone else's,
    or too new."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One invoice or credit note in the register."""

    number: str
    series: str
    seq: int
    kind: str  # "invoice" or "credit_note"
    project: str  # the brief's path, resolved, when it was issued
    instalment: str  # the instalment's key: 1-prepayment, 2-round-3, change-1, settlement
    credits: str | None  # for a credit note: the number of the invoice it cancels
    issued: date
    due: date | None
    currency: str
    net: str
    tax: str
    gross: str
    data: dict[str, Any]
    state: str = "issued"  # one of STATES
    pid: int | None = None  # the process that took the number (while pending)
    target: str | None = None  # where its PDF is written
    note: str | None = None  # why it is void

    def row(self) -> tuple[Any, ...]:
        values = {
            **{name: getattr(self, name) for name in (*_COLUMNS, *_EXTRA)},
            "issued": self.issued.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "data": json.dumps(self.data, sort_keys=True, ensure_ascii=False),
        }
        return tuple(values[name] for name in (*_COLUMNS, *_EXTRA))

    @classmethod
    def of(cls, row: tuple[Any, ...]) -> Entry:
        values = dict(zip((*_COLUMNS, *_EXTRA), row, strict=True))
        values["issued"] = date.fromisoformat(values["issued"])
        values["due"] = date.fromisoformat(values["due"]) if values["due"] else None
        values["data"] = json.loads(values["data"])
        if not isinstance(values["data"], dict) or values["state"] not in STATES:
            raise ValueError("not an invoice's data")
        return cls(**values)

    @property
    def seller(self) -> str:
        """Who issued it: the seller's tax number as kept in its data (else the name)."""
        return seller_key(self.data.get("seller", {}))


def seller_key(party: dict[str, Any]) -> str:
    """A seller as the register knows it: the tax number without spaces, else the name."""
    tax = "".join(str(party.get("tax_id") or "").split()).upper()
    return tax or str(party.get("display") or party.get("name") or "")


class Transaction:
    """The register while this process holds its write lock (see :meth:`Register.issuing`)."""

    def __init__(self, connection: sqlite3.Connection, path: Path, *, legacy: bool = False) -> None:
        self._db = connection
        self.path = path
        self._legacy = legacy  # version 1, read only: no state, pid, target, note

    def _select(
        self, where: str, args: tuple[Any, ...], order: str = "series, seq"
    ) -> list[Entry]:
        extra = ("'issued'", "NULL", "NULL", "NULL") if self._legacy else _EXTRA
        rows = self._db.execute(
            f"SELECT {', '.join((*_COLUMNS, *extra))} FROM invoices WHERE {where} ORDER BY {order}",
            args,
        ).fetchall()
        found = []
        for row in rows:
            try:
                found.append(Entry.of(tuple(row)))
            except (ValueError, TypeError, KeyError):
                raise RegisterProblem(
                    f"is damaged: the row of {str(row[0])[:40]!r} cannot be read; nothing was "
                    "written. Restore it from your backup",
                    file=str(self.path),
                ) from None
        return found

    def find(self, number: str) -> Entry | None:
        """The invoice or credit note numbered ``number`` (in any state)."""
        found = self._select("number = ?", (number,))
        return found[0] if found else None

    def of_project(self, project: str) -> list[Entry]:
        """Every invoice and credit note of the project ``project`` not void, in order of
        number (pending ones included: their numbers are taken)."""
        return self._select("project = ? AND state != 'void'", (project,))

    def credit_for(self, number: str) -> Entry | None:
        """The credit note that cancels invoice ``number``, if any (not void)."""
        found = self._select("kind = 'credit_note' AND credits = ? AND state != 'void'", (number,))
        return found[0] if found else None

    def last_in(self, series: str) -> Entry | None:
        """The last number handed out in ``series``."""
        found = self._select("series = ?", (series,), order="seq DESC LIMIT 1")
        return found[0] if found else None

    def last(self) -> Entry | None:
        """The number handed out last, whatever its series."""
        found = self._select("1", (), order="rowid DESC LIMIT 1")
        return found[0] if found else None

    def pending(self) -> list[Entry]:
        """The numbers taken whose invoice is not complete yet."""
        return self._select("state = 'pending'", ())

    def next_seq(self, series: str) -> int:
        """The next number in ``series``: one more than the last (1 for a new series)."""
        (last,) = self._db.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM invoices WHERE series = ?", (series,)
        ).fetchone()
        return int(last) + 1

    def add(self, entry: Entry) -> None:
        """Add ``entry`` (committed when the transaction ends without an error)."""
        if entry.seq != self.next_seq(entry.series):
            raise RegisterProblem(
                f"{entry.number} is not the next number of its series", file=str(self.path)
            )
        names = (*_COLUMNS, *_EXTRA)
        marks = ", ".join("?" for _ in names)
        try:
            self._db.execute(
                f"INSERT INTO invoices ({', '.join(names)}) VALUES ({marks})", entry.row()
            )
        except sqlite3.IntegrityError as error:
            raise RegisterProblem(
                f"{entry.number} cannot be added ({error})", file=str(self.path)
            ) from None

    def settle(self, number: str, state: str, note: str | None = None) -> None:
        """A pending number's end: ``issued`` (its invoice complete) or ``void`` (with why)."""
        self._db.execute(
            "UPDATE invoices SET state = ?, note = ? WHERE number = ? AND state = 'pending'",
            (state, note, number),
        )

    def withdraw(self, entry: Entry) -> bool:
        """Take back a pending number that failed before anything of it was written: removed
        when it is still the last of its series (no gap), else void. True if removed."""
        if self.next_seq(entry.series) == entry.seq + 1:
            self._db.execute("DELETE FROM invoices WHERE number = ? AND state = 'pending'",
                             (entry.number,))  # fmt: skip
            return True
        self.settle(entry.number, "void", "it failed before its invoice was written")
        return False

    def seller(self) -> str | None:
        """The seller this register belongs to (its tax number), once it has invoiced."""
        row = self._db.execute("SELECT value FROM facts WHERE name = 'seller'").fetchone()
        if row is not None:
            return str(row[0])
        last = self.last()
        return last.seller if last is not None else None

    def own(self, seller: str) -> None:
        """Note that the register belongs to ``seller`` (kept from the first invoice on)."""
        self._db.execute("INSERT OR IGNORE INTO facts (name, value) VALUES ('seller', ?)",
                         (seller,))  # fmt: skip


class Register:
    """The invoice register in the SQLite file at ``path``.

    ``wait`` is how many seconds to wait for another process holding the register's lock
    before giving up with a clear error. ``like``: a new register gets that file's permissions
    (a private brief's register is private).
    """

    def __init__(self, path: Path, *, wait: float = DEFAULT_WAIT, like: Path | None = None) -> None:
        self.path = path
        self.wait = wait
        self.like = like

    def _refuse(self, message: str) -> RegisterProblem:
        return RegisterProblem(message, file=str(self.path))

    def _connect(self, *, create: bool) -> sqlite3.Connection:
        if not create and not self.path.exists():
            raise FileNotFoundError(self.path)
        if not self.path.parent.is_dir():
            raise self._refuse(
                "its folder does not exist: create it, or name another place for the register "
                "in firmbrief.toml ([invoices] register)"
            )
        if self.path.exists() and not self.path.is_file():
            raise self._refuse("is not a file")
        if create and not self.path.exists():
            self._create()
        try:
            connection = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=rw",
                uri=True,
                timeout=self.wait,
                isolation_level=None,  # transactions are ours: BEGIN IMMEDIATE ... COMMIT
            )
        except sqlite3.Error as error:
            raise self._refuse(f"cannot be opened ({error}); nothing was written") from None
        return connection

    def _create(self) -> None:
        """An empty file with the permissions the register is to have (SQLite gives its
        journal the same)."""
        import os

        from firmbrief.atomic import output_mode

        try:
            handle = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                             output_mode(self.path, self.like))  # fmt: skip
        except FileExistsError:
            return
        except OSError as error:
            raise self._refuse(
                f"cannot be created ({error.strerror or error}); nothing was written"
            ) from None
        os.close(handle)

    def exists(self) -> bool:
        return self.path.exists()

    def entries(self) -> list[Entry]:
        """Every invoice and credit note, in order of number (none when there is no register
        yet); read without waiting for a writer to finish (SQLite lets readers read)."""
        return self._read("1", ())

    def pending(self) -> list[Entry]:
        """The numbers taken whose invoice is not complete yet (a register of format 1 has
        none)."""
        return self._read("state = 'pending'", (), legacy=False)

    def find(self, number: str) -> Entry | None:
        """The invoice or credit note numbered ``number``, in any state."""
        found = self._read("number = ?", (number,))
        return found[0] if found else None

    def _read(self, where: str, args: tuple[Any, ...], *, legacy: bool = True) -> list[Entry]:
        """The rows ``where`` says; ``legacy``: whether a register of format 1 can answer."""
        try:
            connection = self._connect(create=False)
        except FileNotFoundError:
            return []
        try:
            with self._guarded():
                version = self._check(connection, writing=False)
                old = version < SCHEMA_VERSION
                if version == 0 or (old and not legacy):  # never written to; no such column
                    return []
                return Transaction(connection, self.path, legacy=old)._select(where, args)
        finally:
            connection.close()

    @contextmanager
    def issuing(self) -> Iterator[Transaction]:
        """The register under its write lock: what is added is committed when the block ends
        without an error, and rolled back (nothing written) otherwise."""
        connection = self._connect(create=True)
        try:
            with self._guarded():
                connection.execute("BEGIN IMMEDIATE")
                self._check(connection, writing=True)
            try:
                with self._guarded():
                    yield Transaction(connection, self.path)
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
            with self._guarded():
                connection.execute("COMMIT")
        finally:
            connection.close()

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        """SQLite's errors as :class:`RegisterProblem` s that say what to do."""
        try:
            yield
        except sqlite3.OperationalError as error:
            text = str(error)
            if "locked" in text or "busy" in text:
                raise self._refuse(
                    f"is locked by another program (waited {self.wait:g} s): try again once "
                    "it is done; nothing was written"
                ) from None
            if "readonly" in text or "read-only" in text:
                raise self._refuse(
                    "is read-only: make it (and its folder) writable; nothing was written"
                ) from None
            if "full" in text:
                raise self._refuse(
                    "cannot grow: the disk is full; free some space; nothing was written"
                ) from None
            raise self._refuse(f"cannot be used ({text}); nothing was written") from None
        except sqlite3.DatabaseError as error:
            raise self._refuse(
                f"is damaged or not an invoice register ({error}); nothing was written. "
                "Restore it from your backup"
            ) from None

    def _check(self, connection: sqlite3.Connection, *, writing: bool) -> int:
        """Refuse a register that is damaged, someone else's, or newer than this firmbrief;
        create the tables in a new (empty) one, or bring an older one up to date, when
        ``writing``; its version (as it is now)."""
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        tables = {
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            ).fetchall()
        }
        if version > SCHEMA_VERSION:
            raise self._refuse(
                f"was written by a newer firmbrief (register version {version}; this one reads "
                f"up to {SCHEMA_VERSION}): upgrade firmbrief; nothing was written"
            )
        if version == 0:
            if tables:
                raise self._refuse(
                    "is an SQLite file, but not a firmbrief invoice register: name another "
                    "file in firmbrief.toml ([invoices] register); nothing was written"
                )
            if writing:
                for statement in _statements(_TABLE + _RULES):
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                return SCHEMA_VERSION
            return int(version)
        if "invoices" not in tables:
            raise self._refuse("is damaged: it has no invoices table; restore it from your backup")
        (verdict,) = connection.execute("PRAGMA quick_check").fetchone()
        if verdict != "ok":
            raise self._refuse(
                f"is damaged ({verdict}); nothing was written. Restore it from your backup"
            )
        if version < SCHEMA_VERSION and writing:
            for statement in _statements(_UPGRADE + _RULES):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            return SCHEMA_VERSION
        return int(version)


def _statements(script: str) -> list[str]:
    """The statements of ``script`` (triggers kept whole), to run one by one inside a
    transaction (``executescript`` would commit it)."""
    statements: list[str] = []
    current: list[str] = []
    for line in script.strip().splitlines():
        current.append(line)
        text = "\n".join(current).strip()
        trigger = text.upper().startswith("CREATE TRIGGER")
        if text.endswith(";") and (not trigger or text.upper().endswith("END;")):
            statements.append(text)
            current = []
    return statements
