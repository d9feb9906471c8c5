"""Commands that collect a brief: ``questionnaire`` and ``intake import|interview``."""

from __future__ import annotations

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
