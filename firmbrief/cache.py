"""The cache on disk the command line gives the domain (:func:`firmbrief.briefs.cache.use`).

It lives in ``$FIRMBRIEF_CACHE``, else ``$XDG_CACHE_HOME/firmbrief``, else
``~/.cache/firmbrief``; ``FIRMBRIEF_CACHE=off`` turns it off. Each answer is one small JSON file,
written atomically (a temporary file renamed into place, removed if anything fails); a file that
cannot be read or written is simply not used. File names come from keys made safe, so no key
(a region code written by a client) can reach outside the folder. An answer is read only from a
:func:`private_folder` and a file of this user's that no one else may write: a folder someone
else can write to could hold a planted answer (EUR with 0 decimals).
"""

from __future__ import annotations

import json
import os
import re
import stat
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from firmbrief.atomic import write_atomic
from firmbrief.briefs import cache
from firmbrief.errors import OutputError

__all__ = ["OFF", "DiskStore", "cache_folder", "install", "private_folder"]

OFF: Final = ("off", "0", "no", "none", "false")
"""Values of ``FIRMBRIEF_CACHE`` that turn the cache off."""

MAX_ANSWER_BYTES: Final = 1_000_000
"""An answer is a few kilobytes (a year of holidays); anything larger is not ours."""

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def cache_folder(environ: Mapping[str, str] = os.environ) -> Path | None:
    """Where the cache lives, or ``None`` when it is turned off."""
    explicit = environ.get("FIRMBRIEF_CACHE")
    if explicit is not None and explicit.strip().lower() in OFF:
        return None
    if explicit:
        return Path(explicit)
    xdg = environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "firmbrief"


def _mine(info: os.stat_result) -> bool:
    return info.st_uid == getattr(os, "geteuid", lambda: info.st_uid)()


def private_folder(folder: Path) -> bool:
    """Whether ``folder`` is a real folder (not a link) this user owns, with mode 0700: the one
    rule for every cache folder (answers, compiled templates)."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _mine(info) and stat.S_IMODE(info.st_mode) == 0o700


def _keep_private(folder: Path) -> None:
    """Make ``folder`` (this user's own, a real folder) mode 0700 if it is not."""
    info = os.lstat(folder)
    if stat.S_ISDIR(info.st_mode) and _mine(info) and stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(folder, 0o700)


@dataclass(frozen=True, slots=True)
class DiskStore:
    """Remembered answers as JSON files in ``folder``."""

    folder: Path

    def _path(self, key: str) -> Path:
        check = zlib.crc32(key.encode("utf-8"))  # keys that read alike stay apart
        return self.folder / f"{_UNSAFE.sub('_', key)[:80]}-{check:08x}.json"

    def get(self, key: str) -> Any:
        """The answer kept under ``key``; ``None`` if there is none, or if anyone but this user
        could have written it (the folder or the file)."""
        if not private_folder(self.folder):
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            with os.fdopen(os.open(self._path(key), flags), "rb") as stream:
                info = os.fstat(stream.fileno())
                if not stat.S_ISREG(info.st_mode) or not _mine(info) or info.st_mode & 0o022:
                    return None
                data = stream.read(MAX_ANSWER_BYTES + 1)
            return json.loads(data) if len(data) <= MAX_ANSWER_BYTES else None
        except (OSError, ValueError, RecursionError):
            return None

    def put(self, key: str, value: Any) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            _keep_private(self.folder)
            write_atomic(self._path(key), json.dumps(value).encode("utf-8"))
        except (OSError, OutputError):
            pass  # not kept this time: computed again next time


def install(environ: Mapping[str, str] = os.environ) -> DiskStore | None:
    """Give the domain the cache on disk (or none, when turned off); returns it."""
    folder = cache_folder(environ)
    store = DiskStore(folder) if folder is not None else None
    cache.use(store)
    return store
