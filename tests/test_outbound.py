"""No request leaves the machine unless the user asked for it: SERVICE clauses are refused unless
``--allow-service`` is given, and never run from data (canned queries' callers aside, audit claims
and shapes are data); FROM does not fetch; credentials never go in URLs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hgr_kg.cli import main
from hgr_kg.errors import HgrKgError
from hgr_kg.paths import Project
from hgr_kg.query import guard
from tests.support.listener import Listener, claim, one_line


@pytest.fixture()
def failing() -> Iterator[Listener]:
    running = Listener(status=503)
    yield running
    running.server.shutdown()


def _service(url: str) -> str:
    return f"SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}\n"


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_sparql_service_is_refused_without_the_option(
    project: Project, listener, tmp_path, capsys, store
) -> None:
    query = tmp_path / "service.rq"
    query.write_text(_service(listener.url))
    assert main(["--root", str(project.root), "--store", store, "sparql", str(query)]) == 2
    line = one_line(capsys)
    assert "SERVICE" in line and "--allow-service" in line
    assert listener.hits == []


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_sparql_service_runs_with_the_option(project: Project, listener, tmp_path, capsys, store) -> None:
    query = tmp_path / "service.rq"
    query.write_text(_service(listener.url))
    code = main(["--root", str(project.root), "--store", store, "sparql", str(query), "--allow-service"])
    assert code == 0, capsys.readouterr().err
    assert listener.hits != []


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_allowed_service_answering_5xx_isone_line(
    project: Project, failing, tmp_path, capsys, store
) -> None:
    query = tmp_path / "service.rq"
    query.write_text(_service(failing.url))
    code = main(["--root", str(project.root), "--store", store, "sparql", str(query), "--allow-service"])
    assert code == 2
    one_line(capsys)
    assert failing.hits != []


def test_service_in_a_comment_or_a_string_is_not_a_clause(
    project: Project, listener, tmp_path, capsys
) -> None:
    query = tmp_path / "q.rq"
    query.write_text(
        f"# SERVICE <{listener.url}> {{ }}\n"
        f'SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o FILTER(STR(?o) != "SERVICE <{listener.url}> {{") }}\n'
    )
    assert main(["--root", str(project.root), "sparql", str(query), "-f", "csv"]) == 0
    assert int(capsys.readouterr().out.splitlines()[1]) > 3000
    assert listener.hits == []


def test_canned_query_with_service_is_refused(project_copy: Project, listener, capsys) -> None:
    (project_copy.queries / "remote.rq").write_text("#+ summary: remote\n" + _service(listener.url))
    root = ["--root", str(project_copy.root), "--store", "memory", "query", "run", "remote"]
    assert main(root) == 2
    assert "--allow-service" in one_line(capsys)
    assert listener.hits == []
    assert main([*root, "--allow-service"]) == 0
    assert listener.hits != []


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_audit_claim_with_service_is_refused(project_copy: Project, listener, capsys, store) -> None:
    sparql = _service(listener.url).replace("?s WHERE", "?value WHERE").replace("?s ?p", "?value ?p")
    with (project_copy.data / "claims.ttl").open("a", encoding="utf-8") as out:
        out.write(claim(f'hgr:recomputeSparql """{sparql}"""'))
    assert main(["--root", str(project_copy.root), "--store", store, "audit"]) == 2
    line = one_line(capsys)
    assert "claim-outbound" in line and "SERVICE" in line
    assert listener.hits == []


def test_audit_claim_through_a_canned_query_with_service_is_refused(
    project_copy: Project, listener, capsys
) -> None:
    (project_copy.queries / "remote.rq").write_text("#+ summary: remote\n" + _service(listener.url))
    with (project_copy.data / "claims.ttl").open("a", encoding="utf-8") as out:
        out.write(claim('hgr:recomputeQuery "remote" ; hgr:resultVariable "#rows"'))
    assert main(["--root", str(project_copy.root), "--store", "memory", "audit"]) == 2
    assert "SERVICE" in one_line(capsys)
    assert listener.hits == []


def test_shape_with_service_is_refused(project_copy: Project, listener, capsys) -> None:
    shapes = project_copy.root / "ontology" / "shapes.ttl"
    text = shapes.read_text(encoding="utf-8")
    marker = 'sh:select "SELECT ?this WHERE { ?this a hgr:Permit .'
    assert marker in text
    shapes.write_text(
        text.replace(
            marker,
            f'sh:select "SELECT ?this WHERE {{ SERVICE <{listener.url}> '
            "{ ?this ?p ?o } ?this a hgr:Permit .",
        ),
        encoding="utf-8",
    )
    assert main(["--root", str(project_copy.root), "validate"]) == 2
    line = one_line(capsys)
    assert "shapes.ttl" in line and "SERVICE" in line
    assert listener.hits == []


def test_from_does_not_fetch(listener) -> None:
    from rdflib import Dataset

    from hgr_kg.query.canned import run_local

    table = run_local(Dataset(), f"SELECT (COUNT(*) AS ?n) FROM <{listener.url}> WHERE {{ ?s ?p ?o }}", {})
    assert int(table.rows[0][0]) == 0
    assert listener.hits == []


@pytest.mark.parametrize("command", [["sparql", "QUERY"], ["query", "run", "sources"]])
def test_endpoint_answering_5xx_isone_line(project: Project, failing, tmp_path, capsys, command) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT * WHERE { ?s ?p ?o }\n")
    args = [str(query) if a == "QUERY" else a for a in command]
    assert main(["--root", str(project.root), *args, "--endpoint", failing.url]) == 2
    line = one_line(capsys)
    assert "503" in line and failing.url in line


@pytest.mark.parametrize("command", [["sparql", "QUERY"], ["query", "run", "sources"]])
def test_credentials_in_the_endpoint_url_are_refused_unseen(
    project: Project, listener, tmp_path, capsys, command
) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT * WHERE { ?s ?p ?o }\n")
    args = [str(query) if a == "QUERY" else a for a in command]
    url = listener.url.replace("http://", "http://scholar:s3cr3t-pw@")
    assert main(["--root", str(project.root), *args, "--endpoint", url]) == 2
    line = one_line(capsys)
    assert "s3cr3t-pw" not in line and "scholar" not in line
    assert "HGR_KG_PASSWORD" in line and "--user" in line
    assert listener.hits == []


def test_credentials_in_the_publish_url_are_refused_unseen(project: Project, listener, capsys) -> None:
    url = listener.url.replace("http://", "http://dba:s3cr3t-pw@")
    assert (
        main(["--root", str(project.root), "publish", "--endpoint", listener.url, "--update-endpoint", url])
        == 2
    )
    line = one_line(capsys)
    assert "s3cr3t-pw" not in line and "HGR_KG_PASSWORD" in line
    assert listener.hits == []


def test_non_http_endpoint_is_refused(project: Project, tmp_path: Path, capsys) -> None:
    assert (
        main(["--root", str(project.root), "query", "run", "sources", "--endpoint", "file:///etc/passwd"])
        == 2
    )
    assert "--endpoint" in one_line(capsys)


def test_an_answer_that_is_not_http_isone_line(project: Project, capsys) -> None:
    import socket

    server = socket.create_server(("127.0.0.1", 0))

    def answer() -> None:
        connection, _ = server.accept()
        connection.recv(65536)
        connection.sendall(b"garbage\r\n\r\n")
        connection.close()

    threading.Thread(target=answer, daemon=True).start()
    url = f"http://127.0.0.1:{server.getsockname()[1]}/sparql"
    try:
        assert main(["--root", str(project.root), "query", "run", "sources", "--endpoint", url]) == 2
        assert "not a valid HTTP answer" in one_line(capsys)
    finally:
        server.close()


def test_an_endpoint_port_out_of_range_isone_line(project: Project, capsys) -> None:
    url = "http://127.0.0.1:99999/sparql"
    assert main(["--root", str(project.root), "query", "run", "sources", "--endpoint", url]) == 2
    assert "not an http or https URL" in one_line(capsys)


# SERVICE is looked for on tokens: rdflib parses a text (10-800 ms) only when the keyword is there
# outside strings, IRIs and comments; the parse tree still decides.
NOT_A_CLAUSE = [
    'SELECT ?s WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> { }" }',
    "SELECT ?s WHERE { ?s ?p '''a\nservice <http://127.0.0.1:9/> { }''' }",
    "SELECT ?s WHERE { ?s ?p <https://w3id.org/hgr-kg/id/hgr-licensing-service-guide-2015> }",
    "# SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\nSELECT ?s WHERE { ?s ?p ?o }",
    "PREFIX hgrid: <https://w3id.org/hgr-kg/id/>\n"
    "SELECT ?s WHERE { ?s ?p hgrid:hgr-licensing-service-guide-2015 }",
    "SELECT ?service WHERE { ?service ?p ?o }",
]
A_CLAUSE = [
    "SELECT ?s WHERE { service <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT ?s WHERE { Service SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT ?s WHERE { ?s ?p false.SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT ?s WHERE {SERVICE<http://127.0.0.1:9/>{?s ?p ?o}}",
    "SELECT ?s WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",  # rdflib reads the escape
    "SELECT ?s WHERE { # a comment\n  SERVICE ?endpoint { ?s ?p ?o }\n"
    "  VALUES ?endpoint { <http://127.0.0.1:9/> } }",
]


@pytest.mark.parametrize("text", NOT_A_CLAUSE)
def test_service_outside_a_clause_is_not_parsed_for(text: str, monkeypatch) -> None:
    def no_parse(_text: str) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(guard, "_parse", no_parse)
    assert guard.mentions_service(text) is False
    guard.refuse_service(text, "q.rq")  # no error, no parse


@pytest.mark.parametrize("text", A_CLAUSE)
def test_service_keyword_in_any_case_and_spacing_is_refused(text: str) -> None:
    from hgr_kg.query.guard import mentions_service, refuse_service

    assert mentions_service(text) is True
    refused = r"^q\.rq: a SERVICE clause \(a request to another server\) is refused"
    with pytest.raises(HgrKgError, match=refused):
        refuse_service(text, "q.rq")


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_lowercase_service_is_refused_on_every_store(
    project: Project, listener, tmp_path, capsys, store
) -> None:
    query = tmp_path / "lower.rq"
    query.write_text(_service(listener.url).replace("SERVICE", "service"))
    assert main(["--root", str(project.root), "--store", store, "sparql", str(query)]) == 2
    line = one_line(capsys)
    assert line.startswith(f"hgr-kg: error: {query}: a SERVICE clause") and "--allow-service" in line
    assert listener.hits == []


def test_escaped_service_keyword_sends_nothing(project: Project, listener, tmp_path, capsys) -> None:
    """rdflib reads \\u0053ERVICE as SERVICE (SPARQL's code point escapes) and would run it."""
    query = tmp_path / "escaped.rq"
    query.write_text(_service(listener.url).replace("SERVICE", "\\u0053ERVICE"))
    assert main(["--root", str(project.root), "--store", "memory", "sparql", str(query)]) == 2
    assert "a SERVICE clause (a request to another server) is refused" in one_line(capsys)
    assert listener.hits == []


class Redirector:
    """An HTTP server on 127.0.0.1 that answers every request with a redirect to ``location`` (which
    may name this server's own port: {port}), records the paths and bodies it gets, and shuts itself
    down after ``lifetime`` seconds whatever the test does."""

    def __init__(self, location: str, status: int = 302, lifetime: float = 60) -> None:
        hits: list[tuple[str, bytes]] = []

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                hits.append((self.path, self.rfile.read(int(self.headers.get("Content-Length") or 0))))
                self.send_response(status)
                self.send_header("Location", location.format(port=self.server.server_port))
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = _answer  # noqa: N815

            def log_message(self, *args) -> None:
                pass

        self.hits = hits
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.timer = threading.Timer(lifetime, self.server.shutdown)
        self.timer.daemon = True
        self.timer.start()

    def stop(self) -> None:
        self.timer.cancel()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def elsewhere() -> Iterator[Listener]:
    """Where the redirects point: a listener that must get no request."""
    running = Listener()
    yield running
    running.server.shutdown()


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_publish_says_nothing_of_a_staging_graph_when_no_request_was_sent(project: Project, capsys) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/sparql"
    assert main(["--root", str(project.root), "publish", "--endpoint", url]) == 2
    line = one_line(capsys)  # and no "the staging graph ... may be left" before it
    assert line.startswith(f"hgr-kg: error: SPARQL update at {url}: unreachable: ")
    assert "refused" in line


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_publish_never_follows_a_redirect_to_another_host(
    project: Project, elsewhere, capsys, status
) -> None:
    other = elsewhere.url.replace("127.0.0.1", "localhost")
    redirector = Redirector(other, status)
    try:
        assert main(["--root", str(project.root), "publish", "--endpoint", redirector.url]) == 2
    finally:
        redirector.stop()
    err = capsys.readouterr().err.strip().splitlines()
    assert "Traceback" not in "\n".join(err)
    refused = (f"hgr-kg: error: SPARQL update at {redirector.url}: the server redirects (HTTP {status}) to "
               f"another host, 'localhost:{elsewhere.server.server_port}': not followed")  # fmt: skip
    assert err[-1] == refused
    # a request reached the server (the staging graph's first DROP), so it may hold a staging graph
    assert len(err) == 2 and err[0].startswith("the staging graph <https://w3id.org/hgr-kg/graph/staging-")
    assert elsewhere.hits == []
    assert redirector.hits and b"DROP+SILENT+GRAPH" in redirector.hits[0][1]


def test_a_query_is_never_redirected_to_another_host(project: Project, elsewhere, capsys) -> None:
    redirector = Redirector(elsewhere.url.replace("/sparql", "/x"))  # same address, another port
    try:
        args = ["--root", str(project.root), "query", "run", "sources", "--endpoint", redirector.url]
        assert main(args) == 2
    finally:
        redirector.stop()
    assert one_line(capsys) == (
        f"hgr-kg: error: endpoint at {redirector.url}: the server redirects (HTTP 302) to another host, "
        f"'127.0.0.1:{elsewhere.server.server_port}': not followed"
    )
    assert elsewhere.hits == []
