"""``hgr-kg serve`` answers only to the names it is served under (against DNS rebinding: a page of
another site whose name is made to resolve to 127.0.0.1 sends its own name as the Host header), and
sends no CORS header (a page of another origin cannot read an answer). Over real HTTP."""

from __future__ import annotations

import http.client
import socket
import urllib.parse

import pytest

from hgr_kg.paths import Project
from hgr_kg.serve.app import ServeContext
from tests.test_serve import Running

ASK = "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})


@pytest.fixture(scope="module")
def served(project: Project):
    context = ServeContext(project, proxy_names=("kg.example.org",))
    context.store  # noqa: B018
    running = Running(context)
    yield running
    running.stop()


def ask(port: int, host: str | None, method: str = "GET", path: str = ASK, body: bytes | None = None,
        headers: dict | None = None) -> tuple[int, dict, str]:  # fmt: skip
    """(status, headers, body) of one request with exactly this Host header (None: none at all)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    if host is not None:
        connection.putheader("Host", host)
    for key, value in (headers or {}).items():
        connection.putheader(key, value)
    if body is not None:
        connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body)
    answer = connection.getresponse()
    try:
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read().decode()
    finally:
        connection.close()


def refusal(host: str, port: int) -> str:
    return (f"the Host header {host!r} is not a name this server answers to (127.0.0.1:{port}, "
            f"localhost:{port}, [::1]:{port}, kg.example.org); behind a reverse proxy, give its name "
            "with --allow-host NAME\n")  # fmt: skip


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LocalHost", "[::1]"])
def test_the_local_names_at_the_servers_port_are_answered(served, name) -> None:
    status, _, body = ask(served.port, f"{name}:{served.port}")
    assert (status, body) == (200, '{"head":{},"boolean":true}')


@pytest.mark.parametrize("host", ["kg.example.org", "kg.example.org:443", "KG.example.org:8443"])
def test_the_proxy_name_is_answered_at_any_port(served, host) -> None:
    assert ask(served.port, host)[0] == 200


@pytest.mark.parametrize("path", [ASK, "/query", "/api/openapi.json", "/id/rmhgr-2019"])
def test_another_host_is_refused_with_400_in_one_line_on_every_path(served, path) -> None:
    status, headers, body = ask(served.port, "evil.example", path=path)
    assert (status, headers["content-type"], body) == (400, "text/plain; charset=utf-8",
                                                        refusal("evil.example", served.port))  # fmt: skip


@pytest.mark.parametrize("host", [
    "evil.example:{port}",  # a rebound name at the right port
    "localhost:1",  # a local name at another port
    "127.0.0.1",  # no port: port 80, not this one
    "kg.example.org.evil.example",
    "127.0.0.1:{port}:1",
    "[::1",
    "",
])  # fmt: skip
def test_other_forms_of_host_are_refused(served, host) -> None:
    host = host.format(port=served.port)
    status, _, body = ask(served.port, host)
    assert (status, body) == (400, refusal(host, served.port))


def test_a_request_without_host_is_refused(served) -> None:
    with socket.create_connection(("127.0.0.1", served.port), timeout=30) as sock:
        sock.sendall(f"GET {ASK} HTTP/1.0\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert body.decode() == ("no Host header: this server answers only to the names it is served under "
                             "(give Host)\n")  # fmt: skip


def test_no_cors_header_so_a_cross_origin_page_cannot_read_an_answer(served) -> None:
    """A form POST from another site's page is a simple request: the browser sends it and the query
    runs (read-only, under the limits), but without Access-Control-Allow-Origin the page cannot read
    the answer; a preflight (for any other request) is not answered with CORS headers either."""
    origin = {"Origin": "http://evil.example"}
    status, headers, body = ask(served.port, f"127.0.0.1:{served.port}", "POST", "/sparql",
                                b"query=ASK%20%7B%7D", {**origin, "Content-Type":
                                                        "application/x-www-form-urlencoded"})  # fmt: skip
    assert (status, body) == (200, '{"head":{},"boolean":true}')
    assert not [key for key in headers if key.startswith("access-control-")]
    status, headers, _ = ask(served.port, f"127.0.0.1:{served.port}", "OPTIONS", "/sparql", None, {
        **origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})  # fmt: skip
    assert status == 405
    assert not [key for key in headers if key.startswith("access-control-")]
