"""Facts the build derives from the graph by named rules: each fact's status and caveat
(``rules/fact-status.rq``) and the one document a fact rests on alone (``rules/sole-source.rq``).

A rule is a SPARQL CONSTRUCT file in ``hgr_kg/graph/rules/``; the build runs every rule on the
assembled graph (in an in-memory Oxigraph store: the rules group and anti-join, which rdflib's engine
does slowly) and adds what it constructs, so that every store, dump and published copy carries the
same derived triples and the canned queries read them instead of each computing them. The rules see
only the sources, never a derived triple, so running them again gives the same values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Graph

RULES = Path(__file__).resolve().parent / "rules"


def rule_files() -> list[Path]:
    """The rule files, in the order they run (by name)."""
    return sorted(RULES.glob("*.rq"))


def rules_digest() -> str:
    """A digest of the rule files (names and texts): derived triples are current while it holds."""
    import hashlib

    digest = hashlib.sha256()
    for path in rule_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def derived_ntriples(store: Any) -> bytes:
    """The triples every rule constructs from the pyoxigraph ``store``, as N-Triples."""
    import pyoxigraph as ox

    return b"".join(store.query(path.read_text(encoding="utf-8")).serialize(format=ox.RdfFormat.N_TRIPLES)
                    for path in rule_files())  # fmt: skip


def derive(graph: Graph) -> Graph:
    """Add to ``graph`` the triples the rules derive from it; return ``graph``."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    graph.parse(data=derived_ntriples(store), format="nt")
    return graph
