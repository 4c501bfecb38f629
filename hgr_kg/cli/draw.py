"""The figure commands: ``timeline`` (the study's Figure 1 with periods in force, drawn from the graph)."""

from __future__ import annotations

import argparse
from pathlib import Path

from hgr_kg.cli.common import EXIT_OK, add_out_option, emit, graph, project


def add_timeline(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("timeline", help="draw the legislative timeline (the study's Figure 1) as SVG, PDF "
                       "or PNG", description="Draw the legislative timeline from the graph "
                       "(queries/timeline-figure.rq and timeline-dates.rq): one row per instrument, marked "
                       "at its promulgation, with its entry into force, each version's period in force and "
                       "the acts amending it; colour by kind, a legend, numbered notes, a source "
                       "line.")  # fmt: skip
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="label language (default en)")
    p.add_argument("-f", "--format", choices=("svg", "pdf", "png"),
                   help="output format (default: from --out's suffix, else svg)")  # fmt: skip
    p.add_argument("--from", dest="start", type=int, default=1998, metavar="YEAR", help="first year (1998)")
    p.add_argument("--to", dest="end", type=int, default=2024, metavar="YEAR", help="last year (2024)")
    p.add_argument("--kinds", metavar="K1,K2", help="only these kinds: law, administrative-regulation, "
                   "departmental-rule, normative-document, draft, judicial, foreign-instrument")  # fmt: skip
    p.add_argument("--orientation", choices=("vertical", "horizontal"), default="vertical",
                   help="vertical: one A4 column wide (3.5 in), as tall as needed; horizontal: a 16:9 slide "
                   "(13.33 x 7.5 in)")  # fmt: skip
    p.add_argument("--dates", choices=("both", "promulgated", "in-force"), default="both",
                   help="what the marks show: promulgation (adoption where no promulgation is recorded), "
                   "entry into force and periods in force, or both (default)")  # fmt: skip
    # --size column|slide, the old name of --orientation, still works (not shown in --help)
    p.add_argument("--size", choices=("column", "slide"), help=argparse.SUPPRESS)
    add_out_option(p, "output file (default: stdout)")
    p.set_defaults(func=run_timeline)


def run_timeline(args: argparse.Namespace) -> int:
    from hgr_kg.draw.timeline import timeline
    from hgr_kg.graph.build import sources_digest

    here = project(args)
    fmt = args.format or (Path(args.out).suffix.lstrip(".") if args.out else "svg")
    kinds = [k.strip() for k in args.kinds.split(",")] if args.kinds else None
    orientation = {"column": "vertical", "slide": "horizontal"}.get(args.size, args.orientation)
    data = timeline(graph(args), here.queries, lang=args.lang, fmt=fmt, orientation=orientation,
                    start=args.start, end=args.end, kinds=kinds, built=sources_digest(here)[:12],
                    dates=args.dates)  # fmt: skip
    emit(data, args.out)
    return EXIT_OK


def add_chart(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("chart", help="draw the permit trajectories (the study's Table 1) as SVG, PDF or PNG",
                       description="Draw Table 1 from the graph (data set hgrid:ds-table1): one line per "
                       "category by year, as counts or as shares of the year's permits, with the dates on "
                       "which the RMHGR versions and the Implementation Rules entered into force as numbered "
                       "marks.")  # fmt: skip
    p.add_argument("what", choices=("permits",), help="the chart: permits")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="label language (default en)")
    p.add_argument("--measure", choices=("counts", "shares"), default="counts",
                   help="counts (default), or each kind of permit as a share of the year's "
                   "permits")  # fmt: skip
    p.add_argument("-f", "--format", choices=("svg", "pdf", "png"),
                   help="output format (default: from --out's suffix, else svg)")  # fmt: skip
    add_out_option(p, "output file (default: stdout)")
    p.set_defaults(func=run_chart)


def run_chart(args: argparse.Namespace) -> int:
    from hgr_kg.draw.permits import chart

    fmt = args.format or (Path(args.out).suffix.lstrip(".") if args.out else "svg")
    emit(chart(graph(args), lang=args.lang, measure=args.measure, fmt=fmt), args.out)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    add_timeline(sub)
    add_chart(sub)
