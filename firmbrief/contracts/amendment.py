"""Once signed, a brief changes only by amendment: what changed, in words, and what it costs.

The record pins the fingerprint of the brief as signed, and keeps the brief as signed beside it
(:mod:`firmbrief.contracts.record.signed_copy`). :func:`signed_change` tells whether a brief file
still is what was signed; ``render`` refuses a changed one (:class:`SignedBriefChanged`) and
says how to amend. :func:`amendment_of` compares the signed brief with the file field by field,
in words ("Iteration 2 (Brand kit): price: 2400.00 → 2600.00"), with the totals before and after
and the dates that move; ``render --amendment`` prints it
(:mod:`firmbrief.contracts.amendment_render`), and recording the amendment as signed pins the
new fingerprint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel

from firmbrief.briefs.canonical import canonical_data, fingerprint
from firmbrief.briefs.fields import Loc, Money
from firmbrief.briefs.money import Amounts
from firmbrief.briefs.plan import firm_dates, plan_of
from firmbrief.briefs.schema import Brief
from firmbrief.contracts.amendment_words import FIELD_LABELS, SECTIONS, WORDS
from firmbrief.errors import BriefChanged, BriefUnreadable

__all__ = [
    "Amendment",
    "DateMove",
    "FieldChange",
    "SignedBriefChanged",
    "SignedState",
    "amendment_of",
    "field_changes",
    "signed_change",
]

Say = Callable[[str], str]
"""A translation of firmbrief's English words (``gettext``) into the amendment's language."""


def _quoted(name: str, say: Say) -> str:
    """``name`` between the language's quotation marks (“…”, „…“, « … »)."""
    return say(WORDS["quoted"]) % {"name": " ".join(name.split())}


def _joined(parts: tuple[str, ...] | list[str], say: Say) -> str:
    """``Iteration 2 (“Brand kit”): price``: a field's place, in the language's punctuation."""
    said = parts[0] if parts else ""
    for part in parts[1:]:
        said = say(WORDS["within"]) % {"place": said, "field": part}
    return said


@dataclass(frozen=True, slots=True)
class SignedState:
    """What the record says of a brief file: signed when, with which fingerprint, how often."""

    signed: date
    pinned: str  # the fingerprint of the last signing
    current: str  # the fingerprint of the brief file now
    signings: int  # the first signing and each amendment's
    fields: tuple[str, ...] = ()  # "iterations.2.price (in the brief)": what differs

    @property
    def changed(self) -> bool:
        return self.pinned != self.current

    @property
    def next_amendment(self) -> int:
        return self.signings


class SignedBriefChanged(BriefChanged):
    """The brief file differs from the brief as signed: its documents would not be the ones
    signed. The one way on is an amendment."""

    def __init__(self, brief: str, state: SignedState) -> None:
        super().__init__(
            f"changed after it was signed on {state.signed.isoformat()} (signed fingerprint "
            f"{state.pinned}, now {state.current}{_said(state.fields)}): nothing written; a "
            "signed brief changes only "
            f"by amendment: `firmbrief render {brief} --amendment`, have it signed, then "
            f"`firmbrief record {brief} signed`",
            file=brief,
        )


def _said(fields: tuple[str, ...]) -> str:
    return f"; changed: {', '.join(fields)}" if fields else ""


def signed_change(brief_path: Path) -> SignedState | None:
    """What the record of ``brief_path`` says about it; ``None`` while it is not signed (or has
    no record). The fingerprint is the record's: of the brief with its business profile."""
    from firmbrief.contracts.record.log import log_path, read_record
    from firmbrief.contracts.record.state import load_brief

    if not brief_path.is_file() or not log_path(brief_path).exists():
        return None
    from firmbrief.contracts.record.signed_copy import refuse_foreign

    record = read_record(brief_path)
    signings = record.signings
    if not signings:
        return None
    from firmbrief.contracts.record.signed_copy import judged

    fields: tuple[str, ...] = ()
    try:
        brief = load_brief(brief_path)
    except BriefUnreadable:  # not a valid brief now: certainly not the one signed
        current = "(not valid)"
    else:
        refuse_foreign(record, brief)  # another agreement's record: never this brief's
        # a later change of the profile's contact or bank details keeps the signed values
        kept = judged(log_path(brief_path), brief, signings[-1].fingerprint)
        current, fields = kept.fingerprint, kept.changed
    return SignedState(
        signed=min(s.date for s in signings),
        pinned=signings[-1].fingerprint,
        current=current,
        signings=len(signings),
        fields=fields,
    )


# --- what changed, in words ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of the brief as signed and as amended, in words."""

    field: str  # "Iteration 2 (Refinement and brand kit): price"
    path: str  # "iterations.2.price", for the record (1-based like the words)
    old: str
    new: str
    kind: str = "text"  # "money" (a decimal string), "date" (ISO), or "text"


@dataclass(frozen=True, slots=True)
class DateMove:
    """A date of the plan that the amendment moves (or sets, or drops)."""

    what: str  # "Iteration 2: delivery"
    old: date | None
    new: date | None


@dataclass(frozen=True, slots=True)
class Amendment:
    """What amendment ``number`` changes: the briefs before and after, field by field."""

    number: int
    signed: date
    old: Brief
    new: Brief
    changes: tuple[FieldChange, ...]
    old_totals: Amounts
    new_totals: Amounts
    moves: tuple[DateMove, ...]

    @property
    def old_fingerprint(self) -> str:
        return fingerprint(self.old)

    @property
    def new_fingerprint(self) -> str:
        return fingerprint(self.new)

    @property
    def difference(self) -> Amounts:
        """What the amendment adds to the price (negative: takes off)."""
        return self.new_totals - self.old_totals


