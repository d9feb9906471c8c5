"""The interface for scripts: what ``--format json`` promises.

The JSON of ``check``, ``status``, ``schedule``, ``gate`` and ``verify`` starts with
``"version": 1`` (:data:`JSON_VERSION`) and follows a JSON Schema (draft 2020-12) shipped with
the package in ``firmbrief/templates/schemas/NAME.json``, which ``firmbrief schema --of NAME``
prints. A field added, removed or retyped, or a value added to one of its lists (states, next
actions, warning codes), is a change of the schema; one a script relying on the old shape would
misread raises the version.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

__all__ = ["JSON_VERSION", "OUTPUTS", "output_schema", "schema_path", "versioned"]

JSON_VERSION: Final = 1
"""The version of the JSON every command prints for scripts."""

OUTPUTS: Final = ("check", "status", "schedule", "gate", "verify")
"""The commands whose ``--format json`` has a schema, by the schema's name."""


def versioned(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with ``"version"`` first."""
    return {"version": JSON_VERSION, **data}


def schema_path(name: str) -> Path:
    """Where the shipped schema of ``name`` (one of :data:`OUTPUTS`) is."""
    from firmbrief.templates import folder  # importlib.resources: only when a schema is read

    if name not in OUTPUTS:
        raise ValueError(f"no schema of {name!r}: one of {', '.join(OUTPUTS)}")
    return folder() / "schemas" / f"{name}.json"


def output_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of ``name``'s ``--format json``, as shipped."""
    loaded: dict[str, Any] = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return loaded
