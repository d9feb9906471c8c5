"""How fast `firmbrief check` answers, against what it cannot avoid and what a user would run.

Prints the median whole-process time of:

* ``python -c "import typer, yaml, pydantic.main"``: the libraries check cannot avoid;
* ``firmbrief check`` on a bundled example;
* ``check-jsonschema`` validating the same brief against ``firmbrief schema`` (structure only).

Targets: check under 1.5x the bare imports, and faster than check-jsonschema.
Run: python benchmarks/check_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from common import EXAMPLES, machine, time_process, tool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--brief", type=Path, default=EXAMPLES / "logo.yaml")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        schema = Path(tmp) / "brief.schema.json"
        schema.write_text(
            subprocess.run(
                [tool("firmbrief"), "schema"], capture_output=True, text=True, check=True
            ).stdout
        )
        bare = time_process(
            [sys.executable, "-c", "import typer, yaml, pydantic.main"], runs=args.runs
        )
        check = time_process(
            [tool("firmbrief"), "check", str(args.brief), "--today", "2026-11-23"], runs=args.runs
        )
        jsonschema = time_process(
            [tool("check-jsonschema"), "--schemafile", str(schema), str(args.brief)], runs=args.runs
        )
    print(f"machine: {machine()}; median of {args.runs} runs")
    print(f"{'bare imports (typer, yaml, pydantic.main)':<42} {bare * 1000:7.1f} ms")
    label = f"firmbrief check {args.brief.name}"
    print(f"{label:<42} {check * 1000:7.1f} ms   {check / bare:.2f}x bare imports (target < 1.5x)")
    print(
        f"{'check-jsonschema, same brief and schema':<42} {jsonschema * 1000:7.1f} ms   "
        f"check is {jsonschema / check:.2f}x faster (target > 1x)"
    )


if __name__ == "__main__":
    main()
