"""templates/firmdate.js is the twin of briefs/dates.py: same answers, same refusals, same words.

Every row of tests/data/date_spellings.tsv, and a few thousand generated spellings, are read by
both; the ISO date or the refusal's kind and message must be the same. Node is required (it is
installed by scripts/install-system-deps): without it this test fails rather than skips, since
the questionnaire page would otherwise check dates by an untested rule.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from firmbrief.briefs.dates import REFUSALS, parse_firm_date
from firmbrief.errors import VagueDate

from date_table import spellings

ROOT = Path(__file__).resolve().parent.parent
FIRMDATE = ROOT / "firmbrief" / "templates" / "firmdate.js"
WORDS = ROOT / "firmbrief" / "briefs" / "datewords.json"

HARNESS = r"""
const fs = require("fs");
const FirmDate = require(process.argv[1]);
const words = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const firm = FirmDate.create(words);
const rows = JSON.parse(fs.readFileSync(0, "utf8"));
const out = rows.map(([text, order]) => firm.parse(text, order));
process.stdout.write(JSON.stringify({refusals: firm.REFUSALS, results: out}));
"""


def _node() -> str:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.fail("node is needed to test templates/firmdate.js: run scripts/install-system-deps")
    return node


def run_js(rows: list[tuple[str, str | None]]) -> dict[str, Any]:
    done = subprocess.run(
        [_node(), "-e", HARNESS, str(FIRMDATE), str(WORDS)],
        input=json.dumps(rows),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def python(text: str, order: str | None) -> dict[str, Any]:
    try:
        day = parse_firm_date(text, order=order)  # type: ignore[arg-type]
    except VagueDate as refused:
        return {"ok": False, "kind": refused.kind, "message": refused.message}
    return {"ok": True, "iso": day.isoformat()}


def comparable(result: dict[str, Any]) -> dict[str, Any]:
    if result["ok"]:
        return {"ok": True, "iso": result["iso"]}
    return {"ok": False, "kind": result["kind"], "message": result["message"]}


def test_every_row_of_the_table_reads_the_same_in_javascript() -> None:
    table = spellings()
    js = run_js([(row.text, row.order) for row in table])["results"]
    assert len(js) == len(table)
    mismatches = []
    for row, result in zip(table, js, strict=True):
        expected = row.expected
        got = result["iso"] if result["ok"] else result["kind"]
        if got != expected or comparable(result) != python(row.text, row.order):
            mismatches.append((row.text, row.order, expected, result))
    assert not mismatches


def test_the_refusal_kinds_are_the_same() -> None:
    assert tuple(run_js([])["refusals"]) == REFUSALS


def _generated(count: int, seed: int) -> list[tuple[str, str | None]]:
    """Spellings built from the rule's own pieces, and noise around them."""
    words = json.loads(WORDS.read_text("utf-8"))
    pieces = [
        *list(words["months"])[::3],
        *list(words["weekdays"])[::4],
        *words["fillers"],
        *words["ordinals"],
        "März",
        "février",
        "Août",
        "MAI",
        "Sept.",
        "end",
        "mid",
        "early",
        "Mitte",
        "of",
        "Q2",
        "asap",
        "next",
    ]
    numbers = [
        "0",
        "00",
        "1",
        "01",
        "7",
        "12",
        "13",
        "15",
        "29",
        "30",
        "31",
        "32",
        "99",
        "2027",
        "2028",
        "0000",
        "1900",
        "027",
        "12027",
        "20270315",
        "27",
    ]
    separators = [
        " ",
        "-",
        "/",
        ".",
        ", ",
        "'",
        "\u2019",
        "  ",
        "\t",
        "\u00a0",
        "\u3000",
        "\x1c",
        "\ufeff",
        "\u200b",
        "",
        "--",
        " . ",
    ]
    odd = ["２０２７", "ſ", "K", "İ", "ß", "e\u0301", "\u2028", "😀", "<b>", "\u202e"]
    rng = random.Random(seed)
    rows: list[tuple[str, str | None]] = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 5)):
            roll = rng.random()
            if roll < 0.45:
                parts.append(rng.choice(numbers))
            elif roll < 0.8:
                parts.append(rng.choice(pieces))
            elif roll < 0.9:
                parts.append(rng.choice(odd))
            else:
                parts.append(chr(rng.randint(0x20, 0x2FFF)))
            parts.append(rng.choice(separators))
        text = "".join(parts)
        if rng.random() < 0.3:
            text = rng.choice(separators) + text.upper()
        rows.append((text, rng.choice([None, "DMY", "MDY"])))
    rows += [("1 March 2027 " + "😀" * 60, None), ("😀" * 70, None), ("x" * 65, None)]
    rows += [(f"{a}/{b}/2027", o) for a in range(0, 14) for b in range(0, 14) for o in (None,)]
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_spellings_read_the_same_in_both(seed: int) -> None:
    rows = _generated(1500, seed)
    js = run_js(rows)["results"]
    mismatches = [
        (text, order, python(text, order), comparable(result))
        for (text, order), result in zip(rows, js, strict=True)
        if comparable(result) != python(text, order)
    ]
    assert not mismatches[:5]
    refused = {result["kind"] for result in js if not result["ok"]}
    assert len(refused) >= 5  # the generator reaches most refusals, not only "vague"


def test_the_two_point_at_each_other() -> None:
    assert "templates/firmdate.js" in (ROOT / "firmbrief" / "briefs" / "dates.py").read_text(
        "utf-8"
    )
    assert "briefs/dates.py" in FIRMDATE.read_text("utf-8")


def _example_rows() -> list[tuple[str, str]]:
    rows = []
    for line in (ROOT / "tests" / "data" / "date_examples.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#") and not line.startswith("text\t"):
            text, example = line.split("\t")
            rows.append((text, example))
    return rows


def test_vague_phrases_suggest_only_a_day_they_point_at_in_both() -> None:
    """"mid-January 2027" is offered the 15th, never the 31st; the page says the same."""
    rows = _example_rows()
    assert len(rows) >= 10
    js = run_js([(text, None) for text, _ in rows])["results"]
    for (text, example), result in zip(rows, js, strict=True):
        mine = python(text, None)
        assert not mine["ok"] and mine["message"].endswith(f"e.g. {example}"), (text, mine)
        assert comparable(result) == mine, text
