from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from hgr_kg.cli import main
from hgr_kg.errors import HgrKgError
from hgr_kg.paths import Project
from hgr_kg.queries import bind_params, find_query, list_queries, run_local, with_values

CONTRACT = {
    "instruments": (
        set(),
        ["instrument", "title", "type", "issuer", "adopted", "inForce", "noLongerInForce"],
    ),
    "in-force-on": ({"date"}, ["instrument", "title", "inForce"]),
    "amendment-chain": (set(), ["from", "relation", "to", "date"]),
    "provisions": ({"instrument"}, ["provision", "number", "instrument", "summary"]),
    "definitions": (set(), ["term", "definition", "provision"]),
    "permits-by-year": (set(), ["year", "category", "count", "source"]),
    "permit-change": ({"from", "to"}, ["category", "fromCount", "toCount", "changePct"]),
    "permit-shares": ({"year"}, ["year", "category", "count", "total", "share", "reportedShare"]),
    "sponsors": (set(), ["organisation", "country", "share"]),
    "sponsor-countries": (set(), ["country", "organisations", "totalShare"]),
    "hospitals-by-city": (set(), ["city", "organisations", "totalShare"]),
    "sanctions": (set(), ["sanction", "date", "subject", "kind", "provision", "source"]),
    "cases": (set(), ["case", "year", "kind", "category", "provisions", "outcome", "source"]),
    "timeline": ({"from", "to"}, ["date", "event", "instrument", "kind"]),
    "sources": (set(), ["source", "facts"]),
    "penalties": (
        {"article", "date", "conduct"},
        ["article", "instrument", "conduct", "conductEn", "authority", "organisation", "kinds", "fines",
         "from", "until", "source"],
    ),  # fmt: skip
    "cites": ({"article", "version", "number"}, ["article", "quoted", "kind", "target", "status", "source"]),
}


