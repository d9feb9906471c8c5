"""Answers merged into a brief's data: what is taken, what of the freelancer's is kept, what is
left out and why (see :mod:`firmbrief.intake.importer` for the rule), and the helpers that read
and place a value at a path in a brief's data."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Final

from firmbrief.briefs.dates import DATE_ORDERS, parse_firm_date
from firmbrief.briefs.fields import Loc
from firmbrief.briefs.files import dotted
from firmbrief.briefs.loading import parse_brief
from firmbrief.briefs.money import AmountUnclear, read_amount
from firmbrief.briefs.report import Finding
from firmbrief.errors import VagueDate
from firmbrief.intake.answers import Answers
from firmbrief.intake.questions import question_at

__all__ = ["MISSING", "Merged", "Missing", "merge", "place", "value_at"]


@dataclass
class Merged:
    """The brief's data with the answers merged in, and what happened to each answer."""

    data: dict[str, Any]
    taken: list[Loc] = field(default_factory=list)
    kept: list[Loc] = field(default_factory=list)
    left_out: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Missing:
    """Nothing at a path (``None`` is a value: written, and empty)."""


MISSING: Final = Missing()


def merge(base: dict[str, Any], answers: Answers, *, locale: str = "en") -> Merged:
    """``base`` with ``answers`` merged in by the rule in this module's docstring; amounts
    typed as text are read by ``locale``'s rule (the client's: ``1.200,00`` in ``de``)."""
    merged = Merged(data=copy.deepcopy(base))
    previous: dict[Loc, Any] = {}
    values = _compacted(answers.values, base) if answers.from_form else answers.values
    values = _in_the_briefs_date_order(values, base, merged)
    values = _amounts_in_the_clients_locale(values, locale, merged)
    for loc, value in values.items():
        if _blank(value):
            continue
        question = question_at(loc)
        is_client = question is not None and question.asked_of == "client"
        if answers.from_client and not is_client:
            continue
        current = value_at(merged.data, loc)
        if not is_client and not _blank(current):
            merged.kept.append(loc)
            continue
        try:
            place(merged.data, loc, value)
        except _NoRoom as no_room:
            merged.left_out.append(
                Finding("error", "no-room", loc, f"cannot be placed: {no_room} in the brief")
            )
            continue
        previous[loc] = current
        merged.taken.append(loc)
    _refuse_invalid(merged, previous, base)
    return merged


def _in_the_briefs_date_order(
    values: dict[Loc, Any], base: dict[str, Any], merged: Merged
) -> dict[Loc, Any]:
    """The answers' all-numeric dates rewritten year-month-day when the answers read them in
    another order than the brief's (whose own numeric dates must keep their meaning)."""
    theirs, ours = values.get(("date_order",)), base.get("date_order")
    if theirs == ours or theirs not in DATE_ORDERS or ours not in DATE_ORDERS:
        return values
    result = {loc: value for loc, value in values.items() if loc != ("date_order",)}
    for loc, value in values.items():
        question = question_at(loc)
        if question is None or question.kind != "date" or not isinstance(value, str):
            continue
        try:
            day = parse_firm_date(value, order=theirs)
        except VagueDate:
            continue
        if value.strip() != day.isoformat():
            result[loc] = day.isoformat()
    merged.kept.append(("date_order",))
    merged.notes.append(
        f"the answers write dates {_order_name(theirs)}, the brief reads them "
        f"{_order_name(ours)}: their all-numeric dates are written year-month-day"
    )
    return result


def _amounts_in_the_clients_locale(
    values: dict[Loc, Any], locale: str, merged: Merged
) -> dict[Loc, Any]:
    """The answers' amounts, typed as the client's locale writes them (``1 200,00`` in
    ``fr``), as plain decimals; one that could be read two ways (``1.200`` in ``en``) is left
    out with the reason."""
    result: dict[Loc, Any] = {}
    for loc, value in values.items():
        question = question_at(loc)
        if question is None or question.kind != "money" or not isinstance(value, str):
            result[loc] = value
        elif value.strip():
            try:
                result[loc] = format(read_amount(value, locale), "f")
            except AmountUnclear as unclear:
                merged.left_out.append(Finding("error", "amount-unclear", loc, str(unclear)))
    return result


def _order_name(order: str) -> str:
    return {"DMY": "day first", "MDY": "month first"}.get(order, order)


