"""Answers back in: from a filled PDF form, the questionnaire page's saved file, or YAML/JSON.

The format is told by the content, not the name: a PDF by its ``%PDF-`` header, the page's file
by its marker (``"format": "firmbrief-answers"``), anything else is read as YAML or JSON in the
shape of a brief. Every returned file is untrusted: its size is bounded, pypdf's own errors
(malformed files, reference cycles, fields of the wrong type) become one line naming the file
and the field, and every answer is validated by the brief's schema
(:func:`~firmbrief.briefs.loading.parse_brief`) before it is merged.

The merge rule, for an existing brief given with ``--into``:

* an answer to one of the client's questions (``x-asked-of: client``) fills or replaces the
  brief's value; a blank answer changes nothing;
* from a PDF form or the page (the client's files), only the client's questions are read; other
  fields in the file are ignored and listed;
* from YAML or JSON, an answer to any other field fills it only where the brief has no value:
  what the freelancer already wrote is kept;
* rows of a repeatable block (deliverables, materials, iterations) that were pre-filled from the
  brief stay matched to the brief's items; new rows are added after them, blank rows skipped;
* an answer the schema refuses (a word where a number belongs, text over its length cap) is left
  out and listed with the reason; a date that is not firm is kept as written and reported by
  ``check``, so the freelancer knows what to ask the client;
* when the answers read all-numeric dates in another order (``date_order``) than the brief,
  the brief's order stays (its own dates keep their meaning) and the answers' all-numeric dates
  are written year-month-day.

Briefs are written as YAML that reads back through :func:`~firmbrief.briefs.files.read_data` to
the same values: block style, no anchors, text quoted only where YAML would read it otherwise.
"""

from __future__ import annotations

import copy
import json
import logging
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any, Final, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel
from yaml.emitter import Emitter
from yaml.representer import SafeRepresenter
from yaml.serializer import Serializer

from firmbrief.atomic import write_text_atomic
from firmbrief.briefs import files
from firmbrief.briefs.dates import DATE_ORDERS, parse_firm_date
from firmbrief.briefs.fields import Loc, model_in
from firmbrief.briefs.files import dotted, parse_data, read_data
from firmbrief.briefs.loading import parse_brief
from firmbrief.briefs.readiness import assess
from firmbrief.briefs.report import Finding, Report
from firmbrief.briefs.schema import Brief
from firmbrief.errors import BriefUnreadable, OutputError, VagueDate
from firmbrief.intake.questions import NONE_SUFFIX, parse_name, question_at

__all__ = [
    "ANSWERS_FORMAT",
    "MAX_FIELDS",
    "MAX_PDF_BYTES",
    "MISSING",
    "Answers",
    "Imported",
    "Merged",
    "Missing",
    "answers_from_data",
    "answers_from_fields",
    "brief_yaml",
    "import_answers",
    "leading_comments",
    "merge",
    "place",
    "read_answers",
    "value_at",
    "write_brief",
]

ANSWERS_FORMAT: Final = "firmbrief-answers"
"""The marker of the file the questionnaire page saves."""
ANSWERS_VERSION: Final = 1

MAX_PDF_BYTES: Final = 20_000_000
"""A filled questionnaire is well under a megabyte, even after a reader's incremental saves."""

MAX_FIELDS: Final = 5_000
"""Far more than a questionnaire has (about 100 fields)."""

Origin = Literal["pdf", "page", "data"]


@dataclass
class Answers:
    """Answers read from a file: a value for each path in the brief."""

    source: str
    origin: Origin
    values: dict[Loc, Any] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    @property
    def from_client(self) -> bool:
        """From the client's questionnaire (PDF or page): only the client's questions count."""
        return self.origin in ("pdf", "page")


# --- reading ------------------------------------------------------------------------------


