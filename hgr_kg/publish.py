"""Load the built graph into a named graph of a SPARQL server, replacing the previous one safely.

The graph is first written to a fresh staging graph (SPARQL 1.1 Update ``INSERT DATA`` in chunks,
blank nodes skolemised so that they keep their identity across chunks), its triple count is
checked through the query endpoint, and only then is it moved over the target graph with one
``MOVE`` operation. A failed or interrupted load leaves the target graph as it was. Updates are sent
with the standard library's HTTP client (form-encoded ``update=``, HTTP Digest or Basic auth). Passwords come
from the caller (the command line reads ``$HGR_KG_PASSWORD`` or prompts); they are never logged.
"""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rdflib import Graph

from hgr_kg.errors import HgrKgError

DEFAULT_GRAPH = "https://w3id.org/hgr-kg/graph"
SKOLEM_AUTHORITY = "https://w3id.org"
SKOLEM_BASEPATH = "/hgr-kg/.well-known/genid/"
CHUNK = 2000


@dataclass(frozen=True)
class Server:
    query: str
    update: str
    user: str | None = None
    password: str | None = None
    timeout: int = 60


@dataclass(frozen=True)
class PublishResult:
    graph: str
    triples: int


def _opener(server: Server) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = []
    if server.user is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        for url in (server.update, server.query):
            passwords.add_password(None, url, server.user, server.password or "")
        handlers += [urllib.request.HTTPDigestAuthHandler(passwords),
                     urllib.request.HTTPBasicAuthHandler(passwords)]  # fmt: skip
    return urllib.request.build_opener(*handlers)


def _send(server: Server, request: urllib.request.Request, what: str) -> bytes:
    try:
        with _opener(server).open(request, timeout=server.timeout) as answer:
            return answer.read()
    except urllib.error.HTTPError as err:
        detail = err.read(300).decode("utf-8", "replace").strip().splitlines()
        hint = f": {detail[0]}" if detail else ""
        raise HgrKgError(f"{what} at {request.full_url}: HTTP {err.code} {err.reason}{hint}") from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise HgrKgError(f"{what}: {request.full_url} unreachable: {reason}") from None


def update(server: Server, text: str) -> None:
    body = urllib.parse.urlencode({"update": text}).encode()
    request = urllib.request.Request(
        server.update, data=body, method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    _send(server, request, "SPARQL update")


def count_triples(server: Server, graph_iri: str) -> int:
    from hgr_kg.remote import run_remote

    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    table = run_remote(server.query, text, {}, timeout=server.timeout)
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


def publish(graph: Graph, server: Server, graph_iri: str = DEFAULT_GRAPH,
            say: Callable[[str], None] = lambda _: None) -> PublishResult:  # fmt: skip
    """Replace ``graph_iri`` on ``server`` with ``graph``; the old data stays until the new is in."""
    target = _check_iri(graph_iri)
    staging = f"{target}/staging-{uuid.uuid4().hex}"
    skolem = graph.skolemize(authority=SKOLEM_AUTHORITY, basepath=SKOLEM_BASEPATH)
    expected = len(skolem)
    try:
        update(server, f"DROP SILENT GRAPH <{staging}>")
        for n, chunk in enumerate(_chunks(skolem, CHUNK), start=1):
            update(server, f"INSERT DATA {{ GRAPH <{staging}> {{\n{chunk}\n}} }}")
            say(f"  chunk {n}: {min(n * CHUNK, expected)} of {expected} triples")
        loaded = count_triples(server, staging)
        if loaded != expected:
            raise HgrKgError(f"staging graph <{staging}> holds {loaded} triples, expected {expected}; "
                             f"<{target}> left unchanged")  # fmt: skip
        update(server, f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{target}>")
    except BaseException:
        with contextlib.suppress(HgrKgError):
            update(server, f"DROP SILENT GRAPH <{staging}>")
        raise
    final = count_triples(server, target)
    if final != expected:
        raise HgrKgError(f"<{target}> holds {final} triples after the move, expected {expected}")
    return PublishResult(target, final)
