"""What every page of ``hgr-kg serve`` shares: the site (the context, an rdflib view of the store,
results computed once), rendering a page from its template, a one-line problem, and the guard that
turns a bad parameter into a 400. Below ``pages`` and the modules of each kind of page, which all
import it: none of them imports another's module to get these."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starlette.responses import HTMLResponse, Response

from hgr_kg.errors import HgrKgError
from hgr_kg.templating import environment

if TYPE_CHECKING:
    from rdflib import Graph
    from starlette.requests import Request

    from hgr_kg.serve.app import ServeContext

NAV = [("/", "Home"), ("/query", "Query"), ("/law", "Statutes"), ("/timeline", "Timeline"),
       ("/audit", "Audit"), ("/validation", "Validation"), ("/downloads", "Downloads")]  # fmt: skip
# the pages' own policy: scripts, styles, images and requests from this server only
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'")  # fmt: skip


class Site:
    """What the pages share: the context, an rdflib view of the store, and results computed once
    (the store is read-only while served, so a figure or report made once stays true)."""

    def __init__(self, context: ServeContext) -> None:
        self.context = context
        self._graph: Graph | None = None
        self._cache: dict[str, Any] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            from hgr_kg.graph.memory import OxigraphGraph
            from hgr_kg.namespaces import bind_prefixes

            graph = OxigraphGraph(self.context.store)
            bind_prefixes(graph)
            self._graph = graph
        return self._graph

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """``make()``, computed by the first request that needs it and kept (one lock per key: a slow
        report does not hold up the other pages)."""
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._cache:
                self._cache[key] = make()
            return self._cache[key]


def page(name: str, status: int = 200, **values: Any) -> HTMLResponse:
    """The page ``pages/NAME.html.jinja2`` rendered (escaped) with ``values``."""
    html = environment().get_template(f"pages/{name}.html.jinja2").render(nav=NAV, **values)
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": CSP})


def problem(message: str, status: int = 400) -> HTMLResponse:
    """A bad request (or an unknown resource), answered with its one-line message."""
    titles = {400: "Bad request", 404: "Not found", 406: "Not acceptable"}
    return page("error", status=status, title=titles.get(status, "Error"), message=message)


def guarded(handler: Callable[[Request], Response]) -> Callable[[Request], Response]:
    """``handler`` with an ``HgrKgError`` (a bad parameter) answered 400 with its message."""

    def endpoint(request: Request) -> Response:
        try:
            return handler(request)
        except HgrKgError as err:
            return problem(str(err))

    endpoint.__name__ = handler.__name__
    return endpoint
