"""The language of what a client receives, and the locale its numbers and dates are written in.

What firmbrief says to the freelancer (``check``, ``status``, errors) stays in English; the
documents, notices and questionnaire a client receives are in :func:`language_for`:

1. the brief's ``language`` when it says one;
2. else the language of the client's country (:data:`COUNTRY_LANGUAGE`: Germany, Austria,
   Switzerland and Liechtenstein German; France, Belgium, Luxembourg and Monaco French; Spain
   and the Spanish-speaking Americas Spanish), when the terms' legal clauses are worded in it
   for the governing law (:data:`LEGAL_WORDING`). Switzerland and Belgium have more than one
   language: their default is German and French, and a brief for a client in Geneva or Ghent
   says ``language`` itself;
3. else the freelancer's ``language`` (``firmbrief.toml``'s ``[business] language``);
4. else English.

A default never picks a language the terms cannot be written in: each language's clauses are
written for some laws only (German for German and Austrian law, French for French law, Spanish
for Spanish law), so a client in Spain of a studio in Berlin, under German law, receives
English unless the brief says ``es``; ``check`` then says that the terms' clauses have no
Spanish wording for German law, and ``render`` writes the invoice, brief and notices in Spanish
and refuses the terms rather than print them half in English.

:func:`document_locale` is that language with the client's country's conventions where Babel
knows them (``de_AT``, ``fr_BE``), else the freelancer's, else the language alone; English keeps
:func:`~firmbrief.briefs.locales.locale_for`'s conventions (``en_DE`` for a studio in Berlin).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Final, get_args

from firmbrief.briefs.fields import Language
from firmbrief.briefs.legal import governing_law
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
    "versions_for",
    "worded",
]

LANGUAGES: Final[tuple[str, ...]] = get_args(Language)
DEFAULT_LANGUAGE: Final = "en"
LANGUAGE_NAMES: Final = {"en": "English", "de": "German", "fr": "French", "es": "Spanish"}

LEGAL_WORDING: Final[dict[str, frozenset[str] | None]] = {
    "en": None,
    "de": frozenset({"DE", "AT"}),
    "fr": frozenset({"FR"}),
    "es": frozenset({"ES"}),
}
"""The laws each language's legal clauses are written for (``templates/clauses/<language>/``),
by jurisdiction code: a country (``DE``) covers its states and nations. English (``None``) is
written for every law: its statements of law come from the law table, and where the table has
no row nothing is stated. The other languages are written for the laws a lawyer of that
language would sign them under, not translated word by word."""


Wording = Mapping[str, frozenset[str] | None]


def worded(language: str, law: str | None, wording: Wording | None = None) -> bool:
    """Whether the terms' clauses have ``language`` wording for the law ``law`` (``"US-NY"``)."""
    laws = (LEGAL_WORDING if wording is None else wording).get(language, frozenset())
    if laws is None:
        return True
    return law is not None and (law in laws or law.partition("-")[0] in laws)


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


def language_for(brief: Brief, *, wording: Wording | None = None) -> str:
    """The language of the documents ``brief``'s client receives (see the module's rule);
    ``wording``: the laws each language is worded for (:data:`LEGAL_WORDING`)."""
    if brief.language:
        return brief.language
    by_country = COUNTRY_LANGUAGE.get(brief.client.country or "")
    if by_country and worded(by_country, governing_law(brief).code, wording):
        return by_country
    return brief.freelancer.language or DEFAULT_LANGUAGE


def document_locale(brief: Brief, language: str | None = None) -> str:
    """The Babel locale of ``brief``'s documents in ``language`` (default:
    :func:`language_for`): ``de_DE`` for a German client, ``en_DE`` for an English brief from a
    studio in Germany, ``fr`` when no country fits."""
    language = language or language_for(brief)
    if language == DEFAULT_LANGUAGE:
        return locale_for(brief)
    for country in (brief.client.country, brief.freelancer.country):
        if country and _locale_exists(f"{language}_{country}"):
            return f"{language}_{country}"
    return language


def versions_for(brief: Brief) -> tuple[tuple[str, ...], str]:
    """The languages the terms are made in and the one that prevails (issue 26, item 5): when
    the freelancer's language and the client's differ and the terms are worded in both for the
    governing law, both (the client's first) and the governing law's country's language if it is
    one of them, else the client's; else ``((), "")``. Each copy says the same, whichever
    language it is printed in (``render --language``)."""
    client = language_for(brief)
    own = brief.freelancer.language
    law = governing_law(brief)
    if not own or own == client or not (worded(own, law.code) and worded(client, law.code)):
        return (), ""
    home = COUNTRY_LANGUAGE.get(law.country or "")
    return (client, own), home if home in (client, own) else client
