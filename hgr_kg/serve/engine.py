"""Running one query for the server: checked (no update, no SERVICE), evaluated by pyoxigraph in a
worker process (``hgr_kg.serve.workers``: killed at the time limit, capped in memory, cut off the
network), its answer written by pyoxigraph's serialisers and held to the row and byte limits, or
refused with an HTTP status and a one-line message.

The row limit is counted exactly and with bounded memory: solutions are first written as SPARQL TSV
(one line per solution) and triples as N-Triples (one line per triple), and the writer stops one line
past the limit, or past the byte limit; the lines are then read back and written in the negotiated
form (both are lossless).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from hgr_kg.errors import HgrKgError
from hgr_kg.prefixes import PREFIX_IRIS
from hgr_kg.query.guard import check_query, first_line, refuse_service
from hgr_kg.serve.negotiate import GRAPH_FORMS, SOLUTION_FORMS, Form, NotAcceptable, choose

BAD_REQUEST, FORBIDDEN, NOT_FOUND, NOT_ACCEPTABLE, TOO_LARGE, INTERNAL, UNAVAILABLE = (
    400, 403, 404, 406, 413, 500, 503)  # fmt: skip
SERVICE_HINT = "; this server sends no request to another server"
# the prefixes a query may use undeclared (as on the CLI), and those of a Turtle answer
TURTLE_PREFIXES = dict(PREFIX_IRIS)


class Refusal(HgrKgError):
    """A request the server does not answer: the HTTP status and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(" ".join(message.split()))
        self.status = status

    def __reduce__(self) -> tuple:  # sent back by a worker process
        return (Refusal, (self.status, str(self)))


@dataclass(frozen=True)
class Answer:
    body: bytes
    content_type: str


@dataclass(frozen=True)
class Limits:
    timeout: float  # seconds
    max_rows: int  # solutions or triples
    max_bytes: int = 64 << 20  # of the answer as TSV or N-Triples


class _Stopped(Exception):
    """Raised by the writer: the time limit passed, or the answer has too many lines."""


class _LineWriter:
    """A binary file for pyoxigraph's serialisers that keeps what it is given and refuses more once
    ``stop`` is set or past ``max_lines`` lines."""

    def __init__(self, stop: threading.Event, max_lines: int, max_bytes: int) -> None:
        self.stop, self.max_lines, self.lines, self.parts = stop, max_lines, 0, []
        self.max_bytes, self.size = max_bytes, 0
        self.too_many = self.too_big = False

    def write(self, chunk: bytes) -> int:
        if self.stop.is_set():
            raise _Stopped
        self.lines += chunk.count(b"\n")
        self.size += len(chunk)
        if self.lines > self.max_lines:
            self.too_many = True
            raise _Stopped
        if self.size > self.max_bytes:
            self.too_big = True
            raise _Stopped
        self.parts.append(bytes(chunk))
        return len(chunk)

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        return b"".join(self.parts)


def _status(message: str) -> int:
    """403 for what this endpoint refuses by policy (an update, a SERVICE clause); 400 otherwise."""
    policy = message.endswith("updates are refused") or "SERVICE clause" in message
    return FORBIDDEN if policy else BAD_REQUEST


def _not_a_query(text: str, origin: str, problem: str) -> Refusal:
    """Why Oxigraph did not parse ``text``: rdflib's parser says whether it is empty, an update or
    invalid (and where); Oxigraph's own message if rdflib parses it."""
    try:
        check_query(text, origin, allow_service=True)
    except HgrKgError as err:
        return Refusal(_status(str(err)), str(err))
    return Refusal(BAD_REQUEST, f"{origin}: not valid SPARQL: {problem}")


def _write(serialize: Callable[[Any], Any], writer: _LineWriter, origin: str, limit: str) -> bytes:
    """Run ``serialize(writer)``; the lines written, or a refusal (too many lines, or the query failed)."""
    try:
        serialize(writer)
    except Exception as err:
        problem = None if isinstance(err, _Stopped) or writer.stop.is_set() else first_line(err)
    else:
        return writer.value()
    if writer.too_many:
        raise Refusal(TOO_LARGE, f"{origin}: the answer has more than {limit} (--max-rows); "
                      "narrow the query or add a LIMIT")  # fmt: skip
    if writer.too_big:
        raise Refusal(TOO_LARGE, f"{origin}: the answer is over {writer.max_bytes >> 20} MiB (--max-bytes); "
                      "narrow the query or add a LIMIT")  # fmt: skip
    if problem is None:
        raise Refusal(UNAVAILABLE, f"{origin}: stopped at the time limit")
    raise Refusal(BAD_REQUEST, f"{origin}: query failed: {problem}")


