"""A brief's documents: the brief to sign off and the terms of work, as HTML and PDF.

:func:`render_brief` reads a brief, refuses it when ``check`` does not find it ready (unless a
marked draft is asked for), fills the templates (ours, or the user's where they have one of
the same name) and renders each document with a :class:`~firmbrief.pdf.Renderer`.
Every PDF carries the canonical brief as the attachment ``brief.json`` and its fingerprint on
every page. Nothing is written until every document has rendered, and each file is replaced in
one step, so a failure leaves the old files as they were.

One renderer can serve many briefs (a batch in one process): the brief's logo is allowed for
the time its documents render, then the renderer's allow-list is as before.

Client text is hostile, and so is a user's template folder: the templates' environment
(:mod:`firmbrief.contracts.templating`) serves only regular files inside the templates folders,
is sandboxed, escapes everything, isolates every printed value's direction and breaks long
words; a template's error, recursion, size or time (:data:`TEMPLATE_SECONDS`) is a
:class:`TemplateProblem` naming it (exit 2). Client text never reaches ``style``, ``href`` or
``src``: the only URL a template prints is the logo's, built here from a checked file. A brief's
documents take at most :data:`RENDER_SECONDS` to render.

A draft never drops a value silently: the values the schema refuses are printed as written and
marked, and attached as ``left-out.json`` (:mod:`firmbrief.contracts.draft`). Every output gets
the brief's permissions.
"""

from __future__ import annotations

import gc
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from firmbrief.atomic import write_atomic
from firmbrief.briefs.canonical import canonical_json, fingerprint
from firmbrief.briefs.explain import shown
from firmbrief.briefs.files import printable
from firmbrief.briefs.legal import governing_law, paper_for
from firmbrief.briefs.loading import parse_brief, read_with_profile
from firmbrief.briefs.plan import Plan, plan_of
from firmbrief.briefs.readiness import assess
from firmbrief.briefs.report import Finding, Report
from firmbrief.briefs.rules.language import NO_LEGAL_WORDING
from firmbrief.briefs.schema import Brief
from firmbrief.briefs.terms import Branding
from firmbrief.contracts.branding import branding_for
from firmbrief.contracts.catalogues import translations
from firmbrief.contracts.documents import PAPER_SIZES, document_context
from firmbrief.contracts.draft import ATTACHMENT, LEFT_OUT, LeftOut, left_out_json, left_out_of
from firmbrief.contracts.templating import (
    LONG_RUN,
    MAX_HTML_CHARS,
    TEMPLATE_SECONDS,
    TemplateProblem,
    breakable,
    client_text,
    environment,
    read_template_file,
)
from firmbrief.contracts.views import Context
from firmbrief.deadline import TookTooLong, seconds_said, time_limit
from firmbrief.errors import FirmbriefError, NotReady

if TYPE_CHECKING:
    from markupsafe import Markup

    from firmbrief.pdf import Attachment, Renderer

__all__ = [
    "KINDS",
    "LONG_RUN",
    "RENDER_SECONDS",
    "NotReadyToRender",
    "Rendered",
    "Setting",
    "TemplateProblem",
    "attachments_of",
    "breakable",
    "client_text",
    "render_brief",
    "render_document",
    "render_html",
]

KINDS: Final = ("brief", "terms")
"""The documents of a brief, in the order they are rendered: the brief, then the terms."""

STYLESHEETS: Final = ("fonts.css", "documents.css")

PDFA: Final = "pdf/a-3b"

RENDER_SECONDS: Final = 120
"""Rendering a brief's documents takes a few seconds; a brief or template that takes this long
is stopped (exit 2)."""

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


class NotReadyToRender(NotReady):
    """The brief is not ready to sign: ``report`` holds what ``check`` found."""

    def __init__(self, report: Report) -> None:
        super().__init__(
            "not ready to sign, nothing written (fix the errors above, or render a marked "
            "draft with --draft)",
            file=report.file,
        )
        self.report = report


@dataclass
class Rendered:
    """What :func:`render_brief` wrote, and what the renderer refused or warned about."""

    paths: list[Path] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    report: Report | None = None  # what ``check`` found (a draft tells it all)

    def notes(self) -> list[str]:
        """What a user's templates should hear about: URLs not loaded, CSS ignored, once each."""
        notes = [f"not loaded (only firmbrief's and your own files are): {u}" for u in self.refused]
        notes += [w for w in self.warnings if "firmbrief does not load" not in w]
        return list(dict.fromkeys(notes))


