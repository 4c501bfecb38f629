"""Where the graph lives: rdflib's memory store, or a persistent Oxigraph store (the default for
querying) behind the same rdflib ``Graph`` interface through ``oxrdflib``.

The Oxigraph store is kept in ``dist/store/`` and rebuilt only when a source file changed (a
fingerprint of every source's path, size and modification time). The curated sources go through the
same build as ``hgr-kg build`` (so both stores hold the same triples); record-level N-Triples files
are bulk-loaded straight into Oxigraph without passing through rdflib, which is what keeps loading
hundreds of thousands of records fast.
"""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path
from typing import Any

from rdflib import Graph

from hgr_kg.atomic import write_file
from hgr_kg.build import build_graph, read_sources
from hgr_kg.errors import HgrKgError
from hgr_kg.namespaces import bind_prefixes
from hgr_kg.paths import Project

ENGINES = ("oxigraph", "memory")
FINGERPRINT = "store.fingerprint.json"


def fingerprint(project: Project) -> list[list]:
    entries = []
    for path in project.sources():
        extra = []
        if path.name.endswith(".csv-metadata.json"):
            table = json.loads(path.read_text(encoding="utf-8")).get("url", "")
            extra = [path.parent / table]
        for p in [path, *extra]:
            stat = p.stat()
            entries.append([p.relative_to(project.root).as_posix(), stat.st_size, stat.st_mtime_ns])
    return entries


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


def load_ntriples(store: Any, path: Path) -> None:
    """Bulk-load an N-Triples file into a pyoxigraph store; a syntax error names the file and line."""
    import pyoxigraph as ox

    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    except (SyntaxError, ValueError) as err:
        raise HgrKgError(f"{path}: N-Triples syntax error: {err}") from None


def build_store(project: Project, folder: Path) -> None:
    """(Re)create the Oxigraph store in ``folder`` from the project's sources."""
    import pyoxigraph as ox

    stamp = folder.parent / FINGERPRINT
    if folder.exists():
        shutil.rmtree(folder)
    stamp.unlink(missing_ok=True)
    curated = read_sources(project.curated_sources())
    folder.parent.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(folder))
    store.bulk_load(curated.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    for path in project.record_files():
        load_ntriples(store, path)
    store.flush()  # no optimize(): the canned record queries read the derived counts, not the decisions
    del store
    write_file(stamp, json.dumps(fingerprint(project)))


def open_graph(project: Project, engine: str = "oxigraph", folder: Path | None = None) -> Graph:
    """The project's graph in ``engine``; the Oxigraph store is rebuilt first if a source changed."""
    if engine == "memory":
        return build_graph(project)
    if engine != "oxigraph":
        raise HgrKgError(f"--store: {engine!r} is not one of {', '.join(ENGINES)}")
    import pyoxigraph as ox

    folder = folder or project.root / "dist" / "store"
    recorded = folder.parent / FINGERPRINT
    current = fingerprint(project)
    if not folder.is_dir() or not recorded.is_file() or json.loads(recorded.read_text()) != current:
        build_store(project, folder)
    graph = OxigraphGraph(ox.Store.read_only(str(folder)))
    bind_prefixes(graph)
    return graph
