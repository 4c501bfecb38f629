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
ALLOWED = {("paths.py", "hgr_kg.sources.csvw_metadata"),
           ("paths.py", "hgr_kg.sources.csvw_metadata.table_path")}


def test_base_modules_import_no_layer():
    base = [p for p in PACKAGE.glob("*.py") if p.stem not in {"__init__", "__main__", "cli", "demo"}]
    assert len(base) >= 7
    offending = [(p.name, m) for p in base for m in _imports(p) if _layer(m) is not None]
    assert [o for o in offending if o not in ALLOWED] == []
