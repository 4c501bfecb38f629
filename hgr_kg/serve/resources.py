"""Every resource of the graph at its IRI's path: ``https://w3id.org/hgr-kg/id/X`` at ``/id/X``, and the
ontology (``https://w3id.org/hgr-kg/ontology#T``) at ``/ontology`` (each term a section ``#T``).

Content negotiation (the ``Accept`` header, or ``?format=`` for a link): HTML, Turtle, JSON-LD,
N-Triples or RDF/XML, serialised by pyoxigraph from the store. The RDF of a resource is the triples it
is the subject of, and those that point at it. The HTML page gives its label in English and Chinese,
its status marks (unverified; text status), the status the build derived from its sources (by the
label of the status concept, hgrid:scheme-fact-statuses) with its caveat, each fact with the citations
that support it, and the links out and in, each to its own page. An IRI the graph does not know is a 404.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from starlette.responses import Response
from starlette.routing import Route

from hgr_kg.namespaces import ELI, HGR, HGRID, PREFIXES
from hgr_kg.serve.site import Site, guarded, page, problem

if TYPE_CHECKING:
    from rdflib.term import Node
    from starlette.requests import Request

ONTOLOGY = str(HGR).rstrip("#")
# media type: (pyoxigraph format name, ?format= value)
RDF_TYPES = {
    "text/turtle": ("TURTLE", "ttl"),
    "application/ld+json": ("JSON_LD", "jsonld"),
    "application/n-triples": ("N_TRIPLES", "nt"),
    "application/rdf+xml": ("RDF_XML", "rdf"),
}
BY_SUFFIX = {suffix: media for media, (_, suffix) in RDF_TYPES.items()} | {"html": "text/html"}
MAX_LINKS = 200  # links in shown on a page (the RDF has them all)


def routes(site: Site) -> list:
    return [
        Route("/id/{rest:path}", guarded(lambda request: resource(site, request))),
        Route("/ontology", guarded(lambda request: ontology(site, request))),
    ]


def negotiate(request: Request) -> str | None:
    """The media type to answer with: ``?format=`` first, then the best of ``Accept`` (q-values; HTML
    when nothing is asked for or ``*/*``); None when nothing offered is acceptable."""
    wanted = request.query_params.get("format")
    if wanted:
        return BY_SUFFIX.get(wanted)
    offers = ["text/html", *RDF_TYPES]
    best, best_q = None, 0.0
    for part in request.headers.get("accept", "*/*").split(","):
        media, *params = (p.strip().lower() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        candidate = media if media in offers else "text/html" if media in ("*/*", "text/*", "") else None
        if candidate is not None and q > best_q:
            best, best_q = candidate, q
    return best


def rdf_response(site: Site, media: str, triples: list) -> Response:
    import pyoxigraph as ox

    fmt = getattr(ox.RdfFormat, RDF_TYPES[media][0])
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    body = ox.serialize(triples, format=fmt, prefixes=prefixes)
    return Response(body, media_type=media, headers={"Vary": "Accept"})


def _triples(site: Site, iri: str, outgoing_only: bool = False) -> list:
    import pyoxigraph as ox

    node = ox.NamedNode(iri)
    found = [q.triple for q in site.context.store.quads_for_pattern(node, None, None, ox.DefaultGraph())]
    if not outgoing_only:
        found += [q.triple for q in site.context.store.quads_for_pattern(None, None, node, ox.DefaultGraph())]
    return found


def is_iri(text: str) -> bool:
    """Whether ``text`` is an IRI (RFC 3987, as pyoxigraph reads it): a path such as /id/a%20b, whose
    space no IRI may hold, names nothing in the graph."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def resource(site: Site, request: Request) -> Response:
    from urllib.parse import quote

    iri = str(HGRID) + request.path_params["rest"]
    if not is_iri(iri):
        shown = "/id/" + quote(request.path_params["rest"], safe="/:@!$&'()*+,;=-._~")
        return problem(f"{shown} is not the path of an IRI of the graph", status=404)
    media = negotiate(request)
    if media is None:
        return problem(f"not acceptable: {request.headers.get('accept')}; offered: text/html, "
                       + ", ".join(RDF_TYPES), status=406)  # fmt: skip
    triples = _triples(site, iri)
    if not triples:
        return problem(f"<{iri}> is not in the graph", status=404)
    if media != "text/html":
        return rdf_response(site, media, triples)
    view = describe(site, URIRef(iri))
    return page("resource", title=view.label_en, view=view, formats=RDF_TYPES, path=request.url.path,
                today=dt.date.today().isoformat())  # fmt: skip


def ontology(site: Site, request: Request) -> Response:
    media = negotiate(request)
    if media is None:
        return problem(f"not acceptable: {request.headers.get('accept')}", status=406)
    terms = sorted(
        {s for s in site.graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(HGR))}, key=str
    )
    if media != "text/html":
        parts = [_triples(site, ONTOLOGY, True), *(_triples(site, str(t), True) for t in terms)]
        triples = list(itertools.chain(*parts))
        return rdf_response(site, media, triples)
    views = [describe(site, term, links_in=False) for term in terms]
    head = describe(site, URIRef(ONTOLOGY), links_in=False)
    return page("ontology", title="The hgr-kg ontology", head=head, views=views, formats=RDF_TYPES)


# ---------------------------------------------------------------- the view of one resource


@dataclass
class Link:
    """A node to show: its text, and the page it leads to (None: not in the graph, or a literal)."""

    text: str
    href: str | None = None
    iri: str | None = None
    lang: str | None = None
    datatype: str | None = None


@dataclass
class Citation:
    number: int
    document: Link
    locator: str | None
    supports: list[Link]  # the properties whose values it supports; none: the resource as a whole
    iri: str


@dataclass
class Fact:
    prop: Link
    values: list[Link]
    sources: list[int] = field(default_factory=list)  # citation numbers


@dataclass
class View:
    iri: str
    label_en: str
    label_zh: str | None
    types: list[Link]
    status: list[Link]
    facts: list[Fact]
    citations: list[Citation]
    links_in: list[tuple[Link, Link]]  # (subject, property)
    more_in: int
    fact_status: Link | None = None  # the derived status (hgr:factStatus), by its label
    fact_caveat: str | None = None  # the derived caveat (hgr:factCaveat)
    today: list[tuple[Link, Link]] = field(default_factory=list)  # (provision, its version in force today)
    conducts: list[ConductToday] = field(default_factory=list)  # a decision's conduct, against today's law
    is_sanction: bool = False  # an administrative decision: say so where no reading of its conduct is held


TODAY = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX hgr: <https://w3id.org/hgr-kg/ontology#>
SELECT DISTINCT ?from ?now WHERE {
  # the node, or each provision a case applies; then the work (or work-level article) it is, or the
  # one its version (or version's article) belongs to, and that work's member in force on ?day
  { ?node eli:has_member ?now . BIND(?node AS ?from) }
  UNION { ?node eli:is_member_of ?work . ?work eli:has_member ?now . BIND(?node AS ?from) }
  UNION { ?node hgr:appliesProvision ?from . ?from eli:has_member ?now }
  UNION { ?node hgr:appliesProvision ?from . ?from eli:is_member_of ?work . ?work eli:has_member ?now }
  ?now eli:first_date_entry_in_force ?start .
  OPTIONAL { ?now eli:date_no_longer_in_force ?end }
  FILTER(STR(?start) <= ?day && (!BOUND(?end) || STR(?end) > ?day))
} ORDER BY ?from ?now"""


def in_force_today(site: Site, node: URIRef, day: str) -> list[tuple[Link, Link]]:
    """For a provision or a version, the version of it in force on ``day`` where that is another; for a
    court case, that of each provision it applies (``hgr:appliesProvision``): the law today for the
    same conduct. Dates compare as YYYY-MM-DD strings."""
    from rdflib import Literal

    from hgr_kg.query.canned import run_local

    rows = run_local(site.graph, TODAY, {"node": node, "day": Literal(day)}).rows
    return [(link(site, a), link(site, b)) for a, b in rows if a != b]


@dataclass
class ConductToday:
    """A decision's conduct read as a penalty provision's, and that provision in the law on a day."""

    reading: Link  # the hgr:SanctionReading (an interpretation, with its sources)
    conduct: Link  # the conduct as the provision read states it
    article: Link  # the article of the version in force on the day
    conduct_now: Link | None  # the same item's conduct in that version, where the build read one


def conduct_today(site: Site, node: URIRef, day: str) -> list[ConductToday]:
    """For an administrative decision, each curators' reading of its conduct (data/sanction-readings.ttl),
    led to the article in force on ``day`` for the same conduct: the canned query
    ``sanction-conduct-today`` (queries/), so that the page and ``query run`` give the same answer."""
    from rdflib import Literal

    from hgr_kg.query.canned import find_query, run_local

    if (node, RDF.type, HGR.AdministrativeSanction) not in site.graph:
        return []
    query = find_query(site.context.project.queries, "sanction-conduct-today")
    table = run_local(site.graph, query.text, {"sanction": node, "date": Literal(day, datatype=XSD.date)})
    found = []
    for row in table.rows:
        got = dict(zip(table.variables, row, strict=True))
        if got.get("articleOnDate") is None:
            continue
        now = link(site, got["conductOnDate"]) if got.get("conductOnDate") is not None else None
        found.append(ConductToday(link(site, got["reading"]), link(site, got["conduct"]),
                                  link(site, got["articleOnDate"]), now))  # fmt: skip
    return found


def href(site: Site, node: Node) -> str | None:
    """The page of ``node`` on this server: /id/... for the graph's resources, /ontology#T for the
    ontology's terms, none for what the graph does not describe."""
    iri = str(node)
    if iri.startswith(str(HGRID)):
        return "/id/" + iri[len(str(HGRID)) :]
    if iri.startswith(str(HGR)):
        return "/ontology#" + iri[len(str(HGR)) :]
    if iri == ONTOLOGY:
        return "/ontology"
    return None


def link(site: Site, node: Node) -> Link:
    """A node as a link: its label; a vocabulary term without one by its prefixed name (rdfs:comment),
    which says more to a reader of RDF than the words of its local name."""
    from hgr_kg.graph.labels import label, local_name

    if isinstance(node, Literal):
        datatype = site.graph.namespace_manager.normalizeUri(node.datatype) if node.datatype else None
        return Link(str(node), lang=node.language, datatype=datatype)
    if not isinstance(node, URIRef):
        return Link(str(node))
    text = label(site.graph, node, "en")
    if text == local_name(str(node)) and not str(node).startswith(str(HGRID)):
        curie = site.graph.namespace_manager.normalizeUri(node)
        text = curie if not curie.startswith("<") else text
    elif text == local_name(str(node)):
        text = _unlabelled_part(site, node) or text
    return Link(text, href(site, node), str(node))


def _unlabelled_part(site: Site, node: URIRef) -> str | None:
    """A subdivision the graph gives no title (a paragraph of a decision or of the service guide) by
    its number and the opening of its words: "¶14 一、将《教学成果奖励条例》第七条…"."""
    number, words = site.graph.value(node, ELI.number), site.graph.value(node, HGR.text)
    if number is None or words is None:
        return None
    words = str(words)
    return f"¶{number} {words[:24]}…" if len(words) > 24 else f"¶{number} {words}"


def _order(site: Site, value: Node) -> tuple:
    """Values in the order of the text where they have one (hgr:position), else by IRI."""
    position = site.graph.value(value, HGR.position) if isinstance(value, URIRef) else None
    number = position.toPython() if isinstance(position, Literal) else None
    return (0, number, "") if isinstance(number, int) else (1, 0, str(value))


def _label_zh(site: Site, node: Node) -> str | None:
    from hgr_kg.graph.labels import LABEL_PROPERTIES

    for prop in LABEL_PROPERTIES:
        for value in site.graph.objects(node, prop):
            if isinstance(value, Literal) and value.language == "zh":
                return str(value)
    return None


def citations(site: Site, node: URIRef) -> list[Citation]:
    graph, found = site.graph, []
    for number, cite in enumerate(sorted(graph.objects(node, DCTERMS.source), key=str), start=1):
        document = graph.value(cite, DCTERMS.isPartOf)
        locator = graph.value(cite, HGR.locator)
        found.append(Citation(
            number, link(site, document if document is not None else cite),
            str(locator) if locator is not None else None,
            [link(site, p) for p in sorted(graph.objects(cite, HGR.supports), key=str)], str(cite),
        ))  # fmt: skip
    return found


def describe(site: Site, node: URIRef, links_in: bool = True) -> View:
    from hgr_kg.graph.labels import label

    graph = site.graph
    cites = citations(site, node)
    facts: dict[str, Fact] = {}
    # shown apart: the type, marks, derived status and caveat, sources; not shown: the build's search
    # keys (a conduct's words, a term's labels in lower case), derived from the facts shown
    skip = {RDF.type, HGR.verificationStatus, HGR.factStatus, HGR.factCaveat, DCTERMS.source,
            HGR.conductWords, HGR.termKey}  # fmt: skip
    pairs = sorted(graph.predicate_objects(node), key=lambda pv: (str(pv[0]), _order(site, pv[1])))
    for prop, value in pairs:
        if prop in skip:
            continue
        fact = facts.setdefault(str(prop), Fact(link(site, prop), []))
        fact.values.append(link(site, value))
    for fact in facts.values():
        fact.sources = [c.number for c in cites if fact.prop.iri in {p.iri for p in c.supports}]
    incoming: list[tuple[Link, Link]] = []
    more = 0
    if links_in:
        pairs = graph.subject_predicates(node)
        for subject, prop in itertools.islice(pairs, MAX_LINKS):
            incoming.append((link(site, subject), link(site, prop)))
        more = sum(1 for _ in pairs)
    return View(
        str(node), label(graph, node, "en"), _label_zh(site, node),
        [link(site, t) for t in sorted(graph.objects(node, RDF.type), key=str)],
        [link(site, s) for s in graph.objects(node, HGR.verificationStatus)]
        + [link(site, s) for s in graph.objects(node, HGR.textStatus)],
        sorted(facts.values(), key=lambda f: (f.prop.iri != str(RDFS.label), f.prop.text.lower())),
        cites, incoming, more, *_derived_status(site, node),
        in_force_today(site, node, dt.date.today().isoformat()),
        conduct_today(site, node, dt.date.today().isoformat()),
        (node, RDF.type, HGR.AdministrativeSanction) in graph,
    )  # fmt: skip


def _derived_status(site: Site, node: URIRef) -> tuple[Link | None, str | None]:
    """The status the build derived for ``node`` (a concept, shown by its English label) and its caveat."""
    status = site.graph.value(node, HGR.factStatus)
    caveat = site.graph.value(node, HGR.factCaveat)
    return (link(site, status) if status is not None else None), (str(caveat) if caveat is not None else None)
