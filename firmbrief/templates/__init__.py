"""Jinja2 templates, stylesheets, fonts and scripts shipped with firmbrief (package data)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["folder"]


def folder() -> Path:
    """The folder of firmbrief's templates, stylesheets, fonts and scripts."""
    return Path(str(resources.files(__name__)))
