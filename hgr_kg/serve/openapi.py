"""The OpenAPI 3 document of the web API, generated from the canned queries' ``#+`` headers: one GET
path per query, its typed parameters, the forms of its answer and the errors it may give."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from hgr_kg import __version__
from hgr_kg.serve.negotiate import SOLUTION_FORMS

if TYPE_CHECKING:
    from hgr_kg.query.canned import CannedQuery, Param

OPENAPI_VERSION = "3.0.3"
# each declared type as a JSON schema (decimals as strings: a JSON number would lose digits)
SCHEMAS = {
    "xsd:date": {"type": "string", "format": "date"},
    "xsd:gYear": {"type": "string", "pattern": "^[0-9]{4}$"},
    "xsd:integer": {"type": "integer"},
    "xsd:decimal": {"type": "string", "pattern": r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"},
    "xsd:string": {"type": "string"},
    "iri": {
        "type": "string",
        "description": "an http, https or urn IRI, or a prefixed name such as "
        "hgrid:rmhgr-2019 (a bare name is a resource of this graph)",
    },  # fmt: skip
    "article-number": {
        "type": "string",
        "description": "an article's number, normalised (37, 334-1) or as printed "
        "(第三十七条, 第三百三十四条之一)",
    },  # fmt: skip
    "rdf:langString": {
        "type": "string",
        "pattern": "@[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$",
        "description": "text with a language tag, such as Beijing@en",
    },  # fmt: skip
}
ERRORS = {
    "400": "a parameter is missing, unknown or not of its type (the message names it)",
    "406": "no form of the answer is acceptable (Accept)",
    "413": "the answer has more rows than the server's limit (--max-rows)",
    "503": "the query ran past the server's time limit (--timeout)",
}


def _typed(param: Param, value: str) -> object:
    return int(value) if param.type == "xsd:integer" else value


def parameter(param: Param) -> dict:
    schema = dict(SCHEMAS[param.type])
    if param.default is not None:
        schema["default"] = _typed(param, param.default)
    spec = {"name": param.name, "in": "query", "required": param.required, "schema": schema,
            "description": f"{param.description} ({param.type})".strip()}  # fmt: skip
    if param.example is not None:
        spec["example"] = _typed(param, param.example)
    return spec


def responses() -> dict:
    content = {f.media_type: {"schema": {"type": "object" if "json" in f.media_type else "string"}}
               for f in SOLUTION_FORMS}  # fmt: skip
    out = {"200": {"description": "the rows (SPARQL 1.1 Query Results), in the form Accept asks for "
                   "(JSON by default)", "content": content}}  # fmt: skip
    plain = {"text/plain": {"schema": {"type": "string"}}}
    out.update({code: {"description": text, "content": plain} for code, text in ERRORS.items()})
    return out


def operation(query: CannedQuery) -> dict:
    return {"operationId": query.name, "summary": query.summary, "description": query.description,
            "tags": list(query.tags), "parameters": [parameter(p) for p in query.params],
            "responses": responses()}  # fmt: skip


def document(queries: Iterable[CannedQuery], server: str) -> dict:
    """The OpenAPI document of ``/api/NAME`` for each query, served from ``server``."""
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "hgr-kg canned queries",
            "version": __version__,
            "description": "The canned SPARQL queries of hgr-kg (queries/*.rq) as a read-only web API: "
            "typed parameters are bound as RDF terms, never pasted into the query.",
        },  # fmt: skip
        "servers": [{"url": server}],
        "paths": {f"/api/{q.name}": {"get": operation(q)} for q in queries},
    }
