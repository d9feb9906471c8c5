"""The translations of the words firmbrief writes to a client: gettext catalogues, one per
language, under ``firmbrief/templates/locale/<lang>/LC_MESSAGES/firmbrief.po``.

The ``.po`` files are the source (extracted by Babel from the templates and the Python that
writes a client's words: ``make catalogues``); the compiled ``.mo`` beside them ship in the
wheel. A checkout without them (an editable install before ``make catalogues``) compiles the
``.po`` in memory once, so a document is never silently left in English.

The templates call ``gettext``/``ngettext`` (Jinja's i18n extension, newstyle): the functions
installed by :func:`install` look up the document's ``language`` in the template's context, so
one environment serves every language and no template is copied per language.
"""

from __future__ import annotations

import gettext as gettext_module
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = [
    "COUNTED",
    "DOMAIN",
    "NP_",
    "N_",
    "QUOTES",
    "catalogue_path",
    "counted",
    "install",
    "language_of",
    "translations",
]

DOMAIN: Final = "firmbrief"


def N_(message: str) -> str:
    """``message`` as it is, marked for the catalogues (translated where it is printed)."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """A counted phrase's two English forms, marked for the catalogues (``make catalogues``
    extracts ``NP_`` as a plural message)."""
    return singular, plural


COUNTED: Final = {
    "day": NP_("%(num)d day", "%(num)d days"),
    "working day": NP_("%(num)d working day", "%(num)d working days"),
    "further day": NP_("%(num)d further day", "%(num)d further days"),
    "iteration": NP_("%(num)d iteration", "%(num)d iterations"),
    "year": NP_("%(num)d year", "%(num)d years"),
    "time": NP_("%(num)d time", "%(num)d times"),
}
"""The counted words the templates print (``{{ n|plural("day") }}``), by their English
singular: each a plural message in every catalogue, so ``2 Tage`` and ``1 jour`` follow the
language's own plural rule."""


def counted(language: str, count: int, singular: str, many: str | None = None) -> str:
    """``1 day``, ``2 days`` in ``language`` (a word without a catalogue entry: in English)."""
    forms = COUNTED.get(singular)
    if forms is None:
        return f"{count} {singular if count == 1 else (many or singular + 's')}"
    return translations(language).ngettext(*forms, count) % {"num": count}


QUOTES: Final = {
    "en": ("\u201c", "\u201d"),
    "de": ("\u201e", "\u201c"),
    "fr": ("\u00ab\u202f", "\u202f\u00bb"),  # with narrow no-break spaces
    "es": ("\u00ab", "\u00bb"),
}
"""Each language's quotation marks: “…”, „…“, « … », «…»."""


def catalogue_path(language: str, suffix: str = ".po") -> Path:
    """Where ``language``'s catalogue lives (``.po`` source, or ``.mo`` compiled)."""
    from firmbrief.templates import folder

    return folder() / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


@cache
def translations(language: str) -> gettext_module.NullTranslations:
    """``language``'s translations; English (the templates' own words) needs none."""
    if language == "en":
        return gettext_module.NullTranslations()
    compiled = catalogue_path(language, ".mo")
    source = catalogue_path(language)
    if compiled.is_file() and (
        not source.is_file() or compiled.stat().st_mtime >= source.stat().st_mtime
    ):
        with compiled.open("rb") as handle:
            return gettext_module.GNUTranslations(handle)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext_module.GNUTranslations(buffer)


def language_of(locale: str) -> str:
    """The language of a Babel ``locale`` firmbrief writes in (``de_AT``: ``de``), else ``en``."""
    from firmbrief.briefs.language import LANGUAGES

    language = locale.split("_")[0]
    return language if language in LANGUAGES else "en"


def _language(context: Any) -> str:
    return str(context.get("language") or "en")


def _spelled(context: Any, text: str) -> str:
    """English text in the document's spelling (``en-US``: "license"); other languages as
    their catalogue writes them (a German noun is never respelled)."""
    from firmbrief.contracts.spelling import american

    if _language(context) == "en" and context.get("spelling") == "en-US":
        return american(text)
    return text


def install(env: Environment) -> None:
    """``gettext``, ``ngettext`` (and ``_``) for ``env``'s templates, in the language of the
    document being filled (its context's ``language``)."""
    from jinja2 import pass_context

    @pass_context
    def gettext(context: Any, message: str) -> str:
        return _spelled(context, translations(_language(context)).gettext(message))

    @pass_context
    def ngettext(context: Any, singular: str, plural: str, n: int) -> str:
        return _spelled(context, translations(_language(context)).ngettext(singular, plural, n))

    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]

    @pass_context
    def plural(context: Any, count: int, singular: str, many: str | None = None) -> str:
        return counted(_language(context), count, singular, many)

    env.filters["plural"] = plural
