"""Export the graph for visualisation tools through networkx: GraphML, GEXF, Cytoscape.js JSON,
node-link JSON, DOT, and a self-contained interactive HTML page.

Nodes are resources, with ``label`` (English), ``label_zh``, ``kind``, ``date`` where one applies,
a ``color`` by kind (GEXF ``viz:color`` too), and their literal facts and sources as attributes;
edges are the relations between them, labelled with the property's label. Citations are folded
into ``source`` edges to the document (the locator on the edge), the many statistics
observations are collapsed into their data set unless asked for, and imported permit decisions
(there may be hundreds of thousands) into their record collection.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from importlib import resources

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, QB, RDF, RDFS, SKOS
from rdflib.term import Node

from hgr_kg.draw.timeline import KINDS as INSTRUMENT_KINDS
from hgr_kg.errors import HgrKgError
from hgr_kg.graph.labels import label
from hgr_kg.namespaces import ELI, HGR, HGRID, PREFIXES

FORMATS = ("graphml", "gexf", "cytoscape", "json", "dot", "html")
SUBSETS = ("legislation", "statistics", "cases", "all")

# kind: (colour, English name). Instrument kinds take the timeline's colours.
KIND_COLOURS: dict[str, tuple[str, str]] = {
    **{k: (c, en) for k, (c, en, _zh) in INSTRUMENT_KINDS.items()},
    "instrument": ("#0072B2", "Instrument"),
    "provision": ("#66A61E", "Provision"),
    "definition": ("#A6761D", "Definition"),
    "organisation": ("#7570B3", "Organisation"),
    "place": ("#B3B3B3", "Place"),
    "event": ("#E7298A", "Timeline event"),
    "case": ("#CC79A7", "Court case"),
    "sanction": ("#E41A1C", "Sanction"),
    "sanction-summary": ("#FB9A99", "Sanction summary"),
    "permit": ("#FF7F00", "Permit"),
    "record-collection": ("#FDBF6F", "Imported permit decisions"),
    "dataset": ("#1B9E77", "Statistics data set"),
    "observation": ("#8DD3C7", "Observation"),
    "derived-figure": ("#BEBADA", "Derived figure"),
    "source": ("#666666", "Source document"),
}
CLASS_KINDS = [
    (ELI.LegalResourceSubdivision, "provision"),
    (ELI.LegalResource, "instrument"),
    (HGR.TimelineEvent, "event"),
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
    "statistics": {"dataset", "observation", "derived-figure"},
    "cases": {"case", "sanction", "sanction-summary", "permit", "record-collection"},
}
ATTACHED = {"organisation", "place", "source"}  # shown with a subset when linked to its nodes
DATE_PROPERTIES = (ELI.date_document, HGR.eventDate, HGR.eventYear, DCTERMS.date, HGR.year, ELI.version_date)


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


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)) :]}"
    return iri


def _property_label(graph: Graph, prop: URIRef) -> str:
    for value in graph.objects(prop, RDFS.label):
        if isinstance(value, Literal) and value.language in (None, "en"):
            return str(value)
    return str(prop).rsplit("#", 1)[-1].rsplit("/", 1)[-1].replace("_", " ")


def _facts(graph: Graph, node: Node) -> dict[str, list[str]]:
    facts: dict[str, list[str]] = defaultdict(list)
    for prop, value in sorted(graph.predicate_objects(node), key=lambda pv: (str(pv[0]), str(pv[1]))):
        if isinstance(value, Literal):
            tag = f" @{value.language}" if value.language else ""
            facts[_property_label(graph, prop)].append(f"{value}{tag}")
    return dict(facts)


def _sources(graph: Graph, node: Node) -> list[str]:
    out = []
    for citation in graph.objects(node, DCTERMS.source):
        document = graph.value(citation, DCTERMS.isPartOf)
        title = graph.value(document, DCTERMS.title) if document is not None else None
        where = graph.value(citation, HGR.locator)
        out.append(f"{title or _short(str(document))} — {where or ''}".strip(" —"))
    return sorted(out)


def _date(graph: Graph, node: Node) -> str:
    for prop in DATE_PROPERTIES:
        value = graph.value(node, prop)
        if value is not None:
            return str(value)
    return ""


def _collapses(graph: Graph, node: Node) -> bool:
    """A unit read from a statute text (it has an eli:type_subdivision) without a curated paraphrase:
    drawn as part of its version (or work), so that a drawing shows the curated network, not ~2,000
    chapters, articles, paragraphs and items; their text is for ``hgr-kg text`` and the queries."""
    return (node, ELI.type_subdivision, None) in graph and (node, ELI.description, None) not in graph


def to_networkx(graph: Graph, subset: str = "all", observations: bool = False) -> nx.MultiDiGraph:
    """The graph as a networkx multigraph for drawing (see the module docstring)."""
    if subset not in SUBSETS:
        raise HgrKgError(f"--subset: {subset!r} is not one of {', '.join(SUBSETS)}")
    kinds: dict[Node, str] = {}
    for node in set(graph.subjects(RDF.type, None)):
        if isinstance(node, URIRef) and not str(node).startswith(str(OWL)):
            kind = kind_of(graph, node)
            if kind is not None:
                kinds[node] = kind
    # observations collapse into their data set
    target = {n: n for n in kinds}
    if not observations:
        for node, kind in list(kinds.items()):
            if kind == "observation":
                dataset = graph.value(node, QB.dataSet)
                if dataset in kinds:
                    target[node] = dataset
    for node in list(kinds):  # a statute's units read from data/texts collapse into their version
        parent = node
        while _collapses(graph, parent):
            parent = graph.value(parent, ELI.is_part_of) or graph.value(parent, HGR.partOfVersion)
        if parent != node and parent in kinds:
            target[node] = parent
    for node, kind in list(kinds.items()):  # imported decisions collapse into their collection
        if kind == "permit":
            collection = graph.value(node, HGR.recordOf)
            if collection in kinds:
                target[node] = collection
    edges: Counter[tuple[Node, Node, str]] = Counter()
    locators: dict[tuple[Node, Node, str], set[str]] = defaultdict(set)
    for s, p, o in graph:
        if s not in target or p == RDF.type:
            continue
        if p == DCTERMS.source:
            document = graph.value(o, DCTERMS.isPartOf)
            if document in target:
                key = (target[s], target[document], "source")
                edges[key] += 1
                locators[key].add(str(graph.value(o, HGR.locator) or ""))
            continue
        if o in target and target[s] != target[o]:
            edges[(target[s], target[o], _property_label(graph, p))] += 1
    core = {n for n, k in kinds.items() if target[n] == n}
    if subset != "all":
        wanted = SUBSET_KINDS[subset]
        chosen = {n for n in core if kinds[n] in wanted}
        linked = {b for a, b, _ in edges if a in chosen} | {a for a, b, _ in edges if b in chosen}
        core = chosen | {n for n in linked if kinds.get(n) in ATTACHED}
    out = nx.MultiDiGraph(name=f"hgr-kg ({subset})")
    collapsed = Counter(target[n] for n, k in kinds.items() if k == "observation" and target[n] != n)
    for node in sorted(core, key=str):
        kind = kinds[node]
        colour = KIND_COLOURS[kind][0]
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        out.add_node(
            _short(str(node)),
            iri=str(node),
            label=label(graph, node, "en"),
            label_zh=label(graph, node, "zh"),
            kind=kind,
            date=_date(graph, node),
            color=colour,
            observations=collapsed.get(node, 0),
            facts=json.dumps(_facts(graph, node), ensure_ascii=False),
            sources=json.dumps(_sources(graph, node), ensure_ascii=False),
            viz={"color": {"r": r, "g": g, "b": b, "a": 1.0}},
        )
    for (s, o, name), count in sorted(edges.items(), key=lambda e: (str(e[0][0]), str(e[0][1]), e[0][2])):
        if s in core and o in core:
            where = "; ".join(sorted(x for x in locators.get((s, o, name), ()) if x))
            out.add_edge(_short(str(s)), _short(str(o)), key=name, label=name, count=count, locator=where)
    return out


def _without_viz(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    h = g.copy()
    for _, data in h.nodes(data=True):
        data.pop("viz", None)
    return h


def _dot_quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(g: nx.MultiDiGraph) -> str:
    lines = [f"digraph {_dot_quote(g.graph.get('name', 'hgr-kg'))} {{", "  rankdir=LR;",
             '  node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=10];',
             '  edge [fontname="DejaVu Sans", fontsize=8, color="#777777"];']  # fmt: skip
    for node, data in g.nodes(data=True):
        text = data["label"] if len(data["label"]) <= 60 else data["label"][:57] + "..."
        fill = _dot_quote(data["color"] + "55")
        lines.append(f"  {_dot_quote(node)} [label={_dot_quote(text)}, fillcolor={fill}, "
                     f"color={_dot_quote(data['color'])}, tooltip={_dot_quote(data['kind'])}];")  # fmt: skip
    for s, o, data in g.edges(data=True):
        lines.append(f"  {_dot_quote(s)} -> {_dot_quote(o)} [label={_dot_quote(data['label'])}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _vis_network() -> tuple[str, str]:
    """vis-network's script and style, read from the installed pyvis package (no CDN)."""
    try:
        lib = resources.files("pyvis") / "lib" / "vis-9.1.2"
        return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(
            encoding="utf-8"
        )
    except (ModuleNotFoundError, FileNotFoundError) as err:
        raise HgrKgError(f"the HTML export needs the pyvis package's vis-network files: {err}") from None


