"""The answer cache of ``hgr-kg serve`` (hgr_kg.serve.cache) over real HTTP: a repeat is served from the
cache with the same bytes, ETag and 304, keys that follow the parameters, the forms and the store
generation (a rebuild never serves an old answer), bounds in bytes (least recently used out first,
a flood of distinct queries held to the bound), refusals never kept, gzip kept once."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from hgr_kg.graph.store import open_store
from hgr_kg.paths import Project
from hgr_kg.serve.app import ServeContext, create_app
from hgr_kg.serve.cache import ENTRY_OVERHEAD, AnswerCache
from tests.support.served import serving

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LABELS = ("SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
          "ORDER BY ?s ?label")
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JSON = "application/sparql-results+json"


def fetch(url: str, headers: dict | None = None, data: bytes | None = None) -> tuple[int, dict, bytes]:
    """(status, headers with lower-case names, body) of one request; an HTTP error is an answer too."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def sparql(base: str, query: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    url = f"{base}/sparql?{urllib.parse.urlencode({'query': query})}"
    return fetch(url, {"Accept": JSON, **(headers or {})})


@pytest.fixture(scope="module")
def served(project: Project) -> Iterator[tuple[str, ServeContext]]:
    context = ServeContext(project, timeout=60, workers=2)
    with serving(create_app(context)) as base:
        yield base, context
    context.close()


def test_a_repeat_is_a_hit_with_the_same_bytes_and_etag(served) -> None:
    base, context = served
    query = LABELS + " LIMIT 40"
    status, first, body = sparql(base, query)
    assert (status, first["x-cache"], first["cache-control"]) == (200, "miss", "no-cache")
    hits = context.answers.hits
    status, again, repeat = sparql(base, query)
    assert (status, again["x-cache"], repeat) == (200, "hit", body)
    assert context.answers.hits == hits + 1
    assert again["etag"] == first["etag"] and first["etag"].startswith('"') and len(first["etag"]) == 34
    assert again["content-type"] == first["content-type"] == JSON
    assert again["vary"] == "Accept, Accept-Encoding"  # over 1 KiB: each named once


def test_if_none_match_gives_304_and_no_body(served) -> None:
    base, _ = served
    _, headers, _ = sparql(base, COUNT)
    etag = headers["etag"]
    status, again, body = sparql(base, COUNT, {"If-None-Match": etag})
    assert (status, body, again["etag"], again["cache-control"]) == (304, b"", etag, "no-cache")
    assert sparql(base, COUNT, {"If-None-Match": f'"other", W/{etag}'})[0] == 304  # weak comparison
    status, _, body = sparql(base, COUNT, {"If-None-Match": '"something-else"'})
    assert status == 200 and b'"n"' in body


def test_a_post_of_the_same_query_is_the_same_entry(served) -> None:
    base, _ = served
    query = LABELS + " LIMIT 7"
    _, got, body = sparql(base, query)
    direct = {"Accept": JSON, "Content-Type": "application/sparql-query"}
    status, posted, same = fetch(f"{base}/sparql", direct, query.encode())
    assert (status, posted["x-cache"], posted["etag"], same) == (200, "hit", got["etag"], body)


def test_other_parameters_and_forms_are_other_answers(served) -> None:
    base, _ = served
    old = fetch(f"{base}/api/in-force-on?date=1990-01-01", {"Accept": "text/csv"})
    new = fetch(f"{base}/api/in-force-on?date=2024-01-01", {"Accept": "text/csv"})
    assert old[1]["x-cache"] == new[1]["x-cache"] == "miss"
    assert old[2] != new[2] and old[1]["etag"] != new[1]["etag"]
    assert len(new[2].splitlines()) > len(old[2].splitlines())
    as_json = fetch(f"{base}/api/in-force-on?date=2024-01-01", {"Accept": JSON})
    assert as_json[1]["x-cache"] == "miss" and as_json[1]["content-type"] == JSON
    again = fetch(f"{base}/api/in-force-on?date=2024-01-01", {"Accept": "text/csv; q=0.9"})
    assert (again[1]["x-cache"], again[2]) == ("hit", new[2])  # another Accept, the same form


def test_a_refusal_is_never_kept(project: Project) -> None:
    context = ServeContext(project, timeout=1.0, workers=2)
    with serving(create_app(context)) as base:
        for _ in range(2):
            status, headers, body = sparql(base, CROSS)
            assert status == 503 and b"stopped at the time limit of 1 s" in body
            assert "x-cache" not in headers and "etag" not in headers
        assert sparql(base, "SELECT ?x WHERE {")[0] == 400
        assert (len(context.answers), context.answers.size) == (0, 0)
        assert sparql(base, COUNT)[1]["x-cache"] == "miss"
    context.close()


