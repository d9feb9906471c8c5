"""Answers from libraries that are cheap to call but dear to import, kept on disk.

``holidays`` costs about 0.1 s to import and Babel about 20 ms, more than the rest of
``firmbrief check``; their answers for a brief (a country's holidays in a year, the currencies'
minor units) fit in a few bytes. :func:`remembered` keeps each answer in a JSON file under
``$FIRMBRIEF_CACHE`` (default ``$XDG_CACHE_HOME/firmbrief`` or ``~/.cache/firmbrief``), stamped
with the library's installed files, so an upgrade starts afresh. A cache that cannot be read or
written is simply not used.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "remembered"]


def cache_dir() -> Path:
    """Where firmbrief keeps remembered answers."""
    if explicit := os.environ.get("FIRMBRIEF_CACHE"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "firmbrief"


@cache
def _stamp(library: str) -> str:
    """Which installed copy of ``library`` this is, found without importing it."""
    spec = find_spec(library)
    if spec is None or spec.origin is None:
        return "missing"
    stat = os.stat(spec.origin)
    return f"{stat.st_mtime_ns:x}{stat.st_size:x}"


def remembered(name: str, library: str, compute: Callable[[], Any]) -> Any:
    """``compute()``'s JSON-able answer, from the cache when ``library`` has not changed."""
    path = cache_dir() / f"{name}-{library}-{_stamp(library)}.json"
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        pass
    answer = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=path.parent, delete=False, suffix=".tmp", encoding="utf-8"
        ) as handle:
            json.dump(answer, handle)
        os.replace(handle.name, path)
    except OSError:
        pass
    return answer
