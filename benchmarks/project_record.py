"""How the project record scales: appending an event, reading it, and `firmbrief status`.

A record is rewritten whole on every append (temporary file, fsync, rename; then its head beside
it: see firmbrief.contracts.record.log), and every command replays it whole (every payment
booked, every void applied, the schedule worked out twice), so both cost more as the record
grows. This prints, for records of a few sizes built from examples/logo.yaml, the median
in-process time of

* reading and verifying the record (every line's check sum and chain, and the head);
* working out the project's state (``status`` without printing);
* one ``firmbrief record`` append (lock, read, validate, replay before and after, rewrite,
  fsync, head);

and the whole-process time of ``firmbrief status``. The records are what a long, untidy project
writes, ten times over: after the signing, a mix of progress notes, payments a cent at a time
(each booked by the one rule), voids of some of them, materials and a delivery, a revision and
an acceptance. Targets with 1,000 events: ``status`` under 0.3 s (the whole process), an append
under 0.1 s.

Run: python benchmarks/project_record.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from firmbrief.contracts.record.log import log_path, read_record
from firmbrief.contracts.record.recording import record
from firmbrief.contracts.record.replay import project_of
from firmbrief.contracts.record.state import load_brief

from common import EXAMPLES, machine, time_process, tool

STATUS_TARGET = 0.3
APPEND_TARGET = 0.1


def _median(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _events(count: int) -> list[tuple[str, dict[str, Any], date]]:
    """``count`` events after the signing: the work of iteration 1 at its dates, and between
    them notes, payments of a cent and voids of every third payment."""
    work: dict[int, tuple[str, dict[str, Any], date]] = {
        1: ("materials", {"materials": [1, 2]}, date(2027, 1, 6)),
        count // 3: ("delivered", {"iteration": 1, "draft": 1}, date(2027, 1, 20)),
        count // 2: ("revision", {"iteration": 1, "revise": ["logo: warmer"]}, date(2027, 1, 22)),
        2 * count // 3: ("delivered", {"iteration": 1}, date(2027, 2, 5)),
        count - 1: ("accepted", {"iteration": 1}, date(2027, 2, 8)),
    }
    events: list[tuple[str, dict[str, Any], date]] = []
    day, payments = date(2027, 1, 4), []
    for n in range(count):
        if n in work:
            kind, options, when = work[n]
            day = max(day, when)
            events.append((kind, options, when))
            continue
        if n % 4 == 1:
            events.append(("payment", {"amount": "0.01", "again": True}, day))  # a cent a time
            payments.append(n + 2)  # its line: the signing is line 1
        elif n % 12 == 3 and payments:
            events.append(("void", {"line": payments.pop(0), "reason": "sent twice"}, day))
        else:
            events.append(("note", {"kind": "update", "about": f"update {n}"}, day))
        if n % 40 == 39:
            day = min(day + timedelta(days=1), date(2027, 2, 4))
    return events


def _build(folder: Path, count: int) -> Path:
    brief = folder / "logo.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", brief)
    record(brief, "signed", {}, when="2026-12-01")
    for kind, options, when in _events(count - 1):
        record(brief, kind, options, when=when.isoformat())
    return brief


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(f"machine: {machine()}; median of {args.runs} runs")
    print(f"{'events':>7} {'bytes':>9} {'read':>9} {'state':>9} {'append':>9} {'status cmd':>11}")
    for size in (10, 100, 1000):
        with tempfile.TemporaryDirectory() as tmp:
            line, append, command = _row(_build(Path(tmp), size), size, args.runs)
            print(line)
    verdict = "met" if command < STATUS_TARGET and append < APPEND_TARGET else "MISSED"
    print(
        f"targets at 1,000 events: status under {STATUS_TARGET:g} s, an append under "
        f"{APPEND_TARGET:g} s: {verdict}"
    )


def _row(brief: Path, size: int, runs: int) -> tuple[str, float, float]:
    loaded = load_brief(brief)
    today = date(2027, 6, 1)
    assert len(read_record(brief).entries) == size
    read = _median(lambda: read_record(brief), runs)
    state = _median(lambda: project_of(loaded, read_record(brief), today=today), runs)
    append = _median(lambda: record(brief, "note", {"kind": "update"}, when="2027-06-01"), runs)
    command = time_process(
        [tool("firmbrief"), "status", str(brief), "--today", today.isoformat()], runs=5
    )
    line = (
        f"{size:>7} {log_path(brief).stat().st_size:>9} {read * 1000:>7.1f}ms "
        f"{state * 1000:>7.1f}ms {append * 1000:>7.1f}ms {command * 1000:>9.1f}ms"
    )
    return line, append, command


if __name__ == "__main__":
    main()
