"""Properties that hold for any valid brief, found by generating many of them."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings

from firmbrief.briefs.canonical import canonical_json
from firmbrief.briefs.files import parse_data
from firmbrief.briefs.readiness import assess
from firmbrief.briefs.schema import Brief

from conftest import examples
from strategies import brief_data

SETTINGS = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(brief_data())
def test_yaml_to_model_to_json_to_model_changes_nothing(data: dict[str, Any]) -> None:
    brief = Brief.model_validate(data)
    as_yaml = yaml.safe_dump(brief.model_dump(mode="json", by_alias=True), allow_unicode=True)
    from_yaml = Brief.model_validate(parse_data(as_yaml.encode("utf-8"), name="x.yaml"))
    assert from_yaml == brief
    as_json = from_yaml.model_dump_json(by_alias=True)
    from_json = Brief.model_validate(
        parse_data(as_json.encode("utf-8"), name="x.json", json_format=True)
    )
    assert from_json == brief
    assert canonical_json(from_json) == canonical_json(brief)


@SETTINGS
@given(brief_data())
def test_check_never_crashes_on_a_valid_brief(data: dict[str, Any]) -> None:
    from datetime import date

    report = assess(Brief.model_validate(data), file="x.yaml", today=date(2026, 11, 23))
    for finding in report.findings:
        assert finding.message and finding.field is not None
