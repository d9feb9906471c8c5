"""Answers from a reply to the questionnaire sent as an email (``questionnaire -f md``).

The email asks each question as ``**4. Your full name**`` with an ``Answer:`` line under it; the
client replies with the answers written after ``Answer:``. A reply is read as mail clients leave
it: every line may be quoted (``> ``, ``>> ``), long lines may be wrapped (a line that follows
one of 60 characters or more continues it), and the client may copy a deliverable's heading to
add one (``### Deliverable 3``). Each answer is tied to its question by the section, the item
and the question's wording, the way the email was written: no field names in the client's text.
The email is in the client's language: a reply is read in any language firmbrief writes
(``Antwort:``, ``Réponse :``; "keine" for none), its dates and amounts by the brief's locale
when it is imported (:mod:`firmbrief.intake.merge`).
The answers then go the way of the PDF form's
(:func:`~firmbrief.intake.answers.answers_from_fields`).

A reply is read as text in UTF-8, or, saved whole (``.eml``), as the ``email`` package parses it:
its charset and transfer encoding (quoted-printable, base64), the plain part of a multipart
message, else its HTML part as text (:func:`reply_text`). A reply that cannot be read as written
(Latin-1 text with no email around it to say so, an unknown charset) is refused with the reason,
never imported with its letters replaced. Wrapped lines are joined once each, at the end of
their answer: linear in the reply's length.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

__all__ = ["ANSWER", "email_fields", "is_email_reply", "reply_text"]

ANSWER: Final = "Answer:"
WRAPPED_AT: Final = 60
"""A line this long or longer was probably wrapped by the mail client: the next one goes on."""

_QUOTE = re.compile(r"^(?:[ \t]*>)+ ?")
_QUESTION = re.compile(r"^\*\*\d+\.\s+(.+?)\*\*\s*$")
_GROUP = re.compile(r"^\*\*(?!\d+\.)(.+?)\*\*")
_ITEM = re.compile(r"^###\s+(.+?)\s+(\d{1,3})\s*$")
_ENDS = ("**", "#")
_ANY_ITEM = re.compile(r"\.0(?=[.:]|$)")


_HEADER = re.compile(rb"^([A-Za-z0-9-]{1,60}):[ \t]")
_MAIL_HEADERS: Final = {
    b"from", b"to", b"subject", b"date", b"mime-version", b"content-type", b"message-id",
    b"received", b"return-path", b"delivered-to", b"reply-to", b"cc",
}  # fmt: skip


def _is_message(raw: bytes) -> bool:
    """Whether ``raw`` starts with a mail message's headers (as a saved ``.eml`` does)."""
    lines = raw.lstrip(b"\xef\xbb\xbf\r\n").split(b"\n", 60)[:60]
    if lines and lines[0].startswith(b"From "):  # an mbox's separator line
        lines = lines[1:]
    names = []
    for line in lines:
        if not line.strip():
            break
        if match := _HEADER.match(line):
            names.append(match[1].lower())
        elif not line[:1].isspace():  # not a header, nor a header's continuation
            return False
    return len(set(names) & _MAIL_HEADERS) >= 2


def reply_text(raw: bytes, name: str) -> str | None:
    """The text of a reply to the questionnaire in ``raw``: a whole email (``.eml``) read as
    the ``email`` package parses it (its charset, its transfer encoding, the plain-text part of
    a multipart message, else its HTML part as text), or text in UTF-8. ``None`` if ``raw`` is
    no reply (answers of another kind); :class:`BriefUnreadable` naming the reason when it is
    a reply that cannot be read as written."""
    from firmbrief.errors import BriefUnreadable

    if _is_message(raw):
        text = _message_text(raw, name)
        if not is_email_reply(text):
            raise BriefUnreadable(
                'is an email, but not a reply to the questionnaire (no "**1. ...**" question '
                f'with an "{ANSWER}" line in its text): forward the reply itself, or save it '
                "as it was received (.eml)",
                file=name,
            )
        return text
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if not is_email_reply(raw.decode("latin-1")):
            return None  # not a reply: the other readers say what it is
        line = raw[: error.start].count(b"\n") + 1
        raise BriefUnreadable(
            f"is not UTF-8 (byte 0x{raw[error.start]:02X} on line {line}), so its letters "
            "cannot be read for sure: save the reply as UTF-8 text, or save the whole email "
            "(.eml), which says its own encoding",
            file=name,
        ) from None
    return text if is_email_reply(text) else None


def _message_text(raw: bytes, name: str) -> str:
    from email import message_from_bytes, policy
    from email.message import EmailMessage

    from firmbrief.errors import BriefUnreadable

    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise BriefUnreadable(
            "is an email with no text in it (no text/plain or text/html part): ask the client "
            "to answer in the email's text",
            file=name,
        )
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset() or "utf-8"
    try:
        text = data.decode(charset)
    except LookupError:
        raise BriefUnreadable(
            f'is an email in an encoding Python does not know ("{charset[:40]}"): ask the '
            "client to send the reply again as UTF-8",
            file=name,
        ) from None
    except UnicodeDecodeError:
        raise BriefUnreadable(
            f"is an email whose text is not {charset[:40]}, as it says it is: ask the client to "
            "send the reply again",
            file=name,
        ) from None
    return _html_text(text) if part.get_content_subtype() == "html" else text


