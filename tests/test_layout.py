"""The layout holds: the core never imports an interface (the CLI aside), the interfaces use only the
public APIs of ``qa`` and ``embeddings``, ``embeddings`` knows nothing of ``qa``, and no modules import
each other in a circle — counting imports made inside functions, which hide cycles from Python."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from qa.config import PROJECT_ROOT

PACKAGES = ("qa", "embeddings", "api", "bot")
INTERFACES = ("api", "bot")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in (PROJECT_ROOT / pkg).rglob("*.py")}


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Every project module ``path`` imports, wherever the import statement stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in MODULES else node.module)
    return {name for name in found if name.split(".")[0] in PACKAGES}


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def test_the_walk_sees_the_whole_tree() -> None:
    assert {"qa", "qa.answer.service", "qa.cli", "embeddings.encoder", "api.app", "bot.handlers"} <= set(
        GRAPH
    )
    assert "qa.answer.service" in GRAPH["qa.compose"]
    assert "bot" in GRAPH["qa.cli"]  # an import inside a function counts


def test_the_core_does_not_import_an_interface() -> None:
    offending = {
        module: sorted(i for i in imports if i.split(".")[0] in INTERFACES)
        for module, imports in GRAPH.items()
        if module.split(".")[0] == "qa" and module != "qa.cli"
    }
    assert {m: i for m, i in offending.items() if i} == {}


def test_embeddings_know_nothing_of_the_rest() -> None:
    offending = {
        module: sorted(i for i in imports if i.split(".")[0] != "embeddings")
        for module, imports in GRAPH.items()
        if module.split(".")[0] == "embeddings"
    }
    assert {m: i for m, i in offending.items() if i} == {}


@pytest.mark.parametrize("interface", INTERFACES)
def test_interfaces_use_only_the_public_apis(interface: str) -> None:
    offending = {
        module: sorted(i for i in imports if i.split(".")[0] in ("qa", "embeddings") and "." in i)
        for module, imports in GRAPH.items()
        if module.split(".")[0] == interface
    }
    assert {m: i for m, i in offending.items() if i} == {}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` (as a path that returns to its start), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if target == node or target not in graph:
                continue
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycles() -> None:
    # A package's __init__ re-exports its modules: an edge from a module to its own package's
    # __init__ would be a real cycle, so those count too (nothing inside qa imports "qa" itself).
    assert _cycle(GRAPH) is None, " → ".join(_cycle(GRAPH) or [])


def test_the_cycle_finder_finds_one() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
