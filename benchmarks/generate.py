"""Generate many ready briefs from the bundled examples, with varied content, for benchmarks.

Each brief is one of the examples with its title, parties, goals and prices varied and its dates
moved by whole weeks (so they stay on working days). Written to benchmarks/generated/ (ignored
by git) unless told otherwise.

Run: python benchmarks/generate.py COUNT [--out DIR] [--seed N]
"""

from __future__ import annotations

import argparse
import random
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from firmbrief.briefs.files import read_data
from firmbrief.briefs.plan import firm_dates
from firmbrief.briefs.schema import Brief

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("logo", "website", "translation")
WORDS = (
    "clear warm bold quiet modern local family craft fresh honest simple bright careful open "
    "north harbour garden river studio market corner bakery clinic press workshop"
).split()


def _phrase(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def vary(data: dict[str, Any], rng: random.Random, number: int) -> dict[str, Any]:
    """A new brief from ``data``: other words, other prices, dates some weeks later."""
    brief = Brief.model_validate(data)
    shift = timedelta(weeks=rng.randint(0, 26))
    out = brief.model_dump(mode="json", by_alias=True, exclude_none=True)
    out.pop("$schema", None)
    for loc, day in firm_dates(brief).items():
        node: Any = out
        for part in loc[:-1]:
            node = node[part]
        node[loc[-1]] = (day + shift).isoformat()
    out["title"] = f"{_phrase(rng, 3)} {number}"
    out["client"]["company"] = f"{_phrase(rng, 2)} Ltd"
    out["goals"] = [f"{_phrase(rng, rng.randint(6, 14))}." for _ in range(rng.randint(1, 4))]
    total = Decimal(0)
    for iteration in out["iterations"]:
        price = Decimal(rng.randrange(300, 9000)) + Decimal(rng.randrange(0, 100)) / 100
        iteration["price"] = str(price)
        total += price
    out["total"] = str(total)
    return out


def generate(count: int, out_dir: Path, *, seed: int = 0) -> list[Path]:
    """Write ``count`` varied briefs into ``out_dir``; their paths."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = [read_data(ROOT / "examples" / f"{name}.yaml") for name in SOURCES]
    paths = []
    for number in range(count):
        data = vary(sources[number % len(sources)], rng, number)
        path = out_dir / f"brief-{number:04d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "generated")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = generate(args.count, args.out, seed=args.seed)
    print(f"{len(paths)} briefs in {args.out}")


if __name__ == "__main__":
    main()
