"""What every form of the questionnaire shows: the client's questions as sections, groups,
repeatable blocks and fields, each named by its path in the brief and pre-filled from a partial
brief. The PDF, the page and the email text are drawn from this one view
(:mod:`firmbrief.intake.questionnaire`).

The client's questionnaire is in the client's language
(:func:`~firmbrief.briefs.language.language_for` of the brief it is made from): the schema's
questions through the catalogues (:mod:`firmbrief.intake.phrasebook` extracts them), the words
of this module marked ``N_``. The freelancer's own questionnaire (``audience="freelancer"``)
stays English."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from firmbrief.briefs.fields import Loc
from firmbrief.briefs.schema import Brief
from firmbrief.intake.phrasebook import translated_example
from firmbrief.intake.questions import (
    NONE_SUFFIX,
    Audience,
    Block,
    Group,
    Item,
    Question,
    field_name,
    sections,
)
from firmbrief.templates.translations import N_, words_in

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "BlockView",
    "FieldView",
    "GroupView",
    "QuestionnaireView",
    "RowView",
    "SectionView",
    "intro",
    "questionnaire_view",
]

_TEXTAREA_ROWS: Final = {"multiline": 3, "list": 3}

_NONE_LABELS: Final = {"also_agree": N_("No one else"), "rules": N_("No particular rules")}

_CHOICE_LABELS: Final = {
    "DMY": N_("Day first: 15/03/2027"),
    "MDY": N_("Month first: 03/15/2027"),
    "business": N_("business"),
    "consumer": N_("consumer"),
}


# --- the view: what every form shows --------------------------------------------------------


@dataclass
class FieldView:
    """One question as a form field, with its value when pre-filled."""

    name: str
    id: str
    label: str
    help: str
    example: str
    kind: str
    value: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    none_name: str | None = None
    none_label: str = ""
    none_checked: bool = False
    rows: int = 1
    max_length: int | None = None
    pattern: str | None = None
    minimum: str | None = None
    maximum: str | None = None
    integer: bool = False
    field: str = ""

    is_group = False
    is_block = False

    @property
    def multiline(self) -> bool:
        return self.kind in ("multiline", "list")


@dataclass
class GroupView:
    title: str
    help: str
    fields: list[FieldView]
    is_group = True
    is_block = False


@dataclass
class RowView:
    index: int
    number: int
    prefilled: bool
    parts: list[FieldView | GroupView | BlockView]

    @property
    def lines(self) -> list[list[FieldView | GroupView | BlockView]]:
        """On paper, a card: its one-line questions two by two, then the others two by two."""
        short = [part for part in self.parts if _short(part)]
        long = [part for part in self.parts if not _short(part)]
        return [pair for group in (short, long) for pair in _two_by_two(group)]


def _two_by_two(
    parts: list[FieldView | GroupView | BlockView],
) -> list[list[FieldView | GroupView | BlockView]]:
    return [parts[index : index + 2] for index in range(0, len(parts), 2)]


@dataclass
class BlockView:
    key: str
    title: str
    item_title: str
    help: str
    rows: list[RowView]
    template: RowView
    max_items: int
    tabular: bool
    columns: list[FieldView]
    is_group = False
    is_block = True


@dataclass
class SectionView:
    key: str
    title: str
    intro: str
    parts: list[FieldView | GroupView | BlockView] = field(default_factory=list)

    @property
    def lines(self) -> list[list[FieldView | GroupView | BlockView]]:
        """The parts laid out on paper: two short questions side by side, the rest alone."""
        lines: list[list[FieldView | GroupView | BlockView]] = []
        for part in self.parts:
            previous = lines[-1] if lines else None
            if _short(part) and previous and len(previous) == 1 and _short(previous[0]):
                previous.append(part)
            else:
                lines.append([part])
        return lines


def _short(part: FieldView | GroupView | BlockView) -> bool:
    return isinstance(part, FieldView) and not part.multiline and not part.none_name


@dataclass
class QuestionnaireView:
    """Everything a questionnaire shows, in order."""

    heading: str
    project: str
    sender: str
    reply_to: str
    date_order: str | None
    date_hint: str
    sections: list[SectionView]
    language: str = "en"
    spelling: str = "en-GB"

    def gettext(self, message: str) -> str:
        """``message`` in the questionnaire's language (and English in its spelling)."""
        return words_in(self.language, self.spelling)(message)

    def fields(self) -> Iterator[FieldView]:
        """Every field, block rows included (not the page's row template)."""
        for section in self.sections:
            for part in section.parts:
                yield from _fields_of(part)

    def field_count(self) -> int:
        return sum(1 + (1 if view.none_name else 0) for view in self.fields())


