"""Which field an unknown key most likely meant: by spelling, by meaning, or by place.

A key the brief does not have is a newcomer's mistake more often than an attack: ``vat:`` where
the brief says ``tax:``, ``deadline:`` for a stage's ``delivery``, ``region:`` written at the top
instead of under ``freelancer``. :func:`likely_field` says which field it was meant for: a close
spelling at the same place, a word of the same meaning (:data:`SYNONYMS`), or the same field in
another place of the brief; ``None`` when nothing is likely (the caller lists the fields there).
"""

from __future__ import annotations

import difflib
from functools import cache
from typing import Final

from pydantic import BaseModel

from firmbrief.briefs.fields import Loc, model_in

__all__ = ["SYNONYMS", "fields_at", "likely_field"]

SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    # words people write -> the fields they mean (first the likeliest)
    "vat": ("tax",),
    "tax_rate": ("rate", "tax"),
    "vat_rate": ("rate", "tax"),
    "taxes": ("tax",),
    "vat_id": ("tax_id",),
    "vat_number": ("tax_id",),
    "vat_no": ("tax_id",),
    "tax_number": ("tax_id",),
    "ust_id": ("tax_id",),
    "budget": ("total",),
    "fee": ("total", "price"),
    "fees": ("total", "price"),
    "cost": ("price", "total"),
    "amount": ("price", "total"),
    "sum": ("total",),
    "deadline": ("delivery",),
    "due_date": ("delivery", "due"),
    "end": ("delivery",),
    "end_date": ("delivery",),
    "finish": ("delivery",),
    "start_date": ("start",),
    "begin": ("start",),
    "customer": ("client",),
    "contact": ("client",),
    "contractor": ("freelancer",),
    "designer": ("freelancer",),
    "me": ("freelancer",),
    "supplier": ("freelancer",),
    "deliverable": ("deliverables",),
    "outputs": ("deliverables",),
    "milestones": ("iterations",),
    "milestone": ("iterations",),
    "stages": ("iterations",),
    "phases": ("iterations",),
    "sprints": ("iterations",),
    "rounds": ("revision_rounds",),
    "revisions": ("revision_rounds",),
    "corrections": ("revision_rounds",),
    "deposit": ("prepayment_percent",),
    "advance": ("prepayment_percent",),
    "upfront": ("prepayment_percent",),
    "prepayment": ("prepayment_percent",),
    "objectives": ("goals",),
    "aims": ("goals",),
    "target_audience": ("audience",),
    "target_group": ("audience",),
    "company_name": ("company",),
    "business": ("company",),
    "mail": ("email",),
    "e_mail": ("email",),
    "telephone": ("phone",),
    "tel": ("phone",),
    "mobile": ("phone",),
    "state": ("region",),
    "province": ("region",),
    "county": ("region",),
    "canton": ("region",),
    "land": ("region",),
    "nation": ("country",),
    "bank_account": ("bank",),
    "account": ("bank",),
    "description": ("summary", "description"),
    "name": ("title", "name"),
    "project": ("title",),
    "project_name": ("title",),
    "hours_per_week": ("capacity_hours_per_week",),
    "capacity": ("capacity_hours_per_week",),
    "approved_by": ("approver",),
    "decision_maker": ("approver",),
    "money": ("currency",),
}
"""Words people write for a field, by meaning: what spelling cannot find."""


def _model_at(loc: Loc) -> type[BaseModel] | None:
    from firmbrief.briefs.schema import Brief

    model: type[BaseModel] | None = Brief
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        info = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None
        )
        model = model_in(info.annotation) if info else None
    return model


def fields_at(loc: Loc) -> list[str]:
    """The keys the brief has at ``loc`` (the mapping the key is in)."""
    model = _model_at(loc)
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


@cache
def _everywhere() -> dict[str, tuple[str, ...]]:
    """Every key of the brief, and where it is: ``region`` -> ``("freelancer.region",)``."""
    from firmbrief.briefs.schema import Brief

    found: dict[str, list[str]] = {}

    def walk(model: type[BaseModel], prefix: str, depth: int) -> None:
        for name, info in model.model_fields.items():
            key = info.alias or name
            if key.endswith("_") or key == "$schema":
                continue
            path = f"{prefix}.{key}" if prefix else key
            found.setdefault(key, []).append(path)
            sub = model_in(info.annotation)
            if sub is not None and depth < 4:
                listed = "list" in str(info.annotation)
                walk(sub, f"{path}[N]" if listed else path, depth + 1)

    walk(Brief, "", 0)
    return {key: tuple(paths) for key, paths in found.items()}


def _template(loc: Loc) -> str:
    """``("iterations", 0)`` as the paths of :func:`_everywhere` write it: ``iterations[N]``."""
    out = ""
    for part in loc:
        out += "[N]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _normal(key: str) -> str:
    return key.strip().lower().replace("-", "_").replace(" ", "_")


def likely_field(loc: Loc) -> str | None:
    """What the unknown key at ``loc`` most likely meant, as the end of a message:
    ``did you mean "tax"?`` or ``it belongs under freelancer (freelancer.region)``."""
    key, parent = str(loc[-1]), loc[:-1]
    here = fields_at(parent)
    inside = _template(parent)
    below = [p for p in _everywhere().get(_normal(key), ()) if p.startswith(f"{inside}.")]
    if inside and below:  # a field of a part of this one: the bank's iban in freelancer
        return f"it goes in {below[0]}"
    close = difflib.get_close_matches(key, here, n=1, cutoff=0.6)
    if close:
        return f'did you mean "{close[0]}"?'
    normal = _normal(key)
    meant = SYNONYMS.get(normal, ())
    for word in meant:
        if word in here and word != key:
            return f'did you mean "{word}"?'
    everywhere = _everywhere()
    for word in (normal, *meant):
        paths = everywhere.get(word, ())
        if paths and word not in here:
            where = " or ".join(paths[:3])
            if word == normal:
                return f"it goes in {where}"
            return f'did you mean "{word}"? It goes in {where}'
    spelled = difflib.get_close_matches(normal, list(everywhere), n=1, cutoff=0.8)
    if spelled and spelled[0] not in here:
        return f'did you mean "{spelled[0]}"? It goes in {" or ".join(everywhere[spelled[0]][:3])}'
    return None
