"""Rendering many briefs at once: a month of contracts in one command.

Briefs are rendered in worker processes (``jobs`` of them); each worker keeps one
:class:`~firmbrief.pdf.Renderer` (font configuration, parsed stylesheets) for all the
briefs it renders, and is replaced after :data:`BRIEFS_PER_WORKER` briefs, so memory stays flat
however long the batch. A brief that fails does not stop the others: every brief ends as one
:class:`Outcome` (rendered, refused as not ready, or failed with the reason).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

from firmbrief.briefs.cache import store, use
from firmbrief.briefs.files import printable
from firmbrief.errors import BriefUnreadable, FirmbriefError

if TYPE_CHECKING:
    from firmbrief.contracts.render import Rendered
    from firmbrief.pdf import Renderer

__all__ = [
    "BRIEFS_PER_WORKER",
    "Outcome",
    "RenderOptions",
    "find_briefs",
    "render_many",
    "render_with",
]

BRIEFS_PER_WORKER: Final = 100
"""A worker is replaced after this many briefs: WeasyPrint's caches cannot grow without end."""

BRIEF_SUFFIXES: Final = (".yaml", ".yml", ".json")

Status = Literal["rendered", "not-ready", "failed"]


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """What to render for every brief of a batch (see ``render_brief``)."""

    today: date
    out_dir: Path | None = None
    what: tuple[str, ...] = ("brief", "terms")
    draft: bool = False
    paper: str | None = None  # None: the brief's own (firmbrief.briefs.legal.paper_for)
    pdfa: bool = False
    html: bool = False
    templates: Path | None = None
    language: str | None = None  # None: the client's (firmbrief.briefs.language.language_for)


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one brief of a batch ended."""

    brief: Path
    status: Status
    files: tuple[Path, ...] = ()
    reason: str = ""  # one line: why it was refused or failed
    notes: tuple[str, ...] = field(default=())
    bug: bool = False  # failed by a bug in firmbrief (the batch exits 70)


def find_briefs(paths: Iterable[Path]) -> list[Path]:
    """The brief files named, with the folders named replaced by the briefs in them (not the
    copies of signed briefs kept beside them)."""
    from firmbrief.contracts.record.signed_copy import SIGNED_SUFFIX

    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and p.suffix.lower() in BRIEF_SUFFIXES
                    and not p.name.lower().endswith(SIGNED_SUFFIX)
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise BriefUnreadable("no such file or folder", file=printable(str(path)))
    return list(dict.fromkeys(found))


def _clashes(briefs: Sequence[Path], options: RenderOptions) -> list[str]:
    """Briefs whose documents would overwrite each other's, on this system or another: names
    are compared case-insensitively (``LOGO.yaml`` and ``logo.yaml`` write the same files on
    macOS and Windows, and in a folder synced there)."""
    targets: dict[str, Path] = {}
    clashes = []
    for brief in briefs:
        folder = options.out_dir if options.out_dir is not None else brief.parent
        from firmbrief.contracts.naming import document_stem

        stem = document_stem(brief, None)  # a file named "brief": its title is not read here
        target = str((folder / stem).resolve()).casefold()
        if target in targets:
            clashes.append(
                f"{printable(str(targets[target]))} and {printable(str(brief))} would both "
                f"write {printable(stem)}-*.pdf"
            )
        targets[target] = brief
    return clashes


def render_with(brief: Path, options: RenderOptions, renderer: Renderer | None = None) -> Rendered:
    """Render ``brief`` with ``options``, judged as of its signing day once signed; a signed
    brief that changed since is refused (:class:`SignedBriefChanged`): it needs an amendment."""
    from firmbrief.contracts.amendment import SignedBriefChanged, signed_change
    from firmbrief.contracts.record.log import judging_day
    from firmbrief.contracts.render import render_brief

    state = signed_change(brief)
    if state is not None and state.changed:
        raise SignedBriefChanged(printable(str(brief)), state)

    return render_brief(
        brief,
        today=judging_day(brief, options.today),
        renderer=renderer,
        out_dir=options.out_dir,
        what=options.what,
        draft=options.draft,
        paper=options.paper,
        pdfa=options.pdfa,
        html=options.html,
        templates=options.templates,
        language=options.language,
    )


_renderer: Renderer | None = None


def _render_one(brief: Path, options: RenderOptions) -> Outcome:
    """Render one brief with this process's renderer; never raises."""
    global _renderer
    from firmbrief.contracts.render import NotReadyToRender
    from firmbrief.pdf import Renderer

    try:
        if _renderer is None:
            _renderer = Renderer()
        done = render_with(brief, options, _renderer)
    except NotReadyToRender as refused:
        errors = len(refused.report.errors)
        return Outcome(brief, "not-ready", reason=f"{errors} error{'s' * (errors != 1)}")
    except FirmbriefError as error:
        return Outcome(brief, "failed", reason=_without_file(error))
    except Exception as error:  # a bug must not stop the batch; say which brief hit it
        return Outcome(brief, "failed", reason=f"internal error: {type(error).__name__}", bug=True)
    return Outcome(brief, "rendered", files=tuple(done.paths), notes=tuple(done.notes()))


def _without_file(error: FirmbriefError) -> str:
    return ": ".join(part for part in (error.field, error.message) if part)


def render_many(
    briefs: Sequence[Path],
    options: RenderOptions,
    *,
    jobs: int | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Render every brief; their outcomes in the order given. ``on_done`` hears each as it ends.

    ``jobs`` worker processes (default: the machine's cores); with one job, or one brief, the
    work is done in this process.
    """
    if clashes := _clashes(briefs, options):
        raise FirmbriefError(f"{clashes[0]}; render them into different folders (-o)")
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(briefs) or 1))
    outcomes: dict[Path, Outcome] = {}

    def finish(outcome: Outcome) -> None:
        outcomes[outcome.brief] = outcome
        if on_done is not None:
            on_done(outcome)

    if jobs == 1:
        for brief in briefs:
            finish(_render_one(brief, options))
    else:
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            max_tasks_per_child=BRIEFS_PER_WORKER,
            initializer=use,
            initargs=(store(),),  # the cache the app shell gave this process, if any
        ) as pool:
            pending: set[Future[Outcome]] = set()
            queue = list(reversed(briefs))
            while queue or pending:
                while queue and len(pending) < jobs * 2:  # bounded: results do not pile up
                    pending.add(pool.submit(_render_one, queue.pop(), options))
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    finish(future.result())
    return [outcomes[brief] for brief in briefs]
