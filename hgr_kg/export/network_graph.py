"""The graph as a networkx multigraph for drawing: which resources are nodes (by class, and by subset),
which fold into another (observations into their data set, imported permits into their collection, a
statute's paragraphs and items into their article), and the edges between them, labelled with the
property's label, citations folded into ``source`` edges. What each node carries is
:mod:`hgr_kg.export.network_nodes`.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, QB, RDF, SKOS
from rdflib.term import Node

from hgr_kg.draw.timeline_style import KINDS as INSTRUMENT_KINDS
from hgr_kg.errors import HgrKgError
from hgr_kg.export.network_nodes import ARTICLE, node_attributes, one_type_per_attribute, short_id
from hgr_kg.graph.labels import property_label
from hgr_kg.namespaces import ELI, HGR, HGRID

SUBSETS = ("legislation", "law", "statistics", "cases", "all")
CLASS_KINDS = [
    (ELI.LegalResourceSubdivision, "provision"),
    (ELI.LegalResource, "instrument"),
    (HGR.TimelineEvent, "event"),
    (HGR.Penalty, "penalty"),
    (HGR.CourtCase, "case"),
    (HGR.AdministrativeSanction, "sanction"),
    (HGR.SanctionSummary, "sanction-summary"),
    (HGR.RecordCollection, "record-collection"),
    (HGR.Permit, "permit"),
    (QB.DataSet, "dataset"),
    (QB.Observation, "observation"),
    (HGR.DerivedFigure, "derived-figure"),
    (HGR.SourceDocument, "source"),
    (URIRef("http://www.w3.org/ns/org#Organization"), "organisation"),
    (DCTERMS.Location, "place"),
]
SUBSET_KINDS = {
    "legislation": {"instrument", "provision", "definition", "event"} | set(INSTRUMENT_KINDS),
    "law": {"instrument", "provision", "article", "penalty"} | set(INSTRUMENT_KINDS),
    "statistics": {"dataset", "observation", "derived-figure"},
    "cases": {"case", "sanction", "sanction-summary", "permit", "record-collection"},
}
ATTACHED = {"organisation", "place", "source"}  # shown with a subset when linked to its nodes
# ELI's inverse properties (owl:inverseOf in the ELI ontology): the first of each pair is kept
INVERSE_PAIRS = (
    (ELI.is_part_of, ELI.has_part), (ELI.is_member_of, ELI.has_member), (ELI.amends, ELI.amended_by),
    (ELI.repeals, ELI.repealed_by), (ELI.cites, ELI.cited_by), (ELI.changes, ELI.changed_by),
    (ELI.consolidates, ELI.consolidated_by), (ELI.corrects, ELI.corrected_by), (ELI.based_on, ELI.basis_for),
    (DCTERMS.isPartOf, DCTERMS.hasPart), (DCTERMS.replaces, DCTERMS.isReplacedBy),
)  # fmt: skip


def kind_of(graph: Graph, node: Node) -> str | None:
    types = set(graph.objects(node, RDF.type))
    if SKOS.Concept in types:
        return "definition" if (node, SKOS.inScheme, HGRID["scheme-definitions"]) in graph else None
    for cls, kind in CLASS_KINDS:
        if cls in types:
            if kind == "instrument":
                doc_type = graph.value(node, ELI.type_document)
                local = str(doc_type).rsplit("/type-", 1)[-1] if doc_type is not None else ""
                return local if local in INSTRUMENT_KINDS else "instrument"
            return kind
    return None


def _read_article(graph: Graph, node: Node) -> bool:
    """An article read from a statute text, without a curated paraphrase (kind ``article``)."""
    return (node, ELI.type_subdivision, ARTICLE) in graph and (node, ELI.description, None) not in graph


def _collapses(graph: Graph, node: Node) -> bool:
    """A unit read from a statute text (it has an eli:type_subdivision) other than an article, without
    a curated paraphrase: a paragraph or item is drawn as part of its article, a chapter or section as
    part of its version, so that a drawing shows the articles and their references, not ~2,000
    chapters, paragraphs and items; their text is for ``hgr-kg text`` and the queries."""
    return (
        (node, ELI.type_subdivision, None) in graph
        and (node, ELI.type_subdivision, ARTICLE) not in graph
        and (node, ELI.description, None) not in graph
    )


def _kinds(graph: Graph) -> dict[Node, str]:
    kinds: dict[Node, str] = {}
    for node in set(graph.subjects(RDF.type, None)):
        if isinstance(node, URIRef) and not str(node).startswith(str(OWL)):
            kind = kind_of(graph, node)
            if kind == "provision" and _read_article(graph, node):
                kind = "article"
            if kind is not None:
                kinds[node] = kind
    return kinds


def _targets(graph: Graph, kinds: dict[Node, str], observations: bool) -> dict[Node, Node]:
    """The node each resource is drawn as: itself, or the data set, version or record collection it
    is folded into."""
    target = {n: n for n in kinds}
    for node, kind in kinds.items():
        if kind == "observation" and not observations:  # observations collapse into their data set
            dataset = graph.value(node, QB.dataSet)
            if dataset in kinds:
                target[node] = dataset
        elif kind == "permit":  # imported decisions collapse into their collection
            collection = graph.value(node, HGR.recordOf)
            if collection in kinds:
                target[node] = collection
    for node in kinds:  # a statute's units read from data/texts collapse into their version
        parent = node
        while _collapses(graph, parent):
            parent = _container(graph, parent)
        if parent != node and parent in kinds:
            target[node] = parent
    return target


def _container(graph: Graph, node: Node) -> Node | None:
    """What a unit is part of: its article where it is in one (a paragraph, an item's paragraph), else
    its chapter, section or version."""
    parents = sorted(graph.objects(node, ELI.is_part_of), key=str)
    inside = [p for p in parents if (p, ELI.type_subdivision, ARTICLE) in graph]
    return (inside or parents or [graph.value(node, HGR.partOfVersion)])[0]


def _inverses(graph: Graph) -> dict[Node, Node]:
    """Each property that is the inverse of a kept one (``has part`` of ``is part of``), to the
    kept one: the ELI pairs, and any ``owl:inverseOf`` the graph states."""
    dropped = {second: first for first, second in INVERSE_PAIRS}
    for first, second in graph.subject_objects(OWL.inverseOf):
        if first not in dropped:
            dropped.setdefault(second, first)
    return dropped


def _edges(graph: Graph, target: dict[Node, Node], inverse: bool) -> tuple[Counter, dict]:
    edges: Counter[tuple[Node, Node, str]] = Counter()
    locators: dict[tuple[Node, Node, str], set[str]] = defaultdict(set)
    drop = {} if inverse else _inverses(graph)
    labels: dict[Node, str] = {}  # each property's label, looked up once
    rdf_type, source, part_of, locator = RDF.type, DCTERMS.source, DCTERMS.isPartOf, HGR.locator
    for s, p, o in graph:
        if s not in target or p == rdf_type:
            continue
        if p == source:
            document = graph.value(o, part_of)
            if document in target:
                key = (target[s], target[document], "source")
                edges[key] += 1
                locators[key].add(str(graph.value(o, locator) or ""))
            continue
        if o in target and target[s] != target[o]:
            if p in drop and (o, drop[p], s) in graph:
                continue  # its inverse is drawn
            if p not in labels:
                labels[p] = property_label(graph, p)
            edges[(target[s], target[o], labels[p])] += 1
    return edges, locators


def to_networkx(graph: Graph, subset: str = "all", observations: bool = False, sources: bool = True,
                inverse: bool = True) -> nx.MultiDiGraph:  # fmt: skip
    """The graph as a networkx multigraph for drawing (see the module docstring); without source
    documents unless ``sources``, and without the inverse duplicate of an edge (``has part`` beside
    ``is part of``) unless ``inverse``. Edge keys are ``e0``, ``e1``, ... (GraphML's edge ids)."""
    if subset not in SUBSETS:
        raise HgrKgError(f"--subset: {subset!r} is not one of {', '.join(SUBSETS)}")
    kinds = _kinds(graph)
    target = _targets(graph, kinds, observations)
    edges, locators = _edges(graph, target, inverse)
    core = {n for n, k in kinds.items() if target[n] == n}
    if subset != "all":
        wanted = SUBSET_KINDS[subset]
        chosen = {n for n in core if kinds[n] in wanted}
        linked = {b for a, b, _ in edges if a in chosen} | {a for a, b, _ in edges if b in chosen}
        core = chosen | {n for n in linked if kinds.get(n) in ATTACHED}
    if not sources:
        core = {n for n in core if kinds[n] != "source"}
    out = nx.MultiDiGraph(name=f"hgr-kg ({subset})")
    collapsed = Counter(target[n] for n, k in kinds.items() if k == "observation" and target[n] != n)
    for node in sorted(core, key=str):
        out.add_node(short_id(str(node)), **node_attributes(graph, node, kinds[node], collapsed.get(node, 0)))
    one_type_per_attribute(out)
    number = 0
    for (s, o, name), count in sorted(edges.items(), key=lambda e: (str(e[0][0]), str(e[0][1]), e[0][2])):
        if s in core and o in core:
            where = "; ".join(sorted(x for x in locators.get((s, o, name), ()) if x))
            out.add_edge(short_id(str(s)), short_id(str(o)), key=f"e{number}", label=name, count=count,
                         locator=where)  # fmt: skip
            number += 1
    return out
