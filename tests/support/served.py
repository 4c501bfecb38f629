"""An ASGI app served by uvicorn in a thread on a free 127.0.0.1 port (for the browser tests and the
README's screenshots)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(app: Any, **config: Any) -> Iterator[str]:
    """The base URL (http://127.0.0.1:PORT) of ``app`` while the block runs (``config``: more of
    uvicorn's settings)."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning",
                                           **config))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.05)
    if not server.started:
        raise RuntimeError("the server did not start")
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(10)


def with_sparql(app: Any, context: Any) -> Any:
    """``app`` with a minimal SPARQL 1.1 Protocol query route at /sparql (POST form or GET ``query=``;
    results as SPARQL JSON, graphs as Turtle) if it has none: a stand-in for tests and screenshots
    only, while the package's own endpoint (hgr_kg.serve.sparql) is not there."""
    import urllib.parse

    import pyoxigraph as ox
    from starlette.responses import Response
    from starlette.routing import Route

    if any(getattr(route, "path", None) == "/sparql" for route in app.routes):
        return app
    RESULT_FORMATS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
                      "application/sparql-results+xml": ox.QueryResultsFormat.XML,
                      "text/csv": ox.QueryResultsFormat.CSV,
                      "text/tab-separated-values": ox.QueryResultsFormat.TSV}  # fmt: skip
    GRAPH_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
                     "application/ld+json": ox.RdfFormat.JSON_LD}  # fmt: skip

    async def sparql(request: Any) -> Response:
        if request.method == "POST":
            text = urllib.parse.parse_qs((await request.body()).decode("utf-8"))["query"][0]
        else:
            text = request.query_params["query"]
        result = context.store.query(text)
        accept = request.headers.get("accept", "")
        if isinstance(result, ox.QueryTriples):
            media = next((m for m in GRAPH_FORMATS if m in accept), "text/turtle")
            return Response(result.serialize(format=GRAPH_FORMATS[media]), media_type=media)
        media = next((m for m in RESULT_FORMATS if m in accept), "application/sparql-results+json")
        return Response(result.serialize(format=RESULT_FORMATS[media]), media_type=media)

    app.router.routes.insert(0, Route("/sparql", sparql, methods=["GET", "POST"]))
    return app
