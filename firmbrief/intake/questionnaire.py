"""The client's questionnaire: a fillable PDF form, a self-contained web page, or plain text.

All three ask the client's questions from :mod:`firmbrief.intake.questions`, optionally
pre-filled from a partial brief (``--from``). Every field is named by its path in the brief
(``client.approver.name``, ``deliverables.0.volume``) so that
:mod:`firmbrief.intake.importer` reads the answers back without a mapping table.

* PDF: WeasyPrint's ``pdf_forms``: text fields, multi-line fields, choices (``<select>``),
  checkboxes (a list's ``none``), repeatable blocks as a fixed number of rows.
* HTML: one page with its stylesheet and scripts inline and a Content-Security-Policy that
  allows no network at all. Dates are checked as the client types by ``firmdate.js``, the
  firm-date rule's JavaScript twin, with the word table embedded; "Save answers" downloads
  ``answers.json``. Pre-filled values are escaped by the template engine; the page's script
  writes only with ``textContent``.
* Markdown: each question with its help, an example, and a blank to fill, for an email.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from firmbrief.atomic import write_atomic, write_text_atomic
from firmbrief.briefs.fields import Loc
from firmbrief.briefs.schema import Brief
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

if TYPE_CHECKING:
    from jinja2 import Environment

    from firmbrief.contracts.pdf import Renderer

__all__ = [
    "FORMATS",
    "QuestionnaireFormat",
    "Written",
    "format_for",
    "questionnaire_html",
    "questionnaire_markdown",
    "questionnaire_pdf",
    "questionnaire_view",
    "write_questionnaire",
]


QuestionnaireFormat = Literal["pdf", "html", "md"]
"""The questionnaire's forms: a fillable PDF, a web page, text for an email."""

FORMATS: Final[tuple[QuestionnaireFormat, ...]] = ("pdf", "html", "md")
SUFFIXES: Final[dict[str, QuestionnaireFormat]] = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".txt": "md",
}

_TEXTAREA_ROWS: Final = {"multiline": 3, "list": 3}

_NONE_LABELS: Final = {"also_agree": "No one else", "rules": "No particular rules"}