def render_html(
    kind: str,
    context: Context,
    *,
    templates: Path | None = None,
    inline: bool = False,
    left_out: Sequence[LeftOut] = (),
    refused: Sequence[Finding] = (),
) -> str:
    """The HTML of document ``kind`` ("brief" or "terms").

    With ``inline``, the stylesheets are copied into the page (fonts linked by absolute file
    URL), so it opens in a browser as it will print; otherwise the renderer adds them.
    ``left_out``: a draft's values that are not valid, printed as written and marked.
    ``refused``: what ``check`` refuses in a draft, listed and marked where printed.
    Whatever goes wrong while a template is filled is a :class:`TemplateProblem` naming it.
    """
    styles = _inline_styles(templates) if inline else None
    values = {
        **context.as_dict(),
        "inline_css": styles,
        "left_out": tuple(left_out),
        "refused": tuple(refused),
    }
    return render_template(f"{kind}.html", values, templates=templates)


def render_template(name: str, values: dict[str, Any], *, templates: Path | None = None) -> str:
    """The template ``name`` (ours, or the user's of that name in ``templates``) filled with
    ``values`` in the sandboxed, escaping environment every document is rendered in, within
    its time and size limits; whatever goes wrong is a :class:`TemplateProblem` naming it."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    env = environment(str(templates.resolve()) if templates else None)
    where = printable(str(templates / name)) if templates and (templates / name).exists() else name

    def problem(message: str, at: str | None = None) -> TemplateProblem:
        return TemplateProblem(message, file=at or where)

    try:
        with time_limit(
            TEMPLATE_SECONDS,
            f"took longer than {seconds_said(TEMPLATE_SECONDS)} s to fill in: a loop that runs "
            "too long",
            file=where,
        ):
            template = env.get_template(name)
            parts: list[str] = []
            size = 0
            for part in template.generate(**values):
                size += len(part)
                if size > MAX_HTML_CHARS:
                    raise problem(f"writes more than {MAX_HTML_CHARS:,} characters of HTML")
                parts.append(part)
            return "".join(parts)
    except TemplateProblem as refused:
        raise refused if refused.file else problem(refused.message) from None
    except TookTooLong:
        raise
    except TemplateNotFound as missing:
        raise problem(f"template {shown(missing.name)} not found") from None
    except TemplateSyntaxError as error:
        raise problem(f"line {error.lineno}: {error.message}", error.filename) from None
    except TemplateError as error:
        raise problem(error.message or type(error).__name__) from None
    except RecursionError:
        raise problem("includes itself, or calls a macro, too many levels deep") from None
    except MemoryError:
        raise problem("needs more memory than any document does") from None
    except Exception as error:  # a template's own mistake: ``'a' * 2e9``, a wrong type...
        raise problem(f"{type(error).__name__}: {shown(error)}") from None


def stylesheet_paths(templates: Path | None) -> list[Path]:
    """Each stylesheet from the user's folder when it has one, else ours; a stylesheet of
    theirs that is a link out of their folder is a :class:`TemplateProblem`."""
    from firmbrief.templates import folder

    ours = folder()
    found = []
    for name in STYLESHEETS:
        theirs = read_template_file(templates, name) if templates else None
        found.append(theirs[1] if theirs else (ours / name).resolve())
    return found


def _inline_styles(templates: Path | None) -> Markup:
    from markupsafe import Markup

    parts = []
    for path in stylesheet_paths(templates):
        folder = path.parent

        def absolute(match: re.Match[str], folder: Path = folder) -> str:
            url = match.group(2)
            if ":" in url:  # already absolute (or a scheme the renderer refuses anyway)
                return match.group(0)
            return f'url("{(folder / url).resolve().as_uri()}")'

        found = read_template_file(folder, path.name)
        assert found is not None
        parts.append(_CSS_URL.sub(absolute, found[0]))
    return Markup("\n".join(parts))


# --- rendering ------------------------------------------------------------------------------------


@contextmanager
def allowing(renderer: Renderer, paths: Sequence[Path]) -> Iterator[None]:
    """Let ``renderer`` load ``paths`` too, for as long as the block runs."""
    before = renderer.roots
    renderer.roots = (*before, *(p.resolve() for p in paths))
    try:
        yield
    finally:
        renderer.roots = before


@contextmanager
def closing_weasyprints_profile(pdfa: bool) -> Iterator[None]:
    """WeasyPrint opens its sRGB profile for PDF/A and leaves the file to the garbage collector,
    which warns (ResourceWarning). The file is read-only and closed here, without the warning."""
    if not pdfa:
        yield
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            yield
        finally:
            gc.collect()


@dataclass(frozen=True)
class Setting:
    """How a brief's documents are rendered, besides the brief: what ``verify`` must know to
    render them again."""

    today: date
    draft: bool = False
    paper: str = "a4"
    pdfa: bool = False
    templates: Path | None = None
    branding: Branding | None = None
    logo: Path | None = None
    left_out: tuple[LeftOut, ...] = ()
    language: str | None = None  # the copy's words (None: the client's, language_for)


def attachments_of(brief: Brief, setting: Setting, language: str = "en") -> list[Attachment]:
    """What every document of ``brief`` carries: the brief as ``brief.json`` and, in a draft
    that left values out, what was left out (``left-out.json``); described in ``language``."""
    from firmbrief.pdf import Attachment

    catalogue = translations(language)
    _ = catalogue.gettext
    said = _("The brief these documents were made from (fingerprint %(fingerprint)s)") % {
        "fingerprint": fingerprint(brief)
    }
    if setting.left_out:
        fields = ", ".join(item.field for item in setting.left_out[:5])
        more = len(setting.left_out) - 5
        said = catalogue.ngettext(
            "A draft, not the brief file's data: %(count)s value of the brief file is not "
            "valid and left out (%(fields)s); fingerprint %(fingerprint)s",
            "A draft, not the brief file's data: %(count)s values of the brief file are not "
            "valid and left out (%(fields)s); fingerprint %(fingerprint)s",
            len(setting.left_out),
        ) % {
            "count": len(setting.left_out),
            "fields": fields + (_(" and %(more)s more") % {"more": more} if more > 0 else ""),
            "fingerprint": fingerprint(brief),
        }
    found = [Attachment(ATTACHMENT, canonical_json(brief), description=said)]
    if setting.left_out:
        found.append(
            Attachment(
                LEFT_OUT,
                left_out_json(setting.left_out),
                description=_("The values of the brief file this draft left out, as written"),
                relationship="Supplement",
            )
        )
    return found


def refused_in(brief: Brief, setting: Setting) -> tuple[Finding, ...]:
    """What ``check`` refuses in the brief of a draft (none in a document to sign): judged on
    the brief the document carries, so ``verify`` finds the same marks."""
    if not setting.draft:
        return ()
    return tuple(assess(brief, file="", today=setting.today).errors)


def render_document(
    brief: Brief, kind: str, setting: Setting, renderer: Renderer, *, plan: Plan | None = None
) -> tuple[bytes, Context]:
    """The PDF of ``brief``'s document ``kind`` rendered with ``setting``, and its context."""
    context = document_context(
        brief,
        kind=kind,
        today=setting.today,
        draft=setting.draft,
        paper=setting.paper,
        logo=setting.logo.as_uri() if setting.logo else "",
        branding=setting.branding,
        plan=plan or plan_of(brief),
        language=setting.language,
    )
    stylesheets = [str(p) for p in stylesheet_paths(setting.templates)]
    allowed = [p for p in (setting.templates, setting.logo) if p is not None]
    refused = refused_in(brief, setting)
    with allowing(renderer, allowed), closing_weasyprints_profile(setting.pdfa):
        # Stylesheets are given as absolute paths, so each comes from its own folder.
        pdf = renderer.pdf(
            render_html(
                kind,
                context,
                templates=setting.templates,
                left_out=setting.left_out,
                refused=refused,
            ),
            base=setting.templates,
            stylesheets=stylesheets,
            attachments=attachments_of(brief, setting, context.language),
            variant=PDFA if setting.pdfa else None,
        )
    return pdf, context


