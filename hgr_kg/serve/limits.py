"""The server's default limits, apart from the app (which imports asyncio, 0.07 s): every command's
``--help`` names them, and building the command line must not import the server."""

from __future__ import annotations

import os

DEFAULT_TIMEOUT = 10.0  # seconds per request
DEFAULT_MAX_ROWS = 10_000  # rows (or triples) per answer
DEFAULT_WORKERS = max(4, 2 * (os.cpu_count() or 1))  # processes that run queries (and threads for pages)
DEFAULT_MAX_BYTES = 64 << 20  # bytes per answer (as TSV or N-Triples)
DEFAULT_MAX_MEMORY = 1 << 30  # bytes of data one query may hold (each worker's RLIMIT_DATA)
MAX_BODY = 1 << 20  # bytes in a POST body
DEFAULT_MAX_CONNECTIONS = 256  # connections open at once (each holds a file descriptor)
DEFAULT_CACHE_SIZE = 64 << 20  # bytes of answers kept (hgr_kg.serve.cache); 0: none
HEADER_TIMEOUT = 10.0  # seconds a client has to send a request's head, and then its body
