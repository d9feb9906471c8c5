"""What `firmbrief render` costs beyond WeasyPrint itself.

Prints the median whole-process time (wall clock and CPU), and the peak memory, of:

* ``firmbrief render BRIEF --what all``: both documents, from the brief file to two PDFs;
* a bare Python script that renders the same two HTML files (written by ``--html``, styles
  inline) with ``weasyprint.HTML(filename=...).write_pdf(...)``: WeasyPrint and nothing else.

The two run in turns, so a busy machine slows both alike; CPU time is the steadier figure there.
Target: render under 1.25x the bare script. Run: python benchmarks/render_overhead.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from common import EXAMPLES, machine, time_process, tool

BARE = """\
import sys
import weasyprint

for html in sys.argv[1:]:
    weasyprint.HTML(filename=html).write_pdf(html.removesuffix(".html") + ".bare.pdf")
"""

PEAK = """\
import resource, subprocess, sys
subprocess.run(sys.argv[1:], capture_output=True, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _run(argv: Sequence[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of ``argv``."""
    env = {**os.environ, "NO_COLOR": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, capture_output=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def interleaved(
    first: Sequence[str], second: Sequence[str], *, runs: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median (wall, CPU) seconds of each command, run in turns so that a busy machine slows
    both alike."""
    time_process(first, runs=1, warmup=1)  # warm the disk cache and firmbrief's own cache
    time_process(second, runs=1, warmup=1)
    a, b = [], []
    for _ in range(runs):
        a.append(_run(first))
        b.append(_run(second))

    def medians(found: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.median(w for w, _ in found), statistics.median(c for _, c in found)

    return medians(a), medians(b)


def peak_memory(argv: Sequence[str]) -> float:
    """Peak resident memory of one run of ``argv``, in MB (Linux reports kilobytes)."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *argv], capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--brief", type=Path, default=EXAMPLES / "logo.yaml")
    parser.add_argument("--today", default="2026-11-23")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        render = [
            tool("firmbrief"), "render", str(args.brief), "--what", "all", "-o", str(out),
            "--today", args.today,
        ]  # fmt: skip
        subprocess.run([*render, "--html"], capture_output=True, check=True)
        pages = sorted(str(p) for p in out.glob("*.html"))
        assert len(pages) == 2, pages
        script = out / "bare.py"
        script.write_text(BARE, "utf-8")
        bare = [sys.executable, str(script), *pages]

        (bare_time, bare_cpu), (render_time, render_cpu) = interleaved(bare, render, runs=args.runs)
        bare_peak = peak_memory(bare)
        render_peak = peak_memory(render)

    print(f"machine: {machine()}; median of {args.runs} runs each, taken in turns")
    label = "bare WeasyPrint, the same two HTML files"
    print(
        f"{label:<44} {bare_time * 1000:6.0f} ms wall {bare_cpu * 1000:6.0f} ms CPU   "
        f"peak {bare_peak:5.1f} MB"
    )
    label = f"firmbrief render {args.brief.name} --what all"
    print(
        f"{label:<44} {render_time * 1000:6.0f} ms wall {render_cpu * 1000:6.0f} ms CPU   "
        f"peak {render_peak:5.1f} MB"
    )
    print(
        f"ratio: {render_time / bare_time:.2f}x bare in wall-clock time (target < 1.25x), "
        f"{render_cpu / bare_cpu:.2f}x in CPU time"
    )


if __name__ == "__main__":
    main()
