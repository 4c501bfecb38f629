"""Merge the ontology and the curated data into one graph, and write it out."""

from __future__ import annotations

import functools
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
from rdflib.term import Node

from hgr_kg import __version__
from hgr_kg.atomic import file_set
from hgr_kg.errors import HgrKgError
from hgr_kg.graph import ntriples
from hgr_kg.inputs import RECORDS, SOURCE, digest_input, read_input
from hgr_kg.namespaces import PREFIXES, bind_prefixes
from hgr_kg.paths import Project
from hgr_kg.sources.csvw import table_to_graph
from hgr_kg.sources.csvw_metadata import table_files
from hgr_kg.sources.turtle import check_terms, parse_turtle

OUTPUT_NAME = "hgr-kg"
XSD_STRING = str(XSD.string)
FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
BUILD_INFO = "build-info.json"


def is_text_file(path: Path) -> bool:
    """A statute text (``data/texts/NAME.md``)."""
    return path.suffix == ".md" and path.parent.name == "texts" and path.name != "README.md"


def text_source_triples(path: Path) -> list[tuple[Node, Node, Node]]:
    """The triples of one statute text with its penalties and cross-references."""
    from hgr_kg.graph.lawdata import lawdata_hook
    from hgr_kg.graph.statute_graph import text_triples

    return text_triples(path, hooks=[lawdata_hook])


# The N-Triples of the statute texts read in this process, by the digest of every text of their folder
# (a text's cross-references and criminal routes read the others): a long process (the server, the
# test suite) that builds the same texts again parses none of them twice. At most TEXT_CACHE_SIZE.
_TEXT_CACHE: dict[tuple[str, str], bytes] = {}
TEXT_CACHE_SIZE = 64


def _texts_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for text in sorted(folder.glob("*.md")):
        digest.update(text.name.encode() + b"\0")
        digest_input(digest, text, SOURCE)
    return digest.hexdigest()


def text_ntriples(path: Path) -> bytes:
    """``text_source_triples`` as canonical N-Triples, kept for the process (``_TEXT_CACHE``)."""
    key = (path.name, _texts_digest(path.parent))
    found = _TEXT_CACHE.get(key)
    if found is None:
        found = ntriples.triples_to_ntriples(text_source_triples(path))
        if len(_TEXT_CACHE) >= TEXT_CACHE_SIZE:
            _TEXT_CACHE.pop(next(iter(_TEXT_CACHE)))
        _TEXT_CACHE[key] = found
    return found


def load_source(path: Path, graph: Graph) -> None:
    """Add one source file (Turtle, a CSVW-described CSV, N-Triples or a statute text) to ``graph``."""
    if is_text_file(path):
        graph.addN((s, p, o, graph) for s, p, o in text_source_triples(path))
    elif path.name.endswith(".csv-metadata.json"):
        table = table_to_graph(path)
        check_terms(table, path)
        graph += table
    elif path.suffix == ".nt":
        data = read_input(path, RECORDS)
        try:
            graph.parse(data=data, format="nt")
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


@dataclass(frozen=True)
class Assembled:
    """The sources read: in ``graph``, every triple of the source files but the statute texts; in
    ``lines``, as canonical N-Triples, the statute texts' triples and what linking the versions and
    the rules add (a code's text is 100,000 triples, which an rdflib graph takes seconds to hold and
    which nothing in the build needs there)."""

    graph: Graph
    lines: bytes

    def ntriples(self) -> bytes:
        """Every triple, as N-Triples (some twice)."""
        return self.graph.serialize(format="nt", encoding="utf-8") + self.lines


