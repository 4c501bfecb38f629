"""Namespaces used across the package."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SKOS, XSD

HGR = Namespace("https://w3id.org/hgr-kg/ontology#")
HGRID = Namespace("https://w3id.org/hgr-kg/id/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, Namespace] = {
    "hgr": HGR,
    "hgrid": HGRID,
    "eli": ELI,
    "qb": Namespace(str(QB)),
    "prov": Namespace(str(PROV)),
    "skos": Namespace(str(SKOS)),
    "org": Namespace(str(ORG)),
    "foaf": Namespace(str(FOAF)),
    "dcterms": Namespace(str(DCTERMS)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
}


def bind_prefixes(graph: "object") -> None:
    """Bind the project's prefixes on an rdflib graph (for readable Turtle output)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)  # type: ignore[attr-defined]
