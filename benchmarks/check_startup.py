"""How fast `firmbrief check` and `firmbrief status` answer, against what they cannot avoid.

Prints the median whole-process time (wall clock, and CPU: user + system) of:

* ``python -c "import typer, yaml, pydantic.main"``: the libraries the command line cannot avoid;
* ``firmbrief check`` on a bundled example (its bank account, tax and VAT numbers, country and
  region judged: answers remembered in the cache of a first run, as on a user's machine);
* ``firmbrief status`` on a project whose record holds 1,000 events (built as
  ``project_record.py`` builds it);
* ``check-jsonschema`` validating the same brief against ``firmbrief schema`` (structure only);

all run in turn, round after round, so a busy moment of the machine weighs on all of them alike.
Then, from ``python -X importtime``, the ten modules with the largest cumulative import time that
the bare imports do not import, for ``check`` and for ``status``.

Targets: check and status each under 1.5x the bare imports; check faster than check-jsonschema.
Run: python benchmarks/check_startup.py [--runs N] [--breakdown N] [--cold] [--record BRIEF]
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
from pathlib import Path

from common import EXAMPLES, machine, tool

BARE = "import typer, yaml, pydantic.main"
TARGET = 1.5
STATUS_DAY = "2027-06-01"


def _env(cache: Path | None) -> dict[str, str]:
    # As an installed program runs: bytecode compiled (see common.time_process).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    env["FIRMBRIEF_CACHE"] = str(cache) if cache is not None else "off"
    return env


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def interleaved(
    commands: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, list[tuple[float, float]]]:
    """Each command run ``runs`` times, in turn, after two warm-up rounds (the first fills the
    cache); (wall, CPU) seconds per run."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for round_ in range(runs + 2):
        for name, argv in commands.items():
            taken = _run(argv, env)
            if round_ >= 2:
                times[name].append(taken)
    return times


def _import_tree(argv: list[str], env: dict[str, str]) -> list[tuple[int, str, int]]:
    """``python -X importtime``'s lines for ``argv``: (depth, module, self time in us), each
    module after the modules it imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], env=env, capture_output=True, text=True
    )
    found = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            own, _, name = line.removeprefix("import time:").split("|")
            depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
            found.append((depth, name.strip(), int(own)))
    return found


def beyond(tree: list[tuple[int, str, int]], bare: set[str]) -> dict[str, int]:
    """Each module's cumulative import time counting only the modules the bare imports do not
    import (a module that happens to import pydantic first is not charged for it)."""
    totals: dict[str, int] = {}
    pending: list[tuple[int, int]] = []  # (depth, cumulative) of lines waiting for a parent
    for depth, name, own in tree:
        children = 0
        while pending and pending[-1][0] > depth:
            children += pending.pop()[1]
        total = children + (0 if name in bare else own)
        pending.append((depth, total))
        if name not in bare:
            totals[name] = total
    return totals


def breakdown(label: str, argv: list[str], env: dict[str, str], top: int) -> list[str]:
    """The ``top`` modules ``argv`` imports beyond the bare imports, by cumulative time."""
    bare = {name for _, name, _ in _import_tree(["-c", BARE], env)}
    tree = _import_tree(argv, env)
    extra = beyond(tree, bare)
    own = sum(us for _, name, us in tree if name not in bare)
    lines = [
        f"{label}: {len(tree)} modules imported, {len(extra)} beyond the bare ones "
        f"({own / 1000:.1f} ms of their own); the {top} largest by cumulative import time "
        "beyond the bare imports (one run of -X importtime):"
    ]
    for name, us in sorted(extra.items(), key=lambda item: -item[1])[:top]:
        lines.append(f"  {us / 1000:6.1f} ms  {name}")
    return lines


def _record(folder: Path) -> Path:
    """A brief with a record of 1,000 events (see project_record.py)."""
    from project_record import _build

    folder.mkdir()
    return _build(folder, 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--breakdown", type=int, default=10, help="modules to list (0: none)")
    parser.add_argument("--brief", type=Path, default=EXAMPLES / "logo.yaml")
    parser.add_argument("--cold", action="store_true", help="no cache: every answer computed")
    parser.add_argument(
        "--record", type=Path, help="a brief with a record of 1,000 events (default: built anew)"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = _env(None if args.cold else Path(tmp) / "cache")
        schema = Path(tmp) / "brief.schema.json"
        schema.write_text(
            subprocess.run(
                [tool("firmbrief"), "schema"], capture_output=True, text=True, check=True
            ).stdout
        )
        project = args.record or _record(Path(tmp) / "project")
        check = [tool("firmbrief"), "check", str(args.brief), "--today", "2026-11-23"]
        status = [tool("firmbrief"), "status", str(project), "--today", STATUS_DAY]
        times = interleaved(
            {
                "bare": [sys.executable, "-c", BARE],
                "check": check,
                "status": status,
                "jsonschema": [
                    tool("check-jsonschema"), "--schemafile", str(schema), str(args.brief)
                ],
            },
            args.runs,
            env,
        )  # fmt: skip
        report(times, args)
        if args.breakdown:
            module = ["-m", "firmbrief"]
            print("\n".join(breakdown("check", [*module, *check[1:]], env, args.breakdown)))
            print("\n".join(breakdown("status", [*module, *status[1:]], env, args.breakdown)))


def report(times: dict[str, list[tuple[float, float]]], args: argparse.Namespace) -> None:
    def median(name: str, which: int) -> float:
        return statistics.median(t[which] for t in times[name])

    cache = "no cache (--cold)" if args.cold else "cache filled by the first round"
    print(f"machine: {machine()}; median of {args.runs} interleaved runs; {cache}")
    print(f"{'':<44} {'wall':>8} {'CPU':>8}")
    bare_wall, bare_cpu = median("bare", 0), median("bare", 1)
    print(f"{'bare imports (typer, yaml, pydantic.main)':<44} {bare_wall * 1000:6.1f}ms "
          f"{bare_cpu * 1000:6.1f}ms")  # fmt: skip
    for name, label in (
        ("check", f"firmbrief check {args.brief.name}"),
        ("status", "firmbrief status (1,000 events)"),
    ):
        wall, cpu = median(name, 0), median(name, 1)
        ratios = sorted(t[0] / b[0] for t, b in zip(times[name], times["bare"], strict=True))
        low, high = ratios[len(ratios) // 4], ratios[(3 * len(ratios)) // 4]
        verdict = "met" if wall / bare_wall < TARGET else "MISSED"
        print(
            f"{label:<44} {wall * 1000:6.1f}ms {cpu * 1000:6.1f}ms   {wall / bare_wall:.2f}x "
            f"bare in wall time ({low:.2f}x to {high:.2f}x per round, middle half), "
            f"{cpu / bare_cpu:.2f}x in CPU time: target < {TARGET}x {verdict}"
        )
    jsonschema = median("jsonschema", 0)
    print(
        f"{'check-jsonschema, same brief and schema':<44} {jsonschema * 1000:6.1f}ms "
        f"{median('jsonschema', 1) * 1000:6.1f}ms   check is "
        f"{jsonschema / median('check', 0):.2f}x faster (target > 1x)"
    )


if __name__ == "__main__":
    main()
