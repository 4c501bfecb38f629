"""The ``hgr-kg`` command: parses arguments and calls the library. Exit codes: 0 success (or
conforms), 1 does not conform, 2 usage or input error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hgr_kg import __version__
from hgr_kg.errors import HgrKgError

if TYPE_CHECKING:  # rdflib takes ~0.3 s to import: only the commands that need it load it
    from rdflib import Graph

EXIT_OK, EXIT_NONCONFORM, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 with usage: keep that, one line
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def output_file(text: str) -> str:
    """The type of every ``-o``: a file name, or - for stdout; a target that is not (or cannot be)
    a regular file is refused here, before any work, and again when written."""
    from hgr_kg.atomic import resolve_target

    if text != "-":
        try:
            resolve_target(text, text or "''")  # argparse names the option
        except HgrKgError as err:
            raise argparse.ArgumentTypeError(str(err)) from None
    return text


def _out_name(out: str) -> str:
    return f"-o {out}" if out else "-o ''"


def _emit(data: str | bytes, out: str | None) -> None:
    """Write text or bytes to ``out`` atomically, or to stdout when ``out`` is None or '-'."""
    from hgr_kg.atomic import write_file

    if out in (None, "-"):
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
    else:
        write_file(Path(out), data, name=_out_name(out))


def _add_out_option(p: argparse.ArgumentParser, help: str = "write here (default: stdout)") -> None:
    p.add_argument("-o", "--out", type=output_file, metavar="FILE", help=help)


def _add_law_output_options(p: argparse.ArgumentParser) -> None:
    """``-f`` and ``-o`` of the commands that print statute text (``text``, ``diff``)."""
    p.add_argument("-f", "--format", choices=("text", "md", "html", "json"), default="text",
                   help="text (default), md, html, json")  # fmt: skip
    _add_out_option(p)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _project(args: argparse.Namespace):  # noqa: ANN202
    from hgr_kg.paths import Project

    return Project.locate(args.root)


def _graph(args: argparse.Namespace) -> Graph:
    """The project's graph in the chosen store (--store; Oxigraph by default)."""
    from hgr_kg.graph.store import open_graph

    return open_graph(_project(args), args.store)


def _graph_with(args: argparse.Namespace, extra: Sequence[str]) -> Graph:
    from hgr_kg.graph.build import build_graph, load_source

    graph = build_graph(_project(args))
    for name in extra:
        path = Path(name)
        if not path.is_file():
            raise HgrKgError(f"{name}: no such file")
        load_source(path, graph)
    return graph


def cmd_build(args: argparse.Namespace) -> int:
    from hgr_kg.graph.build import build

    result = build(_project(args), Path(args.out))
    for name, count in result.counts:
        print(f"{count:6d}  {name}")
    print(f"{result.triples:6d}  triples")
    _say("wrote " + ", ".join(str(p) for p in result.files))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from hgr_kg.validate.shacl import format_report, load_shapes, validate_project

    project = _project(args)
    shapes = load_shapes(Path(args.shapes) if args.shapes else project.shapes)
    extra = [Path(name) for name in args.files]
    for path in extra:
        if not path.is_file():
            raise HgrKgError(f"{path}: no such file")
    # the FILEs join the curated graph; record-level files are validated incrementally
    report = validate_project(project, shapes, project.root / "dist" / "validation-cache.json", extra)
    _emit(format_report(report, args.format), args.out)
    return EXIT_OK if report.conforms else EXIT_NONCONFORM


def cmd_info(args: argparse.Namespace) -> int:
    from hgr_kg.graph.info import format_info, gather

    project = _project(args)
    _emit(format_info(gather(_graph_with(args, []), project, Path(args.dist))), args.out)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from hgr_kg.demo import run_demo

    result = run_demo(_project(args), Path(args.dist), Path(args.out), _say)
    return EXIT_OK if result.conforms else EXIT_NONCONFORM


