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
import re
from collections import Counter, defaultdict
from decimal import Decimal
from importlib import resources

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, QB, RDF, SKOS, XSD
from rdflib.term import Node

from hgr_kg.draw.timeline import KINDS as INSTRUMENT_KINDS
from hgr_kg.errors import HgrKgError
from hgr_kg.graph.labels import label, property_label
from hgr_kg.namespaces import ELI, HGR, HGRID, PREFIXES

FORMATS = ("graphml", "gexf", "cytoscape", "json", "dot", "html")
SUBSETS = ("legislation", "law", "statistics", "cases", "all")

# kind: (colour, English name). Instrument kinds take the timeline's colours.
KIND_COLOURS: dict[str, tuple[str, str]] = {
    **{k: (c, en) for k, (c, en, _zh) in INSTRUMENT_KINDS.items()},
    "instrument": ("#0072B2", "Instrument"),
    "provision": ("#66A61E", "Provision"),
    "article": ("#B8D98F", "Article (read from the text)"),
    "penalty": ("#D95F02", "Penalty"),
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
DATE_PROPERTIES = (ELI.date_document, HGR.eventDate, HGR.eventYear, DCTERMS.date, HGR.year, ELI.version_date)
# the attributes every node has; a fact of the same name is written with "_fact" after it
NODE_ATTRIBUTES = {"id", "iri", "label", "label_zh", "kind", "date", "color", "observations", "sources",
                   "viz"}  # fmt: skip
INTEGERS = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger, XSD.positiveInteger,
            XSD.nonPositiveInteger, XSD.negativeInteger, XSD.unsignedInt, XSD.unsignedLong}  # fmt: skip
REALS = {XSD.decimal, XSD.double, XSD.float}
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


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)) :]}"
    return iri


def _fact_value(value: Literal) -> str | int | float | bool:
    """A literal as a typed attribute: numbers as numbers, booleans as booleans, and everything else
    (dates included, in their ISO form) as its text."""
    if value.datatype in INTEGERS or value.datatype in REALS or value.datatype == XSD.boolean:
        python = value.toPython()
        if isinstance(python, bool) and value.datatype == XSD.boolean:
            return python
        if isinstance(python, int | Decimal | float) and not isinstance(python, bool):
            return int(python) if value.datatype in INTEGERS else float(python)
    return str(value)


def _attribute_name(graph: Graph, prop: URIRef, language: str | None) -> str:
    name = re.sub(r"[^\w.-]+", "_", property_label(graph, prop).strip()).strip("_") or "fact"
    if name in NODE_ATTRIBUTES:
        name += "_fact"
    return f"{name}_{language}" if language and language != "en" else name


def _facts(graph: Graph, node: Node) -> dict[str, str | int | float | bool]:
    """The node's literal facts, one attribute per property (and language): several values are
    joined as text, in sorted order."""
    values: dict[str, list] = defaultdict(list)
    for prop, value in graph.predicate_objects(node):
        if isinstance(value, Literal):
            values[_attribute_name(graph, prop, value.language)].append(_fact_value(value))
    return {
        name: found[0] if len(found) == 1 else "; ".join(sorted(str(v) for v in found))
        for name, found in values.items()
    }


def _one_type_per_attribute(g: nx.MultiDiGraph) -> None:
    """An attribute that holds numbers on one node and text on another becomes text on every node:
    GEXF and GraphML declare one type per attribute."""
    types: dict[str, set[type]] = defaultdict(set)
    for _, data in g.nodes(data=True):
        for name, value in data.items():
            if name not in NODE_ATTRIBUTES:
                types[name].add(type(value))
    mixed = {name for name, found in types.items() if len(found) > 1}
    for _, data in g.nodes(data=True):
        for name in mixed & data.keys():
            data[name] = str(data[name])


def _sources(graph: Graph, node: Node) -> str:
    """The documents a node's facts rest on, with their locators, one a line."""
    out = []
    for citation in graph.objects(node, DCTERMS.source):
        document = graph.value(citation, DCTERMS.isPartOf)
        title = graph.value(document, DCTERMS.title) if document is not None else None
        where = graph.value(citation, HGR.locator)
        out.append(" ".join(f"{title or _short(str(document))} — {where or ''}".strip(" —").split()))
    return "\n".join(sorted(out))


def _date(graph: Graph, node: Node) -> str:
    for prop in DATE_PROPERTIES:
        value = graph.value(node, prop)
        if value is not None:
            return str(value)
    return ""


ARTICLE = HGRID["subdivision-article"]


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


def _article_label(graph: Graph, node: Node, lang: str) -> str | None:
    """An article's label with its instrument and version: ``RMHGR 2019 Art. 37`` (of the version
    rmhgr-2019 of the work whose short title is RMHGR), ``RMHGR Art. 37`` at the work level."""
    number = graph.value(node, ELI.number)
    if number is None or (node, ELI.type_subdivision, ARTICLE) not in graph:
        return None
    version = graph.value(node, HGR.partOfVersion)
    whole = version if version is not None else graph.value(node, ELI.is_part_of)
    if whole is None:
        return None
    work = graph.value(whole, ELI.is_member_of)
    if work is None:  # a work, or an instrument with one version
        name = _short_title(graph, whole, lang)
    else:
        suffix = str(whole).rsplit("/", 1)[-1].removeprefix(str(work).rsplit("/", 1)[-1] + "-")
        name = f"{_short_title(graph, work, lang)} {suffix.replace('-', ' ')}"
    if lang == "zh":
        printed = graph.value(node, HGR.printedNumber)
        return f"{name} {printed}" if printed is not None else f"{name} Art. {number}"
    return f"{name} Art. {number}"


