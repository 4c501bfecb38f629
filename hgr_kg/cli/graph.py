"""Commands over the graph as a whole: ``build``, ``info`` and ``demo`` (the main job)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from hgr_kg.cli.common import EXIT_NONCONFORM, EXIT_OK, add_out_option, emit, graph_with, project, say

if TYPE_CHECKING:
    from hgr_kg.paths import Project


def add_build(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="merge ontology and data; write dist/hgr-kg.{ttl,nt,jsonld}",
                       description="Merge ontology and data into one graph and write it as "
                       "Turtle, N-Triples and JSON-LD, atomically; print counts by class. A source file "
                       "over 64 MiB, a record file over 2 GiB, or one that is not a regular file is refused "
                       "(raise the limits with hgr-kg --max-file-size and --max-record-size).")  # fmt: skip
    p.add_argument("--out", help="output folder (default: dist/ in the project folder)")
    p.set_defaults(func=run_build)


def run_build(args: argparse.Namespace) -> int:
    from hgr_kg.graph.build import build

    here = project(args)
    result = build(here, under_root(here, args.out, "dist"))
    for name, count in result.counts:
        print(f"{count:6d}  {name}")
    print(f"{result.triples:6d}  triples")
    say("wrote " + ", ".join(str(p) for p in result.files))
    return EXIT_OK


def add_info(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("info", help="counts by class, sources, last build",
                       description="Show how many resources of each class the graph holds, "
                       "the source documents with their number of citations, and the last build.",
                       )  # fmt: skip
    p.add_argument("--dist", help="build folder to inspect (default: dist/ in the project folder)")
    add_out_option(p)
    p.set_defaults(func=run_info)


def run_info(args: argparse.Namespace) -> int:
    from hgr_kg.graph.info import format_info, gather

    here = project(args)
    emit(format_info(gather(graph_with(args, []), here, under_root(here, args.dist, "dist"))), args.out)
    return EXIT_OK


def add_demo(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="the main job: build, validate, info (and every output)",
                       description="Run the main job on the embedded store: build into dist/, "
                       "validate, and write the reports into out/.")  # fmt: skip
    p.add_argument("--dist", help="build folder (default: dist/ in the project folder)")
    p.add_argument("--out", help="output folder (default: out/ in the project folder)")
    p.set_defaults(func=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from hgr_kg.demo import run_demo as main_job

    here = project(args)
    result = main_job(here, under_root(here, args.dist, "dist"), under_root(here, args.out, "out"), say)
    return EXIT_OK if result.conforms else EXIT_NONCONFORM


def under_root(here: Project, given: str | None, default: str) -> Path:
    """A folder option's value: as given (a relative one from the current folder, as every file
    name), or by default the folder ``default`` of the project (--root), wherever the command runs."""
    return Path(given) if given is not None else here.root / default


def register(sub: argparse._SubParsersAction) -> None:
    for add in (add_build, add_info, add_demo):
        add(sub)