def assemble(files: Sequence[Path]) -> Assembled:
    """Read ``files`` (Turtle, CSVW metadata, N-Triples, statute texts), decimals normalised; then,
    over every triple at once (in an Oxigraph store), the versions of a work linked in time
    (hgr_kg.graph.versions) and each fact's status, caveat and sole source derived by the named
    rules (hgr_kg.graph.derive)."""
    from hgr_kg.graph.derive import derived_ntriples
    from hgr_kg.graph.memory import RecordingGraph, memory_store
    from hgr_kg.graph.versions import link_versions

    graph, texts = Graph(), []
    for path in files:
        if is_text_file(path):
            texts.append(text_ntriples(path))
        else:
            load_source(path, graph)
    normalise_decimals(graph)
    law = b"".join(texts)
    store = memory_store(graph.serialize(format="nt", encoding="utf-8") + law)
    view = RecordingGraph(store, graph.namespace_manager)
    link_versions(view)
    linked = ntriples.triples_to_ntriples(view.added)
    return Assembled(graph, law + linked + derived_ntriples(store))


def add_ntriples(graph: Graph, data: bytes) -> Graph:
    """Add N-Triples ``data`` to ``graph``: parsed by pyoxigraph, each IRI made once (three times
    faster than rdflib's parser and hgr_kg.terms); a plain literal stays plain, as rdflib parses it."""
    import pyoxigraph as ox
    from rdflib import BNode, URIRef

    iris: dict[str, URIRef] = {}

    def node(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        if isinstance(term, ox.NamedNode):
            found = iris.get(term.value)
            if found is None:
                found = iris[term.value] = URIRef(term.value)
            return found
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            datatype = term.datatype
            return Literal(term.value, datatype=None if datatype.value == XSD_STRING else node(datatype))
        return BNode(term.value)

    parsed = ox.parse(data, ox.RdfFormat.N_TRIPLES)
    graph.addN((node(t.subject), node(t.predicate), node(t.object), graph) for t in parsed)
    return graph


def read_sources(files: Sequence[Path]) -> Graph:
    """The merged graph of ``files`` (``assemble``) in rdflib, the statute texts' triples included."""
    assembled = assemble(files)
    return add_ntriples(assembled.graph, assembled.lines)


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
        limit = RECORDS if path.suffix == ".nt" else SOURCE
        for part in [path, *table_files(path)]:
            digest_input(digest, part, limit)  # a file gone still makes the digest differ from a good one
    return digest.hexdigest()


@dataclass(frozen=True)
class Merged:
    """The built graph: every triple once, as a canonical N-Triples line (``ntriples``), sorted."""

    curated: Graph  # the ontology and curated data but ``Assembled.lines``, prefixes bound
    law: bytes  # ``Assembled.lines``: the statute texts' triples and the derived ones
    lines: list[bytes]
    record_lines: list[bytes]  # those from record files that are not also curated
    record_files: list[Path]


def merge(project: Project) -> Merged:
    """Read every source: the curated ones through rdflib (as ``build_graph``), the record files by
    pyoxigraph's N-Triples parser. Nothing is written."""
    assembled = assemble(project.curated_sources())
    curated = assembled.graph
    bind_prefixes(curated)
    curated_lines = set(ntriples.graph_lines(curated)) | set(assembled.lines.splitlines(keepends=True))
    records: set[bytes] = set()
    record_files = project.record_files()
    for path in record_files:
        records.update(ntriples.file_lines(path))
    lines = sorted(curated_lines | records)
    record_lines = [line for line in lines if line not in curated_lines]
    return Merged(curated, assembled.lines, lines, record_lines, record_files)


# From this many triples the JSON-LD is written by a second process while this one writes the
# Turtle (the machine has two cores; starting that process costs about 0.4 s)
PARALLEL_FROM = 250_000


def _write_outputs(merged: Merged, folder: Path) -> list[tuple[str, int]]:
    """hgr-kg.nt (the sorted lines: diffable), .ttl (the curated graph, then the records' triples, as
    Oxigraph writes them) and .jsonld (Oxigraph) into ``folder``; the counts by
    class."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    nt, ttl, jsonld = (folder / f"{OUTPUT_NAME}.{suffix}" for suffix in ("nt", "ttl", "jsonld"))
    data = b"".join(merged.lines)
    nt.write_bytes(data)
    parallel = len(merged.lines) >= PARALLEL_FROM
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) if parallel else None
    try:
        pending = pool.submit(ntriples.write_jsonld, nt, jsonld) if pool is not None else None
        counts = ntriples.class_counts(data, merged.curated)
        del data
        recorded = set(merged.record_lines)
        prefixes = {prefix: str(iri) for prefix, iri in merged.curated.namespaces()}
        with ttl.open("wb") as handle:  # Oxigraph's Turtle writer: 0.1 s, where rdflib's took 1.7
            curated = [line for line in merged.lines if line not in recorded]
            ntriples.write_turtle_lines(curated, handle, prefixes)
        if merged.record_files:
            records = folder / "records.nt"
            records.write_bytes(b"".join(merged.record_lines))
            names = ", ".join(p.name for p in merged.record_files)
            with ttl.open("ab") as handle:
                handle.write(f"\n# The record-level files ({names}):\n".encode())
                ntriples.write_turtle(records, handle, {prefix: str(ns) for prefix, ns in PREFIXES.items()})
            records.unlink()
        if pending is None:
            ntriples.write_jsonld(nt, jsonld)
        else:
            pending.result()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return counts


@dataclass(frozen=True)
class BuildResult:
    files: list[Path]
    counts: list[tuple[str, int]]
    triples: int
    curated: Graph  # but the statute texts' triples and the derived ones (``law``)
    law: bytes
    record_files: list[Path]
    # the curated graph as built (canonical N-Triples, sorted) and the digest of the curated sources
    # taken before they were read: what the validation of this build checks, and its cache's key
    curated_ntriples: bytes
    curated_digest: str

    @functools.cached_property
    def graph(self) -> Graph:
        """The built graph in rdflib's memory store. Made on first use: record files are parsed by
        rdflib here (slow at scale), which writing the outputs does not need."""
        return with_records(add_ntriples(self.curated, self.law), self.record_files)


def with_records(curated: Graph, record_files: Sequence[Path]) -> Graph:
    """``curated`` (as ``merge`` reads it) with the record files added: the built graph in rdflib."""
    for path in record_files:
        load_source(path, curated)
    if record_files:
        normalise_decimals(curated)
    return curated


def built_graph(project: Project) -> Graph:
    """The graph ``build`` makes (``BuildResult.graph``), read afresh, without writing anything."""
    curated = read_sources(project.curated_sources())
    bind_prefixes(curated)
    return with_records(curated, project.record_files())


def build(project: Project, out_dir: Path) -> BuildResult:
    """Build the graph and write ``hgr-kg.ttl``, ``.nt``, ``.jsonld`` and ``build-info.json`` to
    ``out_dir`` as one set (``atomic.file_set``: a reader never sees a mix of two builds).

    Nothing is written unless every source parses.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise HgrKgError(f"{out_dir}: not a folder (the build writes {OUTPUT_NAME}.ttl, .nt, .jsonld "
                         f"and {BUILD_INFO} into a folder)")  # fmt: skip
    sources = project.sources()
    digest = sources_digest(project, sources)  # before reading: an edit during the build shows
    curated_digest = sources_digest(project, project.curated_sources())
    merged = merge(project)
    names = [*(f"{OUTPUT_NAME}.{suffix}" for suffix in FORMATS), BUILD_INFO]
    try:
        with file_set(out_dir, names) as staging:
            counts = _write_outputs(merged, staging)
            info = {
                "version": __version__,
                "built": datetime.now(UTC).replace(microsecond=0).isoformat(),
                "triples": len(merged.lines),
                "sources": [p.relative_to(project.root).as_posix() for p in sources],
                "sources_digest": digest,
                "classes": dict(counts),
            }
            text = json.dumps(info, indent=2, ensure_ascii=False) + "\n"
            (staging / BUILD_INFO).write_text(text, encoding="utf-8")
    except OSError as err:
        raise HgrKgError(f"{out_dir}: cannot write the build: {err.strerror or err}") from None
    recorded = set(merged.record_lines)
    curated = b"".join(line for line in merged.lines if line not in recorded)
    return BuildResult([out_dir / name for name in names], counts, len(merged.lines), merged.curated,
                       merged.law, merged.record_files, curated, curated_digest)  # fmt: skip
