"""An invoice's number taken, then completed: the PDF rendered and written and the record's line
appended outside the register's lock, then the number marked issued; or, after a crash,
completed by the next run.

:func:`complete` is the issuing process's own second half: it renders the PDF, appends the
record's line, writes the PDF (an existing file at ``-o`` is replaced only then, once nothing
else can fail), and marks the register's row issued. If anything fails before the PDF is
written, the record's line is taken back and the number withdrawn (removed while it is still
the last of its series, else void with the reason).

:func:`recover` finishes the numbers of processes that are gone (killed, a power cut): from
what the register's row keeps, it appends the record's line if it is missing, writes the PDF
if it is not there, and marks the row issued; a row that cannot be finished (its brief gone,
its line no longer fitting the record) is made void with the reason. Every number handed out
is thus issued or void, never given twice, and every record line has its register row.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from firmbrief.atomic import write_atomic
from firmbrief.contracts.invoices.data import InvoiceData
from firmbrief.contracts.invoices.register import Entry, Register
from firmbrief.errors import FirmbriefError

if TYPE_CHECKING:
    from firmbrief.briefs.schema import Brief
    from firmbrief.contracts.record.events import Event
    from firmbrief.contracts.record.state import Project
    from firmbrief.pdf import Renderer

__all__ = ["KILL_AT", "Taken", "complete", "recover", "render", "step"]

KILL_AT: Final = "FIRMBRIEF_TEST_KILL_AT"
"""For the tests only: the name of a step (taken, rendered, recorded, written, completed) at
which the issuing process kills itself with SIGKILL, as a power cut would stop it."""

_PDF_BYTES: Final = 64 * 1024 * 1024


def step(name: str) -> None:
    """A point where a test may kill the process (see :data:`KILL_AT`)."""
    if os.environ.get(KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass(frozen=True, slots=True)
class Taken:
    """A number taken (its row pending), and what completing it writes."""

    entry: Entry
    invoice: InvoiceData
    event: Event | None  # the record's line (None: a document the record does not hold)
    target: Path


def render(
    brief_path: Path, brief: Brief, invoice: InvoiceData, renderer: Renderer | None
) -> bytes:
    """The PDF of ``invoice`` with the branding of the brief's business."""
    from firmbrief.contracts.branding import branding_for
    from firmbrief.contracts.invoices.document import invoice_pdf
    from firmbrief.pdf import Renderer

    branding, logo = branding_for(brief_path, brief)
    return invoice_pdf(invoice, renderer=renderer or Renderer(), branding=branding, logo=logo)


def complete(
    brief_path: Path,
    register: Register,
    taken: Taken,
    project: Project,
    renderer: Renderer | None,
) -> str:
    """Render, record, write, and mark issued (see the module's doc); a warning if the register
    could not be told (the invoice stands; the next run marks it)."""
    from firmbrief.contracts.record.recording import tie

    undo: Callable[[], None] | None = None
    try:
        data = render(brief_path, project.brief, taken.invoice, renderer)
        step("rendered")
        if taken.event is not None:
            undo = tie(brief_path, project, taken.event)
        step("recorded")
        try:
            write_atomic(taken.target, data, like=brief_path)
        except BaseException:
            if undo is not None:
                undo()
                undo = None
            raise
        step("written")
    except BaseException:
        if undo is None:  # nothing of it in the record: its number goes back
            try:
                with register.issuing() as transaction:
                    transaction.withdraw(taken.entry)
            except FirmbriefError:
                pass  # still pending: the next run finishes it, as after a crash
        raise  # (a line the record kept: the number stays pending, the next run finishes it)
    return _mark(register, taken.entry)


def _mark(register: Register, entry: Entry) -> str:
    try:
        with register.issuing() as transaction:
            transaction.settle(entry.number, "issued")
    except FirmbriefError as error:
        return (
            f"{entry.number} is written and recorded, but the register could not mark it "
            f"issued ({error}); the next firmbrief invoice does"
        )
    step("completed")
    return ""


def _alive(pid: int | None) -> bool:
    if pid is None or pid == os.getpid():
        return pid is not None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def is_written(target: Path, invoice: InvoiceData) -> bool:
    """Whether ``target`` is the PDF of ``invoice`` (its metadata title names it)."""
    heading = "Credit note" if invoice.credit_note else "Invoice"
    try:
        if not target.is_file():
            return False
        with target.open("rb") as handle:
            data = handle.read(_PDF_BYTES)
    except OSError:
        return False
    return f"{heading} {invoice.number}: ".encode() in data


def recover(register: Register, renderer: Renderer | None = None) -> None:
    """Finish the pending numbers of processes that are gone (see the module's doc)."""
    if not register.exists():
        return
    for entry in register.pending():
        if not _alive(entry.pid):
            try:
                _finish(register, entry, renderer)
            except FirmbriefError:
                continue  # its brief cannot be locked now: still pending, its number kept


def _finish(register: Register, entry: Entry, renderer: Renderer | None) -> None:
    from firmbrief.contracts.record.log import locked

    brief = Path(entry.project)
    if not brief.is_file():
        _void(register, entry, f"its brief {brief} is gone")
        return
    with locked(brief):
        now = register.find(entry.number)
        if now is None or now.state != "pending":
            return  # finished meanwhile by another run
        try:
            _roll_forward(brief, entry, renderer)
        except _Later:
            return  # the record holds its line: finished on a later run, never void
        except FirmbriefError as error:
            _void(register, entry, str(error))
            return
        _mark(register, entry)


class _Later(Exception):
    """A pending number whose record line is written, but whose PDF cannot be yet."""


def _roll_forward(brief: Path, entry: Entry, renderer: Renderer | None) -> None:
    from firmbrief.contracts.record.recording import tie
    from firmbrief.contracts.record.replay import project_at

    invoice = InvoiceData.from_json(entry.data)
    project = project_at(brief, invoice.issued)
    event = event_of(invoice, project)
    if event is not None and invoice.number not in project.invoices:
        tie(brief, project, event)
    target = Path(entry.target) if entry.target else None
    if target is not None and not is_written(target, invoice):
        try:
            write_atomic(target, render(brief, project.brief, invoice, renderer), like=brief)
        except FirmbriefError as error:
            raise _Later from error


def event_of(invoice: InvoiceData, project: Project) -> Event | None:
    """The line the record takes for ``invoice``: ``invoiced``, or ``credited`` for a credit
    note that cancels an invoice the record holds; else none."""
    from firmbrief.contracts.record.invoicing import credited_event, invoiced_event

    if not invoice.credit_note:
        assert invoice.due is not None
        return invoiced_event(
            number=invoice.number,
            instalment=invoice.instalment,
            amounts=invoice.amounts,
            issued=invoice.issued,
            due=invoice.due,
        )
    if invoice.credits and invoice.credits in project.invoices:
        return credited_event(
            number=invoice.number, invoice=invoice.credits, issued=invoice.issued
        )
    return None


def _void(register: Register, entry: Entry, why: str) -> None:
    try:
        with register.issuing() as transaction:
            transaction.settle(entry.number, "void", why[:300])
    except FirmbriefError:
        pass  # the register cannot be written now: tried again on the next run
