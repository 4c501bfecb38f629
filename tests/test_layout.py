"""The package's layers import one way: sources, graph, query, then validate, read, draw, export, and
the command line over them (the brief: keep the flow one way)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "hgr_kg"
LAYERS = ["sources", "graph", "query", "validate", "read", "draw", "export", "serve", "cli"]


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) > 1 and parts[0] == "hgr_kg" and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    return None


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_layers_import_only_earlier_layers():
    backwards = []
    for path in PACKAGE.rglob("*.py"):
        here = _layer("hgr_kg." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
        if here is None:
            continue
        for module in _imports(path):
            there = _layer(module)
            if there is not None and there > here:
                backwards.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert backwards == []


def test_layer_check_sees_a_backward_import():
    assert _layer("hgr_kg.export.networks") > _layer("hgr_kg.graph.build")
    assert _layer("hgr_kg.errors") is None


# paths.Project lists the source files, and so asks the CSVW reader which table each metadata names
ALLOWED = {
    ("paths.py", "hgr_kg.sources.csvw_metadata"),
    ("paths.py", "hgr_kg.sources.csvw_metadata.table_path"),
}


def test_base_modules_import_no_layer():
    base = [p for p in PACKAGE.glob("*.py") if p.stem not in {"__init__", "__main__", "cli", "demo"}]
    assert len(base) >= 7
    offending = [(p.name, m) for p in base for m in _imports(p) if _layer(m) is not None]
    assert [o for o in offending if o not in ALLOWED] == []


def _runtime_imports(path: Path) -> set[str]:
    """The hgr_kg modules a module imports when it runs: at the top or inside a function, not under
    ``if TYPE_CHECKING:`` (read by type checkers only). ``from a import b`` counts as importing ``a.b``
    where that is a module, else ``a``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
               and getattr(block.test, "id", "") == "TYPE_CHECKING" for n in ast.walk(block)}  # fmt: skip
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hgr_kg"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if _module_path(sub) is not None else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("hgr_kg"))
    return {m for m in found if _module_path(m) is not None}


def _module_path(module: str) -> Path | None:
    base = PACKAGE.parent / module.replace(".", "/")
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _package_graph() -> dict[str, set[str]]:
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        graph[name] = {m for m in _runtime_imports(path) if m != name and not name.startswith(m + ".")}
    return graph


def test_no_import_cycle():
    """Issue 25: graph/build -> graph/lawdata -> graph/crossrefs -> graph/build, and serve/pages <->
    serve/reader were cycles; what both sides needed now lies below them (sources/turtle, serve/site)."""
    assert _cycles(_package_graph()) == []


def test_the_cycle_check_sees_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_over_450_lines():
    """Issue 25 item 3: modules of one job, none over about 450 lines (split by job when one grows)."""
    sizes = {
        str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 450} == {}
    assert len(sizes) > 90 and max(sizes.values()) > 300  # the walk saw the package
