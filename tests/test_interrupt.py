"""Ctrl-C stops any command at once (exit 130, one line) and --timeout bounds every query: local on
both stores, and remote as one deadline for the whole request.

Each time is measured from a moment the test observes once the process is inside the blocking work
(a line the query's worker prints as it starts, a request reaching the test's server) or from the
signal, never from the process's start: start-up and imports take seconds when the machine is busy.
The work interrupted lasts far longer than any bound (a cross product for days, a server that never
finishes), so each test still fails if Ctrl-C or --timeout stops working."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hgr_kg.cli import main
from hgr_kg.paths import Project

CROSS = "SELECT * WHERE {?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l}\n"
STARTUP = 120  # seconds the start-up may take on a busy machine (a guard against a hang, not a bound)

# ``hgr-kg`` with its local queries announced: the worker of hgr_kg.interrupt.bounded prints "ready" on
# stdout as it starts the query, so the test knows when the process is inside the blocking work
ANNOUNCED = """
import sys
from hgr_kg.query import canned
from hgr_kg import interrupt
from hgr_kg.cli import main

def bounded(work, timeout, what, setup=None):
    def announced():
        print("ready", flush=True)
        return work()
    return interrupt.bounded(announced, timeout, what, setup)

assert canned.bounded is interrupt.bounded
canned.bounded = bounded
sys.exit(main())
"""


def _start(project: Project, *args: str, announced: bool = False) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    command = ["-c", ANNOUNCED] if announced else ["-m", "hgr_kg"]
    return subprocess.Popen(
        [sys.executable, *command, "--root", str(project.root), *args],
        stdout=subprocess.PIPE if announced else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _ready(process: subprocess.Popen) -> None:
    """Wait (within STARTUP seconds) for the "ready" line of an announced process."""
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(STARTUP)
    if line != ["ready\n"]:
        process.kill()
        pytest.fail(f"not ready: {line} {process.wait()} {process.stderr.read()}")


def _until(event: Callable[[], bool], process: subprocess.Popen) -> None:
    """Wait (within STARTUP seconds) until ``event()`` while ``process`` runs."""
    deadline = time.monotonic() + STARTUP
    while not event() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if not event():
        process.kill()
        pytest.fail(f"the process did not get there: {process.wait()} {process.stderr.read()}")


def _interrupt_after(process: subprocess.Popen, delay: float) -> tuple[int, float, list[str]]:
    """Send SIGINT after ``delay`` seconds; the exit code, the seconds it took to exit, stderr lines."""
    time.sleep(delay)
    assert process.poll() is None, process.stderr.read()
    process.send_signal(signal.SIGINT)
    sent = time.monotonic()
    try:
        process.wait(timeout=10)
    finally:
        process.kill()
    return process.returncode, time.monotonic() - sent, process.stderr.read().strip().splitlines()


@pytest.fixture(scope="module")
def cross(tmp_path_factory: pytest.TempPathFactory, project: Project) -> Path:
    folder = tmp_path_factory.mktemp("cross")
    assert main(["--root", str(project.root), "query", "run", "sources", "-o", str(folder / "warm.txt")]) == 0
    path = folder / "cross.rq"
    path.write_text(CROSS)
    return path


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_ctrl_c_stops_a_cross_product_within_2_s(project: Project, cross: Path, store: str) -> None:
    process = _start(project, "--store", store, "sparql", str(cross), announced=True)
    _ready(process)  # the cross product has begun: it would run for days
    code, took, err = _interrupt_after(process, 0.5)
    assert (code, err) == (130, ["hgr-kg: interrupted"])
    assert took < 2


def _elapsed(process: subprocess.Popen, limit: float = 30) -> float:
    """Seconds until ``process`` exits (it is killed after ``limit``, and the test fails)."""
    started = time.monotonic()
    try:
        process.wait(timeout=limit)
    finally:
        process.kill()
    return time.monotonic() - started


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_timeout_stops_a_local_query(project: Project, cross: Path, store: str) -> None:
    process = _start(project, "--store", store, "sparql", str(cross), "--timeout", "1", announced=True)
    _ready(process)  # the query and its 1 s have begun (start-up is not counted)
    took = _elapsed(process)
    err = process.stderr.read().strip().splitlines()
    assert process.returncode == 2 and len(err) == 1, err
    assert "time limit of 1 s" in err[0]
    # the 1 s limit and the exit; without the limit the cross product of ~24,000 triples four times over
    # would run for days
    assert took < 1 + 2, took


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf"])
def test_timeout_must_be_positive(project: Project, capsys, value: str) -> None:
    with pytest.raises(SystemExit) as stopped:  # argparse refuses it: usage error, exit 2
        main(["--root", str(project.root), "query", "run", "sources", f"--timeout={value}"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--timeout" in err[0]


class Drip:
    """A server on 127.0.0.1 that answers one byte a second, forever (until stopped)."""

    def __init__(self) -> None:
        stop = self.stop = threading.Event()
        self.requested: list[float] = []  # when each request arrived (time.monotonic())
        requested = self.requested

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                requested.append(time.monotonic())
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.end_headers()
                while not stop.is_set():
                    try:
                        self.wfile.write(b" ")
                        self.wfile.flush()
                    except OSError:
                        return
                    stop.wait(1)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()


@pytest.fixture()
def drip() -> Iterator[Drip]:
    server = Drip()
    yield server
    server.close()


def test_remote_timeout_is_a_deadline_for_the_whole_request(project: Project, drip: Drip) -> None:
    process = _start(project, "query", "run", "sources", "--endpoint", drip.url, "--timeout", "2")
    _until(lambda: bool(drip.requested), process)
    _elapsed(process)  # the server sends a byte a second forever: only the deadline ends this
    took = time.monotonic() - drip.requested[0]
    err = process.stderr.read().strip().splitlines()
    assert process.returncode == 2 and len(err) == 1 and "time limit of 2 s" in err[0], err
    # from the request's arrival (the deadline began just before it): 2 s and the exit; a deadline that
    # slipped to twice the limit (4 s) fails, and without one the server's drip would never end
    assert took < 2 + 1, took


def test_ctrl_c_stops_a_remote_query(project: Project, drip: Drip) -> None:
    process = _start(project, "query", "run", "sources", "--endpoint", drip.url)
    _until(lambda: bool(drip.requested), process)  # it waits for the server's answer, which never ends
    code, took, err = _interrupt_after(process, 0.5)
    assert (code, err) == (130, ["hgr-kg: interrupted"])
    assert took < 2


class Hang:
    """A SPARQL server on 127.0.0.1 that never answers an update (nor the cleanup's DROP)."""

    def __init__(self) -> None:
        stop = self.stop = threading.Event()
        self.updates: list[bytes] = []
        updates = self.updates

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                updates.append(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                stop.wait(60)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_ctrl_c_stops_publish_while_its_cleanup_waits(project: Project) -> None:
    hang = Hang()
    try:
        process = _start(project, "publish", "--endpoint", hang.url)
        _until(lambda: bool(hang.updates), process)  # after the build, which takes long on a busy machine
        code, took, err = _interrupt_after(process, 0.5)
        assert b"DROP" in hang.updates[0]  # it was waiting for the server
        assert code == 130 and err[-1] == "hgr-kg: interrupted", err
        assert took < 2
    finally:
        hang.stop.set()
        hang.server.shutdown()


WATCHED = """
import collections
import pyoxigraph as ox
from hgr_kg.interrupt import watchdog
store = ox.Store()
p = ox.NamedNode("urn:p")
store.extend([ox.Quad(ox.NamedNode(f"urn:s{i}"), p, ox.Literal(str(i))) for i in range(3000)])
try:
    with watchdog():
        print("ready", flush=True)
        # consumed in native code (no signal check), the rows not kept (memory stays flat)
        collections.deque(store.query("SELECT * WHERE {?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l}"), maxlen=0)
except KeyboardInterrupt:
    pass
"""


def test_watchdog_stops_the_main_thread_blocked_in_native_code() -> None:
    """The last resort for work that blocks the main thread in native code (Ctrl-C is only seen when
    pyoxigraph returns): the process still exits with 130 within 2 s."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    process = subprocess.Popen([sys.executable, "-c", WATCHED], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
    _ready(process)  # the watchdog is on
    code, took, err = _interrupt_after(process, 1)  # by then the main thread is inside the query
    assert (code, err) == (130, ["hgr-kg: interrupted"])
    assert took < 2
