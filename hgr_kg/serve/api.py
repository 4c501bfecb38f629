"""The canned queries as a web API (grlc's idea): ``/api/NAME?param=value`` runs ``queries/NAME.rq``
with its typed parameters checked and bound as on the command line (``hgr-kg query run``), the
answer negotiated as at ``/sparql``; ``/api/openapi.json`` describes them all (OpenAPI 3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hgr_kg.errors import HgrKgError
from hgr_kg.query.canned import bind_params, with_values
from hgr_kg.serve.cache import respond
from hgr_kg.serve.engine import BAD_REQUEST, NOT_FOUND, Refusal
from hgr_kg.serve.openapi import document
from hgr_kg.serve.sparql import refused

if TYPE_CHECKING:
    from hgr_kg.query.canned import CannedQuery
    from hgr_kg.serve.app import ServeContext


def query_text(query: CannedQuery, request: Request) -> str:
    """The query with the request's parameters bound (a VALUES block of typed terms)."""
    raw: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in raw:
            raise Refusal(BAD_REQUEST, f"parameter '{key[:100]}' given twice")
        raw[key] = value
    try:
        return with_values(query.text, bind_params(query, raw))
    except HgrKgError as err:  # the CLI's message, with the web's spelling of a parameter
        raise Refusal(BAD_REQUEST, str(err).replace("(e.g. --param ", "(e.g. ?")) from None


def routes(context: ServeContext) -> list:
    async def run(request: Request) -> Response:
        name = request.path_params["name"]
        query = context.queries.get(name)
        try:
            if query is None:
                known = ", ".join(context.queries)
                raise Refusal(NOT_FOUND, f"no canned query '{name[:100]}' (known: {known})")
            return await respond(context, request, query_text(query, request), {}, f"query '{name}'")
        except Refusal as err:
            return refused(err)

    async def openapi(request: Request) -> Response:
        server = str(request.base_url).rstrip("/")
        return JSONResponse(document(context.queries.values(), server))

    return [Route("/api/openapi.json", openapi, methods=["GET"]), Route("/api/{name}", run, methods=["GET"])]
