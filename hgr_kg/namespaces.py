"""Namespaces used across the package (rdflib namespaces of the IRIs in ``hgr_kg.prefixes``)."""

from rdflib import Namespace

from hgr_kg.prefixes import PREFIX_IRIS

PREFIXES: dict[str, Namespace] = {prefix: Namespace(iri) for prefix, iri in PREFIX_IRIS.items()}
HGR = PREFIXES["hgr"]
HGRID = PREFIXES["hgrid"]
ELI = PREFIXES["eli"]
SH = Namespace("http://www.w3.org/ns/shacl#")


def bind_prefixes(graph: "object") -> None:
    """Bind the project's prefixes on an rdflib graph (for readable Turtle output)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)  # type: ignore[attr-defined]
