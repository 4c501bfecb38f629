"""What every command shares: the parser class, the ``-o`` type and writer, the project and graph
of the global options, and the typed option values (seconds, KEY=VALUE pairs)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hgr_kg.errors import HgrKgError

if TYPE_CHECKING:  # rdflib takes ~0.3 s to import: only the commands that need it load it
    from rdflib import Graph

    from hgr_kg.paths import Project

EXIT_OK, EXIT_NONCONFORM, EXIT_ERROR = 0, 1, 2


class Parser(argparse.ArgumentParser):
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


def emit(data: str | bytes, out: str | None) -> None:
    """Write text or bytes to ``out`` atomically, or to stdout when ``out`` is None or '-'."""
    from hgr_kg.atomic import write_file

    if out in (None, "-"):
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
    else:
        write_file(Path(out), data, name=f"-o {out}" if out else "-o ''")


def add_out_option(p: argparse.ArgumentParser, help: str = "write here (default: stdout)") -> None:
    p.add_argument("-o", "--out", type=output_file, metavar="FILE", help=help)


def say(message: str) -> None:
    print(message, file=sys.stderr)


def project(args: argparse.Namespace) -> Project:
    from hgr_kg.paths import Project

    return Project.locate(args.root)


def graph(args: argparse.Namespace) -> Graph:
    """The project's graph in the chosen store (--store; Oxigraph by default)."""
    from hgr_kg.graph.store import open_graph

    return open_graph(project(args), args.store)


def queryable(args: argparse.Namespace) -> Any:
    """What the commands that only run SPARQL (``query run``, ``sparql``, ``text``, ``diff``) run it on:
    the Oxigraph store itself (``query.canned.run_local`` takes either; without oxrdflib, which imports
    rdflib's SPARQL engine, 0.15-0.3 s of a cold command), or the graph of ``--store memory``."""
    if args.store != "oxigraph":
        return graph(args)
    from hgr_kg.graph.store import open_store

    here = project(args)
    return open_store(here, here.root / "dist" / "store")


def graph_with(args: argparse.Namespace, extra: Sequence[str]) -> Graph:
    """The curated graph built afresh, with the files ``extra`` added."""
    from hgr_kg.graph.build import build_graph, load_source

    built = build_graph(project(args))
    for name in extra:
        path = Path(name)
        if not path.exists():
            raise HgrKgError(f"{name}: no such file")
        load_source(path, built)
    return built


def size(value: str) -> int:
    """A size limit: bytes, or with a binary unit (``64M``, ``512MiB``, ``2G``)."""
    from hgr_kg.inputs import parse_size

    try:
        return parse_size(value, "")
    except HgrKgError as err:
        raise argparse.ArgumentTypeError(str(err).lstrip()) from None


@contextlib.contextmanager
def limits_set(args: argparse.Namespace) -> Iterator[None]:
    """The size limits given as options (``--max-file-size`` and the like), set in the environment for
    the command (the worker processes it starts read them there too), and restored after it."""
    from hgr_kg.inputs import LIMITS

    given = {limit.env: getattr(args, dest) for dest, limit in LIMITS.items() if getattr(args, dest, None)}
    before = {env: os.environ.get(env) for env in given}
    os.environ.update({env: str(value) for env, value in given.items()})
    try:
        yield
    finally:
        for env, value in before.items():
            if value is None:
                os.environ.pop(env, None)
            else:
                os.environ[env] = value


def seconds(value: str) -> float:
    """A time limit: a positive number of seconds."""
    import math

    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and number > 0):
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number of seconds")
    return number


def key_values(pairs: Sequence[str]) -> dict[str, str]:
    """``--param KEY=VALUE`` pairs as a dict; a pair without ``=`` or given twice is refused."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise HgrKgError(f"--param {pair!r}: expected KEY=VALUE")
        if key in values:
            raise HgrKgError(f"--param {key} given twice")
        values[key] = value
    return values
