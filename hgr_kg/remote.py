"""Running queries on a SPARQL server through SPARQLWrapper."""

from __future__ import annotations

import json
from collections.abc import Mapping

from rdflib.term import Node

from hgr_kg.errors import HgrKgError
from hgr_kg.queries import with_values
from hgr_kg.results import ResultTable

DEFAULT_TIMEOUT = 30


def run_remote(endpoint: str, text: str, bindings: Mapping[str, Node], timeout: int = DEFAULT_TIMEOUT,
               graph: str | None = None) -> ResultTable:  # fmt: skip
    """Send the query (parameters bound by a VALUES block) and read SPARQL JSON results."""
    from urllib.error import HTTPError, URLError

    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint)
    client.setQuery(with_values(text, bindings))
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(timeout)
    if graph:
        client.addDefaultGraph(graph)
    try:
        response = client.query()
        raw = response.response.read()
    except HTTPError as err:
        raise HgrKgError(f"endpoint {endpoint}: HTTP {err.code} {err.reason}") from None
    except SPARQLWrapperException as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise HgrKgError(f"endpoint {endpoint}: {first}") from None
    except (URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise HgrKgError(f"endpoint {endpoint} unreachable: {reason}") from None
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise HgrKgError(f"endpoint {endpoint}: the answer is not SPARQL JSON results") from None
    return ResultTable.from_sparql_json(payload)
