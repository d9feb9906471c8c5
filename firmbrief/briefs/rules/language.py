"""The client's language: the terms are signed only in a language their legal clauses are
worded in (see :mod:`firmbrief.briefs.language`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from firmbrief.briefs import language as languages
from firmbrief.briefs.legal import governing_law
from firmbrief.briefs.report import Finding
from firmbrief.briefs.rules import Context, error

__all__ = ["NO_LEGAL_WORDING", "check_language"]

NO_LEGAL_WORDING: Final = "no-legal-wording"
"""The finding ``render`` looks for: the terms cannot be written, the brief can."""


def check_language(ctx: Context) -> Iterator[Finding]:
    language = languages.language_for(ctx.brief)
    law = governing_law(ctx.brief)
    if law.code is None or languages.worded(language, law.code):
        return  # an unknown law is check's finding at terms.legal.law
    name = languages.LANGUAGE_NAMES[language]
    written = sorted(
        language_name
        for code, language_name in languages.LANGUAGE_NAMES.items()
        if languages.worded(code, law.code)
    )
    yield error(
        NO_LEGAL_WORDING,
        ("language",),
        f"the terms' clauses have no {name} wording for the law of {law.name} "
        f"(written for it in: {', '.join(written)}): write the language of a wording, or "
        f"another terms.legal.law; the invoices, the brief and the notices are written in {name}",
    )
