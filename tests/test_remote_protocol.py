"""What an ``--endpoint`` request looks like on the wire, now that SPARQLWrapper builds it, and the
guarantees around it that Virtuoso cannot show: small HTTP servers on 127.0.0.1 that record every
request and answer as each test scripts them (tests/test_remote.py runs the same client on Virtuoso)."""

from __future__ import annotations

import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from SPARQLWrapper import __agent__

from hgr_kg.cli import main
from hgr_kg.errors import HgrKgError
from hgr_kg.paths import Project
from hgr_kg.query.remote import run_remote, send
from tests.support.listener import EMPTY, one_line

ROWS = b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "http://x/a"}}]}}'


@dataclass
class Hit:
    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, list[str]]


# what a script answers: status, headers, and the body's parts (a generator may never end)
Answer = tuple[int, dict[str, str], Iterable[bytes]]


@dataclass
class Scripted:
    """An HTTP server on 127.0.0.1: ``script(hit, hits)`` answers each request; ``hits`` records
    them, ``sent`` counts the body bytes written."""

    script: Callable[[Hit, list[Hit]], Answer]
    hits: list[Hit] = field(default_factory=list)
    sent: list[int] = field(default_factory=lambda: [0])

    def __post_init__(self) -> None:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                hit = Hit(self.command, self.path, dict(self.headers), urllib.parse.parse_qs(body))
                outer.hits.append(hit)
                status, headers, parts = outer.script(hit, outer.hits)
                self.send_response(status)
                for name, value in {"Content-Type": "application/sparql-results+json", **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    for part in parts:
                        self.wfile.write(part)
                        self.wfile.flush()
                        outer.sent[0] += len(part)
                except OSError:
                    pass  # the client went

            do_GET = do_POST = _answer  # noqa: N815

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.url = f"{self.base}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def scripted() -> Iterator[Callable[[Callable[[Hit, list[Hit]], Answer]], Scripted]]:
    started: list[Scripted] = []

    def start(script: Callable[[Hit, list[Hit]], Answer]) -> Scripted:
        started.append(Scripted(script))
        return started[-1]

    yield start
    for server in started:
        server.close()


def _rows(hit: Hit, hits: list[Hit]) -> Answer:
    return 200, {}, [ROWS]


def test_the_request_is_sparqlwrappers(project: Project, scripted, capsys) -> None:
    """SPARQLWrapper is on the path: its User-Agent reaches the server, with the SPARQL 1.1 Protocol
    request it builds (a POST of query= and default-graph-uri=, the Accept of JSON results, no
    format=/output= parameters), and the query text exactly as bound."""
    server = scripted(_rows)
    args = ["--root", str(project.root), "query", "run", "in-force-on", "--endpoint", server.url,
            "--graph", "https://w3id.org/hgr-kg/graph", "-p", "date=2020-01-01", "-f", "csv"]  # fmt: skip
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["http://x/a"]
    (hit,) = server.hits
    assert hit.headers["User-Agent"] == __agent__ and __agent__.startswith("sparqlwrapper")
    assert (hit.method, hit.path) == ("POST", "/sparql")
    assert hit.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert hit.headers["Accept"].split(",")[0] == "application/sparql-results+json"
    assert sorted(hit.form) == ["default-graph-uri", "query"]
    assert hit.form["default-graph-uri"] == ["https://w3id.org/hgr-kg/graph"]
    text = hit.form["query"][0]
    assert 'VALUES (?date) { ("2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date>) }' in text
    assert "Authorization" not in hit.headers


def test_comments_do_not_make_a_query_an_update(scripted) -> None:
    """SPARQLWrapper's regex takes the first of two comment lines' words ADD / DROP for the form (and
    would send update=): the form is rdflib's, SELECT."""
    server = scripted(_rows)
    text = "# ADD a note here\n# DROP nothing\nSELECT ?s WHERE { ?s ?p ?o }\n"
    assert [str(row[0]) for row in run_remote(server.url, text, {}).rows] == ["http://x/a"]
    assert list(server.hits[0].form) == ["query"] and server.hits[0].form["query"] == [text]


@pytest.mark.parametrize("text", ["CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "DESCRIBE <http://x/a>"])
def test_a_graph_query_asks_for_sparql_json_results(scripted, text: str) -> None:
    """As Virtuoso gives a CONSTRUCT's triples as s, p, o rows (SPARQLWrapper would ask for */*)."""
    server = scripted(_rows)
    run_remote(server.url, text, {})
    assert server.hits[0].headers["Accept"] == "application/sparql-results+json"


def test_an_update_is_update_form_data(scripted) -> None:
    server = scripted(lambda hit, hits: (200, {}, [b""]))
    assert send(server.url, "DROP SILENT GRAPH <http://x/g>", "DROP", "SPARQL update") == b""
    (hit,) = server.hits
    assert hit.form == {"update": ["DROP SILENT GRAPH <http://x/g>"]}
    assert hit.headers["User-Agent"] == __agent__


def _challenge(scheme: str) -> Callable[[Hit, list[Hit]], Answer]:
    def script(hit: Hit, hits: list[Hit]) -> Answer:
        if "Authorization" not in hit.headers:
            return 401, {"WWW-Authenticate": f'{scheme} realm="hgr"'}, [b"Unauthorized\nsecond line"]
        return 200, {}, [ROWS]

    return script


def test_the_password_goes_only_on_the_servers_challenge(project: Project, scripted, capsys,
                                                         monkeypatch) -> None:  # fmt: skip
    """Basic auth here (Virtuoso's Digest is in tests/test_remote.py): the first request carries no
    password; the answer to the challenge does; urllib's process-wide opener is left as it was
    (SPARQLWrapper's own Digest auth would replace it)."""
    monkeypatch.setenv("HGR_KG_PASSWORD", "s3cr3t-pw")
    server = scripted(_challenge("Basic"))
    before = urllib.request._opener  # type: ignore[attr-defined]
    args = ["--root", str(project.root), "query", "run", "sources", "--endpoint", server.url]
    assert main([*args, "--user", "scholar"]) == 0
    out, err = capsys.readouterr()
    assert "s3cr3t-pw" not in out + err
    assert [("Authorization" in hit.headers) for hit in server.hits] == [False, True]
    assert server.hits[1].headers["Authorization"].startswith("Basic ")
    assert urllib.request._opener is before  # type: ignore[attr-defined]


def test_no_netrc_is_read(project: Project, scripted, tmp_path, capsys, monkeypatch) -> None:
    """Without --user no password is sent, not even one that ~/.netrc holds for the host."""
    (tmp_path / ".netrc").write_text("machine 127.0.0.1 login scholar password s3cr3t-pw\n")
    (tmp_path / ".netrc").chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    server = scripted(_challenge("Basic"))
    assert main(["--root", str(project.root), "query", "run", "sources", "--endpoint", server.url]) == 2
    line = one_line(capsys)
    assert line == f"hgr-kg: error: endpoint at {server.url}: HTTP 401 Unauthorized: Unauthorized"
    assert [("Authorization" in hit.headers) for hit in server.hits] == [False]


def test_an_endless_error_body_is_one_line_at_once(scripted) -> None:
    """A 500 whose body never ends: the line has its first line; 300 bytes are read, not the body."""

    def endless(hit: Hit, hits: list[Hit]) -> Answer:
        def parts() -> Iterator[bytes]:
            yield b"Virtuoso 37000 Error SP030: SPARQL compiler\n"
            for _ in range(4096):  # 256 MiB at most: the test cannot run for ever
                yield b"x" * 65_536

        return 500, {"Content-Type": "text/plain"}, parts()

    server = scripted(endless)
    start = time.monotonic()
    with pytest.raises(HgrKgError) as raised:
        run_remote(server.url, "SELECT * WHERE { ?s ?p ?o }", {}, timeout=20)
    assert str(raised.value) == (f"endpoint at {server.url}: HTTP 500 Internal Server Error: Virtuoso 37000 "
                                 "Error SP030: SPARQL compiler")  # fmt: skip
    assert time.monotonic() - start < 10
    time.sleep(0.5)  # the server notices the closed connection
    assert server.sent[0] < 64 << 20


def test_a_trickling_answer_is_cut_at_the_deadline(scripted) -> None:
    """A byte every 0.2 s (urllib's per-read timeout never trips): stopped at the 1.5 s deadline."""

    def trickle(hit: Hit, hits: list[Hit]) -> Answer:
        def parts() -> Iterator[bytes]:
            for _ in range(300):  # 60 s at most
                yield b" "
                time.sleep(0.2)

        return 200, {}, parts()

    server = scripted(trickle)
    start = time.monotonic()
    with pytest.raises(
        HgrKgError, match=r"^endpoint at .*: stopped at the time limit of 1.5 s \(--timeout\)$"
    ):
        run_remote(server.url, "SELECT * WHERE { ?s ?p ?o }", {}, timeout=1.5)
    assert 1.5 <= time.monotonic() - start < 3


def test_a_redirect_within_the_endpoint_is_followed(project: Project, scripted, capsys) -> None:
    """303 See Other to the same scheme, host and port: followed (as a GET, as HTTP says)."""

    def moved(hit: Hit, hits: list[Hit]) -> Answer:
        if hit.path == "/sparql":
            return 303, {"Location": "/results/1", "Content-Length": "0"}, []
        return 200, {}, [ROWS]

    server = scripted(moved)
    args = ["--root", str(project.root), "query", "run", "sources", "--endpoint", server.url, "-f", "csv"]
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["http://x/a"]
    assert [(hit.method, hit.path) for hit in server.hits] == [("POST", "/sparql"), ("GET", "/results/1")]
    assert server.hits[1].headers["User-Agent"] == __agent__


def test_bad_json_is_one_line(project: Project, scripted, capsys) -> None:
    server = scripted(lambda hit, hits: (200, {}, [EMPTY[:-3]]))
    assert main(["--root", str(project.root), "query", "run", "sources", "--endpoint", server.url]) == 2
    assert one_line(capsys) == f"hgr-kg: error: endpoint {server.url}: the answer is not SPARQL JSON results"
