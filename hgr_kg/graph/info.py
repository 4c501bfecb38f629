"""What the graph holds: counts by class, the sources, and the last build."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF

from hgr_kg.errors import HgrKgError
from hgr_kg.graph.build import BUILD_INFO, counts_by_class, sources_digest
from hgr_kg.graph.labels import label
from hgr_kg.namespaces import HGR
from hgr_kg.paths import Project


@dataclass(frozen=True)
class SourceSummary:
    iri: str
    title: str
    kind: str
    citations: int


@dataclass(frozen=True)
class Info:
    triples: int
    classes: list[tuple[str, int]]
    sources: list[SourceSummary]
    last_build: str | None
    build_current: bool | None


def source_summaries(graph: Graph) -> list[SourceSummary]:
    summaries = []
    for doc in set(graph.subjects(RDF.type, HGR.SourceDocument)):
        citations = len(set(graph.subjects(DCTERMS.isPartOf, doc)))
        kind = graph.value(doc, HGR.sourceKind)
        summaries.append(
            SourceSummary(
                iri=str(doc),
                title=str(graph.value(doc, DCTERMS.title) or label(graph, doc)),
                kind=label(graph, kind) if kind is not None else "",
                citations=citations,
            )
        )
    return sorted(summaries, key=lambda s: (-s.citations, s.title))


def last_build(dist: Path) -> dict | None:
    """What ``dist/build-info.json`` records, or None if there is none that can be read (a corrupt
    one counts as none: the next build replaces it)."""
    from hgr_kg.inputs import SOURCE, read_input

    try:
        recorded = json.loads(read_input(dist / BUILD_INFO, SOURCE).decode("utf-8"))
    except (HgrKgError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(recorded, dict) or not isinstance(recorded.get("built"), str):
        return None
    return recorded


def gather(graph: Graph, project: Project, dist: Path) -> Info:
    built, current = None, None
    recorded = last_build(dist)
    if recorded is not None:
        built = recorded["built"]
        current = recorded.get("sources_digest") == sources_digest(project)
    return Info(len(graph), counts_by_class(graph), source_summaries(graph), built, current)


def format_info(info: Info) -> str:
    lines = [f"triples: {info.triples}", "", "instances by class:"]
    lines += [f"  {count:6d}  {name}" for name, count in info.classes]
    lines += ["", f"sources ({len(info.sources)}):"]
    lines += [f"  {s.citations:4d} citations  [{s.kind}]  {s.title}" for s in info.sources]
    lines.append("")
    if info.last_build is None:
        lines.append("last build: none (run 'hgr-kg build')")
    else:
        state = "current" if info.build_current else "out of date: sources changed since"
        lines.append(f"last build: {info.last_build} ({state})")
    return "\n".join(lines) + "\n"
