"""Commands that produce the documents: ``render`` and ``verify`` (issue: terms and brief PDFs)."""

from __future__ import annotations

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
