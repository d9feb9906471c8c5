"""A brief's documents: the brief to sign off and the terms of work, as HTML and PDF.

:func:`render_brief` reads a brief, refuses it when ``check`` does not find it ready (unless a
marked draft is asked for), fills the templates (ours, or the user's where they have one of
the same name) and renders each document with a :class:`~firmbrief.contracts.pdf.Renderer`.
Every PDF carries the canonical brief as the attachment ``brief.json`` and its fingerprint on
every page. Nothing is written until every document has rendered, and each file is replaced in
one step, so a failure leaves the old files as they were.

One renderer can serve many briefs (a batch in one process): the brief's logo is allowed for
the time its documents render, then the renderer's allow-list is as before.

Client text is hostile. The templates' environment is sandboxed and escapes everything; every
printed value is wrapped in ``<bdi>`` so a right-to-left override cannot run into the words
around it, and runs of more than :data:`LONG_RUN` characters without a space get break
opportunities (an unbreakable 4,000-character word in a table cell takes WeasyPrint half a
minute to lay out). Client text never reaches ``style``, ``href`` or ``src``: the only URL a
template prints is the logo's, built here from a checked file.
"""

from __future__ import annotations

import gc
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from firmbrief import __version__
from firmbrief.atomic import write_atomic
from firmbrief.briefs.canonical import canonical_json, fingerprint
from firmbrief.briefs.loading import load_brief_file
from firmbrief.briefs.plan import plan_of
from firmbrief.briefs.readiness import assess
from firmbrief.briefs.report import Report
from firmbrief.contracts.branding import branding_for
from firmbrief.contracts.documents import NOT_SET, PAPER_SIZES, document_context, plural
from firmbrief.contracts.views import Context
from firmbrief.errors import FirmbriefError, NotReady

if TYPE_CHECKING:
    from jinja2 import BytecodeCache
    from jinja2.sandbox import SandboxedEnvironment
    from markupsafe import Markup

    from firmbrief.contracts.pdf import Renderer

__all__ = [
    "KINDS",
    "LONG_RUN",
    "NotReadyToRender",
    "Rendered",
    "TemplateProblem",
    "render_brief",
    "render_html",
    "render_template",
]

KINDS: Final = ("brief", "terms")
"""The documents of a brief, in the order they are rendered: the brief, then the terms."""

STYLESHEETS: Final = ("fonts.css", "documents.css")

PDFA: Final = "pdf/a-3b"

LONG_RUN: Final = 30
"""Runs of more non-space characters than this get break opportunities."""

_BREAK_EVERY: Final = 20
_ZWSP: Final = "\u200b"
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_CSS_VALUE = re.compile(r"[#A-Za-z0-9 ]{1,20}")
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


class TemplateProblem(FirmbriefError):
    """A template cannot be used: a syntax error, an unknown name, a forbidden operation."""


@dataclass
class Rendered:
    """What :func:`render_brief` wrote, and what the renderer refused or warned about."""

    paths: list[Path] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def notes(self) -> list[str]:
        """What a user's templates should hear about: URLs not loaded, CSS ignored, once each."""
        notes = [f"not loaded (only firmbrief's and your own files are): {u}" for u in self.refused]
        notes += [w for w in self.warnings if "firmbrief does not load" not in w]
        return list(dict.fromkeys(notes))


# --- text for the templates ---------------------------------------------------------------------


def breakable(text: str) -> str:
    """``text`` with a zero-width space every 20 characters of each run longer than 30."""

    def cut(match: re.Match[str]) -> str:
        run = match.group(0)
        return _ZWSP.join(run[i : i + _BREAK_EVERY] for i in range(0, len(run), _BREAK_EVERY))

    return _LONG_RUN.sub(cut, text)


def client_text(value: object) -> Markup:
    """``value`` escaped, breakable and direction-isolated: how every printed value appears."""
    from markupsafe import Markup

    return Markup("<bdi>{}</bdi>").format(breakable(str(value)))


def _finalize(value: Any) -> Any:
    from markupsafe import Markup

    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if value == NOT_SET:
        return Markup('<span class="missing">not set</span>')
    return client_text(value)


def _plain(value: object) -> Markup:
    """Escaped, without direction controls, for attributes and ``<title>``."""
    from markupsafe import escape

    return escape(_BIDI_CONTROLS.sub("", str(value)))


def _lines(value: object) -> Markup:
    """Multi-line text with its line breaks kept."""
    from markupsafe import Markup

    parts = [client_text(line) for line in str(value).split("\n")]
    return Markup("<br>").join(parts)


def _paragraphs(value: object) -> Markup:
    """Text whose blank lines separate paragraphs."""
    from markupsafe import Markup

    blocks = [b.strip() for b in re.split(r"\n\s*\n", str(value)) if b.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(_lines(b)) for b in blocks)


def _join_and(values: Sequence[object], word: str = "and") -> Markup:
    """``a, b and c``, each value isolated."""
    from markupsafe import Markup

    items = [client_text(v) for v in values]
    if len(items) <= 1:
        return Markup("").join(items)
    return Markup(", ").join(items[:-1]) + Markup(f" {word} ") + items[-1]


