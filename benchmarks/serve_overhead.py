"""``benchmarks/serve.py --overhead``: what hgr-kg serve adds to one cheap query (``definitions``) at one
client: the same query in this process (pyoxigraph alone; the server's evaluate()), through the ASGI
app, over HTTP (with the answer cache off), and ``ASK {}`` over HTTP (the HTTP stack alone), medians
of ``--overhead-requests``."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
import urllib.parse

from benchmarks.serve import ask, load_average, machine, start_hgr, stop, wait_for, workload
from hgr_kg.paths import Project


def through_the_app(project: Project, text: str, median_ms) -> float:
    """``text`` through the ASGI app of hgr-kg serve in this process (no HTTP, no socket): routing,
    the Host check, the parameters, the hand-off to a worker thread and back."""
    import asyncio

    from hgr_kg.serve.app import ServeContext, create_app

    context = ServeContext(project, cache_size=0)  # every request evaluated
    app = create_app(context)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": "/sparql", "raw_path": b"/sparql", "root_path": "",
             "query_string": urllib.parse.urlencode({"query": text}).encode(),
             "headers": [(b"host", b"127.0.0.1:8000"), (b"accept", b"application/sparql-results+json")],
             "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 50000)}  # fmt: skip

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start" and message["status"] != 200:
            raise RuntimeError(f"status {message['status']}")

    loop = asyncio.new_event_loop()
    try:
        return median_ms(lambda: loop.run_until_complete(app(dict(scope), receive, send)))
    finally:
        context.close()
        loop.close()


def overhead(project: Project, requests: int) -> str:
    """What the server adds to ``definitions`` at one client: medians in this process and over HTTP."""
    import pyoxigraph as ox

    from hgr_kg.graph.store import open_store
    from hgr_kg.serve.engine import TURTLE_PREFIXES, Limits, evaluate

    text = dict(workload(project))["definitions"]
    store = open_store(project, project.root / "dist" / "store")
    json_form = ox.QueryResultsFormat.JSON
    accept, limits = "application/sparql-results+json", Limits(60, 10_000)

    def median_ms(work) -> float:
        for _ in range(10):
            work()
        spent = []
        for _ in range(requests):
            started = time.perf_counter()
            work()
            spent.append(time.perf_counter() - started)
        return 1000 * statistics.median(spent)

    rows = {"pyoxigraph alone (query, JSON)": median_ms(
                lambda: store.query(text, prefixes=TURTLE_PREFIXES).serialize(format=json_form)),
            "the server's evaluate() in process": median_ms(
                lambda: evaluate(store, text, accept, limits, threading.Event())),
            "the ASGI app in process (no HTTP)": through_the_app(project, text, median_ms)}  # fmt: skip
    port, path, process = start_hgr(project, "--no-cache")
    try:
        wait_for(port, path, process)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        rows["over HTTP (hgr-kg serve, 1 client)"] = median_ms(lambda: ask(connection, path, text))
        rows["`ASK {}` over HTTP (the HTTP stack)"] = median_ms(lambda: ask(connection, path, "ASK {}"))
        connection.close()
    finally:
        stop(process)
    lines = [f"`definitions`, median of {requests} (ms); load {load_average()}; {machine()}", "",
             "| where | median (ms) |", "|---|---:|"]  # fmt: skip
    return "\n".join(lines + [f"| {name} | {ms:.2f} |" for name, ms in rows.items()])
