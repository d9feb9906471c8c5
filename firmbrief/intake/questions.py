"""The questions of a brief, read from the brief's schema: one source for every way of asking.

Each field of :class:`~firmbrief.briefs.schema.Brief` that carries a question in its JSON Schema
(``x-question``, ``x-asked-of``, its description as help, its first example) becomes a
:class:`Question`; nested models become :class:`Group` s (the approver) and lists of models become
repeatable :class:`Block` s (deliverables, materials, iterations). The client's questionnaire
(PDF, HTML, Markdown), the import of its answers and the terminal interview all walk this
catalog, so a field added to the schema with a question is asked everywhere, in schema order.
Fields without a question (terms, cancellation, branding...) keep their defaults and are edited
in the brief file.

Names: a question is known by its path in the brief, dotted with indices as plain parts,
``client.approver.name``, ``deliverables.0.volume``: the names of the PDF form's fields, of the
HTML page's inputs, and of the saved answers. A list that accepts the word ``none`` has a
checkbox named ``<path>:none``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Final, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from firmbrief.briefs import fields
from firmbrief.briefs.fields import AskedOf as Audience
from firmbrief.briefs.fields import Loc, model_in
from firmbrief.briefs.schema import Brief

__all__ = [
    "BLOCK_ROWS",
    "NONE_SUFFIX",
    "Audience",
    "Block",
    "Group",
    "Item",
    "Kind",
    "Loc",
    "Question",
    "Section",
    "catalog",
    "field_name",
    "parse_name",
    "question_at",
    "questions",
    "sections",
]

Kind = Literal["text", "multiline", "number", "money", "date", "choice", "list"]

NONE_SUFFIX: Final = ":none"
"""The checkbox beside a list that may be ``none``: ``client.also_agree:none``."""

BLOCK_ROWS: Final = {"deliverables": 5, "materials": 5, "iterations": 4}
"""Rows of each repeatable block in the PDF form (more when the brief already has more)."""
DEFAULT_ROWS: Final = 3

# Section titles: (in the freelancer's interview, in the client's questionnaire). A section
# is a top-level group or block, or a run of top-level questions named by its first field.
_TITLES: Final[dict[str, tuple[str, str]]] = {
    "title": ("The project", "The project"),
    "freelancer": ("You", "Your contractor"),
    "client": ("The client", "About you"),
    "goals": ("Goals and audience", "Goals and audience"),
    "deliverables": ("Deliverables", "What will be delivered"),
    "materials": ("Client materials", "What you will supply"),
    "iterations": ("Stages and dates", "Stages and dates"),
    "capacity_hours_per_week": ("Time and price", "Time and price"),
    "tax": ("Tax", "Tax"),
    "payment": ("Payment", "Payment"),
}

# What each section says to the client, who has never seen a brief; the freelancer's interview
# uses the schema's own descriptions.
_CLIENT_INTROS: Final[dict[str, str]] = {
    "title": "A name and a few words about the project.",
    "client": "Who you are, and who decides. One person's yes or no is final for each "
    "delivery: that avoids drafts going back and forth between several people.",
    "goals": "What the project must achieve, and for whom. Goals are how the result will be "
    "judged, so write each one as a sentence you could check afterwards.",
    "deliverables": "Each thing you expect to receive, counted (\u201c12 pages\u201d, not "
    "\u201ca few pages\u201d), and how you will judge that it is done.",
    "materials": "What you will provide (texts, photos, logins, a brand book), and by which "
    "date. Work that needs them can only start once they are in.",
    "iterations": "The work goes in stages; each is delivered, reviewed by you and accepted on "
    "its own. Give the dates that suit you and the working days you need to review.",
}


@dataclass(frozen=True, slots=True)
class Question:
    """One field to ask about.

    ``loc`` is the path from the brief (or, inside a block, from the block's item) to the field.
    """

    loc: Loc
    text: str
    help: str
    example: str
    asked_of: Audience
    kind: Kind
    model: type[BaseModel]
    field: str
    choices: tuple[str, ...] = ()
    default: str | None = None
    optional: bool = True
    none_allowed: bool = False
    integer: bool = False
    refers_to: str | None = None
    max_length: int | None = None
    max_items: int | None = None
    pattern: str | None = None
    minimum: str | None = None
    maximum: str | None = None
    about: str = ""
    about_help: str = ""

    @property
    def is_list(self) -> bool:
        return self.kind == "list"

    @property
    def asked_about(self) -> str:
        """The question as the freelancer's interview asks it ("The client's full name")."""
        return self.about or self.text

    @property
    def help_about(self) -> str:
        return self.about_help or self.help


@dataclass(frozen=True, slots=True)
class Group:
    """A nested part of the brief asked together: the approver (name, email, role)."""

    loc: Loc
    title: str
    help: str
    items: tuple[Item, ...]
    model: type[BaseModel]


@dataclass(frozen=True, slots=True)
class Block:
    """A list of items asked one item at a time: deliverables, materials, iterations."""

    loc: Loc
    title: str
    help: str
    item_title: str
    items: tuple[Item, ...]
    model: type[BaseModel]
    max_items: int
    rows: int


Item = Question | Group | Block


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the questionnaire under one heading."""

    key: str
    title: str
    intro: str
    items: tuple[Item, ...] = field(default=())


# --- reading the schema ---------------------------------------------------------------------


def _resolve(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """A property's schema without ``$ref`` and with the non-null branch of ``anyOf`` merged in."""
    merged = {k: v for k, v in prop.items() if k not in ("anyOf", "$ref")}
    if "$ref" in prop:
        merged = {**defs[prop["$ref"].rsplit("/", 1)[-1]], **merged}
    for branch in prop.get("anyOf", []):
        if branch.get("type") == "null":
            continue
        resolved = _resolve(branch, defs)
        merged = {**resolved, **merged}
        break
    return merged


def _contains(annotation: Any, wanted: Any) -> bool:
    """Whether ``wanted`` (an alias such as ``Text``) is, or is part of, ``annotation``."""
    try:
        if annotation is wanted or annotation == wanted:
            return True
    except TypeError:  # metadata that cannot be compared
        pass
    return any(_contains(arg, wanted) for arg in get_args(annotation))


def _annotation(info: Any) -> Any:
    """A field's full type: pydantic moves a required field's ``Annotated`` metadata aside."""
    if info.metadata:
        return Annotated[info.annotation, *info.metadata]
    return info.annotation


def _is_list(annotation: Any) -> bool:
    return get_origin(annotation) is list or any(_is_list(arg) for arg in get_args(annotation))


def _literal(annotation: Any) -> tuple[str, ...]:
    if get_origin(annotation) is Literal:
        return tuple(str(arg) for arg in get_args(annotation))
    for arg in get_args(annotation):
        if found := _literal(arg):
            return found
    return ()


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return "" if value is None else str(value)


def _kind(annotation: Any, prop: dict[str, Any]) -> Kind:
    if prop.get("x-firm-date"):
        return "date"
    if _literal(annotation):
        return "choice"
    if _is_list(annotation):
        return "list"
    if _contains(annotation, fields.Money):
        return "money"
    if _contains(annotation, int) or _contains(annotation, Decimal):
        return "number"
    if _contains(annotation, fields.Text):
        return "multiline"
    return "text"


def _humanise(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _doc(model: type[BaseModel]) -> str:
    return (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")


def _items(
    model: type[BaseModel], defs: dict[str, Any], model_schema: dict[str, Any], loc: Loc
) -> tuple[Item, ...]:
    found: list[Item] = []
    properties = model_schema.get("properties", {})
    for name, info in model.model_fields.items():
        key = info.alias or name
        prop = properties.get(key, {})
        resolved = _resolve(prop, defs)
        sub = model_in(info.annotation)
        here = (*loc, key)
        if sub is not None and _is_list(info.annotation):
            item_schema = _resolve(resolved.get("items", {}), defs)
            inner = _items(sub, defs, item_schema, ())
            if inner:
                found.append(
                    Block(
                        loc=here,
                        title=_humanise(key),
                        help=_doc(sub),
                        item_title=sub.__name__,
                        items=inner,
                        model=sub,
                        max_items=int(resolved.get("maxItems", 50)),
                        rows=BLOCK_ROWS.get(key, DEFAULT_ROWS),
                    )
                )
        elif sub is not None:
            inner = _items(sub, defs, _resolve(prop, defs), here)
            if inner:
                title = prop.get("x-question") or _humanise(key)
                found.append(
                    Group(
                        loc=here,
                        title=title,
                        help=prop.get("description") or _doc(sub),
                        items=inner,
                        model=sub,
                    )
                )
        elif "x-question" in prop:
            found.append(_question(model, name, info, prop, resolved, here))
    return tuple(found)


def _question(
    model: type[BaseModel],
    name: str,
    info: Any,
    prop: dict[str, Any],
    resolved: dict[str, Any],
    loc: Loc,
) -> Question:
    annotation = _annotation(info)
    kind = _kind(annotation, resolved)
    default = info.default
    has_default = default is not PydanticUndefined and default is not None and default != []
    examples = prop.get("examples") or []
    items_schema = resolved.get("items", {}) if kind == "list" else {}
    return Question(
        loc=loc,
        text=str(prop["x-question"]),
        help=str(prop.get("description", "")),
        example=_text(examples[0]) if examples else "",
        asked_of=prop.get("x-asked-of", "freelancer"),
        kind=kind,
        model=model,
        field=name,
        choices=_literal(annotation),
        default=_text(default) if has_default else None,
        optional=type(None) in get_args(annotation),
        none_allowed=_contains(annotation, fields.Names),
        integer=kind == "number" and _contains(annotation, int),
        refers_to="deliverables"
        if kind == "list" and _contains(annotation, fields.Ident)
        else None,
        max_length=resolved.get("maxLength") or items_schema.get("maxLength"),
        max_items=resolved.get("maxItems"),
        pattern=resolved.get("pattern") or items_schema.get("pattern"),
        minimum=_number(resolved.get("minimum")),
        maximum=_number(resolved.get("maximum")),
        about=str(prop.get("x-question-about", "")),
        about_help=str(prop.get("x-help-about", "")),
    )


def _number(value: Any) -> str | None:
    if value is None:
        return None
    number = Decimal(str(value))
    return str(number.to_integral_value()) if number == number.to_integral_value() else str(value)


@cache
def catalog() -> tuple[Section, ...]:
    """Every question of the brief, in sections, in the schema's order."""
    brief_schema = Brief.model_json_schema(by_alias=True, mode="validation")
    defs = brief_schema.get("$defs", {})
    sections: list[Section] = []
    run: list[Item] = []

    def close_run() -> None:
        if run:
            key = str(run[0].loc[0])
            sections.append(Section(key=key, title="", intro="", items=tuple(run)))
            run.clear()

    for item in _items(Brief, defs, brief_schema, ()):
        if isinstance(item, Question):
            run.append(item)
            continue
        close_run()
        sections.append(Section(key=str(item.loc[0]), title="", intro=item.help, items=(item,)))
    close_run()
    return tuple(sections)


def sections(audience: Audience | None = None) -> list[Section]:
    """The sections with the questions ``audience`` answers (all of them when ``None``)."""
    result = []
    for section in catalog():
        items = _only(section.items, audience)
        if not items:
            continue
        titles = _TITLES.get(section.key, (_humanise(section.key),) * 2)
        intro = section.intro
        if audience == "client":
            intro = _CLIENT_INTROS.get(section.key, intro)
        if len(items) == 1 and isinstance(items[0], Group):
            items = items[0].items  # a top-level group is the section itself
        result.append(
            Section(
                key=section.key,
                title=titles[1] if audience == "client" else titles[0],
                intro=intro,
                items=items,
            )
        )
    return result


def _only(items: tuple[Item, ...], audience: Audience | None) -> tuple[Item, ...]:
    kept: list[Item] = []
    for item in items:
        if isinstance(item, Question):
            if audience is None or item.asked_of == audience:
                kept.append(item)
        else:
            inner = _only(item.items, audience)
            if inner:
                kept.append(_replace_items(item, inner))
    return tuple(kept)


def _replace_items(item: Group | Block, items: tuple[Item, ...]) -> Group | Block:
    if isinstance(item, Group):
        return Group(item.loc, item.title, item.help, items, item.model)
    return Block(
        item.loc,
        item.title,
        item.help,
        item.item_title,
        items,
        item.model,
        item.max_items,
        item.rows,
    )


def questions(audience: Audience | None = None) -> Iterator[tuple[Loc, Question]]:
    """Every question as ``(template, question)``; in a block, the template has ``-1`` as the
    item's index: ``("deliverables", -1, "volume")``."""

    def walk(items: tuple[Item, ...], prefix: Loc) -> Iterator[tuple[Loc, Question]]:
        for item in items:
            if isinstance(item, Question):
                yield (*prefix, *item.loc), item
            elif isinstance(item, Group):
                yield from walk(item.items, prefix)
            else:
                yield from walk(item.items, (*prefix, *item.loc, -1))

    for section in catalog():
        for template, question in walk(section.items, ()):
            if audience is None or question.asked_of == audience:
                yield template, question


@cache
def _by_template() -> dict[Loc, Question]:
    return dict(questions())


def field_name(loc: Loc) -> str:
    """The form field's name of a path: ``deliverables.0.volume``."""
    return ".".join(str(part) for part in loc)


_PART = re.compile(r"[A-Za-z_$][A-Za-z0-9_]*|0|[1-9][0-9]{0,3}")


def parse_name(name: str) -> Loc | None:
    """The path a form field's name stands for, or ``None`` if it is not a path."""
    parts = name.split(".")
    if len(parts) > 8 or not all(_PART.fullmatch(part) for part in parts):
        return None
    return tuple(int(part) if part.isdigit() else part for part in parts)


def question_at(loc: Loc) -> Question | None:
    """The question asked for the field at ``loc`` (indices as ints), if any."""
    template = tuple(-1 if isinstance(part, int) else part for part in loc)
    return _by_template().get(template)
