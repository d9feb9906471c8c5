"""An amendment's PDF: ``firmbrief render BRIEF --amendment``.

:func:`render_amendment` compares the brief file with the brief as signed (kept beside it when
the signing was recorded), refuses when nothing changed, when the file is not ready to sign, or
when the signed copy is missing, and writes ``<brief name>-amendment-N.pdf``: what changes,
field by field, the price before and after, the dates that move, both fingerprints, and the
signature blocks. The PDF carries the amended brief as ``brief.json`` and the signed one as
``signed-brief.json``. Nothing is written unless it all renders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from firmbrief.atomic import write_atomic
from firmbrief.briefs.canonical import canonical_json
from firmbrief.briefs.files import printable
from firmbrief.briefs.language import document_locale, language_for
from firmbrief.briefs.loading import load_brief_file
from firmbrief.briefs.money import Amounts
from firmbrief.briefs.plan import plan_of
from firmbrief.briefs.readiness import assess
from firmbrief.contracts.amendment import (
    Amendment,
    FieldChange,
    amendment_of,
    signed_change,
)
from firmbrief.contracts.branding import branding_for
from firmbrief.contracts.catalogues import N_, translations
from firmbrief.contracts.documents import PAPER_SIZES, document_context
from firmbrief.contracts.views import Formats
from firmbrief.errors import FirmbriefError, NotReady, NotSigned

if TYPE_CHECKING:
    from firmbrief.pdf import Renderer

__all__ = ["MAX_CHANGES_SHOWN", "amendment_path", "amendment_values", "render_amendment"]

MAX_CHANGES_SHOWN: Final = 200
"""An amendment lists this many changes; the rest are in its attached brief."""

SIGNED_ATTACHMENT: Final = "signed-brief.json"


def amendment_path(brief: Path, number: int, out_dir: Path | None = None) -> Path:
    """``<brief name>-amendment-N.pdf`` in ``out_dir`` (default: the brief's folder)."""
    folder = out_dir if out_dir is not None else brief.parent
    return folder / f"{brief.stem}-amendment-{number}.pdf"


def amendment_values(
    amendment: Amendment, fmt: Formats, say: Callable[[str], str] = str
) -> dict[str, Any]:
    """What ``amendment.html`` prints, formatted, its words in ``say``'s language."""

    def money(amounts: Amounts) -> dict[str, str]:
        return {k: fmt.money(getattr(amounts, k)) for k in ("net", "tax", "gross")}

    difference = amendment.difference
    return {
        "number": amendment.number,
        "signed": fmt.day(amendment.signed),
        "old_fingerprint": amendment.old_fingerprint,
        "new_fingerprint": amendment.new_fingerprint,
        "changes": tuple(_change_words(c, fmt) for c in amendment.changes[:MAX_CHANGES_SHOWN]),
        "more": max(0, len(amendment.changes) - MAX_CHANGES_SHOWN),
        "old_totals": money(amendment.old_totals),
        "new_totals": money(amendment.new_totals),
        "difference": money(difference),
        "difference_label": say(
            N_("Less") if difference.gross < 0 else N_("Added by this amendment")
        ),
        "priced": amendment.old_totals != amendment.new_totals,
        "moves": tuple(
            {"what": m.what, "old": fmt.day(m.old), "new": fmt.day(m.new)} for m in amendment.moves
        ),
    }


def _change_words(change: FieldChange, fmt: Formats) -> dict[str, str]:
    """A change as printed: money in the document's format, dates spelled out."""

    def shown(value: str) -> str:
        try:
            if change.kind == "money":
                return fmt.money(Decimal(value))
            if change.kind == "date":
                return fmt.day(date.fromisoformat(value))
        except (ArithmeticError, ValueError):
            pass  # a date still as written (not firm): printed as written
        return value

    return {"field": change.field, "old": shown(change.old), "new": shown(change.new)}


def render_amendment(
    path: Path,
    *,
    today: date,
    renderer: Renderer | None = None,
    out_dir: Path | None = None,
    paper: str | None = None,
    pdfa: bool = False,
    templates: Path | None = None,
) -> Path:
    """Render the amendment of the signed brief at ``path`` as it is now; the path written.
    It takes at most ``RENDER_SECONDS``, like any brief's documents."""
    from firmbrief.contracts.render import RENDER_SECONDS
    from firmbrief.deadline import seconds_said, time_limit

    with time_limit(
        RENDER_SECONDS,
        f"took longer than {seconds_said(RENDER_SECONDS)} s to render and was stopped: "
        "nothing written",
        file=printable(str(path)),
    ):
        return _render_amendment(path, today, renderer, out_dir, paper, pdfa, templates)


def _render_amendment(
    path: Path,
    today: date,
    renderer: Renderer | None,
    out_dir: Path | None,
    paper: str | None,
    pdfa: bool,
    templates: Path | None,
) -> Path:
    from firmbrief.briefs.legal import paper_for
    from firmbrief.contracts.record.signed_copy import read_signed
    from firmbrief.contracts.render import (
        PDFA,
        NotReadyToRender,
        Setting,
        allowing,
        closing_weasyprints_profile,
        render_template,
        stylesheet_paths,
    )
    from firmbrief.pdf import Attachment, Renderer

    where = printable(str(path))
    if paper is not None and paper not in PAPER_SIZES:
        raise FirmbriefError(f"paper {paper!r}: use one of {', '.join(PAPER_SIZES)}")
    state = signed_change(path)
    if state is None:
        raise NotSigned(
            "not signed yet: there is nothing to amend (render its documents without "
            "--amendment, and record the signing)",
            file=where,
        )
    if not state.changed:
        raise NotReady(
            f"the brief is as signed (fingerprint {state.pinned}): there is nothing to amend",
            file=where,
        )
    parsed = load_brief_file(path)
    report = assess(parsed, file=str(path), today=today)
    if parsed.brief is None or not report.ready:
        raise NotReadyToRender(report)
    new = parsed.brief
    paper = paper or paper_for(new)
    old = read_signed(path, state.pinned)
    language = language_for(new)
    _ = translations(language).gettext
    amendment = amendment_of(
        old, new, number=state.next_amendment, signed=state.signed, say=_
    )
    branding, logo = branding_for(path, new)
    setting = Setting(today=today, paper=paper, pdfa=pdfa, templates=templates,
                      branding=branding, logo=logo)  # fmt: skip
    plan = plan_of(new)
    context = document_context(
        new,
        kind="amendment",
        language=language,
        today=today,
        paper=paper,
        logo=logo.as_uri() if logo else "",
        branding=branding,
        plan=plan,
    )
    title = _("Amendment %(number)s: %(project)s") % {
        "number": amendment.number,
        "project": context.project,
    }
    context = replace(context, doc=replace(context.doc, title=title, subject=title))
    fmt = Formats(document_locale(new, language), plan.currency, plan.digits)
    values = {
        **context.as_dict(),
        "inline_css": None,
        "left_out": (),
        "refused": (),
        "amendment": amendment_values(amendment, fmt, _),
    }
    renderer = renderer or Renderer()
    attachments = [
        Attachment(
            "brief.json",
            canonical_json(new),
            description=_("The brief as amended (fingerprint %(fingerprint)s)")
            % {"fingerprint": amendment.new_fingerprint},
        ),
        Attachment(
            SIGNED_ATTACHMENT,
            canonical_json(old),
            description=_("The brief as signed (fingerprint %(fingerprint)s)")
            % {"fingerprint": amendment.old_fingerprint},
            relationship="Supplement",
        ),
    ]
    allowed = [p for p in (setting.templates, setting.logo) if p is not None]
    with allowing(renderer, allowed), closing_weasyprints_profile(pdfa):
        pdf = renderer.pdf(
            render_template("amendment.html", values, templates=templates),
            base=templates,
            stylesheets=[str(p) for p in stylesheet_paths(templates)],
            attachments=attachments,
            variant=PDFA if pdfa else None,
        )
    target = amendment_path(path, amendment.number, out_dir)
    write_atomic(target, pdf, like=path)
    return target
