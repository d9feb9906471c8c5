"""From a file to a :class:`~firmbrief.briefs.schema.Brief`, with every schema problem as a finding.

Schema problems (an unknown key, a word where a number belongs) are findings like any other, so
``check`` can list them beside the rest. To find the rest too, the offending values are set
aside and the brief is validated again; findings about a field set aside are not repeated.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from firmbrief.briefs.explain import explain
from firmbrief.briefs.fields import Loc
from firmbrief.briefs.files import read_data
from firmbrief.briefs.report import Finding
from firmbrief.briefs.schema import Brief

__all__ = ["Parsed", "load_brief_file", "parse_brief", "read_with_profile"]

_MAX_ROUNDS: Final = 20


@dataclass
class Parsed:
    """A brief as far as it could be validated.

    ``brief`` is ``None`` when nothing could be salvaged; ``set_aside`` are the paths of the
    values left out to validate the rest (their problems are among ``findings``).
    """

    brief: Brief | None
    findings: list[Finding] = field(default_factory=list)
    set_aside: list[Loc] = field(default_factory=list)

    def concerns_set_aside(self, loc: Loc) -> bool:
        """Whether a finding at ``loc`` is about a value that was set aside."""
        return any(loc[: len(gone)] == gone for gone in self.set_aside)


def load_brief_file(path: Path) -> Parsed:
    """Read and validate a brief file, with the business profile that applies to it merged in
    (:mod:`firmbrief.briefs.profile`); :class:`~firmbrief.errors.BriefUnreadable` if either is
    unusable."""
    return parse_brief(read_with_profile(path))


def read_with_profile(path: Path) -> dict[str, Any]:
    """The data of the brief file at ``path``, its ``freelancer`` filled from the
    ``[business]`` of the ``firmbrief.toml`` that applies to it, if any."""
    from firmbrief.briefs.profile import profile_for, with_profile

    data = read_data(path)
    profile = profile_for(path)
    return with_profile(data, profile.business) if profile else data


def parse_brief(data: dict[str, Any]) -> Parsed:
    """The brief in ``data``, with every schema problem as a finding.

    The same data is validated once per process: a command that reads a brief twice (``record
    signed``: before it locks the record, under the lock, and to check it is ready) gets the
    first answer again, as a copy of its own."""
    key = repr(data)  # tells 1 from "1" and a date from its text, as validation does
    found = _parsed.get(key)
    if found is None:
        found = _parse(data)
        _parsed.clear()  # the last brief is the one read again; keep no more
        _parsed[key] = found
    return _copy(found)


_parsed: dict[str, Parsed] = {}


def _copy(parsed: Parsed) -> Parsed:
    brief = parsed.brief.model_copy(deep=True) if parsed.brief is not None else None
    return Parsed(brief, list(parsed.findings), list(parsed.set_aside))


def _parse(data: dict[str, Any]) -> Parsed:
    parsed = Parsed(brief=None)
    current = copy.deepcopy(data)
    for _ in range(_MAX_ROUNDS):
        try:
            parsed.brief = Brief.model_validate(current)
            return parsed
        except ValidationError as invalid:
            errors = invalid.errors(include_url=False)
        parsed.findings.extend(_finding(error) for error in errors)
        for error in errors:
            gone = _set_aside(current, tuple(error["loc"]), error["type"])
            if gone is None:
                return parsed
            parsed.set_aside.append(gone)
    return parsed


def _set_aside(data: Any, loc: Loc, kind: str) -> Loc | None:
    """Remove the value at ``loc`` so validation can go on; its path, or None if it cannot."""
    if not loc:
        return None
    parents: list[Any] = [data]
    for part in loc[:-1]:
        try:
            parents.append(parents[-1][part])
        except (KeyError, IndexError, TypeError):
            return None
    parent, last = parents[-1], loc[-1]
    if isinstance(parent, dict) and last in parent:
        del parent[last]
        return loc
    if isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        if kind in {"model_type", "dict_type", "model_attributes_type"} and parent[last] != {}:
            parent[last] = {}  # keep the indices of the items after it
            return loc
        return _set_aside(data, loc[:-1], "list")
    return None


def _finding(error: ErrorDetails) -> Finding:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    code = {"extra_forbidden": "unknown-field", "control-character": "control-character"}.get(
        kind, "invalid-value"
    )
    return Finding("error", code, loc, _message(error, loc))


def _message(error: ErrorDetails, loc: Loc) -> str:
    if error["type"] == "extra_forbidden":
        from firmbrief.briefs.keys import fields_at, likely_field

        meant = likely_field(loc)
        known = fields_at(loc[:-1])
        listed = f"; known fields here: {', '.join(known)}" if known else ""
        hint = f"; {meant}" if meant else listed
        return f'unknown field "{loc[-1]}"{hint}'
    return explain(error)
