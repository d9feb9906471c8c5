"""Helpers shared by the benchmark scripts: timing whole processes, reporting figures."""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """A console script installed beside this Python (the project's virtual environment)."""
    found = BIN / name
    if found.exists():
        return str(found)
    return shutil.which(name) or name


def time_process(argv: Sequence[str], *, runs: int, warmup: int = 2) -> float:
    """Median wall-clock seconds of running ``argv`` to completion ``runs`` times.

    As an installed program runs: with its bytecode compiled (pip compiles a package's modules
    when it installs them), so ``PYTHONDONTWRITEBYTECODE`` is dropped and the warm-up runs write
    the bytecode of an editable install's modules.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    for _ in range(warmup):
        subprocess.run(argv, env=env, capture_output=True, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def machine() -> str:
    cpus = os.cpu_count()
    python = platform.python_version()
    return f"{platform.system()} {platform.machine()}, {cpus} cores, Python {python}"
