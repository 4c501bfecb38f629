"""Citations of a line of a statute text (data/texts/*.md), shared by the modules that read the texts."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from hgr_kg.namespaces import HGR, HGRID

Triple = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]


def citation(stem: str, path: str, line: int) -> tuple[URIRef, list[Triple]]:
    """A hgr:Citation of ``line`` of a data/texts file: the same node statute_graph makes for that line
    (hgrid:cite-text-{stem}-line-{N}, locator "data/texts/{file}, line N")."""
    cite = HGRID[f"cite-text-{stem}-line-{line}"]
    triples: list[Triple] = [
        (cite, RDF.type, HGR.Citation),
        (cite, DCTERMS.isPartOf, HGRID[f"src-text-{stem}"]),
        (cite, HGR.locator, Literal(f"{path}, line {line}")),
    ]
    return cite, triples