def _copy_language(
    brief: Brief | None, language: str | None, what: Sequence[str], path: Path
) -> str | None:
    """The language of the other party's copy ``render --language`` asks for (``None``: the
    client's own); refused where the terms are not worded in it for the brief's law."""
    from firmbrief.briefs.language import LANGUAGE_NAMES, LANGUAGES, language_for, worded

    if brief is None or language is None or language == language_for(brief):
        return None
    if language not in LANGUAGES:
        raise FirmbriefError(f"--language {shown(language)}: use one of {', '.join(LANGUAGES)}")
    law = governing_law(brief)
    if "terms" in what and not worded(language, law.code):
        raise NotReady(
            f"--language {language}: the terms' clauses have no {LANGUAGE_NAMES[language]} "
            f"wording for the law of {law.name}; nothing written",
            file=printable(str(path)),
        )
    return language


def render_brief(
    path: Path,
    *,
    today: date,
    renderer: Renderer | None = None,
    out_dir: Path | None = None,
    what: Sequence[str] = KINDS,
    draft: bool = False,
    paper: str | None = None,
    pdfa: bool = False,
    html: bool = False,
    templates: Path | None = None,
    language: str | None = None,
) -> Rendered:
    """Render the documents ``what`` of the brief at ``path`` into ``out_dir`` (default: the
    brief's folder) as ``<brief name>-<kind>.pdf`` (and ``.html`` with ``html``).

    ``today`` is the day the brief is judged on and the documents are dated. A brief that is
    not ready raises :class:`NotReadyToRender` unless ``draft``: then every page is marked, and
    the values that are not valid are printed as written, marked, and named in the
    attachments. ``paper`` is the brief's own (:func:`~firmbrief.briefs.legal.paper_for`)
    unless given. ``renderer`` is created when not given (pass one to render many briefs in one
    process). ``language`` writes the other party's copy (``<brief>-de-terms.pdf``): the same
    brief and fingerprint in another language the terms are worded in for its law. It all takes
    at most :data:`RENDER_SECONDS`.
    """
    if paper is not None and paper not in PAPER_SIZES:
        raise FirmbriefError(f"paper {shown(paper)}: use one of {', '.join(PAPER_SIZES)}")
    if unknown := [kind for kind in what if kind not in KINDS]:
        raise FirmbriefError(f"no document {shown(unknown[0])}: use one of {', '.join(KINDS)}")
    with time_limit(
        RENDER_SECONDS,
        f"took longer than {seconds_said(RENDER_SECONDS)} s to render and was stopped: "
        "nothing written",
        file=printable(str(path)),
    ):
        return _render(
            path, today, renderer, out_dir, what, draft, paper, pdfa, html, templates, language
        )


