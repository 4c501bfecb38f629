"""``hgr-kg serve`` over real HTTP (uvicorn on 127.0.0.1, a free port, in a thread): the SPARQL 1.1
Protocol at /sparql (SPARQLWrapper gets the CLI's rows for every canned query), content negotiation,
refusals (update, SERVICE, bad input) and limits (time, rows, body), the web API and its OpenAPI
document, 8 concurrent clients."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest
import uvicorn
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from hgr_kg.cli import main
from hgr_kg.paths import Project
from hgr_kg.query.canned import bind_params, list_queries, with_values
from hgr_kg.query.results import ResultTable
from hgr_kg.serve.app import ServeContext, create_app

CROSS_JOIN = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f }"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Running:
    """The app served by uvicorn in a daemon thread on 127.0.0.1."""

    def __init__(self, context: ServeContext) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(create_app(context), host="127.0.0.1", port=self.port,
                                                    log_level="warning"))  # fmt: skip
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def context(project: Project) -> ServeContext:
    context = ServeContext(project, timeout=60)
    context.store, context.queries  # noqa: B018
    return context


@pytest.fixture(scope="module")
def server(context: ServeContext):
    running = Running(context)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def tight(context: ServeContext):
    """The same store under tight limits: 1 s, 5 rows, a 1000-byte body."""
    limited = ServeContext(context.project, timeout=1.0, max_rows=5, max_body=1000,
                           _store=context.store, _queries=context.queries)  # fmt: skip
    running = Running(limited)
    yield running
    running.stop()


def fetch(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, content type, body) of one request; an HTTP error is an answer too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.headers.get("content-type"), answer.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.headers.get("content-type"), err.read()


def get(base: str, path: str, headers: dict | None = None, **params: str):
    return fetch(
        f"{base}{path}?{urllib.parse.urlencode(params)}" if params else f"{base}{path}", headers=headers
    )


def same_terms(table: ResultTable) -> tuple:
    """The rows with RDF 1.1's equal literals made equal: ``"x"^^xsd:string`` is ``"x"`` (the CLI's
    JSON, through rdflib, writes the datatype; pyoxigraph's leaves it out)."""

    def term(node):
        if isinstance(node, Literal) and node.datatype == XSD.string:
            return Literal(str(node))
        return node

    return table.variables, [tuple(term(t) for t in row) for row in table.rows]


def examples(query) -> dict[str, str]:
    return {p.name: p.example for p in query.params if p.required}


@pytest.fixture(scope="module")
def cli_rows(project: Project) -> dict:
    """Every canned query's rows from ``hgr-kg query run NAME -f json`` (with the examples of its
    required parameters), in-process."""
    import contextlib

    rows = {}
    for query in list_queries(project.queries):
        out = io.StringIO()
        args = [f"--param={k}={v}" for k, v in examples(query).items()]
        with contextlib.redirect_stdout(out):
            assert main(["--root", str(project.root), "query", "run", query.name, *args, "-f", "json"]) == 0
        rows[query.name] = ResultTable.from_sparql_json(json.loads(out.getvalue()))
    return rows


def test_every_canned_query_through_sparqlwrapper_gives_the_cli_rows(project, server, cli_rows) -> None:
    from SPARQLWrapper import JSON, SELECT, SPARQLWrapper

    assert len(cli_rows) == len(list(project.queries.glob("*.rq"))) > 20
    for query in list_queries(project.queries):
        client = SPARQLWrapper(f"{server.base}/sparql")
        client.setQuery(with_values(query.text, bind_params(query, examples(query))))
        client.setReturnFormat(JSON)
        # SPARQLWrapper guesses the form with a regex, which words of two #+ descriptions mislead ("ADD",
        # "DROP"): every canned query is a SELECT
        client.queryType = SELECT
        table = ResultTable.from_sparql_json(client.queryAndConvert())
        assert same_terms(table) == same_terms(cli_rows[query.name]), query.name


def test_every_canned_query_through_the_api_gives_the_cli_rows(project, server, cli_rows) -> None:
    for query in list_queries(project.queries):
        status, kind, body = get(server.base, f"/api/{query.name}", **examples(query))
        assert (status, kind) == (200, "application/sparql-results+json"), (query.name, body)
        assert same_terms(ResultTable.from_sparql_json(json.loads(body))) == same_terms(
            cli_rows[query.name]
        ), query.name


