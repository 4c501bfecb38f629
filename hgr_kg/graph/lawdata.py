"""The triples that hgr_kg.graph.penalty_graph (with criminal_routes) and hgr_kg.graph.crossrefs
derive from one statute text.

``lawdata_hook(statute, header)`` is a hook of ``statute_graph.text_to_graph``: it yields the
penalties and cross-references of a parsed data/texts file; the build passes it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hgr_kg.graph.criminal_routes import offences
from hgr_kg.graph.crossrefs import reference_triples, title_index
from hgr_kg.graph.penalty_graph import penalty_triples
from hgr_kg.sources.statutes import Statute
from hgr_kg.sources.textcite import Triple


def lawdata_hook(statute: Statute, header: dict) -> Iterator[Triple]:
    """Penalties and cross-references of ``statute`` (a parsed data/texts file)."""
    if "version" not in header or statute.structure != "articles":
        return
    path = Path(statute.path)
    name = f"data/texts/{path.name}"
    yield from penalty_triples(statute, path.stem, name, offences(str(path.parent.resolve())))
    yield from reference_triples(statute, path.stem, name, title_index(str(path.parent.resolve())))
