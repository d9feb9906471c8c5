"""The README's walkthrough ("A whole project, step by step") is true: every command of its
console blocks is run, in order, in a copy of examples/walkthrough/, and must print what the
README shows (``...`` for lines left out, check sums as ``check <16 hex digits>``).

To change a step (a command's options, its output), change the README: this test reads the
commands from there. The steps a project needs are checked to be there, in their order.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from test_tracking_readme import matches

from conftest import EXAMPLES, ROOT, run

TITLE = "## A whole project, step by step"


def walkthrough() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert TITLE in readme
    return readme.split(TITLE, 1)[1].split("\n## ", 1)[0]


def commands(text: str) -> list[tuple[str, list[str]]]:
    """Each command of the section's console blocks, with the lines shown for it."""
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", text, re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            elif found:
                found[-1][1].append(line)
    return found


def test_the_walkthrough_goes_from_questionnaire_to_source_release_in_order() -> None:
    said = [command for command, _ in commands(walkthrough())]
    order = [
        "firmbrief init",
        "firmbrief questionnaire",
        "firmbrief intake import",
        "firmbrief check",
        "firmbrief render",
        "firmbrief record kettle.yaml signed",
        "firmbrief invoice",
        "firmbrief record kettle.yaml payment",
        "firmbrief gate start",
        "firmbrief record kettle.yaml delivered",
        "firmbrief record kettle.yaml accepted",
        "firmbrief gate release-source",
        "firmbrief record kettle.yaml released",
    ]
    at = [next(i for i, c in enumerate(said) if c.startswith(step)) for step in order]
    assert at == sorted(at), list(zip(order, at, strict=True))


def test_every_command_of_the_walkthrough_prints_what_the_readme_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(EXAMPLES / "walkthrough", tmp_path / "walkthrough")
    monkeypatch.chdir(tmp_path / "walkthrough")
    steps = commands(walkthrough())
    assert len(steps) >= 20
    for command, shown in steps:
        result = run(*shlex.split(command)[1:])
        assert result.exit_code == 0, (command, result.output)
        assert matches(result.stdout, shown), (command, result.stdout)
    assert (tmp_path / "walkthrough" / "out" / "kettle-terms.pdf").exists()
    assert len(list((tmp_path / "walkthrough").glob("kettle-invoice-*.pdf"))) == 4
