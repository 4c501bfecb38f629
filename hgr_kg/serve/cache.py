"""The server's answer cache. The store does not change between builds, so an answer is a function of
the store generation the server's workers opened and of the request: the query text (a canned query's
with its parameters bound), the dataset (``default-graph-uri``, ``named-graph-uri``) and the forms
``Accept`` chooses for solutions and for triples. The key is a digest of these; the value is the
encoded answer (and, once a client asked for it, its gzip encoding), kept least recently used first
and bounded by bytes: every entry counts its bodies and a fixed overhead, an answer over the per-entry
cap is not kept, and the oldest entries go when the total is over the bound. A new build is another
generation, hence other keys: an old answer is never served for it. Refusals (errors, timeouts) are
never kept.

Every answer that goes through the cache has a strong ``ETag`` (a digest of the key and the bytes of
the body, so two evaluations that wrote rows in another order never share one), ``Cache-Control:
no-cache`` (a client may keep it but asks again; a repeat with ``If-None-Match`` gets 304 and no
body) and ``X-Cache: hit`` or ``miss``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.responses import Response

from hgr_kg.serve.negotiate import GRAPH_FORMS, SOLUTION_FORMS, Form, NotAcceptable, choose
from hgr_kg.serve.workers import answer

if TYPE_CHECKING:
    from starlette.requests import Request

    from hgr_kg.serve.app import ServeContext

ENTRY_OVERHEAD = 256  # bytes counted for each entry besides its bodies (the objects that hold them)
GZIP_MIN = 1024  # bytes: smaller answers go out as they are (as GZipMiddleware does)
GZIP_LEVEL = 6
CACHE_CONTROL = "no-cache"  # the store changes only with a build: keep, but revalidate
VARY = "Accept"  # and Accept-Encoding, added by GZipMiddleware to an answer it could have compressed


@dataclass
class Entry:
    body: bytes
    content_type: str
    etag: str
    gzipped: bytes | None = None

    @property
    def size(self) -> int:
        return ENTRY_OVERHEAD + len(self.body) + len(self.gzipped or b"")

    @property
    def gzip_etag(self) -> str:
        return self.etag[:-1] + '-gzip"'


def _form(forms: tuple[Form, ...], accept: str | None) -> str | None:
    try:
        return choose(forms, accept).media_type
    except NotAcceptable:
        return None


def request_key(generation: str, text: str, dataset: dict, accept: str | None) -> bytes:
    """The digest of what an answer depends on (the Accept header as the two forms it chooses)."""
    graphs = {name: [node.value for node in nodes] for name, nodes in sorted(dataset.items())}
    parts = [generation, text, graphs, _form(SOLUTION_FORMS, accept), _form(GRAPH_FORMS, accept)]
    return hashlib.blake2b(json.dumps(parts).encode(), digest_size=32).digest()


class AnswerCache:
    """Answers by key, least recently used first, at most ``max_bytes`` in all and ``max_entry`` each."""

    def __init__(self, max_bytes: int, max_entry: int | None = None) -> None:
        self.max_bytes = max_bytes
        self.max_entry = max_bytes // 16 if max_entry is None else max_entry
        self._entries: OrderedDict[bytes, Entry] = OrderedDict()
        self.size = 0  # bytes counted
        self.hits = self.misses = self.evictions = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: bytes) -> Entry | None:
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry

    def put(self, key: bytes, body: bytes, content_type: str) -> Entry:
        """The entry for this answer, kept unless it is over the per-entry cap."""
        digest = hashlib.blake2b(key + body, digest_size=16).hexdigest()
        entry = Entry(body, content_type, f'"{digest}"')
        if entry.size <= self.max_entry:
            old = self._entries.pop(key, None)
            self.size -= old.size if old is not None else 0
            self._entries[key] = entry
            self.size += entry.size
            self._shrink()
        return entry

    def gzipped(self, key: bytes, entry: Entry) -> bytes:
        """The entry's body gzip-compressed, compressed once if the entry is kept (and stays in bounds)."""
        if entry.gzipped is not None:
            return entry.gzipped
        packed = gzip.compress(entry.body, GZIP_LEVEL, mtime=0)
        if self._entries.get(key) is entry and entry.size + len(packed) <= self.max_entry:
            entry.gzipped = packed
            self.size += len(packed)
            self._shrink()
        return packed

    def _shrink(self) -> None:
        while self.size > self.max_bytes and self._entries:
            _, oldest = self._entries.popitem(last=False)
            self.size -= oldest.size
            self.evictions += 1


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (named, or ``*``, with a quality above 0): what
    the cache and the app's GZip middleware (:func:`gzip_middleware`) both decide by."""
    if not header:
        return False
    allowed = {}
    for item in header.split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        allowed[coding.lower()] = quality
    return allowed.get("gzip", allowed.get("*", 0.0)) > 0


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names ``etag`` (weak comparison, as RFC 9110 asks) or is ``*``."""
    if not if_none_match:
        return False
    tags = [tag.strip() for tag in if_none_match.split(",")]
    return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)


def gzip_middleware() -> type:
    """Starlette's GZipMiddleware, which compresses when Accept-Encoding merely contains "gzip", reading
    the header as the cache does: ``gzip;q=0`` gets an uncompressed answer from both."""
    from starlette.datastructures import Headers
    from starlette.middleware.gzip import GZipMiddleware

    class GZip(GZipMiddleware):
        async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
            if scope["type"] == "http" and not accepts_gzip(Headers(scope=scope).get("accept-encoding")):
                scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"]}
            await super().__call__(scope, receive, send)

    return GZip


async def respond(context: ServeContext, request: Request, text: str, dataset: dict, origin: str) -> Response:
    """The answer to ``text`` for ``request``: from the cache, or from a query worker (and then kept);
    with the cache off, as the worker wrote it, with none of the cache's headers."""
    accept = request.headers.get("accept")
    cache = context.answers
    if cache is None:
        found = await answer(context.pool, text, accept, context.limits, origin=origin, dataset=dataset)
        return Response(found.body, media_type=found.content_type)
    key = request_key(context.pool.db, text, dataset, accept)
    entry, state = cache.get(key), "hit"
    if entry is None:  # a refusal is raised here: never kept
        found = await answer(context.pool, text, accept, context.limits, origin=origin, dataset=dataset)
        entry, state = cache.put(key, found.body, found.content_type), "miss"
    packed = len(entry.body) >= GZIP_MIN and accepts_gzip(request.headers.get("accept-encoding"))
    etag = entry.gzip_etag if packed else entry.etag
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": VARY, "X-Cache": state}
    if matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    if packed:
        headers["Content-Encoding"], headers["Vary"] = "gzip", f"{VARY}, Accept-Encoding"
        return Response(cache.gzipped(key, entry), media_type=entry.content_type, headers=headers)
    return Response(entry.body, media_type=entry.content_type, headers=headers)
