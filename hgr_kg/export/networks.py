"""Export the graph for visualisation tools through networkx: GraphML, GEXF, Cytoscape.js JSON,
node-link JSON, DOT, and a self-contained interactive HTML page.

Nodes are resources, with ``label`` (English), ``label_zh``, ``kind``, ``date`` where one applies,
a ``color`` by kind (GEXF ``viz:color`` too), and their literal facts and sources as attributes;
edges are the relations between them, labelled with the property's label. Citations are folded
into ``source`` edges to the document (the locator on the edge), the many statistics
observations are collapsed into their data set unless asked for, and imported permit decisions
(there may be hundreds of thousands) into their record collection.

The parts: the network built from the graph (:mod:`hgr_kg.export.network_graph`), with its nodes'
attributes (:mod:`hgr_kg.export.network_nodes`), and each file format's writer
(:mod:`hgr_kg.export.network_formats`).
"""

from __future__ import annotations

from rdflib import Graph

from hgr_kg.errors import HgrKgError
from hgr_kg.export.network_formats import render
from hgr_kg.export.network_graph import to_networkx

FORMATS = ("graphml", "gexf", "cytoscape", "json", "dot", "html")


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


def suffix(fmt: str) -> str:
    return {"cytoscape": "cytoscape.json"}.get(fmt, fmt)
