"""The client's questionnaire: a fillable PDF form, a self-contained web page, or plain text.

All three ask the client's questions from :mod:`firmbrief.intake.questions`, optionally
pre-filled from a partial brief (``--from``). Every field is named by its path in the brief
(``client.approver.name``, ``deliverables.0.volume``) so that
:mod:`firmbrief.intake.importer` reads the answers back without a mapping table.

* PDF: WeasyPrint's ``pdf_forms``: text fields, multi-line fields, choices (``<select>``),
  checkboxes (a list's ``none``), repeatable blocks as a fixed number of rows.
* HTML: one page with its stylesheet and scripts inline and a Content-Security-Policy that
  allows no network at all. Dates are checked as the client types by ``firmdate.js``, the
  firm-date rule's JavaScript twin, with the word table embedded, and amounts by
  ``amount.js``, :func:`~firmbrief.briefs.money.read_amount`'s twin, in the client's locale;
  "Save answers" downloads ``answers.json``. Pre-filled values are escaped by the template
  engine; the page's script writes only with ``textContent``.
* Markdown: each question with its help, an example, and a blank to fill, for an email.

All three are in the client's language (:func:`~firmbrief.briefs.language.language_for` of the
brief they are made from, :mod:`firmbrief.intake.form_view`): the templates through Jinja's i18n
extension with the catalogues, the page's ``lang`` attribute, the script's messages (given in
its data), the email's words; amounts are read back by the locale's rule.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from firmbrief.atomic import write_atomic, write_text_atomic
from firmbrief.briefs.schema import Brief
from firmbrief.intake.form_view import (
    BlockView,
    FieldView,
    GroupView,
    RowView,
    intro,
    questionnaire_view,
)
from firmbrief.intake.questions import (
    Audience,
)
from firmbrief.templates.translations import N_, spelled, translations

if TYPE_CHECKING:
    from jinja2 import Environment

    from firmbrief.pdf import Renderer

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

# --- templates ------------------------------------------------------------------------------


@cache
def _environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context

    from firmbrief import templates

    environment = Environment(
        loader=FileSystemLoader(str(templates.folder())),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    environment.policies["ext.i18n.trimmed"] = True  # as babel.cfg extracts them

    @pass_context
    def gettext(context: Any, message: str) -> str:
        return str(context["view"].gettext(message))

    @pass_context
    def ngettext(context: Any, singular: str, plural: str, n: int) -> str:
        view = context["view"]
        said = translations(view.language).ngettext(singular, plural, n)
        return spelled(said, view.language, view.spelling)

    environment.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=True
    )
    return environment


SCRIPT_WORDS: Final = {
    "example": N_(" e.g. {example}"),
    "amount": N_("Write the amount as{example}"),
    "number": N_("Write a number with digits only (a point for decimals),{example}"),
    "atMost": N_("At most {max}."),
    "atLeast": N_("At least {min}."),
    "whole": N_("A whole number,{example}"),
    "pattern": N_("This does not look right."),
    "writeLike": N_(" Write it like{example}"),
    "savedProblem": N_(
        "Saved as answers.json. 1 answer needs a look (marked in red): correct it and save "
        "again, or send the file{whom} as it is."
    ),
    "savedProblems": N_(
        "Saved as answers.json. {count} answers need a look (marked in red): correct them and "
        "save again, or send the file{whom} as it is."
    ),
    "saved": N_("Saved as answers.json in your downloads. Send that file{whom} by email."),
    "to": N_(" to {email}"),
    "date": N_("Write a calendar day: the day, the month and the year, e.g. {example}"),
}
"""What the page's script says to the client (``questionnaire.js``), in the client's language:
``{example}``, ``{max}``, ``{min}``, ``{count}``, ``{whom}`` and ``{email}`` are filled in by
the script."""


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


def _amount_symbols(brief: Brief | None) -> dict[str, str]:
    """How the client writes an amount (the brief's documents' locale), for ``amount.js``:
    the same rule as :func:`firmbrief.briefs.money.read_amount` reads them back by."""
    from firmbrief.briefs.language import document_locale
    from firmbrief.briefs.money import amount_symbols

    group, point = amount_symbols(document_locale(brief) if brief is not None else "en")
    return {"group": group, "point": point}


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def questionnaire_html(brief: Brief | None = None, *, audience: Audience = "client") -> str:
    """The questionnaire as one self-contained web page."""
    view = questionnaire_view(brief, audience=audience)
    css = _resource("questionnaire.css")
    script = "\n".join(_resource(name) for name in ("firmdate.js", "amount.js", "questionnaire.js"))
    data = {
        "words": _words(),
        "dateOrder": view.date_order,
        "amount": _amount_symbols(brief),
        "format": "firmbrief-answers",
        "version": 1,
        "project": view.project,
        "replyTo": view.reply_to,
        "say": {key: view.gettext(words) for key, words in SCRIPT_WORDS.items()},
        "lang": view.language,
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
            intro=intro(view),
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
    from firmbrief.pdf import Renderer

    view = questionnaire_view(brief, audience=audience)
    html = (
        _environment().get_template("questionnaire-form.html").render(view=view, intro=intro(view))
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


EMAIL_WORDS: Final = {
    "answer": N_("Answer:"),
    "none": N_("none"),
    "more": N_("(For more, copy the {item} above and number it on.)"),
}
"""The email's words its reply is read back by (:mod:`firmbrief.intake.email_answers` knows
them in every language): the answer's mark, the word for none, the line after a block."""


