"""The invoice register: one SQLite file per business that hands out invoice numbers without
gaps or duplicates and remembers every invoice issued.

Numbers are handed out in a transaction (:meth:`Register.issuing`): ``BEGIN IMMEDIATE`` takes
the register's write lock, the next number is the last of its series plus one, and the invoice
is added and committed only once its PDF is written. Two ``firmbrief invoice`` at once never
share a number (the second waits for the first) and never skip one (an invoice that fails
before it is committed leaves no trace). A series is the year for a number format with
``{year}`` (numbering starts again at 1 each year), else one series for all.

An invoice is never deleted or renumbered: triggers refuse ``UPDATE`` and ``DELETE`` on the
table, and a mistake is corrected by a credit note with its own number. Each row keeps the
invoice's data as JSON, so the same invoice can be printed again exactly.

A register that is locked by another program for longer than the wait, damaged, not a
firmbrief register, or written by a newer firmbrief is one :class:`RegisterProblem` naming the
file, and nothing is written.
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
]

SCHEMA_VERSION: Final = 1
"""The register's format (SQLite's ``user_version``); a newer one is refused."""

DEFAULT_WAIT: Final = 60.0
"""Seconds to wait for another ``firmbrief invoice`` to finish with the register."""

_SCHEMA: Final = """
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
    PRIMARY KEY (series, seq)
);
CREATE INDEX invoices_project ON invoices (project, instalment);
CREATE TRIGGER invoices_never_deleted BEFORE DELETE ON invoices
BEGIN SELECT RAISE(ABORT, 'an invoice is never deleted: issue a credit note'); END;
CREATE TRIGGER invoices_never_changed BEFORE UPDATE ON invoices
BEGIN SELECT RAISE(ABORT, 'an invoice is never changed or renumbered: issue a credit note'); END;
"""

_COLUMNS: Final = (
    "number", "series", "seq", "kind", "project", "instalment", "credits", "issued", "due",
    "currency", "net", "tax", "gross", "data",
)  # fmt: skip


class RegisterProblem(FirmbriefError):
    """The invoice register cannot be used: locked, damaged, not a register, or too new."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One invoice or credit note in the register."""

    number: str
    series: str
    seq: int
    kind: str  # "invoice" or "credit_note"
    project: str  # the brief's path, resolved
    instalment: str  # the instalment's key: 1-prepayment, 2-round-3, change-1, test-task
    credits: str | None  # for a credit note: the number of the invoice it cancels
    issued: date
    due: date | None
    currency: str
    net: str
    tax: str
    gross: str
    data: dict[str, Any]

    def row(self) -> tuple[Any, ...]:
        values = {
            **{name: getattr(self, name) for name in _COLUMNS},
            "issued": self.issued.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "data": json.dumps(self.data, sort_keys=True, ensure_ascii=False),
        }
        return tuple(values[name] for name in _COLUMNS)

    @classmethod
    def of(cls, row: tuple[Any, ...]) -> Entry:
        values = dict(zip(_COLUMNS, row, strict=True))
        values["issued"] = date.fromisoformat(values["issued"])
        values["due"] = date.fromisoformat(values["due"]) if values["due"] else None
        values["data"] = json.loads(values["data"])
        return cls(**values)


class Transaction:
    """The register while this process holds its write lock (see :meth:`Register.issuing`)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    def _select(
        self, where: str, args: tuple[Any, ...], order: str = "series, seq"
    ) -> list[Entry]:
        rows = self._db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM invoices WHERE {where} ORDER BY {order}", args
        ).fetchall()
        return [Entry.of(tuple(row)) for row in rows]

    def find(self, number: str) -> Entry | None:
        """The invoice or credit note numbered ``number``."""
        found = self._select("number = ?", (number,))
        return found[0] if found else None

    def of_project(self, project: str) -> list[Entry]:
        """Every invoice and credit note of the project ``project``, in order of number."""
        return self._select("project = ?", (project,))

    def credit_for(self, number: str) -> Entry | None:
        """The credit note that cancels invoice ``number``, if any."""
        found = self._select("kind = 'credit_note' AND credits = ?", (number,))
        return found[0] if found else None

    def last_in(self, series: str) -> Entry | None:
        """The last number handed out in ``series``."""
        found = self._select("series = ?", (series,), order="seq DESC LIMIT 1")
        return found[0] if found else None

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
        marks = ", ".join("?" for _ in _COLUMNS)
        try:
            self._db.execute(
                f"INSERT INTO invoices ({', '.join(_COLUMNS)}) VALUES ({marks})", entry.row()
            )
        except sqlite3.IntegrityError as error:
            raise RegisterProblem(
                f"{entry.number} cannot be added ({error})", file=str(self.path)
            ) from None


class Register:
    """The invoice register in the SQLite file at ``path``.

    ``wait`` is how many seconds to wait for another process holding the register's lock
    before giving up with a clear error.
    """

    def __init__(self, path: Path, *, wait: float = DEFAULT_WAIT) -> None:
        self.path = path
        self.wait = wait

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
        mode = "rwc" if create else "rw"
        try:
            connection = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode={mode}",
                uri=True,
                timeout=self.wait,
                isolation_level=None,  # transactions are ours: BEGIN IMMEDIATE ... COMMIT
            )
        except sqlite3.Error as error:
            raise self._refuse(f"cannot be opened ({error})") from None
        return connection

    def entries(self) -> list[Entry]:
        """Every invoice and credit note, in order of number (none when there is no register
        yet); read without waiting for a writer to finish (SQLite lets readers read)."""
        try:
            connection = self._connect(create=False)
        except FileNotFoundError:
            return []
        try:
            with self._guarded():
                self._check(connection, writing=False)
                return Transaction(connection, self.path)._select("1", ())
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
                yield Transaction(connection, self.path)
            except BaseException:
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
            raise self._refuse(f"cannot be used ({text}); nothing was written") from None
        except sqlite3.DatabaseError as error:
            raise self._refuse(
                f"is damaged or not an invoice register ({error}); nothing was written. "
                "Restore it from your backup"
            ) from None

    def _check(self, connection: sqlite3.Connection, *, writing: bool) -> None:
        """Refuse a register that is damaged, someone else's, or newer than this firmbrief;
        create the tables in a new (empty) one when ``writing``."""
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
                for statement in _statements(_SCHEMA):
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            return
        if "invoices" not in tables:
            raise self._refuse("is damaged: it has no invoices table; restore it from your backup")
        (verdict,) = connection.execute("PRAGMA quick_check").fetchone()
        if verdict != "ok":
            raise self._refuse(
                f"is damaged ({verdict}); nothing was written. Restore it from your backup"
            )


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