def _css_value(value: object) -> Markup:
    """One of our own checked values (a colour, a page size) for a ``<style>`` element."""
    from markupsafe import Markup

    text = str(value)
    if not _CSS_VALUE.fullmatch(text):
        raise TemplateProblem(f"{text[:40]!r} is not a value firmbrief puts into CSS")
    return Markup(text)


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled templates, kept in the folder of the cache the app shell gave (none without
    one): compiling them all costs 50 ms a run. Jinja checks each template's source; the folder
    is per firmbrief version, because the environment's settings shape the compiled code. No
    cache when the folder cannot be made."""
    from jinja2 import FileSystemBytecodeCache
    from jinja2.bccache import Bucket

    from firmbrief.briefs.cache import store

    class Quiet(FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: Bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass  # not kept this time; compiled again next time

    given = store()
    if given is None or given.folder is None:
        return None
    folder = given.folder / f"templates-{__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return Quiet(str(folder))


@cache
def _environment(user_dir: str | None) -> SandboxedEnvironment:
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from firmbrief import templates

    folders = [*([user_dir] if user_dir else []), str(templates.folder())]
    env = SandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(folder) for folder in folders]),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters.update(
        plain=_plain,
        lines=_lines,
        paragraphs=_paragraphs,
        join_and=_join_and,
        plural=plural,
        css=_css_value,
    )
    return env


def render_html(
    kind: str, context: Context, *, templates: Path | None = None, inline: bool = False
) -> str:
    """The HTML of document ``kind`` ("brief" or "terms").

    With ``inline``, the stylesheets are copied into the page (fonts linked by absolute file
    URL), so it opens in a browser as it will print; otherwise the renderer adds them.
    """
    styles = _inline_styles(templates) if inline else None
    return render_template(
        f"{kind}.html", {**context.as_dict(), "inline_css": styles}, templates=templates
    )


def render_template(name: str, values: dict[str, Any], *, templates: Path | None = None) -> str:
    """The template ``name`` (ours, or the user's of that name in ``templates``) filled with
    ``values`` in the sandboxed, escaping environment every document is rendered in."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    env = _environment(str(templates.resolve()) if templates else None)
    try:
        return env.get_template(name).render(**values)
    except TemplateNotFound as missing:
        raise TemplateProblem(f"template {missing.name} not found") from None
    except TemplateSyntaxError as error:
        where = f"{error.name or name}: line {error.lineno}"
        raise TemplateProblem(f"{where}: {error.message}") from None
    except TemplateError as error:
        raise TemplateProblem(f"{name}: {error.message or type(error).__name__}") from None


def stylesheet_paths(templates: Path | None) -> list[Path]:
    """Each stylesheet from the user's folder when it has one, else ours."""
    from firmbrief.templates import folder

    ours = folder()
    found = []
    for name in STYLESHEETS:
        theirs = templates / name if templates else None
        found.append((theirs if theirs and theirs.is_file() else ours / name).resolve())
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

        parts.append(_CSS_URL.sub(absolute, path.read_text("utf-8")))
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


def render_brief(
    path: Path,
    *,
    today: date,
    renderer: Renderer | None = None,
    out_dir: Path | None = None,
    what: Sequence[str] = KINDS,
    draft: bool = False,
    paper: str = "a4",
    pdfa: bool = False,
    html: bool = False,
    templates: Path | None = None,
) -> Rendered:
    """Render the documents ``what`` of the brief at ``path`` into ``out_dir`` (default: the
    brief's folder) as ``<brief name>-<kind>.pdf`` (and ``.html`` with ``html``).

    ``today`` is the day the brief is judged on and the documents are dated. A brief that is
    not ready raises :class:`NotReadyToRender` unless ``draft``: then every page is marked.
    ``renderer`` is created when not given (pass one to render many briefs in one process).
    """
    from firmbrief.contracts.pdf import Attachment, Renderer

    if paper not in PAPER_SIZES:
        raise FirmbriefError(f"paper {paper!r}: use one of {', '.join(PAPER_SIZES)}")
    if unknown := [kind for kind in what if kind not in KINDS]:
        raise FirmbriefError(f"no document {unknown[0]!r}: use one of {', '.join(KINDS)}")
    parsed = load_brief_file(path)
    report = assess(parsed, file=str(path), today=today)
    brief = parsed.brief
    if brief is None or (not report.ready and not draft):
        raise NotReadyToRender(report)
    branding, logo = branding_for(path, brief)
    renderer = renderer or Renderer()
    plan = plan_of(brief)
    attachment = Attachment(
        "brief.json",
        canonical_json(brief),
        description=f"The brief these documents were made from (fingerprint {fingerprint(brief)})",
    )
    stylesheets = [str(p) for p in stylesheet_paths(templates)]
    folder = out_dir if out_dir is not None else path.parent
    seen = len(renderer.refused), len(renderer.warnings)
    outputs: list[tuple[Path, bytes]] = []
    with allowing(renderer, [p for p in (templates, logo) if p is not None]):
        for kind in what:
            context = document_context(
                brief,
                kind=kind,
                today=today,
                draft=draft,
                paper=paper,
                logo=logo.as_uri() if logo else "",
                branding=branding,
                plan=plan,
            )
            with closing_weasyprints_profile(pdfa):
                # Stylesheets are given as absolute paths, so each comes from its own folder.
                pdf = renderer.pdf(
                    render_html(kind, context, templates=templates),
                    base=templates,
                    stylesheets=stylesheets,
                    attachments=[attachment],
                    variant=PDFA if pdfa else None,
                )
            outputs.append((folder / f"{path.stem}-{kind}.pdf", pdf))
            if html:
                page = render_html(kind, context, templates=templates, inline=True)
                outputs.append((folder / f"{path.stem}-{kind}.html", page.encode("utf-8")))
    for target, data in outputs:
        write_atomic(target, data)
    return Rendered(
        paths=[target for target, _ in outputs],
        refused=renderer.refused[seen[0] :],
        warnings=renderer.warnings[seen[1] :],
    )
