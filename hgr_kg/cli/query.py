"""Commands that ask the graph: ``query list|show|run`` (the canned queries) and ``sparql`` (a query of
one's own), on the embedded store or a SPARQL endpoint."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hgr_kg.cli import common
from hgr_kg.cli.common import EXIT_OK, Parser, add_out_option, emit, key_values, project, queryable, seconds
from hgr_kg.credentials import PASSWORD_ENV, password
from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import ANSWER


def add_run_options(p: argparse.ArgumentParser) -> None:
    """The options of every command that runs a query: result form, output, and where it runs."""
    from hgr_kg.formats import RESULT_FORMATS

    p.add_argument("-f", "--format", choices=RESULT_FORMATS, default="table",
                   help="table (terminal), csv, json (W3C SPARQL results), md, latex")  # fmt: skip
    add_out_option(p)
    p.add_argument("--raw-csv", action="store_true",
                   help="with -f csv: keep cells that start with = + - @ tab or CR as they are (by default "
                   "they get a leading ' so that a spreadsheet does not run them as formulas; numbers are "
                   "kept)")  # fmt: skip
    p.add_argument("--endpoint", metavar="URL",
                   help="run on this SPARQL endpoint instead of the embedded store")  # fmt: skip
    p.add_argument(ANSWER.option, type=common.size, metavar="SIZE", help=f"with --endpoint: {ANSWER.help()}")
    p.add_argument("--timeout", type=seconds, metavar="SECONDS",
                   help="stop the query after this time (default: none on the embedded store, 30 s on an "
                   "endpoint, for the whole request)")  # fmt: skip
    p.add_argument("--graph", metavar="IRI",
                   help="with --endpoint: query this named graph as the default graph")  # fmt: skip
    p.add_argument("--user", help=f"with --endpoint: user for HTTP Digest/Basic auth (password: "
                   f"${PASSWORD_ENV} or a prompt)")  # fmt: skip
    p.add_argument("--allow-service", action="store_true",
                   help="run SERVICE clauses, requests to other servers (refused by default)")  # fmt: skip


def execute(args: argparse.Namespace, text: str, bindings: dict, origin: str) -> int:
    """Run ``text`` with ``bindings`` where the options say, and write the result form."""
    from hgr_kg.query.results import render

    if args.raw_csv and args.format != "csv":
        raise HgrKgError(f"--raw-csv applies to -f csv only, not -f {args.format}")
    if args.endpoint:
        from hgr_kg.query.remote import DEFAULT_TIMEOUT, check_url, run_remote

        check_url(args.endpoint)  # before a password is asked for
        table = run_remote(args.endpoint, text, bindings, timeout=args.timeout or DEFAULT_TIMEOUT,
                           graph=args.graph, user=args.user, password=password(args.user),
                           allow_service=args.allow_service, origin=origin)  # fmt: skip
    else:
        from hgr_kg.query.canned import run

        if args.user is not None or args.graph is not None:
            raise HgrKgError(f"{'--user' if args.user is not None else '--graph'} goes with --endpoint")
        # on the Oxigraph store the rows stay plain terms: no rdflib from the query to its form
        table = run(queryable(args), text, bindings, timeout=args.timeout,
                    allow_service=args.allow_service, origin=origin)  # fmt: skip
    emit(render(table, args.format, raw_csv=args.raw_csv), args.out)
    return EXIT_OK


def add_query(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("query", help="list, show and run the canned queries of queries/",
                       description="Canned, parameterised SPARQL queries (queries/NAME.rq).")  # fmt: skip
    actions = p.add_subparsers(dest="query_command", metavar="ACTION", parser_class=Parser)
    actions.required = True
    q = actions.add_parser("list", help="name, title and parameters of every canned query",
                           description="List the canned queries with their parameters (name:type, ? marks "
                           "an optional one).")  # fmt: skip
    q.set_defaults(func=run_query_list)
    q = actions.add_parser("show", help="a query's description, parameters and SPARQL",
                           description="Show a canned query's description, parameters and SPARQL.",
                           )  # fmt: skip
    q.add_argument("name")
    q.set_defaults(func=run_query_show)
    q = actions.add_parser("run", help="run a canned query", description="Run a canned query; parameters "
                           "are typed and bound, never pasted into the query text.")  # fmt: skip
    q.add_argument("name")
    q.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE",
                   help="a parameter value (repeatable)")  # fmt: skip
    add_run_options(q)
    q.set_defaults(func=run_query_run)


def run_query_list(args: argparse.Namespace) -> int:
    from hgr_kg.query.canned import query_list_text

    emit(query_list_text(project(args).queries), None)
    return EXIT_OK


def run_query_show(args: argparse.Namespace) -> int:
    from hgr_kg.query.canned import find_query

    query = find_query(project(args).queries, args.name)
    head = [f"{query.name}: {query.summary}", "", query.description, ""]
    for p in query.params:
        need = "required" if p.required else "optional"
        extra = f"; example {p.example}" if p.example else ""
        head.append(f"  --param {p.name}=VALUE  ({p.type}, {need}{extra}) {p.description}")
    emit("\n".join(head) + "\n\n" + query.text, None)
    return EXIT_OK


def run_query_run(args: argparse.Namespace) -> int:
    from hgr_kg.query.canned import bind_params, find_query

    query = find_query(project(args).queries, args.name)
    return execute(args, query.text, bind_params(query, key_values(args.param)), str(query.path))


def add_sparql(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sparql", help="run an ad-hoc SPARQL query from a file or stdin",
                       description="Run an ad-hoc SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) "
                       "from FILE, or - for stdin. Updates are refused.")  # fmt: skip
    p.add_argument("file", metavar="FILE|-")
    add_run_options(p)
    p.set_defaults(func=run_sparql)


def run_sparql(args: argparse.Namespace) -> int:
    from hgr_kg.inputs import SOURCE, read_bounded, read_input

    if args.file == "-":
        data, origin = read_bounded(sys.stdin.buffer, SOURCE, "<stdin>"), "<stdin>"
    else:
        if not Path(args.file).exists():
            raise HgrKgError(f"{args.file}: no such file")
        data, origin = read_input(args.file, SOURCE), args.file
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise HgrKgError(f"{origin}:{line}: not UTF-8 text (byte {err.start + 1})") from None
    return execute(args, text, {}, origin)


def register(sub: argparse._SubParsersAction) -> None:
    for add in (add_query, add_sparql):
        add(sub)
