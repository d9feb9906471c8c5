"""The words of a notice in the client's language: the clauses, the instalments, the moved
dates and the settlement's items as :mod:`~firmbrief.contracts.record.notices` names them,
through the gettext catalogues (:mod:`firmbrief.templates.translations`); in English they are
written as the record writes them."""

from __future__ import annotations

import gettext
import re
from typing import Final

from firmbrief.briefs.language import language_for
from firmbrief.contracts.clauses import clause
from firmbrief.contracts.record.state import Project
from firmbrief.templates.translations import N_, QUOTES, translations

__all__ = [
    "PHRASES",
    "clause_name",
    "notice_language",
    "phrase",
    "quoted",
    "upper_first",
    "words_of",
]


def notice_language(project: Project) -> str:
    """The client's language (:func:`~firmbrief.briefs.language.language_for`)."""
    return language_for(project.brief)


def words_of(project: Project) -> gettext.NullTranslations:
    """The client's language's words (English: as written here)."""
    return translations(notice_language(project))


def quoted(project: Project, text: str) -> str:
    """``text`` in quotation marks: "…" in English, else the language's own („…“, « … »)."""
    language = notice_language(project)
    opening, closing = QUOTES[language] if language != "en" else ('"', '"')
    return f"{opening}{text}{closing}"


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def clause_name(project: Project, key: str) -> str:
    """``clause 7 (Payment)`` in the client's language (``Ziffer 7 (Zahlung)``)."""
    found = clause(project.brief, key)
    _ = words_of(project).gettext
    return _("clause {number} ({title})").format(number=found.number, title=_(found.title))


PHRASES: Final = (
    (r"iteration (\d+) prepayment", N_("iteration {0} prepayment")),
    (r"iteration (\d+) balance", N_("iteration {0} balance")),
    (r"iteration (\d+) extra revision round (\d+)", N_("iteration {0} extra revision round {1}")),
    (r"change request (\d+)", N_("change request {0}")),
    (r"test task", N_("test task")),
    (r"cancellation settlement", N_("cancellation settlement")),
    (r"iteration (\d+) start", N_("iteration {0} start")),
    (r"iteration (\d+) delivery", N_("iteration {0} delivery")),
    (r"iteration (\d+): final files", N_("iteration {0}: final files")),
    (r"iteration (\d+): final files, source and working files",
     N_("iteration {0}: final files, source and working files")),
    (r"iteration (\d+): drafts and work in progress",
     N_("iteration {0}: drafts and work in progress")),
    (r"source and working files: not part of this project",
     N_("source and working files: not part of this project")),
)  # fmt: skip
"""The record's names a notice repeats (an instalment's label, :mod:`~.state`; a moved date,
:mod:`~.schedule`; what a settlement releases or withholds, :mod:`~.settlement`), and their
words to translate."""

_PHRASES: Final = tuple((re.compile(pattern), words) for pattern, words in PHRASES)


def phrase(project: Project, text: str) -> str:
    """One of the record's names (:data:`PHRASES`) in the client's language (``iteration 1
    prepayment``: ``Anzahlung für Iteration 1``); any other text as it is."""
    for pattern, words in _PHRASES:
        if found := pattern.fullmatch(text):
            return words_of(project).gettext(words).format(*found.groups())
    return text
