"""Merge the ontology and the curated data into one graph, and write it out."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD
from rdflib.plugins.parsers.notation3 import BadSyntax

from hgr_kg import __version__
from hgr_kg.atomic import write_files
from hgr_kg.csvw import table_to_graph
from hgr_kg.errors import HgrKgError
from hgr_kg.namespaces import bind_prefixes
from hgr_kg.paths import Project

OUTPUT_NAME = "hgr-kg"
FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
BUILD_INFO = "build-info.json"


def parse_turtle(path: Path, graph: Graph | None = None) -> Graph:
    """Parse one Turtle file into ``graph``; a syntax error names the file and line."""
    graph = graph if graph is not None else Graph()
    try:
        graph.parse(path, format="turtle")
    except BadSyntax as err:
        line = getattr(err, "lines", 0) + 1
        reason = getattr(err, "_why", "") or str(err).splitlines()[0]
        raise HgrKgError(f"{path}:{line}: Turtle syntax error: {reason}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise HgrKgError(f"{path}: cannot read: {err}") from None
    except Exception as err:  # rdflib raises assorted errors for bad terms
        raise HgrKgError(f"{path}: cannot parse: {str(err).splitlines()[0]}") from None
    return graph


def is_text_file(path: Path) -> bool:
    """A statute text (``data/texts/NAME.md``)."""
    return path.suffix == ".md" and path.parent.name == "texts" and path.name != "README.md"


def load_source(path: Path, graph: Graph) -> None:
    """Add one source file (Turtle, a CSVW-described CSV, N-Triples or a statute text) to ``graph``."""
    if is_text_file(path):
        from hgr_kg.lawdata import law_triples  # merged with statute_graph.text_to_graph (hook)

        graph += law_triples(path)
    elif path.name.endswith(".csv-metadata.json"):
        graph += table_to_graph(path)
    elif path.suffix == ".nt":
        try:
            graph.parse(path, format="nt")
        except Exception as err:
            raise HgrKgError(f"{path}: N-Triples syntax error: {str(err).splitlines()[0]}") from None
    else:
        parse_turtle(path, graph)


def normalise_decimals(graph: Graph) -> None:
    """Give every xsd:decimal a decimal point ("21" becomes "21.0").

    Turtle writes such a decimal as the bare token ``21.0``, which reads back as a different RDF
    term from ``"21"^^xsd:decimal``; normalising first makes the .ttl, .nt and .jsonld outputs hold
    the same triples. Precision never rests on the lexical form: it is recorded in ``hgr:decimals``.
    """
    changes = []
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.decimal and not re.search(r"[.eE]", o):
            changes.append((s, p, o))
    for s, p, o in changes:
        graph.remove((s, p, o))
        graph.add((s, p, Literal(f"{o}.0", datatype=XSD.decimal)))


def read_sources(files: Sequence[Path]) -> Graph:
    """The merged graph of ``files`` (Turtle, CSVW metadata, N-Triples), decimals normalised."""
    graph = Graph()
    for path in files:
        load_source(path, graph)
    normalise_decimals(graph)
    return graph


def build_graph(project: Project) -> Graph:
    """Return the merged graph of the ontology and every data source of ``project``."""
    graph = read_sources(project.sources())
    bind_prefixes(graph)
    return graph


def counts_by_class(graph: Graph) -> list[tuple[str, int]]:
    """Number of instances of each class, most frequent first, as prefixed names."""
    counter: Counter[str] = Counter()
    for cls in graph.objects(None, RDF.type):
        counter[graph.namespace_manager.normalizeUri(cls)] += 1
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def sources_digest(project: Project, files: Sequence[Path] | None = None) -> str:
    """A digest over every source file (or over ``files``), to tell whether a build is current."""
    digest = hashlib.sha256()
    for path in project.sources() if files is None else files:
        name = path.relative_to(project.root) if path.is_relative_to(project.root) else path
        digest.update(name.as_posix().encode())
        digest.update(path.read_bytes())
        if path.name.endswith(".csv-metadata.json"):
            table = json.loads(path.read_text(encoding="utf-8")).get("url", "")
            digest.update((path.parent / table).read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class BuildResult:
    graph: Graph
    files: list[Path]
    counts: list[tuple[str, int]]


def build(project: Project, out_dir: Path) -> BuildResult:
    """Build the graph and write ``hgr-kg.ttl``, ``.nt`` and ``.jsonld`` to ``out_dir`` atomically.

    Nothing is written unless every source parses.
    """
    graph = build_graph(project)
    outputs: dict[Path, bytes] = {}
    for suffix, fmt in FORMATS.items():
        data = graph.serialize(format=fmt, encoding="utf-8")
        if suffix == "nt":  # a stable line order makes the N-Triples diffable
            data = b"".join(sorted(data.splitlines(keepends=True)))
        outputs[out_dir / f"{OUTPUT_NAME}.{suffix}"] = data
    counts = counts_by_class(graph)
    info = {
        "version": __version__,
        "built": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "triples": len(graph),
        "sources": [p.relative_to(project.root).as_posix() for p in project.sources()],
        "sources_digest": sources_digest(project),
        "classes": dict(counts),
    }
    outputs[out_dir / BUILD_INFO] = (json.dumps(info, indent=2, ensure_ascii=False) + "\n").encode()
    write_files(outputs)
    return BuildResult(graph, list(outputs), counts)
