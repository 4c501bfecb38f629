"""A canned query's rows as dicts of strings (an unbound cell as ""), for tests that assert values."""

from __future__ import annotations

from rdflib import Graph

from hgr_kg.paths import Project
from hgr_kg.query.canned import bind_params, find_query, run_local


def rows(project: Project, graph: Graph, name: str, **params: str) -> list[dict[str, str]]:
    query = find_query(project.queries, name)
    table = run_local(graph, query.text, bind_params(query, params))
    return [
        {v: ("" if row[i] is None else str(row[i])) for i, v in enumerate(table.variables)}
        for row in table.rows
    ]