SELECT = (
    "SELECT ?year ?count WHERE { ?o qb:dataSet hgrid:ds-table1 ; hgr:refYear ?year ; "
    "hgr:permitCount ?count } ORDER BY ?year ?count"
)  # fmt: skip (prefixes as on the CLI: undeclared)
CONSTRUCT = (
    "CONSTRUCT { ?o hgr:permitCount ?count } WHERE { ?o qb:dataSet hgrid:ds-table1 ; hgr:permitCount ?count }"
)


def test_select_forms_by_accept(server) -> None:
    status, kind, body = get(server.base, "/sparql", query=SELECT)
    assert (status, kind) == (200, "application/sparql-results+json")
    rows = json.loads(body)["results"]["bindings"]
    assert len(rows) == 28 and rows[0]["year"]["value"] == "2021"
    status, kind, body = get(
        server.base, "/sparql", {"Accept": "application/sparql-results+xml"}, query=SELECT
    )
    assert (status, kind) == (200, "application/sparql-results+xml")
    results = ET.fromstring(body).findall(".//{http://www.w3.org/2005/sparql-results#}result")
    assert len(results) == 28
    status, kind, body = get(server.base, "/sparql", {"Accept": "text/csv"}, query=SELECT)
    assert (status, kind) == (200, "text/csv; charset=utf-8")
    table = list(csv.reader(io.StringIO(body.decode())))
    assert table[0] == ["year", "count"] and len(table) == 29
    status, kind, body = get(server.base, "/sparql", {"Accept": "text/tab-separated-values"}, query=SELECT)
    assert (status, kind) == (200, "text/tab-separated-values; charset=utf-8")
    assert body.decode().splitlines()[0] == "?year\t?count"
    # quality values: XML preferred to CSV; */* gives the default
    prefer_xml = {"Accept": "text/csv;q=0.5, application/sparql-results+xml"}
    status, kind, _ = get(server.base, "/sparql", prefer_xml,
                          query=SELECT)  # fmt: skip
    assert kind == "application/sparql-results+xml"
    assert get(server.base, "/sparql", {"Accept": "text/html, */*;q=0.8"}, query=SELECT)[1] == \
        "application/sparql-results+json"  # fmt: skip


def test_construct_forms_by_accept(server) -> None:
    expected = None
    for accept, kind, syntax in [("text/turtle", "text/turtle; charset=utf-8", "turtle"),
                                 ("application/n-triples", "application/n-triples", "nt"),
                                 ("application/ld+json", "application/ld+json", "json-ld")]:  # fmt: skip
        status, got, body = get(server.base, "/sparql", {"Accept": accept}, query=CONSTRUCT)
        assert (status, got) == (200, kind)
        graph = Graph().parse(data=body.decode(), format=syntax)
        assert len(graph) == 28
        expected = expected or set(graph)
        assert set(graph) == expected
    assert get(server.base, "/sparql", query=CONSTRUCT)[1] == "text/turtle; charset=utf-8"


def test_no_acceptable_form_is_406(server) -> None:
    status, kind, body = get(server.base, "/sparql", {"Accept": "text/turtle"}, query=SELECT)
    assert (status, kind) == (406, "text/plain; charset=utf-8")
    assert body.decode() == ("none of the types in Accept (text/turtle) is offered for this result; offered: "
                             "application/sparql-results+json, application/sparql-results+xml, text/csv, "
                             "text/tab-separated-values\n")  # fmt: skip


