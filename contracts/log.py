"""The project record beside a brief: an append-only log of what happened.

(Placeholder until the project record lands: no brief is signed yet.)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

__all__ = ["signing_date"]


def signing_date(brief_path: Path) -> date | None:
    """The day the brief was signed, from its project record; ``None`` if not signed."""
    return None
