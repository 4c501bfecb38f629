"""SHACL validation of the built graph with pySHACL."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal
from rdflib.term import Node

from hgr_kg.errors import HgrKgError
from hgr_kg.graph.build import assemble, read_sources
from hgr_kg.graph.labels import label
from hgr_kg.graph.memory import OxigraphGraph, memory_store
from hgr_kg.graph.store import load_ntriples
from hgr_kg.inputs import RECORDS, read_input
from hgr_kg.interrupt import bounded
from hgr_kg.namespaces import SH, bind_prefixes
from hgr_kg.paths import Project
from hgr_kg.query.guard import no_network, prepared, refuse_service
from hgr_kg.sources.turtle import parse_turtle
from hgr_kg.validate.cache import (
    curated_cache,
    curated_entry,
    read_cache,
    read_curated,
    shapes_digest,
    validation_context,
    write_cache,
)
from hgr_kg.validate.report import FORMATS, SEVERITY_NAMES, Report, Result, format_report

__all__ = ["FORMATS", "Report", "Result", "format_report", "load_shapes", "project_results", "read_cache",
           "shapes_digest", "validate", "validate_project"]  # fmt: skip

def load_shapes(path: Path) -> Graph:
    """The shapes of ``path``, each SPARQL text in them checked and kept normalised
    (:func:`hgr_kg.query.guard.refuse_service`): the text checked is the text pySHACL runs."""
    shapes = parse_turtle(path)
    for predicate in (SH.select, SH.ask, SH.construct):  # the shapes are data: they never send a request
        for owner, text in list(shapes.subject_objects(predicate)):
            shape = next(iter(shapes.subjects(None, owner)), owner)  # the shape of the sh:sparql, sh:target
            checked = refuse_service(str(text), f"{path}: {_name(shapes, _node_shape(shapes, shape))}",
                                     " (shapes are data: they never send a request)")  # fmt: skip
            if checked != str(text):
                shapes.set((owner, predicate, Literal(checked, lang=text.language, datatype=text.datatype)))
    return shapes


def _name(graph: Graph, node: Node | None) -> str | None:
    if node is None:
        return None
    try:
        return graph.namespace_manager.normalizeUri(node)
    except Exception:
        return str(node)


def _node_shape(shapes: Graph, shape: Node | None) -> Node | None:
    """The named node shape a (possibly blank) property shape belongs to."""
    parent = shapes.value(predicate=SH.property, object=shape) if shape is not None else None
    return parent if parent is not None else shape


# constraints that compare a literal's lexical form, which a store keeping literals by value loses
# (language tags, which Oxigraph writes in lower case, are compared without case: not among them)
_LEXICAL = (SH.pattern, SH.minLength, SH.maxLength, SH.equals, SH.disjoint)


def _reads_lexical_forms(shapes: Graph) -> bool:
    """Whether ``shapes`` test a literal's lexical form: a constraint of ``_LEXICAL``, or a literal
    in ``sh:in`` or ``sh:hasValue``."""
    from rdflib import Literal
    from rdflib.collection import Collection

    if any((None, p, None) in shapes for p in _LEXICAL):
        return True
    if any(isinstance(v, Literal) for v in shapes.objects(None, SH.hasValue)):
        return True
    lists = (Collection(shapes, head) for head in shapes.objects(None, SH["in"]))
    return any(isinstance(v, Literal) for values in lists for v in values)


class _PreparedQueryGraph(Graph):
    """A view of a graph's store whose ``query`` parses each query text once. pySHACL runs a
    SHACL-SPARQL constraint once per focus node, and rdflib would parse its text every time (about
    30 ms a time)."""

    def query(self, query_object: object, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if isinstance(query_object, str):
            query_object = prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def validate(
    data: Graph, shapes: Graph, inplace: bool = False, focus_nodes: list[Node] | None = None
) -> Report:
    """Validate ``data`` against ``shapes``; a report with one result per problem found.

    ``conforms`` is true when there is no violation (warnings do not break conformance). With
    ``inplace`` pySHACL works on ``data`` itself instead of a copy (for a graph in an Oxigraph store,
    whose SPARQL engine then runs the SHACL-SPARQL constraints); ``focus_nodes`` limits validation
    to those nodes. A graph in rdflib's memory store is validated in an in-memory Oxigraph copy
    (``hgr_kg.graph.memory``): with inference off and no SHACL rules pySHACL does not change the data
    graph, and Oxigraph runs the SHACL-SPARQL constraints in a fraction of rdflib's time. Oxigraph
    keeps literals by value ("7.7" for ``"7.70"^^xsd:decimal``, as results' messages show them), so
    shapes that test a literal's lexical form (``_LEXICAL``) are run on rdflib's store itself.
    """
    from pyshacl import validate as shacl_validate

    target = data
    if not inplace and (None, SH.rule, None) not in shapes:
        if type(data.store).__name__ == "Memory" and _reads_lexical_forms(shapes):
            target = _PreparedQueryGraph(store=data.store, identifier=data.identifier)
        elif type(data.store).__name__ == "Memory":
            target = OxigraphGraph(memory_store(data))
            for prefix, namespace in data.namespaces():
                target.bind(prefix, namespace, override=True)
        inplace = target is not data or isinstance(data, OxigraphGraph)  # else pySHACL copies it
    def run() -> tuple:  # in a thread cut off the network: shapes and data never send a request
        return shacl_validate(target, shacl_graph=for_pyshacl(shapes), advanced=True, inference="none",
                              allow_warnings=True, inplace=inplace, focus_nodes=focus_nodes)  # fmt: skip

    try:
        _, report_graph, text = bounded(run, None, "validation", setup=no_network)
    except Exception:
        broken = broken_query(shapes)
        if broken is None:
            raise
        raise HgrKgError(broken) from None
    if not isinstance(report_graph, Graph):
        raise HgrKgError(f"the shapes cannot be applied: {str(text).splitlines()[-1]}")
    results: list[Result] = []
    for node in report_graph.subjects(predicate=SH.resultSeverity):
        focus = report_graph.value(node, SH.focusNode)
        severity = SEVERITY_NAMES.get(report_graph.value(node, SH.resultSeverity), "Info")
        messages = sorted(str(m) for m in report_graph.objects(node, SH.resultMessage))
        results.append(
            Result(
                severity=severity,
                focus=str(focus),
                focus_label=label(data, focus) if focus is not None else "",
                path=_name(data, report_graph.value(node, SH.resultPath)),
                value=_name(data, report_graph.value(node, SH.value)),
                message=messages[0] if messages else "",
                shape=_name(shapes, _node_shape(shapes, report_graph.value(node, SH.sourceShape))) or "",
            )
        )
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    results.sort(key=lambda r: (order[r.severity], r.focus_label, r.message))
    bind_prefixes(report_graph)
    return Report(
        conforms=not any(r.severity == "Violation" for r in results), results=results, graph=report_graph
    )


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
# what a node shape may state besides its property shapes and targets for these to be moved
_ONLY_PROPERTIES = {*_TARGETS, SH.property, RDF.type, RDFS.label, RDFS.comment}


def for_pyshacl(shapes: Graph) -> Graph:
    """A copy of ``shapes`` (``_copy``) in which a node shape that only groups property shapes (no
    constraint, severity, message or deactivation of its own) hands its targets to them: each
    property shape then has the focus nodes it had through the node shape (SHACL 2.1.3), so the
    results are the same (tests/test_validate.py), but pySHACL validates it once for all of them
    instead of once per focus node (the curated graph: 2.6 s instead of 4.6). A property shape of
    several node shapes, or with targets of its own, is left as it is."""
    copy = _copy(shapes)
    owners: dict[Node, int] = {}
    for prop in copy.objects(None, SH.property):
        owners[prop] = owners.get(prop, 0) + 1
    for node in set(copy.subjects(RDF.type, SH.NodeShape)):
        if set(copy.objects(node, RDF.type)) != {SH.NodeShape}:
            continue  # also a class: it targets its instances implicitly, and keeps its property shapes
        props = list(copy.objects(node, SH.property))
        targets = [(p, o) for p in _TARGETS for o in copy.objects(node, p)]
        if not props or not targets or any(p not in _ONLY_PROPERTIES for p in copy.predicates(node)):
            continue
        if any(owners[prop] > 1 or any((prop, p, None) in copy for p in _TARGETS) for prop in props):
            continue
        for prop in props:
            copy.addN((prop, p, o, copy) for p, o in targets)
        for p, o in targets:
            copy.remove((node, p, o))
    return copy


def _copy(graph: Graph) -> Graph:
    """A copy of ``graph`` with its prefixes. pySHACL adds RDFS and OWL axioms to the shapes graph it
    is given; a copy leaves the caller's as it was (its digest keys the validation cache)."""
    copy = Graph()
    copy += graph
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True)
    return copy


