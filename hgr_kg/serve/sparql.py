"""The SPARQL 1.1 Protocol at ``/sparql`` and the canned queries as a web API at ``/api/NAME``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hgr_kg.serve.app import ServeContext


def routes(context: ServeContext) -> list:
    """The routes of this part (to be written)."""
    return []
