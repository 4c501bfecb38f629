"""The same canned queries on a real SPARQL server (OpenLink Virtuoso) as on the embedded store."""

from __future__ import annotations

import os
import re
from decimal import Decimal

import pytest
from rdflib import Graph, Literal

from hgr_kg.cli import main
from hgr_kg.errors import HgrKgError
from hgr_kg.export.publish import DEFAULT_GRAPH, Server, count_triples, publish
from hgr_kg.paths import Project
from hgr_kg.query.canned import bind_params, list_queries, run_local
from hgr_kg.query.remote import run_remote


def _norm(term):
    """Compare by value: engines may write 8.11 as 8.110 or type a COUNT as xsd:int; the order of
    GROUP_CONCAT is left undefined by SPARQL 1.1, so concatenated lists compare as sets."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return ("number", Decimal(str(value)).normalize())
        text = str(term)
        return ("text", tuple(sorted(text.split("; "))) if "; " in text else text)
    return ("iri", str(term))


def _rows(table) -> list:
    return sorted((tuple(_norm(t) for t in row) for row in table.rows), key=repr)


# Virtuoso 7.2 fails on these (SP031 "equiv replaces filter but under deprecation", or runs past 30 s):
# the status block beside the --from/--to filters (timeline) and the no-records note (records-by-year)
VIRTUOSO_CANNOT_COMPILE = {"timeline", "records-by-year"}
# and gives other lists (kinds, sources) and another strongest kind of source for some sanctions (the
# grouped sub-select beside the ordered one) and loses some sanctions: a known defect, asserted as it is
VIRTUOSO_STATUS_DIFFERS = {"sanctions"}


def _caveats(table, at: int) -> list[str]:
    """Each row's caveat without the pieces Virtuoso 7.2 adds from unbound variables (CONCAT of an
    unbound variable gives "" there, an error, so no text, in SPARQL 1.1): " cited by " with no relay,
    and " and weaker sources" where a row rests on an official publication and weaker ones (whose kind
    has no caveat). Everything else in the caveat is compared whole."""
    cut = (re.sub(r" cited by (?=$| and|;)", "", str(row[at] or "")) for row in table.rows)  # no relay
    return sorted(text.removeprefix(" and weaker sources") for text in cut)


def _without(table, at: int):
    from hgr_kg.query.results import ResultTable

    keep = [i for i in range(len(table.variables)) if i != at]
    return ResultTable([table.variables[i] for i in keep], [tuple(r[i] for i in keep) for r in table.rows])


def test_every_canned_query_gives_the_same_rows_on_virtuoso(virtuoso, project: Project, graph: Graph) -> None:
    queries = list_queries(project.queries)
    assert len(queries) >= 15
    for query in queries:
        bound = bind_params(query, {p.name: p.example for p in query.params if p.example})
        local = run_local(graph, query.text, bound)
        if query.name in VIRTUOSO_CANNOT_COMPILE:  # a known limitation (README), asserted as it is
            with pytest.raises(HgrKgError, match="SP031: SPARQL compiler: Internal error|time limit"):
                run_remote(virtuoso.sparql, query.text, bound, graph=DEFAULT_GRAPH)
            continue
        remote = run_remote(virtuoso.sparql, query.text, bound, graph=DEFAULT_GRAPH)
        assert remote.variables == local.variables, query.name
        if query.name in VIRTUOSO_STATUS_DIFFERS:  # the same sanctions, their lists differ there (README)
            there, here = {str(r[0]) for r in remote.rows}, {str(r[0]) for r in local.rows}
            assert there and there < here, query.name  # a known defect on Virtuoso 7.2: rows lost (README)
            continue
        if "caveat" in local.variables:  # Virtuoso 7.2 concatenates an unbound variable as "" (README)
            at = local.variables.index("caveat")
            assert _caveats(remote, at) == _caveats(local, at), query.name
            local, remote = _without(local, at), _without(remote, at)
        assert _rows(remote) == _rows(local), query.name
        assert local.rows or "records" in query.tags, query.name  # record queries: empty until an import


def test_cli_runs_on_the_endpoint(virtuoso, project: Project, capsys) -> None:
    args = ["--root", str(project.root), "query", "run", "sponsor-countries", "--endpoint", virtuoso.sparql,
            "--graph", DEFAULT_GRAPH, "--format", "csv"]  # fmt: skip
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "United States,4,8.11" in lines and "Switzerland,2,6.22" in lines


def test_hostile_parameter_refused_before_reaching_the_server(virtuoso, project: Project, capsys) -> None:
    args = ["--root", str(project.root), "query", "run", "in-force-on", "--endpoint", virtuoso.sparql,
            "--param", 'date=2020-01-01"} ; DROP ALL ; #']  # fmt: skip
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "parameter 'date'" in err and "Traceback" not in err
    assert count_triples(Server(query=virtuoso.sparql, update=virtuoso.sparql), DEFAULT_GRAPH) > 3000


def test_update_through_sparql_is_refused(virtuoso, project: Project, tmp_path, capsys) -> None:
    update = tmp_path / "drop.rq"
    update.write_text(f"DROP GRAPH <{DEFAULT_GRAPH}>\n")
    assert main(["--root", str(project.root), "sparql", str(update), "--endpoint", virtuoso.sparql]) == 2
    assert "updates are refused" in capsys.readouterr().err
    assert count_triples(Server(query=virtuoso.sparql, update=virtuoso.sparql), DEFAULT_GRAPH) > 3000


def test_failed_publish_leaves_the_old_graph(virtuoso, graph: Graph) -> None:
    server = Server(query=virtuoso.sparql, update=f"{virtuoso.base}/sparql-auth", user="dba",
                    password="wrong-password")  # fmt: skip
    before = count_triples(server, DEFAULT_GRAPH)
    with pytest.raises(HgrKgError, match="HTTP 401"):
        publish(graph, server)
    assert count_triples(server, DEFAULT_GRAPH) == before == len(graph)


def test_publish_cli_replaces_the_graph_with_password_from_env(
    virtuoso, project: Project, graph: Graph, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("HGR_KG_PASSWORD", virtuoso.password)
    target = "https://w3id.org/hgr-kg/graph/cli-test"
    args = ["--root", str(project.root), "publish", "--endpoint", virtuoso.sparql, "--graph", target,
            "--update-endpoint", f"{virtuoso.base}/sparql-auth", "--user", "dba"]  # fmt: skip
    assert main(args) == 0
    assert main(args) == 0  # publishing again replaces, it does not add
    out, err = capsys.readouterr()
    assert virtuoso.password not in out + err
    server = Server(query=virtuoso.sparql, update=virtuoso.sparql)
    assert count_triples(server, target) == len(graph)


def test_publish_without_password_source_is_refused(project: Project, capsys, monkeypatch) -> None:
    monkeypatch.delenv("HGR_KG_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", open(os.devnull))  # noqa: SIM115
    code = main(["--root", str(project.root), "publish", "--endpoint", "http://127.0.0.1:9/sparql",
                 "--user", "dba"])  # fmt: skip
    assert code == 2
    assert "HGR_KG_PASSWORD" in capsys.readouterr().err


def test_query_run_with_user_on_the_digest_endpoint(virtuoso, project: Project, capsys, monkeypatch) -> None:
    """/sparql-auth requires HTTP Digest auth: --user with the password from $HGR_KG_PASSWORD."""
    monkeypatch.setenv("HGR_KG_PASSWORD", virtuoso.password)
    args = ["--root", str(project.root), "query", "run", "sponsor-countries", "--graph", DEFAULT_GRAPH,
            "--endpoint", f"{virtuoso.base}/sparql-auth", "--format", "csv"]  # fmt: skip
    assert main(args) == 2  # without --user: refused by the server, in one line
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "HTTP 401" in err[0], err
    assert main([*args, "--user", "dba"]) == 0
    out, err = capsys.readouterr()
    assert "United States,4,8.11" in out.splitlines()
    assert virtuoso.password not in out + err


def test_credentials_in_the_url_are_refused_unseen(virtuoso, project: Project, capsys) -> None:
    url = f"{virtuoso.base}/sparql-auth".replace("http://", f"http://dba:{virtuoso.password}@")
    assert main(["--root", str(project.root), "query", "run", "sources", "--endpoint", url]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and virtuoso.password not in err[0] and "dba" not in err[0]
    assert "HGR_KG_PASSWORD" in err[0] and "--user" in err[0]
