"""Writing output files so that a failure never leaves a half-written or damaged file.

Everything firmbrief writes goes through :func:`write_atomic`: the bytes go to a temporary file
in the same folder, are flushed to disk, and the temporary file is renamed over the target.
A crash, an error, Ctrl-C, SIGTERM or SIGHUP before the rename (the command line turns the two
signals into an interruption like Ctrl-C) leaves the old file as it was and no stray temporary
file. Only SIGKILL cannot be cleaned up after at once: a temporary file carries the number of
the process that wrote it, and the next write beside it removes those whose process is gone.

An output made from a brief gets the brief's permissions (``like``): a brief kept private (0600)
does not turn into a PDF or a record anyone on the machine can read.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Final

from firmbrief.errors import OutputError

__all__ = ["output_mode", "write_atomic", "write_text_atomic"]

_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f]")
_STAMPED: Final = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]+)\.[A-Za-z0-9_]+\.tmp")


def _shown(path: Path) -> str:
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(path))


def write_atomic(path: Path, data: bytes, *, like: Path | None = None) -> None:
    """Replace ``path`` with ``data`` in one step; :class:`OutputError` if it cannot be done.

    ``like``: the file the output is made from (the brief). The output gets its permission
    bits, and a file being replaced never keeps more than those. Without it, a new file gets
    the umask's mode and a replaced file keeps its own.
    """
    import tempfile  # not at start-up: reading commands never write

    if found := _CONTROL.search(path.name):
        raise OutputError(
            f"the file name contains the control character U+{ord(found.group()):04X}: "
            "choose another name",
            file=_shown(path),
        )
    folder = path.parent
    name: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _sweep(folder, path.name)
        fd, name = tempfile.mkstemp(
            dir=folder, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp"
        )
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(name, output_mode(path, like))
        os.replace(name, path)
        name = None
    except OSError as error:
        where = "cannot write here" if name is None else "cannot be written"
        unchanged = "" if name is None else "; the old file is unchanged"
        raise OutputError(
            f"{where} ({error.strerror or error}){unchanged}", file=_shown(path)
        ) from None
    finally:
        if name is not None:
            Path(name).unlink(missing_ok=True)


def output_mode(path: Path, like: Path | None) -> int:
    """The permission bits an output at ``path`` gets (see :func:`write_atomic`): a new file
    never more than ``like``'s (the brief's)."""
    limit = 0o666
    if like is not None:
        try:
            limit = like.stat().st_mode & 0o666
        except OSError:
            pass
    try:
        return path.stat().st_mode & 0o777 & (limit | 0o111)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask & limit


def _sweep(folder: Path, name: str) -> None:
    """Remove the temporary files of ``name`` left by processes that are gone (SIGKILL)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        found = _STAMPED.fullmatch(entry.name)
        if found is None or found["name"] != name:
            continue
        pid = int(found["pid"])
        if pid == os.getpid() or _alive(pid):
            continue
        try:
            os.unlink(entry.path)
        except OSError:
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def write_text_atomic(path: Path, text: str, *, like: Path | None = None) -> None:
    """:func:`write_atomic` for UTF-8 text."""
    write_atomic(path, text.encode("utf-8"), like=like)
