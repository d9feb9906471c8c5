"""The questions come from the brief's schema: every field with a question, and nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from firmbrief.briefs.schema import Brief, json_schema
from firmbrief.intake.questions import (
    Block,
    Group,
    Question,
    catalog,
    field_name,
    parse_name,
    question_at,
    questions,
    sections,
)


def _schema_questions() -> dict[str, str]:
    """Every ``x-question`` in the JSON Schema, by template path (``deliverables.-1.volume``)."""
    schema = json_schema()
    defs = schema["$defs"]
    found: dict[str, str] = {}

    def resolve(prop: dict[str, Any]) -> dict[str, Any]:
        for branch in prop.get("anyOf", [prop]):
            if "$ref" in branch:
                return dict(defs[branch["$ref"].rsplit("/", 1)[-1]])
            if branch.get("type") == "array" and "$ref" in branch.get("items", {}):
                return {"array": resolve(branch["items"])}
        return {}

    def walk(node: dict[str, Any], prefix: str) -> None:
        for key, prop in node.get("properties", {}).items():
            here = f"{prefix}{key}"
            if "x-question" in prop and not resolve(prop):
                found[here] = prop["x-asked-of"]
            inner = resolve(prop)
            if "array" in inner:
                walk(inner["array"], here + ".-1.")
            elif inner:
                walk(inner, here + ".")

    walk(schema, "")
    return found


def test_every_question_in_the_schema_is_asked_once_with_who_answers_it() -> None:
    asked = {field_name(template): q.asked_of for template, q in questions()}
    assert asked == _schema_questions()
    assert len(asked) == len(list(questions()))


def test_client_and_freelancer_questions_are_apart() -> None:
    client = {field_name(t) for t, _ in questions("client")}
    freelancer = {field_name(t) for t, _ in questions("freelancer")}
    assert not client & freelancer
    assert {"goals", "audience", "client.approver.name", "deliverables.-1.volume"} <= client
    assert {"iterations.-1.start", "materials.-1.due"} <= client
    assert {"iterations.-1.price", "payment.prepayment_percent", "total", "currency"} <= freelancer
    assert not any(name.startswith(("tax.", "payment.", "freelancer.")) for name in client)


def test_questions_follow_the_schema_order() -> None:
    order = [field_name(t) for t, _ in questions()]
    assert order.index("title") < order.index("client.name") < order.index("goals")
    assert order.index("deliverables.-1.volume") < order.index("materials.-1.due")
    assert order.index("iterations.-1.start") < order.index("iterations.-1.delivery")


@pytest.mark.parametrize(
    ("name", "kind", "extra"),
    [
        ("summary", "multiline", {}),
        ("goals", "list", {"optional": False}),
        ("client.also_agree", "list", {"none_allowed": True}),
        ("materials.-1.due", "date", {"example": "2027-01-08"}),
        ("iterations.-1.review_days", "number", {"integer": True, "minimum": "0"}),
        ("iterations.-1.price", "money", {"integer": False}),
        ("tax.prices", "choice", {"choices": ("net", "gross"), "default": "net"}),
        ("tax.exemption", "choice", {"default": "none"}),
        ("payment.prepayment_percent", "number", {"default": "50", "maximum": "100"}),
        ("iterations.-1.deliverables", "list", {"refers_to": "deliverables"}),
        (
            "client.email",
            "text",
            {"pattern": "^[^@\\s<>\"',;]+@[^@\\s<>\"',;]+\\.[^@\\s<>\"',;.]+$"},
        ),
    ],
)
def test_each_question_knows_its_kind_from_the_type(
    name: str, kind: str, extra: dict[str, Any]
) -> None:
    template = tuple(-1 if part == "-1" else part for part in name.split("."))
    question = dict(questions())[template]
    assert question.kind == kind
    for attribute, value in extra.items():
        assert getattr(question, attribute) == value, attribute


def test_every_question_has_text_and_help_and_dates_have_a_firm_example() -> None:
    from firmbrief.briefs.dates import parse_firm_date

    for template, question in questions():
        assert question.text and question.help, template
        if question.kind == "date":
            parse_firm_date(question.example)
        if question.kind in ("text", "multiline", "number", "money", "date"):
            assert question.example or question.default, template


def test_repeatable_blocks_and_groups() -> None:
    by_key = {s.key: s for s in sections()}
    block = by_key["deliverables"].items[0]
    assert isinstance(block, Block)
    assert block.item_title == "Deliverable" and block.rows == 5 and block.max_items == 50
    assert [q.loc for q in block.items if isinstance(q, Question)][0] == ("id",)
    assert isinstance(by_key["iterations"].items[0], Block)
    approver = next(i for i in by_key["client"].items if isinstance(i, Group))
    assert approver.title == "Who approves the work?"
    assert [q.loc for q in approver.items] == [
        ("client", "approver", "name"),
        ("client", "approver", "email"),
        ("client", "approver", "role"),
    ]


def test_the_clients_sections_speak_to_the_client() -> None:
    titles = [s.title for s in sections("client")]
    assert titles == [
        "The project",
        "About you",
        "Goals and audience",
        "What will be delivered",
        "What you will supply",
        "Stages and dates",
    ]
    assert all(s.intro for s in sections("client"))


def test_a_new_field_with_a_question_is_asked_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding a field to the schema adds its question: nothing lists the questions by hand."""
    from pydantic import create_model

    from firmbrief.briefs import fields
    from firmbrief.intake import questions as module

    extended = create_model(
        "Brief",
        __base__=Brief,
        deadline_reason=(
            fields.Line | None,
            fields.ask(
                "Why this deadline?",
                of="client",
                help="An event, a launch...",
                example="Trade fair",
            ),
        ),
    )
    monkeypatch.setattr(module, "Brief", extended)
    module.catalog.cache_clear()
    module._by_template.cache_clear()
    try:
        names = [field_name(t) for t, _ in questions("client")]
        assert "deadline_reason" in names
        assert question_at(("deadline_reason",)) is not None
    finally:
        monkeypatch.undo()
        module.catalog.cache_clear()
        module._by_template.cache_clear()
    assert "deadline_reason" not in [field_name(t) for t, _ in questions("client")]


@pytest.mark.parametrize(
    ("name", "loc"),
    [
        ("title", ("title",)),
        ("deliverables.0.volume", ("deliverables", 0, "volume")),
        ("client.approver.name", ("client", "approver", "name")),
        ("deliverables.01.volume", None),
        ("deliverables.99999.volume", None),
        ("a..b", None),
        ("__proto__.x", ("__proto__", "x")),
        ("title\n", None),
        ("", None),
    ],
)
def test_field_names_map_to_paths(name: str, loc: tuple[str | int, ...] | None) -> None:
    assert parse_name(name) == loc
    if loc is not None:
        assert field_name(loc) == name


def test_question_at_a_concrete_path() -> None:
    question = question_at(("deliverables", 3, "volume"))
    assert question is not None and question.field == "volume"
    assert question_at(("deliverables", 3)) is None
    assert question_at(("terms", "rights")) is None  # no question: edited in the file
    assert question_at(("nothing",)) is None


def test_catalog_models_are_the_schemas() -> None:
    for _, question in questions():
        assert issubclass(question.model, BaseModel)
        assert question.field in question.model.model_fields
    assert catalog() is catalog()
