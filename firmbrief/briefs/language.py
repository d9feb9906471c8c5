"""The language of what a client receives, and the locale its numbers and dates are written in.

What firmbrief says to the freelancer (``check``, ``status``, errors) stays in English; the
documents, notices and questionnaire a client receives are in :func:`language_for`:

1. the brief's ``language`` when it says one;
2. else the language of the client's country (:data:`COUNTRY_LANGUAGE`: Germany, Austria,
   Switzerland and Liechtenstein German; France, Belgium, Luxembourg and Monaco French; Spain
   and the Spanish-speaking Americas Spanish), when the terms' legal clauses are worded in it
   (:data:`LEGAL_WORDING`). Switzerland and Belgium have more than one language: their default
   is German and French, and a brief for a client in Geneva or Ghent says ``language`` itself;
3. else the freelancer's ``language`` (``firmbrief.toml``'s ``[business] language``);
4. else English.

A default never picks a language the terms cannot be written in: the clauses are English only
until the law table gives each law its own wording, so a client in Germany receives English
unless the brief (or the profile) says ``de``; ``check`` then says that the terms' clauses have
no German wording, and ``render`` writes the invoice, brief and notices in German and refuses
the terms rather than print them half in English.

:func:`document_locale` is that language with the client's country's conventions where Babel
knows them (``de_AT``, ``fr_BE``), else the freelancer's, else the language alone; English keeps
:func:`~firmbrief.briefs.locales.locale_for`'s conventions (``en_DE`` for a studio in Berlin).
"""

from __future__ import annotations

from functools import cache
from typing import Final, get_args

from firmbrief.briefs.fields import Language
from firmbrief.briefs.locales import locale_for
from firmbrief.briefs.schema import Brief

__all__ = [
    "COUNTRY_LANGUAGE",
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "LEGAL_WORDING",
    "document_locale",
    "language_for",
]

LANGUAGES: Final[tuple[str, ...]] = get_args(Language)
DEFAULT_LANGUAGE: Final = "en"
LANGUAGE_NAMES: Final = {"en": "English", "de": "German", "fr": "French", "es": "Spanish"}

LEGAL_WORDING: Final = frozenset({"en"})
"""The languages the terms' legal clauses are written in (English only, until the law table
gives each law its clauses in its own language)."""

COUNTRY_LANGUAGE: Final[dict[str, str]] = {
    **dict.fromkeys(("DE", "AT", "CH", "LI"), "de"),
    **dict.fromkeys(("FR", "BE", "LU", "MC"), "fr"),
    **dict.fromkeys("ES MX AR CO CL PE VE EC GT CU BO DO HN PY SV NI CR PA UY".split(), "es"),
}
"""The language a client in a country receives by default (countries not listed: see
:func:`language_for`)."""


@cache
def _locale_exists(name: str) -> bool:
    from babel import localedata

    return bool(localedata.exists(name))


def language_for(brief: Brief, *, worded: frozenset[str] | None = None) -> str:
    """The language of the documents ``brief``'s client receives (see the module's rule);
    ``worded``: the languages a default may pick (:data:`LEGAL_WORDING`)."""
    if brief.language:
        return brief.language
    by_country = COUNTRY_LANGUAGE.get(brief.client.country or "")
    if by_country and by_country in (LEGAL_WORDING if worded is None else worded):
        return by_country
    return brief.freelancer.language or DEFAULT_LANGUAGE


def document_locale(brief: Brief) -> str:
    """The Babel locale of ``brief``'s documents: ``de_DE`` for a German client, ``en_DE`` for
    an English brief from a studio in Germany, ``fr`` when no country fits."""
    language = language_for(brief)
    if language == DEFAULT_LANGUAGE:
        return locale_for(brief)
    for country in (brief.client.country, brief.freelancer.country):
        if country and _locale_exists(f"{language}_{country}"):
            return f"{language}_{country}"
    return language
