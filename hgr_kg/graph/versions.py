"""Versions of a work in force one after another, over the merged graph (after every source is read).

legislation.gov.uk's model: each version of a work is in force from its entry into force until the
next version's entry into force; each article of a version carries its version's interval. Between
two consecutive versions, an article whose text is the same (the mirrors' ASCII and full-width
punctuation folded together) is ``hgr:unchangedFrom`` its predecessor; one whose text differs
``dcterms:replaces`` it and is ``hgr:amendedBy`` the act that amends the earlier version.
Nothing is overwritten: a recorded end date is kept, so a conflict shows in validation.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from hgr_kg.namespaces import ELI, HGR, HGRID
from hgr_kg.sources.statutes import comparable

ARTICLE = HGRID["subdivision-article"]


def versions_of(graph: Graph, work: URIRef) -> list[tuple[str | None, URIRef]]:
    """The versions of ``work`` with their entry into force (None if not recorded), in date order."""
    found = []
    for version in graph.subjects(ELI.is_member_of, work):
        if (version, RDF.type, ELI.LegalResource) not in graph:
            continue
        starts = sorted(str(d) for d in graph.objects(version, ELI.first_date_entry_in_force))
        found.append((starts[0] if starts else None, version))
    return sorted(found, key=lambda pair: (pair[0] is None, pair[0] or "", str(pair[1])))


def link_versions(graph: Graph) -> None:
    """Add version end dates, article intervals and the links between consecutive versions' articles."""
    works = {
        w for v, w in graph.subject_objects(ELI.is_member_of) if (v, RDF.type, ELI.LegalResource) in graph
    }
    index = article_index(graph)
    for work in sorted(works):
        dated = [(start, v) for start, v in versions_of(graph, work) if start is not None]
        for (_, earlier), (start, later) in zip(dated, dated[1:], strict=False):
            if graph.value(earlier, ELI.date_no_longer_in_force) is None:
                _derived_end(graph, earlier, later, start)
            _link_articles(graph, earlier, later, index)
    for version in set(graph.objects(None, HGR.partOfVersion)):
        _article_intervals(graph, version, index)


def article_index(graph: Graph) -> dict[URIRef, dict[str, URIRef]]:
    """Version -> (number -> article), in three passes over the graph (asking per version walks
    every paragraph and item of a code again: seconds for the Civil Code's)."""
    articles = set(graph.subjects(ELI.type_subdivision, ARTICLE))
    numbers = {s: str(o) for s, o in graph.subject_objects(ELI.number) if s in articles}
    index: dict[URIRef, dict[str, URIRef]] = {}
    for article, version in graph.subject_objects(HGR.partOfVersion):
        if article in articles:
            index.setdefault(version, {})[numbers[article]] = article
    return index


def _derived_end(graph: Graph, earlier: URIRef, later: URIRef, start: str) -> None:
    graph.add((earlier, ELI.date_no_longer_in_force, Literal(start, datatype=XSD.date)))
    citation = HGRID[f"cite-{earlier.split('/')[-1]}-end"]
    documents = [
        graph.value(c, DCTERMS.isPartOf)
        for c in graph.objects(later, DCTERMS.source)
        if (c, HGR.supports, ELI.first_date_entry_in_force) in graph
    ]
    if not documents:
        return
    graph.add((citation, RDF.type, HGR.Citation))
    graph.add((citation, DCTERMS.isPartOf, sorted(documents)[0]))
    graph.add(
        (
            citation,
            HGR.locator,
            Literal(f"entry into force of the next version, {later.n3(graph.namespace_manager)}"),
        )
    )
    graph.add((citation, HGR.supports, ELI.date_no_longer_in_force))
    graph.add((earlier, DCTERMS.source, citation))


def articles_of(graph: Graph, version: URIRef) -> dict[str, URIRef]:
    """Number -> article of ``version``."""
    members = set(graph.subjects(HGR.partOfVersion, version))
    articles = members & set(graph.subjects(ELI.type_subdivision, ARTICLE))
    return {str(graph.value(a, ELI.number)): a for a in articles}


def _link_articles(graph: Graph, earlier: URIRef, later: URIRef, index: dict) -> None:
    before, after = index.get(earlier, {}), index.get(later, {})
    acts = set(graph.objects(earlier, ELI.amended_by)) | set(graph.subjects(ELI.amends, earlier))
    for number, new in after.items():
        old = before.get(number)
        old_text, new_text = graph.value(old, HGR.text) if old else None, graph.value(new, HGR.text)
        if old is None or old_text is None or new_text is None:
            continue
        if comparable(old_text) == comparable(new_text):
            graph.add((new, HGR.unchangedFrom, old))
        else:
            graph.add((new, DCTERMS.replaces, old))
            for act in acts:
                graph.add((new, HGR.amendedBy, act))


def _article_intervals(graph: Graph, version: URIRef, index: dict) -> None:
    start = graph.value(version, ELI.first_date_entry_in_force)
    end = graph.value(version, ELI.date_no_longer_in_force)
    for article in index.get(version, {}).values():
        if start is not None:
            graph.add((article, ELI.first_date_entry_in_force, start))
        if end is not None:
            graph.add((article, ELI.date_no_longer_in_force, end))
