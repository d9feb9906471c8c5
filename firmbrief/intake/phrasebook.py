"""The client's questions in the catalogues: what the questionnaire asks a client, read from
the brief's schema (``x-question``, its description, its first example; the sections' and
blocks' titles and introductions of :mod:`firmbrief.intake.questions`), so each language's
catalogue translates them and no list of them is kept by hand.

``babel.cfg`` names :func:`extract` as the extractor of ``briefs/schema.py``: ``make
catalogues-update`` then writes every phrase of :func:`client_phrases` into ``firmbrief.pot``.
:mod:`firmbrief.intake.form_view` looks each one up in the client's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any, Final

from firmbrief.intake.questions import Block, Group, Item, Question, sections

__all__ = ["client_phrases", "extract", "translated_example"]

_WORDS: Final = re.compile(r"[^\W\d_]{3,}")


def translated_example(example: str) -> bool:
    """Whether an example is words to translate (``Brand identity for a bakery``), not a
    value that reads the same in every language (``2027-01-08``, ``tom@kettleandcrumb.de``,
    ``DE``, ``+49 30 7654321``)."""
    return bool(_WORDS.search(example)) and "@" not in example and not example.startswith("+")


def client_phrases() -> Iterator[str]:
    """Every phrase of the client's questionnaire that comes from the schema, in order."""
    for section in sections("client"):
        yield section.title
        if section.intro:
            yield section.intro
        yield from _phrases(section.items)


def _phrases(items: tuple[Item, ...]) -> Iterator[str]:
    for item in items:
        if isinstance(item, Question):
            yield from (text for text in (item.text, item.help) if text)
            if item.example and translated_example(item.example):
                yield item.example
        elif isinstance(item, Group | Block):
            yield from (text for text in (item.title, item.help) if text)
            yield from _phrases(item.items)


def extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extractor interface: the client's phrases (:func:`client_phrases`), whatever
    the file given (``babel.cfg`` gives it the schema they come from)."""
    for phrase in dict.fromkeys(client_phrases()):
        yield 1, None, phrase, ["the client's questionnaire (from the brief's schema)"]
