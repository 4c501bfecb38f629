"""Load the built graph into a named graph of a SPARQL server, replacing the previous one safely.

The graph is first written to a fresh staging graph (SPARQL 1.1 Update ``INSERT DATA`` in chunks,
blank nodes skolemised so that they keep their identity across chunks), its triple count is
checked through the query endpoint, and only then is it moved over the target graph with one
``MOVE`` operation. A failed or interrupted load leaves the target graph as it was; the staging
graph is dropped, within seconds (half a second on Ctrl-C), or named so that it can be dropped by hand
(only if a request reached the server: a refused connection leaves nothing there). A redirect to
another host is never followed (:mod:`hgr_kg.query.remote`).
Updates are sent through :func:`hgr_kg.query.remote.send` (SPARQLWrapper: form-encoded ``update=``; HTTP
Digest or Basic auth, one deadline per request). Passwords come from the caller (the command line reads
``$HGR_KG_PASSWORD`` or prompts); they are never logged, and URLs with credentials are refused.
"""

from __future__ import annotations

import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from rdflib import Graph

from hgr_kg.errors import HgrKgError
from hgr_kg.query.remote import NotSent

DEFAULT_GRAPH = "https://w3id.org/hgr-kg/graph"
SKOLEM_AUTHORITY = "https://w3id.org"
SKOLEM_BASEPATH = "/hgr-kg/.well-known/genid/"
CHUNK = 2000
CLEANUP_TIMEOUT = 10.0  # seconds for the staging graph's DROP after a failure
CLEANUP_INTERRUPTED = 0.5  # ... and after Ctrl-C, which must stop the command within 2 s


@dataclass(frozen=True)
class Server:
    query: str
    update: str
    user: str | None = None
    password: str | None = None
    timeout: float = 60

    def __post_init__(self) -> None:
        from hgr_kg.query.remote import check_url

        check_url(self.query, "--endpoint")
        check_url(self.update, "--update-endpoint")


@dataclass(frozen=True)
class PublishResult:
    graph: str
    triples: int


def update(server: Server, text: str) -> None:
    from hgr_kg.query.remote import send

    form = text.split(None, 1)[0].upper()  # this module's own updates: DROP, INSERT or MOVE first
    send(server.update, text, form, "SPARQL update", server.timeout, server.user, server.password)


def count_triples(server: Server, graph_iri: str) -> int:
    from hgr_kg.query.remote import run_remote

    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    table = run_remote(
        server.query, text, {}, timeout=server.timeout, user=server.user, password=server.password
    )
    try:
        return int(table.rows[0][0])  # type: ignore[arg-type]
    except (IndexError, TypeError, ValueError):
        raise HgrKgError(f"endpoint {server.query}: could not count the triples of <{graph_iri}>") from None


def _chunks(graph: Graph, size: int) -> Iterator[str]:
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    for start in range(0, len(lines), size):
        yield "\n".join(lines[start : start + size])


def _check_iri(iri: str) -> str:
    parsed = urllib.parse.urlparse(iri)
    if not parsed.scheme or any(ch in iri for ch in '<>"{}|^`\\ \n'):
        raise HgrKgError(f"--graph {iri!r} is not an absolute IRI")
    return iri


def _drop_staging(server: Server, staging: str, interrupted: bool, say: Callable[[str], None]) -> None:
    """Drop the staging graph after a failure, waiting a bounded time (Ctrl-C ends the wait too)."""
    limit = CLEANUP_INTERRUPTED if interrupted else CLEANUP_TIMEOUT
    try:
        update(replace(server, timeout=min(server.timeout, limit)), f"DROP SILENT GRAPH <{staging}>")
    except (HgrKgError, KeyboardInterrupt):
        say(f"the staging graph <{staging}> may be left on the server (DROP SILENT GRAPH to remove it)")


def publish(graph: Graph, server: Server, graph_iri: str = DEFAULT_GRAPH,
            say: Callable[[str], None] = lambda _: None) -> PublishResult:  # fmt: skip
    """Replace ``graph_iri`` on ``server`` with ``graph``; the old data stays until the new is in."""
    target = _check_iri(graph_iri)
    staging = f"{target}/staging-{uuid.uuid4().hex}"
    skolem = graph.skolemize(authority=SKOLEM_AUTHORITY, basepath=SKOLEM_BASEPATH)
    expected = len(skolem)
    sent: list[str] = []  # the updates that reached the server: only then can a staging graph be left

    def send(text: str) -> None:
        try:
            update(server, text)
        except NotSent:
            raise
        except BaseException:  # an error from the server, a time limit, Ctrl-C: it may have got it
            sent.append(text)
            raise
        sent.append(text)

    try:
        send(f"DROP SILENT GRAPH <{staging}>")
        for n, chunk in enumerate(_chunks(skolem, CHUNK), start=1):
            send(f"INSERT DATA {{ GRAPH <{staging}> {{\n{chunk}\n}} }}")
            say(f"  chunk {n}: {min(n * CHUNK, expected)} of {expected} triples")
        loaded = count_triples(server, staging)
        if loaded != expected:
            raise HgrKgError(f"staging graph <{staging}> holds {loaded} triples, expected {expected}; "
                             f"<{target}> left unchanged")  # fmt: skip
        send(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{target}>")
    except BaseException as err:
        if sent:
            _drop_staging(server, staging, isinstance(err, KeyboardInterrupt), say)
        raise
    final = count_triples(server, target)
    if final != expected:
        raise HgrKgError(f"<{target}> holds {final} triples after the move, expected {expected}")
    return PublishResult(target, final)