def _key_values(pairs: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise HgrKgError(f"--param {pair!r}: expected KEY=VALUE")
        if key in values:
            raise HgrKgError(f"--param {key} given twice")
        values[key] = value
    return values


def _execute(args: argparse.Namespace, text: str, bindings: dict, origin: str) -> int:
    from hgr_kg.query.results import render

    if args.raw_csv and args.format != "csv":
        raise HgrKgError(f"--raw-csv applies to -f csv only, not -f {args.format}")
    if args.endpoint:
        from hgr_kg.query.remote import DEFAULT_TIMEOUT, check_url, run_remote

        check_url(args.endpoint)  # before a password is asked for
        table = run_remote(args.endpoint, text, bindings, timeout=args.timeout or DEFAULT_TIMEOUT,
                           graph=args.graph, user=args.user, password=_password(args.user),
                           allow_service=args.allow_service, origin=origin)  # fmt: skip
    else:
        from hgr_kg.query.canned import run_local

        if args.user is not None or args.graph is not None:
            raise HgrKgError(f"{'--user' if args.user is not None else '--graph'} goes with --endpoint")
        table = run_local(_graph(args), text, bindings, timeout=args.timeout,
                          allow_service=args.allow_service, origin=origin)  # fmt: skip
    _emit(render(table, args.format, raw_csv=args.raw_csv), args.out)
    return EXIT_OK


def cmd_query_list(args: argparse.Namespace) -> int:
    from hgr_kg.query.canned import list_queries

    lines = []
    for query in list_queries(_project(args).queries):
        params = ", ".join(f"{p.name}:{p.type}{'' if p.required else '?'}" for p in query.params)
        lines.append(f"{query.name:20s} {query.summary}" + (f"  [{params}]" if params else ""))
    _emit("\n".join(lines) + "\n", None)
    return EXIT_OK


def cmd_query_show(args: argparse.Namespace) -> int:
    from hgr_kg.query.canned import find_query

    query = find_query(_project(args).queries, args.name)
    head = [f"{query.name}: {query.summary}", "", query.description, ""]
    for p in query.params:
        need = "required" if p.required else "optional"
        extra = f"; example {p.example}" if p.example else ""
        head.append(f"  --param {p.name}=VALUE  ({p.type}, {need}{extra}) {p.description}")
    _emit("\n".join(head) + "\n\n" + query.text, None)
    return EXIT_OK


def cmd_query_run(args: argparse.Namespace) -> int:
    from hgr_kg.query.canned import bind_params, find_query

    query = find_query(_project(args).queries, args.name)
    return _execute(args, query.text, bind_params(query, _key_values(args.param)), str(query.path))


def cmd_sparql(args: argparse.Namespace) -> int:
    if args.file == "-":
        data, origin = sys.stdin.buffer.read(), "<stdin>"
    else:
        path = Path(args.file)
        if not path.is_file():
            raise HgrKgError(f"{args.file}: no such file")
        try:
            data, origin = path.read_bytes(), args.file
        except OSError as err:
            raise HgrKgError(f"{args.file}: cannot read: {err.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise HgrKgError(f"{origin}:{line}: not UTF-8 text (byte {err.start + 1})") from None
    return _execute(args, text, {}, origin)


def _seconds(value: str) -> float:
    """A time limit: a positive number of seconds."""
    import math

    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number of seconds")
    return seconds


def _add_run_options(p: argparse.ArgumentParser) -> None:
    from hgr_kg.formats import RESULT_FORMATS as FORMATS

    p.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        default="table",
        help="table (terminal), csv, json (W3C SPARQL results), md, latex",
    )
    _add_out_option(p)
    p.add_argument(
        "--raw-csv",
        action="store_true",
        help="with -f csv: keep cells that start with = + - @ tab or CR as they are (by default they "
        "get a leading ' so that a spreadsheet does not run them as formulas; numbers are kept)",
    )
    p.add_argument(
        "--endpoint", metavar="URL", help="run on this SPARQL endpoint instead of the embedded store"
    )
    p.add_argument("--timeout", type=_seconds, metavar="SECONDS",
                   help="stop the query after this time (default: none on the embedded store, 30 s on an "
                   "endpoint, for the whole request)")  # fmt: skip
    p.add_argument(
        "--graph", metavar="IRI", help="with --endpoint: query this named graph as the default graph"
    )
    p.add_argument("--user", help=f"with --endpoint: user for HTTP Digest/Basic auth (password: "
                   f"${PASSWORD_ENV} or a prompt)")  # fmt: skip
    p.add_argument("--allow-service", action="store_true",
                   help="run SERVICE clauses, requests to other servers (refused by default)")  # fmt: skip


def _data_version(args: argparse.Namespace) -> str:
    from hgr_kg.graph.build import sources_digest

    return sources_digest(_project(args))[:12]


def cmd_timeline(args: argparse.Namespace) -> int:
    from hgr_kg.draw.timeline import timeline

    project = _project(args)
    fmt = args.format or (Path(args.out).suffix.lstrip(".") if args.out else "svg")
    kinds = [k.strip() for k in args.kinds.split(",")] if args.kinds else None
    data = timeline(_graph(args), project.queries, lang=args.lang, fmt=fmt, size=args.size,
                    start=args.start, end=args.end, kinds=kinds, built=_data_version(args))  # fmt: skip
    _emit(data, args.out)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from hgr_kg.export.networks import export

    data = export(_graph(args), args.format, args.subset, args.observations)
    _emit(data, args.out)
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from hgr_kg.validate.audit import audit, render

    project = _project(args)
    _emit(render(audit(_graph(args), project.queries), args.format), args.out)
    return EXIT_OK


def _fraction(value: str, option: str) -> float:
    from hgr_kg.sources.records import check_tolerance

    try:
        number = float(value)
    except ValueError:
        raise HgrKgError(f"{option} {value!r}: the tolerance is a fraction from 0 to 1 (0.05 = 5%)") from None
    return check_tolerance(number, option)


def cmd_import_permits(args: argparse.Namespace) -> int:
    from hgr_kg.graph.build import read_sources
    from hgr_kg.sources.records import import_permits

    project = _project(args)
    tolerance = _fraction(args.tolerance, "--tolerance")
    # organisations are reconciled to the curated graph only: record files are not parsed
    curated = read_sources(project.curated_sources())
    target, report = import_permits(Path(args.file), project.data / "records", curated,
                                    source=args.source, name=args.name, tolerance=tolerance,
                                    skip_bad_rows=args.skip_bad_rows, encoding=args.encoding)  # fmt: skip
    print(
        f"imported {report.imported} of {report.rows} rows (read as {report.encoding}) into {target} "
        f"({report.reconciled} organisation references reconciled, {report.new_organisations} new)"
    )
    for line, reason in report.skipped:
        print(f"skipped {args.file}:{line}: {reason}")
    for line, number, there, file in report.overlaps:
        where = f"{Path(args.file).name}:{line}"
        print(f"already imported: {where}: decision_number {number!r} is {there!r} in {file}")
    return EXIT_OK


def cmd_text(args: argparse.Namespace) -> int:
    from hgr_kg.read.law import parse_day, render_text, text_on

    version, found = text_on(_graph(args), args.instrument, parse_day(args.on, "--on"), args.article)
    _emit(render_text(version, found, args.format), args.out)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from hgr_kg.read.law import diff, parse_day, render_diff

    start, end = parse_day(args.start, "--from"), parse_day(args.end, "--to")
    _emit(render_diff(diff(_graph(args), args.instrument, start, end), args.format), args.out)
    return EXIT_OK


PASSWORD_ENV = "HGR_KG_PASSWORD"  # the same as hgr_kg.query.remote.PASSWORD_ENV (kept light: no import)


def _password(user: str | None) -> str | None:
    """The password for ``user``: from $HGR_KG_PASSWORD, else a prompt that does not echo."""
    import getpass
    import os

    if user is None:
        return None
    if os.environ.get(PASSWORD_ENV) is not None:
        return os.environ[PASSWORD_ENV]
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"password for {user}: ")
    raise HgrKgError(f"--user {user}: set {PASSWORD_ENV} (passwords are never taken as arguments)")


