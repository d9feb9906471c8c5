"""Many briefs at once: what one batch command saves, how it scales, and that memory stays flat.

Prints, on this machine:

(a) N briefs (default 200) rendered by one `firmbrief render FOLDER` against N separate
    `firmbrief render BRIEF` calls, both two at a time (the ratio);
(b) the batch's speed-up from --jobs 1 to --jobs 2;
(c) the peak memory of a 1,000-brief batch against a 10-brief batch: the whole process tree
    (sampled every 0.1 s) and the largest single process;
(d) the earlier figures: check_startup.py and render_overhead.py, run as they are.

The briefs are generated from the examples with varied content (benchmarks/generate.py) into a
temporary folder. `--write-results` records the output in benchmarks/RESULTS.md.
Run: python benchmarks/batch_render.py [--count N] [--big N] [--write-results]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from generate import generate

from common import ROOT, machine, tool

TODAY = "2026-11-23"


def _tree_rss_kb(root: int) -> tuple[int, int]:
    """Resident memory of ``root`` and its descendants: (total, largest one), in kB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="utf-8") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, largest, stack = 0, 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        largest = max(largest, rss.get(pid, 0))
        stack.extend(children.get(pid, []))
    return total, largest


def run_measured(argv: Sequence[str]) -> tuple[float, float, float]:
    """(wall seconds, peak total MB of the process tree, peak MB of its largest process)."""
    env = {**os.environ, "NO_COLOR": "1"}
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_total = peak_one = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_total, peak_one
        while not done.is_set():
            total, largest = _tree_rss_kb(process.pid)
            peak_total, peak_one = max(peak_total, total), max(peak_one, largest)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    done.set()
    sampler.join()
    return time.perf_counter() - start, peak_total / 1024, peak_one / 1024


def batch(folder: Path, out: Path, jobs: int) -> tuple[float, float, float]:
    return run_measured(
        [
            tool("firmbrief"),
            "render",
            str(folder),
            "-o",
            str(out),
            "--today",
            TODAY,
            "-j",
            str(jobs),
        ]
    )


def separate(briefs: Sequence[Path], out: Path, parallel: int) -> float:
    def one(brief: Path) -> None:
        subprocess.run(
            [tool("firmbrief"), "render", str(brief), "-o", str(out), "--today", TODAY],
            capture_output=True,
            check=True,
        )

    start = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(one, briefs))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--big", type=int, default=1000)
    parser.add_argument("--write-results", action="store_true")
    args = parser.parse_args()
    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    say(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        briefs = generate(args.count, work / "briefs")
        wall_batch, _, _ = batch(work / "briefs", work / "out-batch", jobs=2)
        wall_sep = separate(briefs, work / "out-separate", parallel=2)
        say(
            f"(a) {args.count} briefs, two at a time: one batch command {wall_batch:7.1f} s, "
            f"{args.count} separate calls {wall_sep:7.1f} s: "
            f"the batch is {wall_sep / wall_batch:.1f}x faster"
        )
        wall_one, _, _ = batch(work / "briefs", work / "out-j1", jobs=1)
        say(
            f"(b) batch of {args.count}: --jobs 1 {wall_one:7.1f} s, --jobs 2 {wall_batch:7.1f} s: "
            f"speed-up {wall_one / wall_batch:.2f}x"
        )
        generate(10, work / "small")
        generate(args.big, work / "big")
        small = batch(work / "small", work / "out-small", jobs=2)
        big = batch(work / "big", work / "out-big", jobs=2)
        say(
            f"(c) peak memory, --jobs 2: 10 briefs {small[1]:6.0f} MB in all, largest process "
            f"{small[2]:5.0f} MB ({small[0]:.1f} s); {args.big} briefs {big[1]:6.0f} MB in all, "
            f"largest process {big[2]:5.0f} MB ({big[0]:.1f} s): ratio {big[1] / small[1]:.2f}x"
        )
    for script in ("check_startup.py", "render_overhead.py"):
        done = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / script)],
            capture_output=True,
            text=True,
            check=True,
        )
        say(f"(d) {script}:")
        for line in done.stdout.splitlines():
            if not line.startswith("machine:"):
                say(f"    {line}")
    if args.write_results:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        results = ROOT / "benchmarks" / "RESULTS.md"
        results.write_text(
            "# Benchmark results\n\n"
            f"Last run: {stamp}, `python benchmarks/batch_render.py --write-results` "
            f"(count {args.count}, big {args.big}).\n\n```\n" + "\n".join(lines) + "\n```\n",
            "utf-8",
        )
        print(f"wrote {results}")


if __name__ == "__main__":
    main()
