"""``hgr-kg serve``: the local SPARQL endpoint, web API and pages (uvicorn over hgr_kg.serve.app)."""

from __future__ import annotations

import argparse
import contextlib

from hgr_kg.cli.common import EXIT_OK, project, say, seconds
from hgr_kg.errors import HgrKgError


def port(value: str) -> int:
    """A TCP port, 1 to 65535."""
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port (1-65535)")
    return int(value)


def positive(value: str) -> int:
    """A whole number of at least 1."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of at least 1")
    return int(value)


def mebibytes(value: str) -> int:
    """A size in MiB, at least 1: the number of bytes."""
    return positive(value) << 20


def cache_mebibytes(value: str) -> int:
    """A size in MiB, 0 or more: the number of bytes."""
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of MiB (0: no cache)")
    return int(value) << 20


def proxy_name(value: str) -> str:
    """A host name or address, as a reverse proxy sends it in the Host header."""
    from hgr_kg.serve.hosts import host_name

    name = host_name(value)
    if name is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not a host name (e.g. kg.example.org, without "
                                         "scheme, port or path)")  # fmt: skip
    return name


def add_serve(sub: argparse._SubParsersAction) -> None:
    from hgr_kg.serve.limits import (
        DEFAULT_CACHE_SIZE,
        DEFAULT_MAX_BYTES,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_MAX_MEMORY,
        DEFAULT_MAX_ROWS,
        DEFAULT_TIMEOUT,
        DEFAULT_WORKERS,
        HEADER_TIMEOUT,
    )

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
    p.add_argument("--max-rows", type=positive, default=DEFAULT_MAX_ROWS, metavar="N",
                   help=f"most rows (or triples) in one answer (default: {DEFAULT_MAX_ROWS})")  # fmt: skip
    p.add_argument("--max-bytes", type=mebibytes, default=DEFAULT_MAX_BYTES, metavar="MIB",
                   help=f"most MiB in one answer (default: {DEFAULT_MAX_BYTES >> 20})")  # fmt: skip
    p.add_argument("--max-memory", type=mebibytes, default=DEFAULT_MAX_MEMORY, metavar="MIB",
                   help="most MiB of data one query may hold; its worker process is stopped past it "
                   f"(default: {DEFAULT_MAX_MEMORY >> 20})")  # fmt: skip
    p.add_argument("--workers", type=positive, default=DEFAULT_WORKERS, metavar="N",
                   help=f"worker processes that run queries (default: {DEFAULT_WORKERS})")  # fmt: skip
    p.add_argument("--max-connections", type=positive, default=DEFAULT_MAX_CONNECTIONS, metavar="N",
                   help="most connections open at once; one more is closed at once, with one line in the "
                   f"log (default: {DEFAULT_MAX_CONNECTIONS})")  # fmt: skip
    p.add_argument("--header-timeout", type=seconds, default=HEADER_TIMEOUT, metavar="SECONDS",
                   help="time a client has to send a request's head, and then its body "
                   f"(default: {HEADER_TIMEOUT:g})")  # fmt: skip
    p.add_argument("--cache-size", type=cache_mebibytes, default=DEFAULT_CACHE_SIZE, metavar="MIB",
                   help="most MiB of answers kept for repeated queries, per store generation, with ETags "
                   f"(default: {DEFAULT_CACHE_SIZE >> 20}; 0: no cache)")  # fmt: skip
    p.add_argument("--no-cache", dest="cache_size", action="store_const", const=0,
                   help="keep no answers (the same as --cache-size 0)")  # fmt: skip
    p.add_argument("--allow-host", type=proxy_name, action="append", default=[], metavar="NAME",
                   help="also answer requests whose Host is NAME, at any port: the name of a reverse "
                   "proxy in front (repeatable; default: only 127.0.0.1, localhost, [::1] and --host, "
                   "at --port)")  # fmt: skip
    p.set_defaults(func=run_serve)


def check_address(host: str, port: int) -> None:
    """Refuse, in one line, an address this machine cannot listen on (a port in use, a bad host)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(infos[0][4])
    except OSError as err:
        raise HgrKgError(f"--host {host} --port {port}: cannot listen there: {err.strerror or err}") from None


def url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _server_class() -> type:
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server, which says its URL once it listens."""

        async def startup(self, sockets: list | None = None) -> None:
            await super().startup(sockets)
            if self.started:
                config = self.config
                say(f"hgr-kg: serving on {url(config.host, config.port)} (SPARQL at /sparql, API at /api; "
                    "Ctrl-C stops)")

    return Server


def run_serve(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C, then exit 0 (uvicorn finishes the answers under way, for up to a second).
    A query still running (abandoned at its time limit) does not hold the exit back."""
    import uvicorn

    from hgr_kg.interrupt import exit_now
    from hgr_kg.serve.app import ServeContext, create_app
    from hgr_kg.serve.connections import allow_descriptors, bounded_protocol

    Server = _server_class()  # noqa: N806
    check_address(args.host, args.port)
    most = allow_descriptors(args.max_connections)
    if most is not None:
        raise HgrKgError(f"--max-connections {args.max_connections}: this process may open too few files "
                         f"(ulimit -n); give at most {most}")  # fmt: skip
    context = ServeContext(project(args), timeout=args.timeout, max_rows=args.max_rows, hosts=(args.host,),
                           proxy_names=tuple(args.allow_host), workers=args.workers,
                           max_bytes=args.max_bytes, max_memory=args.max_memory,
                           cache_size=args.cache_size)  # fmt: skip
    context.store  # noqa: B018  (opened, or built, before the first request)
    context.queries  # noqa: B018  (read and checked once)
    config = uvicorn.Config(create_app(context), host=args.host, port=args.port, log_level="warning",
                            timeout_graceful_shutdown=1,
                            http=bounded_protocol(args.max_connections, args.header_timeout),
                            loop="auto")  # fmt: skip  (uvloop where installed)
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn stops, then raises the signal again
        Server(config).run()
    say("hgr-kg: stopped")
    if context.close():
        exit_now(EXIT_OK)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    add_serve(sub)
