"""The server's query workers: processes that evaluate the queries of ``/sparql`` and ``/api``.

pyoxigraph cannot be interrupted inside a query, and a thread cannot be killed: a query past its time
limit used to go on in a thread, holding a core and its memory for as long as it liked, so five cross
products made every later query wait and a string bomb grew the server without end. Here each query
runs in a worker process that opened the store read-only, cannot open a network socket
(:func:`hgr_kg.query.guard.no_network`) and may hold at most ``max_memory`` bytes of data
(``RLIMIT_DATA``: what a query allocates; the store's files are mapped, not counted). A query past
its time limit is stopped by killing its worker, and a worker that dies (over its memory, or
killed) is replaced; the others answer on. ``--timeout`` and ``--max-memory`` are true bounds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import socket
import struct
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

from hgr_kg.serve.engine import UNAVAILABLE, Answer, Limits, Refusal
from hgr_kg.serve.worker import READY, Job

LOG = logging.getLogger("hgr_kg.serve")
START_TIMEOUT = 60.0  # seconds for a new worker to open the store
TIMED_OUT, DIED = object(), object()


class Worker:
    """One worker process and the parent's end of its socket pair. Its stderr goes nowhere: an
    allocation over the cap aborts the process with a long native backtrace, and the server logs one
    line for it instead.

    The parent speaks the worker's framing (``multiprocessing.connection``: a 4-byte length, pickled
    data) on the event loop through asyncio streams: a query goes to the worker and its answer comes
    back without waking a thread (two thread hand-offs per query were a millisecond of each cheap
    answer's time)."""

    def __init__(self, db: str, max_memory: int) -> None:
        ours, theirs = socket.socketpair()
        with theirs:
            command = [sys.executable, "-P", "-m", "hgr_kg.serve.worker", str(theirs.fileno()), db,
                       str(max_memory)]  # fmt: skip
            self.process = subprocess.Popen(command, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        self.sock = ours
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    def ready(self, timeout: float) -> str | None:
        """None once the worker has opened the store; else why it did not (blocking: called in a thread
        before the worker is used)."""
        conn = Connection(os.dup(self.sock.fileno()))
        try:
            if not conn.poll(timeout):
                return f"it did not open the store within {timeout:g} s"
            said = conn.recv()
        except (EOFError, OSError):
            return f"it ended (exit code {self.process.poll()})"
        finally:
            conn.close()
        return None if said == READY else str(said)

    async def ask(self, job: Job, timeout: float) -> Any:
        """The worker's answer to ``job`` (an Answer or a Refusal), TIMED_OUT or DIED."""
        try:
            if self._streams is None:
                self._streams = await asyncio.open_connection(sock=self.sock)
            reader, writer = self._streams
            writer.write(_framed(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)))
            return await asyncio.wait_for(_read_message(reader, writer), max(timeout, 0.0))
        except TimeoutError:
            return TIMED_OUT
        except (EOFError, OSError, asyncio.IncompleteReadError, pickle.UnpicklingError):
            return DIED

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(5)
        with contextlib.suppress(Exception):
            if self._streams is not None:
                self._streams[1].close()
        with contextlib.suppress(Exception):
            self.sock.close()


def _framed(data: bytes) -> bytes:
    """``data`` as ``multiprocessing.connection.Connection.send_bytes`` frames it."""
    if len(data) > 0x7FFFFFFF:
        return struct.pack("!i", -1) + struct.pack("!Q", len(data)) + data
    return struct.pack("!i", len(data)) + data


async def _read_message(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> Any:
    """One pickled message as ``Connection.send`` frames it."""
    await writer.drain()
    (size,) = struct.unpack("!i", await reader.readexactly(4))
    if size == -1:
        (size,) = struct.unpack("!Q", await reader.readexactly(8))
    return pickle.loads(await reader.readexactly(size))


class Pool:
    """``size`` workers over the store at ``db``; :meth:`answer` gives a query to an idle one."""

    def __init__(self, db: str, size: int, max_memory: int) -> None:
        self.db, self.size, self.max_memory = db, size, max_memory
        self._idle: asyncio.Queue[Worker] | None = None
        self._threads = ThreadPoolExecutor(2 * size + 2, thread_name_prefix="hgr-kg workers")
        self._closed = False
        self._lock = threading.Lock()
        self._workers: set[Worker] = set()
        self._started: list[Worker] = []  # started before the event loop ran: idle at its first use

    def start(self) -> None:
        """Start every worker now, in parallel, and wait until they are ready (the server calls this
        before it listens, so no request waits for the workers' start-up)."""
        started = list(self._threads.map(lambda _: self._start(), range(self.size)))
        self._started = [worker for worker in started if worker is not None]

    def _start(self) -> Worker | None:
        """A new worker, ready; None (and one line in the log) if it could not start."""
        worker = Worker(self.db, self.max_memory)
        problem = worker.ready(START_TIMEOUT)
        if problem is None and not self._closed:
            with self._lock:
                self._workers.add(worker)
            return worker
        worker.stop()
        if problem is not None:
            LOG.warning("hgr-kg: a query worker could not start: %s", problem)
        return None

    async def _spawn(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start one worker and make it idle (tried again a second later if it failed)."""
        while not self._closed:
            worker = await loop.run_in_executor(self._threads, self._start)
            if worker is not None:
                assert self._idle is not None
                self._idle.put_nowait(worker)
                return
            await asyncio.sleep(1.0)

    def _retire(self, worker: Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.stop()

    def _replace(self, worker: Worker, loop: asyncio.AbstractEventLoop) -> None:
        """Kill ``worker`` (it may still be computing) and start another in its place."""
        loop.run_in_executor(self._threads, self._retire, worker)
        if not self._closed:
            loop.create_task(self._spawn(loop))

    async def _acquire(self, timeout: float, origin: str) -> Worker:
        loop = asyncio.get_running_loop()
        if self._idle is None:
            self._idle = asyncio.Queue()
            for worker in self._started:
                self._idle.put_nowait(worker)
            for _ in range(self.size - len(self._started)):
                loop.create_task(self._spawn(loop))
            self._started = []
        try:
            return await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            raise Refusal(UNAVAILABLE, f"{origin}: all {self.size} query workers stayed busy for "
                          f"{timeout:g} s (--timeout); try again") from None  # fmt: skip

    async def answer(self, job: Job) -> Answer:
        """The answer to ``job`` from an idle worker, within ``job.limits.timeout`` from now (waiting
        for a worker included), or a refusal."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + job.limits.timeout
        worker = await self._acquire(job.limits.timeout, job.origin)
        try:
            result = await worker.ask(job, deadline - loop.time())
        except BaseException:  # the request was cancelled (the client left): the worker may be busy
            self._replace(worker, loop)
            raise
        if result is TIMED_OUT or result is DIED:
            self._replace(worker, loop)
            raise _stopped(job, result is TIMED_OUT, self.max_memory)
        assert self._idle is not None
        self._idle.put_nowait(worker)
        if isinstance(result, Refusal):
            raise result
        return result

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers, self._workers = list(self._workers), set()
        for worker in workers:
            worker.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)


def _stopped(job: Job, timed_out: bool, max_memory: int) -> Refusal:
    if timed_out:
        return Refusal(UNAVAILABLE, f"{job.origin}: stopped at the time limit of {job.limits.timeout:g} s "
                       "(--timeout); narrow the query or add a LIMIT")  # fmt: skip
    LOG.warning("hgr-kg: a query worker ended while it ran %s (over --max-memory?); replaced", job.origin)
    return Refusal(UNAVAILABLE, f"{job.origin}: stopped: the query needed more than the memory limit of "
                   f"{max_memory >> 20} MiB (--max-memory); narrow the query")  # fmt: skip


async def answer(pool: Any, text: str, accept: str | None, limits: Limits, origin: str = "query",
                 dataset: dict | None = None) -> Answer:  # fmt: skip
    """:func:`evaluate` in one of the ``pool``'s worker processes (:class:`Pool`),
    or a refusal: the query failed, or ``limits.timeout`` passed (the worker is killed and replaced)."""
    return await pool.answer(Job(text, accept, limits, origin, dict(dataset or {})))