_CHOICE_LABELS: Final = {
    "DMY": "Day first: 15/03/2027",
    "MDY": "Month first: 03/15/2027",
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


def _field(question: Question, loc: Loc, brief: Brief | None, order: str | None) -> FieldView:
    name = field_name(loc)
    value = _value(brief, loc)
    example = question.example
    if question.kind == "date" and order:
        example = f"{example} (all-numeric dates are read {_ORDER_WORDS[order]})"
    view = FieldView(
        name=name,
        id="q-" + name.replace(".", "-"),
        label=question.text,
        help=question.help,
        example=example,
        kind=question.kind,
        value=_text(value),
        choices=tuple((choice, _CHOICE_LABELS.get(choice, choice)) for choice in question.choices),
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
        view.none_label = _NONE_LABELS.get(question.field, "None")
        view.none_checked = value == []
    return view


_ORDER_WORDS: Final = {"DMY": "day first: 15/03/2027", "MDY": "month first: 03/15/2027"}


def _parts(
    items: tuple[Item, ...], prefix: Loc, brief: Brief | None, order: str | None
) -> list[FieldView | GroupView | BlockView]:
    parts: list[FieldView | GroupView | BlockView] = []
    for item in items:
        if isinstance(item, Question):
            parts.append(_field(item, (*prefix, *item.loc), brief, order))
        elif isinstance(item, Group):
            fields = [
                view
                for view in _parts(item.items, prefix, brief, order)
                if isinstance(view, FieldView)
            ]
            parts.append(GroupView(title=item.title, help=item.help, fields=fields))
        else:
            parts.append(_block(item, prefix, brief, order))
    return parts


def _block(block: Block, prefix: Loc, brief: Brief | None, order: str | None) -> BlockView:
    loc = (*prefix, *block.loc)
    existing = _value(brief, loc)
    have = len(existing) if isinstance(existing, list) else 0
    count = min(max(block.rows, have + 1), block.max_items)

    def row(index: int) -> RowView:
        parts = _parts(block.items, (*loc, index), brief, order)
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
        title=block.title,
        item_title=_ITEM_TITLES.get(block.item_title, block.item_title),
        help=block.help,
        rows=rows,
        template=template,
        max_items=block.max_items,
        tabular=tabular,
        columns=columns,
    )


_ITEM_TITLES: Final = {"Iteration": "Stage", "Material": "Material", "Deliverable": "Deliverable"}


def questionnaire_view(
    brief: Brief | None = None, *, audience: Audience = "client"
) -> QuestionnaireView:
    """The questionnaire for ``audience``, pre-filled from ``brief`` when given."""
    order = brief.date_order if brief is not None else None
    views = [
        SectionView(
            key=section.key,
            title=section.title,
            intro=section.intro,
            parts=_parts(section.items, (), brief, order),
        )
        for section in sections(audience)
    ]
    return QuestionnaireView(
        heading="Project questionnaire",
        project=(brief.title or "") if brief is not None else "",
        sender=_sender(brief),
        reply_to=(brief.freelancer.email or "") if brief is not None else "",
        date_order=order,
        date_hint=_date_hint(order),
        sections=views,
    )


def _sender(brief: Brief | None) -> str:
    if brief is None:
        return ""
    person = brief.freelancer
    names = [n for n in (person.name, person.company) if n]
    return ", ".join(dict.fromkeys(names))


def _date_hint(order: str | None) -> str:
    hint = (
        "Dates: write the day, the month and the year, e.g. 2027-03-15 or 15 March 2027 "
        "(not \u201cend of March\u201d or \u201cASAP\u201d)."
    )
    if order:
        hint += f" All-numeric dates are read {_ORDER_WORDS[order]}."
    return hint


def _intro(view: QuestionnaireView) -> list[str]:
    """The opening paragraphs, for a client who has never seen a brief."""
    who = view.sender or "Your contractor"
    return [
        f"{who} would like to agree with you, in writing and before work starts, on what will "
        "be delivered, by when, and how you will judge that it is done. Your answers become "
        "the brief you both work from; nothing here commits you yet.",
        "Answer what you can and leave blank what you don\u2019t know yet: the rest can be "
        "settled together. " + view.date_hint + " Lists take one item per line.",
    ]


# --- templates ------------------------------------------------------------------------------


@cache
def _environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from firmbrief import templates

    return Environment(
        loader=FileSystemLoader(str(templates.folder())),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _resource(name: str) -> str:
    from firmbrief import templates

    text = (templates.folder() / name).read_text("utf-8")
    if "</" in text and any(tag in text.lower() for tag in ("</script", "</style")):
        raise ValueError(f"{name} must not close its own element")  # a bug of ours
    return text


def _words() -> dict[str, Any]:
    """The firm-date rule's word table, as briefs/dates.py reads it."""
    from importlib import resources

    text = resources.files("firmbrief.briefs").joinpath("datewords.json").read_text("utf-8")
    words: dict[str, Any] = json.loads(text)
    words.pop("_comment", None)
    return words


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def questionnaire_html(brief: Brief | None = None, *, audience: Audience = "client") -> str:
    """The questionnaire as one self-contained web page."""
    view = questionnaire_view(brief, audience=audience)
    css = _resource("questionnaire.css")
    script = _resource("firmdate.js") + "\n" + _resource("questionnaire.js")
    data = {
        "words": _words(),
        "dateOrder": view.date_order,
        "format": "firmbrief-answers",
        "version": 1,
        "project": view.project,
        "replyTo": view.reply_to,
    }
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(script)}; style-src {_csp_hash(css)}; "
        "img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'"
    )
    return (
        _environment()
        .get_template("questionnaire.html")
        .render(
            view=view,
            intro=_intro(view),
            css=css,
            script=script,
            data=data,
            csp=csp,
        )
    )


def questionnaire_pdf(
    brief: Brief | None = None, *, renderer: Renderer | None = None, audience: Audience = "client"
) -> bytes:
    """The questionnaire as a fillable PDF form."""
    from firmbrief.contracts.pdf import Renderer

    view = questionnaire_view(brief, audience=audience)
    html = (
        _environment().get_template("questionnaire-form.html").render(view=view, intro=_intro(view))
    )
    renderer = renderer or Renderer()
    data = renderer.pdf(html, stylesheets=["fonts.css", "questionnaire-form.css"], forms=True)
    return _standard_field_font(data)


_DA_SIZE = re.compile(rb"([0-9.]+) Tf")
_DA_COLOUR = re.compile(rb"[0-9.]+ [0-9.]+ [0-9.]+ rg")