def _short_title(graph: Graph, node: Node, lang: str) -> str:
    """A work's short title without its abbreviation in brackets (Biosecurity Law (BSL): Biosecurity
    Law); in Chinese its title."""
    if lang == "zh":
        return label(graph, node, "zh")
    titles = [str(s) for s in graph.objects(node, ELI.title_short) if getattr(s, "language", None) == "en"]
    short = min(titles) if titles else None
    return re.sub(r"\s*\([^)]*\)$", "", short) if short else label(graph, node, "en")


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


def _node(graph: Graph, node: Node, kind: str, observations: int) -> dict:
    colour = KIND_COLOURS[kind][0]
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    english = _article_label(graph, node, "en") or label(graph, node, "en")
    chinese = _article_label(graph, node, "zh") or label(graph, node, "zh")
    return {**_facts(graph, node), "iri": str(node), "label": english,
            "label_zh": chinese, "kind": kind, "date": _date(graph, node), "color": colour,
            "observations": observations, "sources": _sources(graph, node),
            "viz": {"color": {"r": r, "g": g, "b": b, "a": 1.0}}}  # fmt: skip


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
        out.add_node(_short(str(node)), **_node(graph, node, kinds[node], collapsed.get(node, 0)))
    _one_type_per_attribute(out)
    number = 0
    for (s, o, name), count in sorted(edges.items(), key=lambda e: (str(e[0][0]), str(e[0][1]), e[0][2])):
        if s in core and o in core:
            where = "; ".join(sorted(x for x in locators.get((s, o, name), ()) if x))
            out.add_edge(_short(str(s)), _short(str(o)), key=f"e{number}", label=name, count=count,
                         locator=where)  # fmt: skip
            number += 1
    return out


def _without_viz(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    h = g.copy()
    for _, data in h.nodes(data=True):
        data.pop("viz", None)
    return h


def _dot_quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


LARGE_DOT = 300  # nodes above which the DOT file asks Graphviz for a quicker layout (straight edges)


def to_dot(g: nx.MultiDiGraph) -> str:
    lines = [f"digraph {_dot_quote(g.graph.get('name', 'hgr-kg'))} {{", "  rankdir=LR;",
             '  node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=10];',
             '  edge [fontname="DejaVu Sans", fontsize=8, color="#777777"];']  # fmt: skip
    if g.number_of_nodes() > LARGE_DOT:  # every article: dot took minutes to place and route it
        lines.insert(2, "  mclimit=0.1; nslimit=1; nslimit1=1; searchsize=10; splines=line;")
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


def _shown_facts(data: dict) -> dict[str, list[str]]:
    """A node's fact attributes as the HTML view's panel lists them."""
    return {name.replace("_", " "): [str(value)] for name, value in sorted(data.items())
            if name not in NODE_ATTRIBUTES}  # fmt: skip


def to_html(g: nx.MultiDiGraph) -> str:
    from hgr_kg.templating import environment

    script, style = _vis_network()
    nodes = [{"id": n, "label": d["label"], "label_zh": d["label_zh"], "kind": d["kind"], "date": d["date"],
              "color": d["color"], "iri": d["iri"], "facts": _shown_facts(d),
              "sources": d["sources"].split("\n") if d["sources"] else [], "observations": d["observations"]}
             for n, d in g.nodes(data=True)]  # fmt: skip
    edges = [
        {"from": s, "to": o, "label": d["label"], "locator": d["locator"]} for s, o, d in g.edges(data=True)
    ]
    kinds = sorted({n["kind"] for n in nodes})
    legend = [{"kind": k, "name": KIND_COLOURS[k][1], "color": KIND_COLOURS[k][0]} for k in kinds]
    data = {"nodes": nodes, "edges": edges, "legend": legend}  # the template embeds it with script_json
    template = environment().get_template("graph.html.jinja2")
    return template.render(title=g.graph.get("name", "hgr-kg"), script=script, style=style, data=data)


def export(graph: Graph, fmt: str, subset: str = "all", observations: bool = False, sources: bool = True,
           inverse: bool = True) -> bytes:  # fmt: skip
    """The graph in ``fmt``, as bytes ready to write (``sources`` and ``inverse``: see
    :func:`to_networkx`)."""
    return export_all(graph, (fmt,), subset, observations, sources, inverse)[fmt]


def export_all(graph: Graph, formats: tuple[str, ...] = FORMATS, subset: str = "all",
               observations: bool = False, sources: bool = True,
               inverse: bool = True) -> dict[str, bytes]:  # fmt: skip
    """The graph in each of ``formats`` (format: bytes), from one networkx graph (building it is
    most of an export's time; no writer changes it)."""
    for fmt in formats:
        if fmt not in FORMATS:
            raise HgrKgError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    g = to_networkx(graph, subset, observations, sources, inverse)
    return {fmt: render(g, fmt) for fmt in formats}


def render(g: nx.MultiDiGraph, fmt: str) -> bytes:
    """The networkx graph ``g`` (:func:`to_networkx`) in ``fmt``."""
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
