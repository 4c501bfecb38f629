"""Where the graph lives: rdflib's memory store, or a persistent Oxigraph store (the default for
querying) behind the same rdflib ``Graph`` interface through ``oxrdflib``.

The Oxigraph store is kept in ``dist/store/`` and rebuilt only when a source file changed (a
fingerprint of every source's path, size and modification time). The curated sources go through the
same build as ``hgr-kg build`` (so both stores hold the same triples); record-level N-Triples files
are bulk-loaded straight into Oxigraph without passing through rdflib, which is what keeps loading
hundreds of thousands of records fast.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from rdflib import Graph

from hgr_kg.atomic import write_file
from hgr_kg.build import build_graph, load_source, normalise_decimals
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


def _is_record_file(project: Project, path: Path) -> bool:
    return path.suffix == ".nt" and path.parent == project.data / "records"


def build_store(project: Project, folder: Path) -> None:
    """(Re)create the Oxigraph store in ``folder`` from the project's sources."""
    import pyoxigraph as ox

    stamp = folder.parent / FINGERPRINT
    if folder.exists():
        shutil.rmtree(folder)
    stamp.unlink(missing_ok=True)
    curated = Graph()
    records = []
    for path in project.sources():
        if _is_record_file(project, path):
            records.append(path)
        else:
            load_source(path, curated)
    normalise_decimals(curated)
    folder.parent.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(folder))
    store.bulk_load(curated.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    for path in records:
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        except (SyntaxError, ValueError) as err:
            raise HgrKgError(f"{path}: N-Triples syntax error: {err}") from None
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
    from oxrdflib import OxigraphStore

    folder = folder or project.root / "dist" / "store"
    recorded = folder.parent / FINGERPRINT
    current = fingerprint(project)
    if not folder.is_dir() or not recorded.is_file() or json.loads(recorded.read_text()) != current:
        build_store(project, folder)
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    graph = Graph(
        store=OxigraphStore(store=ox.Store.read_only(str(folder))), identifier=DATASET_DEFAULT_GRAPH_ID
    )
    bind_prefixes(graph)
    return graph
