"""``render --draft`` tells the truth: everything ``check`` finds on stderr, and every value it
refuses marked in the PDF where it is printed, numbered after the list of reasons."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, TODAY, in_language, run
from pdf_support import text_of

pytestmark = pytest.mark.slow


def _check(brief: Path) -> dict[str, list[dict[str, str]]]:
    result = run("check", brief, "--today", TODAY.isoformat(), "--format", "json")
    found: dict[str, list[dict[str, str]]] = json.loads(result.stdout)
    return found


def test_a_draft_lists_everything_check_finds_on_stderr(tmp_path: Path) -> None:
    brief = EXAMPLES / "defects.yaml"
    result = run("render", brief, "-o", tmp_path, "--draft", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    findings = _check(brief)["findings"]
    assert len(findings) > 10
    for finding in findings:
        line = next(
            (ln for ln in result.stderr.splitlines() if f" {finding['field']} " in f"{ln} "), ""
        )
        assert line.split()[0] == finding["severity"], finding
        assert finding["message"][:40] in line, finding
    assert result.stdout.splitlines() == [
        str(tmp_path / "defects-brief.pdf"),
        str(tmp_path / "defects-terms.pdf"),
    ]


def test_a_ready_brief_renders_without_a_word_on_stderr(tmp_path: Path) -> None:
    result = run("render", EXAMPLES / "logo.yaml", "-o", tmp_path, "--today", TODAY.isoformat())
    assert result.exit_code == 0 and result.stderr == ""


def test_a_draft_marks_each_value_check_refuses(tmp_path: Path) -> None:
    # an English copy: the values are read in the English clauses' words (the marks and their
    # numbers are the same in the Berlin café's German)
    brief = in_language(EXAMPLES / "defects.yaml", tmp_path / "en")
    run("render", brief, "-o", tmp_path, "--draft", "--today", TODAY.isoformat())
    errors = [f for f in _check(brief)["findings"] if f["severity"] == "error"]
    text = text_of(tmp_path / "defects-terms.pdf")
    # the reasons, numbered in check's order
    listed = text.split("not ready to sign Each value marked", 1)[1]
    at = 0
    for error in errors:  # each one, in check's order
        found = listed.find(f"{error['field']} {error['message'][:30]}", at)
        assert found > at, error
        at = found
    number = {e["field"]: n for n, e in enumerate(errors, start=1)}
    # the values as the terms print them, each marked with its reason's number
    assert f"a few pages[{number['deliverables[0].volume']}]" in text
    assert f"None included[{number['iterations[0].revision_rounds']}]" in text
    prepaid = number["payment.prepayment_percent"]
    assert f"Each iteration is paid in two parts: 0%[{prepaid}] of its price" in text
    assert f"Prepayment (0%)[{prepaid}]" in text
    assert re.search(rf"Total 3\.500,00 €\[{number['total']}\] [\d.,]+ € [\d.,]+ €\[", text)
    assert f"Its price is not set[{number['test_task.price']}]" in text
    assert f"not set[{number['iterations[0].start']}]" in text
    # the brief marks them too
    brief_text = text_of(tmp_path / "defects-brief.pdf")
    assert f"a few pages[{number['deliverables[0].volume']}]" in brief_text
    assert f"no criteria yet[{number['deliverables[0].acceptance']}]" in brief_text


def test_a_document_to_sign_has_no_marks(tmp_path: Path) -> None:
    run("render", EXAMPLES / "logo.yaml", "-o", tmp_path, "--today", TODAY.isoformat())
    text = text_of(tmp_path / "logo-terms.pdf")
    assert "Refused by firmbrief check" not in text
    assert not re.search(r"\[\d+\]", text)
