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
    "MAX_PAGES",
    "MAX_PAGE_CONTENT_BYTES",
    "MAX_PDF_BYTES",
    "PdfFacts",
    "compare_pages",
    "page_text",
    "read_pdf",
]

MAX_PDF_BYTES: Final = 50_000_000
MAX_PAGES: Final = 500
MAX_PAGE_CONTENT_BYTES: Final = 2_000_000
"""What one page draws: firmbrief's pages draw 20 to 30 kB."""
MAX_CONTENT_BYTES: Final = 25_000_000
"""What all the pages draw together (a stream the pages share counts on each)."""
DRAFT_MARK: Final = "DRAFT — not ready to sign"
_PAPERS: Final = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
_KINDS: Final = {"Brief: ": "brief", "Terms of work: ": "terms"}


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
            for key in (ATTACHMENT, LEFT_OUT):
                found = reader.attachments.get(key)
                if found:
                    facts.attachments[key] = found[0]
            facts.texts = [page.extract_text() or "" for page in reader.pages]
            meta: Any = reader.metadata or {}
            facts.keywords = str(meta.get("/Keywords", ""))
            facts.title = str(meta.get("/Title", ""))
            facts.creator = str(meta.get("/Creator", ""))
            facts.created = str(meta.get("/CreationDate", ""))
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
    from firmbrief.contracts.branding import branding_for
    from firmbrief.contracts.render import RENDER_SECONDS, Setting, render_document
    from firmbrief.deadline import seconds_said, time_limit
    from firmbrief.pdf import Renderer

    global _renderer
    made_by = f"firmbrief {__version__}"
    if facts.creator != made_by:
        return [
            f"made by {shown(facts.creator or 'an unknown program')}, not {made_by}: its pages "
            "cannot be compared with what its brief renders to"
        ]
    kind = next((k for prefix, k in _KINDS.items() if facts.title.startswith(prefix)), None)
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
