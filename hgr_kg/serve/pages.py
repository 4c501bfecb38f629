"""The HTML pages of ``hgr-kg serve``: the home page, the query editor, the search over the statutes,
the timeline, the audit, the validation report and the downloads; the resource pages
(``hgr_kg.serve.resources``) and the statute reader (``hgr_kg.serve.reader``) are gathered here too.

Every page is rendered from ``hgr_kg/templates/pages/*.html.jinja2`` through the package's one
escaping Jinja2 environment (``hgr_kg.templating``): nothing from the data reaches a page unescaped.
Scripts and styles are files of the package (``hgr_kg/serve/static``, at ``/static``): a page asks
nothing of any other host. A bad parameter is answered 400 with the one-line message, in the page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

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


def routes(context: ServeContext) -> list:
    """The routes of the pages, the resource pages, the statute reader and the static files."""
    from hgr_kg.serve import article, reader, reports, resources

    site = Site(context)
    own = [
        Route("/", guarded(lambda request: home(site, request))),
        Route("/query", guarded(lambda request: query_editor(site, request))),
        Route("/search", guarded(lambda request: search_page(site, request))),
    ]
    static = Mount("/static", app=StaticFiles(packages=[("hgr_kg.serve", "static")]), name="static")
    parts = [reader.routes(site), article.routes(site), reports.routes(site), resources.routes(site)]
    return [*own, *(r for part in parts for r in part), static]


def home(site: Site, request: Request) -> Response:
    from hgr_kg.serve.reader import instruments

    return page("home", title="hgr-kg", triples=len(site.graph), instruments=instruments(site))


def query_editor(site: Site, request: Request) -> Response:
    """The SPARQL editor (YASGUI's Yasqe and Yasr, bundled) with the canned queries as examples."""
    examples = site.once("examples", lambda: canned_examples(site))
    start = request.query_params.get("query") or (examples[0]["text"] if examples else "")
    from hgr_kg.namespaces import PREFIXES

    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    return page("query", title="SPARQL query", examples=examples, start=start, prefixes=prefixes,
                formats=FORMATS)  # fmt: skip


def canned_examples(site: Site) -> list[dict]:
    """Each canned query as the editor shows it: required parameters bound to their examples."""
    from hgr_kg.query.canned import bind_params, list_queries, with_values

    examples = []
    for query in list_queries(site.context.project.queries):
        raw = {p.name: p.example for p in query.params if p.default is None and p.example is not None}
        text = with_values(query.text, bind_params(query, raw)) if query.params else query.text
        examples.append({"name": query.name, "summary": query.summary, "text": _without_header(text)})
    return examples


# the downloads of a result: (label, Accept, file suffix); SELECT/ASK, then CONSTRUCT/DESCRIBE
FORMATS = [
    ("SPARQL JSON", "application/sparql-results+json", "srj", "select"),
    ("SPARQL XML", "application/sparql-results+xml", "srx", "select"),
    ("CSV", "text/csv", "csv", "select"),
    ("TSV", "text/tab-separated-values", "tsv", "select"),
    ("Turtle", "text/turtle", "ttl", "graph"),
    ("N-Triples", "application/n-triples", "nt", "graph"),
    ("JSON-LD", "application/ld+json", "jsonld", "graph"),
]


def _without_header(text: str) -> str:
    """The query without its ``#+`` decorator lines (they are for the API, not the reader)."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("#+")).strip() + "\n"


def search_page(site: Site, request: Request) -> Response:
    """The statutes' search (``hgr_kg.read.search``): every word, as of a day if given."""
    from hgr_kg.read.search import not_searched, search

    words = request.query_params.get("q", "").split()
    on = request.query_params.get("on") or None
    hits = search(site.context.project, words, on=on) if words else None
    unsearched = not_searched(site.context.project, on) if words else []
    return page("search", title="Search the statutes", q=" ".join(words), on=on or "", hits=hits,
                unsearched=unsearched)  # fmt: skip
