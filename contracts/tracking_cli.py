"""Commands for the project while it runs: record, status, gate, notice, schedule."""

from __future__ import annotations

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
