"""The HTML pages of ``hgr-kg serve``: the home page, the query editor, the search over the statutes,
the timeline, the audit, the validation report and the downloads; the resource pages
(``hgr_kg.serve.resources``) and the statute reader (``hgr_kg.serve.reader``) are gathered here too.

Every page is rendered from ``hgr_kg/templates/pages/*.html.jinja2`` through the package's one
escaping Jinja2 environment (``hgr_kg.templating``): nothing from the data reaches a page unescaped.
Scripts and styles are files of the package (``hgr_kg/serve/static``, at ``/static``): a page asks
nothing of any other host. A bad parameter is answered 400 with the one-line message, in the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from hgr_kg.serve.site import Site, guarded, page

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from hgr_kg.serve.app import ServeContext


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