def read_answers(path: Path) -> Answers:
    """The answers in ``path``: a PDF form, the page's saved answers, or YAML/JSON."""
    name = str(path)
    raw = files.read_bounded(path, MAX_PDF_BYTES, kind="a file of answers")
    if b"%PDF-" in raw[:1024]:
        if len(raw) > MAX_PDF_BYTES:
            raise BriefUnreadable(
                f"is over {MAX_PDF_BYTES // 1_000_000} MB; a filled questionnaire is far smaller",
                file=name,
            )
        return answers_from_fields(_pdf_fields(raw, name), source=name, origin="pdf")
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
    suffix = path.suffix.lower()
    data = parse_data(raw, name=name, json_format=True if suffix == ".json" else None)
    if data.get("format") == ANSWERS_FORMAT:
        return answers_from_fields(_page_fields(data, name), source=name, origin="page")
    return answers_from_data(data, source=name)


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
            if reader.is_encrypted and not reader.decrypt(""):
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
    except BriefUnreadable:
        raise
    except Exception as error:  # pypdf raises many kinds on hostile input; all mean the same
        where = f" (at field {current[:80]})" if current else ""
        raise BriefUnreadable(
            f"is not a readable PDF form{where}: {type(error).__name__}", file=name
        ) from None
    finally:
        pypdf_log.setLevel(level)
    return found


def answers_from_fields(
    fields: Mapping[str, str | bool], *, source: str, origin: Origin = "pdf"
) -> Answers:
    """Answers from form fields named by brief paths (the PDF form, the page)."""
    answers = Answers(source=source, origin=origin)
    said_none: set[Loc] = set()
    for name, value in fields.items():
        flag = name.endswith(NONE_SUFFIX)
        loc = parse_name(name[: -len(NONE_SUFFIX)] if flag else name)
        question = question_at(loc) if loc is not None else None
        if loc is None or question is None:
            if value not in ("", False):
                answers.ignored.append(f"{name[:80]}: not a question of the questionnaire")
            continue
        if question.asked_of != "client":
            if value not in ("", False):
                answers.ignored.append(f"{dotted(loc)}: not a question for the client")
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


def answers_from_data(data: dict[str, Any], *, source: str) -> Answers:
    """Answers from YAML or JSON in the shape of a brief: every value at its path."""
    answers = Answers(source=source, origin="data")
    for loc, value in _leaves(data, Brief, ()):
        answers.values[loc] = value
    return answers


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


# --- merging ------------------------------------------------------------------------------


@dataclass
class Merged:
    """The brief's data with the answers merged in, and what happened to each answer."""

    data: dict[str, Any]
    taken: list[Loc] = field(default_factory=list)
    kept: list[Loc] = field(default_factory=list)
    left_out: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Missing:
    """Nothing at a path (``None`` is a value: written, and empty)."""


MISSING: Final = Missing()


def merge(base: dict[str, Any], answers: Answers) -> Merged:
    """``base`` with ``answers`` merged in by the rule in this module's docstring."""
    merged = Merged(data=copy.deepcopy(base))
    previous: dict[Loc, Any] = {}
    values = _compacted(answers.values, base) if answers.from_client else answers.values
    values = _in_the_briefs_date_order(values, base, merged)
    for loc, value in values.items():
        if _blank(value):
            continue
        question = question_at(loc)
        is_client = question is not None and question.asked_of == "client"
        if answers.from_client and not is_client:
            continue
        current = value_at(merged.data, loc)
        if not is_client and not _blank(current):
            merged.kept.append(loc)
            continue
        try:
            place(merged.data, loc, value)
        except _NoRoom as no_room:
            merged.left_out.append(
                Finding("error", "no-room", loc, f"cannot be placed: {no_room} in the brief")
            )
            continue
        previous[loc] = current
        merged.taken.append(loc)
    _refuse_invalid(merged, previous, base)
    return merged


