"""Facts the build derives from the graph by named rules: each fact's status and caveat
(``rules/fact-status.rq``), the one document a fact rests on alone (``rules/sole-source.rq``) and
the provisions a sanctioned conduct breaches by the curators' reading (``rules/breach-scope.rq``).

A rule is a SPARQL CONSTRUCT file in ``hgr_kg/graph/rules/``; the build runs every rule on the
assembled graph (in an in-memory Oxigraph store: the rules group and anti-join, which rdflib's engine
does slowly) and adds what it constructs, so that every store, dump and published copy carries the
same derived triples and the canned queries read them instead of each computing them. No rule reads
a derived property, so running them again adds nothing; a value written by hand beside a derived one
is a second value, which validation reports (hgrsh:DerivedStatusShape)."""

from __future__ import annotations

from typing import Any

from rdflib import Graph
from rdflib.term import Node

from hgr_kg.graph.memory import memory_store
from hgr_kg.graph.rulefiles import rule_files
from hgr_kg.terms import from_oxigraph, to_rdflib


def derive(graph: Graph) -> Graph:
    """Add to ``graph`` the triples the rules derive from it; return ``graph``. (The graph goes to
    Oxigraph as N-Triples, its bulk loader being the fastest way in.)"""
    graph.addN((s, p, o, graph) for s, p, o in derived_triples(memory_store(graph)))
    return graph


def derived_triples(store: Any) -> list[tuple[Node, Node, Node]]:
    """What the rules construct from a pyoxigraph ``store``, as rdflib triples (term by term: faster
    than parsing them)."""
    out = []
    for path in rule_files():
        found = store.query(path.read_text(encoding="utf-8"))
        out.extend((_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object)) for t in found)
    return out


def derived_ntriples(store: Any) -> bytes:
    """What the rules construct from a pyoxigraph ``store``, as canonical N-Triples."""
    import pyoxigraph as ox

    from hgr_kg.graph.ntriples import canonical

    found = [t for path in rule_files() for t in store.query(path.read_text(encoding="utf-8"))]
    return canonical(ox.serialize(found, format=ox.RdfFormat.N_TRIPLES) or b"")


def _rdflib(term: Any) -> Node:
    """The rdflib term of a pyoxigraph one (a plain literal stays plain, as rdflib parses it)."""
    return to_rdflib(from_oxigraph(term))
