"""The interface for scripts: every command's ``--format json`` carries ``"version": 1`` and
validates against the JSON Schema the package ships (``firmbrief schema --of NAME``), in real
projects at every stage; the schemas are closed (an unknown field, state, next action or warning
code fails), current with the code's value lists, and those lists are the README's."""

from __future__ import annotations

import ast
import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from firmbrief.contracts.outputs import schema_text, value_lists
from firmbrief.contracts.record.kinds import FLAG_CODES
from firmbrief.interface import JSON_VERSION, OUTPUTS, output_schema, schema_path

from conftest import EXAMPLES, run
from invoice_support import business
from tracking_support import iteration_1_accepted, record, signed_and_started

ROOT = Path(__file__).resolve().parent.parent


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(output_schema(name))


def json_of(*args: str | Path, codes: tuple[int, ...] = (0,)) -> dict[str, Any]:
    result = run(*args, "--format", "json")
    assert result.exit_code in codes, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    assert next(iter(data)) == "version" and data["version"] == JSON_VERSION
    return data


def fresh(folder: Path) -> tuple[Path, str]:
    """Signed, nothing else yet."""
    return business(folder), "2026-12-02"


def mid_project(folder: Path) -> tuple[Path, str]:
    """Invoiced and paid by invoice, drafts, feedback opening a change request, the change
    agreed, a line voided, a note, a credit held."""
    brief = business(folder)
    invoiced = run("invoice", brief, "1-prepayment", "--date", "2026-12-01", "-f", "json")
    assert invoiced.exit_code == 0, invoiced.output
    number = json.loads(invoiced.stdout)["number"]
    record(brief, "payment", "--amount", "1071.00", "--invoice", number, "--date", "2027-01-05")
    record(brief, "materials", "--material", "1", "--material", "2", "--date", "2027-01-06")
    record(brief, "delivered", "-i", "1", "--draft", "1", "--date", "2027-01-20")
    record(brief, "revision", "-i", "1", "--revise", "logo: warmer brown",
           "--scope", "logo: an animated version", "--date", "2027-01-22")  # fmt: skip
    record(brief, "change", "--request", "1", "--price", "300", "--date", "2027-01-25")
    record(brief, "note", "--kind", "update", "--date", "2027-01-26")
    record(brief, "void", "--line", "7", "--reason", "sent to the wrong person",
           "--date", "2027-01-27")  # fmt: skip
    record(brief, "payment", "--amount", "50.00", "--credit", "--date", "2027-01-28")
    return brief, "2027-01-29"


def cancelled(folder: Path) -> tuple[Path, str]:
    """Iteration 1 accepted, iteration 2 under way, cancelled by the client."""
    folder.mkdir(parents=True, exist_ok=True)
    brief = business(folder, signed=False)
    iteration_1_accepted(brief)
    record(brief, "payment", "--amount", "1071.00", "--for", "1-balance", "--date", "2027-02-12")
    record(brief, "payment", "--amount", "1428.00", "--for", "2-prepayment", "--date", "2027-02-13")
    record(brief, "cancelled", "--by", "client", "--reason", "budget cut", "--date", "2027-02-20")
    return brief, "2027-02-21"


def overdue(folder: Path) -> tuple[Path, str]:
    """Started, then nothing: payments, materials and the delivery overdue."""
    brief = business(folder, signed=False)
    signed_and_started(brief)
    return brief, "2027-04-30"