def _html_text(html: str) -> str:
    """An HTML mail's text, line by line as a mail client shows it (the standard library's
    :class:`~html.parser.HTMLParser`; scripts and styles left out, entities read)."""
    from html.parser import HTMLParser

    breaks = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
              "pre", "table", "ul", "ol", "hr"}  # fmt: skip

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "style", "head", "title"):
                self.hidden += 1
            elif tag in breaks:
                self.parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style", "head", "title"):
                self.hidden = max(self.hidden - 1, 0)
            elif tag in breaks:
                self.parts.append("\n")

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))

    parser = Text()
    parser.feed(html)
    parser.close()
    lines = "".join(parser.parts).split("\n")
    return "\n".join(line.strip() for line in lines)


@cache
def _said(key: str) -> tuple[str, ...]:
    """The email's word ``key`` (:data:`~firmbrief.intake.questionnaire.EMAIL_WORDS`) in every
    language firmbrief writes, English first; "more" up to the block's name."""
    from firmbrief.briefs.language import LANGUAGES
    from firmbrief.intake.questionnaire import EMAIL_WORDS
    from firmbrief.templates.translations import translations

    said = (translations(language).gettext(EMAIL_WORDS[key]) for language in LANGUAGES)
    return tuple(dict.fromkeys(word.split("{")[0] for word in said))


@cache
def _answer_marks() -> re.Pattern[str]:
    """The answer's mark in every language, with or without a space before its colon
    (``Réponse :`` is also typed ``Réponse:``)."""
    words = (re.escape(mark.rstrip(":").rstrip(" \u00a0\u202f")) for mark in _said("answer"))
    return re.compile(r"(?:" + "|".join(words) + r")[ \u00a0\u202f]?:", re.IGNORECASE)


def _answer_mark(line: str) -> str | None:
    """The answer's mark ``line`` starts with (``Answer:``, ``Antwort:``...), if any."""
    found = _answer_marks().match(line)
    return found[0] if found else None


def is_email_reply(text: str) -> bool:
    """Whether ``text`` looks like the questionnaire's email, answered or not."""
    lines = [_QUOTE.sub("", line).strip() for line in text.splitlines()[:400]]
    return any(_QUESTION.match(line) for line in lines) and any(
        _answer_mark(line) for line in lines
    )


@cache
def _choices() -> dict[str, str]:
    """A choice's label in every language (``unternehmen``, ``entreprise``), lower-cased, and
    the value it stands for (``business``): a client answers an email in words."""
    from firmbrief.briefs.language import LANGUAGES
    from firmbrief.intake.form_view import questionnaire_view

    found: dict[str, str] = {}
    for language in LANGUAGES:
        for view in questionnaire_view(None, audience="client", language=language).fields():
            found.update((label.lower(), value) for value, label in view.choices)
    return found


@cache
def _keys() -> dict[tuple[str, str, str, str], tuple[str, str, str | None]]:
    """(section, item title, group, question) -> (field name, kind, name of its "none" box),
    as the email asks them in every language."""
    from firmbrief.briefs.language import LANGUAGES

    found: dict[tuple[str, str, str, str], tuple[str, str, str | None]] = {}
    for language in LANGUAGES:
        found.update(_keys_in(language))
    return found


def _keys_in(language: str) -> dict[tuple[str, str, str, str], tuple[str, str, str | None]]:
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

    for section in questionnaire_view(None, audience="client", language=language).sections:
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
    answer: list[list[str]] | None = None  # the answer's lines, each as the pieces wrapped
    last = 0  # the length of the answer's last line, its wrapped pieces joined

    def close() -> None:
        nonlocal answer
        if current is not None and answer is not None:
            name, kind, none_name = current
            lines = [line for line in map(_joined, answer) if line]
            value = ("\n" if kind in ("list", "multiline") else " ").join(lines).strip()
            if none_name and value.lower() in {"nobody", *(w.lower() for w in _said("none"))}:
                fields[none_name] = True
            elif kind == "choice" and value.lower() in _choices():
                fields[name] = _choices()[value.lower()]
            elif value:
                fields[name] = value
        answer = None

    for raw in text.splitlines():
        line = _QUOTE.sub("", raw).rstrip()
        stripped = line.strip()
        if answer is not None and (
            not stripped or stripped.startswith(_ENDS) or stripped.startswith(_said("more"))
        ):
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
        elif mark := _answer_mark(stripped):
            first = stripped[len(mark) :].strip()
            answer, last = [[first]], len(first)
        elif answer is not None:
            if last >= WRAPPED_AT and not stripped.startswith("- "):
                answer[-1].append(stripped)  # wrapped by the mail client: joined at the end
                last += 1 + len(stripped)
            else:
                answer.append([stripped.removeprefix("- ")])
                last = len(answer[-1][0])
    close()
    return fields, ignored


def _joined(pieces: list[str]) -> str:
    """A line the mail client wrapped, its pieces joined: once per line, so an answer of any
    length is read in time linear in its length."""
    return " ".join(pieces)
