"""The ``hgr-kg`` command: parses arguments and calls the library. Exit codes: 0 success (or
conforms), 1 does not conform, 2 usage or input error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from hgr_kg import __version__
from hgr_kg.errors import HgrKgError

EXIT_OK, EXIT_NONCONFORM, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 with usage: keep that, one line
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def _emit(text: str, out: str | None) -> None:
    from hgr_kg.atomic import write_file

    if out in (None, "-"):
        sys.stdout.write(text)
    else:
        write_file(Path(out), text)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _project(args: argparse.Namespace):  # noqa: ANN202
    from hgr_kg.paths import Project

    return Project.locate(args.root)


def _graph_with(args: argparse.Namespace, extra: Sequence[str]) -> Graph:
    from hgr_kg.build import build_graph, load_source

    graph = build_graph(_project(args))
    for name in extra:
        path = Path(name)
        if not path.is_file():
            raise HgrKgError(f"{name}: no such file")
        load_source(path, graph)
    return graph


def cmd_build(args: argparse.Namespace) -> int:
    from hgr_kg.build import build

    result = build(_project(args), Path(args.out))
    for name, count in result.counts:
        print(f"{count:6d}  {name}")
    print(f"{len(result.graph):6d}  triples")
    _say("wrote " + ", ".join(str(p) for p in result.files))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from hgr_kg.validate import format_report, load_shapes, validate

    project = _project(args)
    shapes = load_shapes(Path(args.shapes) if args.shapes else project.shapes)
    report = validate(_graph_with(args, args.files), shapes)
    _emit(format_report(report, args.format), args.out)
    return EXIT_OK if report.conforms else EXIT_NONCONFORM


def cmd_info(args: argparse.Namespace) -> int:
    from hgr_kg.info import format_info, gather

    project = _project(args)
    _emit(format_info(gather(_graph_with(args, []), project, Path(args.dist))), args.out)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from hgr_kg.demo import run_demo

    result = run_demo(_project(args), Path(args.dist), Path(args.out), _say)
    return EXIT_OK if result.conforms else EXIT_NONCONFORM


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="hgr-kg", description=__doc__.split("\n")[0].strip())
    parser.add_argument("--version", action="version", version=f"hgr-kg {__version__}")
    parser.add_argument(
        "--root",
        help="project folder with ontology/, data/, queries/ "
        "(default: $HGR_KG_ROOT, this checkout, or the current folder)",
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
    p.add_argument("-o", "--out", help="write the report here (default: stdout)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "info",
        help="counts by class, sources, last build",
        description="Show how many resources of each class the graph holds, "
        "the source documents with their number of citations, and the last build.",
    )
    p.add_argument("--dist", default="dist", help="build folder to inspect (default: dist)")
    p.add_argument("-o", "--out", help="write here (default: stdout)")
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (tests call this in-process)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except HgrKgError as err:
        print(f"hgr-kg: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("hgr-kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
