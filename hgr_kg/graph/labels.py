"""Human-readable labels for resources, in English or Chinese."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, QB, RDFS, SKOS
from rdflib.term import Node

from hgr_kg.namespaces import ELI, HGR

LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, ELI.title_short, ELI.title, DCTERMS.title)


def _pick(graph: Graph, node: Node, lang: str) -> str | None:
    for prop in LABEL_PROPERTIES:
        fallback = None
        for value in graph.objects(node, prop):
            if isinstance(value, Literal):
                if value.language == lang:
                    return str(value)
                if value.language is None and fallback is None:
                    fallback = str(value)
        if fallback is not None:
            return fallback
    return None


def _observation_label(graph: Graph, node: Node, lang: str) -> str | None:
    dataset = graph.value(node, QB.dataSet)
    if dataset is None:
        return None
    parts = [_pick(graph, dataset, lang) or graph.namespace_manager.normalizeUri(dataset)]
    for prop in (HGR.refYear, HGR.refPeriod):
        value = graph.value(node, prop)
        if value is not None:
            parts.append(str(value))
    for prop in (HGR.permitCategory, HGR.participant, HGR.participantRole):
        value = graph.value(node, prop)
        if value is not None:
            parts.append(_pick(graph, value, lang) or str(value))
    return ": ".join([parts[0], ", ".join(parts[1:])])


def label(graph: Graph, node: Node, lang: str = "en") -> str:
    """The best label of ``node`` in ``lang`` (then any), else its prefixed name."""
    text = _pick(graph, node, lang) or _pick(graph, node, "en")
    if text is None and (node, None, None) in graph:
        text = _observation_label(graph, node, lang)
    if text is not None:
        return text
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    return str(node)
