"""Answers read from a returned questionnaire: a filled PDF form, the page's saved file, or YAML
or JSON in the shape of a brief.

The format is told by the content, not the name: a PDF by its ``%PDF-`` header, the page's file
by its marker (``"format": "firmbrief-answers"``), anything else is read as YAML or JSON in the
shape of a brief. Every returned file is untrusted: its size is bounded, and pypdf's own errors
(malformed files, reference cycles, fields of the wrong type) become one line naming the file and
the field.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any, Final, Literal, get_args, get_origin

from pydantic import BaseModel

from firmbrief.briefs import files
from firmbrief.briefs.fields import Loc, model_in
from firmbrief.briefs.files import dotted, parse_data
from firmbrief.briefs.schema import Brief
from firmbrief.errors import BriefUnreadable, FirmbriefError
from firmbrief.intake.questions import NONE_SUFFIX, parse_name, question_at

__all__ = [
    "ANSWERS_FORMAT",
    "MAX_FIELDS",
    "MAX_PDF_BYTES",
    "Answers",
    "answers_from_data",
    "answers_from_fields",
    "read_answers",
    "refuse_others",
]

ANSWERS_FORMAT: Final = "firmbrief-answers"
"""The marker of the file the questionnaire page saves."""
ANSWERS_VERSION: Final = 1

MAX_PDF_BYTES: Final = 20_000_000
"""A filled questionnaire is well under a megabyte, even after a reader's incremental saves."""

MAX_FIELDS: Final = 5_000
"""Far more than a questionnaire has (about 100 fields)."""

Origin = Literal["pdf", "page", "data", "email"]


@dataclass
class Answers:
    """Answers read from a file: a value for each path in the brief.

    ``own``: the freelancer's own file (``intake import --own``), whose answers may fill any
    field; otherwise the file is the client's, and holds answers to the client's questions
    only (:func:`read_answers` refuses any other).
    """

    source: str
    origin: Origin
    values: dict[Loc, Any] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    own: bool = False

    @property
    def from_client(self) -> bool:
        """The client's answers: only the client's questions count."""
        return not self.own

    @property
    def from_form(self) -> bool:
        """From the questionnaire (PDF or page): rows are numbered as the form numbers them."""
        return self.origin in ("pdf", "page", "email")


MAX_LISTED: Final = 8
"""How many refused fields a message names."""


def refuse_others(answers: Answers, others: list[str]) -> None:
    """Refuse a client's file that answers what is not asked of the client: the freelancer's
    terms (payment, cancellation, prices) are not the client's to set."""
    if answers.own or not others:
        return
    listed = ", ".join(
        name if len(name) <= 40 else name[:37] + "..." for name in others[:MAX_LISTED]
    )
    more = f" and {len(others) - MAX_LISTED} more" if len(others) > MAX_LISTED else ""
    raise BriefUnreadable(
        f"sets {len(others)} field{'s' * (len(others) != 1)} not asked of the client "
        f"({listed}{more}): a client's answers fill only the client's questions; if this is "
        "your own file, import it with --own",
        file=answers.source,
    )


# --- reading ------------------------------------------------------------------------------


def read_answers(path: Path, *, own: bool = False) -> Answers:
    """The answers in ``path``: a PDF form, the page's saved answers, or YAML/JSON; a client's
    (only the client's questions), or with ``own`` the freelancer's (any field)."""
    name = files.printable(str(path))
    raw = files.read_bounded(path, MAX_PDF_BYTES, kind="a file of answers")
    if b"%PDF-" in raw[:1024]:
        if len(raw) > MAX_PDF_BYTES:
            raise BriefUnreadable(
                f"is over {MAX_PDF_BYTES // 1_000_000} MB; a filled questionnaire is far smaller",
                file=name,
            )
        return answers_from_fields(_pdf_fields(raw, name), source=name, origin="pdf", own=own)
    if len(raw) > files.MAX_BYTES:
        raise BriefUnreadable(
            f"is over {files.MAX_BYTES // 1_000_000} MB; answers are far smaller", file=name
        )
    head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype", b"<html")):
        raise BriefUnreadable(
            "is a web page, not answers: ask for the file the questionnaire's "
            '"Save answers" button downloads (answers.json)',
            file=name,
        )
    from firmbrief.intake.email_answers import email_fields, reply_text

    text = reply_text(raw, name)
    if text is not None:
        found, notes = email_fields(text)
        answers = answers_from_fields(found, source=name, origin="email", own=own)
        answers.ignored.extend(notes)
        return answers
    suffix = path.suffix.lower()
    data = parse_data(raw, name=name, json_format=True if suffix == ".json" else None)
    if data.get("format") == ANSWERS_FORMAT:
        return answers_from_fields(_page_fields(data, name), source=name, origin="page", own=own)
    return answers_from_data(data, source=name, own=own)


