"""Does a PDF still belong to its brief? ``firmbrief verify``.

A document from :mod:`firmbrief.contracts.render` carries three copies of one fact: the brief
as the attachment ``brief.json`` (canonical JSON), its fingerprint printed in the footer of
every page, and the fingerprint in the document's keywords. :func:`verify_pdf` reads all three
(with pypdf), recomputes the attachment's fingerprint, and says which one differs. Given the
brief file too, it compares the brief's fingerprint with the attachment's and lists the fields
that changed since the PDF was made.

The pages are judged too, not only the fingerprints on them: their count, the "Page X of Y"
on each, and the text of every page against what the attached brief renders to
(:func:`~firmbrief.contracts.pages.compare_pages` renders it again), naming the first page that
differs. A draft that left values of its brief file out says so, and never matches the brief
file.

The fingerprint tells versions apart; it is not a signature. Someone who edits the attachment
and renders it again makes a consistent document: what the signatures are on is the printed
paper.

PDFs are untrusted: the file size, the page count and what each page draws are bounded
(:func:`~firmbrief.contracts.pages.read_pdf`), and whatever pypdf raises on a malformed file
becomes one :class:`~firmbrief.errors.BriefUnreadable` (exit 2).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

from firmbrief.briefs.canonical import FINGERPRINT_LENGTH, canonical_data, canonical_json
from firmbrief.briefs.files import MAX_BYTES, dotted, printable
from firmbrief.briefs.loading import load_brief_file, parse_brief
from firmbrief.contracts import pages
from firmbrief.contracts.draft import ATTACHMENT, LEFT_OUT, LeftOut, read_left_out
from firmbrief.contracts.pages import (
    MAX_PAGES,
    MAX_PDF_BYTES,
    SIGNED_BRIEF,
    PdfFacts,
    compare_pages,
    document_kind,
    page_text,
    read_pdf,
)
from firmbrief.errors import BriefUnreadable
from firmbrief.interface import versioned

__all__ = [
    "ATTACHMENT",
    "MAX_PDF_BYTES",
    "MAX_PAGES",
    "Verdict",
    "format_json",
    "format_text",
    "verify_pdf",
]

MAX_ATTACHMENT_BYTES: Final = 4 * MAX_BYTES
MAX_DIFFERENCES: Final = 20


def _words(message: str) -> str:
    """A pattern of ``message`` in every language the documents are written in (any white
    space between its words)."""
    return "|".join(r"\s+".join(map(re.escape, text.split())) for text in pages.said(message))


@cache
def _printed_pattern() -> re.Pattern[str]:
    return re.compile(
        rf"(?:{_words('brief fingerprint')})\s+([0-9a-f]{{{FINGERPRINT_LENGTH}}})\b"
    )


@cache
def _page_of_pattern() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_words('Page')}) (\d{{1,4}}) (?:{_words('of')}) (\d{{1,4}})\b")


@dataclass
class Verdict:
    """What :func:`verify_pdf` found. ``ok``: consistent, and matching the brief when given."""

    file: str
    pages: int
    attached: str  # the fingerprint of the attached brief.json
    printed: list[str | None]  # the fingerprint printed on each page (None: none, or several)
    keywords: str | None  # the fingerprint in the document's keywords
    document: str = "a document"  # which document firmbrief writes: "invoice 2026-0001"
    brief_file: str | None = None
    brief: str | None = None  # the brief file's fingerprint
    problems: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # "field: old in the PDF, new now"
    notes: list[str] = field(default_factory=list)  # said whatever the verdict: a draft

    @property
    def ok(self) -> bool:
        return not self.problems


def _fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:FINGERPRINT_LENGTH]


def _printed(text: str) -> set[str]:
    """The fingerprints printed on a page (in its footer, and on the first page, its head)."""
    return set(_printed_pattern().findall(page_text(text)))


def _numbering(texts: list[str]) -> list[str]:
    """What is wrong with the "Page X of Y" the pages print (nothing when none prints one)."""
    found = [_page_of_pattern().findall(page_text(text)) for text in texts]
    if not any(found):
        return []
    count = len(texts)
    for number, marks in enumerate(found, start=1):
        if (str(number), str(count)) not in marks:
            said = f'says "Page {marks[-1][0]} of {marks[-1][1]}"' if marks else "has no number"
            return [
                f"page {number} {said}, but it is page {number} of {count}: pages were "
                "removed, added or reordered"
            ]
    return []


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


def verify_pdf(
    pdf: Path, brief_file: Path | None = None, *, templates: Path | None = None
) -> Verdict:
    """Check ``pdf``'s attachment against its printed fingerprints and its pages against what
    the attachment renders to (with ``templates``, the user's templates it was made with),
    and the attachment against ``brief_file``."""
    facts = read_pdf(pdf)
    attachment = facts.attachments.get(ATTACHMENT)
    texts = facts.texts
    if attachment is None:
        raise BriefUnreadable(
            f"has no {ATTACHMENT} attached: not a document made by firmbrief render",
            file=printable(str(pdf)),
        )
    attached = _fingerprint(attachment)
    found = [_printed(text) for text in texts]
    printed = [next(iter(values)) if len(values) == 1 else None for values in found]
    in_keywords = next(iter(_printed(facts.keywords)), None)
    verdict = Verdict(
        file=str(pdf),
        pages=len(texts),
        attached=attached,
        printed=printed,
        keywords=in_keywords,
        document=document_kind(facts),
    )
    verdict.problems += facts.annotations
    if facts.kind == "amendment" and SIGNED_BRIEF not in facts.attachments:
        verdict.problems.append(f"has no {SIGNED_BRIEF} attached: an amendment carries one")
    left_out = _left_out(facts, verdict)
    brief_data: dict[str, Any] | None = None
    if brief_file is not None:
        parsed = load_brief_file(brief_file)  # with its business profile, as render reads it
        if parsed.brief is None:
            raise BriefUnreadable(
                "is not a brief firmbrief can read", file=printable(str(brief_file))
            )
        verdict.brief_file = str(brief_file)
        verdict.brief = _fingerprint(canonical_json(parsed.brief))
        if verdict.brief != attached and (kept := _as_signed(brief_file)) == attached:
            verdict.brief = kept  # a signed project keeps its signed values
            verdict.notes.append(
                "the business profile's contact or bank details changed since signing: "
                "this PDF keeps the ones signed"
            )
        brief_data = canonical_data(parsed.brief)
        if parsed.set_aside:
            fields = ", ".join(dotted(loc) for loc in parsed.set_aside[:5])
            verdict.problems.append(
                f"{brief_file} has values that are not valid ({fields}): no PDF's "
                f"{ATTACHMENT} holds them, so this PDF is not the brief file's data"
            )

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

    problems += _numbering(texts)
    brief = parse_brief(data).brief if canonical and isinstance(data, dict) else None
    if brief is not None:
        problems += compare_pages(
            pdf, facts, brief, left_out, brief_file=brief_file, templates=templates
        )

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


def _as_signed(brief_file: Path) -> str | None:
    """The fingerprint a signed brief is judged by (its signed values where only the profile's
    contact or bank details changed: ``contracts.record.signed_copy.judged``); ``None`` when
    it is not signed or cannot be judged."""
    from firmbrief.contracts.amendment import signed_change

    try:
        state = signed_change(brief_file)
    except BriefUnreadable:
        return None
    return state.current if state is not None else None


def _left_out(facts: PdfFacts, verdict: Verdict) -> tuple[LeftOut, ...]:
    """A draft's values left out of its data, as its ``left-out.json`` says; said as a note."""
    raw = facts.attachments.get(LEFT_OUT)
    if raw is None:
        return ()
    try:
        items = read_left_out(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        verdict.problems.append(f"the attached {LEFT_OUT} is not what a draft writes: altered")
        return ()
    fields = ", ".join(item.field for item in items[:5])
    more = f" and {len(items) - 5} more" if len(items) > 5 else ""
    verdict.notes.append(
        f"a draft: {len(items)} value{'s' * (len(items) != 1)} of its brief file "
        f"{'were' if len(items) != 1 else 'was'} not valid and {'are' if len(items) != 1 else 'is'}"
        f" left out of its {ATTACHMENT} ({fields}{more}): it is not the brief file's data"
    )
    return items


# --- reporting -----------------------------------------------------------------------------------


def format_text(verdict: Verdict) -> str:
    """The verdict for people: one line, then what differs."""
    pages = f"{verdict.pages} page{'s' if verdict.pages != 1 else ''}"
    if verdict.ok:
        where = f"each of its {pages}" if verdict.pages > 1 else f"its {pages}"
        line = (
            f"{verdict.file}: {verdict.document}: consistent: the attached {ATTACHMENT} has "
            "the fingerprint "
            f"{verdict.attached} printed on {where}"
        )
        if verdict.brief_file:
            line += f", and matches {verdict.brief_file}"
        return "\n".join([line, *(f"  note: {note}" for note in verdict.notes)])
    head = f"does not match {verdict.brief_file}" if verdict.brief_file else "not consistent"
    lines = [f"{verdict.file}: {verdict.document}: {head}"]
    lines += [f"  {problem}" for problem in verdict.problems]
    lines += [f"    {change}" for change in verdict.changed]
    lines += [f"  note: {note}" for note in verdict.notes]
    return "\n".join(lines)


def format_json(verdict: Verdict) -> str:
    """The verdict as JSON, for scripts (the schema: ``firmbrief schema --of verify``)."""
    payload = versioned({"ok": verdict.ok, **asdict(verdict)})
    return json.dumps(payload, indent=2, ensure_ascii=False)
