"""``hgr-kg serve`` bounds its connections: a cap on those open at once (one more is closed at once,
with one line in the log) and a time limit on receiving each request (a client that drips its head or
its body is closed), so slow or half-sent requests cannot starve the others or flood the log."""

from __future__ import annotations

import contextlib
import logging
import socket
import time
import urllib.request
from collections.abc import Iterator

import pytest

from hgr_kg.paths import Project
from hgr_kg.serve.app import ServeContext, create_app
from hgr_kg.serve.connections import bounded_protocol
from tests.support.served import serving

HEADER_TIMEOUT = 1.0


@pytest.fixture(scope="module")
def context(project: Project) -> Iterator[ServeContext]:
    context = ServeContext(project, timeout=30, workers=2)
    yield context
    context.close()


def _connect(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    return sock


def _closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes ``sock`` within ``seconds`` (what it sends before is read and dropped)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sock.settimeout(max(deadline - time.monotonic(), 0.01))
        try:
            if sock.recv(65536) == b"":
                return True
        except TimeoutError:
            return False
        except OSError:  # reset
            return True
    return False


def _get(base: str, path: str = "/sparql?query=ASK%7B%7D") -> int:
    with urllib.request.urlopen(base + path, timeout=10) as response:
        return response.status


def test_dripping_clients_are_closed_and_others_answered(context: ServeContext, caplog) -> None:
    protocol = bounded_protocol(max_connections=100, header_timeout=HEADER_TIMEOUT)
    with caplog.at_level(logging.WARNING, logger="hgr_kg.serve"), serving(create_app(context),
                                                                         http=protocol) as base:  # fmt: skip
        drips = [_connect(base) for _ in range(40)]
        for sock in drips:
            sock.sendall(b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        opened = time.monotonic()
        assert _get(base) == 200  # answered while 40 heads are incomplete
        for _ in range(3):  # one header line now and then keeps no connection open
            time.sleep(0.3)
            for sock in drips:
                with contextlib.suppress(OSError):
                    sock.sendall(b"X-Drip: 1\r\n")
        assert all(_closed_within(sock, HEADER_TIMEOUT + 5 - (time.monotonic() - opened)) for sock in drips)
        for sock in drips:
            sock.close()
    closed = [r.getMessage() for r in caplog.records if "did not arrive" in r.getMessage()]
    assert len(closed) == 40
    assert closed[0].endswith(f"the request did not arrive within {HEADER_TIMEOUT:g} s (--header-timeout)")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_half_sent_body_is_closed_without_a_traceback(context: ServeContext, caplog) -> None:
    protocol = bounded_protocol(max_connections=100, header_timeout=HEADER_TIMEOUT)
    with caplog.at_level(logging.WARNING), serving(create_app(context), http=protocol) as base:
        sock = _connect(base)
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 1000\r\n\r\nASK {")  # fmt: skip
        assert _closed_within(sock, HEADER_TIMEOUT + 5)
        sock.close()
        assert _get(base) == 200
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_connections_past_the_cap_are_closed_with_one_line_each(context: ServeContext, caplog) -> None:
    protocol = bounded_protocol(max_connections=20, header_timeout=HEADER_TIMEOUT)
    with caplog.at_level(logging.WARNING, logger="hgr_kg.serve"), serving(create_app(context),
                                                                         http=protocol) as base:  # fmt: skip
        held = [_connect(base) for _ in range(20)]
        time.sleep(0.2)  # all 20 accepted
        extra = [_connect(base) for _ in range(15)]
        assert all(_closed_within(sock, 2.0) for sock in extra)  # closed at once, not after the timeout
        refused = [r.getMessage() for r in caplog.records if "refused a connection" in r.getMessage()]
        assert len(refused) == 15
        assert refused[0].endswith("20 connections open (--max-connections)")
        for sock in held + extra:
            sock.close()
        time.sleep(0.2)
        assert _get(base) == 200  # the cap frees as connections close


def test_serve_refuses_more_connections_than_files_it_may_open(project: Project) -> None:
    import resource
    import subprocess
    import sys

    from tests.support.served import free_port

    def few_files() -> None:  # in the child only
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    command = [sys.executable, "-m", "hgr_kg", "--root", str(project.root), "serve", "--port",
               str(free_port()), "--max-connections", "1000"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, preexec_fn=few_files)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "hgr-kg: error: --max-connections 1000: this process may open too few files (ulimit -n); give at "
        "most 192"
    ]
