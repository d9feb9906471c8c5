"""``firmbrief init`` writes and checks the business profile (issue 24 items 5 and 9): asked at
a real terminal (pexpect) or from ``--answers``, each answer judged by the profile loader's own
rule, an existing profile kept unless ``--force``, and the result read back by the loader."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from firmbrief.briefs.profile import read_profile

from conftest import EXAMPLES, FIRMBRIEF, run

ANSWERS = EXAMPLES / "walkthrough" / "business.yaml"


def test_init_from_answers_writes_a_profile_the_loader_reads(tmp_path: Path) -> None:
    result = run("init", tmp_path, "--answers", ANSWERS)
    assert result.exit_code == 0, result.output
    profile = read_profile(tmp_path / "firmbrief.toml")
    given = yaml.safe_load(ANSWERS.read_text("utf-8"))["business"]
    assert profile.business == given
    assert "firmbrief questionnaire" in result.stdout


def test_init_keeps_an_existing_profile_unless_forced(tmp_path: Path) -> None:
    config = tmp_path / "firmbrief.toml"
    config.write_text('[business]\nname = "Someone Else"\n', "utf-8")
    refused = run("init", tmp_path, "--answers", ANSWERS)
    assert refused.exit_code == 2, refused.output
    assert "already" in refused.stderr and "--force" in refused.stderr
    assert config.read_text("utf-8") == '[business]\nname = "Someone Else"\n'
    forced = run("init", tmp_path, "--answers", ANSWERS, "--force")
    assert forced.exit_code == 0, forced.output
    assert read_profile(config).business["name"] == "Mara Jensen"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"bank": {"iban": "DE89 3704 0044 0532 0130 01"}}, "business.bank.iban"),
        ({"tax_id": "DE 298 471 559"}, "business.tax_id"),
        ({"email": "mara at jensen"}, "business.email"),
        ({"colour": "blue"}, "business.colour"),
        ({"name": "Mara\x7f Jensen"}, "business.name"),
        ({"address": ["Oderberger Str. 12"]}, "business.address"),
    ],
    ids=["iban-check-digits", "vat-number", "email", "unknown-key", "control-char", "not-text"],
)
def test_init_refuses_what_the_loader_refuses(
    tmp_path: Path, change: dict[str, object], field: str
) -> None:
    answers = yaml.safe_load(ANSWERS.read_text("utf-8"))
    for key, value in change.items():
        if isinstance(value, dict):
            answers["business"][key].update(value)
        else:
            answers["business"][key] = value
    given = tmp_path / "answers.yaml"
    given.write_text(yaml.safe_dump(answers), "utf-8")
    refused = run("init", tmp_path, "--answers", given)
    assert refused.exit_code == 2, refused.output
    assert f"firmbrief.toml: {field}: " in refused.stderr
    assert not (tmp_path / "firmbrief.toml").exists()


def test_init_without_a_needed_answer_names_it(tmp_path: Path) -> None:
    given = tmp_path / "answers.yaml"
    given.write_text("business:\n  name: Mara Jensen\n  email: mara@jensen.studio\n", "utf-8")
    refused = run("init", tmp_path, "--answers", given)
    assert refused.exit_code == 2, refused.output
    assert "business.address, business.country" in refused.stderr


def test_init_at_a_real_terminal_asks_again_until_each_answer_holds(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"}
    child = pexpect.spawn(
        str(FIRMBRIEF), ["init", str(tmp_path)], env=env, encoding="utf-8", timeout=30
    )
    child.logfile_read = sys.stdout
    replies = [
        ("business.name", ""),  # needed: asked again
        ("needed", "Mara Jensen"),
        ("business.company", "Jensen Studio"),
        ("business.email", "mara@jensen.studio"),
        ("business.phone", ""),
        ("business.address", "Oderberger Str. 12 / 10435 Berlin, Germany"),
        ("business.country", "DE"),
        ("business.region", "BE"),
        ("business.tax_id", "DE 298 471 559"),  # a wrong check digit: asked again
        (r"! ", "DE 298 471 558"),
        ("business.bank.holder", "Jensen Studio"),
        ("business.bank.iban", "DE89 3704 0044 0532 0130 01"),  # wrong check digits
        (r"! ", "DE89 3704 0044 0532 0130 00"),
        ("business.bank.bic", ""),
        ("business.payment_link", ""),
        ("invoices.number_format", "{seq}-{year}"),
    ]
    for expected, reply in replies:
        child.expect(expected)
        child.expect("> ")
        child.sendline(reply)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    profile = read_profile(tmp_path / "firmbrief.toml")
    assert profile.business["address"] == "Oderberger Str. 12\n10435 Berlin, Germany"
    assert profile.business["tax_id"] == "DE 298 471 558"
    assert profile.business["bank"] == {
        "holder": "Jensen Studio",
        "iban": "DE89 3704 0044 0532 0130 00",
    }
    assert profile.number_format == "{seq}-{year}"
    assert "phone" not in profile.business


def test_help_tells_someone_with_no_brief_where_to_begin() -> None:
    result = run("--help")
    assert result.exit_code == 0, result.output
    said = " ".join(result.stdout.split())
    assert "New here? `firmbrief init`" in said
    assert "`firmbrief questionnaire`" in said
    assert said.index("init") < said.index("check BRIEF")


def test_the_system_packages_wait_for_a_held_lock() -> None:
    from conftest import ROOT

    script = (ROOT / "scripts" / "install-system-deps").read_text("utf-8")
    calls = [line for line in script.splitlines() if "apt-get" in line and "$sudo" in line]
    assert calls and all('"${lock[@]}"' in line for line in calls)
    assert "DPkg::Lock::Timeout=" in script


def test_the_readme_begins_with_contents_the_path_and_the_profile() -> None:
    import re

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    contents = next(line for line in readme.split("\n\n") if line.startswith("**Contents:**"))
    for heading in re.findall(r"^## (.+)$", readme, re.MULTILINE):
        assert f"[{heading}]" in contents, heading
    first_minutes = readme.split("## Your first minutes", 1)[1].split("\n## ", 1)[0]
    assert "pipx install" in first_minutes and "source .venv/bin/activate" in first_minutes
    assert readme.index("firmbrief init") < readme.index("## A whole project, step by step")
