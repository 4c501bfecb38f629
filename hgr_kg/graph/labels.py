"""Human-readable labels for resources, in English or Chinese, and for properties."""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, QB, RDFS, SKOS
from rdflib.term import Node

from hgr_kg.namespaces import ELI, HGR

LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, ELI.title_short, ELI.title, DCTERMS.title)


def _pick(graph: Graph, node: Node, lang: str, any_language: bool = False) -> str | None:
    """The first label property's value in ``lang`` or without a language (or, if
    ``any_language``, in the first other language in sorted order, so that the choice is stable)."""
    for prop in LABEL_PROPERTIES:
        fallback = None
        others = []
        for value in graph.objects(node, prop):
            if isinstance(value, Literal):
                if value.language == lang:
                    return str(value)
                if value.language is None and fallback is None:
                    fallback = str(value)
                elif value.language is not None:
                    others.append((value.language, str(value)))
        if fallback is not None:
            return fallback
        if any_language and others:
            return min(others)[1]
    return None


def local_name(iri: str) -> str:
    """The last segment of ``iri`` in words: ``src-lawref-bsl`` -> "src lawref bsl", ``isPartOf`` ->
    "is part of", ``is_part_of`` -> "is part of"."""
    local = re.split(r"[#/:]", iri.rstrip("/#"))[-1] or iri
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).replace("_", " ").replace("-", " ")
    return " ".join(words.split()).lower() if words.strip() else iri


def property_label(graph: Graph, prop: Node) -> str:
    """A property's English ``rdfs:label`` from the ontology, else its local name in lower-case
    words, so that every vocabulary's edges read alike ("is part of", "was derived from")."""
    for value in graph.objects(prop, RDFS.label):
        if isinstance(value, Literal) and value.language in (None, "en"):
            return str(value)
    return local_name(str(prop))


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
    """The best label of ``node`` in ``lang``, then in English, then in any language (a title
    given in Chinese only), else an observation's data set and dimensions, else its local name
    in words."""
    text = _pick(graph, node, lang) or _pick(graph, node, "en", any_language=True)
    if text is None and (node, None, None) in graph:
        text = _observation_label(graph, node, lang)
    if text is not None:
        return text
    if isinstance(node, URIRef):
        return local_name(str(node))
    return str(node)
