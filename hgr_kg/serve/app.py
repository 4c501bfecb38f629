"""The ASGI application of ``hgr-kg serve`` (Starlette): one context shared by every route, the routes
of each part of the site (``hgr_kg.serve.sparql``: the SPARQL protocol and the web API;
``hgr_kg.serve.pages``: the HTML pages) gathered into one app."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from hgr_kg.paths import Project

DEFAULT_TIMEOUT = 10.0  # seconds per request
DEFAULT_MAX_ROWS = 10_000  # rows (or triples) per answer


@dataclass
class ServeContext:
    """What every route needs: the project, the store opened once (read-only use), the limits."""

    project: Project
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    _store: Any = field(default=None, repr=False)

    @property
    def store(self) -> Any:
        """The pyoxigraph store of ``dist/store`` (built or rebuilt when a source changed)."""
        if self._store is None:
            from hgr_kg.graph.store import open_store

            self._store = open_store(self.project, self.project.root / "dist" / "store")
        return self._store


def create_app(context: ServeContext) -> Starlette:
    """The application: every part's routes, in order (the first match wins)."""
    from starlette.applications import Starlette

    from hgr_kg.serve import pages, sparql

    return Starlette(routes=[*sparql.routes(context), *pages.routes(context)])
