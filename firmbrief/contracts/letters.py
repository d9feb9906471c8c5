"""Letters to the client in plain text: the notices' wording, from ``templates/notices``.

The wording lives in ``templates/notices/<kind>.txt`` (Jinja, plain text); every value, the
client's names and the project's texts included, is computed by
:func:`firmbrief.contracts.record.notices.notice_context` and passed in as a variable, never
compiled as template code. Paragraphs are wrapped at :data:`WIDTH` columns. The words are in
the context's ``language`` (the client's): Jinja's i18n extension with the gettext catalogues
(:func:`firmbrief.contracts.catalogues.install`), as the documents' templates have them.
"""

from __future__ import annotations

import re
import textwrap
from functools import cache
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    import jinja2

__all__ = ["WIDTH", "notice_text"]

WIDTH: Final = 76


def notice_text(kind: str, context: dict[str, Any]) -> str:
    """The text of the ``kind`` notice with ``context``'s values."""
    text = _environment().get_template(f"{kind}.txt").render(context)
    return "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"


def _spaced(text: str) -> str:
    """Runs of ASCII white space as one space; no-break spaces (``1.071,00\u00a0€``) stay."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _para(text: str) -> str:
    """One paragraph, wrapped, with its line end (a blank line follows in the template)."""
    return textwrap.fill(_spaced(text), WIDTH, break_long_words=False) + "\n"


def _item(text: str) -> str:
    """A list item, wrapped with a hanging indent."""
    return textwrap.fill(
        _spaced(text),
        WIDTH,
        initial_indent="  - ",
        subsequent_indent="    ",
        break_long_words=False,
    )


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    from firmbrief import templates
    from firmbrief.contracts import catalogues

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates.folder() / "notices")),
        autoescape=False,  # plain text: nothing is markup, and no value is ever compiled
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    environment.policies["ext.i18n.trimmed"] = True  # as babel.cfg extracts them
    catalogues.install(environment)
    environment.filters["para"] = _para
    environment.filters["item"] = _item
    return environment
