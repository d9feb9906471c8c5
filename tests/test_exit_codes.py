"""Exit codes from one table (``firmbrief.errors.EXIT_CODES``, README's table the same): the same
refusal exits the same in every command, a bug is 70 even inside a batch, and a wrong option
value is one ``error:`` line naming the option (exit 2), never Click's boxed usage panel."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
import yaml

from firmbrief.errors import (
    EXIT_CODES,
    EXIT_INTERNAL,
    EXIT_NOT_READY,
    EXIT_UNUSABLE,
    FirmbriefError,
)

from conftest import EXAMPLES, run
from invoice_support import business

ROOT = Path(__file__).resolve().parent.parent
SIGNED = "2026-12-01"


def readme_table() -> dict[int, str]:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("### Exit codes\n", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", section, flags=re.MULTILINE)
    return {int(code): meaning for code, meaning in rows}


def test_readme_has_the_table_of_the_code() -> None:
    assert readme_table() == EXIT_CODES


def test_no_command_exits_with_a_number_of_its_own() -> None:
    """Every exit code in the code is a name from the table, not a number written in place."""
    found = []
    for path in sorted((ROOT / "firmbrief").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            literal = None
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Exit":
                literal = next((a for a in node.args if isinstance(a, ast.Constant)), None)
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "exit_code" for t in node.targets
            ):
                literal = node.value if isinstance(node.value, ast.Constant) else None
            if literal is not None:
                found.append(f"{path.relative_to(ROOT)}:{literal.lineno}")
    assert not found, f"exit codes written as numbers: {found}"


def one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    assert not any(mark in stderr for mark in ("Usage:", "╭", "│", "Try '")), stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("check", "{brief}", "--format", "xml"), "--format"),
        (("status", "{brief}", "--format", "yaml"), "--format"),
        (("schedule", "{brief}", "-f", "xml"), "--format"),
        (("gate", "start", "{brief}", "1", "--format", "csv"), "--format"),
        (("verify", "{pdf}", "--format", "xml"), "--format"),
        (("check", "{brief}", "--today", "banana"), "--today"),
        (("status", "{brief}", "--today", "2027-13-45"), "--today"),
        (("render", "{brief}", "--paper", "a5"), "--paper"),
        (("render", "{brief}", "--jobs", "many"), "--jobs"),
        (("gate", "start", "{brief}", "two"), "N"),
        (("record", "{brief}", "payment", "--amount", "ten"), "--amount"),
        (("invoice", "{brief}", "--date", "soon"), "--date"),
    ],
)
def test_a_wrong_option_value_is_one_line_naming_it(
    logo: Path, args: tuple[str, ...], option: str
) -> None:
    given = [a.format(brief=logo, pdf=logo.with_suffix(".pdf")) for a in args]
    result = run(*given)
    assert result.exit_code == EXIT_UNUSABLE, result.output
    line = one_error_line(result.stderr)
    assert f" {option}: " in f" {line.removeprefix('error: ')}".replace(f"{logo}: ", ""), line


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("check", "{brief}", "--bogus"), "no such option: --bogus (see `firmbrief check -h`)"),
        (("check",), "missing argument 'BRIEF' (see `firmbrief check -h`)"),
        (("frobnicate",), "no such command 'frobnicate' (see `firmbrief -h`)"),
        (("--bogus",), "no such option: --bogus (see `firmbrief -h`)"),
    ],
)
def test_a_wrong_command_line_is_one_line(logo: Path, args: tuple[str, ...], says: str) -> None:
    result = run(*[a.format(brief=logo) for a in args])
    assert result.exit_code == EXIT_UNUSABLE, result.output
    assert one_error_line(result.stderr) == f"error: {says}"


def test_no_arguments_still_shows_the_help() -> None:
    result = run("gate")
    assert "Usage: firmbrief gate" in result.output and "error:" not in result.output


def test_dated_before_the_signing_exits_the_same_in_record_and_invoice(tmp_path: Path) -> None:
    brief = business(tmp_path)
    recorded = run("record", brief, "note", "--kind", "update", "--date", "2026-11-30")
    invoiced = run("invoice", brief, "--date", "2026-11-30")
    for result in (recorded, invoiced):
        assert "before the signing" in one_error_line(result.stderr), result.stderr
    assert recorded.exit_code == invoiced.exit_code == EXIT_UNUSABLE


def test_not_signed_exits_the_same_everywhere(tmp_path: Path) -> None:
    brief = business(tmp_path, signed=False)
    results = {
        "record": run("record", brief, "note", "--kind", "update", "--date", SIGNED),
        "invoice": run("invoice", brief, "--date", SIGNED),
        "notice": run("notice", brief, "payment", "--today", SIGNED),
        "render --amendment": run("render", brief, "--amendment", "-o", tmp_path / "out"),
    }
    for name, result in results.items():
        assert "not signed" in one_error_line(result.stderr), (name, result.stderr)
    assert {name: r.exit_code for name, r in results.items()} == dict.fromkeys(
        results, EXIT_NOT_READY
    )


def test_changed_after_signing_exits_the_same_everywhere(tmp_path: Path) -> None:
    brief = business(tmp_path)
    data = yaml.safe_load(brief.read_text("utf-8"))
    data["iterations"][0]["price"] = "1200.00"
    brief.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    results = {
        "gate start": run("gate", "start", brief, "1", "--today", SIGNED),
        "gate release-source": run("gate", "release-source", brief, "--today", SIGNED),
        "notice": run("notice", brief, "payment", "--today", SIGNED),
        "invoice": run("invoice", brief, "--date", SIGNED),
        "render": run("render", brief, "-o", tmp_path / "out", "--today", SIGNED),
    }
    for name, result in results.items():
        assert "changed after" in result.stderr, (name, result.stderr)
    assert {name: r.exit_code for name, r in results.items()} == dict.fromkeys(
        results, EXIT_NOT_READY
    )
    assert not list(tmp_path.glob("**/*.pdf"))


def test_a_bug_is_70_in_a_command(logo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import firmbrief.briefs.readiness as readiness

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(readiness, "check_file", broken)
    result = run("check", logo)
    assert result.exit_code == EXIT_INTERNAL, result.output
    assert result.stderr.startswith("internal error: RuntimeError. This is a bug in firmbrief")
    assert len(result.stderr.splitlines()) == 1, result.stderr


def test_a_bug_is_70_in_a_render_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import firmbrief.contracts.batch as batch

    folder = tmp_path / "briefs"
    folder.mkdir()
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(EXAMPLES / "logo.yaml", folder / name)
    calls: list[Path] = []

    def broken_once(brief: Path, *args: object, **kwargs: object) -> object:
        calls.append(brief)
        if len(calls) == 1:
            raise RuntimeError("a bug")
        raise FirmbriefError("refused", file=str(brief))

    monkeypatch.setattr(batch, "render_with", broken_once)
    result = run("render", folder, "--jobs", "1", "-o", tmp_path / "out", "--today", SIGNED)
    assert result.exit_code == EXIT_INTERNAL, result.output
    assert "internal error: RuntimeError" in result.output and len(calls) == 2


def test_a_bug_is_70_in_an_invoice_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import firmbrief.contracts.invoices.batch as batch

    business(tmp_path / "clients", name="a.yaml")

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(batch, "due_instalments", broken)
    result = run("invoice", tmp_path / "clients", "--due", "2027-01-11", "--date", SIGNED)
    assert result.exit_code == EXIT_INTERNAL, result.output
    assert "internal error: RuntimeError" in result.output
