"""Commands that add sources: ``import permits`` (record-level permit decisions from a CSV) and
``import batch`` (the ministry's published lists of approvals, as HTML, DOCX or PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path

from hgr_kg.cli.common import EXIT_OK, Parser, project, size
from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import IMPORT


def add_import(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import",
                       help="import record-level data (permit decisions) from CSV into data/records/",
                       description="Import record-level data. 'import permits FILE.csv' maps one row per "
                       "permit decision to the graph (see README for the CSV schema).")  # fmt: skip
    kinds = p.add_subparsers(dest="import_command", metavar="KIND", parser_class=Parser)
    kinds.required = True
    q = kinds.add_parser("permits", help="permit decisions, one per CSV row",
                         description="Import permit decisions (one per row) into "
                         "data/records/permits-NAME.nt; "
                         "organisations are reconciled by name or alias to those in the graph.")  # fmt: skip
    q.add_argument("file", metavar="FILE.csv")
    q.add_argument("--source", required=True, help="the document the rows come from (title, URL)")
    q.add_argument("--name", help="collection name (default: from the file name)")
    q.add_argument("--tolerance", default="0", help="relative difference allowed against the official "
                   "aggregates, a fraction from 0 to 1 (default 0)")  # fmt: skip
    q.add_argument("--encoding",
                   help="the CSV's encoding, used strictly (default: UTF-8 with or without BOM, else "
                   "GB18030)")  # fmt: skip
    q.add_argument(IMPORT.option, type=size, metavar="SIZE", help=IMPORT.help())
    q.add_argument("--skip-bad-rows", action="store_true",
                   help="import the good rows of a file that has bad ones, and report the bad")  # fmt: skip
    q.set_defaults(func=run_import_permits)
    add_import_batch(kinds)


def add_import_batch(kinds: argparse._SubParsersAction) -> None:
    q = kinds.add_parser("batch", help="the ministry's published lists of approvals (HTML, DOCX, PDF)",
                         description="Import the published lists 中国人类遗传资源行政许可事项YYYY年第N批"
                         "审批结果 as they are published (HTML, DOCX or PDF), one record collection per "
                         "batch in data/records/batch-YYYY-NN.nt; the batch (title, year, number, file "
                         "SHA-256) is each decision's source. See docs/guide-import.md.")  # fmt: skip
    q.add_argument("files", nargs="+", metavar="FILE")
    q.add_argument("--year", help="the batch's year, when the file states no title (one FILE only)")
    q.add_argument("--batch", help="the batch's number N (第N批), with --year")
    q.add_argument("--tolerance", default="0", help="relative difference allowed against the official "
                   "aggregates, a fraction from 0 to 1 (default 0)")  # fmt: skip
    q.add_argument(IMPORT.option, type=size, metavar="SIZE", help=IMPORT.help())
    q.set_defaults(func=run_import_batch)


def whole(value: str | None, option: str, low: int, high: int) -> int | None:
    """``value`` as a whole number from ``low`` to ``high`` (None stays None)."""
    if value is None:
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit() and low <= int(text) <= high):
        raise HgrKgError(f"{option} {value!r}: a whole number from {low} to {high}")
    return int(text)


def fraction(value: str, option: str) -> float:
    from hgr_kg.sources.records import check_tolerance

    try:
        number = float(value)
    except ValueError:
        raise HgrKgError(f"{option} {value!r}: the tolerance is a fraction from 0 to 1 (0.05 = 5%)") from None
    return check_tolerance(number, option)


def run_import_permits(args: argparse.Namespace) -> int:
    from hgr_kg.graph.build import assemble
    from hgr_kg.sources.records import import_permits

    here = project(args)
    tolerance = fraction(args.tolerance, "--tolerance")
    # organisations are reconciled to the curated graph only: record files are not parsed, and the
    # statute texts' triples (which name no organisation) are not put into rdflib
    curated = assemble(here.curated_sources()).graph
    target, report = import_permits(Path(args.file), here.data / "records", curated,
                                    source=args.source, name=args.name, tolerance=tolerance,
                                    skip_bad_rows=args.skip_bad_rows, encoding=args.encoding)  # fmt: skip
    print(f"imported {report.imported} of {report.rows} rows (read as {report.encoding}) into {target} "
          f"({report.reconciled} organisation references reconciled, {report.new_organisations} new)")
    for line, reason in report.skipped:
        print(f"skipped {args.file}:{line}: {reason}")
    for line, number, there, file in report.overlaps:
        where = f"{Path(args.file).name}:{line}"
        print(f"already imported: {where}: decision_number {number!r} is {there!r} in {file}")
    return EXIT_OK


def run_import_batch(args: argparse.Namespace) -> int:
    from hgr_kg.graph.build import assemble
    from hgr_kg.sources.batch import import_batches

    here = project(args)
    tolerance = fraction(args.tolerance, "--tolerance")
    year, number = whole(args.year, "--year", 1998, 2100), whole(args.batch, "--batch", 1, 999)
    curated = assemble(here.curated_sources()).graph  # as import permits: names reconciled to it
    reports = import_batches([Path(f) for f in args.files], here.data / "records", curated, year, number,
                             tolerance)  # fmt: skip
    for report in reports:
        counts = ", ".join(f"{category} {n}" for category, n in sorted(report.categories.items()))
        title = report.batch.title or "no title in the file"
        print(f"imported {report.imported} decisions ({counts}) of {title} (batch {report.batch.year}-"
              f"{report.batch.number}, read as {report.read_as}) into {report.target} ({report.reconciled} "
              f"organisation references reconciled, {report.new_organisations} new)")  # fmt: skip
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    add_import(sub)
