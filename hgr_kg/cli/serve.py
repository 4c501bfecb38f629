"""``hgr-kg serve``: the local SPARQL endpoint, web API and pages (uvicorn over hgr_kg.serve.app)."""

from __future__ import annotations

import argparse

from hgr_kg.cli.common import EXIT_OK, project, say, seconds


def port(value: str) -> int:
    """A TCP port, 1 to 65535."""
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port (1-65535)")
    return int(value)


def add_serve(sub: argparse._SubParsersAction) -> None:
    from hgr_kg.serve.app import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT

    p = sub.add_parser("serve", help="a local, read-only SPARQL endpoint, web API and pages",
                       description="Serve the graph over HTTP, read-only: the SPARQL 1.1 Protocol at "
                       "/sparql, the canned queries at /api/NAME, and the pages (query editor, resources "
                       "at their IRIs' paths, the statute reader). Binds to 127.0.0.1 unless told "
                       "otherwise; Ctrl-C stops it.")  # fmt: skip
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default: 127.0.0.1, this machine only)")  # fmt: skip
    p.add_argument("--port", type=port, default=8000, help="TCP port (default: 8000)")
    p.add_argument("--timeout", type=seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"time limit of each query (default: {DEFAULT_TIMEOUT:g})")  # fmt: skip
    p.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS, metavar="N",
                   help=f"most rows (or triples) in one answer (default: {DEFAULT_MAX_ROWS})")  # fmt: skip
    p.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from hgr_kg.serve.app import ServeContext, create_app

    context = ServeContext(project(args), timeout=args.timeout, max_rows=args.max_rows)
    context.store  # noqa: B018  (opened, or built, before the first request)
    say(f"hgr-kg: serving on http://{args.host}:{args.port}/ (Ctrl-C stops)")
    uvicorn.run(create_app(context), host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    add_serve(sub)