def to_html(g: nx.MultiDiGraph) -> str:
    from hgr_kg.templating import environment

    script, style = _vis_network()
    nodes = [{"id": n, "label": d["label"], "label_zh": d["label_zh"], "kind": d["kind"], "date": d["date"],
              "color": d["color"], "iri": d["iri"], "facts": json.loads(d["facts"]),
              "sources": json.loads(d["sources"]), "observations": d["observations"]}
             for n, d in g.nodes(data=True)]  # fmt: skip
    edges = [
        {"from": s, "to": o, "label": d["label"], "locator": d["locator"]} for s, o, d in g.edges(data=True)
    ]
    kinds = sorted({n["kind"] for n in nodes})
    legend = [{"kind": k, "name": KIND_COLOURS[k][1], "color": KIND_COLOURS[k][0]} for k in kinds]
    data = {"nodes": nodes, "edges": edges, "legend": legend}  # the template embeds it with script_json
    template = environment().get_template("graph.html.jinja2")
    return template.render(title=g.graph.get("name", "hgr-kg"), script=script, style=style, data=data)


def export(graph: Graph, fmt: str, subset: str = "all", observations: bool = False) -> bytes:
    """The graph in ``fmt``, as bytes ready to write."""
    if fmt not in FORMATS:
        raise HgrKgError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    g = to_networkx(graph, subset, observations)
    if fmt == "graphml":
        buffer = "\n".join(nx.generate_graphml(_without_viz(g)))
        return (buffer + "\n").encode("utf-8")
    if fmt == "gexf":
        return ("\n".join(nx.generate_gexf(g, version="1.2draft")) + "\n").encode("utf-8")
    if fmt == "cytoscape":
        return json.dumps(nx.cytoscape_data(_without_viz(g)), ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "json":
        return json.dumps(
            nx.node_link_data(_without_viz(g), edges="edges"), ensure_ascii=False, indent=1
        ).encode("utf-8")
    if fmt == "dot":
        return to_dot(g).encode("utf-8")
    return to_html(g).encode("utf-8")


def suffix(fmt: str) -> str:
    return {"cytoscape": "cytoscape.json"}.get(fmt, fmt)
