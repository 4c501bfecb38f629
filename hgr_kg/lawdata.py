"""The triples that hgr_kg.penalties and hgr_kg.crossrefs derive from one statute text.

``lawdata_hook(statute, header)`` has the signature of statute_graph's ``LAWDATA_HOOKS``: it yields the
penalties and cross-references of a parsed data/texts file. ``law_triples(path)`` is the stand-in the
build calls until statute_graph.text_to_graph lands: the hook's triples plus the text's source document
and the version's membership of its work (which text_to_graph makes itself, with more detail)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF

from hgr_kg.crossrefs import reference_triples, title_index
from hgr_kg.namespaces import ELI, HGR, HGRID, bind_prefixes
from hgr_kg.penalties import penalty_triples
from hgr_kg.statutes import Statute, read_statute
from hgr_kg.textcite import Triple


def lawdata_hook(statute: Statute, header: dict) -> Iterator[Triple]:
    """Penalties and cross-references of ``statute`` (a parsed data/texts file)."""
    if "version" not in header or statute.structure != "articles":
        return
    path = Path(statute.path)
    name = f"data/texts/{path.name}"
    yield from penalty_triples(statute, path.stem, name)
    yield from reference_triples(statute, path.stem, name, title_index(str(path.parent.resolve())))


def _stand_in_triples(statute: Statute) -> Iterator[Triple]:
    """What statute_graph makes for every text and this module's triples need: the source document
    the citations name, and the version as a member of its work."""
    path = Path(statute.path)
    doc = HGRID[f"src-text-{path.stem}"]
    yield (doc, RDF.type, HGR.SourceDocument)
    title = f"{statute.header.get('title', path.stem)}, text file data/texts/{path.name}"
    yield (doc, DCTERMS.title, Literal(title, lang="zh"))
    yield (doc, HGR.sourceKind, HGRID["sourcekind-primary"])
    version, work = statute.header.get("version"), statute.header.get("instrument")
    if version and work and version != work:
        yield (HGRID[str(version)], ELI.is_member_of, HGRID[str(work)])


def law_triples(path: str | Path) -> Graph:
    """The penalties and cross-references of one data/texts file, as a graph."""
    statute = read_statute(path)
    graph = Graph()
    bind_prefixes(graph)
    for triple in (*_stand_in_triples(statute), *lawdata_hook(statute, statute.header)):
        graph.add(triple)
    return graph
