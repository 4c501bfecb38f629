"""The main job: build, validate, report, and (as the project grows) every other output."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hgr_kg.atomic import write_file
from hgr_kg.audit import audit
from hgr_kg.audit import render as render_audit
from hgr_kg.audit import summary as audit_summary
from hgr_kg.build import build, sources_digest
from hgr_kg.export import FORMATS as EXPORT_FORMATS
from hgr_kg.export import export
from hgr_kg.export import suffix as export_suffix
from hgr_kg.info import format_info, gather
from hgr_kg.paths import Project
from hgr_kg.queries import bind_params, list_queries, run_local
from hgr_kg.results import to_csv
from hgr_kg.timeline import FORMATS, LANGS, timeline
from hgr_kg.validate import format_report, load_shapes, validate


@dataclass(frozen=True)
class DemoResult:
    conforms: bool
    written: list[Path]


def run_demo(project: Project, dist: Path, out: Path, say: Callable[[str], None]) -> DemoResult:
    """Build into ``dist``, validate, and write the reports into ``out``."""
    result = build(project, dist)
    say(f"built {len(result.graph)} triples into {dist}/")
    written = list(result.files)

    report = validate(result.graph, load_shapes(project.shapes))
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

    queries = list_queries(project.queries)
    for query in queries:
        examples = {p.name: p.example for p in query.params if p.required and p.example}
        table = run_local(result.graph, query.text, bind_params(query, examples))
        target = out / "queries" / f"{query.name}.csv"
        write_file(target, to_csv(table))
        written.append(target)
    say(f"{len(queries)} canned queries -> {out / 'queries'}/")

    version = sources_digest(project)[:12]
    for lang in LANGS:
        for fmt in FORMATS:
            target = out / f"timeline-{lang}.{fmt}"
            write_file(target, timeline(result.graph, project.queries, lang=lang, fmt=fmt, built=version))
            written.append(target)
    say(f"timeline (en, zh; svg, pdf, png) -> {out}/timeline-*")

    for fmt in EXPORT_FORMATS:
        target = out / f"graph.{export_suffix(fmt)}"
        write_file(target, export(result.graph, fmt))
        written.append(target)
    say(f"exports ({', '.join(EXPORT_FORMATS)}) -> {out}/graph.*")

    verdicts = audit(result.graph, project.queries)
    for fmt in ("md", "html"):
        write_file(out / f"audit.{fmt}", render_audit(verdicts, fmt))
        written.append(out / f"audit.{fmt}")
    counts = audit_summary(verdicts)
    say(
        f"audit: {counts['claims']} claims, {counts['reproduced']} reproduced, {counts['differs']} differ, "
        f"{counts['not-derivable']} not derivable -> {out}/audit.md, audit.html"
    )
    return DemoResult(report.conforms, written)
