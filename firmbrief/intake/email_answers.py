"""Answers from a reply to the questionnaire sent as an email (``questionnaire -f md``).

The email asks each question as ``**4. Your full name**`` with an ``Answer:`` line under it; the
client replies with the answers written after ``Answer:``. A reply is read as mail clients leave
it: every line may be quoted (``> ``, ``>> ``), long lines may be wrapped (a line that follows
one of 60 characters or more continues it), and the client may copy a deliverable's heading to
add one (``### Deliverable 3``). Each answer is tied to its question by the section, the item
and the question's wording, the way the email was written: no field names in the client's text.
The answers then go the way of the PDF form's
(:func:`~firmbrief.intake.answers.answers_from_fields`).
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["ANSWER", "is_email_reply", "email_fields"]

ANSWER: Final = "Answer:"
WRAPPED_AT: Final = 60
"""A line this long or longer was probably wrapped by the mail client: the next one goes on."""

_QUOTE = re.compile(r"^(?:[ \t]*>)+ ?")
_QUESTION = re.compile(r"^\*\*\d+\.\s+(.+?)\*\*\s*$")
_GROUP = re.compile(r"^\*\*(?!\d+\.)(.+?)\*\*")
_ITEM = re.compile(r"^###\s+(.+?)\s+(\d{1,3})\s*$")
_ENDS = ("**", "#", "(For more")
_ANY_ITEM = re.compile(r"\.0(?=[.:]|$)")


def is_email_reply(text: str) -> bool:
    """Whether ``text`` looks like the questionnaire's email, answered or not."""
    lines = [_QUOTE.sub("", line).strip() for line in text.splitlines()[:400]]
    return any(_QUESTION.match(line) for line in lines) and any(
        line.startswith(ANSWER) for line in lines
    )


def _keys() -> dict[tuple[str, str, str, str], tuple[str, str, str | None]]:
    """(section, item title, group, question) -> (field name, kind, name of its "none" box)."""
    from firmbrief.intake.form_view import BlockView, FieldView, GroupView, questionnaire_view

    found: dict[tuple[str, str, str, str], tuple[str, str, str | None]] = {}

    def add(section: str, item: str, group: str, part: object, index: int | None) -> None:
        if isinstance(part, GroupView):
            for inner in part.fields:
                add(section, item, part.title, inner, index)
        elif isinstance(part, FieldView):
            name, none_name = part.name, part.none_name
            if index is not None:  # the first item's field, its index to be filled in
                name = _ANY_ITEM.sub(".-1", name, 1)
                none_name = _ANY_ITEM.sub(".-1", none_name, 1) if none_name else None
            found[(section, item, group, part.label)] = (name, part.kind, none_name)

    for section in questionnaire_view(None, audience="client").sections:
        for part in section.parts:
            if isinstance(part, BlockView):
                for inner in part.rows[0].parts:
                    add(section.title, part.item_title, "", inner, -1)
            else:
                add(section.title, "", "", part, None)
    return found


def email_fields(text: str) -> tuple[dict[str, str | bool], list[str]]:
    """The answers in a reply, as form fields (``client.name``: ``Tom Becker``), and notes on
    what could not be placed."""
    keys = _keys()
    fields: dict[str, str | bool] = {}
    ignored: list[str] = []
    section = item = group = ""
    number = 0
    current: tuple[str, str, str | None] | None = None
    answer: list[str] | None = None

    def close() -> None:
        nonlocal answer
        if current is not None and answer is not None:
            name, kind, none_name = current
            lines = [line for line in answer if line]
            value = ("\n" if kind in ("list", "multiline") else " ").join(lines).strip()
            if none_name and value.lower() in ("none", "nobody"):
                fields[none_name] = True
            elif value:
                fields[name] = value
        answer = None

    for raw in text.splitlines():
        line = _QUOTE.sub("", raw).rstrip()
        stripped = line.strip()
        if answer is not None and (not stripped or stripped.startswith(_ENDS)):
            close()
        if stripped.startswith("## ") and not stripped.startswith("###"):
            section, item, group = stripped[3:].strip(), "", ""
        elif match := _ITEM.match(stripped):
            item, number, group = match[1], int(match[2]), ""
        elif match := _QUESTION.match(stripped):
            label = match[1].strip()
            key = keys.get((section, item, group, label)) or keys.get((section, item, "", label))
            current = None
            if key is None:
                ignored.append(f'"{label[:40]}": not a question of this questionnaire')
            else:
                index = f".{max(number - 1, 0)}"
                none_name = key[2].replace(".-1", index) if key[2] else None
                current = (key[0].replace(".-1", index), key[1], none_name)
        elif match := _GROUP.match(stripped):
            group = match[1].strip()
        elif stripped.startswith(ANSWER):
            answer = [stripped[len(ANSWER) :].strip()]
        elif answer is not None:
            previous = answer[-1] if answer else ""
            if len(previous) >= WRAPPED_AT and not stripped.startswith("- "):
                answer[-1] = f"{previous} {stripped}"  # a line the mail client wrapped
            else:
                answer.append(stripped.removeprefix("- "))
    close()
    return fields, ignored