def _in_the_briefs_date_order(
    values: dict[Loc, Any], base: dict[str, Any], merged: Merged
) -> dict[Loc, Any]:
    """The answers' all-numeric dates rewritten year-month-day when the answers read them in
    another order than the brief's (whose own numeric dates must keep their meaning)."""
    theirs, ours = values.get(("date_order",)), base.get("date_order")
    if theirs == ours or theirs not in DATE_ORDERS or ours not in DATE_ORDERS:
        return values
    result = {loc: value for loc, value in values.items() if loc != ("date_order",)}
    for loc, value in values.items():
        question = question_at(loc)
        if question is None or question.kind != "date" or not isinstance(value, str):
            continue
        try:
            day = parse_firm_date(value, order=theirs)
        except VagueDate:
            continue
        if value.strip() != day.isoformat():
            result[loc] = day.isoformat()
    merged.kept.append(("date_order",))
    merged.notes.append(
        f"the answers write dates {_order_name(theirs)}, the brief reads them "
        f"{_order_name(ours)}: their all-numeric dates are written year-month-day"
    )
    return result


def _order_name(order: str) -> str:
    return {"DMY": "day first", "MDY": "month first"}.get(order, order)


def _refuse_invalid(merged: Merged, previous: dict[Loc, Any], base: dict[str, Any]) -> None:
    """Take back every answer the schema refuses, and say why."""
    for _ in range(len(merged.taken) + 1):
        parsed = parse_brief(merged.data)
        refused: dict[Loc, Finding] = {}
        for finding in parsed.findings:
            for loc in merged.taken:
                if finding.loc[: len(loc)] == loc and loc not in refused:
                    refused[loc] = Finding("error", finding.code, loc, finding.message)
        if not refused:
            return
        for loc in sorted(refused, key=lambda loc: -len(loc)):
            merged.taken.remove(loc)
            merged.left_out.append(refused[loc])
            old = previous[loc]
            if isinstance(old, Missing):
                _delete(merged.data, loc, base)
            else:
                place(merged.data, loc, old)


def _compacted(values: dict[Loc, Any], base: dict[str, Any]) -> dict[Loc, Any]:
    """Rows past the brief's own items renumbered after them, in order, blank rows dropped."""
    new_rows: dict[Loc, set[int]] = {}
    for loc, value in values.items():
        if _blank(value):
            continue
        for index, part in enumerate(loc):
            if isinstance(part, int):
                block = loc[:index]
                existing = value_at(base, block)
                have = len(existing) if isinstance(existing, list) else 0
                if part >= have:
                    new_rows.setdefault(block, set()).add(part)
                break
    renumber: dict[Loc, dict[int, int]] = {}
    for block, rows in new_rows.items():
        existing = value_at(base, block)
        have = len(existing) if isinstance(existing, list) else 0
        renumber[block] = {row: have + rank for rank, row in enumerate(sorted(rows))}
    result: dict[Loc, Any] = {}
    for loc, value in values.items():
        if _blank(value):
            continue
        for index, part in enumerate(loc):
            if isinstance(part, int):
                mapping = renumber.get(loc[:index], {})
                if part in mapping:
                    loc = (*loc[:index], mapping[part], *loc[index + 1 :])
                break
        result[loc] = value
    return result


def _blank(value: Any) -> bool:
    if isinstance(value, Missing) or value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict):
        return not value
    return False


class _NoRoom(Exception):
    pass


def value_at(data: Any, loc: Loc) -> Any:
    """The value at ``loc`` in brief data, or :data:`MISSING`."""
    here = data
    for part in loc:
        if isinstance(part, int):
            if not isinstance(here, list) or part >= len(here):
                return MISSING
            here = here[part]
        else:
            if not isinstance(here, dict) or part not in here:
                return MISSING
            here = here[part]
    return here