def _words(value: Any, say: Say) -> str:
    if value is None or value == [] or value == "":
        return say(WORDS["none"])
    if isinstance(value, bool):
        return say(WORDS["yes"] if value else WORDS["no"])
    if isinstance(value, list):
        return "; ".join(_words(item, say) for item in value)
    if isinstance(value, dict):
        name = value.get("name") or value.get("id") or value.get("description")
        return _quoted(name, say) if isinstance(name, str) and name else say(WORDS["an entry"])
    return " ".join(str(value).split())


def _named(section: str, index: int, old: Any, new: Any, say: Say) -> str:
    noun = say(SECTIONS[section]) if section in SECTIONS else _label(section, say)
    for side in (new, old):
        item = side[index] if isinstance(side, list) and index < len(side) else None
        name = item.get("name") if isinstance(item, dict) else None
        if isinstance(name, str) and name:
            return f"{noun} {index + 1} ({_quoted(name, say)})"
    return f"{noun} {index + 1}"


def _label(key: str, say: Say) -> str:
    return say(FIELD_LABELS[key]) if key in FIELD_LABELS else key.replace("_", " ")


def _money_locs(model: BaseModel, loc: Loc = ()) -> Iterator[Loc]:
    """Where ``model`` holds money (as the canonical form writes it: a decimal string)."""
    for name, info in type(model).model_fields.items():
        key, value = info.alias or name, getattr(model, name)
        here = (*loc, key)
        if _is_money(info.annotation):
            yield here
        elif isinstance(value, BaseModel):
            yield from _money_locs(value, here)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _money_locs(item, (*here, index))


def _is_money(annotation: Any) -> bool:
    return annotation == Money or any(_is_money(arg) for arg in get_args(annotation))


def _kinds(*briefs: Brief) -> dict[Loc, str]:
    kinds: dict[Loc, str] = {}
    for brief in briefs:
        kinds.update(dict.fromkeys(firm_dates(brief), "date"))
        kinds.update(dict.fromkeys(_money_locs(brief), "money"))
    return kinds


def _walk(
    old: Any, new: Any, words: tuple[str, ...], loc: Loc, kinds: dict[Loc, str], say: Say
) -> Iterator[FieldChange]:
    if old == new:
        return
    path = ".".join(str(p + 1) if isinstance(p, int) else p for p in loc)
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys()):
            label = _label(key, say)
            yield from _walk(old.get(key), new.get(key), (*words, label), (*loc, key), kinds, say)
        return
    lists = isinstance(old, list | type(None)) and isinstance(new, list | type(None))
    items = [*(old or []), *(new or [])]
    if lists and any(isinstance(item, dict | list) for item in items):
        section = str(loc[-1]) if loc else ""
        for index in range(max(len(old or []), len(new or []))):
            was = old[index] if old and index < len(old) else None
            now = new[index] if new and index < len(new) else None
            label = _named(section, index, old, new, say)
            here = (*words[:-1], label) if words else (label,)
            if was is None or now is None:  # an entry added or removed as a whole
                changed = _words(was, say), _words(now, say)
                yield FieldChange(_joined(here, say), f"{path}.{index + 1}", *changed)
            else:
                yield from _walk(was, now, here, (*loc, index), kinds, say)
        return
    said = _joined(words, say)
    kind = kinds.get(loc, "text")
    yield FieldChange(said[:1].upper() + said[1:], path, _words(old, say), _words(new, say), kind)


def field_changes(old: Brief, new: Brief, say: Say = str) -> tuple[FieldChange, ...]:
    """Every field that differs between the two briefs, in the order of the brief's keys, in
    the words of ``say`` (English unless given)."""
    kinds = _kinds(old, new)
    return tuple(_walk(canonical_data(old), canonical_data(new), (), (), kinds, say))


def _moves(old: Brief, new: Brief, say: Say) -> Iterator[DateMove]:
    before, after = plan_of(old), plan_of(new)
    for index in range(max(len(before.iterations), len(after.iterations))):
        was = before.iterations[index] if index < len(before.iterations) else None
        now = after.iterations[index] if index < len(after.iterations) else None
        for what in ("start", "delivery", "review_ends"):
            day_was = getattr(was, what) if was else None
            day_now = getattr(now, what) if now else None
            if day_was != day_now:
                iteration = f"{say(SECTIONS['iterations'])} {index + 1}"
                said = _joined((iteration, say(WORDS[what])), say)
                yield DateMove(said, day_was, day_now)
    for index in range(max(len(before.materials), len(after.materials))):
        m_was = before.materials[index] if index < len(before.materials) else None
        m_now = after.materials[index] if index < len(after.materials) else None
        either = m_now or m_was
        if either and (m_was.due if m_was else None) != (m_now.due if m_now else None):
            name = either.name
            material = f"{say(SECTIONS['materials'])} {index + 1} ({_quoted(name, say)})"
            yield DateMove(
                _joined((material, say(WORDS["due"])), say),
                m_was.due if m_was else None,
                m_now.due if m_now else None,
            )


def amendment_of(
    old: Brief, new: Brief, *, number: int, signed: date, say: Say = str
) -> Amendment:
    """Amendment ``number`` of the brief signed on ``signed``: ``old`` as signed, ``new`` the
    brief file now; its words in ``say``'s language."""
    return Amendment(
        number=number,
        signed=signed,
        old=old,
        new=new,
        changes=field_changes(old, new, say),
        old_totals=plan_of(old).totals,
        new_totals=plan_of(new).totals,
        moves=tuple(_moves(old, new, say)),
    )
