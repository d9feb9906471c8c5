"""Time limits: work that takes longer than it ever should ends with a clear error, not a hang.

:func:`time_limit` runs a block under a limit. When the limit passes, the block is interrupted
(by ``SIGALRM``, so even a loop that calls nothing is stopped) with :class:`TookTooLong`, a
:class:`~firmbrief.errors.FirmbriefError` (exit 2) whose message the caller words: which file,
what it was doing. Limits nest: the nearest one fires first, and each block ends with the
limits around it as they were.

A limit needs the main thread of a process on a system with ``SIGALRM``; elsewhere (a library
user's thread) the block runs without one.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

from firmbrief.errors import FirmbriefError

__all__ = ["TookTooLong", "scaled", "seconds_said", "time_limit"]

SCALE_VARIABLE: Final = "FIRMBRIEF_TIME_SCALE"
"""Multiplies every limit (a slow machine, a debugger); 0 turns the limits off."""


class TookTooLong(FirmbriefError):
    """A time limit passed: the input makes the work take longer than any real input would."""


@dataclass
class _Limit:
    ends: float
    message: str
    file: str | None
    field: str | None


_limits: list[_Limit] = []
_AGAIN: Final = 0.5


def scaled(seconds: float) -> float | None:
    """``seconds`` as :data:`SCALE_VARIABLE` scales it; ``None``: no limit."""
    try:
        scale = float(os.environ.get(SCALE_VARIABLE, "1"))
    except ValueError:
        scale = 1.0
    return None if scale <= 0 else seconds * scale


def seconds_said(seconds: float) -> str:
    """``seconds`` as scaled, for a message: "20", "0.006"."""
    value = scaled(seconds)
    return "no limit" if value is None else f"{value:.3g}"


def _arm() -> None:
    if not _limits:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    left = min(limit.ends for limit in _limits) - time.monotonic()
    # Again every half second once passed: code that swallows every exception (a library's
    # "except Exception") cannot keep the work going.
    signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), _AGAIN)


def _fire(signum: int, frame: Any) -> None:
    now = time.monotonic()
    passed = [limit for limit in _limits if limit.ends <= now + 0.001]
    if not passed:
        _arm()  # woken early: wait for the nearest limit
        return
    # The outermost limit that passed: the work inside it all ends.
    first = passed[0]
    raise TookTooLong(first.message, file=first.file, field=first.field)


@contextmanager
def time_limit(
    seconds: float, message: str, *, file: str | None = None, field: str | None = None
) -> Iterator[None]:
    """Run the block for at most ``seconds`` (scaled by :data:`SCALE_VARIABLE`); past that,
    :class:`TookTooLong` with ``message``, ``file`` and ``field``."""
    limit_seconds = scaled(seconds)
    if limit_seconds is None or not hasattr(signal, "setitimer"):
        yield
        return
    previous = None
    if not _limits:
        try:
            previous = signal.signal(signal.SIGALRM, _fire)
        except ValueError:  # not the main thread: no limit
            yield
            return
    limit = _Limit(time.monotonic() + limit_seconds, message, file, field)
    _limits.append(limit)
    try:
        _arm()
        yield
    finally:
        _limits.remove(limit)
        _arm()
        if previous is not None:
            signal.signal(signal.SIGALRM, previous)
