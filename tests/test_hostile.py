"""Bad input never hurts: every way data enters firmbrief, fed hostile data.

Each case runs the real command line in a separate process (tests/hostile_harness.py) that
records every file Python opens and every network call it tries, under a memory limit and a
time limit. Every case asserts the exact outcome: the exit code; for a refusal, one line on
stderr naming the file (and the field where there is one); no traceback; no output written, or
the old one left intact; the canary file outside the allowed folders never opened; the canary
HTTP server on 127.0.0.1 never asked for anything.

The cases are in hostile_cases_*.py; tests/test_interrupted_writes.py breaks each kind of output
file in the middle of its writing.
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
from pathlib import Path

import pytest

import hostile_cases_answers
import hostile_cases_files
from hostile_support import HARNESS, MEMORY_MB, Canary, Env, Expect

CASES: list[Callable[[Env], Expect]] = [*hostile_cases_files.CASES, *hostile_cases_answers.CASES]


@pytest.fixture(scope="module")
def canary_port() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
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

    report = tmp_path / "report.json"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(HARNESS), str(report), str(MEMORY_MB), "--", *expect.argv],
        capture_output=True,
        text=True,
        timeout=expect.seconds * 2,
        cwd=work,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    elapsed = time.monotonic() - started
    output = done.stdout + done.stderr
    assert done.returncode == expect.exit, output
    assert "Traceback" not in output
    assert elapsed < expect.seconds, f"took {elapsed:.1f} s"
    if expect.stderr is not None:
        lines = done.stderr.splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith("error: "), lines[0]
        assert re.search(expect.stderr, lines[0]), lines[0]
    if expect.stdout is not None:
        assert re.search(expect.stdout, done.stdout), done.stdout

    facts = json.loads(report.read_text("utf-8"))
    opened = {os.path.realpath(p) for p in facts["opened"]}
    assert str(canary) not in opened, "the canary file outside the allowed folders was opened"
    assert not facts["network"], facts["network"]
    assert not Canary.requests, Canary.requests
    for path, content in before.items():
        assert path.read_bytes() == content, f"{path} was changed"
    for path in expect.absent:
        assert not path.exists(), f"{path} was written"
    assert not list(tmp_path.rglob("*.tmp")), "a temporary file was left behind"
    if expect.then is not None:
        expect.then()


def test_the_suite_has_at_least_30_cases() -> None:
    from test_interrupted_writes import WRITERS

    assert len(CASES) + len(WRITERS) >= 30