def _page_fields(data: dict[str, Any], name: str) -> dict[str, str | bool]:
    version = data.get("version")
    if version != ANSWERS_VERSION:
        raise BriefUnreadable(
            f"holds answers in format version {version!r}; this firmbrief reads version "
            f"{ANSWERS_VERSION}",
            file=name,
        )
    fields = data.get("fields")
    if not isinstance(fields, dict):
        raise BriefUnreadable('has no "fields" mapping of answers', file=name)
    if len(fields) > MAX_FIELDS:
        raise BriefUnreadable(f"has more than {MAX_FIELDS} answers", file=name)
    for key, value in fields.items():
        if not isinstance(value, str | bool):
            raise BriefUnreadable("the answer is not text", file=name, field=str(key)[:80])
    return fields


def _pdf_fields(raw: bytes, name: str) -> dict[str, str | bool]:
    """The form fields of a PDF: text, choices, and checkboxes as booleans."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError
    from pypdf.generic import ArrayObject, NameObject, TextStringObject

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)  # pypdf logs what it repairs; the user can't act on it
    found: dict[str, str | bool] = {}
    current = ""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(BytesIO(raw), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):  # "restricted from editing"
                raise BriefUnreadable(
                    "is protected by a password; ask for an unprotected copy", file=name
                )
            fields = reader.get_fields() or {}
            if len(fields) > MAX_FIELDS:
                raise BriefUnreadable(f"has more than {MAX_FIELDS} form fields", file=name)
            for key, entry in fields.items():
                current = str(key)
                value = entry.get("/V")
                if hasattr(value, "get_object"):
                    value = value.get_object()
                if value is None:
                    continue
                if isinstance(value, TextStringObject | str) and not isinstance(value, NameObject):
                    found[current] = str(value)
                elif isinstance(value, NameObject):
                    found[current] = value not in ("/Off", "/")
                elif isinstance(value, ArrayObject) and len(value) <= 1:
                    # a choice some fillers (pdftk) write as a list of one
                    chosen = value[0].get_object() if value else None
                    if chosen is None:
                        continue
                    if not isinstance(chosen, TextStringObject | str):
                        raise BriefUnreadable(
                            "the choice is not text", file=name, field=current[:80] or None
                        )
                    found[current] = str(chosen)
                else:
                    raise BriefUnreadable(
                        f"the value is a {type(value).__name__}, not text",
                        file=name,
                        field=current[:80] or None,
                    )
    except FirmbriefError:
        raise
    except DependencyError:
        raise BriefUnreadable(
            "is encrypted in a way this installation cannot read (pypdf's crypto extra, "
            "the cryptography package, is missing)",
            file=name,
        ) from None
    except Exception as error:  # pypdf raises many kinds on hostile input; all mean the same
        where = f" (at field {current[:80]})" if current else ""
        raise BriefUnreadable(
            f"is not a readable PDF form{where}: {type(error).__name__}", file=name
        ) from None
    finally:
        pypdf_log.setLevel(level)
    return found


def answers_from_fields(
    fields: Mapping[str, str | bool], *, source: str, origin: Origin = "pdf", own: bool = False
) -> Answers:
    """Answers from form fields named by brief paths (the PDF form, the page); a field that
    answers a question not asked of the client is refused unless ``own``."""
    answers = Answers(source=source, origin=origin, own=own)
    said_none: set[Loc] = set()
    others: list[str] = []
    for name, value in fields.items():
        flag = name.endswith(NONE_SUFFIX)
        loc = parse_name(name[: -len(NONE_SUFFIX)] if flag else name)
        question = question_at(loc) if loc is not None else None
        if loc is None or question is None:
            if value not in ("", False):
                answers.ignored.append(f"{name[:80]}: not a question of the questionnaire")
            continue
        if question.asked_of != "client" and not own:
            if value not in ("", False):
                others.append(dotted(loc))
            continue
        if not _rows_fit(loc):
            answers.ignored.append(f"{dotted(loc)}: more rows than a brief can hold")
            continue
        if flag:
            if value is True or (isinstance(value, str) and value.strip().lower() in _TRUE):
                said_none.add(loc)
            continue
        if isinstance(value, bool):
            raise BriefUnreadable("a checkbox where text belongs", file=source, field=name)
        text = _lines(value)
        if question.is_list:
            items = [line.strip() for line in text.split("\n") if line.strip()]
            if items:
                answers.values[loc] = "none" if question.none_allowed and _is_none(items) else items
        elif text.strip():
            answers.values[loc] = text.strip()
    refuse_others(answers, others)
    for loc in said_none:
        answers.values.setdefault(loc, "none")
    return answers


_TRUE: Final = ("on", "yes", "true", "1")


def _is_none(items: list[str]) -> bool:
    return len(items) == 1 and items[0].lower() in ("none", "nobody", "no one", "-")


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _rows_fit(loc: Loc) -> bool:
    """Whether every row index in ``loc`` is within what its list may hold."""
    return all(
        part < _capacity(loc[:index]) for index, part in enumerate(loc) if isinstance(part, int)
    )


def _capacity(loc: Loc) -> int:
    """How many items the list of models at ``loc`` may hold (0 if it is not one)."""
    model: type[BaseModel] | None = Brief
    info: Any = None
    for part in loc:
        if isinstance(part, int) or info is not None:
            model = model_in(info.annotation) if info is not None else None
            info = None
        if isinstance(part, int):
            continue
        info = _field(model, part) if model is not None else None
        if info is None:
            return 0
    if info is None or not _is_list_of_models(info.annotation):
        return 0
    limits = [getattr(meta, "max_length", None) for meta in info.metadata]
    return next((int(limit) for limit in limits if limit is not None), 50)


def answers_from_data(data: dict[str, Any], *, source: str, own: bool = False) -> Answers:
    """Answers from YAML or JSON in the shape of a brief: every value at its path. A value
    for a field not asked of the client (or no field at all) is refused unless ``own``."""
    answers = Answers(source=source, origin="data", own=own)
    others: list[str] = []
    for loc, value in _leaves(data, Brief, ()):
        question = question_at(loc)
        if not own and (question is None or question.asked_of != "client"):
            if not _blank(value):
                others.append(dotted(loc))
            continue
        answers.values[loc] = value
    refuse_others(answers, others)
    return answers


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | dict) and not value


def _leaves(data: dict[str, Any], model: type[BaseModel], loc: Loc) -> Iterator[tuple[Loc, Any]]:
    for key, value in data.items():
        here = (*loc, key)
        info = _field(model, key)
        sub = model_in(info.annotation) if info is not None else None
        if info is None or sub is None:
            yield here, value  # unknown keys too: the schema names them
        elif _is_list_of_models(info.annotation) and isinstance(value, list):
            if len(value) > _capacity(here):
                yield here, value  # the schema says how many at most
                continue
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield from _leaves(item, sub, (*here, index))
                else:
                    yield (*here, index), item
        elif isinstance(value, dict) and not _is_list_of_models(info.annotation):
            yield from _leaves(value, sub, here)
        else:
            yield here, value


def _field(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            return info
    return None


def _is_list_of_models(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        return any(model_in(arg) for arg in get_args(annotation))
    return any(_is_list_of_models(arg) for arg in get_args(annotation))
