"""HTML to PDF with WeasyPrint, fetching nothing but firmbrief's own files.

Every document firmbrief renders goes through a :class:`Renderer`. It imports WeasyPrint (about
a second: only the commands that render pay for it), keeps one font configuration and the
parsed stylesheets for all the documents it renders, and gives WeasyPrint a URL fetcher that
serves files from the allowed folders only: our templates and assets, plus a user's template
folder or logo file when given. Network URLs, ``data:`` URLs and every other file are refused,
and recorded in :attr:`Renderer.refused`. WeasyPrint's warnings are collected in
:attr:`Renderer.warnings` instead of going to the log.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote, urlsplit

from firmbrief import templates
from firmbrief.briefs.explain import shown
from firmbrief.briefs.files import printable, read_bounded
from firmbrief.errors import BriefUnreadable, FirmbriefError

__all__ = [
    "MAX_FETCHED_BYTES",
    "MAX_TEMPLATE_BYTES",
    "Attachment",
    "Renderer",
    "TemplateProblem",
    "read_template_file",
]

MAX_FETCHED_BYTES: Final = 20_000_000
"""A font, an image or a stylesheet a document loads is at most this large (a FIFO or a device
is never read: see :func:`~firmbrief.briefs.files.read_bounded`)."""


MAX_TEMPLATE_BYTES: Final = 1_000_000
"""Our largest template is a few kilobytes."""



class TemplateProblem(FirmbriefError):
    """A template cannot be used: a syntax error, an unknown name, a forbidden operation, a
    link out of its folder, a loop that runs too long."""


def read_template_file(folder: Path, name: str) -> tuple[str, Path] | None:
    """The text of template ``name`` in ``folder`` and its real path; ``None`` when the folder
    has no such file. A link out of the folder, a file that is not a regular file, too large
    or not UTF-8 is a :class:`TemplateProblem`."""
    root = folder.resolve()
    parts = [part for part in name.split("/") if part not in ("", ".")]
    where = printable(str(folder / name))
    if any(part == ".." or os.sep in part for part in parts):
        raise TemplateProblem(f"{shown(name)} is not a template name", file=where)
    path = root.joinpath(*parts)
    if not os.path.lexists(path):
        return None
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise TemplateProblem("is a link that leads nowhere", file=where) from None
    if not real.is_relative_to(root):
        raise TemplateProblem(
            "is a link to a file outside the templates folder: not used", file=where
        )
    try:
        data = read_bounded(real, MAX_TEMPLATE_BYTES, kind="a template")
    except BriefUnreadable as refused:
        raise TemplateProblem(refused.message, file=where) from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateProblem(
            f"is larger than {MAX_TEMPLATE_BYTES // 1_000_000} MB: not a template", file=where
        )
    try:
        return data.decode("utf-8-sig"), real
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise TemplateProblem(
            f"is not valid UTF-8 (byte 0x{bad} at offset {error.start}); save it as UTF-8",
            file=where,
        ) from None


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file embedded in a PDF."""

    name: str
    data: bytes
    description: str = ""
    relationship: str = "Data"  # PDF/A-3: the embedded file is the data the document shows


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class Renderer:
    """One WeasyPrint setup, reused for every document rendered in this process.

    ``roots`` are extra folders (or single files) the documents may load, besides our templates.
    """

    def __init__(self, roots: Sequence[Path] = ()) -> None:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        self._weasyprint = weasyprint
        self.roots: tuple[Path, ...] = tuple(p.resolve() for p in (templates.folder(), *roots))
        self.font_config = FontConfiguration()
        self.refused: list[str] = []
        self.warnings: list[str] = []
        self._stylesheets: dict[tuple[str, str], Any] = {}
        self._image_cache: dict[str, Any] = {}
        self.fetcher = _make_fetcher(weasyprint, self)

    def allows(self, path: Path) -> bool:
        """Whether ``path`` lies within an allowed folder (or is an allowed file)."""
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return False
        return any(real == root or real.is_relative_to(root) for root in self.roots)

    def stylesheet(self, name: str, folder: Path | None = None) -> Any:
        """A stylesheet from the templates (or ``folder``), parsed once per renderer."""
        base = (folder or templates.folder()).resolve()
        key = (str(base), name)
        if key not in self._stylesheets:
            path = base / name
            found = read_template_file(path.parent, path.name) if self.allows(path) else None
            if found is None:
                raise TemplateProblem("is not a stylesheet in an allowed folder", file=str(path))
            with self._collecting():
                self._stylesheets[key] = self._weasyprint.CSS(
                    string=found[0],
                    base_url=path.as_uri(),
                    url_fetcher=self.fetcher,
                    font_config=self.font_config,
                )
        return self._stylesheets[key]

    def pdf(
        self,
        html: str,
        *,
        base: Path | None = None,
        stylesheets: Sequence[str] = (),
        attachments: Sequence[Attachment] = (),
        forms: bool = False,
        variant: str | None = None,
    ) -> bytes:
        """The PDF of ``html``, whose relative URLs resolve against ``base`` (the templates)."""
        base_dir = (base or templates.folder()).resolve()
        with self._collecting():
            document = self._weasyprint.HTML(
                string=html, base_url=base_dir.as_uri() + "/", url_fetcher=self.fetcher
            )
            files = [
                self._weasyprint.Attachment(
                    file_obj=BytesIO(item.data),
                    name=item.name,
                    description=item.description,
                    relationship=item.relationship,
                    url_fetcher=self.fetcher,
                )
                for item in attachments
            ]
            data = document.write_pdf(
                stylesheets=[self.stylesheet(name, base_dir) for name in stylesheets],
                font_config=self.font_config,
                attachments=files or None,
                pdf_forms=forms or None,
                pdf_variant=variant,
                cache=self._image_cache,
            )
        assert isinstance(data, bytes)
        return data

    @contextmanager
    def _collecting(self) -> Iterator[None]:
        logger = logging.getLogger("weasyprint")
        collector = _Collector()
        previous = logger.propagate
        logger.addHandler(collector)
        logger.propagate = False
        try:
            yield
        finally:
            logger.removeHandler(collector)
            logger.propagate = previous
            self.warnings.extend(collector.messages)


def _make_fetcher(weasyprint: Any, renderer: Renderer) -> Any:
    """A URL fetcher that serves allowed local files and refuses everything else."""

    class AllowListFetcher(weasyprint.urls.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(unquote(parts.path))
                if renderer.allows(path):
                    real = path.resolve()
                    try:
                        data = read_bounded(real, MAX_FETCHED_BYTES, kind="a file to load")
                    except BriefUnreadable:
                        data = None
                    if data is not None and len(data) <= MAX_FETCHED_BYTES:
                        return weasyprint.urls.URLFetcherResponse(real.as_uri(), data)
            renderer.refused.append(url[:200])
            raise ValueError(f"firmbrief does not load {url[:80]!r}")

    return AllowListFetcher(allowed_protocols=["file"], allow_redirects=False)
