"""A query worker process of the server (``hgr_kg.serve.workers`` starts and kills them): cut off the
network, its data capped, the store opened read-only, then one query after another from its socket
pair, each answered with an Answer or a Refusal. Imports only what a query needs (no asyncio, no
rdflib): a new worker is ready in a fraction of a second."""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field
from typing import Any

from hgr_kg.serve.engine import Limits, outcome

READY = "ready"


@dataclass(frozen=True)
class Job:
    """One query for a worker: what :func:`hgr_kg.serve.engine.outcome` takes."""

    text: str
    accept: str | None
    limits: Limits
    origin: str
    dataset: dict = field(default_factory=dict)


def _cap_memory(max_memory: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_DATA, (max_memory, max_memory))


def _work(conn: Any, db: str, max_memory: int) -> None:
    """A worker's life: cut off the network, capped, the store opened read-only, then one job after
    another until the pipe closes."""
    import signal

    from hgr_kg.query.guard import no_network

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops its workers
    no_network()  # before the store starts its threads: they inherit the wall
    _cap_memory(max_memory)
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(db)
    except Exception as err:
        conn.send(f"cannot open the store {db}: {err}".splitlines()[0])
        return
    conn.send(READY)
    stop = threading.Event()  # never set: a query past its time is stopped by killing this process
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        result = outcome(store, job.text, job.accept, job.limits, stop, job.origin, job.dataset)
        conn.send(result)
        del result


def main(argv: list[str] | None = None) -> None:
    """A worker process: ``python -P -m hgr_kg.serve.workers FD DB MAX_MEMORY`` (FD: its end of the
    socket pair). Started as a new interpreter, not by multiprocessing's spawn, which would import
    the parent's main script again."""
    from multiprocessing.connection import Connection

    fd, db, max_memory = argv if argv is not None else sys.argv[1:]
    _work(Connection(int(fd)), db, int(max_memory))


if __name__ == "__main__":
    main()