_QUERY_KEYS = (SH.select, SH.ask, SH.construct, SH.update)


def _prefixes(shapes: Graph, node: Node) -> dict[str, str]:
    """The prefixes ``node`` declares through ``sh:prefixes`` (SHACL 5.2.1)."""
    found = {}
    for holder in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                found[str(prefix)] = str(namespace)
    return found


def broken_query(shapes: Graph) -> str | None:
    """The first SHACL-SPARQL text of ``shapes`` that does not parse, as one line naming its shape
    (pySHACL raises the parser's exception, with no word of which shape); None if all parse."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parser import parseUpdate

    for key in _QUERY_KEYS:
        for node, text in sorted(shapes.subject_objects(key), key=lambda pair: str(pair[1])):
            owner = shapes.value(predicate=SH.sparql, object=node)
            owner = owner if owner is not None else shapes.value(predicate=SH.target, object=node)
            shape = _name(shapes, _node_shape(shapes, owner if owner is not None else node))
            prefixes = _prefixes(shapes, node)
            try:
                if key == SH.update:
                    parseUpdate("".join(f"PREFIX {p}: <{n}>\n" for p, n in prefixes.items()) + str(text))
                else:
                    prepareQuery(str(text), initNs=prefixes)
            except Exception as err:  # pyparsing's ParseException, or an unknown prefix
                reason = " ".join(str(err).split())
                return f"shape {shape}: its SPARQL (sh:{key.removeprefix(str(SH))}) does not parse: {reason}"
    return None


def _targets_in(shapes: Graph, shape: Node, data: Graph) -> bool:
    """Whether any target of ``shape`` matches a node of ``data`` (class, subjects-of, objects-of)."""
    from rdflib.namespace import RDF

    if any((None, RDF.type, cls) in data for cls in shapes.objects(shape, SH.targetClass)):
        return True
    props = [*shapes.objects(shape, SH.targetSubjectsOf), *shapes.objects(shape, SH.targetObjectsOf)]
    return any((None, prop, None) in data for prop in props)


def shapes_for(shapes: Graph, data: Graph) -> Graph:
    """The shapes graph with the targets of every shape that targets nothing in ``data`` removed."""
    reduced = _copy(shapes)
    for shape in (
        set(shapes.subjects(SH.targetClass, None))
        | set(shapes.subjects(SH.targetSubjectsOf, None))
        | set(shapes.subjects(SH.targetObjectsOf, None))
    ):
        if not _targets_in(shapes, shape, data):
            for prop in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf):
                reduced.remove((shape, prop, None))
    return reduced


def _records_store(path: Path) -> Any:
    """A new in-memory pyoxigraph store holding the record file ``path``."""
    import pyoxigraph as ox

    store = ox.Store()  # bulk-loaded: a record file's blank nodes are its own (none is shared)
    load_ntriples(store, path)
    return store


# the subjects a record file adds, except its decisions and their row citations, which the
# collection-level shapes check in one query each
_FOCUS_QUERY = """
SELECT DISTINCT ?s WHERE {
    ?s ?p ?o . FILTER(isIRI(?s))
    MINUS { ?s <https://w3id.org/hgr-kg/ontology#recordOf> ?collection }
    MINUS { ?decision <https://w3id.org/hgr-kg/ontology#recordOf> ?collection ;
                      <http://purl.org/dc/terms/source> ?s }
}"""


_NUMBER_LINES = (
    b" <https://w3id.org/hgr-kg/ontology#normalisedNumber> ",
    b" <https://w3id.org/hgr-kg/ontology#recordOf> ",
)


def decision_numbers(data: bytes) -> bytes:
    """The ``hgr:recordOf`` and ``hgr:normalisedNumber`` lines of a record file's N-Triples (a line
    scan): what hgrsh:DecisionInOneCollectionShape needs of the other record files."""
    return b"".join(line + b"\n" for line in data.splitlines() if any(p in line for p in _NUMBER_LINES))


def validate_records(
    path: Path, curated: Graph, shapes: Graph, store: Any = None, others: bytes = b""
) -> list[Result]:
    """Validate one record-level file on top of the curated graph, in an in-memory Oxigraph store
    (bulk-loaded from the file: no rdflib parse, and Oxigraph runs the SHACL-SPARQL constraints). Only
    the shapes that target something in the file are used, and only on the nodes the file adds: its
    collection, organisations, derived counts and sources. Its decisions are checked through their
    collection, one query per rule; curated resources are left to the curated graph's validation.
    ``store`` is the file already loaded (``_records_store``), if it was; ``others`` the decision
    numbers of the other record files (``decision_numbers``), to find a decision imported twice."""
    import pyoxigraph as ox
    from rdflib import URIRef

    store = store if store is not None else _records_store(path)
    reduced = shapes_for(shapes, OxigraphGraph(store))
    curated_subjects = {str(s) for s in curated.subjects()}
    focus = [URIRef(row[0].value) for row in store.query(_FOCUS_QUERY)]  # type: ignore[union-attr]
    focus = [f for f in focus if str(f) not in curated_subjects]
    if not focus:
        return []
    store.bulk_load(curated.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    if others:
        store.bulk_load(others, ox.RdfFormat.N_TRIPLES)
    graph = OxigraphGraph(store)
    bind_prefixes(graph)
    return validate(graph, reduced, inplace=True, focus_nodes=focus).results


def _curated_graph(curated_files: list[Path], built: tuple[bytes, str] | None, shapes: Graph) -> Graph:
    """The curated graph to validate, in an in-memory Oxigraph store: the build's N-Triples
    (``built``; no second reading of the sources), or the sources' (``assemble``) put there at once,
    not first into rdflib (with the whole codes, 176,000 triples, 5 s saved). Shapes that test a
    literal's lexical form get the sources in rdflib's store, which keeps it (``validate``)."""
    if built is None and _reads_lexical_forms(shapes):
        return read_sources(curated_files)
    graph = OxigraphGraph(memory_store(built[0] if built is not None else assemble(curated_files).ntriples()))
    bind_prefixes(graph)
    return graph


def validate_project(
    project: Project, shapes: Graph, cache: Path | None = None, extra: Sequence[Path] = (),
    built: tuple[bytes, str] | None = None,
) -> Report:
    """Validate the curated graph (with the ``extra`` files a user checks before adding them), then
    each record-level file on top of it (``validate_records``). The curated graph is read from the
    sources, or is ``built``: the build's N-Triples of it with the digest of the curated sources it
    was read from (``BuildResult.curated_ntriples``, ``curated_digest``). With a ``cache``, the
    curated graph's report is reused while no curated source, shape, module of hgr-kg or library
    version changed, and a record file's results while its content, those and the other files'
    decision numbers did not.
    The first record file to validate is loaded in a thread while the curated graph is read and
    validated (pyoxigraph's bulk load releases the GIL)."""
    import hashlib
    from concurrent.futures import ThreadPoolExecutor

    record_files = project.record_files()
    curated_files = project.curated_sources() + list(extra)
    stored = read_cache(cache) if cache is not None else {}
    if built is not None and extra:
        raise HgrKgError("validate_project: extra files go with a graph read from the sources")
    digest = built[1] if built is not None else None
    needed = cache is not None or record_files
    context = validation_context(project, curated_files, shapes, digest) if needed else ""
    contents = {path: read_input(path, RECORDS) for path in record_files}
    numbers = {path: decision_numbers(data) for path, data in contents.items()}

    def others(path: Path) -> bytes:
        return b"".join(numbers[other] for other in record_files if other != path)

    keys = {
        path: ":".join([hashlib.sha256(data).hexdigest(), context, hashlib.sha256(others(path)).hexdigest()])
        for path, data in contents.items()
    }
    todo = [path for path in record_files if keys[path] not in stored]
    report = read_curated(curated_cache(cache), context) if cache is not None else None
    with ThreadPoolExecutor(max_workers=1) as loader:
        first = loader.submit(_records_store, todo[0]) if todo else None
        curated = _curated_graph(curated_files, built, shapes) if report is None or todo else Graph()
        entry = None
        if report is None:
            report = validate(curated, shapes)
            entry = curated_entry(report, context)
        fresh: dict[str, list[dict]] = {}
        for path in record_files:
            key = keys[path]
            if key not in stored:
                store = first.result() if first is not None and path == todo[0] else None
                results = validate_records(path, curated, shapes, store, others(path))
                stored[key] = [r.__dict__ for r in results]
            fresh[key] = stored[key]
            report.results.extend(Result(**r) for r in stored[key])
    if cache is not None and entry is not None:
        write_cache(curated_cache(cache), entry)
    if cache is not None and record_files:
        write_cache(cache, fresh)
    report.conforms = not any(r.severity == "Violation" for r in report.results)
    return report


def project_results(
    project: Project, cache: Path | None = None, built: tuple[bytes, str] | None = None
) -> tuple[bool, list[Result]]:
    """``validate_project`` with the project's shapes: whether it conforms, and the results (not the
    report graph; what a second process hands back)."""
    report = validate_project(project, load_shapes(project.shapes), cache, built=built)
    return report.conforms, report.results
