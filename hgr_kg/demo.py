"""The main job: build, validate, report, and (as the project grows) every other output."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from hgr_kg.atomic import write_file
from hgr_kg.draw.timeline import FORMATS, LANGS, render_rows, timeline_rows
from hgr_kg.export.networks import FORMATS as EXPORT_FORMATS
from hgr_kg.export.networks import export
from hgr_kg.export.networks import suffix as export_suffix
from hgr_kg.graph.build import build, sources_digest
from hgr_kg.graph.info import format_info, gather
from hgr_kg.paths import Project
from hgr_kg.query.canned import bind_params, list_queries, run_local
from hgr_kg.query.results import to_csv
from hgr_kg.validate.audit import audit
from hgr_kg.validate.audit import render as render_audit
from hgr_kg.validate.audit import summary as audit_summary
from hgr_kg.validate.shacl import Report, format_report, load_shapes, validate_project


@dataclass(frozen=True)
class DemoResult:
    conforms: bool
    written: list[Path]


def run_demo(project: Project, dist: Path, out: Path, say: Callable[[str], None]) -> DemoResult:
    """Build into ``dist``, validate, and write the reports into ``out``."""
    result = build(project, dist)
    say(f"built {len(result.graph)} triples into {dist}/")
    # the figures render in a second process (the machine has two cores) while this one goes on
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        version = sources_digest(project)[:12]
        figures = {
            lang: pool.submit(render_rows, timeline_rows(result.graph, project.queries, lang, 1998, 2024),
                              lang, "vertical", version, FORMATS)
            for lang in LANGS
        }  # fmt: skip
        report, written = _reports(project, dist, out, result.graph, result.files, say)
        for lang, future in figures.items():
            for fmt, data in future.result().items():
                target = out / f"timeline-{lang}.{fmt}"
                write_file(target, data)
                written.append(target)
        say(f"timeline (en, zh; svg, pdf, png) -> {out}/timeline-*")
    finally:
        pool.shutdown(cancel_futures=True)
    return DemoResult(report.conforms, written)


def _reports(project: Project, dist: Path, out: Path, graph: Graph, files: list[Path],
             say: Callable[[str], None]) -> tuple[Report, list[Path]]:  # fmt: skip
    """Validation, info, canned queries, exports and the audit."""
    written = list(files)
    # as `hgr-kg validate`: record-level files through the fast path, cached in the build folder
    report = validate_project(project, load_shapes(project.shapes), dist / "validation-cache.json")
    for name, fmt in (("validation.txt", "text"), ("validation.json", "json")):
        write_file(out / name, format_report(report, fmt))
        written.append(out / name)
    say(
        f"validation: {report.violations} violation(s), {report.warnings} warning(s) "
        f"-> {out / 'validation.txt'}"
    )

    write_file(out / "info.txt", format_info(gather(graph, project, dist)))
    written.append(out / "info.txt")
    say(f"info -> {out / 'info.txt'}")

    queries = list_queries(project.queries)
    view = _oxigraph_view(dist)  # the same rows as rdflib (tests/test_store.py), several times faster
    for query in queries:
        examples = {p.name: p.example for p in query.params if p.required and p.example}
        table = run_local(view, query.text, bind_params(query, examples))
        target = out / "queries" / f"{query.name}.csv"
        write_file(target, to_csv(table))
        written.append(target)
    say(f"{len(queries)} canned queries -> {out / 'queries'}/")

    for fmt in EXPORT_FORMATS:
        target = out / f"graph.{export_suffix(fmt)}"
        write_file(target, export(graph, fmt))
        written.append(target)
    say(f"exports ({', '.join(EXPORT_FORMATS)}) -> {out}/graph.*")

    verdicts = audit(graph, project.queries)
    for fmt in ("md", "html"):
        write_file(out / f"audit.{fmt}", render_audit(verdicts, fmt))
        written.append(out / f"audit.{fmt}")
    counts = audit_summary(verdicts)
    say(
        f"audit: {counts['claims']} claims, {counts['reproduced']} reproduced, {counts['differs']} differ, "
        f"{counts['not-derivable']} not derivable -> {out}/audit.md, audit.html"
    )
    return report, written


def _oxigraph_view(dist: Path) -> Graph:
    """The graph just built (``dist/hgr-kg.nt``) in an in-memory Oxigraph store, for the canned queries."""
    import pyoxigraph as ox

    from hgr_kg.graph.store import OxigraphGraph
    from hgr_kg.namespaces import bind_prefixes

    store = ox.Store()
    store.bulk_load((dist / "hgr-kg.nt").read_bytes(), ox.RdfFormat.N_TRIPLES)
    view = OxigraphGraph(store)
    bind_prefixes(view)
    return view
