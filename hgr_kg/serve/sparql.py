"""The SPARQL 1.1 Protocol at ``/sparql``, read-only: a query by GET (``?query=``) or POST (a form,
or the query as the body, ``application/sparql-query``); the answer in the form ``Accept`` asks for;
the service description (SPARQL 1.1 Service Description) at a plain GET. Updates are refused (403);
so are SERVICE clauses. Errors are one line of text/plain."""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from hgr_kg.serve.cache import respond
from hgr_kg.serve.engine import BAD_REQUEST, FORBIDDEN, NOT_ACCEPTABLE, Refusal
from hgr_kg.serve.negotiate import GRAPH_FORMS, SOLUTION_FORMS, NotAcceptable, choose

if TYPE_CHECKING:
    from hgr_kg.serve.app import ServeContext

PROTOCOL_PARAMS = ("query", "default-graph-uri", "named-graph-uri")
# output-format hints some clients add (SPARQLWrapper sends all three): Accept decides
IGNORED_PARAMS = ("format", "output", "results")
FORM, DIRECT = "application/x-www-form-urlencoded", "application/sparql-query"
UPDATE = "application/sparql-update"
UPDATES_REFUSED = "updates are refused: this endpoint is read-only"
SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def refused(err: Refusal) -> Response:
    return PlainTextResponse(f"{err}\n", status_code=err.status)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused past ``limit`` bytes (read no further than that); a client that
    leaves before sending it all (or is closed at --header-timeout) is refused too, in one line."""
    from starlette.requests import ClientDisconnect

    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise Refusal(BAD_REQUEST, f"the request body is over the limit of {limit} bytes")
    parts, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise Refusal(BAD_REQUEST, f"the request body is over the limit of {limit} bytes")
            parts.append(chunk)
    except ClientDisconnect:
        raise Refusal(BAD_REQUEST, "the client left before sending the whole request body") from None
    return b"".join(parts)


def utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Refusal(BAD_REQUEST, f"{what} is not UTF-8 text (byte {err.start + 1})") from None


async def _request_params(request: Request, max_body: int) -> tuple[list[tuple[str, str]], str | None]:
    """The protocol parameters of the request, and the query of a direct POST body."""
    params = list(request.query_params.multi_items())
    if request.method != "POST":
        return params, None
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == UPDATE:
        raise Refusal(FORBIDDEN, UPDATES_REFUSED)
    if kind not in (FORM, DIRECT):
        raise Refusal(BAD_REQUEST, f"a POST to /sparql needs Content-Type {FORM} or {DIRECT}, "
                      f"not {kind or 'none'}")  # fmt: skip
    body = utf8(await read_body(request, max_body), "the request body")
    if kind == DIRECT:
        return params, body
    try:
        form = urllib.parse.parse_qsl(body, keep_blank_values=True, strict_parsing=bool(body),
                                      errors="strict")  # fmt: skip
    except (ValueError, UnicodeDecodeError) as err:
        raise Refusal(BAD_REQUEST, f"the form in the request body is malformed: {err}") from None
    return params + form, None


def _graphs(params: list[tuple[str, str]], name: str) -> list[ox.NamedNode]:
    graphs = []
    for key, value in params:
        if key == name:
            try:
                graphs.append(ox.NamedNode(value))
            except ValueError:
                raise Refusal(BAD_REQUEST, f"parameter '{name}': {value[:200]!r} is not an IRI") from None
    return graphs


def protocol_request(params: list[tuple[str, str]], direct: str | None) -> tuple[str | None, dict]:
    """The query text (None: none given) and the dataset of a request's parameters."""
    names = [key for key, _ in params]
    if "update" in names:
        raise Refusal(FORBIDDEN, UPDATES_REFUSED)
    for name in names:
        if name not in PROTOCOL_PARAMS and name not in IGNORED_PARAMS:
            raise Refusal(BAD_REQUEST, f"unknown parameter '{name[:100]}' (parameters: "
                          f"{', '.join(PROTOCOL_PARAMS)})")  # fmt: skip
    queries = [value for key, value in params if key == "query"] + ([direct] if direct is not None else [])
    if len(queries) > 1:
        raise Refusal(BAD_REQUEST, f"give one query, not {len(queries)}")
    dataset = {}
    if default := _graphs(params, "default-graph-uri"):
        dataset["default_graph"] = default
    if named := _graphs(params, "named-graph-uri"):
        dataset["named_graphs"] = named
    return (queries[0] if queries else None), dataset


def service_description(context: ServeContext, endpoint: str, accept: str | None) -> Response:
    """What the endpoint is (SPARQL 1.1 Service Description), in Turtle unless Accept says otherwise."""
    form = choose(GRAPH_FORMS, accept)
    sd = lambda name: ox.NamedNode(SD + name)  # noqa: E731
    service, dataset, graph = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()
    triples = [
        ox.Triple(service, RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        *(ox.Triple(service, sd("resultFormat"), ox.NamedNode(offered.format.iri))
          for offered in SOLUTION_FORMS + GRAPH_FORMS),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), graph),
        ox.Triple(graph, RDF_TYPE, sd("Graph")),
        ox.Triple(service, ox.NamedNode("http://purl.org/dc/terms/description"), ox.Literal(
            f"hgr-kg, read-only: queries only (no update, no SERVICE), each stopped after "
            f"{context.timeout:g} s and refused past {context.max_rows} rows or triples.", language="en")),
    ]  # fmt: skip
    body = ox.serialize(triples, format=form.format, prefixes={"sd": SD})
    return Response(body, media_type=form.content_type)


def endpoint(context: ServeContext):  # noqa: ANN201 (a Starlette endpoint)
    async def sparql(request: Request) -> Response:
        accept = request.headers.get("accept")
        try:
            text, dataset = protocol_request(*await _request_params(request, context.max_body))
            if text is None:
                if request.method == "POST":
                    raise Refusal(BAD_REQUEST, "no query: give the query parameter (or the query as the "
                                  f"body, Content-Type {DIRECT})")  # fmt: skip
                return service_description(context, str(request.url.replace(query="")), accept)
            return await respond(context, request, text, dataset, "query")
        except Refusal as err:
            return refused(err)
        except NotAcceptable as err:
            return refused(Refusal(NOT_ACCEPTABLE, str(err)))

    return sparql


def routes(context: ServeContext) -> list:
    return [Route("/sparql", endpoint(context), methods=["GET", "POST"])]
