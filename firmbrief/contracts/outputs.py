"""The JSON Schemas (draft 2020-12) of what ``--format json`` prints, built from the value lists
the code uses (iteration states, next actions, event kinds, warning codes), so that a list and
its schema cannot drift apart. The package ships them as files
(``firmbrief/templates/schemas/NAME.json``, see :mod:`firmbrief.interface`);
``python -m firmbrief.contracts.outputs`` writes them again after a change, and a test fails
while a shipped file differs from what this module builds.

Every object is closed (``additionalProperties: false``): a field a script does not know of is
a change of the interface, not a surprise.
"""

from __future__ import annotations

import json
from typing import Any, Final

from firmbrief.briefs.money import InstalmentKind
from firmbrief.contracts.record.kinds import FLAG_CODES, ActionKind, EventKind, Stage
from firmbrief.interface import JSON_VERSION, OUTPUTS, schema_path

__all__ = [
    "CALENDAR_KINDS",
    "INSTALMENT_STATES",
    "PROJECT_STATES",
    "SETTLEMENT_STANDINGS",
    "build_schema",
    "value_lists",
    "write_schemas",
]

INSTALMENT_STATES: Final = ("paid", "cancelled", "overdue", "part paid", "due", "expected")
"""``status``'s ``instalments[].state``."""

SETTLEMENT_STANDINGS: Final = (
    "accepted", "in_progress", "not_started", "done", "agreed", "credit",
)  # fmt: skip
"""``status``'s ``cancellation.owed[].standing``."""

CALENDAR_KINDS: Final = (
    "test-task", "portfolio", "materials", "start", "delivery", "review", "payment", "reminder",
)  # fmt: skip
"""``schedule``'s ``items[].kind``."""

PROJECT_STATES: Final = ("signed", "under-way", "cancelled", "finished", "changed")
"""``check``'s ``project.state`` for a signed brief."""

_DATE: Final = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_MONEY: Final = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}
_FINGERPRINT: Final = {"type": "string", "pattern": "^[0-9a-f]{16}$"}
_COUNT: Final = {"type": "integer", "minimum": 0}
_NUMBER: Final = {"type": "integer", "minimum": 1}
_TEXT: Final = {"type": "string"}
_FLAG: Final = {"type": "boolean"}