def run_json(project: Project, capsys, *args: str) -> list[dict]:
    assert main(["--root", str(project.root), "query", "run", *args, "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    return [{k: v["value"] for k, v in b.items()} for b in payload["results"]["bindings"]], payload


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_parameters_and_variables(project: Project, graph: Graph, name: str) -> None:
    params, variables = CONTRACT[name]
    query = find_query(project.queries, name)
    assert {p.name for p in query.params} == params
    assert query.summary and query.description
    examples = {p.name: p.example for p in query.params if p.required}
    table = run_local(graph, query.text, bind_params(query, examples))
    assert table.variables == variables
    assert table.rows, f"{name} returned no rows"


def test_permits_by_year_reproduces_every_count_of_table1(project: Project, capsys) -> None:
    from tests.test_data import TABLE1

    rows, payload = run_json(project, capsys, "permits-by-year")
    got = {(int(r["year"]), r["category"]): int(r["count"]) for r in rows}
    expected = {(y, c): n for y, cells in TABLE1.items() for c, (n, _) in cells.items()}
    assert got == expected
    count = payload["results"]["bindings"][0]["count"]
    assert count["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


def test_permit_change_2023_2024(project: Project, capsys) -> None:
    rows, _ = run_json(project, capsys, "permit-change", "--param", "from=2023", "--param", "to=2024")
    by = {r["category"]: r for r in rows}
    assert (by["total-permits"]["fromCount"], by["total-permits"]["toCount"]) == ("5328", "2214")
    assert float(by["total-permits"]["changePct"]) == -58.4
    assert float(by["collection"]["changePct"]) == -82.4
    assert (by["revocation"]["fromCount"], by["revocation"]["toCount"]) == ("203", "236")
    assert float(by["revocation"]["changePct"]) == 16.3


def test_sponsor_countries(project: Project, capsys) -> None:
    rows, _ = run_json(project, capsys, "sponsor-countries")
    by = {r["country"]: (int(r["organisations"]), float(r["totalShare"])) for r in rows}
    assert by["United States"] == (4, 8.11)
    assert by["Switzerland"] == (2, 6.22)
    assert by["United Kingdom"] == (1, 4.03)


def test_in_force_on(project: Project, capsys) -> None:
    rows, _ = run_json(project, capsys, "in-force-on", "--param", "date=2020-06-01")
    assert {r["instrument"].rsplit("/", 1)[1] for r in rows} == {"rmhgr-2019"}
    rows, _ = run_json(project, capsys, "in-force-on", "--param", "date=2024-06-01")
    names = {r["instrument"].rsplit("/", 1)[1] for r in rows}
    assert {"rmhgr-2024", "civil-code", "biosecurity-law", "implementation-rules-2023"} <= names
    assert "rmhgr-2019" not in names


def test_table_csv_md_latex_forms(project: Project, capsys) -> None:
    root = ["--root", str(project.root), "query", "run", "permit-shares", "--param", "year=2024"]
    assert main([*root, "--format", "table"]) == 0
    assert "84.51" in capsys.readouterr().out
    assert main([*root, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "year,category,count,total,share,reportedShare"
    assert "2024,international-collaboration,1871,2214,84.51,84.51" in lines
    assert main([*root, "--format", "md"]) == 0
    assert "| 2024 | international-collaboration | 1871 | 2214 | 84.51 | 84.51 |" in capsys.readouterr().out
    assert main([*root, "--format", "latex"]) == 0
    latex = capsys.readouterr().out
    assert "\\begin{tabular}" in latex and "international-collaboration & 1871" in latex


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["in-force-on", "--param", 'date=2020-01-01"} ; DROP ALL ; #'], "parameter 'date'"),
        (["in-force-on", "--param", "date=yesterday"], "is not a date of the form YYYY-MM-DD"),
        (["in-force-on"], "needs parameter 'date'"),
        (["permit-change", "--param", "from=abc", "--param", "to=2024"], "parameter 'from'"),
        (["permit-change", "--param", "year=2024"], "has no parameter 'year'"),
        (["provisions", "--param", "instrument=<x> } DROP"], "parameter 'instrument'"),
        (["no-such-query"], "unknown query 'no-such-query'"),
    ],
)
def test_bad_parameters_are_refused_in_one_line(project: Project, capsys, args, message) -> None:
    assert main(["--root", str(project.root), "query", "run", *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
    assert "Traceback" not in err[0]


def test_values_block_gives_the_same_rows_as_bindings(project: Project, graph: Graph) -> None:
    """The remote path (VALUES) and the local path (initBindings) agree on every canned query."""
    for query in list_queries(project.queries):
        examples = {p.name: p.example for p in query.params if p.example}
        bound = bind_params(query, examples)
        local = run_local(graph, query.text, bound)
        inlined = run_local(graph, with_values(query.text, bound), {})
        assert sorted(map(str, local.rows)) == sorted(map(str, inlined.rows)), query.name


def test_hostile_string_is_escaped_in_values() -> None:
    text = with_values("SELECT ?x WHERE { ?x ?p ?o }", {"o": Literal('a"} ; DROP ALL ; #')})
    assert '"a\\"} ; DROP ALL ; #"' in text


def test_sparql_adhoc_and_update_refused(tmp_path: Path, project: Project, capsys) -> None:
    query = tmp_path / "q.rq"
    query.write_text("PREFIX hgr: <https://w3id.org/hgr-kg/ontology#>\n"
                     "SELECT (COUNT(?o) AS ?n) WHERE { ?o hgr:permitCount ?c }\n")  # fmt: skip
    assert main(["--root", str(project.root), "sparql", str(query), "-f", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "41"
    update = tmp_path / "u.rq"
    update.write_text("DELETE WHERE { ?s ?p ?o }\n")
    assert main(["--root", str(project.root), "sparql", str(update)]) == 2
    assert "updates are refused" in capsys.readouterr().err


def test_unreachable_endpoint_is_one_line(project: Project, capsys) -> None:
    code = main(["--root", str(project.root), "query", "run", "sources", "--endpoint",
                 "http://127.0.0.1:9/sparql", "--timeout", "3"])  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "http://127.0.0.1:9/sparql" in err[0]


def test_query_list_and_show(project: Project, capsys) -> None:
    assert main(["--root", str(project.root), "query", "list"]) == 0
    listing = capsys.readouterr().out
    assert "in-force-on" in listing and "date:xsd:date" in listing
    assert main(["--root", str(project.root), "query", "show", "permit-change"]) == 0
    shown = capsys.readouterr().out
    assert "--param from=VALUE" in shown and "SELECT ?category" in shown


def test_malformed_header_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("#+ summary: [unclosed\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(HgrKgError, match=r"bad.rq:1: malformed #\+ header"):
        find_query(tmp_path, "bad")


def test_malformed_and_http_error_answers_are_one_line(project: Project, capsys) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            status, body = (500, b"boom") if self.path.startswith("/fail") else (200, b"<html>no</html>")
            self.send_response(status)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        for path, expected in (("/sparql", "not SPARQL JSON results"), ("/fail", "500")):
            code = main(["--root", str(project.root), "query", "run", "sources", "--endpoint", base + path])
            err = capsys.readouterr().err.strip().splitlines()
            assert code == 2 and len(err) == 1 and expected in err[0], err
    finally:
        server.shutdown()