def _render(
    path: Path,
    today: date,
    renderer: Renderer | None,
    out_dir: Path | None,
    what: Sequence[str],
    draft: bool,
    paper: str | None,
    pdfa: bool,
    html: bool,
    templates: Path | None,
    language: str | None = None,
) -> Rendered:
    from firmbrief.pdf import Renderer

    data = read_with_profile(path)  # the business profile's bank account, name...
    parsed = parse_brief(data)
    report = assess(parsed, file=str(path), today=today)
    brief = parsed.brief
    unworded = [f for f in report.errors if f.code == NO_LEGAL_WORDING]
    if unworded and "terms" in what:
        raise NotReady(
            f"language: {unworded[0].message}; nothing written (the brief alone: --what brief)",
            file=printable(str(path)),
        )
    if brief is None or (len(report.errors) > len(unworded) and not draft):
        raise NotReadyToRender(report)
    copy = _copy_language(brief, language, what, path)
    branding, logo = branding_for(path, brief)
    renderer = renderer or Renderer()
    setting = Setting(
        today=today,
        draft=draft,
        paper=paper or paper_for(brief),
        pdfa=pdfa,
        templates=templates,
        branding=branding,
        logo=logo,
        left_out=tuple(left_out_of(data, parsed)) if draft else (),
        language=copy,
    )
    plan = plan_of(brief)
    folder = out_dir if out_dir is not None else path.parent
    seen = len(renderer.refused), len(renderer.warnings)
    outputs: list[tuple[Path, bytes]] = []
    from firmbrief.contracts.naming import document_stem

    stem = document_stem(path, brief.title)
    if copy is not None:
        stem = f"{stem}-{copy}"
    for kind in what:
        pdf, context = render_document(brief, kind, setting, renderer, plan=plan)
        outputs.append((folder / f"{stem}-{kind}.pdf", pdf))
        if html:
            page = render_html(
                kind,
                context,
                templates=templates,
                inline=True,
                left_out=setting.left_out,
                refused=refused_in(brief, setting),
            )
            outputs.append((folder / f"{stem}-{kind}.html", page.encode("utf-8")))
    for target, output in outputs:
        write_atomic(target, output, like=path)
    return Rendered(
        paths=[target for target, _ in outputs],
        refused=renderer.refused[seen[0] :],
        warnings=renderer.warnings[seen[1] :],
        report=report,
    )
