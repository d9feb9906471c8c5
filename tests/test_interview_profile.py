"""The interview starts from the business profile (issue 24 item 5): what ``firmbrief.toml``
says of the freelancer is not asked again, and the report judges the brief with it merged in
(it ended "no name for the freelancer who signs")."""

from __future__ import annotations

import shutil
from pathlib import Path

from firmbrief.briefs.files import read_data
from firmbrief.intake.consoles import Prompts
from firmbrief.intake.interview import run_interview

from conftest import EXAMPLES, TODAY, run


class Enter:
    """A person who presses Enter at every prompt."""

    def __init__(self) -> None:
        self.out: list[str] = []

    def say(self, text: str = "") -> None:
        self.out.append(text)

    def ask(self, prompt: str) -> str:
        self.out.append(prompt)
        return ""


def test_the_interview_asks_only_what_the_profile_lacks(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "business" / "firmbrief.toml", tmp_path / "firmbrief.toml")
    console = Enter()
    _, report = run_interview(tmp_path / "brief.yaml", Prompts(console), today=TODAY)
    said = "\n".join(console.out)
    for given in ("name", "email", "address", "country", "tax_id", "bank.iban", "payment_link"):
        assert f"(freelancer.{given})" not in said, given
    assert "(freelancer.role)" in said  # the profile does not say it
    assert not [f for f in report.findings if f.field.startswith("freelancer.name")]
    own = read_data(tmp_path / "brief.yaml").get("freelancer", {})
    assert not {"name", "email", "bank", "tax_id"} & set(own)  # the file keeps its own


def test_without_a_profile_the_freelancer_is_asked(tmp_path: Path) -> None:
    console = Enter()
    _, report = run_interview(tmp_path / "brief.yaml", Prompts(console), today=TODAY)
    assert "(freelancer.name)" in "\n".join(console.out)
    assert [f for f in report.findings if f.field.startswith("freelancer.name")]


def test_scripted_answers_without_the_freelancer_are_judged_with_the_profile(
    tmp_path: Path,
) -> None:
    shutil.copy(EXAMPLES / "business" / "firmbrief.toml", tmp_path / "firmbrief.toml")
    answers = read_data(EXAMPLES / "logo.yaml")
    del answers["freelancer"]
    (tmp_path / "answers.json").write_text(__import__("json").dumps(answers), "utf-8")
    result = run(
        "intake", "interview", "-o", tmp_path / "logo.yaml",
        "--answers", tmp_path / "answers.json", "--today", TODAY.isoformat(),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "freelancer" not in result.stdout, result.stdout
    assert "ready to start" in result.stdout
