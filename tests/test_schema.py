"""The brief's schema: strict about shape, published as JSON Schema that real validators accept."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from firmbrief.briefs.fields import date_fields
from firmbrief.briefs.files import read_data
from firmbrief.briefs.loading import parse_brief
from firmbrief.briefs.schema import Brief, json_schema

from conftest import EXAMPLES, READY_EXAMPLES, run
from date_table import spellings


def _schema() -> dict[str, Any]:
    result = run("schema")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _date_schemas(node: Any) -> list[dict[str, Any]]:
    """Every sub-schema marked as a firm date."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("x-firm-date"):
            found.append(node)
        for value in node.values():
            found.extend(_date_schemas(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_date_schemas(value))
    return found


def test_schema_command_prints_a_valid_draft_2020_12_schema() -> None:
    schema = _schema()
    assert schema == json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_validates_against_the_schema(example: Path) -> None:
    with example.open(encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=yaml.BaseLoader)  # every scalar as text
    jsonschema.Draft202012Validator(_schema()).validate(_typed(document))


def _typed(value: Any) -> Any:
    """YAML 1.2 typing as editors and check-jsonschema apply it (numbers become numbers)."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            pass
        try:
            return float(value) if value.replace(".", "", 1).isdigit() else value
        except ValueError:
            return value
    return value


def test_date_fields_are_strings_with_examples_not_format_date() -> None:
    dates = _date_schemas(_schema())
    assert len(dates) >= 5
    for node in dates:
        assert node["type"] == "string"
        assert "format" not in node
        assert "2027-03-15" in node["examples"]


def test_the_schema_accepts_every_spelling_check_accepts() -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    for row in spellings():
        brief = {"iterations": [{"start": row.text, "delivery": row.text}]}
        assert not list(validator.iter_errors(brief)), row.text


def test_check_jsonschema_validates_the_examples(tmp_path: Path) -> None:
    schema_file = tmp_path / "brief.schema.json"
    schema_file.write_text(json.dumps(_schema()), "utf-8")
    command = [
        str(Path(sys.executable).with_name("check-jsonschema")),
        "--schemafile",
        str(schema_file),
        *map(str, sorted(EXAMPLES.glob("*.yaml"))),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_unknown_keys_are_errors_with_a_suggestion() -> None:
    parsed = parse_brief({"title": "x", "iterations": [{"deliverydate": "2027-03-15"}]})
    assert [(f.code, f.field, f.message) for f in parsed.findings] == [
        (
            "unknown-field",
            "iterations[0].deliverydate",
            'unknown field "deliverydate"; did you mean "delivery"?',
        )
    ]
    assert parsed.brief is not None


def test_money_is_decimal_never_float() -> None:
    data = read_data(EXAMPLES / "logo.yaml")
    brief = Brief.model_validate(data)
    assert brief.total == Decimal("4200.00")
    assert all(isinstance(it.price, Decimal) for it in brief.iterations)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"total": "NaN"}, "total", '"NaN" is not an amount: write a number such as 1071.00'),
        (
            {"total": "1,071"},
            "total",
            '"1,071" could be 1071 (a comma grouping thousands) or 1.071 (a decimal comma): '
            "write 1071.00 or 1.071",
        ),
        (
            {"payment": {"extra_round_price": "1.00,000"}},
            "payment.extra_round_price",
            '"1.00,000" uses separators that can be read more than one way: write the amount '
            "with a point for decimals and no thousands separator, e.g. 1071.00",
        ),
        ({"total": "-5"}, "total", '"-5" is too small: it must be at least 0'),
        (
            {"client": {"name": "Tom\x07"}},
            "client.name",
            "the control character U+0007 is not allowed in a one-line field",
        ),
        (
            {"summary": "Line one\nLine two\x1b"},
            "summary",
            "the control character U+001B is not allowed here",
        ),
        ({"title": "x" * 201}, "title", "is 201 characters long; at most 200 are allowed"),
        (
            {"currency": "Euro"},
            "currency",
            '"Euro" is not a three-letter currency code such as EUR or USD',
        ),
        (
            {"tax": {"prices": "inclusive"}},
            "tax.prices",
            "\"inclusive\" is not one of: 'net', 'gross'",
        ),
        (
            {"iterations": [{"drafts": "two"}]},
            "iterations[0].drafts",
            '"two" is not a whole number; write e.g. 3',
        ),
        (
            {"client": {"email": "tom at example"}},
            "client.email",
            '"tom at example" is not an email address',
        ),
    ],
)
def test_schema_problems_name_the_field(data: dict[str, Any], field: str, message: str) -> None:
    parsed = parse_brief(data)
    assert [(f.field, f.message) for f in parsed.findings] == [(field, message)]


def test_multiline_fields_keep_newlines_and_one_line_fields_refuse_them() -> None:
    assert Brief.model_validate({"summary": "a\r\nb"}).summary == "a\nb"
    parsed = parse_brief({"title": "a\nb"})
    assert parsed.findings[0].code == "control-character"


def test_none_means_nobody_else() -> None:
    brief = Brief.model_validate({"rules": "none", "client": {"also_agree": []}})
    assert brief.rules == [] and brief.client.also_agree == []


@pytest.mark.parametrize("example", READY_EXAMPLES, ids=lambda p: p.name)
def test_date_fields_finds_every_date_in_the_examples(example: Path) -> None:
    brief = Brief.model_validate(read_data(example))
    text = example.read_text("utf-8")
    found = list(date_fields(brief))
    assert found
    for _, value in found:
        assert value in text


def test_the_committed_schema_file_is_current() -> None:
    """brief.schema.json at the repository root is what editors point at; regenerate it with
    `firmbrief schema > brief.schema.json` when the schema changes."""
    committed = json.loads((EXAMPLES.parent / "brief.schema.json").read_text("utf-8"))
    assert committed == _schema()
