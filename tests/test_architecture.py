"""The package's shape: no import circle among firmbrief's modules, and the layering contracts
(import-linter, in pyproject.toml) kept with no import ignored.

A circle counts every import grimp sees, those inside functions and under ``TYPE_CHECKING``
included: a circle hidden behind a lazy import is still a circle.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

import firmbrief

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("firmbrief", cache_dir=None)


def strongly_connected(edges: Mapping[str, set[str]]) -> Iterator[list[str]]:
    """Tarjan's strongly connected groups of ``edges`` with more than one member (or a module
    that imports itself), each sorted; iterative, so a deep chain cannot overflow the stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in sorted(edges):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(edges[target]))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in edges[node]:
                    yield sorted(group)


def import_edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    modules = {m for m in graph.modules if m == "firmbrief" or m.startswith("firmbrief.")}
    return {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}


def cycle_text(graph: grimp.ImportGraph, group: list[str]) -> str:
    """One circle through the group's first module, as ``a -> b -> a`` with the lines that
    import: what the failure names."""
    first, members = group[0], set(group)
    back = next(m for m in sorted(graph.find_modules_that_directly_import(first)) if m in members)
    chain = graph.find_shortest_chain(importer=first, imported=back) or (first, back)
    steps = [*chain, first]
    lines = []
    for importer, imported in zip(steps, steps[1:], strict=False):
        details = graph.get_import_details(importer=importer, imported=imported)
        where = f" (line {details[0]['line_number']})" if details else ""
        lines.append(f"{importer} -> {imported}{where}")
    return f"{len(group)} modules in a circle: " + "; ".join(lines)


def test_the_circle_finder_finds_a_circle_and_a_self_import() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}, "e": {"a"}}
    assert sorted(strongly_connected(edges)) == [["a", "b", "c"], ["d"]]


def test_no_import_circle(graph: grimp.ImportGraph) -> None:
    edges = import_edges(graph)
    assert "firmbrief.contracts.record.replay" in edges  # the graph is the whole package
    circles = [cycle_text(graph, group) for group in strongly_connected(edges)]
    assert not circles, "import circles in firmbrief:\n" + "\n".join(circles)


def test_the_graph_sees_imports_inside_functions(graph: grimp.ImportGraph) -> None:
    """``invoices.completion`` imports ``record.recording`` inside a function only: grimp counts
    it, so a circle cannot hide behind a lazy import."""
    assert graph.direct_import_exists(
        importer="firmbrief.contracts.invoices.completion",
        imported="firmbrief.contracts.record.recording",
    )


def test_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    assert Path(firmbrief.__file__).resolve().parent.parent == ROOT, "would lint another checkout"
    status = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    out = capsys.readouterr().out
    assert status == 0, out
    assert "0 broken" in out, out


def test_no_contract_ignores_an_import() -> None:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    contracts = config["contracts"]
    assert any(c["type"] == "layers" for c in contracts)
    ignoring = [c["name"] for c in contracts if c.get("ignore_imports")]
    assert not ignoring, f"contracts that ignore imports: {ignoring}"
    assert "ignore_imports" not in config
