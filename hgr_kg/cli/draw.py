"""The figure commands: ``timeline`` (the study's Figure 1, drawn from the graph)."""

from __future__ import annotations

import argparse
from pathlib import Path

from hgr_kg.cli.common import EXIT_OK, add_out_option, emit, graph, project


def add_timeline(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("timeline", help="draw the legislative timeline (the study's Figure 1) as SVG, PDF "
                       "or PNG", description="Draw the legislative timeline from the graph "
                       "(queries/timeline-figure.rq): colour and legend by kind, dates on the figure, "
                       "caption and source line.")  # fmt: skip
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="label language (default en)")
    p.add_argument("-f", "--format", choices=("svg", "pdf", "png"),
                   help="output format (default: from --out's suffix, else svg)")  # fmt: skip
    p.add_argument("--from", dest="start", type=int, default=1998, metavar="YEAR", help="first year (1998)")
    p.add_argument("--to", dest="end", type=int, default=2024, metavar="YEAR", help="last year (2024)")
    p.add_argument("--kinds", metavar="K1,K2", help="only these kinds: law, administrative-regulation, "
                   "departmental-rule, normative-document, draft, judicial, foreign-instrument")  # fmt: skip
    p.add_argument("--size", choices=("column", "slide"), default="column",
                   help="width: one A4 column (3.5 in) or a slide (10 in)")  # fmt: skip
    add_out_option(p, "output file (default: stdout)")
    p.set_defaults(func=run_timeline)


def run_timeline(args: argparse.Namespace) -> int:
    from hgr_kg.draw.timeline import timeline
    from hgr_kg.graph.build import sources_digest

    here = project(args)
    fmt = args.format or (Path(args.out).suffix.lstrip(".") if args.out else "svg")
    kinds = [k.strip() for k in args.kinds.split(",")] if args.kinds else None
    data = timeline(graph(args), here.queries, lang=args.lang, fmt=fmt, size=args.size,
                    start=args.start, end=args.end, kinds=kinds, built=sources_digest(here)[:12])  # fmt: skip
    emit(data, args.out)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    add_timeline(sub)
