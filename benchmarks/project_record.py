"""How the project record scales: appending an event, reading it, and `firmbrief status`.

A record is rewritten whole on every append (temporary file, fsync, rename: see
firmbrief.contracts.record.log), so an append costs more as the record grows. This prints,
for records of a few sizes built from examples/logo.yaml, the median in-process time of

* reading and verifying the record (every line's check sum and chain);
* working out the project's state (``status`` without printing);
* one ``firmbrief record`` append (lock, read, validate, rewrite, fsync);

and the whole-process time of ``firmbrief status``. Target: an append under 100 ms and
``status`` under 1 s with 1,000 events, ten times what a long project records.

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

from firmbrief.contracts.record.log import log_path, read_record
from firmbrief.contracts.record.recording import record
from firmbrief.contracts.record.replay import project_of
from firmbrief.contracts.record.state import load_brief

from common import EXAMPLES, machine, time_process, tool


def _median(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _build(folder: Path, events: int) -> Path:
    brief = folder / "logo.yaml"
    shutil.copy(EXAMPLES / "logo.yaml", brief)
    record(brief, "signed", {}, when="2026-12-01")
    day = date(2027, 1, 4)
    for n in range(events - 1):
        record(brief, "note", {"kind": "update", "about": f"update {n}"}, when=day.isoformat())
        day += timedelta(days=1 if n % 5 else 0)
    return brief


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(f"machine: {machine()}; median of {args.runs} runs")
    print(f"{'events':>7} {'bytes':>9} {'read':>9} {'state':>9} {'append':>9} {'status cmd':>11}")
    for size in (10, 100, 1000):
        with tempfile.TemporaryDirectory() as tmp:
            print(_row(_build(Path(tmp), size), size, args.runs))


def _row(brief: Path, size: int, runs: int) -> str:
    loaded = load_brief(brief)
    today = date(2027, 6, 1)
    read = _median(lambda: read_record(brief), runs)
    state = _median(lambda: project_of(loaded, read_record(brief), today=today), runs)
    append = _median(lambda: record(brief, "note", {"kind": "update"}, when="2027-06-01"), runs)
    command = time_process(
        [tool("firmbrief"), "status", str(brief), "--today", today.isoformat()], runs=5
    )
    return (
        f"{size:>7} {log_path(brief).stat().st_size:>9} {read * 1000:>7.1f}ms "
        f"{state * 1000:>7.1f}ms {append * 1000:>7.1f}ms {command * 1000:>9.1f}ms"
    )


if __name__ == "__main__":
    main()
