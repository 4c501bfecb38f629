"""An HTTP server on 127.0.0.1 that records every request it gets (what must receive nothing), and the
helpers of the tests that use it."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

EMPTY = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'


class Listener:
    """An HTTP server on 127.0.0.1 that records every request it gets."""

    def __init__(self, status: int = 200) -> None:
        hits: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                hits.append(self.path)
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = EMPTY if status == 200 else b"internal error\nsecond line"
                self.send_response(status)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer  # noqa: N815

            def log_message(self, *args) -> None:
                pass

        self.hits = hits
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def one_line(capsys: pytest.CaptureFixture) -> str:
    """The one line a command wrote on stderr (no traceback)."""
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "Traceback" not in err[0]
    return err[0]


def claim(body: str) -> str:
    """A claim of the study, in Turtle, recomputed as ``body`` says."""
    return f"""
@prefix hgr: <https://w3id.org/hgr-kg/ontology#> .
@prefix hgrid: <https://w3id.org/hgr-kg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
hgrid:claim-outbound a hgr:Claim ; rdfs:label "outbound" ;
    hgr:statedValue "1"^^xsd:integer ;
    {body} .
"""
