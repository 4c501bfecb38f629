"""Commands that add sources: ``import permits`` (record-level permit decisions from a CSV), ``import
batch`` (the ministry's published lists of approvals, as HTML, DOCX or PDF) and ``add text`` (an official
text from a DOCX, PDF or HTML file, into data/texts)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hgr_kg.cli.common import EXIT_OK, Parser, output_file, project, size
from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import IMPORT, OFFICIAL


def add_import(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import",
                       help="import record-level data (permit decisions) from CSV into data/records/",
                       description="Import record-level data. 'import permits FILE.csv' maps one row per "
                       "permit decision to the graph (the CSV schema: docs/guide-import.md).")  # fmt: skip
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


def add_add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("add", help="add an official text (DOCX, PDF, HTML) to data/texts/",
                       description="Add a source file. 'add text FILE' reads an official text the "
                       "user downloaded into a data/texts file, after checking it against the text "
                       "held.")  # fmt: skip
    kinds = p.add_subparsers(dest="add_command", metavar="KIND", parser_class=Parser)
    kinds.required = True
    q = kinds.add_parser("text", help="an official text of a version, from a DOCX, PDF or HTML file",
                         description="Read FILE (DOCX, PDF or HTML) into data/texts/VERSION.md with its "
                         "header (the URL given, the file's sha256, the date read), parse it, and check "
                         "it against the text the project holds of VERSION: every article in both must "
                         "be equal after folding punctuation widths and removing white space. A "
                         "difference is reported article by article and refused unless --reason is "
                         "given. Then run 'hgr-kg build'. See docs/guide-add-text.md.")  # fmt: skip
    q.add_argument("file", metavar="FILE")
    q.add_argument("--version", dest="text_version", required=True, metavar="ID",
                   help="the version's id in data/instruments.ttl (rmhgr-2019, implementation-rules-2023)")
    q.add_argument("--instrument", metavar="ID", help="the instrument's id (checked against the version's)")
    q.add_argument("--source-url", required=True, metavar="URL",
                   help="the http(s) page the file was downloaded from (recorded; nothing is fetched)")
    q.add_argument("--reason", help="accept a text whose articles differ from the text held, for this "
                   "reason (recorded in the header)")  # fmt: skip
    q.add_argument("--replace", action="store_true",
                   help="replace the file that holds the version (its articles are the comparison)")
    q.add_argument("-o", "--out", type=output_file, metavar="PATH",
                   help="write here (default: data/texts/VERSION.md, or the file that holds the version)")
    q.add_argument("--kind", choices=("docx", "pdf", "html"), help="the file's kind (default: its extension)")
    q.add_argument("--encoding", help="an HTML page's encoding (default: its BOM, its meta charset, UTF-8, "
                   "else GB18030)")  # fmt: skip
    q.add_argument("--first", metavar="TEXT", help="keep the lines from the first one opening with TEXT "
                   "(leave out the page chrome before the text)")  # fmt: skip
    q.add_argument("--last", metavar="TEXT", help="keep the lines up to the first one opening with TEXT "
                   "(leave out what follows the text)")  # fmt: skip
    q.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    q.add_argument(OFFICIAL.option, type=size, metavar="SIZE", help=OFFICIAL.help())
    q.set_defaults(func=run_add_text)


def run_add_text(args: argparse.Namespace) -> int:
    from hgr_kg.sources.addtext import Given, TextRefused, add_text, mentions
    from hgr_kg.sources.statutes import numbering_problems

    here = project(args)
    given = Given(Path(args.file), args.text_version, args.source_url, instrument=args.instrument,
                  reason=args.reason, out=Path(args.out) if args.out else None, replace=args.replace,
                  kind=args.kind, encoding=args.encoding, first=args.first, last=args.last,
                  dry_run=args.dry_run)  # fmt: skip
    try:
        added = add_text(here, given)
    except TextRefused as refused:
        for line in refused.problems:
            print(line, file=sys.stderr)
        raise
    result = added.comparison
    verb = "wrote" if added.written else "would write (--dry-run)"
    print(f"{verb} {added.target}: {len(added.statute.articles)} articles read from {args.file} "
          f"({added.read.kind}, {added.read.reader})")  # fmt: skip
    held = added.held.name if added.held else "no text held"
    print(f"against {held}: {len(result.equal)} equal, {len(result.differing)} differing, "
          f"{len(result.missing)} missing, {len(result.new)} new")  # fmt: skip
    for mismatch in result.differing:
        print(f"accepted (--reason): {mismatch.line()}")
    if not added.written and added.target.exists() and not args.replace:
        print(f"notice: {added.target} exists: writing it needs --replace")
    for line in added.dates_dropped + numbering_problems(added.statute):
        print(f"notice: {line}")
    if added.written and added.held is not None:
        for name in mentions(here, added.held.name):
            print(f"notice: {name} mentions data/texts/{added.held.name} (line numbers?); check it against "
                  "the new file")
    if added.written:
        print("run 'hgr-kg build' to put it into the graph")
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
    add_add(sub)
