"""Commands that check: ``validate`` (SHACL) and ``audit`` (the study's claims)."""

from __future__ import annotations

import argparse
from pathlib import Path

from hgr_kg.cli.common import EXIT_NONCONFORM, EXIT_OK, add_out_option, emit, graph, project
from hgr_kg.errors import HgrKgError


def add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check the graph against the SHACL shapes",
                       description="Validate the built graph (plus any FILEs given) against "
                       "ontology/shapes.ttl. Exit 0: no violations; 1: violations; 2: error.")  # fmt: skip
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="extra Turtle or CSVW files to add to the graph before validating")  # fmt: skip
    p.add_argument("-f", "--format", choices=("text", "turtle", "json"), default="text",
                   help="report format (default: text, one line per result)")  # fmt: skip
    p.add_argument("-s", "--shapes", help="shapes file (default: ontology/shapes.ttl)")
    add_out_option(p, "write the report here (default: stdout)")
    p.set_defaults(func=run_validate)


def run_validate(args: argparse.Namespace) -> int:
    from hgr_kg.validate.shacl import format_report, load_shapes, validate_project

    here = project(args)
    shapes = load_shapes(Path(args.shapes) if args.shapes else here.shapes)
    extra = [Path(name) for name in args.files]
    for path in extra:
        if not path.is_file():
            raise HgrKgError(f"{path}: no such file")
    # the FILEs join the curated graph; record-level files are validated incrementally
    report = validate_project(here, shapes, here.root / "dist" / "validation-cache.json", extra)
    emit(format_report(report, args.format), args.out)
    return EXIT_OK if report.conforms else EXIT_NONCONFORM


def add_audit(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="check the study's claims against the graph: reproduced, differs, "
                       "not derivable", description="Recompute every claim of the study (data/claims.ttl) "
                       "from the graph and give the stated value, the recomputed value and a verdict, "
                       "with summary counts; where imported permit records cover a year, their totals "
                       "beside Table 1.")  # fmt: skip
    p.add_argument("-f", "--format", choices=("md", "json", "html"), default="md",
                   help="md (default), json, html")  # fmt: skip
    add_out_option(p, "output file (default: stdout)")
    p.set_defaults(func=run_audit)


def run_audit(args: argparse.Namespace) -> int:
    from hgr_kg.validate.audit import audit, render
    from hgr_kg.validate.audit_records import record_coverage

    engine = graph(args)
    emit(render(audit(engine, project(args).queries), args.format, record_coverage(engine)), args.out)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    for add in (add_validate, add_audit):
        add(sub)
