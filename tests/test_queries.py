from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from hgr_kg.cli import main
from hgr_kg.errors import HgrKgError
from hgr_kg.paths import Project
from hgr_kg.query.canned import bind_params, find_query, list_queries, run_local, with_values

CONTRACT = {
    "instruments": (
        set(),
        ["instrument", "title", "type", "issuer", "adopted", "inForce", "noLongerInForce", "status",
         "caveat"],  # fmt: skip
    ),
    "in-force-on": ({"date"}, ["instrument", "title", "inForceOnDate", "version", "inForce", "until",
                               "status", "factStatus", "caveat"]),  # fmt: skip
    "amendment-chain": (set(), ["from", "relation", "to", "date", "status", "caveat"]),
    "provisions": (
        {"instrument"},
        ["provision", "number", "instrument", "summary", "text", "status", "caveat"],
    ),
    "definitions": (set(), ["term", "definition", "provision", "status", "caveat"]),
    "permits-by-year": (set(), ["year", "category", "count", "source", "status", "caveat"]),
    "permit-change": ({"from", "to"}, ["category", "fromCount", "toCount", "change", "changePct"]),
    "permit-shares": ({"year"}, ["year", "category", "count", "total", "share", "reportedShare"]),
    "sponsors": (set(), ["organisation", "country", "share", "status", "caveat"]),
    "sponsor-countries": (set(), ["country", "organisations", "totalShare", "status", "caveat"]),
    "hospitals-by-city": (set(), ["city", "organisations", "names", "totalShare", "status", "caveat"]),
    "sanctions": (
        {"from", "to"},
        ["sanction", "date", "subject", "kind", "provision", "source", "status", "caveat"],
    ),
    "cases": (
        set(),
        ["case", "year", "years", "cases", "kind", "category", "provisions", "outcome", "source", "status",
         "caveat"],  # fmt: skip
    ),
    "timeline": ({"from", "to"}, ["date", "event", "instrument", "kind", "status", "caveat"]),
    "sources": (set(), ["source", "kind", "facts"]),
    "penalties": (
        {"article", "date", "conduct"},
        ["article", "instrument", "conduct", "conductEn", "authority", "organisation", "kinds", "fines",
         "fineMin", "fineMax", "fineUnit", "multipleMin", "multipleMax", "gainsThreshold", "prison",
         "prisonMin", "prisonMax", "banMin", "banMax", "termUnit", "criminalRoute", "breaches", "from",
         "until", "source", "status", "caveat"],
    ),  # fmt: skip
    "cites": (
        {"article", "version", "number"},
        ["article", "quoted", "kind", "target", "status", "source", "factStatus", "caveat"],
    ),
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


def _in_force(project: Project, capsys, day: str) -> dict[str, tuple]:
    rows, _ = run_json(project, capsys, "in-force-on", "--param", f"date={day}")
    name = lambda iri: iri.rsplit("/", 1)[1] if iri else None  # noqa: E731
    by = {
        name(r["instrument"]): (name(r.get("version")), r.get("inForce"), r.get("until"), r["status"])
        for r in rows
    }
    assert len(by) == len(rows)  # one row per instrument
    return by


def test_in_force_on_lists_every_instrument_with_a_status(project: Project, capsys) -> None:
    """Nothing is dropped without a word: an instrument whose entry into force is not recorded is
    listed with that status, and a work is listed with the version in force on the day."""
    by = _in_force(project, capsys, "1999-01-01")
    assert by == {
        "interim-measures-1998": (None, None, None, "entry into force and end not recorded"),
        # the 1997 revision (its text, amended until Amendment XI, is not held)
        "criminal-law": ("criminal-law-revision-1997", "1997-10-01", "2021-03-01",
                         "in force; its text on this date is not in the graph"),  # fmt: skip
    }
    by = _in_force(project, capsys, "2018-12-31")
    assert by["interim-measures-1998"][3] == "entry into force and end not recorded"
    assert by["criminal-law"][1] == "1997-10-01"
    assert "rmhgr" not in by
    by = _in_force(project, capsys, "2020-06-01")
    assert by["rmhgr"] == ("rmhgr-2019", "2019-07-01", "2024-05-01", "in force")
    by = _in_force(project, capsys, "2021-06-01")
    assert by["biosecurity-law"] == ("biosecurity-law-2020", "2021-04-15", "2024-04-26", "in force")
    assert by["criminal-law"] == ("criminal-law-after-amendment-11", "2021-03-01", "2024-03-01", "in force")
    assert by["civil-code"] == ("civil-code-2020", "2021-01-01", None, "in force; end not recorded")
    by = _in_force(project, capsys, "2024-06-01")
    assert by["rmhgr"] == ("rmhgr-2024", "2024-05-01", None, "in force; end not recorded")
    assert by["biosecurity-law"] == ("biosecurity-law-2024", "2024-04-26", None, "in force; end not recorded")
    assert by["criminal-law"][0] == "criminal-law-after-amendment-12"
    assert by["implementation-rules-2023"] == (None, "2023-07-01", None, "in force; end not recorded")
    assert by["interim-measures-1998"][3] == "entry into force and end not recorded"
    # the day a version ends, the next one is in force
    assert _in_force(project, capsys, "2024-05-01")["rmhgr"][0] == "rmhgr-2024"
    assert _in_force(project, capsys, "2024-04-30")["rmhgr"][0] == "rmhgr-2019"


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
    """The remote path (a VALUES block, as Oxigraph and an endpoint get the parameters) and the local
    path (initBindings, as rdflib's own engine gets them) agree on every canned query. The VALUES form
    is run on Oxigraph, the engine hgr-kg gives it to: rdflib's engine is never given a VALUES block
    here, and it does not see a VALUES-bound variable inside EXISTS (penalties' term-bank expansion)."""
    from hgr_kg.graph.memory import memory_store
    from tests.test_remote import _rows

    store = memory_store(graph)
    for query in list_queries(project.queries):
        examples = {p.name: p.example for p in query.params if p.example}
        bound = bind_params(query, examples)
        local = run_local(graph, query.text, bound)
        inlined = run_local(store, with_values(query.text, bound), {})
        assert _rows(local) == _rows(inlined), query.name


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


def test_malformed_header_names_the_file_line_after_other_lines(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("# a comment first\n#+ summary: fine\n#+ tags: [unclosed\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(HgrKgError, match=r"bad.rq:3: malformed #\+ header"):
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


def _param(kind: str):
    from hgr_kg.query.canned import Param

    return Param(name="p", type=kind)


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("xsd:gYear", "２０２４"),  # full-width digits
        ("xsd:gYear", "٢٠٢٤"),  # Arabic-Indic digits
        ("xsd:integer", "２０"),
        ("xsd:integer", "٣"),
        ("xsd:decimal", "٣.٥"),
        ("xsd:decimal", "3.５"),
        ("xsd:date", "２０２０-01-01"),
        ("iri", ""),
        ("iri", "hgrid:"),
        ("iri", "file:///etc/passwd"),
        ("iri", "javascript:alert(1)"),
    ],
)
def test_parameter_values_outside_their_type_are_refused(kind: str, raw: str) -> None:
    from hgr_kg.query.canned import parse_value

    with pytest.raises(HgrKgError, match="parameter 'p'"):
        parse_value(_param(kind), raw)


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("xsd:gYear", "2024", "2024"),
        ("xsd:integer", "-20", "-20"),
        ("xsd:decimal", "3.50", "3.50"),
        ("xsd:date", "2020-02-29", "2020-02-29"),
        ("iri", "urn:isbn:0451450523", "urn:isbn:0451450523"),
        ("iri", "https://example.org/x", "https://example.org/x"),
        ("iri", "rmhgr-2019", "https://w3id.org/hgr-kg/id/rmhgr-2019"),
    ],
)
def test_parameter_values_of_their_type_are_taken(kind: str, raw: str, expected: str) -> None:
    from hgr_kg.query.canned import parse_value

    assert str(parse_value(_param(kind), raw)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELEC * WHERE { ?s ?p ?o }\n", "not valid SPARQL"),
        ("", "empty query"),
        ("  \n# only a comment\n", "empty query"),
        ("PREFIX hgr: <https://w3id.org/hgr-kg/ontology#>\n", "empty query"),
        ("SELECT * WHERE { ?s ?p ?o \n", "not valid SPARQL"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }\n", "updates are refused"),
    ],
)
def test_broken_and_empty_queries_are_named_as_such(tmp_path: Path, project: Project, capsys, text,
                                                     message) -> None:  # fmt: skip
    query = tmp_path / "q.rq"
    query.write_text(text)
    assert main(["--root", str(project.root), "sparql", str(query)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and str(query) in err[0], err
    if message != "updates are refused":
        assert "updates are refused" not in err[0]


COMMENTED = """#+ summary: "A WHERE { in the header"
#+ description: "Mentions WHERE { twice: WHERE {"
#+ params:
#+   - name: year
#+     type: xsd:integer
#+     required: true
#+     example: 2024
PREFIX hgr: <https://w3id.org/hgr-kg/ontology#>
# a comment with WHERE { in it
SELECT ?year ?category ?count ("WHERE {" AS ?note) WHERE {
  ?o hgr:refYear ?year ; hgr:permitCategory ?c ; hgr:permitCount ?count .
  BIND(STR(?c) AS ?category)
}
"""


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_where_in_comments_and_strings_does_not_break_binding(project_copy: Project, capsys, store) -> None:
    (project_copy.queries / "commented.rq").write_text(COMMENTED)
    args = ["--root", str(project_copy.root), "--store", store, "query", "run", "commented", "-f", "csv"]
    assert main([*args, "--param", "year=2024"]) == 0, capsys.readouterr().err
    rows_2024 = capsys.readouterr().out.splitlines()[1:]
    assert main([*args, "--param", "year=2023"]) == 0
    rows_2023 = capsys.readouterr().out.splitlines()[1:]
    assert rows_2024 and rows_2023
    assert all(row.startswith("2024,") and row.endswith(",WHERE {") for row in rows_2024)
    assert all(row.startswith("2023,") for row in rows_2023)


def test_values_open_the_outermost_where_group() -> None:
    bound = {"y": Literal(1)}
    text = with_values('# WHERE {\nSELECT ("WHERE {" AS ?w) WHERE { ?s ?p ?y }', bound)
    assert text.startswith('# WHERE {\nSELECT ("WHERE {" AS ?w) WHERE {\n  VALUES (?y)')
    construct = with_values("CONSTRUCT { ?s ?p ?y } WHERE { ?s ?p ?y }", bound)
    assert construct.startswith("CONSTRUCT { ?s ?p ?y } WHERE {\n  VALUES (?y)")
    assert with_values("ASK { ?s ?p ?y }", bound).startswith("ASK {\n  VALUES (?y)")


def test_invalid_regex_is_one_line(tmp_path: Path, project: Project, capsys) -> None:
    """rdflib raises the regex error while its rows are read (Oxigraph, as SPARQL says, takes the
    error as false in the FILTER: no rows)."""
    query = tmp_path / "regex.rq"
    query.write_text('SELECT ?s WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(")) }\n')
    assert main(["--root", str(project.root), "--store", "memory", "sparql", str(query)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "regex.rq" in err[0] and "Traceback" not in err[0], err


def test_sparql_file_not_utf8_is_one_line(tmp_path: Path, project: Project, capsys) -> None:
    query = tmp_path / "gb.rq"
    query.write_bytes("# 人类遗传资源\nSELECT * WHERE { ?s ?p ?o }\n".encode("gb18030"))
    assert main(["--root", str(project.root), "sparql", str(query)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "gb.rq:1" in err[0] and "UTF-8" in err[0], err
