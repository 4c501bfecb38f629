"""A graph in an in-memory Oxigraph store: what the build's rules, the validation, the demo's tables
and the audit run their SPARQL on (Oxigraph's engine is several times faster than rdflib's), and the
rdflib view of such a store for the code that walks triples (pySHACL, the labels).

Oxigraph keeps typed literals by value: ``"7.70"^^xsd:decimal`` comes back as ``"7.7"``, the same
number. The built files keep every lexical form (``hgr_kg.graph.ntriples``)."""

from __future__ import annotations

import functools
from typing import Any

from rdflib import Graph


def memory_store(data: bytes | Graph) -> Any:
    """A new in-memory pyoxigraph store holding ``data``: N-Triples, or an rdflib graph (which goes in
    as N-Triples). Parsed, then added: blank nodes keep their labels, so that what a query finds of a
    blank node is that node of the graph (the store's own loader gives them new labels); as fast."""
    import pyoxigraph as ox

    if isinstance(data, Graph):
        data = data.serialize(format="nt", encoding="utf-8")
    store = ox.Store()
    store.extend(ox.parse(data, ox.RdfFormat.N_TRIPLES))
    return store


class OxigraphGraph(Graph):
    """An rdflib view (through oxrdflib) of a pyoxigraph store that is not written to while the view
    is used; its length is counted once. oxrdflib counts with a SPARQL query over every triple, and
    pySHACL takes the truth value, so the length, of the data graph for every result and constraint:
    minutes at 200,000 decisions."""

    def __init__(self, store: Any) -> None:  # a pyoxigraph.Store
        from oxrdflib import OxigraphStore
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        super().__init__(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)
        self._oxigraph = store

    @functools.cached_property
    def _length(self) -> int:
        return len(self._oxigraph)

    def __len__(self) -> int:
        return self._length


class RecordingGraph(OxigraphGraph):
    """An ``OxigraphGraph`` that keeps what is added to it (``added``, in order), writing prefixed
    names with ``namespaces`` (another graph's namespace manager)."""

    def __init__(self, store: Any, namespaces: Any) -> None:
        super().__init__(store)
        self.added: list[tuple[Any, Any, Any]] = []
        self.namespace_manager = namespaces

    def add(self, triple: tuple[Any, Any, Any]) -> Graph:  # type: ignore[override]
        self.added.append(triple)
        return super().add(triple)
