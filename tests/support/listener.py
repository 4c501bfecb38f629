"""An HTTP server on 127.0.0.1 that records every request it gets: what must receive nothing."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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