def _standard_field_font(data: bytes) -> bytes:
    """The form with Helvetica as its fields' font, the AcroForm default every reader knows.

    WeasyPrint writes the page's own embedded font (a composite font) into each field's
    default appearance; some fillers, pdftk among them, then draw typed text as empty boxes.
    Helvetica with WinAnsi encoding is what form tools themselves use: readers fill it, and
    substitute a font for letters it lacks; the values are Unicode text either way.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    form = writer.root_object.get("/AcroForm")
    if form is None:
        return data
    form = form.get_object()
    helvetica = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    fonts = DictionaryObject({NameObject("/Helv"): writer._add_object(helvetica)})
    form[NameObject("/DR")] = DictionaryObject({NameObject("/Font"): fonts})
    form[NameObject("/DA")] = TextStringObject("/Helv 0 Tf 0 g")
    for reference in form.get("/Fields", []):
        field = reference.get_object()
        appearance = field.get("/DA")
        if appearance is None:
            continue
        raw = str(appearance).encode("latin-1", "replace")
        size = _DA_SIZE.search(raw)
        colour = _DA_COLOUR.search(raw)
        new = b"/Helv " + (size.group(1) if size else b"0") + b" Tf"
        new += b" " + (colour.group(0) if colour else b"0 g")
        field[NameObject("/DA")] = TextStringObject(new.decode("ascii"))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def questionnaire_markdown(brief: Brief | None = None, *, audience: Audience = "client") -> str:
    """The questionnaire as plain text (Markdown) for an email."""
    view = questionnaire_view(brief, audience=audience)
    title = view.heading + (f": {view.project}" if view.project else "")
    lines = [f"# {title}", ""]
    if view.sender:
        lines += [f"From {view.sender}" + (f" ({view.reply_to})" if view.reply_to else "."), ""]
    for paragraph in _intro(view):
        lines += [paragraph, ""]
    lines += ["Reply with your answer under each question, after the `>`.", ""]
    number = 0
    for section in view.sections:
        lines += [f"## {section.title}", ""]
        if section.intro:
            lines += [section.intro, ""]
        for part in section.parts:
            if isinstance(part, BlockView):
                shown = [row for row in part.rows if row.prefilled]
                shown += part.rows[len(shown) : len(shown) + 1]  # and one blank
                for row in shown:
                    lines += [f"### {part.item_title} {row.number}", ""]
                    for inner in row.parts:
                        number = _md_part(lines, inner, number)
                lines += [
                    f"(For more, copy the {part.item_title.lower()} above and number it on.)",
                    "",
                ]
            else:
                number = _md_part(lines, part, number)
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_part(
    lines: list[str], part: FieldView | GroupView | BlockView | RowView, number: int
) -> int:
    if isinstance(part, GroupView):
        lines += [f"**{part.title}** {part.help}", ""]
        for inner in part.fields:
            number = _md_part(lines, inner, number)
        return number
    if not isinstance(part, FieldView):
        return number
    number += 1
    lines.append(f"**{number}. {part.label}**")
    help_line = part.help
    if part.kind == "list":
        help_line += " One per line." if part.none_name is None else ' One per line, or "none".'
    if part.choices:
        help_line += (
            " One of: "
            + "; ".join(f"{v} ({label})" if v != label else v for v, label in part.choices)
            + "."
        )
    lines.append(help_line.strip())
    if part.example:
        lines.append(f"Example: {part.example}")
    if part.none_checked:
        lines.append("> none")
    elif part.value:
        lines += [f"> {line}" for line in part.value.split("\n")]
    else:
        lines.append(">")
    lines.append("")
    return number


# --- writing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    """A questionnaire written to disk."""

    path: Path | None
    format: QuestionnaireFormat
    fields: int
    size: int


def format_for(output: Path | None, wanted: QuestionnaireFormat | None) -> QuestionnaireFormat:
    """The format asked for, or the one ``output``'s suffix names, or PDF."""
    if wanted is not None:
        return wanted
    if output is not None and output.suffix.lower() in SUFFIXES:
        return SUFFIXES[output.suffix.lower()]
    return "pdf"


def write_questionnaire(
    output: Path | None, fmt: QuestionnaireFormat, brief: Brief | None = None
) -> tuple[Written, bytes]:
    """Produce the questionnaire; write it to ``output`` (atomically) unless it is ``None``."""
    if fmt == "pdf":
        data = questionnaire_pdf(brief)
    elif fmt == "html":
        data = questionnaire_html(brief).encode("utf-8")
    else:
        data = questionnaire_markdown(brief).encode("utf-8")
    if output is not None:
        if fmt == "pdf":
            write_atomic(output, data)
        else:
            write_text_atomic(output, data.decode("utf-8"))
    count = questionnaire_view(brief).field_count()
    return Written(path=output, format=fmt, fields=count, size=len(data)), data
