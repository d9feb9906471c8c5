"""Hostile cases, second round: money, the record, dates, drafts, the client's terms, and what
interrupted or odd files do (findings 1 to 5 and 11 to 13 of issue 19)."""

from __future__ import annotations

from collections.abc import Callable

from hostile_support import Env, Expect

CASES: list[Callable[[Env], Expect]] = []