def _solutions(results: Any, accept: str | None, limits: Limits, stop: threading.Event,
               origin: str) -> Answer:  # fmt: skip
    form = choose(SOLUTION_FORMS, accept)
    writer = _LineWriter(stop, limits.max_rows + 1, limits.max_bytes)  # and the header line
    tsv = _write(lambda out: results.serialize(out, ox.QueryResultsFormat.TSV), writer, origin,
                 f"{limits.max_rows} rows")  # fmt: skip
    if form.format != ox.QueryResultsFormat.TSV:
        tsv = _converted(lambda: ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(
            format=form.format), origin, "row")  # fmt: skip
    return Answer(tsv, form.content_type)


def _converted(convert: Callable[[], bytes], origin: str, unit: str) -> bytes:
    """``convert()``: the answer read back and written in the negotiated form; pyoxigraph's readers
    refuse a line over 16 MiB (a MemoryError): one line and 413, as for an answer too large."""
    try:
        return convert()
    except MemoryError:
        pass  # raised outside the handler: the 16 MiB buffer is freed first
    raise Refusal(TOO_LARGE, f"{origin}: a {unit} of the answer is over 16 MiB, more than can be written "
                  "in this form; ask for text/tab-separated-values or narrow the query")


def _triples(results: Any, accept: str | None, limits: Limits, stop: threading.Event, origin: str) -> Answer:
    form = choose(GRAPH_FORMS, accept)
    writer = _LineWriter(stop, limits.max_rows, limits.max_bytes)
    nt = _write(lambda out: results.serialize(out, ox.RdfFormat.N_TRIPLES), writer, origin,
                f"{limits.max_rows} triples")  # fmt: skip
    if form.format != ox.RdfFormat.N_TRIPLES:
        prefixes = TURTLE_PREFIXES if form.format == ox.RdfFormat.TURTLE else None
        nt = _converted(lambda: ox.serialize(ox.parse(nt, ox.RdfFormat.N_TRIPLES), format=form.format,
                                             prefixes=prefixes), origin, "triple")  # fmt: skip
    return Answer(nt, form.content_type)


def _boolean(results: Any, accept: str | None) -> Answer:
    form: Form = choose(SOLUTION_FORMS, accept)
    return Answer(results.serialize(format=form.format), form.content_type)


def evaluate(store: Any, text: str, accept: str | None, limits: Limits, stop: threading.Event,
             origin: str = "query", dataset: dict | None = None) -> Answer:  # fmt: skip
    """The answer to ``text`` in the form ``accept`` prefers (blocking: run it in a worker thread)."""
    text = refuse_service(text, origin, SERVICE_HINT)
    try:
        results = store.query(text, prefixes=TURTLE_PREFIXES, **(dataset or {}))
    except SyntaxError as err:
        problem = first_line(err)
    else:
        problem = None
    if problem is not None:  # raised outside the handler: no frame of the query is kept
        raise _not_a_query(text, origin, problem)
    if isinstance(results, ox.QuerySolutions):
        return _solutions(results, accept, limits, stop, origin)
    if isinstance(results, ox.QueryTriples):
        return _triples(results, accept, limits, stop, origin)
    return _boolean(results, accept)


def outcome(store: Any, text: str, accept: str | None, limits: Limits, stop: threading.Event,
            origin: str = "query", dataset: dict | None = None) -> Answer | Refusal:  # fmt: skip
    """:func:`evaluate`, its failures as a refusal (what a worker sends back, never raising)."""
    try:
        return evaluate(store, text, accept, limits, stop, origin, dataset)
    except NotAcceptable as err:
        status, message = NOT_ACCEPTABLE, str(err)
    except Refusal as err:
        status, message = err.status, str(err)
    except HgrKgError as err:
        status, message = _status(str(err)), str(err)
    except MemoryError:
        status, message = UNAVAILABLE, f"{origin}: stopped: the query needed more than its memory limit"
    except Exception as err:  # pyoxigraph's own failures (an unreadable store): one line still
        status, message = INTERNAL, f"{origin}: the query could not be run: {first_line(err)}"
    # a new exception, made outside the handlers: the frames that hold pyoxigraph's results are
    # freed here, in the worker (they must be dropped in the thread that made them)
    return Refusal(status, message)