def place(data: dict[str, Any], loc: Loc, value: Any) -> None:
    """Put ``value`` at ``loc``, making the mappings and list items on the way."""
    here: Any = data
    for index, part in enumerate(loc[:-1]):
        following = loc[index + 1]
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(part, int):
            if not isinstance(here, list):
                raise _NoRoom(f"{dotted(loc[:index]) or 'the brief'} is not a list")
            while len(here) <= part:
                here.append({} if not isinstance(following, int) else [])
            if here[part] is None:
                here[part] = empty
            here = here[part]
        else:
            if not isinstance(here, dict):
                raise _NoRoom(f"{dotted(loc[:index]) or 'the brief'} is not a mapping")
            if here.get(part) is None:
                here[part] = empty
            here = here[part]
    last = loc[-1]
    if isinstance(last, int):
        if not isinstance(here, list):
            raise _NoRoom(f"{dotted(loc[:-1])} is not a list")
        while len(here) <= last:
            here.append(None)
        here[last] = value
    else:
        if not isinstance(here, dict):
            raise _NoRoom(f"{dotted(loc[:-1]) or 'the brief'} is not a mapping")
        here[last] = value


def _delete(data: dict[str, Any], loc: Loc, base: dict[str, Any]) -> None:
    """Remove the value at ``loc``, and the containers the merge made for it alone."""
    parent = value_at(data, loc[:-1])
    last = loc[-1]
    if isinstance(parent, dict):
        parent.pop(last, None)
    elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        parent[last] = None
    _prune(data, base)


def _prune(data: Any, base: Any) -> None:
    """Drop empty mappings and trailing empty items that ``base`` did not have."""
    if isinstance(data, dict):
        for key in list(data):
            before = base.get(key, MISSING) if isinstance(base, dict) else MISSING
            _prune(data[key], before)
            if _empty(data[key]) and isinstance(before, Missing):
                del data[key]
    elif isinstance(data, list):
        have = len(base) if isinstance(base, list) else 0
        for index, item in enumerate(data):
            _prune(item, base[index] if index < have else MISSING)
        while len(data) > have and (data[-1] is None or _empty(data[-1])):
            data.pop()


def _empty(value: Any) -> bool:
    return isinstance(value, dict | list) and not value


# --- writing ------------------------------------------------------------------------------


class _Dumper(Emitter, Serializer, SafeRepresenter, files._Resolver):
    """YAML that :func:`read_data` reads back to the same values.

    The resolver is the reader's: only true/false/null words have a meaning, so text is quoted
    exactly when the reader would take it for one of those (or when YAML's syntax needs it), and
    numbers and dates stay plain, as people write them.
    """

    def __init__(self, stream: Any, **kwargs: Any) -> None:
        Emitter.__init__(
            self,
            stream,
            canonical=False,
            indent=2,
            width=96,
            allow_unicode=True,
            line_break="\n",
        )
        Serializer.__init__(self, encoding=None, explicit_start=False, explicit_end=False)
        SafeRepresenter.__init__(
            self, default_style=None, default_flow_style=False, sort_keys=False
        )
        files._Resolver.__init__(self)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: _Dumper, value: str) -> yaml.Node:
    style = None
    if any(not char.isprintable() and char != "\n" for char in value):
        style = '"'  # escaped: YAML would read a raw U+2028, NEL or BOM as something else
    elif "\n" in value and all(line == line.rstrip() for line in value.split("\n")):
        style = "|"  # a literal block keeps the lines exactly
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_number(dumper: _Dumper, value: Decimal | int) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value))


def _represent_list(dumper: _Dumper, value: list[Any]) -> yaml.Node:
    short = (
        all(isinstance(item, str) and len(item) <= 30 and "\n" not in item for item in value)
        and sum(len(item) + 2 for item in value) <= 60
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=bool(short))


def _represent_dict(dumper: _Dumper, value: dict[str, Any]) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=False)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Decimal, _represent_number)
_Dumper.add_representer(int, _represent_number)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(date, lambda dumper, value: _represent_str(dumper, value.isoformat()))


def brief_yaml(data: dict[str, Any], comments: list[str] | tuple[str, ...] = ()) -> str:
    """``data`` as YAML, keys in the schema's order, after ``comments`` (one per line)."""
    body = yaml.dump(_ordered(data, Brief), Dumper=_Dumper, sort_keys=False)
    head = "".join(f"# {line}\n" if not line.startswith("#") else f"{line}\n" for line in comments)
    return head + (body if data else "{}\n")


