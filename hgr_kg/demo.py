"""The main job: build, validate, report, and (as the project grows) every other output."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any

from hgr_kg.atomic import write_files
from hgr_kg.draw.permits import demo_charts
from hgr_kg.draw.timeline import FORMATS, LANGS, render_rows, timeline_rows
from hgr_kg.graph.build import BuildResult, build, sources_digest
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

    The machine has two cores. Two worker processes start with the job, each importing what it will
    need (pySHACL; matplotlib) while this one builds. Then the first validates the curated graph as
    built (its N-Triples: the sources are not read twice) and the second draws the timelines, while
    this process makes info, the canned tables, the exports and the audit from the graph it built.
    Where the validation's result was cached, the first worker draws the English timeline. Nothing is
    written into ``out`` before every part is done (a check that fails writes nothing). The workers
    are terminated on the way out, so an error here does not wait for them."""
    spawn = multiprocessing.get_context("spawn")
    draws = ("hgr_kg.draw.timeline", "hgr_kg.draw.permits", "matplotlib.pyplot")
    checks = ("hgr_kg.validate.shacl", "pyshacl", "oxrdflib")
    with spawn.Pool(1, initializer=_import, initargs=checks) as validator, \
            spawn.Pool(1, initializer=_import, initargs=draws) as drawer:  # fmt: skip
        result = build(project, dist)
        say(f"built {result.triples} triples into {dist}/")
        # as `hgr-kg validate`, cached in the build folder
        built = (result.curated_ntriples, result.curated_digest)
        validation = validator.apply_async(project_results, (project, dist / "validation-cache.json", built))
        version = sources_digest(project)[:12]
        view = _oxigraph_view(dist)  # the timeline's rows on Oxigraph: the same rows, several times faster
        # from the study's first year (1998) to the last year the graph dates anything (2024 at least: the
        # study's Figure 1 ends there), so that an instrument coming into force later is in the figure
        rows = {lang: timeline_rows(view, project.queries, lang, 1998, None) for lang in LANGS}
        end = max([2024] + [d.year for row in rows["en"] for d in row.dates()])
        figures = {"zh": drawer.apply_async(render_rows, (rows["zh"], "zh", "vertical", version, FORMATS,
                                                          "both", 1998, end))}  # fmt: skip
        free = validator if _cached(validation) else drawer
        figures["en"] = free.apply_async(render_rows, (rows["en"], "en", "vertical", version, FORMATS,
                                                       "both", 1998, end))  # fmt: skip
        permits = drawer.apply_async(demo_charts, (dist / "hgr-kg.nt",))
        files, said = _outputs(project, dist, out, result, view)
        report = Report(*validation.get())  # before anything is written: a failed check writes nothing
        for lang in LANGS:
            files |= {f"timeline-{lang}.{fmt}": data for fmt, data in figures[lang].get().items()}
        files |= permits.get()
        files |= {name: format_report(report, fmt).encode("utf-8")
                  for name, fmt in (("validation.txt", "text"), ("validation.json", "json"))}  # fmt: skip
        write_files({out / name: data for name, data in files.items()})  # staged, then renamed
        said += [_validation_line(out, report), f"timeline (en, zh; svg, pdf, png) -> {out}/timeline-*",
                 f"permit trajectories (en, zh; counts svg, png; shares svg) -> {out}/permit*"]
        for line in said:
            say(line)
    return DemoResult(report.conforms, [*result.files, *(out / name for name in files)])


def _cached(validation: AsyncResult, wait: float = 0.1) -> bool:
    """Whether the validation is done within ``wait`` seconds more: its result was cached (reading
    the cache takes 0.13 s, less than the timeline's rows here)."""
    validation.wait(wait)
    return validation.ready()


def _import(*modules: str) -> None:
    """What a worker imports before its first task, while the main process builds. Never raises: a
    pool whose initializer raises starts new workers for ever, and its tasks never run; a module that
    cannot be imported fails the task that needs it instead, in one line."""
    import contextlib
    import importlib

    for name in modules:
        with contextlib.suppress(Exception):
            importlib.import_module(name)


def _outputs(project: Project, dist: Path, out: Path, result: BuildResult,
             view: Any) -> tuple[dict[str, bytes], list[str]]:  # fmt: skip
    """Info, the canned tables (on ``view``, the graph just built in Oxigraph), the exports and the
    audit: each file's name in ``out`` and content, and the lines that say what they are."""
    from hgr_kg.export.networks import FORMATS as EXPORT_FORMATS
    from hgr_kg.export.networks import export_all
    from hgr_kg.export.networks import suffix as export_suffix

    graph = result.graph
    files = {"info.txt": format_info(gather(graph, project, dist)).encode("utf-8")}
    files |= {f"queries/{name}.csv": csv.encode("utf-8") for name, csv in canned_tables(project, view)}
    files |= {f"graph.{export_suffix(fmt)}": data for fmt, data in export_all(graph, EXPORT_FORMATS).items()}
    verdicts = audit(graph, project.queries, view)
    files |= {f"audit.{fmt}": render_audit(verdicts, fmt).encode("utf-8") for fmt in ("md", "html")}
    counts = audit_summary(verdicts)
    return files, [
        f"info -> {out / 'info.txt'}",
        f"{len(list_queries(project.queries))} canned queries -> {out / 'queries'}/",
        f"exports ({', '.join(EXPORT_FORMATS)}) -> {out}/graph.*",
        f"audit: {counts['claims']} claims, {counts['reproduced']} reproduced, {counts['differs']} differ, "
        f"{counts['not-derivable']} not derivable -> {out}/audit.md, audit.html",
    ]


def canned_tables(project: Project, view: Any) -> list[tuple[str, str]]:
    """Each canned query's name and CSV, with its example parameters, on ``view`` (the graph just
    built, in an in-memory Oxigraph store: the same rows as rdflib, tests/test_store.py)."""
    out = []
    for query in list_queries(project.queries):
        examples = {p.name: p.example for p in query.params if p.required and p.example}
        out.append((query.name, to_csv(run_local(view, query.text, bind_params(query, examples)))))
    return out


def _validation_line(out: Path, report: Report) -> str:
    return (f"validation: {report.violations} violation(s), {report.warnings} warning(s) "
            f"-> {out / 'validation.txt'}")  # fmt: skip


def _oxigraph_view(dist: Path) -> Any:
    """The graph just built (``dist/hgr-kg.nt``) in an in-memory Oxigraph store, for the canned queries
    (``run_local`` runs them on the store itself)."""
    return memory_store((dist / "hgr-kg.nt").read_bytes())
