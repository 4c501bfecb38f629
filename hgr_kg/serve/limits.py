"""The server's default limits, apart from the app (which imports asyncio, 0.07 s): every command's
``--help`` names them, and building the command line must not import the server."""

from __future__ import annotations

import os

DEFAULT_TIMEOUT = 10.0  # seconds per request
DEFAULT_MAX_ROWS = 10_000  # rows (or triples) per answer
DEFAULT_WORKERS = max(4, 2 * (os.cpu_count() or 1))  # threads that run queries
MAX_BODY = 1 << 20  # bytes in a POST body
