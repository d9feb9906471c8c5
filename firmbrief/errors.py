"""firmbrief's own errors.

Domain code raises these; the CLI prints ``str(error)`` as one line on stderr and exits with
``error.exit_code``. Messages are written for the person at the terminal: what is wrong, where,
and how to fix it. They never carry a traceback or a client's data beyond the offending value.
"""

from __future__ import annotations

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_READY",
    "EXIT_UNUSABLE",
    "BriefChanged",
    "BriefUnreadable",
    "FirmbriefError",
    "NotReady",
    "OutputError",
    "VagueDate",
]

EXIT_NOT_READY = 1
"""Exit code: the input is usable but the project is not ready (or a gate is closed)."""

EXIT_UNUSABLE = 2
"""Exit code: the input cannot be used at all (missing, unreadable, malformed, hostile)."""

EXIT_INTERNAL = 70
"""Exit code: a bug in firmbrief (EX_SOFTWARE); one line on stderr, no traceback."""

EXIT_INTERRUPTED = 130
"""Exit code: interrupted by Ctrl-C (128 + SIGINT); nothing was half-written."""

EXIT_BROKEN_PIPE = 141
"""Exit code: the reader went away (128 + SIGPIPE), as a shell reports a command cut off by
``head``."""


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


class BriefChanged(FirmbriefError):
    """The brief was changed after it was signed: what it says is no longer what was agreed.

    Gates, notices and invoices refuse to act on it (exit 2) until the signed brief is restored
    or the change is signed as an amendment.
    """


class OutputError(FirmbriefError):
    """An output file could not be written; nothing already on disk was changed."""


class LawUnknown(FirmbriefError):
    """A jurisdiction code names no law firmbrief can speak of (not a country; a country whose
    contract law is its states', without the state)."""


class NotReady(FirmbriefError):
    """The project is not ready for what was asked (start, render, release...)."""

    exit_code = EXIT_NOT_READY


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
