"""How `firmbrief report` scales: the books over many projects.

Builds five projects from the examples, each with a record of 50 events (the signing, then
notes, payments of a cent, voids, materials, deliveries, a revision and an acceptance, as
benchmarks/project_record.py writes them), copies them into 500 project folders, and prints:

* the whole-process time of ``firmbrief report FOLDER --format json`` over 50, 200 and 500
  projects: the first run, which replays every record (cold), and the median of the runs
  after it, which find each unchanged project's facts in the cache (warm);
* the peak memory (maximum resident set size of the process) at each size: it should stay
  flat, since a project's facts are kept and the project itself is not.

Target: 500 projects of 50 events each in under 2 seconds, memory flat in the number of
projects.

Run: python benchmarks/books_report.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from project_record import _build

from common import machine, tool

TARGET = 2.0
SIZES = (50, 200, 500)


def _run(folder: Path, cache: Path) -> tuple[float, int]:
    """Seconds and peak resident kilobytes of one ``firmbrief report`` over ``folder``."""
    command = [tool("firmbrief"), "report", str(folder), "-f", "json", "--today", "2027-06-01"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    environ = {**os.environ, "FIRMBRIEF_CACHE": str(cache)}
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=environ)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine()}; median of {args.runs} runs")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        bases = []
        for n in range(5):
            base = root / "bases" / f"p{n}"
            base.mkdir(parents=True)
            bases.append(_build(base, 50).parent)
        print(f"{'projects':>9} {'cold':>8} {'warm':>8} {'peak RSS':>10}")
        figures = {}
        for size in SIZES:
            folder = root / f"studio-{size}"
            for n in range(size):
                shutil.copytree(bases[n % len(bases)], folder / f"project-{n:04d}")
            cache = root / f"cache-{size}"
            cold = _run(folder, cache)
            runs = [_run(folder, cache) for _ in range(args.runs)]
            warm = statistics.median(r[0] for r in runs)
            # ru_maxrss of children is the largest of any child so far: run the sizes in
            # increasing order, so each figure is at most this size's peak
            peak = max([cold[1], *(r[1] for r in runs)])
            figures[size] = (cold[0], warm, peak)
            print(f"{size:>9} {cold[0]:>7.2f}s {warm:>7.2f}s {peak / 1024:>8.1f}MB")
    cold_s, warm_s, peak = figures[SIZES[-1]]
    small = figures[SIZES[0]][2]
    verdict = "met" if warm_s < TARGET else "MISSED"
    print(
        f"target: {SIZES[-1]} projects under {TARGET:g} s: {verdict} (warm {warm_s:.2f} s, "
        f"cold {cold_s:.2f} s); memory {small / 1024:.1f} MB at {SIZES[0]} projects, "
        f"{peak / 1024:.1f} MB at {SIZES[-1]}"
    )


if __name__ == "__main__":
    main()
