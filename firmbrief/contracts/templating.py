"""The templates' environment: where templates come from, what they may do, how they are kept.

A user's ``--templates`` folder is as untrusted as a brief (a template bought online, a
colleague's folder). So:

* the loader serves only regular files inside the templates folders: a template that is a
  symbolic link (or includes one) to a file outside its folder is refused, and so is a FIFO
  or a device; a template is at most :data:`MAX_TEMPLATE_BYTES` and must be UTF-8;
* the environment is Jinja's sandbox, escaping everything; ``*`` and ``**`` are checked, so
  ``'a' * 2000000000`` is refused instead of filling the memory, and a page's HTML is at most
  :data:`MAX_HTML_CHARS` characters; filling a template is bounded in time
  (:data:`TEMPLATE_SECONDS`), so nested loops cannot run until killed;
* compiled templates are kept (Jinja's bytecode cache: its files are unpickled and run, so a
  planted one runs code) only in a folder this user owns with mode 0700, checked before use,
  and each file is read only when this user owns it and no one else can write it.

Every problem is a :class:`TemplateProblem` (exit 2) naming the template.

The filters that print a brief's values live here too: every value is escaped, wrapped in
``<bdi>`` so a right-to-left override cannot run into the words around it, and runs of more
than :data:`LONG_RUN` characters without a space get break opportunities.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from firmbrief import __version__
from firmbrief.briefs.explain import shown
from firmbrief.contracts.catalogues import N_, translations
from firmbrief.contracts.views import NOT_SET
from firmbrief.pdf import MAX_TEMPLATE_BYTES, TemplateProblem, read_template_file

if TYPE_CHECKING:
    from jinja2 import BytecodeCache, Environment
    from jinja2.sandbox import SandboxedEnvironment
    from markupsafe import Markup

__all__ = [
    "LONG_RUN",
    "MAX_HTML_CHARS",
    "MAX_TEMPLATE_BYTES",
    "TEMPLATE_SECONDS",
    "TemplateProblem",
    "breakable",
    "client_text",
    "environment",
    "read_template_file",
]

LONG_RUN: Final = 30
"""Runs of more non-space characters than this get break opportunities."""

MAX_HTML_CHARS: Final = 20_000_000
"""A document's HTML is about 100 kB; a template that writes more is looping."""

MAX_REPEAT: Final = 1_000_000
"""The longest text or list a template may make with ``*``."""

TEMPLATE_SECONDS: Final = 20
"""Filling one template takes milliseconds."""

_BREAK_EVERY: Final = 20
_ZWSP: Final = "\u200b"
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_CSS_VALUE = re.compile(r"[#A-Za-z0-9 ]{1,20}")