def test_ask_and_post_forms(server) -> None:
    form = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    status, kind, body = fetch(f"{server.base}/sparql", form,
                               {"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert (status, kind, json.loads(body)) == (
        200,
        "application/sparql-results+json",
        {"head": {}, "boolean": True},
    )
    status, _, body = fetch(f"{server.base}/sparql", SELECT.encode(),
                            {"Content-Type": "application/sparql-query; charset=utf-8"})  # fmt: skip
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 28


def test_service_description_at_a_plain_get(server) -> None:
    status, kind, body = get(server.base, "/sparql")
    assert (status, kind) == (200, "text/turtle; charset=utf-8")
    sd = Graph().parse(data=body.decode(), format="turtle")
    answer = sd.query("PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> "
                      "SELECT ?endpoint ?language WHERE { ?s a sd:Service ; sd:endpoint ?endpoint ; "
                      "sd:supportedLanguage ?language }")  # fmt: skip
    assert [(str(e), str(lang)) for e, lang in answer] == [
        (f"{server.base}/sparql", "http://www.w3.org/ns/sparql-service-description#SPARQL11Query")
    ]


def text(answer) -> tuple[int, str, str]:
    status, kind, body = answer
    return status, kind, body.decode()


UPDATE = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
READ_ONLY = "updates are refused: this endpoint is read-only\n"


def test_updates_are_refused_with_403(server) -> None:
    plain = "text/plain; charset=utf-8"
    assert text(get(server.base, "/sparql", update=UPDATE)) == (403, plain, READ_ONLY)
    form = urllib.parse.urlencode({"update": UPDATE}).encode()
    posted = {"Content-Type": "application/x-www-form-urlencoded"}
    assert text(fetch(f"{server.base}/sparql", form, posted)) \
        == (403, plain, READ_ONLY)  # fmt: skip
    direct = {"Content-Type": "application/sparql-update"}
    assert text(fetch(f"{server.base}/sparql", UPDATE.encode(), direct)) \
        == (403, plain, READ_ONLY)  # fmt: skip
    only_queries = "query: only queries are run (SELECT, ASK, CONSTRUCT, DESCRIBE); updates are refused\n"
    assert text(get(server.base, "/sparql", query=UPDATE)) == (403, plain, only_queries)
    assert get(server.base, "/sparql", query="ASK { <urn:a> <urn:b> <urn:c> }")[2] == \
        b'{"head":{},"boolean":false}'  # fmt: skip


def test_service_is_refused_with_403(server) -> None:
    status, _, body = get(
        server.base, "/sparql", query="SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    )
    assert (status, body.decode()) == (403, "query: a SERVICE clause (a request to another server) is "
                                       "refused; "
                                       "this server sends no request to another server\n")  # fmt: skip


@pytest.mark.parametrize(("request_args", "message"), [
    ({"params": {"query": "SELECT * WHERE { ?s ?p "}}, "query: not valid SPARQL: "),
    ({"params": {"query": ""}}, "query: empty query\n"),
    ({"params": {"qery": "ASK {}"}}, "unknown parameter 'qery' (parameters: query, default-graph-uri, "
                                     "named-graph-uri)\n"),
    ({"params": [("query", "ASK {}"), ("query", "ASK {}")]}, "give one query, not 2\n"),
    ({"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}},
     "parameter 'default-graph-uri': 'not an iri' is not an IRI\n"),
    ({"body": b"ASK {}", "type": "text/plain"}, "a POST to /sparql needs Content-Type "
     "application/x-www-form-urlencoded or application/sparql-query, not text/plain\n"),
    ({"body": b"ASK {}"}, "a POST to /sparql needs Content-Type application/x-www-form-urlencoded or "
     "application/sparql-query, not none\n"),
    ({"body": b"ASK { \xff }", "type": "application/sparql-query"},
     "the request body is not UTF-8 text (byte 7)\n"),
    ({"body": b"", "type": "application/x-www-form-urlencoded"}, "no query: give the query parameter (or the "
     "query as the body, Content-Type application/sparql-query)\n"),
    ({"body": b"query=%ff", "type": "application/x-www-form-urlencoded"},
     "the form in the request body is malformed"),
])  # fmt: skip
def test_bad_requests_are_400_in_one_line(server, request_args, message) -> None:
    url = f"{server.base}/sparql"
    if "params" in request_args:
        url += "?" + urllib.parse.urlencode(request_args["params"])
    headers = {"Content-Type": request_args["type"]} if "type" in request_args else {}
    if "body" in request_args and "type" not in request_args:
        headers = {"Content-Type": ""}
    status, kind, body = fetch(url, request_args.get("body"), headers,
                               method="POST" if "body" in request_args else "GET")  # fmt: skip
    assert (status, kind) == (400, "text/plain; charset=utf-8")
    assert body.decode().startswith(message) and body.decode().count("\n") == 1


def test_a_body_over_the_limit_is_400(tight) -> None:
    status, _, body = fetch(f"{tight.base}/sparql", b"ASK {} #" + b"x" * 2000,
                            {"Content-Type": "application/sparql-query"})  # fmt: skip
    assert (status, body) == (400, b"the request body is over the limit of 1000 bytes\n")


def test_a_dataset_of_the_request_is_used(server) -> None:
    _, _, body = get(
        server.base, "/sparql", **{"query": "ASK { ?s ?p ?o }", "default-graph-uri": "urn:x:none"}
    )
    assert json.loads(body) == {"head": {}, "boolean": False}


def test_row_limit_is_413(tight) -> None:
    status, _, body = get(tight.base, "/sparql", query="SELECT ?s WHERE { ?s ?p ?o }")
    assert (status, body.decode()) == (413, "query: the answer has more than 5 rows (--max-rows); narrow the "
                                       "query "
                                       "or add a LIMIT\n")  # fmt: skip
    status, _, body = get(tight.base, "/sparql", query="CONSTRUCT WHERE { ?s ?p ?o }")
    assert (status, body.decode()) == (413, "query: the answer has more than 5 triples (--max-rows); "
                                       "narrow the "
                                       "query or add a LIMIT\n")  # fmt: skip
    assert get(tight.base, "/sparql", query="SELECT ?s WHERE { ?s ?p ?o } LIMIT 5")[0] == 200


def test_time_limit_is_503_and_the_server_keeps_answering(context) -> None:
    slow = ServeContext(context.project, timeout=0.5, max_rows=10**9, _store=context.store,
                        _queries=context.queries)  # fmt: skip
    running = Running(slow)
    try:
        started = time.monotonic()
        status, _, body = get(running.base, "/sparql", query=CROSS_JOIN)
        assert time.monotonic() - started < 3
        assert (status, body.decode()) == (503, "query: stopped at the time limit of 0.5 s (--timeout); "
                                           "narrow "
                                           "the query or add a LIMIT\n")  # fmt: skip
        started = time.monotonic()
        assert get(running.base, "/sparql", query="ASK { ?s ?p ?o }")[0] == 200
        assert time.monotonic() - started < 2
    finally:
        running.stop()


def test_unknown_paths_are_404(server) -> None:
    assert get(server.base, "/no/such/page")[0] == 404
    status, _, body = get(server.base, "/api/no-such-query")
    assert status == 404 and body.decode().startswith(
        "no canned query 'no-such-query' (known: amendment-chain, "
    )


@pytest.mark.parametrize(("params", "message"), [
    ({}, "query 'in-force-on' needs parameter 'date' (e.g. ?date=2020-06-01)"),
    ({"date": "2020-13-01"},
     "parameter 'date': '2020-13-01' is not a date of the form YYYY-MM-DD (xsd:date)"),
    ({"date": "2020-06-01", "day": "x"}, "query 'in-force-on' has no parameter 'day' (parameters: date)"),
    ([("date", "2020-06-01"), ("date", "2021-01-01")], "parameter 'date' given twice"),
])  # fmt: skip
def test_api_parameters_are_checked_as_on_the_cli(server, params, message) -> None:
    status, _, body = fetch(f"{server.base}/api/in-force-on?{urllib.parse.urlencode(params)}")
    assert (status, body.decode()) == (400, message + "\n")


def test_api_integer_parameter_and_accept(server) -> None:
    status, _, body = get(server.base, "/api/permit-shares", year="twenty")
    assert (status, body) == (400, b"parameter 'year': 'twenty' is not a whole number (xsd:integer)\n")
    status, kind, body = get(server.base, "/api/permit-shares", {"Accept": "text/csv"}, year="2024")
    assert (status, kind) == (200, "text/csv; charset=utf-8")
    assert body.decode().splitlines()[0] == "year,category,count,total,share,reportedShare"


def test_openapi_document_is_valid_and_generated_from_the_headers(project, server) -> None:
    from openapi_spec_validator import validate

    status, kind, body = get(server.base, "/api/openapi.json")
    assert (status, kind) == (200, "application/json")
    document = json.loads(body)
    validate(document)
    names = sorted(p.stem for p in project.queries.glob("*.rq"))
    assert sorted(path.removeprefix("/api/") for path in document["paths"]) == names
    date = document["paths"]["/api/in-force-on"]["get"]["parameters"]
    assert date == [{"name": "date", "in": "query", "required": True, "example": "2020-06-01",
                     "schema": {"type": "string", "format": "date"},
                     "description": "the day to ask about (YYYY-MM-DD) (xsd:date)"}]  # fmt: skip
    year = document["paths"]["/api/permit-shares"]["get"]["parameters"][0]
    assert year["schema"]["type"] == "integer"
    assert document["servers"] == [{"url": server.base}]


def test_eight_concurrent_clients_are_answered_correctly(project, server) -> None:
    queries = list_queries(project.queries)[:16]
    expected = {q.name: get(server.base, f"/api/{q.name}", **examples(q))[2] for q in queries}
    jobs = [queries[i % len(queries)] for i in range(48)]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda q: (q.name, get(server.base, f"/api/{q.name}", **examples(q))), jobs))
    for name, (status, _, body) in answers:
        assert status == 200 and body == expected[name], name
