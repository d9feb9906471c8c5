"""A PDF's pages, read and judged: what ``verify`` checks beyond the fingerprints.

:func:`read_pdf` reads what a document says about itself (its attachments, each page's text,
its metadata) with pypdf, bounded: the file size, the page count, and the content each page
draws (a 0.5 MB file whose pages share one 5 MB content stream would take pypdf a minute to
read; such a page is refused before its text is read). An encrypted PDF opens when its user
password is empty (a form "restricted from editing"); otherwise it is refused with a clear
message.

:func:`compare_pages` renders the attached brief again, as the document says it was rendered
(which document, on which day, on which paper, marked as a draft or not), and compares the text
of every page with the PDF's, naming the first page that differs: a removed page, a page
overprinted with another total, or pages added at the end all show.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from firmbrief import __version__
from firmbrief.briefs.explain import shown
from firmbrief.briefs.files import printable, read_bounded
from firmbrief.briefs.schema import Brief
from firmbrief.contracts.draft import ATTACHMENT, LEFT_OUT, LeftOut
from firmbrief.errors import BriefUnreadable, FirmbriefError

if TYPE_CHECKING:
    from firmbrief.pdf import Renderer

__all__ = [
    "DRAFT_MARK",
    "INVOICE_XML",
    "KINDS",
    "SIGNED_BRIEF",
    "MAX_PAGES",
    "MAX_PAGE_CONTENT_BYTES",
    "MAX_PDF_BYTES",
    "PdfFacts",
    "compare_pages",
    "document_kind",
    "page_text",
    "read_pdf",
]

INVOICE_XML: Final = "factur-x.xml"
"""The EN 16931 data an invoice or credit note carries (Factur-X)."""
SIGNED_BRIEF: Final = "signed-brief.json"
"""The brief as signed, attached to an amendment (``contracts.amendment_render``)."""
KINDS: Final = {
    "Brief: ": "brief",
    "Terms of work: ": "terms",
    "Amendment ": "amendment",
    "Invoice ": "invoice",
    "Credit note ": "credit note",
}
"""Each document firmbrief writes, by the start of its title (in English; :func:`said` gives
the other languages' titles)."""


@cache
def said(message: str) -> tuple[str, ...]:
    """``message`` in every language firmbrief writes, English first (``Terms of work``,
    ``Auftragsbedingungen``...): what a document in any of them prints."""
    from firmbrief.briefs.language import LANGUAGES
    from firmbrief.contracts.catalogues import translations

    found = [message]
    for language in LANGUAGES:
        text = translations(language).gettext(message)
        if text not in found:
            found.append(text)
    return tuple(found)


@cache
def _kinds() -> tuple[tuple[str, str], ...]:
    """:data:`KINDS` with every language's titles."""
    return tuple(
        (title + prefix[len(prefix.rstrip(": ")) :], kind)
        for prefix, kind in KINDS.items()
        for title in said(prefix.rstrip(": "))
    )


MAX_ANNOTATIONS_SAID: Final = 3
MAX_PDF_BYTES: Final = 50_000_000
MAX_PAGES: Final = 500
MAX_PAGE_CONTENT_BYTES: Final = 2_000_000
"""What one page draws: firmbrief's pages draw 20 to 30 kB."""
MAX_CONTENT_BYTES: Final = 25_000_000
"""What all the pages draw together (a stream the pages share counts on each)."""
DRAFT_MARK: Final = "DRAFT — not ready to sign"
_PAPERS: Final = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


@dataclass
class PdfFacts:
    """What a PDF says about itself."""

    attachments: dict[str, bytes] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    keywords: str = ""
    title: str = ""
    creator: str = ""
    created: str = ""
    size: tuple[float, float] = (0.0, 0.0)
    annotations: list[str] = field(default_factory=list)  # what is drawn over the pages
    language: str = ""  # its words' (the page's <html lang>, which WeasyPrint writes as /Lang)

    @property
    def kind(self) -> str | None:
        """Which document firmbrief writes this is (see :data:`KINDS`), by its title."""
        return next((k for prefix, k in _kinds() if self.title.startswith(prefix)), None)


def document_kind(facts: PdfFacts) -> str:
    """The document in words: ``the terms of work``, ``invoice 2026-0001``."""
    kind = facts.kind
    if kind in ("invoice", "credit note", "amendment"):
        number = facts.title.split(":", 1)[0].split(" ")[-1]
        return f"{kind} {shown(number)[1:-1]}"
    return {"brief": "the brief", "terms": "the terms of work"}.get(kind or "", "a document")


def _annotations(page: Any, number: int) -> list[str]:
    """What a page carries over its content: every annotation a reader shows (FreeText,
    Stamp, a form field, anything with its own appearance). firmbrief's documents carry none;
    a plain link without an appearance of its own is let through."""
    from pypdf.generic import ArrayObject, DictionaryObject

    found = page.get("/Annots")
    found = found.get_object() if found is not None else None
    if not isinstance(found, ArrayObject):
        return []
    said: list[str] = []
    count = 0
    for reference in found:
        annotation = reference.get_object()
        if not isinstance(annotation, DictionaryObject):
            continue
        subtype = str(annotation.get("/Subtype", "/(none)")).lstrip("/")
        if subtype == "Link" and "/AP" not in annotation:
            continue
        count += 1
        if len(said) < MAX_ANNOTATIONS_SAID:
            text = annotation.get("/Contents") or annotation.get("/V") or ""
            content = f" reading {shown(str(text)[:60])}" if text else ""
            said.append(f"a {subtype} annotation{content}")
    if not count:
        return []
    more = f" and {count - len(said)} more" if count > len(said) else ""
    return [
        f"page {number} carries {', '.join(said)}{more}: drawn over the page by a PDF editor, "
        "not part of the document firmbrief made"
    ]


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs and warns about malformed files; the verdict says what matters."""
    logger = logging.getLogger("pypdf")
    previous = logger.propagate, logger.level
    logger.propagate, logger.level = False, logging.CRITICAL + 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.propagate, logger.level = previous


def page_text(text: str) -> str:
    """A page's text as compared: no zero-width spaces, every run of space one space."""
    return " ".join(text.replace("\u200b", "").split())


def _drawn(page: Any, seen: set[int]) -> int:
    """How many bytes ``page`` (or a form it draws) draws: its content streams and forms."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    def streams(value: Any) -> Iterator[StreamObject]:
        value = value.get_object() if isinstance(value, IndirectObject) else value
        if isinstance(value, ArrayObject):
            for item in value:
                yield from streams(item)
        elif isinstance(value, StreamObject):
            yield value

    total = 0
    for stream in streams(page.get("/Contents")):
        total += len(stream.get_data())
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    forms = resources.get("/XObject") if isinstance(resources, DictionaryObject) else None
    forms = forms.get_object() if forms is not None else None
    if isinstance(forms, DictionaryObject):
        for reference in forms.values():
            form = reference.get_object()
            if id(form) in seen or not isinstance(form, StreamObject):
                continue
            seen.add(id(form))
            if form.get("/Subtype") == "/Form":
                total += len(form.get_data()) + _drawn(form, seen)
    return total


def read_pdf(path: Path) -> PdfFacts:
    """What ``path`` says about itself (see the module's docstring)."""
    name = printable(str(path))
    data = read_bounded(path, MAX_PDF_BYTES, kind="a PDF")
    if len(data) > MAX_PDF_BYTES:
        raise BriefUnreadable(
            f"larger than {MAX_PDF_BYTES // 1_000_000} MB: not a document firmbrief made",
            file=name,
        )
    if not data.lstrip()[:5] == b"%PDF-":
        raise BriefUnreadable("not a PDF", file=name)

    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    facts = PdfFacts()
    try:
        with _quiet_pypdf():
            reader = PdfReader(BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise BriefUnreadable(
                    "is protected by a password: firmbrief cannot read it; verify the copy "
                    "firmbrief made, or one without a password",
                    file=name,
                )
            count = len(reader.pages)
            if count > MAX_PAGES:
                raise BriefUnreadable(
                    f"has {count} pages: not a document firmbrief made", file=name
                )
            drawn = 0
            for number, page in enumerate(reader.pages, start=1):
                size = _drawn(page, set())
                drawn += size
                if size > MAX_PAGE_CONTENT_BYTES or drawn > MAX_CONTENT_BYTES:
                    raise BriefUnreadable(
                        f"page {number} draws {size / 1_000_000:.1f} MB of content: too much "
                        "for one page of a document firmbrief made",
                        file=name,
                    )
            for number, page in enumerate(reader.pages, start=1):
                facts.annotations += _annotations(page, number)
            for key in (ATTACHMENT, LEFT_OUT, INVOICE_XML, SIGNED_BRIEF):
                found = reader.attachments.get(key)
                if found:
                    facts.attachments[key] = found[0]
            facts.texts = [page.extract_text() or "" for page in reader.pages]
            meta: Any = reader.metadata or {}
            facts.keywords = str(meta.get("/Keywords", ""))
            facts.title = str(meta.get("/Title", ""))
            facts.creator = str(meta.get("/Creator", ""))
            facts.created = str(meta.get("/CreationDate", ""))
            root: Any = reader.trailer["/Root"]  # a PDF dictionary
            facts.language = str(root.get("/Lang", ""))
            if reader.pages:
                box = reader.pages[0].mediabox
                facts.size = (float(box.width), float(box.height))
    except FirmbriefError:
        raise
    except DependencyError:
        raise BriefUnreadable(
            "is encrypted in a way this installation cannot read (pypdf's crypto extra, "
            "the cryptography package, is missing)",
            file=name,
        ) from None
    except Exception:  # pypdf raises many kinds on malformed files; all mean unusable
        raise BriefUnreadable("not a readable PDF: damaged, or not a PDF", file=name) from None
    return facts


# --- rendering again and comparing ---------------------------------------------------------------


_renderer: Renderer | None = None


def _paper(size: tuple[float, float]) -> str | None:
    for name, (width, height) in _PAPERS.items():
        if abs(size[0] - width) < 1 and abs(size[1] - height) < 1:
            return name
    return None


def _created(value: str) -> date | None:
    found = re.match(r"D:(\d{4})(\d{2})(\d{2})", value)
    if not found:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        return None


def _first_difference(have: str, want: str) -> str:
    at = next(
        (i for i, (a, b) in enumerate(zip(have, want, strict=False)) if a != b),
        min(len(have), len(want)),
    )
    start = max(0, at - 15)
    return f"it reads {shown(have[start : start + 60])} where {shown(want[start : start + 60])}"


def compare_pages(
    pdf: Path,
    facts: PdfFacts,
    brief: Brief,
    left_out: tuple[LeftOut, ...],
    *,
    brief_file: Path | None,
    templates: Path | None,
) -> list[str]:
    """What differs between the PDF's pages and what the attached brief renders to."""
    from firmbrief.briefs.language import LANGUAGES
    from firmbrief.contracts.branding import branding_for
    from firmbrief.contracts.render import RENDER_SECONDS, Setting, render_document
    from firmbrief.deadline import seconds_said, time_limit
    from firmbrief.pdf import Renderer

    global _renderer
    if facts.kind in ("invoice", "credit note"):
        return _invoice_problems(facts)
    if facts.kind == "amendment":
        return []  # its two briefs are checked by verify; its pages need the record's dates
    made_by = f"firmbrief {__version__}"
    if facts.creator != made_by:
        return [
            f"made by {shown(facts.creator or 'an unknown program')}, not {made_by}: its pages "
            "cannot be compared with what its brief renders to"
        ]
    kind = facts.kind
    day = _created(facts.created)
    paper = _paper(facts.size)
    if kind is None or day is None or paper is None:
        return [
            "its title, creation date or paper size is not one firmbrief writes: the pages "
            "cannot be compared with what its brief renders to"
        ]
    try:
        branding, logo = branding_for(brief_file or pdf, brief)
    except BriefUnreadable as missing:
        return [f"its pages cannot be rendered again to compare: {missing}"]
    draft = bool(facts.texts) and DRAFT_MARK in page_text(facts.texts[0])
    setting = Setting(
        today=day,
        draft=draft,
        paper=paper,
        templates=templates,
        branding=branding,
        logo=logo,
        left_out=left_out,
        language=facts.language if facts.language in LANGUAGES else None,
    )
    if _renderer is None:
        _renderer = Renderer()
    with time_limit(
        RENDER_SECONDS,
        f"rendering its brief again took longer than {seconds_said(RENDER_SECONDS)} s",
        file=printable(str(pdf)),
    ):
        again, _ = render_document(brief, kind, setting, _renderer)
        wanted = [page_text(text) for text in read_pdf_bytes(again)]
    have = [page_text(text) for text in facts.texts]
    problems = []
    if len(have) != len(wanted):
        problems.append(
            f"has {len(have)} page{'s' * (len(have) != 1)}, but its brief renders to "
            f"{len(wanted)}: pages were removed or added"
        )
    for number, (page, expected) in enumerate(zip(have, wanted, strict=False), start=1):
        if page != expected:
            problems.append(
                f"page {number} is not what its brief renders to: "
                + _first_difference(page, expected)
            )
            break
    return problems


def read_pdf_bytes(data: bytes) -> list[str]:
    """Each page's text of a PDF firmbrief just rendered."""
    from pypdf import PdfReader

    with _quiet_pypdf():
        return [page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages]


_RSM: Final = "{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}"
_RAM: Final = "{urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100}"
MAX_XML_BYTES: Final = 1_000_000


def _invoice_problems(facts: PdfFacts) -> list[str]:
    """What differs between an invoice's (or credit note's) pages, its title and its Factur-X
    data: the number, the kind (380 or 386, or 381) and the brief's fingerprint must agree, and each
    page must show the number. An invoice is made from the record and the register, not from
    the brief alone: its pages are not rendered again."""
    import xml.etree.ElementTree as ElementTree

    from firmbrief.contracts.invoices.xml import TYPE_CODES

    raw = facts.attachments.get(INVOICE_XML)
    if raw is None:
        return [f"has no {INVOICE_XML} attached: an invoice firmbrief writes carries one"]
    if len(raw) > MAX_XML_BYTES or b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        return [f"the attached {INVOICE_XML} is not what firmbrief writes: altered"]
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError:
        return [f"the attached {INVOICE_XML} is not XML: altered"]
    document = root.find(f"{_RSM}ExchangedDocument")
    number = document.findtext(f"{_RAM}ID") if document is not None else None
    code = document.findtext(f"{_RAM}TypeCode") if document is not None else None
    notes = " ".join(
        note.findtext(f"{_RAM}Content") or ""
        for note in (document.findall(f"{_RAM}IncludedNote") if document is not None else [])
    )
    titled = facts.title.split(":", 1)[0].split(" ")[-1]
    problems = []
    if number != titled:
        problems.append(
            f"its title names {shown(titled)}, its {INVOICE_XML} {shown(number or '')}: altered"
        )
    if code not in TYPE_CODES.get(facts.kind or "", ()):
        problems.append(f"its {INVOICE_XML} is not a {facts.kind} (type {shown(code or '')})")
    printed = set(re.findall(r"brief\s+fingerprint\s+([0-9a-f]{16})", notes, re.IGNORECASE))
    if len(printed) != 1 or next(iter(printed)) not in facts.keywords:
        problems.append(f"its {INVOICE_XML} does not name the brief fingerprint its pages show")
    for page, text in enumerate(facts.texts, start=1):
        if number and number not in page_text(text):
            problems.append(f"page {page} does not show the number {shown(number)}: altered")
            break
    return problems
