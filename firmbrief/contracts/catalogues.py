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

from typing import TYPE_CHECKING, Any

from firmbrief.templates.translations import (
    COUNTED,
    DOMAIN,
    N_,
    NP_,
    QUOTES,
    catalogue_path,
    counted,
    spelled,
    translations,
)

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
    return spelled(text, _language(context), context.get("spelling"))


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
