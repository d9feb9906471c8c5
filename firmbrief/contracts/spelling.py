"""American or British spelling of the documents' own words, chosen per document.

Every sentence stays in the templates, written in British spelling. The extension
(:func:`extension`) routes the templates' own text (never a value from a brief) through
:func:`spelled`, which respells it when the context's ``spelling`` is ``en-US``: "licence"
becomes "license", "cancelled" "canceled". What a client or freelancer wrote is printed as
written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from jinja2.lexer import Token, TokenStream
    from markupsafe import Markup

__all__ = ["AMERICAN", "american", "extension", "spelled"]

AMERICAN: Final = {
    "licence": "license",
    "licences": "licenses",
    "licensed": "licensed",
    "cancelled": "canceled",
    "cancelling": "canceling",
    "colour": "color",
    "colours": "colors",
    "favour": "favor",
    "behaviour": "behavior",
    "judgement": "judgment",
    "programme": "program",
    "centre": "center",
    "honour": "honor",
    "labour": "labor",
    "neighbourhood": "neighborhood",
    "defence": "defense",
    "fulfil": "fulfill",
    "fulfils": "fulfills",
    "organise": "organize",
    "organised": "organized",
    "recognise": "recognize",
    "recognised": "recognized",
    "authorise": "authorize",
    "authorised": "authorized",
    "realise": "realize",
    "apologise": "apologize",
    "analyse": "analyze",
    "summarise": "summarize",
    "catalogue": "catalog",
    "whilst": "while",
}
"""British spellings the templates use, and their American forms."""

_ISE_STEMS: Final = (
    "apolog", "authoris", "customis", "emphas", "finalis", "maximis", "minimis", "optimis",
    "organis", "prioritis", "realis", "recognis", "specialis", "standardis", "summaris",
    "utilis", "criticis", "itemis", "capitalis", "characteris", "normalis",
)  # fmt: skip
"""Verbs the templates (or their catalogue entries) may write with -ise: each of their forms
(-ise, -ises, -ised, -ising, -isation) is spelled -ize in American English."""

for _stem in _ISE_STEMS:
    _stem = _stem.removesuffix("is")  # "organis" and "organ" name the same verb
    for _british, _us in (("ise", "ize"), ("ises", "izes"), ("ised", "ized"), ("ising", "izing"),
                          ("isation", "ization"), ("isations", "izations")):  # fmt: skip
        AMERICAN.setdefault(_stem + _british, _stem + _us)

_WORD: Final = re.compile(r"\b(" + "|".join(sorted(AMERICAN, key=len, reverse=True)) + r")\b",
                          re.IGNORECASE)  # fmt: skip


def american(text: str) -> str:
    """``text`` in American spelling; a capital first letter is kept."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        us = AMERICAN[word.lower()]
        if word.isupper() and len(word) > 1:
            return us.upper()
        return us[0].upper() + us[1:] if word[0].isupper() else us

    return _WORD.sub(swap, text)


def spelled(context: Any, text: str) -> Markup:
    """The template's own ``text`` (trusted markup) in the spelling of the document."""
    from markupsafe import Markup

    if context.get("spelling") == "en-US":
        return Markup(american(text))
    return Markup(text)


def extension() -> type[Any]:
    """The Jinja extension (built on first use: Jinja is imported only when rendering)."""
    from jinja2.ext import Extension
    from jinja2.lexer import Token

    class Spelling(Extension):
        """Wraps each piece of a template's own text that has a British spelling in a call to
        ``_spelled``; values printed with ``{{ }}`` are left alone."""

        def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
            translated = False  # inside {% trans %}: the catalogue's words, not respelled
            for token in stream:
                if token.type == "name" and token.value in ("trans", "endtrans"):
                    translated = token.value == "trans"
                if token.type == "data" and not translated and _WORD.search(token.value):
                    line = token.lineno
                    yield Token(line, "variable_begin", "{{")
                    yield Token(line, "name", "_spelled")
                    yield Token(line, "lparen", "(")
                    yield Token(line, "string", token.value)
                    yield Token(line, "rparen", ")")
                    yield Token(line, "variable_end", "}}")
                else:
                    yield token

    return Spelling
