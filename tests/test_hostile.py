"""Bad input never hurts: every way data enters firmbrief, fed hostile data.

Each case runs the real command line in a separate process (tests/hostile_harness.py) that
records every file Python opens and every network call it tries, under a memory limit and a
time limit. Every case asserts the exact outcome: the exit code; for a refusal, one line on
stderr naming the file (and the field where there is one); no traceback; no output written, or
the old one left intact; the canary file outside the allowed folders never opened; the canary
HTTP server on 127.0.0.1 never asked for anything.

The cases are in hostile_cases_*.py, each marked with the guard it exercises (``@guards``, shown
in the test's id): remove that guard and the case fails. tests/test_interrupted_writes.py breaks
each kind of output file in the middle of its writing.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import hostile_cases_invoices
import pytest

import hostile_cases_answers
import hostile_cases_attacks
import hostile_cases_files
import hostile_cases_record
import hostile_cases_verify
from hostile_support import HARNESS, MEMORY_MB, Canary, Env, Expect, guard_of

CASES: list[Callable[[Env], Expect]] = [
    *hostile_cases_files.CASES,
    *hostile_cases_answers.CASES,
    *hostile_cases_attacks.CASES,
    *hostile_cases_record.CASES,
    *hostile_cases_verify.CASES,
    *hostile_cases_invoices.CASES,
]


@pytest.fixture(scope="module")
def canary_port() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@dataclass
class _Ran:
    exit: int
    stdout: str
    stderr: str
    report: Path


def _command(expect: Expect, report: Path) -> list[str]:
    return [sys.executable, str(HARNESS), str(report), str(MEMORY_MB), "--", *expect.argv]


def _run(expect: Expect, tmp_path: Path, work: Path) -> list[_Ran]:
    """Run the case's command (``copies`` of it at once), signalling it when asked to."""
    environ = {**os.environ, "NO_COLOR": "1", **expect.env}
    reports = [tmp_path / f"report-{n}.json" for n in range(expect.copies)]
    processes = [
        subprocess.Popen(
            _command(expect, report),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=work,
            env=environ,
        )
        for report in reports
    ]
    during = threading.Thread(target=expect.during) if expect.during else None
    if during:
        during.start()
    if expect.stop is not None:
        deadline = time.monotonic() + expect.seconds
        while time.monotonic() < deadline and not list(tmp_path.rglob("*.tmp")):
            time.sleep(0.02)
        assert list(tmp_path.rglob("*.tmp")), "the command never started writing"
        for process in processes:
            process.send_signal(expect.stop)
    ran = []
    for process, report in zip(processes, reports, strict=True):
        try:
            out, err = process.communicate(timeout=expect.seconds * 2)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
        ran.append(_Ran(process.returncode, out, err, report))
    if during:
        during.join()
    return ran


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[f"{c.__name__}--{guard_of(c)}" for c in CASES])
def test_hostile_input(case: Callable[[Env], Expect], tmp_path: Path, canary_port: int) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    canary = outside / "canary.png"
    canary.write_bytes(b"\x89PNG\r\n\x1a\n" + b"canary" * 10)
    work = tmp_path / "work"
    work.mkdir()
    env = Env(work=work, canary=canary, port=canary_port)
    expect = case(env)
    before = {path: path.read_bytes() for path in expect.unchanged}
    Canary.requests.clear()

    started = time.monotonic()
    ran = _run(expect, tmp_path, work)
    elapsed = time.monotonic() - started
    guard = f"[guard: {guard_of(case)}] "
    for done in ran:
        output = done.stdout + done.stderr
        assert done.exit == expect.exit, guard + output
        assert "Traceback" not in output, guard + output
        if expect.stderr is not None:
            lines = done.stderr.splitlines()
            assert len(lines) == 1, guard + done.stderr
            if expect.stop is None:  # stopped by a signal, it says so instead
                assert lines[0].startswith("error: "), guard + lines[0]
            assert re.search(expect.stderr, lines[0]), guard + lines[0]
        if expect.stdout is not None:
            assert re.search(expect.stdout, done.stdout), guard + done.stdout
        if done.report.exists():  # a command stopped by a signal writes no report
            facts = json.loads(done.report.read_text("utf-8"))
            opened = {os.path.realpath(p) for p in facts["opened"]}
            assert str(canary) not in opened, guard + "the canary file was opened"
            assert not facts["network"], guard + str(facts["network"])
    assert elapsed < expect.seconds, guard + f"took {elapsed:.1f} s"
    assert not Canary.requests, guard + str(Canary.requests)
    for path, content in before.items():
        assert path.read_bytes() == content, guard + f"{path} was changed"
    for path in expect.absent:
        assert not path.exists(), guard + f"{path} was written"
    assert not list(tmp_path.rglob("*.tmp")), guard + "a temporary file was left behind"
    if expect.then is not None:
        expect.then()


def test_every_case_names_its_guard() -> None:
    assert all(guard_of(case) for case in CASES), [c.__name__ for c in CASES if not guard_of(c)]


def test_the_suite_has_at_least_30_cases() -> None:
    from test_interrupted_writes import WRITERS

    assert len(CASES) + len(WRITERS) >= 30