def test_gzip_is_compressed_once_and_kept(served) -> None:
    base, context = served
    query = LABELS + " LIMIT 300"
    plain = sparql(base, query)
    first = sparql(base, query, {"Accept-Encoding": "gzip"})
    size = context.answers.size
    second = sparql(base, query, {"Accept-Encoding": "gzip, br"})
    assert first[1]["content-encoding"] == second[1]["content-encoding"] == "gzip"
    assert first[1]["vary"] == plain[1]["vary"] == "Accept, Accept-Encoding"
    assert gzip.decompress(first[2]) == plain[2] and second[2] == first[2]
    assert first[1]["etag"] == second[1]["etag"] != plain[1]["etag"]
    assert context.answers.size == size  # compressed once, counted once
    assert "content-encoding" not in sparql(base, query, {"Accept-Encoding": "gzip;q=0"})[1]
    assert sparql(base, query, {"Accept-Encoding": "gzip", "If-None-Match": first[1]["etag"]})[0] == 304


def test_a_rebuild_never_serves_an_old_answer(project_copy: Project) -> None:
    """One cache for two servers, before and after a build with one more triple: the same query is a
    miss, with the new count and another ETag; the old ETag gets the whole new answer."""
    shared = AnswerCache(1 << 20)
    store = project_copy.root / "dist" / "store"
    open_store(project_copy, store)
    before = ServeContext(project_copy, workers=1, _answers=shared)
    with serving(create_app(before)) as base:
        _, old, old_body = sparql(base, COUNT)
        assert sparql(base, COUNT)[1]["x-cache"] == "hit"
    before.close()
    (project_copy.data / "records").mkdir()
    (project_copy.data / "records" / "extra.nt").write_text(
        '<https://example.org/extra> <http://www.w3.org/2000/01/rdf-schema#label> "extra" .\n')
    open_store(project_copy, store)  # a new generation
    after = ServeContext(project_copy, workers=1, _answers=shared)
    with serving(create_app(after)) as base:
        status, new, new_body = sparql(base, COUNT, {"If-None-Match": old["etag"]})
    after.close()
    assert (status, new["x-cache"]) == (200, "miss")
    assert new["etag"] != old["etag"]
    count = lambda body: int(body.split(b'"value":"')[1].split(b'"')[0])  # noqa: E731
    assert count(new_body) == count(old_body) + 1


def test_the_cache_is_bounded_by_bytes_oldest_out_first() -> None:
    cache = AnswerCache(10 * (ENTRY_OVERHEAD + 1000), max_entry=4000)
    for i in range(10):
        cache.put(bytes([i]), b"x" * 1000, "text/plain")
    assert (len(cache), cache.size) == (10, 10 * (ENTRY_OVERHEAD + 1000))
    assert cache.get(bytes([0])) is not None  # now the most recent
    cache.put(b"new", b"y" * 1000, "text/plain")
    assert (len(cache), cache.evictions) == (10, 1)
    assert cache.get(bytes([1])) is None and cache.get(bytes([0])) is not None
    cache.put(b"big", b"z" * 4000, "text/plain")  # over the per-entry cap with its overhead: not kept
    assert cache.get(b"big") is None and cache.size == 10 * (ENTRY_OVERHEAD + 1000)


def test_a_flood_of_distinct_queries_stays_within_the_bound(project: Project) -> None:
    bound = 64 << 10
    flood = AnswerCache(10 << 20)
    for i in range(100_000):  # the cache alone: memory counted, never past the bound
        flood.put(i.to_bytes(8), b"r" * (i % 3000), "text/csv")
        assert flood.size <= flood.max_bytes
    assert flood.size == sum(entry.size for entry in flood._entries.values())
    context = ServeContext(project, timeout=60, workers=2, cache_size=bound)
    with serving(create_app(context)) as base:
        for i in range(300):
            assert sparql(base, f"SELECT ?n WHERE {{ VALUES ?n {{ {i} }} }}")[0] == 200
            assert context.answers.size <= bound
        assert 0 < len(context.answers) < 300 and context.answers.evictions > 0
        assert sparql(base, "SELECT ?n WHERE { VALUES ?n { 0 } }")[1]["x-cache"] == "miss"
        assert sparql(base, "SELECT ?n WHERE { VALUES ?n { 299 } }")[1]["x-cache"] == "hit"
    context.close()


def test_no_cache(project: Project) -> None:
    context = ServeContext(project, timeout=60, workers=1, cache_size=0)
    with serving(create_app(context)) as base:
        status, headers, _ = sparql(base, COUNT)
        assert status == 200 and not {"x-cache", "etag", "cache-control"} & set(headers)
    assert context.answers is None
    context.close()
