"""Does a PDF still belong to its brief? ``firmbrief verify``.

A document from :mod:`firmbrief.contracts.render` carries three copies of one fact: the brief
as the attachment ``brief.json`` (canonical JSON), its fingerprint printed in the footer of
every page, and the fingerprint in the document's keywords. :func:`verify_pdf` reads all three
(with pypdf), recomputes the attachment's fingerprint, and says which one differs. Given the
brief file too, it compares the brief's fingerprint with the attachment's and lists the fields
that changed since the PDF was made.

The fingerprint tells versions apart; it is not a signature. Someone who edits the attachment,
every page and the keywords alike makes a consistent document: what the signatures are on is
the printed paper.

PDFs are untrusted: the file size and the page count are bounded, and whatever pypdf raises on
a malformed file becomes one :class:`~firmbrief.errors.BriefUnreadable` (exit 2).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any, Final

from firmbrief.briefs.canonical import FINGERPRINT_LENGTH, canonical_data, canonical_json
from firmbrief.briefs.files import MAX_BYTES, dotted, read_bounded
from firmbrief.briefs.loading import load_brief_file, parse_brief
from firmbrief.errors import BriefUnreadable

__all__ = [
    "ATTACHMENT",
    "MAX_PDF_BYTES",
    "MAX_PAGES",
    "Verdict",
    "format_json",
    "format_text",
    "verify_pdf",
]

ATTACHMENT: Final = "brief.json"
MAX_PDF_BYTES: Final = 50_000_000
MAX_PAGES: Final = 500
MAX_ATTACHMENT_BYTES: Final = 4 * MAX_BYTES
MAX_DIFFERENCES: Final = 20

_PRINTED = re.compile(rf"brief\s+fingerprint\s+([0-9a-f]{{{FINGERPRINT_LENGTH}}})\b")


@dataclass
class Verdict:
    """What :func:`verify_pdf` found. ``ok``: consistent, and matching the brief when given."""

    file: str
    pages: int
    attached: str  # the fingerprint of the attached brief.json
    printed: list[str | None]  # the fingerprint printed on each page (None: none, or several)
    keywords: str | None  # the fingerprint in the document's keywords
    brief_file: str | None = None
    brief: str | None = None  # the brief file's fingerprint
    problems: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # "field: old in the PDF, new now"

    @property
    def ok(self) -> bool:
        return not self.problems


def _fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:FINGERPRINT_LENGTH]


# --- reading the PDF -----------------------------------------------------------------------------


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs its complaints about malformed files; the verdict says what matters."""
    logger = logging.getLogger("pypdf")
    previous = logger.propagate, logger.level
    logger.propagate, logger.level = False, logging.CRITICAL + 1
    try:
        yield
    finally:
        logger.propagate, logger.level = previous


