"""The command line reads well at 80 columns: paragraphs wrapped whole, words for metavars,
-V, shell completion, and document names without doubled words."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from firmbrief.contracts.naming import document_stem

from conftest import FIRMBRIEF

COMMANDS = [
    [], ["init"], ["check"], ["render"], ["verify"], ["questionnaire"], ["intake", "import"],
    ["intake", "interview"], ["record"], ["status"], ["invoice"],
]


def _help(args: list[str]) -> str:
    env = {**os.environ, "COLUMNS": "80", "TERM": "dumb", "NO_COLOR": "1"}
    done = subprocess.run(
        [str(FIRMBRIEF), *args, "--help"], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "firmbrief")
def test_help_fits_80_columns_without_ragged_paragraphs(args: list[str]) -> None:
    text = _help(args)
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines)
    box = next(i for i, line in enumerate(lines) if "╭" in line)
    intro = [line.strip() for line in lines[:box]]
    for here, after in zip(intro, intro[1:], strict=False):
        # a line cut short in the middle of a paragraph: the docstring's own line break
        if here and after and not here.startswith("Usage:"):
            assert len(here) + len(after.split()[0]) + 1 > 76, (here, after)
    for word in ("<bool>", "<list[Path]>", "<path>", "{BRIEF", "<int"):
        assert word not in text


def test_render_names_its_arguments_in_words() -> None:
    text = _help(["render"])
    assert "Usage: firmbrief render [OPTIONS] BRIEF..." in text
    assert " DIR " in text and " DATE " in text and "a4|letter" in text


def test_dash_v_prints_the_version() -> None:
    done = subprocess.run([str(FIRMBRIEF), "-V"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("firmbrief ")
    long = subprocess.run([str(FIRMBRIEF), "--version"], capture_output=True, text=True, check=False)
    assert long.stdout == done.stdout


def test_shell_completion_can_be_installed() -> None:
    text = _help([])
    assert "--install-completion" in text and "--show-completion" in text


@pytest.mark.parametrize(
    ("name", "title", "stem"),
    [
        ("logo.yaml", "Brand identity", "logo"),
        ("brief.yaml", "Brand identity for Kettle & Crumb", "brand-identity-for-kettle-crumb"),
        ("Brief.json", "Café Ölberg", "cafe-olberg"),
        ("kettle-brief.yaml", None, "kettle"),
        ("kettle_terms.yaml", None, "kettle"),
        ("brief.yaml", None, "project"),
        ("brief.yaml", "!!!", "project"),
        ("debriefing.yaml", None, "debriefing"),
    ],
)
def test_documents_are_named_without_doubled_words(name: str, title: str | None, stem: str) -> None:
    assert document_stem(Path(name), title) == stem
