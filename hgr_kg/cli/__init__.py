"""The ``hgr-kg`` command: parses arguments and calls the library. Each command is declared in the
module of its job (graph, check, query, read, draw, export, cite, serve, sources), next to the function it
runs.
Exit codes: 0 success (or conforms), 1 does not conform, 2 usage or input error, 130 interrupted."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from hgr_kg import __version__
from hgr_kg.cli import check, cite, draw, export, graph, query, read, serve, sources
from hgr_kg.cli.common import EXIT_ERROR, EXIT_OK, Parser, limits_set, output_file, size
from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import RECORDS, SOURCE

__all__ = ["build_parser", "main", "output_file"]

DESCRIPTION = ("An open, sourced legal knowledge graph of China's regulation of human genetic resources: "
               "build and validate it, query it, read the statutes, draw the timeline, export it.")
COMMAND_MODULES = (graph, check, query, read, draw, export, cite, serve, sources)


def build_parser() -> Parser:
    parser = Parser(prog="hgr-kg", description=DESCRIPTION,
                    epilog="Exit codes: 0 success (or conforms), 1 does not conform, 2 usage or input "
                    "error, 130 interrupted. 'hgr-kg COMMAND --help' explains each command.")  # fmt: skip
    parser.add_argument("--version", action="version", version=f"hgr-kg {__version__}")
    parser.add_argument("--root", help="project folder with ontology/, data/, queries/ "
                        "(default: $HGR_KG_ROOT, this checkout, or the current folder)")  # fmt: skip
    for limit in (SOURCE, RECORDS):  # every command reads the sources
        parser.add_argument(limit.option, type=size, metavar="SIZE", help=limit.help())
    parser.add_argument("--store", choices=("oxigraph", "memory"), default="oxigraph",
                        help="embedded store for queries, audit, timeline and export: oxigraph (persistent "
                        "in dist/store, rebuilt when a source changes; the default) or memory (rdflib)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def _run(argv: Sequence[str] | None) -> int:
    from hgr_kg.interrupt import EXIT_INTERRUPTED, INTERRUPTED, watchdog

    args = build_parser().parse_args(argv)
    try:
        with watchdog(), limits_set(args):
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