def _fields_of(part: FieldView | GroupView | BlockView | RowView) -> Iterator[FieldView]:
    if isinstance(part, FieldView):
        yield part
    elif isinstance(part, GroupView):
        yield from part.fields
    elif isinstance(part, BlockView):
        for row in part.rows:
            yield from _fields_of(row)
    else:
        for inner in part.parts:
            yield from _fields_of(inner)


def _value(brief: Brief | None, loc: Loc) -> Any:
    here: Any = brief
    for part in loc:
        if here is None:
            return None
        if isinstance(part, int):
            here = here[part] if isinstance(here, list) and part < len(here) else None
        else:
            here = getattr(here, part, None)
    return here


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


@dataclass(frozen=True)
class _Asking:
    """What every field of one questionnaire is asked with: the brief it is pre-filled from,
    its order of numeric dates, its language's words and the locale its amounts are written
    in (the brief's documents', the rule they are read back by)."""

    brief: Brief | None
    order: str | None
    gettext: Callable[[str], str]
    locale: str


def _amount(text: str, locale: str) -> str:
    """An amount (``4200.00``) as the questionnaire's locale writes it (``4.200,00``)."""
    from firmbrief.briefs.money import written_amount

    try:
        return written_amount(Decimal(text), locale)
    except ArithmeticError:  # not an amount (an example in words): as it is
        return text


def _field(question: Question, loc: Loc, asking: _Asking) -> FieldView:
    _, order = asking.gettext, asking.order
    name = field_name(loc)
    value = _value(asking.brief, loc)
    example = _(question.example) if translated_example(question.example) else question.example
    shown = _text(value)
    if question.kind == "money":
        example = _amount(example, asking.locale) if example else example
        shown = _amount(shown, asking.locale) if shown else shown
    if question.kind == "date" and order:
        example = _("{example} (all-numeric dates are read {order})").format(
            example=example, order=_(_ORDER_WORDS[order])
        )
    view = FieldView(
        name=name,
        id="q-" + name.replace(".", "-"),
        label=_(question.text),
        help=_(question.help) if question.help else "",
        example=example,
        kind=question.kind,
        value=shown,
        choices=tuple(
            (choice, _(_CHOICE_LABELS[choice]) if choice in _CHOICE_LABELS else choice)
            for choice in question.choices
        ),
        rows=_TEXTAREA_ROWS.get(question.kind, 1),
        max_length=question.max_length if not question.is_list else None,
        pattern=question.pattern if not question.is_list else None,
        minimum=question.minimum,
        maximum=question.maximum,
        integer=question.integer,
        field=question.field,
    )
    if question.none_allowed:
        view.none_name = name + NONE_SUFFIX
        view.none_label = _(_NONE_LABELS.get(question.field, N_("None")))
        view.none_checked = value == []
    return view


_ORDER_WORDS: Final = {"DMY": N_("day first: 15/03/2027"), "MDY": N_("month first: 03/15/2027")}


def _parts(
    items: tuple[Item, ...], prefix: Loc, asking: _Asking
) -> list[FieldView | GroupView | BlockView]:
    _ = asking.gettext
    parts: list[FieldView | GroupView | BlockView] = []
    for item in items:
        if isinstance(item, Question):
            parts.append(_field(item, (*prefix, *item.loc), asking))
        elif isinstance(item, Group):
            fields = [
                view for view in _parts(item.items, prefix, asking) if isinstance(view, FieldView)
            ]
            help_ = _(item.help) if item.help else ""
            parts.append(GroupView(title=_(item.title), help=help_, fields=fields))
        else:
            parts.append(_block(item, prefix, asking))
    return parts


