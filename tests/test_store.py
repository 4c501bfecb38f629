from __future__ import annotations

import time

from hgr_kg.cli import main
from hgr_kg.paths import Project
from hgr_kg.queries import bind_params, list_queries, run_local
from hgr_kg.store import FINGERPRINT, open_graph
from tests.test_remote import _rows


def test_every_canned_query_gives_identical_rows_on_both_stores(project_copy: Project, graph) -> None:
    oxi = open_graph(project_copy, "oxigraph")
    assert len(oxi) == len(graph)
    for query in list_queries(project_copy.queries):
        bound = bind_params(query, {p.name: p.example for p in query.params if p.example})
        memory_rows = run_local(graph, query.text, bound)
        oxigraph_rows = run_local(oxi, query.text, bound)
        assert oxigraph_rows.variables == memory_rows.variables, query.name
        assert _rows(oxigraph_rows) == _rows(memory_rows), query.name


def test_store_is_reused_and_rebuilt_only_when_a_source_changes(project_copy: Project) -> None:
    first = open_graph(project_copy, "oxigraph")
    stamp = project_copy.root / "dist" / FINGERPRINT
    built = stamp.stat().st_mtime_ns
    del first
    open_graph(project_copy, "oxigraph")
    assert stamp.stat().st_mtime_ns == built  # reopened, not rebuilt
    table = project_copy.data / "table1.csv"
    time.sleep(0.01)
    table.write_text(table.read_text().replace("2024,export,10,0.45,", "2024,export,11,0.50,"))
    changed = open_graph(project_copy, "oxigraph")
    assert stamp.stat().st_mtime_ns != built
    rows = run_local(changed, "PREFIX hgr: <https://w3id.org/hgr-kg/ontology#> PREFIX hgrid: <https://w3id.org/hgr-kg/id/>"
                     " SELECT ?n WHERE { hgrid:obs-table1-2024-export hgr:permitCount ?n }", {})  # fmt: skip
    assert [int(r[0]) for r in rows.rows] == [11]


def test_cli_store_option(project_copy: Project, capsys) -> None:
    root = ["--root", str(project_copy.root)]
    for store in ("oxigraph", "memory"):
        assert main([*root, "--store", store, "query", "run", "sponsor-countries", "-f", "csv"]) == 0
        assert "United States,4,8.11" in capsys.readouterr().out.splitlines()
