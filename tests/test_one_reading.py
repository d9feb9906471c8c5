"""One reading of dates and amounts in every option and file (issue 24 item 6): ``--today``,
``--date`` and ``--due`` read an all-numeric date as the brief does (its ``date_order``, or its
profile's ``[dates] order``), as ``record --date`` does; with no order, a refusal shows both
readings; an amount reads the same in a brief and in ``record payment``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, run
from tracking_support import record


def _brief(tmp_path: Path, order: str | None) -> Path:
    data = yaml.safe_load((EXAMPLES / "logo.yaml").read_text("utf-8"))
    data.pop("date_order", None)
    if order:
        data["date_order"] = order
    brief = tmp_path / "logo.yaml"
    brief.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return brief


def _today(brief: Path, text: str) -> str:
    result = run("status", brief, "--today", text, "--format", "json")
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["today"])


@pytest.mark.parametrize(("order", "day"), [("DMY", "2026-12-10"), ("MDY", "2026-10-12")])
def test_every_option_reads_a_numeric_date_as_the_brief_does(
    tmp_path: Path, order: str, day: str
) -> None:
    brief = _brief(tmp_path, order)
    signed = run("record", brief, "signed", "--date", "09/09/2026")
    assert signed.exit_code == 0, signed.output
    noted = run("record", brief, "note", "--kind", "update", "--about", "x", "--date", "10/12/2026")
    assert noted.exit_code == 0, noted.output
    lines = (tmp_path / "logo.yaml.log.jsonl").read_text("utf-8").splitlines()
    assert json.loads(lines[-1])["date"] == day  # record --date
    assert _today(brief, "10/12/2026") == day  # --today
    gate = run("gate", "start", brief, "1", "--today", "10/12/2026")
    assert "could be" not in gate.output, gate.output
    invoiced = run("invoice", brief, "--date", "10/12/2026", "-o", tmp_path / "i.pdf")
    assert "could be" not in invoiced.output, invoiced.output


def test_the_profiles_date_order_serves_a_brief_that_declares_none(tmp_path: Path) -> None:
    brief = _brief(tmp_path, None)
    shutil.copy(EXAMPLES / "business" / "firmbrief.toml", tmp_path / "firmbrief.toml")
    with open(tmp_path / "firmbrief.toml", "a", encoding="utf-8") as config:
        config.write('\n[dates]\norder = "DMY"\n')
    record(brief, "signed", "--date", "2026-09-09")
    assert _today(brief, "10/12/2026") == "2026-12-10"


def test_with_no_order_a_numeric_date_is_refused_with_both_readings(tmp_path: Path) -> None:
    brief = _brief(tmp_path, None)
    record(brief, "signed", "--date", "2026-09-09")
    for args in (
        ("status", brief, "--today", "10/12/2026"),
        ("invoice", brief, "--date", "10/12/2026"),
        ("record", brief, "note", "--kind", "update", "--about", "x", "--date", "10/12/2026"),
    ):
        refused = run(*args)
        assert refused.exit_code != 0, refused.output
        assert "could be 10 December 2026 or 12 October 2026" in refused.stderr, args


@pytest.mark.parametrize("typed", ["1 200,00", "1.200,00", "1,200.00"])
def test_an_amount_reads_the_same_in_a_brief_and_in_the_record(tmp_path: Path, typed: str) -> None:
    brief = _brief(tmp_path, None)
    data = yaml.safe_load(brief.read_text("utf-8"))
    data["payment"]["extra_round_price"] = typed
    brief.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    checked = run("check", brief, "--today", "2026-11-23")
    assert checked.exit_code == 0, checked.output
    record(brief, "signed", "--date", "2026-12-01")
    paid = run("record", brief, "payment", "--amount", typed, "--date", "2027-01-05")
    assert paid.exit_code == 0, paid.output
    lines = (tmp_path / "logo.yaml.log.jsonl").read_text("utf-8").splitlines()
    assert json.loads(lines[-1])["amount"] == "1200.00"
