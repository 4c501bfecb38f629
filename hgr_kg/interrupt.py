"""Blocking work under a time limit that Ctrl-C also cuts short.

pyoxigraph evaluates a query in native code and the standard library reads a socket in native code:
neither notices Ctrl-C or a time limit until it returns, which may be never (a cross product, a
server that sends one byte a second). :func:`bounded` runs such work in a daemon thread while the
calling thread waits, so a time limit is one deadline for the whole call and Ctrl-C (a
``KeyboardInterrupt`` in the waiting thread) is handled at once; abandoned work ends with the process.
:func:`watchdog` covers what still blocks the main thread: after Ctrl-C, if the command has not
stopped within a grace period, the process exits with 130.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

from hgr_kg.errors import HgrKgError

T = TypeVar("T")
EXIT_INTERRUPTED = 130
INTERRUPTED = "hgr-kg: interrupted"


_ABANDONED: list[threading.Thread] = []


class TimeLimit(HgrKgError):
    """The work ran over its time limit (it was abandoned)."""


def abandoned() -> bool:
    """Whether work abandoned at its time limit or on Ctrl-C is still running."""
    return any(worker.is_alive() for worker in _ABANDONED)


def bounded(work: Callable[[], T], timeout: float | None, what: str,
            setup: Callable[[], object] | None = None) -> T:  # fmt: skip
    """``work()``, or :class:`TimeLimit` once ``timeout`` seconds have passed (None: no limit).
    ``setup()`` runs first in the worker thread (the network wall, :func:`hgr_kg.query.guard.no_network`).

    Exceptions of ``work`` are raised here, in the caller's thread."""
    outcome: dict[str, object] = {}
    done = threading.Event()

    def run() -> None:
        try:
            if setup is not None:
                setup()
            outcome["value"] = work()
        except BaseException as err:  # handed to the waiting thread
            outcome["error"] = err
        finally:
            done.set()

    worker = threading.Thread(target=run, name=f"hgr-kg: {what}", daemon=True)
    worker.start()
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while not done.is_set():
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise TimeLimit(f"{what}: stopped at the time limit of {timeout:g} s (--timeout)")
            done.wait(left)  # Ctrl-C raises KeyboardInterrupt here, at once
    except BaseException:
        _ABANDONED.append(worker)
        raise
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()


def exit_now(code: int) -> None:
    """Leave the process at once (abandoned work may still hold native threads and files)."""
    _flush()
    os._exit(code)


@contextlib.contextmanager
def watchdog(grace: float = 1.5) -> Iterator[None]:
    """Within the block, Ctrl-C stops the process within ``grace`` seconds even while the main
    thread is blocked in native code (the signal's wakeup byte is read by a watcher thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    read, write = os.pipe()
    os.set_blocking(write, False)
    finished = threading.Event()
    try:
        previous = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    except ValueError:  # not the main interpreter
        os.close(read), os.close(write)
        yield
        return

    def watch() -> None:
        while True:
            try:
                data = os.read(read, 64)
            except OSError:
                return
            if not data or finished.is_set():
                return
            if signal.SIGINT in data and not finished.wait(grace):
                print(INTERRUPTED, file=sys.stderr)
                exit_now(EXIT_INTERRUPTED)

    watcher = threading.Thread(target=watch, name="hgr-kg: Ctrl-C watchdog", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        finished.set()
        signal.set_wakeup_fd(previous)
        os.close(write)
        watcher.join(1)
        os.close(read)
