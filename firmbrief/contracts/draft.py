"""What a draft leaves out: the values of a brief file that are not valid.

A brief that is not ready can still be rendered as a marked draft. The values the schema
refuses (a word where a number belongs, 500 iterations where 50 are allowed) cannot be in the
draft's data, but they are never dropped silently: each is printed in the draft as written and
marked, and the PDF carries the list as the attachment ``left-out.json`` beside ``brief.json``,
whose description says the draft is not the brief file's data. ``verify`` reads it back
(:func:`read_left_out`, as untrusted as the rest of the PDF).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Final

from firmbrief.briefs.explain import shown
from firmbrief.briefs.files import dotted
from firmbrief.briefs.loading import Parsed

__all__ = [
    "ATTACHMENT",
    "LEFT_OUT",
    "MAX_LEFT_OUT",
    "LeftOut",
    "left_out_json",
    "left_out_of",
    "read_left_out",
]

ATTACHMENT: Final = "brief.json"
"""The attachment every document carries: the canonical brief it was made from."""

LEFT_OUT: Final = "left-out.json"
"""The attachment of a draft that left values out."""

MAX_LEFT_OUT: Final = 200
_MAX_TEXT: Final = 500


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A value of the brief file left out of a draft: where, as written (cut short), why."""

    field: str
    written: str
    problem: str


def _value_at(data: Any, loc: tuple[str | int, ...]) -> Any:
    here = data
    for part in loc:
        try:
            here = here[part]
        except (KeyError, IndexError, TypeError):
            return None
    return here


def left_out_of(data: dict[str, Any], parsed: Parsed) -> Iterator[LeftOut]:
    """The values of ``data`` that :func:`~firmbrief.briefs.loading.parse_brief` set aside."""
    for gone in parsed.set_aside[:MAX_LEFT_OUT]:
        problem = next(
            (
                f"{f.field}: {f.message}" if f.loc != gone else f.message
                for f in parsed.findings
                if f.loc[: len(gone)] == gone
            ),
            "not valid",
        )
        yield LeftOut(dotted(gone), shown(_value_at(data, gone)), problem[:_MAX_TEXT])


def left_out_json(items: Sequence[LeftOut]) -> bytes:
    """The attachment ``left-out.json``."""
    return json.dumps([asdict(item) for item in items], ensure_ascii=False, indent=1).encode()


def read_left_out(raw: bytes) -> tuple[LeftOut, ...]:
    """``left-out.json`` read back; ``ValueError`` when it is not what a draft writes."""
    if len(raw) > MAX_LEFT_OUT * 3 * _MAX_TEXT * 4:
        raise ValueError("too large")
    items = json.loads(raw.decode("utf-8"))
    if not isinstance(items, list) or len(items) > MAX_LEFT_OUT:
        raise ValueError("not a list of values")
    found = []
    for item in items:
        if not isinstance(item, dict) or set(item) != {"field", "written", "problem"}:
            raise ValueError("not a value left out")
        values = [item[key] for key in ("field", "written", "problem")]
        if not all(isinstance(v, str) and len(v) <= _MAX_TEXT for v in values):
            raise ValueError("not a value left out")
        found.append(LeftOut(*values))
    return tuple(found)
