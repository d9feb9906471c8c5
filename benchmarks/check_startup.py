"""How fast `firmbrief check` answers, against what it cannot avoid and what a user would run.

Prints the median whole-process time of:

* ``python -c "import typer, yaml, pydantic.main"``: the libraries check cannot avoid;
* ``firmbrief check`` on a bundled example;
* ``check-jsonschema`` validating the same brief against ``firmbrief schema`` (structure only);

the three run in turn, round after round, so a busy moment of the machine weighs on all of them
alike. Then, from ``python -X importtime``, what ``check`` imports beyond the bare imports, by
module (self time), largest first.

Targets: check under 1.5x the bare imports, and faster than check-jsonschema.
Run: python benchmarks/check_startup.py [--runs N] [--breakdown N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import EXAMPLES, machine, tool

BARE = "import typer, yaml, pydantic.main"


def _env() -> dict[str, str]:
    # As an installed program runs: bytecode compiled (see common.time_process).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    return env


def interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """Each command run ``runs`` times, in turn, after two warm-up rounds; seconds per run."""
    env = _env()
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 2):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, env=env, capture_output=True, check=False)
            if round_ >= 2:
                times[name].append(time.perf_counter() - start)
    return times


def _self_times(argv: list[str]) -> dict[str, int]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], env=_env(), capture_output=True, text=True
    )
    found: dict[str, int] = {}
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            own, _, name = line.removeprefix("import time:").split("|")
            found[name.strip()] = int(own)
    return found


def breakdown(brief: Path, top: int) -> list[str]:
    """The modules ``check`` imports that the bare imports do not, by self time."""
    bare = _self_times(["-c", BARE])
    check = _self_times(["-m", "firmbrief", "check", str(brief), "--today", "2026-11-23"])
    extra = {name: us for name, us in check.items() if name not in bare}
    lines = [
        f"imports beyond the bare ones: {len(extra)} modules, "
        f"{sum(extra.values()) / 1000:.1f} ms of self time (of {sum(check.values()) / 1000:.1f})"
    ]
    for name, us in sorted(extra.items(), key=lambda item: -item[1])[:top]:
        lines.append(f"  {us / 1000:6.1f} ms  {name}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--breakdown", type=int, default=15, help="modules to list (0: none)")
    parser.add_argument("--brief", type=Path, default=EXAMPLES / "logo.yaml")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        schema = Path(tmp) / "brief.schema.json"
        schema.write_text(
            subprocess.run(
                [tool("firmbrief"), "schema"], capture_output=True, text=True, check=True
            ).stdout
        )
        times = interleaved(
            {
                "bare": [sys.executable, "-c", BARE],
                "check": [tool("firmbrief"), "check", str(args.brief), "--today", "2026-11-23"],
                "jsonschema": [
                    tool("check-jsonschema"), "--schemafile", str(schema), str(args.brief)
                ],
            },
            args.runs,
        )  # fmt: skip
    bare, check, jsonschema = (statistics.median(times[k]) for k in times)
    ratios = sorted(c / b for c, b in zip(times["check"], times["bare"], strict=True))
    low, high = ratios[len(ratios) // 4], ratios[(3 * len(ratios)) // 4]
    print(f"machine: {machine()}; median of {args.runs} interleaved runs")
    print(f"{'bare imports (typer, yaml, pydantic.main)':<42} {bare * 1000:7.1f} ms")
    label = f"firmbrief check {args.brief.name}"
    print(
        f"{label:<42} {check * 1000:7.1f} ms   {check / bare:.2f}x bare imports "
        f"(per round: {low:.2f}x to {high:.2f}x, middle half; target < 1.5x)"
    )
    print(
        f"{'check-jsonschema, same brief and schema':<42} {jsonschema * 1000:7.1f} ms   "
        f"check is {jsonschema / check:.2f}x faster (target > 1x)"
    )
    if args.breakdown:
        print("\n".join(breakdown(args.brief, args.breakdown)))


if __name__ == "__main__":
    main()
