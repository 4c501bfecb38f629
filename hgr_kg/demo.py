"""The main job: build, validate, report, and (as the project grows) every other output."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any

from hgr_kg.atomic import write_file
from hgr_kg.draw.timeline import FORMATS, LANGS, render_rows, timeline_rows
from hgr_kg.graph.build import BuildResult, build, built_graph, sources_digest
from hgr_kg.graph.info import format_info, gather
from hgr_kg.graph.memory import memory_store
from hgr_kg.paths import Project
from hgr_kg.query.canned import bind_params, list_queries, run_local
from hgr_kg.query.results import to_csv
from hgr_kg.validate.audit import audit
from hgr_kg.validate.audit import render as render_audit
from hgr_kg.validate.audit import summary as audit_summary
from hgr_kg.validate.shacl import Report, format_report, project_results


@dataclass(frozen=True)
class DemoResult:
    conforms: bool
    written: list[Path]


def run_demo(project: Project, dist: Path, out: Path, say: Callable[[str], None]) -> DemoResult:
    """Build into ``dist``, validate, and write the reports into ``out``.

    The machine has two cores: two worker processes start with the job, one validating, the other
    making the exports and the audit (each reads the sources itself), while this one builds, reads the
    timeline's rows and writes info; the canned queries (on the N-Triples just built) and the figures
    run in whichever worker is free first (with the validation cached, the first one). The pool is terminated
    on the way out, so an error here does not wait for them."""
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        # as `hgr-kg validate`, cached in the build folder
        validation = pool.apply_async(project_results, (project, dist / "validation-cache.json"))
        outputs = pool.apply_async(graph_outputs, (project,))
        result = build(project, dist)
        tables = pool.apply_async(canned_tables, (project, dist))  # the validation's worker is free first
        say(f"built {len(result.graph)} triples into {dist}/")
        version = sources_digest(project)[:12]
        view = _oxigraph_view(dist)  # the timeline's rows on Oxigraph: the same rows, several times faster
        rows = {lang: timeline_rows(view, project.queries, lang, 1998, 2024) for lang in LANGS}
        figures = {lang: pool.apply_async(render_rows, (rows[lang], lang, "vertical", version, FORMATS))
                   for lang in LANGS}  # fmt: skip
        report, written = _reports(project, dist, out, result, (validation, outputs, tables), say)
        for lang, future in figures.items():
            for fmt, data in future.get().items():
                target = out / f"timeline-{lang}.{fmt}"
                write_file(target, data)
                written.append(target)
        say(f"timeline (en, zh; svg, pdf, png) -> {out}/timeline-*")
    return DemoResult(report.conforms, written)


def graph_outputs(project: Project) -> tuple[dict[str, bytes], dict[str, int], tuple[str, ...]]:
    """The exports and the audit (file name: content), the audit's counts, and the export formats, of
    the graph as the build makes it: what a worker process of the demo makes from its own reading of
    the sources. (networkx, 0.3-0.8 s to import, is imported here, in that worker only.)"""
    from hgr_kg.export.networks import FORMATS as EXPORT_FORMATS
    from hgr_kg.export.networks import export_all
    from hgr_kg.export.networks import suffix as export_suffix

    graph = built_graph(project)
    files = {f"graph.{export_suffix(fmt)}": data for fmt, data in export_all(graph, EXPORT_FORMATS).items()}
    verdicts = audit(graph, project.queries, memory_store(graph))
    files.update({f"audit.{fmt}": render_audit(verdicts, fmt).encode("utf-8") for fmt in ("md", "html")})
    return files, audit_summary(verdicts), EXPORT_FORMATS


def canned_tables(project: Project, dist: Path) -> list[tuple[str, str]]:
    """Each canned query's name and CSV, with its example parameters, on the graph just built (in a
    worker process of the demo)."""
    queries = list_queries(project.queries)
    view = _oxigraph_view(dist)  # the same rows as rdflib (tests/test_store.py), several times faster
    out = []
    for query in queries:
        examples = {p.name: p.example for p in query.params if p.required and p.example}
        out.append((query.name, to_csv(run_local(view, query.text, bind_params(query, examples)))))
    return out


def _reports(project: Project, dist: Path, out: Path, result: BuildResult, workers: tuple[AsyncResult, ...],
             say: Callable[[str], None]) -> tuple[Report, list[Path]]:  # fmt: skip
    """Validation, info, canned queries, exports and the audit (``workers``: the validation's, the
    exports' and audit's, and the canned queries' results to come)."""
    validation, outputs, queries = workers
    written = list(result.files)
    conforms, results = validation.get()
    report = Report(conforms, results)
    for name, fmt in (("validation.txt", "text"), ("validation.json", "json")):
        write_file(out / name, format_report(report, fmt))
        written.append(out / name)
    say(
        f"validation: {report.violations} violation(s), {report.warnings} warning(s) "
        f"-> {out / 'validation.txt'}"
    )

    write_file(out / "info.txt", format_info(gather(result.graph, project, dist)))
    written.append(out / "info.txt")
    say(f"info -> {out / 'info.txt'}")

    tables = queries.get()
    for name, csv in tables:
        target = out / "queries" / f"{name}.csv"
        write_file(target, csv)
        written.append(target)
    say(f"{len(tables)} canned queries -> {out / 'queries'}/")

    files, counts, formats = outputs.get()
    for name, data in files.items():
        write_file(out / name, data)
        written.append(out / name)
    say(f"exports ({', '.join(formats)}) -> {out}/graph.*")
    say(
        f"audit: {counts['claims']} claims, {counts['reproduced']} reproduced, {counts['differs']} differ, "
        f"{counts['not-derivable']} not derivable -> {out}/audit.md, audit.html"
    )
    return report, written


def _oxigraph_view(dist: Path) -> Any:
    """The graph just built (``dist/hgr-kg.nt``) in an in-memory Oxigraph store, for the canned queries
    (``run_local`` runs them on the store itself)."""
    return memory_store((dist / "hgr-kg.nt").read_bytes())
