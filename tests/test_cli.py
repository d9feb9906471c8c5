"""The command line as users and scripts meet it: exit codes, output shapes, speed guards, docs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from firmbrief.commands.app import app, main

from conftest import EXAMPLES, FIRMBRIEF, READY_EXAMPLES, ROOT, TODAY, run


@pytest.mark.parametrize("example", READY_EXAMPLES, ids=lambda p: p.name)
def test_check_says_ready_and_exits_0(example: Path) -> None:
    result = run("check", example, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{example}: ready to start\n"


def test_check_json_has_exactly_the_documented_shape() -> None:
    result = run("check", EXAMPLES / "defects.yaml", "--today", TODAY.isoformat(), "-f", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert set(report) == {"version", "file", "ready", "findings"} and report["version"] == 1
    assert report["file"] == str(EXAMPLES / "defects.yaml")
    assert report["ready"] is False
    for finding in report["findings"]:
        assert set(finding) == {"severity", "code", "loc", "field", "message"}
        assert finding["severity"] in {"error", "warning"}
        assert all(isinstance(part, str | int) for part in finding["loc"])
    vague = next(f for f in report["findings"] if f["field"] == "iterations[0].start")
    assert vague["loc"] == ["iterations", 0, "start"]
    assert vague["code"] == "date-vague"
    assert '"ASAP"' in vague["message"]


def test_check_text_groups_errors_before_warnings() -> None:
    result = run("check", EXAMPLES / "defects.yaml", "--today", TODAY.isoformat())
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert re.fullmatch(
        r".*defects\.yaml: not ready to start \(\d+ errors, \d+ warnings\)", lines[0]
    )
    severities = [line.split()[0] for line in lines[1:]]
    assert severities == sorted(severities)  # "error" sorts before "warning"
    assert "\x1b[" not in result.stdout


def test_a_vague_today_option_is_refused() -> None:
    result = run("check", EXAMPLES / "logo.yaml", "--today", "next week")
    assert result.exit_code == 2
    assert result.stderr.startswith('error: --today: "next week" is not a calendar date')


def test_main_is_callable_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(EXAMPLES / "logo.yaml"), "--today", TODAY.isoformat()])
    assert code == 0
    assert "ready to start" in capsys.readouterr().out


def _modules_loaded(*args: str) -> set[str]:
    script = (
        "import sys\n"
        "from firmbrief.commands.app import main\n"
        f"code = main({list(args)!r})\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    return set(done.stderr.split())


@pytest.mark.parametrize(
    "args",
    [("--help",), ("check", str(EXAMPLES / "logo.yaml"), "--today", "2026-11-23")],
    ids=["help", "check"],
)
def test_help_and_check_do_not_import_weasyprint(args: tuple[str, ...]) -> None:
    loaded = _modules_loaded(*args)
    assert "firmbrief.commands.app" in loaded
    assert not {m for m in loaded if m.split(".")[0] in {"weasyprint", "jinja2", "pypdf"}}
    # nor the project record's models, for a brief that has no record
    assert "firmbrief.contracts.record.events" not in loaded


def test_no_traceback_on_an_unexpected_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import firmbrief.briefs.readiness as readiness

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("client secret in the message")

    monkeypatch.setattr(readiness, "check_file", broken)
    result = run("check", EXAMPLES / "logo.yaml")
    assert result.exit_code == 70
    assert "Traceback" not in result.output
    assert "client secret" not in result.output
    assert "internal error: RuntimeError" in result.stderr


def _commands() -> set[str]:
    import typer.main

    group = typer.main.get_group(app)
    names: set[str] = set()
    for name, command in group.commands.items():
        subcommands = getattr(command, "commands", None)
        names.update(f"{name} {sub}" for sub in subcommands) if subcommands else names.add(name)
    return names


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for command in _commands():
        assert f"firmbrief {command}" in readme, command


def test_the_readme_shows_the_current_report_of_the_defects_example(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text("utf-8")
    result = run("check", "examples/defects.yaml", "--today", TODAY.isoformat())
    assert result.stdout.strip() in readme


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert re.fullmatch(r"firmbrief \d+\.\d+\.\d+\n", result.stdout)


@pytest.mark.parametrize("command", ["schema", "questionnaire --help", "check --help"])
def test_a_reader_that_goes_away_is_no_error(command: str) -> None:
    done = subprocess.run(
        ["sh", "-c", f"{FIRMBRIEF} {command} | true"],  # the reader is gone before a byte
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "error" not in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_every_command_is_in_the_table_main_builds_from() -> None:
    import typer.main
    from typer.core import TyperGroup

    from firmbrief.commands.app import COMMANDS, build_app

    group = typer.main.get_command(build_app())
    assert isinstance(group, TyperGroup)
    assert set(group.commands) == set(COMMANDS)
    for name, module in COMMANDS.items():
        alone = typer.main.get_command(build_app([module]))
        assert isinstance(alone, TyperGroup)
        assert name in alone.commands


def test_main_runs_a_command_with_only_its_own_module(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLES / "logo.yaml"), "--today", TODAY.isoformat()]) == 0
    assert capsys.readouterr().out == f"{EXAMPLES / 'logo.yaml'}: ready to start\n"
    assert main(["--version"]) == 0