def _loader(folder: Path) -> Any:
    from jinja2 import BaseLoader, TemplateNotFound

    class FolderLoader(BaseLoader):
        """Regular files inside ``folder`` only (see :func:`read_template_file`)."""

        def get_source(
            self, environment: Environment, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            found = read_template_file(folder, template)
            if found is None:
                raise TemplateNotFound(template)
            text, real = found
            mtime = real.stat().st_mtime_ns

            def uptodate() -> bool:
                try:
                    return real.stat().st_mtime_ns == mtime
                except OSError:
                    return False

            return text, str(real), uptodate

    return FolderLoader()


# --- the compiled templates' cache ----------------------------------------------------------------


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled templates, kept in the folder of the cache the app shell gave (none without
    one): compiling them all costs 50 ms a run. The folder is per firmbrief version (the
    environment's settings shape the compiled code) and used only when
    :func:`~firmbrief.cache.private_folder`; each file is read only when this user owns it and
    no one else may write it."""
    from jinja2 import FileSystemBytecodeCache
    from jinja2.bccache import Bucket

    from firmbrief.briefs.cache import store
    from firmbrief.cache import private_folder

    class Checked(FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Bucket) -> None:
            name = self._get_cache_filename(bucket)
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            try:
                fd = os.open(name, flags)
            except OSError:
                return
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(handle.fileno())
                if (
                    stat.S_ISREG(info.st_mode)
                    and info.st_uid == os.geteuid()
                    and not info.st_mode & 0o022
                    and private_folder(Path(self.directory))
                ):
                    bucket.load_bytecode(handle)

        def dump_bytecode(self, bucket: Bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass  # not kept this time; compiled again next time

    given = store()
    if given is None or given.folder is None:
        return None
    folder = given.folder / f"templates-{__version__}-{_environment_digest()}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return Checked(str(folder)) if private_folder(folder) else None


def _environment_digest() -> str:
    """A digest of the code that shapes the compiled templates (this module, which sets the
    environment's finalize, filters and extensions, and the extensions' modules): a change to
    it, even within one version, never meets code compiled before it."""
    import hashlib

    from firmbrief.contracts import catalogues, spelling
    from firmbrief.templates import american

    digest = hashlib.sha256()
    for module in (__file__, spelling.__file__, catalogues.__file__, american.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:12]


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


def _finalize(value: Any, language: str = "en") -> Any:
    """``value`` as a template prints it; a draft's "not set" in the document's ``language``."""
    from markupsafe import Markup

    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if value == NOT_SET:
        said = translations(language).gettext(NOT_SET_WORDS)
        return Markup('<span class="missing">{}</span>').format(said)
    return client_text(value)


NOT_SET_WORDS: Final = N_("not set")
"""The words of :data:`~firmbrief.contracts.views.NOT_SET`, for the catalogues."""


def _finalize_in(context: Any, value: Any) -> Any:
    """:func:`_finalize` in the language of the document being filled."""
    return _finalize(value, str(context.get("language") or "en"))


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


_SUBSECTION: Final = re.compile(r"(§+ ?[0-9]+[a-z]?)\(([0-9]+)\)")


def _citation(value: object) -> str:
    """A source as German and Austrian lawyers cite it: ``§ 288(2) BGB`` gives
    ``§ 288 Abs. 2 BGB``."""
    return _SUBSECTION.sub(r"\1 Abs. \2", str(value))


def _join_and(values: Sequence[object], word: str = "and") -> Markup:
    """``a, b and c``, each value isolated."""
    from markupsafe import Markup

    items = [client_text(v) for v in values]
    if len(items) <= 1:
        return Markup("").join(items)
    return Markup(", ").join(items[:-1]) + Markup(f" {word} ") + items[-1]


def _overlaps(found: tuple[object, ...], loc: tuple[object, ...]) -> bool:
    """Whether a finding at ``found`` is about the value printed from ``loc`` (the same
    field, a part of it, or the whole it belongs to)."""
    common = min(len(found), len(loc))
    return common > 0 and found[:common] == loc[:common]


def _make_marked() -> Callable[..., Markup]:
    from jinja2 import pass_context
    from markupsafe import Markup

    @pass_context
    def marked(context: Any, value: object, *loc: str | int) -> Markup:
        """``value`` as printed, marked ``[n]`` when ``check`` refuses it: ``n`` is the
        number of the finding in the draft's list of what ``check`` refuses (``refused``)."""
        printed = _finalize_in(context, value)
        refused = context.get("refused") or ()
        numbers = [str(n) for n, f in enumerate(refused, 1) if _overlaps(tuple(f.loc), loc)]
        if not numbers:
            return Markup(printed)
        return Markup('<span class="refused">{}<sup class="refused-ref">[{}]</sup></span>').format(
            printed, ",".join(numbers)
        )

    return marked


def _make_quoted() -> Callable[..., Markup]:
    from jinja2 import pass_context
    from markupsafe import Markup

    from firmbrief.contracts.catalogues import QUOTES

    @pass_context
    def quoted(context: Any, value: object) -> Markup:
        """``value`` (escaped, isolated) between the document language's quotation marks."""
        opening, closing = QUOTES.get(str(context.get("language") or "en"), QUOTES["en"])
        return Markup("{}{}{}").format(opening, client_text(value), closing)

    return quoted


def _css_value(value: object) -> Markup:
    """One of our own checked values (a colour, a page size) for a ``<style>`` element."""
    from markupsafe import Markup

    text = str(value)
    if not _CSS_VALUE.fullmatch(text):
        raise TemplateProblem(f"{shown(text)} is not a value firmbrief puts into CSS")
    return Markup(text)


# --- the environment ------------------------------------------------------------------------------


def _repeat_size(left: Any, right: Any) -> int:
    """How long ``left * right`` would be, for a text or a list times a whole number."""
    for seq, count in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(count, int):
            return len(seq) * count
    return 0


@cache
def environment(user_dir: str | None) -> SandboxedEnvironment:
    """The templates' environment: the user's folder first (when given), then ours."""
    from jinja2 import ChoiceLoader, StrictUndefined, pass_context
    from jinja2.sandbox import SandboxedEnvironment

    from firmbrief import templates
    from firmbrief.contracts import catalogues, spelling

    class Sandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*" and _repeat_size(left, right) > MAX_REPEAT:
                raise TemplateProblem(f"makes a text or list longer than {MAX_REPEAT:,} with *")
            if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
                raise TemplateProblem("raises a number to a power over 64 with **")
            return super().call_binop(context, operator, left, right)

    folders = [*([Path(user_dir)] if user_dir else []), templates.folder()]
    env = Sandbox(
        loader=ChoiceLoader([_loader(folder) for folder in folders]),
        autoescape=True,
        finalize=pass_context(_finalize_in),
        undefined=StrictUndefined,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
        extensions=[spelling.extension(), "jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True  # as babel.cfg extracts them
    catalogues.install(env)
    env.globals["_spelled"] = pass_context(spelling.spelled)
    env.filters.update(
        marked=_make_marked(),
        plain=_plain,
        lines=_lines,
        paragraphs=_paragraphs,
        join_and=_join_and,
        citation=_citation,
        shown=pass_context(_finalize_in),
        quoted=_make_quoted(),  # a value inside {% trans %}, printed as {{ value }} prints it
        css=_css_value,
        # the brief's tax name in the document's language ("VAT": "USt." in German)
    )
    return env
