"""The server's connections, bounded: uvicorn's HTTP/1.1 protocol (httptools, the C parser uvicorn
uses when it is installed: a request's head parsed in microseconds, where h11 in Python took a good
part of a cheap answer's time) with a cap on the connections open at once and a time limit on
receiving each request.

uvicorn holds a connection for as long as its client sends a header line now and then, and accepts
connections until the process runs out of file descriptors, when every accept logs a traceback: 400
clients dripping one header line each 10 s held the server, and 1,100 half-sent requests starved it
and wrote 190 MB of log. Here a connection past ``max_connections`` is closed at once, with one line
in the log, and a request whose head and body have not all arrived ``header_timeout`` seconds after
the connection opened (or after the answer before it) is closed, with one line too.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

LOG = logging.getLogger("hgr_kg.serve")
FD_RESERVE = 64  # file descriptors kept for the store, the workers' pipes, logs


def _peer(transport: asyncio.BaseTransport) -> str:
    peer = transport.get_extra_info("peername")
    if isinstance(peer, tuple) and len(peer) >= 2:
        return f"{peer[0]}:{peer[1]}"
    return "a client"


def bounded_protocol(max_connections: int, header_timeout: float) -> type[HttpToolsProtocol]:
    """uvicorn's httptools protocol with these bounds, for ``uvicorn.Config(http=...)`` (one class per
    server: it counts that server's connections)."""
    open_now: set[Any] = set()

    class Bounded(HttpToolsProtocol):
        _deadline: asyncio.TimerHandle | None = None
        _refused = False
        _partial = False  # part of a request has arrived, not all of it

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            if len(open_now) >= max_connections:
                self._refused = True
                LOG.warning("hgr-kg: refused a connection from %s: %d connections open (--max-connections)",
                            _peer(transport), len(open_now))  # fmt: skip
                transport.abort()
                return
            open_now.add(self)
            super().connection_made(transport)
            self._start_clock()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._refused:
                return
            open_now.discard(self)
            self._stop_clock()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if not self._refused:
                if self._deadline is not None:
                    self._partial = True
                super().data_received(data)

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self._partial = False
            self._stop_clock()  # the whole request is in

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._start_clock()  # the next request on this connection

        def _start_clock(self) -> None:
            self._stop_clock()
            self._partial = False
            self._deadline = self.loop.call_later(header_timeout, self._too_slow)

        def _stop_clock(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _too_slow(self) -> None:
            self._deadline = None
            if self.transport.is_closing():
                return
            if self._partial:
                LOG.warning("hgr-kg: closed a connection from %s: the request did not arrive within "
                            "%g s (--header-timeout)", _peer(self.transport), header_timeout)  # fmt: skip
            self.transport.close()

    return Bounded


def allow_descriptors(max_connections: int) -> int | None:
    """Raise this process's limit of open files to what ``max_connections`` need (up to the hard
    limit); the connections it can hold where that is not enough, else None."""
    import resource

    need = max_connections + FD_RESERVE
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= need:
        return None
    target = need if hard == resource.RLIM_INFINITY else min(need, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return None if target >= need else max(target - FD_RESERVE, 1)
