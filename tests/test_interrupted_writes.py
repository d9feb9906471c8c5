"""A crash, a failing disk or Ctrl-C in the middle of writing each kind of output file: the old
file stays intact and no temporary file is left."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from firmbrief.briefs.files import read_data

from conftest import EXAMPLES, FIRMBRIEF, TODAY, run

# --- Ctrl-C during an interview -----------------------------------------------------------------


@pytest.mark.slow
def test_ctrl_c_during_an_interview_keeps_what_was_typed(tmp_path: Path) -> None:
    brief = tmp_path / "phone.yaml"
    process = subprocess.Popen(
        [str(FIRMBRIEF), "intake", "interview", "-o", str(brief)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"Rebrand for Nordlicht Cafe\n")
    process.stdin.flush()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (
        brief.exists() and b"Nordlicht" in brief.read_bytes()
    ):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stdout + stderr
    assert b"Traceback" not in stderr
    assert len(stderr.decode().strip().splitlines()) == 1, stderr
    assert read_data(brief)["title"] == "Rebrand for Nordlicht Cafe"


# --- a crash in the middle of writing each kind of output file ----------------------------------


def _failing_fsync(error: BaseException) -> Callable[[int], None]:
    def fail(fd: int) -> None:
        raise error

    return fail


def _render(tmp: Path) -> tuple[list[str], Path]:
    target = tmp / "logo-terms.pdf"
    return [
        "render",
        str(EXAMPLES / "logo.yaml"),
        "-o",
        str(tmp),
        "--what",
        "terms",
        "--today",
        TODAY.isoformat(),
    ], target


def _questionnaire(tmp: Path) -> tuple[list[str], Path]:
    return ["questionnaire", "-o", str(tmp / "q.md")], tmp / "q.md"


def _import(tmp: Path) -> tuple[list[str], Path]:
    brief = tmp / "brief.yaml"
    brief.write_bytes((EXAMPLES / "logo.yaml").read_bytes())
    answers = tmp / "answers.yaml"
    answers.write_text("title: A new title\n", "utf-8")
    return ["intake", "import", str(answers), "--into", str(brief)], brief


def _interview(tmp: Path) -> tuple[list[str], Path]:
    answers = tmp / "answers.yaml"
    answers.write_text("title: A new title\n", "utf-8")
    brief = tmp / "phone.yaml"
    brief.write_text("title: Taken on the phone\n", "utf-8")  # an interview to resume
    return ["intake", "interview", "-o", str(brief), "--answers", str(answers)], brief


def _record(tmp: Path) -> tuple[list[str], Path]:
    brief = tmp / "logo.yaml"
    brief.write_bytes((EXAMPLES / "logo.yaml").read_bytes())
    assert run("record", brief, "signed", "--date", "2026-12-01").exit_code == 0
    return ["record", str(brief), "payment", "--amount", "1071.00", "--date", "2027-01-05"], (
        tmp / "logo.yaml.log.jsonl"
    )


def _schedule(tmp: Path) -> tuple[list[str], Path]:
    return [
        "schedule",
        str(EXAMPLES / "logo.yaml"),
        "--ics",
        str(tmp / "logo.ics"),
    ], tmp / "logo.ics"


def _notice(tmp: Path) -> tuple[list[str], Path]:
    args, _ = _record(tmp)
    return [
        "notice",
        args[1],
        "materials",
        "--today",
        "2027-01-20",
        "--output",
        str(tmp / "n.txt"),
    ], (tmp / "n.txt")


WRITERS: list[Callable[[Path], tuple[list[str], Path]]] = [
    _render,
    _questionnaire,
    _import,
    _interview,
    _record,
    _schedule,
    _notice,
]


@pytest.mark.parametrize("writer", WRITERS, ids=[w.__name__.strip("_") for w in WRITERS])
@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (
            OSError(28, "No space left on device"),
            2,
            r"^error: .*: cannot be written \(No space left on device\); the old file is unchanged$",
        ),
        (
            KeyboardInterrupt(),
            130,
            r"^(interrupted: nothing was half-written|saved; run again to resume: .*)$",
        ),
    ],
    ids=["disk-full", "ctrl-c"],
)
def test_a_failure_while_writing_leaves_the_old_file_intact(
    writer: Callable[[Path], tuple[list[str], Path]],
    error: BaseException,
    code: int,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args, target = writer(tmp_path)
    old = target.read_bytes() if target.exists() else b"the old file\n"
    target.write_bytes(old)
    monkeypatch.setattr(os, "fsync", _failing_fsync(error))
    result = run(*args)
    assert result.exit_code == code, result.output
    assert re.search(message, result.stderr.strip().splitlines()[-1]), result.stderr
    assert target.read_bytes() == old
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