SCENARIOS: dict[str, Callable[[Path], tuple[Path, str]]] = {
    "fresh": fresh,
    "mid-project": mid_project,
    "cancelled": cancelled,
    "overdue": overdue,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Each scenario, built once for this module when first asked for."""
    return {}


@pytest.fixture(params=list(SCENARIOS))
def project(
    request: pytest.FixtureRequest,
    built: dict[str, tuple[Path, str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, str]:
    name: str = request.param
    if name not in built:
        built[name] = SCENARIOS[name](tmp_path_factory.mktemp(name))
    return built[name]


def test_status_follows_its_schema(project: tuple[Path, str]) -> None:
    brief, today = project
    validator("status").validate(json_of("status", brief, "--today", today))


def test_schedule_follows_its_schema(project: tuple[Path, str]) -> None:
    brief, today = project
    validator("schedule").validate(json_of("schedule", brief, "--today", today))


def test_gates_follow_their_schema(project: tuple[Path, str]) -> None:
    brief, today = project
    gates = validator("gate")
    gates.validate(json_of("gate", "start", brief, "2", "--today", today, codes=(0, 1)))
    gates.validate(json_of("gate", "release-source", brief, "--today", today, codes=(0, 1)))


def test_check_follows_its_schema(project: tuple[Path, str]) -> None:
    brief, today = project
    data = json_of("check", brief, "--today", today, codes=(0, 1))
    validator("check").validate(data)
    assert "project" in data


def test_the_scenarios_show_what_they_are_named_for(
    built: dict[str, tuple[Path, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each scenario really is what it is named for: the lists the schema closes are filled."""
    seen: dict[str, dict[str, Any]] = {}
    for name, build in SCENARIOS.items():
        if name not in built:
            built[name] = build(tmp_path_factory.mktemp(name))
        brief, today = built[name]
        seen[name] = json_of("status", brief, "--today", today)
    middle = seen["mid-project"]
    assert middle["invoices"] and middle["voided"] and middle["change_requests"]
    assert middle["payments"][0]["invoices"] and middle["materials"][0]["received"]
    assert seen["cancelled"]["cancellation"]["owed"]
    assert {f["code"] for f in seen["overdue"]["overdue"]} >= {"materials-overdue"}
    assert seen["fresh"]["next"]["action"]


@pytest.mark.parametrize("example", ["logo.yaml", "defects.yaml"])
def test_check_of_a_brief_not_signed_follows_its_schema(example: str) -> None:
    data = json_of("check", EXAMPLES / example, "--today", "2026-12-01", codes=(0, 1))
    validator("check").validate(data)
    assert "project" not in data
    assert data["findings"] or example == "logo.yaml"


@pytest.mark.slow
def test_verify_follows_its_schema(logo: Path, tmp_path: Path) -> None:
    rendered = run("render", logo, "--what", "terms", "-o", tmp_path, "--today", "2026-12-01")
    assert rendered.exit_code == 0, rendered.output
    pdf = Path(rendered.stdout.split()[0])
    validator("verify").validate(json_of("verify", pdf, logo))


def test_an_unknown_field_or_value_is_refused(tmp_path: Path) -> None:
    brief, today = overdue(tmp_path)
    data = json_of("status", brief, "--today", today)
    status = validator("status")
    status.validate(data)
    changes: list[Callable[[dict[str, Any]], object]] = [
        lambda d: d.update(extra=1),
        lambda d: d["iterations"][0].update(state="paused"),
        lambda d: d["next"].update(action="celebrate"),
        lambda d: d["overdue"].append({"code": "moon-phase", "message": "m"}),
        lambda d: d["instalments"][0]["amounts"].update(net=1.5),
        lambda d: d.update(version=2),
        lambda d: d.pop("warnings"),
    ]
    for change in changes:
        changed = copy.deepcopy(data)
        change(changed)
        with pytest.raises(ValidationError):
            status.validate(changed)


@pytest.mark.parametrize("name", OUTPUTS)
def test_the_shipped_schemas_are_current_and_valid(name: str) -> None:
    assert schema_path(name).read_text("utf-8") == schema_text(name), (
        f"{name}.json is not what the code builds: run python -m firmbrief.contracts.outputs"
    )
    Draft202012Validator.check_schema(output_schema(name))


@pytest.mark.parametrize("name", OUTPUTS)
def test_schema_of_prints_the_shipped_schema(name: str) -> None:
    result = run("schema", "--of", name)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == output_schema(name)


def test_schema_alone_still_prints_the_brief_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads((ROOT / "brief.schema.json").read_text("utf-8"))


def _first_arguments(call: str, files: list[Path], position: int = 0) -> set[str]:
    found = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == call:
                given = node.args[position] if len(node.args) > position else None
                if isinstance(given, ast.Constant):
                    found.add(str(given.value))
    return found


def test_every_flag_raised_has_a_listed_code() -> None:
    record_modules = sorted((ROOT / "firmbrief" / "contracts" / "record").glob("*.py"))
    raised = _first_arguments("Flag", record_modules)
    assert raised and raised <= set(FLAG_CODES), raised - set(FLAG_CODES)
    assert len(set(FLAG_CODES)) == len(FLAG_CODES)


def test_every_calendar_item_and_standing_has_a_listed_value() -> None:
    lists = value_lists()
    calendar = [ROOT / "firmbrief" / "contracts" / "record" / "calendar.py"]
    assert _first_arguments("Item", calendar, 1) <= set(lists["schedule: items[].kind"])
    standing = [ROOT / "firmbrief" / "contracts" / "record" / "standing.py"]
    assert _first_arguments("Standing", standing, 1) <= set(lists["check: project.state"])


def test_readme_lists_every_value_list() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("### JSON for scripts\n", 1)[1].split("\n### ", 1)[0]
    rows = dict(re.findall(r"^\| (.+?) \| (.+) \|$", section, flags=re.MULTILINE)[1:])
    expected = {
        where: ", ".join(f"`{v}`" for v in values) for where, values in value_lists().items()
    }
    assert rows == expected
