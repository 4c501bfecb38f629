"""What a node of the exported network carries: its colour by kind, its labels (an article's with its
instrument and version), its date, its sources, and its literal facts as typed attributes (numbers as
numbers, dates as ISO text). :mod:`hgr_kg.export.network_graph` builds the network with them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD
from rdflib.term import Node

from hgr_kg.draw.timeline_style import KINDS as INSTRUMENT_KINDS
from hgr_kg.graph.labels import label, property_label
from hgr_kg.namespaces import ELI, HGR, HGRID, PREFIXES

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
DATE_PROPERTIES = (ELI.date_document, HGR.eventDate, HGR.eventYear, DCTERMS.date, HGR.year, ELI.version_date)
# the attributes every node has; a fact of the same name is written with "_fact" after it
NODE_ATTRIBUTES = {"id", "iri", "label", "label_zh", "kind", "date", "color", "observations", "sources",
                   "viz"}  # fmt: skip
INTEGERS = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger, XSD.positiveInteger,
            XSD.nonPositiveInteger, XSD.negativeInteger, XSD.unsignedInt, XSD.unsignedLong}  # fmt: skip
REALS = {XSD.decimal, XSD.double, XSD.float}
ARTICLE = HGRID["subdivision-article"]


def short_id(iri: str) -> str:
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


def one_type_per_attribute(g: nx.MultiDiGraph) -> None:
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
        out.append(" ".join(f"{title or short_id(str(document))} — {where or ''}".strip(" —").split()))
    return "\n".join(sorted(out))


def _date(graph: Graph, node: Node) -> str:
    for prop in DATE_PROPERTIES:
        value = graph.value(node, prop)
        if value is not None:
            return str(value)
    return ""


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


def node_attributes(graph: Graph, node: Node, kind: str, observations: int) -> dict:
    colour = KIND_COLOURS[kind][0]
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    english = _article_label(graph, node, "en") or label(graph, node, "en")
    chinese = _article_label(graph, node, "zh") or label(graph, node, "zh")
    return {**_facts(graph, node), "iri": str(node), "label": english,
            "label_zh": chinese, "kind": kind, "date": _date(graph, node), "color": colour,
            "observations": observations, "sources": _sources(graph, node),
            "viz": {"color": {"r": r, "g": g, "b": b, "a": 1.0}}}  # fmt: skip
