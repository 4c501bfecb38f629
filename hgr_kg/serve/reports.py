"""The figures and reports of the graph as pages: the timeline (``hgr_kg.draw.timeline``), the audit of
the study's claims (``hgr_kg.validate.audit``, its HTML report as ``hgr-kg audit -f html`` writes it),
the SHACL validation report, and the downloads (the graph dumped by pyoxigraph; the network exports).
Each is made by the first request that asks for it and kept: the store does not change while served.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starlette.responses import Response
from starlette.routing import Route

from hgr_kg.errors import HgrKgError
from hgr_kg.serve.site import Site, guarded, page, problem

if TYPE_CHECKING:
    from starlette.requests import Request

# name: (pyoxigraph format, media type, what it is)
DUMPS = {
    "hgr-kg.ttl": ("TURTLE", "text/turtle", "the whole graph, Turtle"),
    "hgr-kg.nt": ("N_TRIPLES", "application/n-triples", "the whole graph, N-Triples"),
    "hgr-kg.jsonld": ("JSON_LD", "application/ld+json", "the whole graph, JSON-LD"),
    "hgr-kg.rdf": ("RDF_XML", "application/rdf+xml", "the whole graph, RDF/XML"),
}
EXPORTS = {
    "graphml": ("application/graphml+xml", "GraphML (yEd, Gephi, Cytoscape)"),
    "gexf": ("application/gexf+xml", "GEXF (Gephi)"),
    "cytoscape": ("application/json", "Cytoscape.js JSON"),
    "json": ("application/json", "node-link JSON (networkx, D3)"),
    "dot": ("text/vnd.graphviz", "DOT (Graphviz)"),
    "html": ("text/html", "an interactive HTML view, offline"),
}


def routes(site: Site) -> list:
    return [
        Route("/timeline", guarded(lambda request: timeline_page(site, request))),
        Route("/timeline.svg", guarded(lambda request: timeline_svg(site, request))),
        Route("/permits.svg", guarded(lambda request: permits_svg(site, request))),
        Route("/audit", guarded(lambda request: audit_page(site, request))),
        Route("/validation", guarded(lambda request: validation_page(site, request))),
        Route("/downloads", guarded(lambda request: downloads_page(site, request))),
        Route("/downloads/{name}", guarded(lambda request: download(site, request))),
    ]


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang", "en")
    if lang not in ("en", "zh"):
        raise HgrKgError(f"lang={lang}: not one of en, zh")
    return lang


def timeline_page(site: Site, request: Request) -> Response:
    return page("timeline", title="Timeline", lang=_lang(request))


# matplotlib's settings (the font, the SVG hash salt) are global to the process: one figure at a time
_DRAWING = threading.Lock()


def _drawn(draw: Callable[..., bytes], *args: Any, **kwargs: Any) -> bytes:
    """``draw(*args, **kwargs)`` while no other request draws (two figures drawn at once in two
    threads mixed their settings: a 500 on /timeline, which asks for three figures at once)."""
    with _DRAWING:
        return draw(*args, **kwargs)


def permits_svg(site: Site, request: Request) -> Response:
    """The permit trajectories (``hgr-kg chart permits``): ``?lang=en|zh``, ``?measure=counts|shares``."""
    from hgr_kg.draw.permits import MEASURES, chart

    lang, measure = _lang(request), request.query_params.get("measure", "counts")
    if measure not in MEASURES:
        raise HgrKgError(f"measure={measure}: not one of {', '.join(MEASURES)}")
    svg = site.once(f"permits-{lang}-{measure}", lambda: _drawn(chart, site.graph, lang, measure, "svg"))
    return Response(svg, media_type="image/svg+xml")


def timeline_svg(site: Site, request: Request) -> Response:
    from hgr_kg.draw.timeline import timeline
    from hgr_kg.graph.build import sources_digest

    lang, project = _lang(request), site.context.project
    svg = site.once(
        f"timeline-{lang}",
        lambda: _drawn(
            timeline,
            site.graph,
            project.queries,
            lang=lang,
            fmt="svg",
            orientation="horizontal",
            built=sources_digest(project)[:12],
        ),
    )
    return Response(svg, media_type="image/svg+xml")


def audit_page(site: Site, request: Request) -> Response:
    """The audit's report (as ``hgr-kg audit -f html`` writes it) inside the site: its header and
    navigation, each claim linked to its page and each place in the study to the study's."""
    from hgr_kg.validate.audit import VERDICTS, audit, summary

    verdicts = site.once("audit", lambda: audit(site.graph, site.context.project.queries))
    return page("audit", title="Audit of the study's claims", verdicts=verdicts, summary=summary(verdicts),
                verdict_names=VERDICTS)  # fmt: skip


def validation_page(site: Site, request: Request) -> Response:
    """The SHACL report of the project (as ``hgr-kg validate``; no cache file is written)."""
    from hgr_kg.validate.shacl import load_shapes, validate_project

    project = site.context.project
    report = site.once("validation", lambda: validate_project(project, load_shapes(project.shapes)))
    return page("validation", title="Validation", report=report)


def downloads_page(site: Site, request: Request) -> Response:
    return page("downloads", title="Downloads", dumps=DUMPS, exports=EXPORTS)


def download(site: Site, request: Request) -> Response:
    name = request.path_params["name"]
    if name in DUMPS:
        import pyoxigraph as ox

        fmt, media, _ = DUMPS[name]
        body = site.once(f"dump-{name}", lambda: site.context.store.dump(
            format=getattr(ox.RdfFormat, fmt), from_graph=ox.DefaultGraph()))  # fmt: skip
    elif name.startswith("hgr-kg-network.") and name.removeprefix("hgr-kg-network.") in EXPORTS:
        from hgr_kg.export.networks import export

        fmt = name.removeprefix("hgr-kg-network.")
        media = EXPORTS[fmt][0]
        body = site.once(f"export-{fmt}", lambda: export(site.graph, fmt))
    else:
        return problem(f"no download named {name!r}", status=404)
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