def _ordered(value: Any, model: type[BaseModel] | None) -> Any:
    """Mappings with their keys in the model's field order (unknown keys last, as found)."""
    if isinstance(value, list):
        return [_ordered(item, model) for item in value]
    if not isinstance(value, dict):
        return value
    order: dict[str, int] = {}
    infos: dict[str, Any] = {}
    if model is not None:
        for index, (name, info) in enumerate(model.model_fields.items()):
            order[info.alias or name] = index
            infos[info.alias or name] = info
    keys = sorted(value, key=lambda key: order.get(key, len(order)))
    result = {}
    for key in keys:
        found = infos.get(key)
        result[key] = _ordered(value[key], model_in(found.annotation) if found else None)
    return result


def write_brief(
    path: Path, data: dict[str, Any], comments: list[str] | tuple[str, ...] = ()
) -> None:
    """Write a brief in one step: JSON when ``path`` ends in ``.json``, YAML otherwise."""
    if path.suffix.lower() == ".json":
        text = json.dumps(_ordered(data, Brief), indent=2, ensure_ascii=False, default=str)
        write_text_atomic(path, text + "\n")
    else:
        write_text_atomic(path, brief_yaml(data, comments))


def leading_comments(path: Path) -> list[str]:
    """The comment lines at the top of a YAML file (a schema modeline, a note), to keep."""
    if path.suffix.lower() == ".json":
        return []
    try:
        with path.open("r", encoding="utf-8-sig") as stream:
            head = stream.read(4096)
    except (OSError, UnicodeDecodeError):
        return []
    lines = []
    for line in head.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


# --- the whole step -----------------------------------------------------------------------


@dataclass
class Imported:
    """What ``intake import`` did: the brief written, and what ``check`` says of it."""

    output: Path
    answers: Answers
    merged: Merged
    report: Report

    def summary(self) -> list[str]:
        """Lines for the freelancer: what came in, what was left out or ignored."""
        taken = len(self.merged.taken)
        said = f"{taken} answer{'s' if taken != 1 else ''} from {self.answers.source}"
        notes = []
        if self.merged.kept:
            notes.append(f"{len(self.merged.kept)} of your values kept")
        if self.merged.left_out:
            notes.append(f"{len(self.merged.left_out)} left out")
        if self.answers.ignored:
            notes.append(f"{len(self.answers.ignored)} ignored")
        lines = [f"wrote {self.output}: {said}" + (f" ({', '.join(notes)})" if notes else "")]
        width = min(max((len(f.field) for f in self.merged.left_out), default=0), 34)
        for finding in self.merged.left_out:
            lines.append(f"  left out  {finding.field:<{width}}  {finding.message}")
        for note in self.merged.notes:
            lines.append(f"  note      {note}")
        for note in self.answers.ignored[:20]:
            lines.append(f"  ignored   {note}")
        if len(self.answers.ignored) > 20:
            lines.append(f"  ignored   ... and {len(self.answers.ignored) - 20} more")
        return lines


def import_answers(
    source: Path, *, output: Path, into: Path | None = None, today: date
) -> Imported:
    """Read answers, merge them into ``into`` (or a new brief), write ``output``, assess it."""
    if into is None and output.exists():
        raise OutputError(
            f"exists already: merge the answers into it with --into {output}, or choose another -o",
            file=str(output),
        )
    answers = read_answers(source)
    base: dict[str, Any] = read_data(into) if into is not None else {}
    merged = merge(base, answers)
    comments = (
        leading_comments(into)
        if into is not None
        else [
            f"Brief started from the client's answers in {source.name}.",
            f"Check it with: firmbrief check {output.name}",
        ]
    )
    write_brief(output, merged.data, comments)
    report = assess(parse_brief(merged.data), file=str(output), today=today)
    return Imported(output=output, answers=answers, merged=merged, report=report)
