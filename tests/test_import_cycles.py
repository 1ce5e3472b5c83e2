"""No import cycles between the package's parts (issue 12, "Structure").

A cycle makes two parts one: neither can be read, tested or moved without the other, and which
one Python loads first decides whether a name exists yet. The contracts in pyproject.toml
(`lint-imports`) fix which way the layers point; this test, with grimp (which comes with
import-linter), finds any cycle at all, also between modules of one layer, and prints it with
the lines that make it.

Two levels are checked:
- the top level: every module and subpackage of `techniekpact`, each subpackage as one node.
  The `*.commands` modules are nodes of their own: they are the CLI's layer, kept beside the
  capability they drive, and open the database through console -> bootstrap, which seeds every
  capability (so `monitor` and `monitor.commands` are different layers).
- inside each subpackage: its direct children (a sub-subpackage as one node). Imports made only
  for type annotations (`if TYPE_CHECKING:`) are left out there, since they are never run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import grimp
import pytest

PACKAGE = "techniekpact"


def top_node(module: str) -> str:
    parts = module.split(".")
    if len(parts) >= 3 and parts[2] == "commands":
        return ".".join(parts[:3])
    return ".".join(parts[:2])


def child_node(parent: str) -> Callable[[str], str | None]:
    depth = parent.count(".") + 2

    def node(module: str) -> str | None:
        if not module.startswith(parent + ".") or module.count(".") + 1 < depth:
            return None
        return ".".join(module.split(".")[:depth])

    return node


def edges(
    graph: grimp.ImportGraph, node: Callable[[str], str | None]
) -> dict[tuple[str, str], list[str]]:
    """(importer node, imported node) -> the imports behind it, as `module:line -> module`."""
    found: dict[tuple[str, str], list[str]] = {}
    for module in graph.modules:
        a = node(module)
        if a is None or a == PACKAGE:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            b = node(imported)
            if b is None or b in (a, PACKAGE):
                continue
            lines = [
                f"{module}:{detail['line_number']} -> {imported}"
                for detail in graph.get_import_details(importer=module, imported=imported)
            ]
            found.setdefault((a, b), []).extend(lines or [f"{module} -> {imported}"])
    return found


def cycles(pairs: dict[tuple[str, str], list[str]]) -> Iterator[list[str]]:
    """One cycle through each strongly connected group of nodes (Tarjan), as a closed path."""
    targets: dict[str, list[str]] = {}
    for a, b in sorted(pairs):
        targets.setdefault(a, []).append(b)
        targets.setdefault(b, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in targets[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(targets):
        if v not in index:
            visit(v)
    for group in groups:
        yield shortest_cycle(min(group), group, targets)


def shortest_cycle(start: str, group: set[str], targets: dict[str, list[str]]) -> list[str]:
    paths = {start: [start]}
    todo = [start]
    while todo:
        v = todo.pop(0)
        for w in targets[v]:
            if w == start:
                return [*paths[v], start]
            if w in group and w not in paths:
                paths[w] = [*paths[v], w]
                todo.append(w)
    raise AssertionError(f"{start} is in a cycle but none was found")


def describe(cycle: list[str], pairs: dict[tuple[str, str], list[str]]) -> str:
    steps = []
    for a, b in zip(cycle, cycle[1:], strict=False):
        steps.append(f"  {a} -> {b}")
        steps.extend(f"      {line}" for line in sorted(pairs[(a, b)])[:3])
    return "\n".join(steps)


def assert_acyclic(pairs: dict[tuple[str, str], list[str]]) -> None:
    found = [describe(cycle, pairs) for cycle in cycles(pairs)]
    assert not found, "import cycles:\n" + "\n\n".join(found)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, cache_dir=None)


@pytest.fixture(scope="module")
def runtime_graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, cache_dir=None, exclude_type_checking_imports=True)


def test_no_cycle_between_top_level_parts(graph: grimp.ImportGraph) -> None:
    pairs = edges(graph, top_node)
    assert ("techniekpact.cli", "techniekpact.monitor.commands") in pairs  # the graph is real
    assert_acyclic(pairs)


def subpackages() -> list[str]:
    graph = grimp.build_graph(PACKAGE, cache_dir=None)
    return sorted(m for m in graph.find_descendants(PACKAGE) if graph.find_children(m))


@pytest.mark.parametrize("parent", subpackages())
def test_no_cycle_inside_a_subpackage(runtime_graph: grimp.ImportGraph, parent: str) -> None:
    assert_acyclic(edges(runtime_graph, child_node(parent)))


def test_a_cycle_is_found_and_printed() -> None:
    """The check itself: a made-up graph with a cycle fails with the cycle and its lines."""
    graph = grimp.ImportGraph()
    for module in (PACKAGE, "techniekpact.a", "techniekpact.b", "techniekpact.c"):
        graph.add_module(module)
    graph.add_import(
        importer="techniekpact.a",
        imported="techniekpact.b",
        line_number=3,
        line_contents="from techniekpact import b",
    )
    graph.add_import(
        importer="techniekpact.b",
        imported="techniekpact.c",
        line_number=4,
        line_contents="from techniekpact import c",
    )
    graph.add_import(
        importer="techniekpact.c",
        imported="techniekpact.a",
        line_number=5,
        line_contents="from techniekpact import a",
    )
    with pytest.raises(AssertionError) as failure:
        assert_acyclic(edges(graph, top_node))
    message = str(failure.value)
    assert "techniekpact.a -> techniekpact.b" in message
    assert "techniekpact.c:5 -> techniekpact.a" in message