def _block(block: Block, prefix: Loc, asking: _Asking) -> BlockView:
    _ = asking.gettext
    loc = (*prefix, *block.loc)
    existing = _value(asking.brief, loc)
    have = len(existing) if isinstance(existing, list) else 0
    count = min(max(block.rows, have + 1), block.max_items)

    def row(index: int) -> RowView:
        parts = _parts(block.items, (*loc, index), asking)
        return RowView(index=index, number=index + 1, prefilled=index < have, parts=parts)

    rows = [row(index) for index in range(count)]
    template = row(count)
    tabular = all(
        isinstance(item, Question) and item.kind not in ("multiline", "list")
        for item in block.items
    )
    columns = [part for part in template.parts if isinstance(part, FieldView)]
    return BlockView(
        key=field_name(loc),
        title=_(block.title),
        item_title=_(_ITEM_TITLES.get(block.item_title, block.item_title)),
        help=_(block.help) if block.help else "",
        rows=rows,
        template=template,
        max_items=block.max_items,
        tabular=tabular,
        columns=columns,
    )


_ITEM_TITLES: Final = {
    "Iteration": N_("Stage"),
    "Material": N_("Material"),
    "Deliverable": N_("Deliverable"),
}


def questionnaire_view(
    brief: Brief | None = None, *, audience: Audience = "client", language: str | None = None
) -> QuestionnaireView:
    """The questionnaire for ``audience``, pre-filled from ``brief`` when given; the client's
    in ``language`` (else the brief's client's, else English), the freelancer's in English."""
    from firmbrief.briefs.language import document_locale, language_for
    from firmbrief.briefs.legal import spelling_for

    if language is None:
        language = language_for(brief) if brief is not None and audience == "client" else "en"
    spelling = spelling_for(brief) if brief is not None and audience == "client" else "en-GB"
    _ = words_in(language, spelling)
    order = brief.date_order if brief is not None else None
    locale = document_locale(brief) if brief is not None else "en"
    asking = _Asking(brief=brief, order=order, gettext=_, locale=locale)
    views = [
        SectionView(
            key=section.key,
            title=_(section.title),
            intro=_(section.intro) if section.intro else "",
            parts=_parts(section.items, (), asking),
        )
        for section in sections(audience)
    ]
    return QuestionnaireView(
        heading=_("Project questionnaire"),
        project=(brief.title or "") if brief is not None else "",
        sender=_sender(brief),
        reply_to=(brief.freelancer.email or "") if brief is not None else "",
        date_order=order,
        date_hint=_date_hint(order, _),
        sections=views,
        language=language,
        spelling=spelling,
    )


def _sender(brief: Brief | None) -> str:
    if brief is None:
        return ""
    person = brief.freelancer
    names = [n for n in (person.name, person.company) if n]
    return ", ".join(dict.fromkeys(names))


def _date_hint(order: str | None, _: Callable[[str], str]) -> str:
    hint = _(
        "Dates: write the day, the month and the year, e.g. 2027-03-15 or 15 March 2027 "
        "(not \u201cend of March\u201d or \u201cASAP\u201d)."
    )
    if order:
        hint += " " + _("All-numeric dates are read {order}.").format(order=_(_ORDER_WORDS[order]))
    return hint


def intro(view: QuestionnaireView) -> list[str]:
    """The opening paragraphs, for a client who has never seen a brief."""
    _ = view.gettext
    who = view.sender or _("Your contractor")
    return [
        _(
            "{who} would like to agree with you, in writing and before work starts, on what "
            "will be delivered, by when, and how you will judge that it is done. Your answers "
            "become the brief you both work from; nothing here commits you yet."
        ).format(who=who),
        _(
            "Answer what you can and leave blank what you don\u2019t know yet: the rest can be "
            "settled together. {dates} Lists take one item per line."
        ).format(dates=view.date_hint),
    ]