def questionnaire_markdown(brief: Brief | None = None, *, audience: Audience = "client") -> str:
    """The questionnaire as plain text (Markdown) for an email, in the client's language."""
    view = questionnaire_view(brief, audience=audience)
    _ = view.gettext
    title = view.heading + (f": {view.project}" if view.project else "")
    lines = [f"# {title}", ""]
    if view.sender:
        lines += [
            (
                _("From {sender} ({email})").format(sender=view.sender, email=view.reply_to)
                if view.reply_to
                else _("From {sender}.").format(sender=view.sender)
            ),
            "",
        ]
    for paragraph in intro(view):
        lines += [paragraph, ""]
    lines += [
        _(
            'Reply to this email and write each answer after "{answer}" (a list: one item a line).'
        ).format(answer=_(EMAIL_WORDS["answer"])),
        "",
    ]
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
                        number = _md_part(lines, inner, number, _)
                item = part.item_title if view.language == "de" else part.item_title.lower()
                lines += [_(EMAIL_WORDS["more"]).format(item=item), ""]
            else:
                number = _md_part(lines, part, number, _)
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_part(
    lines: list[str],
    part: FieldView | GroupView | BlockView | RowView,
    number: int,
    _: Callable[[str], str],
) -> int:
    if isinstance(part, GroupView):
        lines += [f"**{part.title}** {part.help}", ""]
        for inner in part.fields:
            number = _md_part(lines, inner, number, _)
        return number
    if not isinstance(part, FieldView):
        return number
    number += 1
    lines.append(f"**{number}. {part.label}**")
    help_line = part.help
    if part.kind == "list":
        help_line += (
            " " + _("One per line.")
            if part.none_name is None
            else " " + _('One per line, or "{none}".').format(none=_(EMAIL_WORDS["none"]))
        )
    if part.choices:
        help_line += " " + _("One of: {choices}.").format(
            choices="; ".join(_choice(value, label) for value, label in part.choices)
        )
    lines.append(help_line.strip())
    if part.example:
        lines.append(_("Example: {example}").format(example=part.example))
    answer = _(EMAIL_WORDS["answer"])
    if part.none_checked:
        lines.append(f"{answer} {_(EMAIL_WORDS['none'])}")
    elif part.value:
        first, *rest = part.value.split("\n")
        lines += [f"{answer} {first}", *rest]
    else:
        lines.append(answer)
    lines.append("")
    return number


def _choice(value: str, label: str) -> str:
    """A choice as the email offers it: a code with its words (``DMY (Day first: ...)``), or a
    word in the client's language (``Unternehmen``: the reply is read back in any language)."""
    if value == label or value.isalpha():
        return label
    return f"{value} ({label})"


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
    output: Path | None,
    fmt: QuestionnaireFormat,
    brief: Brief | None = None,
    *,
    like: Path | None = None,
) -> tuple[Written, bytes]:
    """Produce the questionnaire; write it to ``output`` (atomically) unless it is ``None``,
    with the permissions of ``like`` (the brief it is made from) at most."""
    if fmt == "pdf":
        data = questionnaire_pdf(brief)
    elif fmt == "html":
        data = questionnaire_html(brief).encode("utf-8")
    else:
        data = questionnaire_markdown(brief).encode("utf-8")
    if output is not None:
        if fmt == "pdf":
            write_atomic(output, data, like=like)
        else:
            write_text_atomic(output, data.decode("utf-8"), like=like)
    count = questionnaire_view(brief).field_count()
    return Written(path=output, format=fmt, fields=count, size=len(data)), data
