"""firmbrief's own errors.

Domain code raises these; the CLI prints ``str(error)`` as one line on stderr and exits with
``error.exit_code``. Messages are written for the person at the terminal: what is wrong, where,
and how to fix it. They never carry a traceback or a client's data beyond the offending value.

Every exit code of every command is in :data:`EXIT_CODES` (README's table is checked against
it). A refusal is one class here, or a subclass of one, so that the same refusal exits the same
in every command: not signed yet (:class:`NotSigned`), changed after signing
(:class:`BriefChanged`), a date before one the record holds (:class:`DatedTooEarly`).
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_CODES",
    "EXIT_HANGUP",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_READY",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "EXIT_UNUSABLE",
    "BriefChanged",
    "BriefUnreadable",
    "DatedTooEarly",
    "FirmbriefError",
    "NotReady",
    "NotSigned",
    "OutputError",
    "VagueDate",
    "batch_exit",
]

EXIT_OK: Final = 0
"""Exit code: done (ready, written, recorded, the gate open, the PDF consistent)."""

EXIT_NOT_READY: Final = 1
"""Exit code: the input is usable but the project is not ready for what was asked (or a gate is
closed)."""

EXIT_UNUSABLE: Final = 2
"""Exit code: the input cannot be used (missing, unreadable, malformed, hostile), or an option or
argument is wrong (the option at fault is named)."""

EXIT_INTERNAL: Final = 70
"""Exit code: a bug in firmbrief (EX_SOFTWARE); one line on stderr, no traceback."""

EXIT_HANGUP: Final = 129
"""Exit code: stopped by SIGHUP (128 + 1); nothing was half-written."""

EXIT_INTERRUPTED: Final = 130
"""Exit code: interrupted by Ctrl-C (128 + SIGINT); nothing was half-written."""

EXIT_BROKEN_PIPE: Final = 141
"""Exit code: the reader went away (128 + SIGPIPE), as a shell reports a command cut off by
``head``."""

EXIT_TERMINATED: Final = 143
"""Exit code: stopped by SIGTERM (128 + 15); nothing was half-written."""

EXIT_CODES: Final[dict[int, str]] = {
    EXIT_OK: "done: ready to start, written, recorded, the gate open, the PDF consistent",
    EXIT_NOT_READY: (
        "not ready, or refused by the terms: not ready to start or to sign, not signed yet, "
        "changed after signing, a gate closed, already invoiced, a PDF that differs; in a batch, "
        "any brief not done"
    ),
    EXIT_UNUSABLE: (
        "unusable input: a file missing, unreadable, malformed or hostile; an option or "
        "argument that is wrong (named), a date before one the record holds; a time budget "
        "passed; an output that cannot be written"
    ),
    EXIT_INTERNAL: "a bug in firmbrief: one line, no traceback (`FIRMBRIEF_DEBUG=1` shows where)",
    EXIT_HANGUP: "stopped by SIGHUP: nothing was half-written",
    EXIT_INTERRUPTED: "interrupted by Ctrl-C: nothing was half-written",
    EXIT_BROKEN_PIPE: "the reader went away: a pipe into `head` closed early",
    EXIT_TERMINATED: "stopped by SIGTERM: nothing was half-written",
}
"""Every exit code firmbrief uses, and what it means: the one table."""


def batch_exit(*, done: bool, bug: bool) -> int:
    """The exit code of a run over many briefs: a bug in firmbrief on any of them above all
    (70), then any brief not done (1), else 0."""
    if bug:
        return EXIT_INTERNAL
    return EXIT_OK if done else EXIT_NOT_READY


class FirmbriefError(Exception):
    """Base of every error firmbrief reports to a user.

    ``file`` and ``field`` say where the problem is; ``str()`` gives the one-line message
    ``file: field: message``.
    """

    exit_code = EXIT_UNUSABLE

    def __init__(self, message: str, *, file: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.field = field

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.field) if p]
        return ": ".join([*parts, self.message])


class BriefUnreadable(FirmbriefError):
    """A file cannot be used at all: missing, too large, not text, not YAML/JSON, or hostile."""


class LawUnknown(FirmbriefError):
    """A jurisdiction code names no law firmbrief can speak of (not a country; a country whose
    contract law is its states', without the state)."""


class NotReady(FirmbriefError):
    """The project is not ready for what was asked (start, render, release...)."""

    exit_code = EXIT_NOT_READY


class NotSigned(NotReady):
    """The brief is not signed in its record: there are no signed terms to act on (record,
    invoice, notice, amendment)."""


class BriefChanged(NotReady):
    """The brief was changed after it was signed: what it says is no longer what was agreed.

    Gates, notices, invoices and rendering refuse to act on it (exit 1) until the signed brief is
    restored or the change is signed as an amendment.
    """


class DatedTooEarly(FirmbriefError):
    """A date given on the command line falls before one the record already holds: the
    signing, the invoice a credit note cancels, the last invoice of its series, the line a void
    takes back. The option is wrong (exit 2), whichever command it was given to."""


class OutputError(FirmbriefError):
    """An output file could not be written; nothing already on disk was changed."""


class VagueDate(FirmbriefError, ValueError):
    """A value given as a date is not a firm calendar date.

    ``kind`` says why, one of :data:`firmbrief.briefs.dates.REFUSALS`; ``value`` is the text as
    given; the message names the problem and shows a firm spelling.
    """

    exit_code = EXIT_NOT_READY

    def __init__(self, kind: str, value: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.value = value
