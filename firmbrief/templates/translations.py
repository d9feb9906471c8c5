"""The gettext catalogues' translations, loaded once per language, with the counted words and
each language's quotation marks: one source for the documents
(:mod:`firmbrief.contracts.catalogues`, with Jinja), the notices (the project record, without
Jinja) and the questionnaire (:mod:`firmbrief.intake.form_view`), which may not import each
other.

The ``.po`` files under ``locale/<lang>/LC_MESSAGES/`` are the source; the compiled ``.mo``
beside them ship in the wheel. A checkout without them (or with a ``.po`` newer than its
``.mo``) compiles the ``.po`` in memory once, so nothing is silently left in English.
"""

from __future__ import annotations

import gettext as gettext_module
from collections.abc import Callable
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Final

__all__ = [
    "COUNTED",
    "DOMAIN",
    "NP_",
    "N_",
    "QUOTES",
    "catalogue_path",
    "counted",
    "spelled",
    "translations",
    "words_in",
]

DOMAIN: Final = "firmbrief"


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


def spelled(text: str, language: str, spelling: str | None) -> str:
    """``text`` (already in ``language``) in the reader's spelling: English in American
    spelling when ``spelling`` is ``en-US`` ("emphasizes"); other languages as their catalogue
    writes them (a German noun is never respelled)."""
    if language != "en" or spelling != "en-US":
        return text
    from firmbrief.templates.american import american

    return american(text)


def words_in(language: str, spelling: str | None = None) -> Callable[[str], str]:
    """``gettext`` for ``language``, its English in ``spelling`` (:func:`spelled`)."""
    found = translations(language).gettext
    if language != "en" or spelling != "en-US":
        return found
    return lambda message: spelled(message, language, spelling)


GENERIC_TAX_NAMES: Final = ("VAT", "tax", "Tax")
"""The English words a brief names its tax with when it names no tax of its own."""


def tax_word(name: str, language: str) -> str:
    """The brief's tax ``name`` as a document in ``language`` prints it: a generic English name
    (:data:`GENERIC_TAX_NAMES`) in the language's word ("USt." in German, "TVA" in French); a
    name of the brief's own ("MwSt", "Sales tax") as written."""
    return translations(language).gettext(name) if name in GENERIC_TAX_NAMES else name
