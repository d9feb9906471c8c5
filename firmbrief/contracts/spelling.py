"""American or British spelling of the documents' own words, chosen per document.

Every sentence stays in the templates, written in British spelling. The extension
(:func:`extension`) routes the templates' own text (never a value from a brief) through
:func:`spelled`, which respells it when the context's ``spelling`` is ``en-US``: "licence"
becomes "license", "cancelled" "canceled". What a client or freelancer wrote is printed as
written.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2.lexer import Token, TokenStream
    from markupsafe import Markup

from firmbrief.templates.american import AMERICAN, WORD, american

__all__ = ["AMERICAN", "american", "extension", "spelled"]


def spelled(context: Any, text: str) -> Markup:
    """The template's own ``text`` (trusted markup) in the spelling of the document, by the
    one rule (:func:`firmbrief.templates.translations.spelled`)."""
    from markupsafe import Markup

    from firmbrief.templates.translations import spelled as respelled

    language = str(context.get("language") or "en")
    return Markup(respelled(text, language, context.get("spelling")))


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
                if token.type == "data" and not translated and WORD.search(token.value):
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
