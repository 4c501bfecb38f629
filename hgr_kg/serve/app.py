"""The ASGI application of ``hgr-kg serve`` (Starlette): one context shared by every route, the routes
of each part of the site (``hgr_kg.serve.sparql``: the SPARQL protocol; ``hgr_kg.serve.api``: the
canned queries as a web API; ``hgr_kg.serve.pages``: the HTML pages) gathered into one app."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from hgr_kg.serve.limits import (
    DEFAULT_CACHE_SIZE,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_MEMORY,
    DEFAULT_MAX_ROWS,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
    MAX_BODY,
)

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from hgr_kg.paths import Project
    from hgr_kg.query.canned import CannedQuery
    from hgr_kg.serve.cache import AnswerCache
    from hgr_kg.serve.engine import Limits
    from hgr_kg.serve.workers import Pool

T = TypeVar("T")


@dataclass
class ServeContext:
    """What every route needs: the project, the store opened once (read-only use), the limits, the
    worker processes that run the queries of /sparql and /api (:mod:`hgr_kg.serve.workers`), the
    threads that run the pages' work (pyoxigraph releases the GIL while it evaluates)."""

    project: Project
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = DEFAULT_WORKERS
    max_body: int = MAX_BODY
    max_bytes: int = DEFAULT_MAX_BYTES  # of one answer
    max_memory: int = DEFAULT_MAX_MEMORY  # bytes of data in one query worker
    hosts: tuple[str, ...] = ()  # names answered at the server's port, besides 127.0.0.1, localhost, [::1]
    proxy_names: tuple[str, ...] = ()  # names answered at any port (a reverse proxy's: --allow-host)
    cache_size: int = DEFAULT_CACHE_SIZE  # bytes of answers kept; 0: no cache
    _answers: AnswerCache | None = field(default=None, repr=False)
    _store: Any = field(default=None, repr=False)
    _pool: Pool | None = field(default=None, repr=False)
    _executor: ThreadPoolExecutor | None = field(default=None, repr=False)
    _queries: dict[str, CannedQuery] | None = field(default=None, repr=False)
    _busy: list[Callable] = field(default_factory=list, repr=False)  # the work running now

    @property
    def store(self) -> Any:
        """The pyoxigraph store of ``dist/store`` (built or rebuilt when a source changed)."""
        if self._store is None:
            from hgr_kg.graph.store import open_store

            self._store = open_store(self.project, self.project.root / "dist" / "store")
        return self._store

    @property
    def limits(self) -> Limits:
        from hgr_kg.serve.engine import Limits

        return Limits(self.timeout, self.max_rows, self.max_bytes)

    @property
    def pool(self) -> Pool:
        """The query workers, over the store generation this server opened."""
        if self._pool is None:
            from hgr_kg.graph.store import current_db
            from hgr_kg.serve.workers import Pool

            self.store  # noqa: B018  (opened, or built, first)
            db = current_db(self.project.root / "dist" / "store")
            self._pool = Pool(str(db), self.workers, self.max_memory)
            self._pool.start()
        return self._pool

    @property
    def answers(self) -> AnswerCache | None:
        """The answer cache (:mod:`hgr_kg.serve.cache`); None with a cache size of 0."""
        if self._answers is None and self.cache_size > 0:
            from hgr_kg.serve.cache import AnswerCache

            self._answers = AnswerCache(self.cache_size)
        return self._answers

    @property
    def queries(self) -> dict[str, CannedQuery]:
        """The canned queries of ``queries/`` by name, read once."""
        if self._queries is None:
            from hgr_kg.query.canned import list_queries

            self._queries = {query.name: query for query in list_queries(self.project.queries)}
        return self._queries

    def run(self, work: Callable[[], T]) -> asyncio.Future[T]:
        """``work()`` in a worker thread, awaitable from the event loop."""
        if self._executor is None:
            from hgr_kg.query.guard import no_network

            # every thread that runs work for a request is cut off the network (the server sends nothing)
            self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="hgr-kg serve",
                                                initializer=no_network)  # fmt: skip

        def tracked() -> T:
            self._busy.append(work)
            try:
                return work()
            finally:
                self._busy.remove(work)

        return asyncio.get_running_loop().run_in_executor(self._executor, tracked)

    def close(self) -> bool:
        """Stop taking work; whether a query (abandoned at its time limit) still runs."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        if self._pool is not None:
            self._pool.close()
        return bool(self._busy)


def create_app(context: ServeContext) -> Starlette:
    """The application: every part's routes, in order (the first match wins), behind the Host check
    (:mod:`hgr_kg.serve.hosts`); answers of 1 KiB or more gzip-compressed when the client asks
    (Starlette's GZipMiddleware: the query editor's scripts, 1.2 MB, go out as about a third; cached
    answers are compressed once, by :mod:`hgr_kg.serve.cache`)."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware

    from hgr_kg.serve import api, pages, sparql
    from hgr_kg.serve.cache import gzip_middleware
    from hgr_kg.serve.hosts import HostCheck

    context.pool  # noqa: B018  (the query workers started before the first request)
    return Starlette(
        routes=[*sparql.routes(context), *api.routes(context), *pages.routes(context)],
        middleware=[Middleware(HostCheck, local=context.hosts, proxies=context.proxy_names),
                    Middleware(gzip_middleware(), minimum_size=1024)],  # fmt: skip
    )
