"""Writing output files so that a failure never leaves a half-written or damaged file.

Everything firmbrief writes goes through :func:`write_atomic`: the bytes go to a temporary file
in the same folder, are flushed to disk, and the temporary file is renamed over the target.
A crash or an error before the rename leaves the old file as it was and no stray temporary file.
"""

from __future__ import annotations

import os
from pathlib import Path

from firmbrief.errors import OutputError

__all__ = ["write_atomic", "write_text_atomic"]


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; :class:`OutputError` if it cannot be done."""
    import tempfile  # not at start-up: reading commands never write

    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(
            dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False
        )
    except OSError as error:
        raise OutputError(
            f"cannot write here ({error.strerror or error})", file=str(path)
        ) from None
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(handle.name, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(handle.name, 0o666 & ~umask)
        os.replace(handle.name, path)
    except BaseException as error:
        Path(handle.name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(
                f"cannot be written ({error.strerror or error}); the old file is unchanged",
                file=str(path),
            ) from None
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """:func:`write_atomic` for UTF-8 text."""
    write_atomic(path, text.encode("utf-8"))
