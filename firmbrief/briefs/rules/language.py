"""The client's language: the terms are signed only in a language their legal clauses are
worded in (see :mod:`firmbrief.briefs.language`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from firmbrief.briefs import language as languages
from firmbrief.briefs.report import Finding
from firmbrief.briefs.rules import Context, error

__all__ = ["NO_LEGAL_WORDING", "check_language"]

NO_LEGAL_WORDING: Final = "no-legal-wording"
"""The finding ``render`` looks for: the terms cannot be written, the brief can."""


def check_language(ctx: Context) -> Iterator[Finding]:
    language = languages.language_for(ctx.brief)
    if language not in languages.LEGAL_WORDING:
        name = languages.LANGUAGE_NAMES[language]
        yield error(
            NO_LEGAL_WORDING,
            ("language",),
            f'the terms\' clauses have no {name} wording yet (the governing-law clause "law" '
            f"and every other clause are English only): write language: en to sign English "
            f"terms; the invoices, the brief and the notices are written in {name}",
        )