def cmd_search(args: argparse.Namespace) -> int:
    from hgr_kg.read.search import format_hits, search

    hits = search(_project(args), args.words, on=args.on, instrument=args.instrument)
    _emit(format_hits(hits, args.format, args.words, args.on), args.out)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from hgr_kg.export.publish import Server, publish
    from hgr_kg.graph.build import build_graph
    from hgr_kg.query.remote import check_url

    check_url(args.endpoint)  # before a password is asked for
    check_url(args.update_endpoint or args.endpoint, "--update-endpoint")
    server = Server(query=args.endpoint, update=args.update_endpoint or args.endpoint,
                    user=args.user, password=_password(args.user), timeout=args.timeout)  # fmt: skip
    result = publish(build_graph(_project(args)), server, args.graph, say=_say)
    print(f"published {result.triples} triples into <{result.graph}> at {args.endpoint}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="hgr-kg", description=__doc__.split("\n")[0].strip())
    parser.add_argument("--version", action="version", version=f"hgr-kg {__version__}")
    parser.add_argument(
        "--root",
        help="project folder with ontology/, data/, queries/ "
        "(default: $HGR_KG_ROOT, this checkout, or the current folder)",
    )
    parser.add_argument(
        "--store",
        choices=("oxigraph", "memory"),
        default="oxigraph",
        help="embedded store for queries, audit, timeline and export: oxigraph (persistent in "
        "dist/store, rebuilt when a source changes; the default) or memory (rdflib)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser(
        "build",
        help="merge ontology and data; write dist/hgr-kg.{ttl,nt,jsonld}",
        description="Merge ontology and data into one graph and write it as "
        "Turtle, N-Triples and JSON-LD, atomically; print counts by class.",
    )
    p.add_argument("--out", default="dist", help="output folder (default: dist)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "validate",
        help="check the graph against the SHACL shapes",
        description="Validate the built graph (plus any FILEs given) against "
        "ontology/shapes.ttl. Exit 0: no violations; 1: violations; 2: error.",
    )
    p.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="extra Turtle or CSVW files to add to the graph before validating",
    )
    p.add_argument(
        "-f",
        "--format",
        choices=("text", "turtle", "json"),
        default="text",
        help="report format (default: text, one line per result)",
    )
    p.add_argument("-s", "--shapes", help="shapes file (default: ontology/shapes.ttl)")
    _add_out_option(p, "write the report here (default: stdout)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "info",
        help="counts by class, sources, last build",
        description="Show how many resources of each class the graph holds, "
        "the source documents with their number of citations, and the last build.",
    )
    p.add_argument("--dist", default="dist", help="build folder to inspect (default: dist)")
    _add_out_option(p)
    p.set_defaults(func=cmd_info)

    p = sub.add_parser(
        "demo",
        help="the main job: build, validate, info (and every output)",
        description="Run the main job on the embedded store: build into dist/, "
        "validate, and write the reports into out/.",
    )
    p.add_argument("--dist", default="dist", help="build folder (default: dist)")
    p.add_argument("--out", default="out", help="output folder (default: out)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "query",
        help="list, show and run the canned queries of queries/",
        description="Canned, parameterised SPARQL queries (queries/NAME.rq).",
    )
    qsub = p.add_subparsers(dest="query_command", metavar="ACTION", parser_class=_Parser)
    qsub.required = True
    q = qsub.add_parser(
        "list",
        help="name, title and parameters of every canned query",
        description="List the canned queries with their parameters (name:type, ? marks an optional one).",
    )
    q.set_defaults(func=cmd_query_list)
    q = qsub.add_parser(
        "show",
        help="a query's description, parameters and SPARQL",
        description="Show a canned query's description, parameters and SPARQL.",
    )
    q.add_argument("name")
    q.set_defaults(func=cmd_query_show)
    q = qsub.add_parser(
        "run",
        help="run a canned query",
        description="Run a canned query; parameters are typed and bound, never pasted into the query text.",
    )
    q.add_argument("name")
    q.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a parameter value (repeatable)",
    )
    _add_run_options(q)
    q.set_defaults(func=cmd_query_run)

    p = sub.add_parser(
        "timeline",
        help="draw the legislative timeline (the study's Figure 1) as SVG, PDF or PNG",
        description="Draw the legislative timeline from the graph (queries/timeline-figure.rq): "
        "colour and legend by kind, dates on the figure, caption and source line.",
    )
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="label language (default en)")
    p.add_argument("-f", "--format", choices=("svg", "pdf", "png"),
                   help="output format (default: from --out's suffix, else svg)")  # fmt: skip
    p.add_argument("--from", dest="start", type=int, default=1998, metavar="YEAR", help="first year (1998)")
    p.add_argument("--to", dest="end", type=int, default=2024, metavar="YEAR", help="last year (2024)")
    p.add_argument("--kinds", metavar="K1,K2", help="only these kinds: law, administrative-regulation, "
                   "departmental-rule, normative-document, draft, judicial, foreign-instrument")  # fmt: skip
    p.add_argument("--size", choices=("column", "slide"), default="column",
                   help="width: one A4 column (3.5 in) or a slide (10 in)")  # fmt: skip
    _add_out_option(p, "output file (default: stdout)")
    p.set_defaults(func=cmd_timeline)

    p = sub.add_parser(
        "export",
        help="export for Gephi, yEd, Cytoscape, Graphviz or an offline HTML view",
        description="Export the graph through networkx: nodes are resources (label, label_zh, kind, "
        "date, colour by kind, facts and sources as attributes), edges are relations.",
    )
    p.add_argument("-f", "--format", required=True,
                   choices=("graphml", "gexf", "cytoscape", "json", "dot", "html"),
                   help="graphml, gexf, cytoscape (Cytoscape.js), json (node-link), dot, html")  # fmt: skip
    p.add_argument("--subset", choices=("legislation", "statistics", "cases", "all"), default="all",
                   help="which part of the graph (default: all)")  # fmt: skip
    p.add_argument(
        "--observations",
        action="store_true",
        help="keep every statistics observation as a node (default: folded into its data set)",
    )
    _add_out_option(p, "output file (default: stdout)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "audit",
        help="check the study's claims against the graph: reproduced, differs, not derivable",
        description="Recompute every claim of the study (data/claims.ttl) from the graph and give "
        "the stated value, the recomputed value and a verdict, with summary counts.",
    )
    p.add_argument("-f", "--format", choices=("md", "json", "html"), default="md",
                   help="md (default), json, html")  # fmt: skip
    _add_out_option(p, "output file (default: stdout)")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser(
        "import",
        help="import record-level data (permit decisions) from CSV into data/records/",
        description="Import record-level data. 'import permits FILE.csv' maps one row per permit "
        "decision to the graph (see README for the CSV schema).",
    )
    isub = p.add_subparsers(dest="import_command", metavar="KIND", parser_class=_Parser)
    isub.required = True
    q = isub.add_parser(
        "permits",
        help="permit decisions, one per CSV row",
        description="Import permit decisions (one per row) into data/records/permits-NAME.nt; "
        "organisations are reconciled by name or alias to those in the graph.",
    )
    q.add_argument("file", metavar="FILE.csv")
    q.add_argument("--source", required=True, help="the document the rows come from (title, URL)")
    q.add_argument("--name", help="collection name (default: from the file name)")
    q.add_argument(
        "--tolerance",
        default="0",
        help="relative difference allowed against the official aggregates, a fraction from 0 to 1 "
        "(default 0)",
    )
    q.add_argument(
        "--encoding",
        help="the CSV's encoding, used strictly (default: UTF-8 with or without BOM, else GB18030)",
    )
    q.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the good rows of a file that has bad ones, and report the bad",
    )
    q.set_defaults(func=cmd_import_permits)

    p = sub.add_parser(
        "publish",
        help="load the graph into a named graph of a SPARQL server",
        description="Load the graph into a staging graph of a SPARQL 1.1 server, check its triple "
        "count, then MOVE it over the target graph: a failed load leaves the old data intact. "
        f"The password comes from ${PASSWORD_ENV} or a prompt, never from an argument.",
    )
    p.add_argument("--endpoint", required=True, metavar="URL", help="SPARQL query endpoint")
    p.add_argument(
        "--update-endpoint",
        metavar="URL",
        help="SPARQL update endpoint (default: the query endpoint; Virtuoso: .../sparql-auth)",
    )
    p.add_argument(
        "--graph",
        default="https://w3id.org/hgr-kg/graph",
        metavar="IRI",
        help="target named graph (default: https://w3id.org/hgr-kg/graph)",
    )
    p.add_argument("--user", help=f"user for HTTP Digest/Basic auth (password: ${PASSWORD_ENV} or prompt)")
    p.add_argument("--timeout", type=_seconds, default=120, metavar="SECONDS",
                   help="time limit per request (default 120)")  # fmt: skip
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser(
        "text",
        help="the Chinese text of an instrument as it stood on a date",
        description="Print the version of INSTRUMENT (a work id: rmhgr, biosecurity-law, criminal-law, "
        "civil-code, implementation-rules-2023 ...) in force on DATE, with its chapter headings and "
        "each article's printed number; articles whose text was not read are marked so.",
    )
    p.add_argument("instrument", metavar="INSTRUMENT")
    p.add_argument("--on", metavar="DATE", help="the day (YYYY-MM-DD; default: today)")
    p.add_argument("--article", metavar="N", help="only this article (normalised number: 37, 334-1)")
    _add_law_output_options(p)
    p.set_defaults(func=cmd_text)

    p = sub.add_parser(
        "diff",
        help="what changed in an instrument between two dates",
        description="Compare the versions of INSTRUMENT in force on two dates: articles added, removed "
        "and changed, with a character-level diff of the Chinese text ([-old-]{+new+}).",
    )
    p.add_argument("instrument", metavar="INSTRUMENT")
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help="the earlier day (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="the later day (YYYY-MM-DD)")
    _add_law_output_options(p)
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser(
        "sparql",
        help="run an ad-hoc SPARQL query from a file or stdin",
        description="Run an ad-hoc SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) "
        "from FILE, or - for stdin. Updates are refused.",
    )
    p.add_argument("file", metavar="FILE|-")
    _add_run_options(p)
    p.set_defaults(func=cmd_sparql)
    p = sub.add_parser(
        "search",
        help="articles whose Chinese text or English paraphrase contains the words",
        description="Search the statute texts (data/texts/): the articles whose Chinese text, or English "
        "paraphrase, contains every word (Chinese by substring: 出境 finds 携带出境), ranked by number of "
        "matches, with the passage around the first match and the line of the file.",
    )
    p.add_argument("words", nargs="+", metavar="WORD")
    p.add_argument("--on", metavar="DATE", help="only the versions in force on DATE (YYYY-MM-DD)")
    p.add_argument("--instrument", metavar="I", help="only this work (rmhgr) or version (rmhgr-2019)")
    p.add_argument("-f", "--format", choices=("table", "json", "md"), default="table")
    _add_out_option(p)
    p.set_defaults(func=cmd_search)
    return parser


def _run(argv: Sequence[str] | None) -> int:
    from hgr_kg.interrupt import EXIT_INTERRUPTED, INTERRUPTED, watchdog

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with watchdog():
            return int(args.func(args))
    except HgrKgError as err:
        print(f"hgr-kg: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (tests call this in-process with ``argv``).
    Ctrl-C stops any command within about a second and a half, with exit code 130. Run as the
    process's own command (no ``argv``), it ends the process at once when a query abandoned at its
    time limit or on Ctrl-C still runs: the interpreter's exit would wait for it to free its memory."""
    from hgr_kg.interrupt import abandoned, exit_now

    code = _run(argv)
    if argv is None and abandoned():
        exit_now(code)
    return code