def _null(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


def _enum(values: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _object(**fields: dict[str, Any]) -> dict[str, Any]:
    """A closed object: every field required, no other."""
    return {
        "type": "object",
        "properties": fields,
        "required": list(fields),
        "additionalProperties": False,
    }


def _document(name: str, heading: str, **fields: dict[str, Any]) -> dict[str, Any]:
    schema = _object(version={"const": JSON_VERSION}, **fields)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": heading,
        **schema,
    }


_AMOUNTS: Final = _object(net=_MONEY, tax=_MONEY, gross=_MONEY)
_RECEIPTS: Final = _list(_object(line=_NUMBER, date=_DATE, amount=_MONEY, from_credit=_FLAG))
_FLAGS: Final = _list(_object(code=_enum(FLAG_CODES), message=_TEXT))


def _check() -> dict[str, Any]:
    finding = _object(
        severity=_enum(("error", "warning")),
        code={"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        loc=_list({"type": ["string", "integer"]}),
        field=_TEXT,
        message=_TEXT,
    )
    schema = _document(
        "check",
        "firmbrief check --format json",
        file=_TEXT,
        ready=_FLAG,
        findings=_list(finding),
        project=_object(signed=_DATE, state=_enum(PROJECT_STATES), summary=_TEXT),
    )
    schema["required"].remove("project")  # only once the brief is signed
    return schema


def _iteration() -> dict[str, Any]:
    return _object(
        number=_NUMBER,
        name=_TEXT,
        state=_enum([s.value for s in Stage]),
        summary=_TEXT,
        start=_null(_DATE),
        delivery=_null(_DATE),
        planned_start=_null(_DATE),
        planned_delivery=_null(_DATE),
        review_ends=_null(_DATE),
        drafts=_object(included=_COUNT, delivered=_COUNT),
        revision_rounds=_object(
            included=_COUNT, used=_COUNT, left=_COUNT, billable=_list(_NUMBER)
        ),
        fixes_used=_COUNT,
        accepted=_null(_DATE),
        reminded=_null(_DATE),
        counts_as_accepted_unless_answered_by=_null(_DATE),
        deemed_accepted=_null(_DATE),
    )


def _instalment() -> dict[str, Any]:
    return _object(
        key=_TEXT,
        label=_TEXT,
        kind=_enum([k.value for k in InstalmentKind]),
        iteration=_null(_NUMBER),
        due=_null(_DATE),
        due_firm=_FLAG,
        state=_enum(INSTALMENT_STATES),
        amounts=_AMOUNTS,
        received=_AMOUNTS,
        outstanding=_AMOUNTS,
        paid_on=_null(_DATE),
        payments=_RECEIPTS,
        invoice=_null(_object(number=_TEXT, date=_DATE, due=_DATE)),
    )


def _cancellation() -> dict[str, Any]:
    side = _enum(("client", "freelancer"))
    owed = _object(
        label=_TEXT,
        standing=_enum(SETTLEMENT_STANDINGS),
        owed=_AMOUNTS,
        fee=_null(_AMOUNTS),
        received=_MONEY,
    )
    return _object(
        date=_DATE,
        by=side,
        for_cause=_FLAG,
        settled_as=side,
        owed=_list(owed),
        refunded=_MONEY,
        balance=_MONEY,
        paid_up=_FLAG,
        release=_list(_TEXT),
        withheld=_list(_TEXT),
    )


def _status() -> dict[str, Any]:
    share = _object(instalment=_TEXT, amount=_MONEY)
    return _document(
        "status",
        "firmbrief status --format json",
        file=_TEXT,
        record=_TEXT,
        today=_DATE,
        signed=_null(_DATE),
        fingerprint=_FINGERPRINT,
        signed_fingerprint=_null(_FINGERPRINT),
        brief_changed=_FLAG,
        head=_null(_object(line=_NUMBER, check=_TEXT)),
        finished=_null(_DATE),
        currency=_TEXT,
        iterations=_list(_iteration()),
        instalments=_list(_instalment()),
        invoices=_list(
            _object(
                number=_TEXT,
                instalment=_TEXT,
                date=_DATE,
                due=_DATE,
                amounts=_AMOUNTS,
                line=_NUMBER,
                cancelled_by=_null(_TEXT),
                cancelled_on=_null(_DATE),
            )
        ),
        payments=_list(
            _object(
                line=_NUMBER,
                date=_DATE,
                amount=_MONEY,
                invoices=_list(_TEXT),
                shares=_list(share),
                credit_used=_list(_object(instalment=_TEXT, amount=_MONEY, date=_DATE)),
                credit=_MONEY,
                **{"for": _list(_TEXT)},
            )
        ),
        credit=_MONEY,
        voided=_list(
            _object(
                line=_NUMBER,
                event=_enum([k.value for k in EventKind]),
                date=_DATE,
                what=_TEXT,
                voided_by=_NUMBER,
                voided_on=_DATE,
                reason=_TEXT,
            )
        ),
        change_requests=_list(
            _object(
                number=_NUMBER,
                description=_null(_TEXT),
                raised=_null(_DATE),
                iteration=_null(_NUMBER),
                price=_null(_MONEY),
                agreed=_null(_DATE),
                instalment=_null(_TEXT),
            )
        ),
        materials=_list(
            _object(
                number=_NUMBER,
                name=_TEXT,
                iteration=_null(_NUMBER),
                due=_null(_DATE),
                received=_null(_DATE),
                late_working_days=_COUNT,
            )
        ),
        moved=_list(_object(what=_TEXT, planned=_null(_DATE), now=_null(_DATE), why=_TEXT)),
        overdue=_FLAGS,
        warnings=_FLAGS,
        cancellation=_null(_cancellation()),
        next_action=_TEXT,
        next=_null(
            _object(
                action=_enum([a.value for a in ActionKind]),
                text=_TEXT,
                iteration=_null(_NUMBER),
                instalment=_null(_TEXT),
                change_request=_null(_NUMBER),
                command=_null(_TEXT),
            )
        ),
    )


def _schedule() -> dict[str, Any]:
    item = _object(
        date=_DATE,
        kind=_enum(CALENDAR_KINDS),
        key=_TEXT,
        summary=_TEXT,
        detail=_TEXT,
        moves=_COUNT,
        invoice=_null(_object(number=_TEXT, date=_DATE)),
    )
    return _document(
        "schedule", "firmbrief schedule --format json", title=_TEXT, today=_DATE,
        items=_list(item),
    )  # fmt: skip


def _gate() -> dict[str, Any]:
    missing = _object(
        instalment=_TEXT,
        label=_TEXT,
        gross=_MONEY,
        received=_MONEY,
        outstanding=_MONEY,
        due=_null(_DATE),
        payments=_RECEIPTS,
    )
    return _document(
        "gate",
        "firmbrief gate start|release-source --format json",
        gate=_enum(("start", "release-source")),
        iteration=_null(_NUMBER),
        open=_FLAG,
        reasons=_list(_TEXT),
        notes=_list(_TEXT),
        missing=_list(missing),
    )


def _verify() -> dict[str, Any]:
    return _document(
        "verify",
        "firmbrief verify --format json",
        ok=_FLAG,
        file=_TEXT,
        pages=_COUNT,
        attached=_TEXT,
        printed=_list(_null(_TEXT)),
        keywords=_null(_TEXT),
        brief_file=_null(_TEXT),
        brief=_null(_TEXT),
        problems=_list(_TEXT),
        changed=_list(_TEXT),
        notes=_list(_TEXT),
    )


_BUILDERS: Final = {
    "check": _check,
    "status": _status,
    "schedule": _schedule,
    "gate": _gate,
    "verify": _verify,
}


def build_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of ``name``'s ``--format json`` (one of
    :data:`~firmbrief.interface.OUTPUTS`)."""
    return _BUILDERS[name]()


def schema_text(name: str) -> str:
    """The schema as the package ships it."""
    return json.dumps(build_schema(name), indent=2, ensure_ascii=False) + "\n"


def value_lists() -> dict[str, tuple[str, ...]]:
    """Each list of values a script may branch on, by where it appears (README lists them)."""
    return {
        "status: iterations[].state": tuple(s.value for s in Stage),
        "status: instalments[].state": INSTALMENT_STATES,
        "status: next.action": tuple(a.value for a in ActionKind),
        "status: overdue[].code, warnings[].code": FLAG_CODES,
        "status: cancellation.owed[].standing": SETTLEMENT_STANDINGS,
        "schedule: items[].kind": CALENDAR_KINDS,
        "check: project.state": PROJECT_STATES,
    }


def write_schemas() -> list[str]:
    """Write every shipped schema again; the names of those that changed."""
    changed = []
    for name in OUTPUTS:
        path = schema_path(name)
        text = schema_text(name)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


if __name__ == "__main__":  # python -m firmbrief.contracts.outputs
    print("\n".join(f"wrote {schema_path(n)}" for n in write_schemas()) or "all current")