def _read(path: Path) -> tuple[bytes | None, list[str], str]:
    """The attachment (None when missing), each page's text, and the keywords."""
    data = read_bounded(path, MAX_PDF_BYTES, kind="a PDF")
    if len(data) > MAX_PDF_BYTES:
        raise BriefUnreadable(
            f"larger than {MAX_PDF_BYTES // 1_000_000} MB: not a document firmbrief made",
            file=str(path),
        )
    if not data.lstrip()[:5] == b"%PDF-":
        raise BriefUnreadable("not a PDF", file=str(path))

    from pypdf import PdfReader

    try:
        with _quiet_pypdf():
            reader = PdfReader(BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise BriefUnreadable("is encrypted: cannot read its attachment", file=str(path))
            count = len(reader.pages)
            if count > MAX_PAGES:
                raise BriefUnreadable(
                    f"has {count} pages: not a document firmbrief made", file=str(path)
                )
            found = reader.attachments.get(ATTACHMENT)
            attachment = found[0] if found else None
            texts = [page.extract_text() or "" for page in reader.pages]
            keywords = str(reader.metadata.get("/Keywords", "") if reader.metadata else "")
    except BriefUnreadable:
        raise
    except Exception:  # pypdf raises many kinds on malformed files; all mean unusable
        raise BriefUnreadable("not a readable PDF: damaged, or not a PDF", file=str(path)) from None
    return attachment, texts, keywords


def _printed(text: str) -> set[str]:
    """The fingerprints printed on a page (in its footer, and on the first page, its head)."""
    return set(_PRINTED.findall(" ".join(text.replace("\u200b", "").split())))


# --- comparing -----------------------------------------------------------------------------------


def _flatten(value: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key in sorted(value):
            yield from _flatten(value[key], (*loc, str(key)))
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            yield from _flatten(item, (*loc, index))
    else:
        yield dotted(loc), value


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 60 else text[:57] + "..."


def _changes(old: Any, new: Any, was_where: str, now_where: str) -> list[str]:
    """The fields that differ between two canonical briefs, one line each."""
    before, after = dict(_flatten(old)), dict(_flatten(new))
    lines = []
    for key in sorted(before.keys() | after.keys()):
        if before.get(key, None) != after.get(key, None) or (key in before) != (key in after):
            was = _shown(before[key]) if key in before else "(absent)"
            now = _shown(after[key]) if key in after else "(absent)"
            lines.append(f"{key}: {was} {was_where}, {now} {now_where}")
    if len(lines) > MAX_DIFFERENCES:
        lines = [*lines[:MAX_DIFFERENCES], f"... and {len(lines) - MAX_DIFFERENCES} more"]
    return lines


def _attached_data(attachment: bytes) -> tuple[Any, bool]:
    """The attachment's JSON (None if it is not JSON), and whether it is a canonical brief."""
    if len(attachment) > MAX_ATTACHMENT_BYTES:
        return None, False
    try:
        data = json.loads(attachment.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, False
    if not isinstance(data, dict):
        return data, False
    parsed = parse_brief(data)
    canonical = parsed.brief is not None and not parsed.findings
    return data, canonical and canonical_json(parsed.brief) == attachment  # type: ignore[arg-type]


def verify_pdf(pdf: Path, brief_file: Path | None = None) -> Verdict:
    """Check ``pdf``'s attachment against its printed fingerprints, and against ``brief_file``."""
    attachment, texts, keywords = _read(pdf)
    if attachment is None:
        raise BriefUnreadable(
            f"has no {ATTACHMENT} attached: not a document made by firmbrief render",
            file=str(pdf),
        )
    attached = _fingerprint(attachment)
    found = [_printed(text) for text in texts]
    printed = [next(iter(values)) if len(values) == 1 else None for values in found]
    in_keywords = next(iter(_printed(keywords)), None)
    verdict = Verdict(
        file=str(pdf), pages=len(texts), attached=attached, printed=printed, keywords=in_keywords
    )
    brief_data: dict[str, Any] | None = None
    if brief_file is not None:
        parsed = load_brief_file(brief_file)
        if parsed.brief is None:
            raise BriefUnreadable("is not a brief firmbrief can read", file=str(brief_file))
        verdict.brief_file = str(brief_file)
        verdict.brief = _fingerprint(canonical_json(parsed.brief))
        brief_data = canonical_data(parsed.brief)

    data, canonical = _attached_data(attachment)
    votes = Counter(value for values in found for value in values)
    shown = votes.most_common(1)[0][0] if votes else None
    problems = verdict.problems
    brief_fp = verdict.brief

    for number, (value, values) in enumerate(zip(printed, found, strict=True), start=1):
        if len(values) > 1:
            problems.append(
                f"page {number} shows different fingerprints ({', '.join(sorted(values))}): "
                "the page was altered"
            )
        elif value is None:
            problems.append(f"page {number} shows no brief fingerprint: the page was altered")
        elif shown and value != shown:
            problems.append(
                f"page {number} shows the fingerprint {value}, the other pages {shown}: "
                "the page was altered"
            )
    attachment_altered = False
    if shown and shown != attached:
        witnesses = {brief_fp, in_keywords} - {None}
        if not canonical or shown in witnesses:
            attachment_altered = True
            problems.append(
                f"the attached {ATTACHMENT} was altered: its fingerprint is {attached}, the "
                f"pages show {shown}" + ("" if canonical else " (and it is not in canonical form)")
            )
        elif attached in witnesses:
            problems.append(
                f"the fingerprint printed on the pages ({shown}) was altered: the attached "
                f"{ATTACHMENT} has {attached}"
            )
        else:
            problems.append(
                f"the attached {ATTACHMENT} (fingerprint {attached}) does not match the pages "
                f"({shown}): one of them was altered"
            )
    elif not canonical:
        problems.append(f"the attached {ATTACHMENT} is not in canonical form: it was altered")

    if brief_fp is not None and brief_fp != attached:
        comparable = isinstance(data, dict) and brief_data is not None
        if attachment_altered and brief_fp == shown:
            if comparable:
                verdict.changed = _changes(data, brief_data, "in the attachment", "in the brief")
        else:
            problems.append(
                f"{brief_file} changed since this PDF was made: its fingerprint is {brief_fp} "
                f"now, {attached} in the PDF"
            )
            if comparable:
                verdict.changed = _changes(data, brief_data, "in the PDF", "now")
    return verdict


# --- reporting -----------------------------------------------------------------------------------


def format_text(verdict: Verdict) -> str:
    """The verdict for people: one line, then what differs."""
    pages = f"{verdict.pages} page{'s' if verdict.pages != 1 else ''}"
    if verdict.ok:
        where = f"each of its {pages}" if verdict.pages > 1 else f"its {pages}"
        line = (
            f"{verdict.file}: consistent: the attached {ATTACHMENT} has the fingerprint "
            f"{verdict.attached} printed on {where}"
        )
        if verdict.brief_file:
            line += f", and matches {verdict.brief_file}"
        return line
    head = f"does not match {verdict.brief_file}" if verdict.brief_file else "not consistent"
    lines = [f"{verdict.file}: {head}"]
    lines += [f"  {problem}" for problem in verdict.problems]
    lines += [f"    {change}" for change in verdict.changed]
    return "\n".join(lines)


def format_json(verdict: Verdict) -> str:
    """The verdict as JSON, for scripts."""
    payload = {"ok": verdict.ok, **asdict(verdict)}
    return json.dumps(payload, indent=2, ensure_ascii=False)
