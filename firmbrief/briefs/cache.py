"""Answers from libraries that are cheap to call but dear to import, remembered between runs.

``holidays`` costs about 0.1 s to import and Babel about 20 ms, more than the rest of
``firmbrief check``; their answers for a brief (a country's holidays in a year, the currencies'
minor units) fit in a few bytes. :func:`remembered` asks the :class:`Store` the app shell gave
(:func:`use`) before computing an answer, and gives it what it computed. The domain never decides
where answers are kept, and with no store (the default, and in a library user's process) it keeps
nothing anywhere: each answer is computed once per process. Answers are keyed by the library's
installed files, so an upgrade starts afresh.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Protocol

__all__ = ["Store", "remembered", "store", "use"]


class Store(Protocol):
    """Where remembered answers are kept (the app shell's :class:`firmbrief.cache.DiskStore`)."""

    @property
    def folder(self) -> Path | None:
        """A private folder for other caches of compiled things, if the store has one."""

    def get(self, key: str) -> Any:
        """The answer kept under ``key``, or ``None``."""

    def put(self, key: str, value: Any) -> None:
        """Keep ``value`` (JSON-able) under ``key``; a store that cannot simply does not."""


_store: Store | None = None


def use(new: Store | None) -> Store | None:
    """Remember answers in ``new`` from now on (``None``: keep nothing); returns the old store."""
    global _store
    old, _store = _store, new
    return old


def store() -> Store | None:
    """The store in use, if any."""
    return _store


@cache
def _stamp(library: str) -> str:
    """Which installed copy of ``library`` this is, found without importing it."""
    spec = find_spec(library)
    if spec is None or spec.origin is None:
        return "missing"
    stat = os.stat(spec.origin)
    return f"{stat.st_mtime_ns:x}{stat.st_size:x}"


def remembered(
    name: str,
    library: str,
    compute: Callable[[], Any],
    *,
    valid: Callable[[Any], bool] | None = None,
) -> Any:
    """``compute()``'s JSON-able answer, from the store when ``library`` has not changed (and
    the answer kept there passes ``valid``, if given: else it is computed and kept anew)."""
    if _store is None:
        return compute()
    key = f"{name}-{library}-{_stamp(library)}"
    found = _store.get(key)
    if found is not None and (valid is None or valid(found)):
        return found
    answer = compute()
    _store.put(key, answer)
    return answer
