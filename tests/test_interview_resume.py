"""The interview on a brief that exists: a brief imported from the client with vague values is
asked again where check refuses a value (through a pseudo-terminal); after one full pass, only
what is missing or wrong; the freelancer's voice, computed defaults, country examples."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml
from test_interview import DAY, PROMPT, Script, example_data

from firmbrief.briefs.files import read_data
from firmbrief.briefs.loading import load_brief_file
from firmbrief.briefs.readiness import assess
from firmbrief.intake.consoles import Prompts
from firmbrief.intake.interview import run_interview

from conftest import FIRMBRIEF, TODAY
from intake_support import Responder

# --- a brief imported from the client, with vague values ---------------------------------------

VAGUE = {  # field: (what the client wrote, what the freelancer answers when asked again)
    "iterations[0].start": ("ASAP", "2027-01-11"),
    "iterations[1].delivery": ("end of January", "2027-03-12"),
    "deliverables[1].volume": ("about 6 pages", "12 pages"),
    "materials[2].due": ("03/04/2027", "2027-02-11"),
}


def _imported_with_vague_values(tmp_path: Path) -> Path:
    data = example_data("logo")
    data.pop("date_order", None)
    data["iterations"][0]["start"] = VAGUE["iterations[0].start"][0]
    data["iterations"][1]["delivery"] = VAGUE["iterations[1].delivery"][0]
    data["deliverables"][1]["volume"] = VAGUE["deliverables[1].volume"][0]
    data["materials"][2]["due"] = VAGUE["materials[2].due"][0]
    out = tmp_path / "imported.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return out


def _fields_in(path: Path) -> set[str]:
    """Every field with a value in the brief at ``path``, dotted as in the questions."""
    found: set[str] = set()

    def walk(value: Any, here: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{here}.{key}" if here else str(key))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, item in enumerate(value):
                walk(item, f"{here}[{index}]")
        elif value is not None:
            found.add(here)

    walk(read_data(path), "")
    return found


def _spawn_on(out: Path, *more: str) -> pexpect.spawn:
    env = {**os.environ, "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "100"}
    return pexpect.spawn(
        str(FIRMBRIEF),
        ["intake", "interview", "-o", str(out), "--today", DAY, *more],
        encoding="utf-8",
        timeout=60,
        env=env,
        dimensions=(40, 100),
    )


@pytest.mark.slow
def test_a_resumed_imported_brief_asks_again_every_value_check_refuses(tmp_path: Path) -> None:
    out = _imported_with_vague_values(tmp_path)
    before = assess(load_brief_file(out), file=str(out), today=TODAY)
    assert {f.field for f in before.errors} == set(VAGUE)
    child = _spawn_on(out)
    asked: list[str] = []
    missing: list[str] = []
    screens: list[str] = []
    while child.expect(PROMPT) != 3:
        heard = child.before + child.after
        screens.append(heard)
        fields = [f for f in VAGUE if f"({f})" in heard]
        if not fields:  # a question the client's file left unanswered: skipped with Enter
            where = re.findall(r"\(([\w.\[\]]+)\)\r?\n", heard)
            assert where and where[-1] not in _fields_in(out), heard
            missing.append(where[-1])
            child.sendline("")
            continue
        field = fields[0]
        written, fixed = VAGUE[field]
        assert f"[{written}] > " in heard  # the client's answer shown, Enter would keep it
        assert "  ! " in heard and f'"{written}"' in heard  # with the reason it is refused
        asked.append(field)
        child.sendline(fixed)
    child.close()
    assert child.exitstatus == 0, child.before
    assert sorted(asked) == sorted(VAGUE)
    assert "date_order" in missing  # the file did not say it: asked, as the README says
    (tmp_path / "first-screen.txt").write_text(screens[0], "utf-8")
    assert f"{out}: ready to start" in child.before
    brief = read_data(out)
    assert brief["iterations"][0]["start"] == "2027-01-11"
    assert brief["deliverables"][1]["volume"] == "12 pages"
    # After that full pass, a later run asks nothing (nothing is missing or wrong) ...
    again = _spawn_on(out)
    assert again.expect(PROMPT) == 3, again.before
    again.close()
    assert again.exitstatus == 0


@pytest.mark.slow  # a whole interview, then another: left out of make test-fast
def test_after_a_full_pass_only_what_is_missing_or_wrong_is_asked(tmp_path: Path) -> None:
    out = tmp_path / "brief.yaml"
    first = Script(Responder(example_data("logo"), out))
    run_interview(out, Prompts(first), today=TODAY)
    data = read_data(out)
    assert "phone" not in data["client"]  # an optional question left blank
    data["iterations"][0]["delivery"] = "mid-January 2027"  # made wrong by hand
    del data["title"]  # and a missing one
    out.write_text(
        "# " + out.read_text("utf-8").splitlines()[0].lstrip("# ") + "\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        if False
        else "".join(f"{line}\n" for line in out.read_text("utf-8").splitlines() if line.startswith("#"))
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
        "utf-8",
    )
    second = Script(Responder(example_data("logo"), out))
    run_interview(out, Prompts(second), today=TODAY)
    assert "(client.phone)" not in second.text
    assert "(title)" in second.text
    assert "(iterations[0].delivery)" in second.text
    assert '"mid-January 2027" is not a calendar date' in second.text and "2027-01-15" in second.text
    assert "(client.name)" not in second.text  # answered and right: not asked
    # --again asks everything
    third = Script(Responder(example_data("logo"), out))
    run_interview(out, Prompts(third), today=TODAY, again=True)
    assert "(client.phone)" in third.text


def test_the_interview_speaks_to_the_freelancer_about_the_client(tmp_path: Path) -> None:
    out = tmp_path / "brief.yaml"
    data = example_data("logo")
    script = Script(Responder(data, out))
    run_interview(out, Prompts(script), today=TODAY)
    text = script.text
    assert "The client's full name  (client.name)" in text
    assert "Your full name  (client.name)" not in text
    assert "Your full name  (freelancer.name)" in text


def test_the_total_is_offered_and_a_tax_note_asked_only_with_an_exemption(tmp_path: Path) -> None:
    out = tmp_path / "brief.yaml"
    data = example_data("logo")
    prices = sum(Decimal(str(it["price"])) for it in data["iterations"])
    del data["total"]  # the freelancer presses Enter at the total
    script = Script(Responder(data, out))
    run_interview(out, Prompts(script), today=TODAY)
    assert f"[{prices:f}] > " in script.text
    assert Decimal(str(read_data(out)["total"])) == prices
    assert "(tax.note)" not in script.text  # the logo has no exemption


def test_examples_fit_the_freelancers_country(tmp_path: Path) -> None:
    out = tmp_path / "brief.yaml"
    data = example_data("logo")
    data["freelancer"]["country"] = "GB"
    data["freelancer"]["region"] = "ENG"
    for key in ("tax_id", "bank"):
        data["freelancer"].pop(key, None)
    out.write_text("freelancer:\n  country: GB\n", "utf-8")  # the country said first
    script = Script(Responder(data, out))
    run_interview(out, Prompts(script), today=TODAY)
    region = script.text.split("(freelancer.region)")[1].split(">")[0]
    assert "ENG (England)" in region and "Example: BE" not in region
    phone = script.text.split("(freelancer.phone)")[1].split(">")[0]
    assert "+44" in phone and "+49" not in phone
    assert "[GBP] > " in script.text.split("(currency)")[1] or "(currency)" not in script.text