def _refuse_invalid(merged: Merged, previous: dict[Loc, Any], base: dict[str, Any]) -> None:
    """Take back every answer the schema refuses, and say why."""
    for _ in range(len(merged.taken) + 1):
        parsed = parse_brief(merged.data)
        refused: dict[Loc, Finding] = {}
        for finding in parsed.findings:
            for loc in merged.taken:
                if finding.loc[: len(loc)] == loc and loc not in refused:
                    refused[loc] = Finding("error", finding.code, loc, finding.message)
        if not refused:
            return
        for loc in sorted(refused, key=lambda loc: -len(loc)):
            merged.taken.remove(loc)
            merged.left_out.append(refused[loc])
            old = previous[loc]
            if isinstance(old, Missing):
                _delete(merged.data, loc, base)
            else:
                place(merged.data, loc, old)


def _compacted(values: dict[Loc, Any], base: dict[str, Any]) -> dict[Loc, Any]:
    """Rows past the brief's own items renumbered after them, in order, blank rows dropped."""
    new_rows: dict[Loc, set[int]] = {}
    for loc, value in values.items():
        if _blank(value):
            continue
        for index, part in enumerate(loc):
            if isinstance(part, int):
                block = loc[:index]
                existing = value_at(base, block)
                have = len(existing) if isinstance(existing, list) else 0
                if part >= have:
                    new_rows.setdefault(block, set()).add(part)
                break
    renumber: dict[Loc, dict[int, int]] = {}
    for block, rows in new_rows.items():
        existing = value_at(base, block)
        have = len(existing) if isinstance(existing, list) else 0
        renumber[block] = {row: have + rank for rank, row in enumerate(sorted(rows))}
    result: dict[Loc, Any] = {}
    for loc, value in values.items():
        if _blank(value):
            continue
        for index, part in enumerate(loc):
            if isinstance(part, int):
                mapping = renumber.get(loc[:index], {})
                if part in mapping:
                    loc = (*loc[:index], mapping[part], *loc[index + 1 :])
                break
        result[loc] = value
    return result


def _blank(value: Any) -> bool:
    if isinstance(value, Missing) or value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict):
        return not value
    return False


class _NoRoom(Exception):
    pass


def value_at(data: Any, loc: Loc) -> Any:
    """The value at ``loc`` in brief data, or :data:`MISSING`."""
    here = data
    for part in loc:
        if isinstance(part, int):
            if not isinstance(here, list) or part >= len(here):
                return MISSING
            here = here[part]
        else:
            if not isinstance(here, dict) or part not in here:
                return MISSING
            here = here[part]
    return here


def place(data: dict[str, Any], loc: Loc, value: Any) -> None:
    """Put ``value`` at ``loc``, making the mappings and list items on the way."""
    here: Any = data
    for index, part in enumerate(loc[:-1]):
        following = loc[index + 1]
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(part, int):
            if not isinstance(here, list):
                raise _NoRoom(f"{dotted(loc[:index]) or 'the brief'} is not a list")
            while len(here) <= part:
                here.append({} if not isinstance(following, int) else [])
            if here[part] is None:
                here[part] = empty
            here = here[part]
        else:
            if not isinstance(here, dict):
                raise _NoRoom(f"{dotted(loc[:index]) or 'the brief'} is not a mapping")
            if here.get(part) is None:
                here[part] = empty
            here = here[part]
    last = loc[-1]
    if isinstance(last, int):
        if not isinstance(here, list):
            raise _NoRoom(f"{dotted(loc[:-1])} is not a list")
        while len(here) <= last:
            here.append(None)
        here[last] = value
    else:
        if not isinstance(here, dict):
            raise _NoRoom(f"{dotted(loc[:-1]) or 'the brief'} is not a mapping")
        here[last] = value


def _delete(data: dict[str, Any], loc: Loc, base: dict[str, Any]) -> None:
    """Remove the value at ``loc``, and the containers the merge made for it alone."""
    parent = value_at(data, loc[:-1])
    last = loc[-1]
    if isinstance(parent, dict):
        parent.pop(last, None)
    elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        parent[last] = None
    _prune(data, base)


def _prune(data: Any, base: Any) -> None:
    """Drop empty mappings and trailing empty items that ``base`` did not have."""
    if isinstance(data, dict):
        for key in list(data):
            before = base.get(key, MISSING) if isinstance(base, dict) else MISSING
            _prune(data[key], before)
            if _empty(data[key]) and isinstance(before, Missing):
                del data[key]
    elif isinstance(data, list):
        have = len(base) if isinstance(base, list) else 0
        for index, item in enumerate(data):
            _prune(item, base[index] if index < have else MISSING)
        while len(data) > have and (data[-1] is None or _empty(data[-1])):
            data.pop()


def _empty(value: Any) -> bool:
    return isinstance(value, dict | list) and not value
