"""Commands that hand the graph to other tools: ``export`` (network formats) and ``publish`` (a named
graph of a SPARQL server)."""

from __future__ import annotations

import argparse

from hgr_kg.cli.common import EXIT_OK, add_out_option, emit, graph, project, say, seconds, size
from hgr_kg.credentials import PASSWORD_ENV, password
from hgr_kg.inputs import ANSWER


def add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export for Gephi, yEd, Cytoscape, Graphviz or an offline HTML view",
                       description="Export the graph through networkx: nodes are resources (label, "
                       "label_zh, kind, date, colour by kind, sources, and each literal fact as a typed "
                       "attribute: numbers as numbers, dates as ISO text), edges are relations labelled "
                       "with the property's label. For Gephi, --no-sources --no-inverse.")  # fmt: skip
    p.add_argument("-f", "--format", required=True,
                   choices=("graphml", "gexf", "cytoscape", "json", "dot", "html"),
                   help="graphml, gexf, cytoscape (Cytoscape.js), json (node-link), dot, html")  # fmt: skip
    p.add_argument("--subset", choices=("legislation", "law", "statistics", "cases", "all"), default="all",
                   help="which part of the graph (default: all; law: the instruments, every article read "
                   "from the texts, the penalties and the references between articles)")  # fmt: skip
    p.add_argument("--observations", action="store_true",
                   help="keep every statistics observation as a node (default: folded into its data set)")
    p.add_argument("--no-sources", dest="sources", action="store_false",
                   help="leave out the source documents (nodes) and the edges to them")
    p.add_argument("--no-inverse", dest="inverse", action="store_false",
                   help="leave out an edge whose inverse is drawn (has part beside is part of, amended by "
                   "beside amends): one edge per relation, as Gephi's statistics expect")  # fmt: skip
    add_out_option(p, "output file (default: stdout)")
    p.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from hgr_kg.export.networks import export

    data = export(graph(args), args.format, args.subset, args.observations, args.sources, args.inverse)
    emit(data, args.out)
    return EXIT_OK


def add_publish(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("publish", help="load the graph into a named graph of a SPARQL server",
                       description="Load the graph into a staging graph of a SPARQL 1.1 server, check its "
                       "triple count, then MOVE it over the target graph: a failed load leaves the old data "
                       f"intact. The password comes from ${PASSWORD_ENV} or a prompt, never from an "
                       "argument.")  # fmt: skip
    p.add_argument("--endpoint", required=True, metavar="URL", help="SPARQL query endpoint")
    p.add_argument(ANSWER.option, type=size, metavar="SIZE", help=ANSWER.help())
    p.add_argument("--update-endpoint", metavar="URL",
                   help="SPARQL update endpoint (default: the query endpoint; Virtuoso: .../sparql-auth)")
    p.add_argument("--graph", default="https://w3id.org/hgr-kg/graph", metavar="IRI",
                   help="target named graph (default: https://w3id.org/hgr-kg/graph)")  # fmt: skip
    p.add_argument("--user", help=f"user for HTTP Digest/Basic auth (password: ${PASSWORD_ENV} or prompt)")
    p.add_argument("--timeout", type=seconds, default=120, metavar="SECONDS",
                   help="time limit per request (default 120)")  # fmt: skip
    p.set_defaults(func=run_publish)


def run_publish(args: argparse.Namespace) -> int:
    from hgr_kg.export.publish import Server, publish
    from hgr_kg.graph.build import build_graph
    from hgr_kg.query.remote import check_url

    check_url(args.endpoint)  # before a password is asked for
    check_url(args.update_endpoint or args.endpoint, "--update-endpoint")
    server = Server(query=args.endpoint, update=args.update_endpoint or args.endpoint,
                    user=args.user, password=password(args.user), timeout=args.timeout)  # fmt: skip
    result = publish(build_graph(project(args)), server, args.graph, say=say)
    print(f"published {result.triples} triples into <{result.graph}> at {args.endpoint}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    for add in (add_export, add_publish):
        add(sub)
