"""A query past its limits frees what it holds: ``hgr-kg serve`` runs each query in a worker process that
is killed at the time limit (and replaced) and capped in memory, so query bombs neither block the
queries after them nor keep a core busy nor grow the server."""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hgr_kg.paths import Project
from hgr_kg.serve.app import ServeContext, create_app
from tests.support.served import serving

CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = "SELECT ?n WHERE { VALUES ?n { 42 } }"
STRING_BOMB = ('SELECT ?v WHERE { BIND("ab" AS ?v0) '
               + " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(40))
               + " BIND(STRLEN(?v40) AS ?v) }")  # fmt: skip
MAX_MEMORY = 256 << 20


def ask(base: str, query: str, timeout: float = 60) -> tuple[int, str]:
    url = f"{base}/sparql?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "text/csv"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def workers_of(pid: int) -> list[int]:
    """The query worker processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"hgr_kg.serve.worker" in command:
            found.append(int(entry.name))
    return found


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0  # gone
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


@pytest.fixture(scope="module")
def server(project: Project) -> Iterator[str]:
    context = ServeContext(project, timeout=1.0, workers=4, max_memory=MAX_MEMORY)
    with serving(create_app(context)) as base:
        yield base
    context.close()


def test_twenty_bombs_leave_the_server_answering(server: str) -> None:
    with ThreadPoolExecutor(3) as clients:  # three at a time: one worker of four stays for others
        answers = list(clients.map(lambda _: ask(server, CROSS), range(20)))
    assert [status for status, _ in answers] == [503] * 20
    assert all("stopped at the time limit of 1 s (--timeout)" in body for _, body in answers), answers[0]
    started = time.monotonic()
    status, body = ask(server, CHEAP)
    elapsed = time.monotonic() - started
    assert (status, body) == (200, "n\r\n42\r\n")
    assert elapsed < 1.0  # the server's own limit is 1 s: answered, and within it


def test_a_bomb_past_its_time_keeps_no_core_busy(server: str) -> None:
    assert ask(server, CROSS)[0] == 503
    time.sleep(0.5)  # the killed worker is reaped, its replacement started
    workers = workers_of(os.getpid())
    assert len(workers) >= 4
    before = {pid: cpu_seconds(pid) for pid in workers}
    time.sleep(1.0)
    busy = {pid: cpu_seconds(pid) - before[pid] for pid in workers}
    # an abandoned query would burn about a whole second here; a new worker starting takes ~0.2 s
    assert max(busy.values()) < 0.5, busy


def test_a_string_bomb_is_stopped_by_the_memory_cap(project: Project) -> None:
    context = ServeContext(project, timeout=30.0, workers=2, max_memory=MAX_MEMORY)
    with serving(create_app(context)) as base:
        me = rss(os.getpid())
        for _ in range(3):
            status, body = ask(base, STRING_BOMB)
            assert status == 503
            assert "memory limit of 256 MiB (--max-memory)" in body
        assert ask(base, CHEAP) == (200, "n\r\n42\r\n")
        assert rss(os.getpid()) - me < 64 << 20  # the server did not grow
        assert all(rss(pid) < MAX_MEMORY for pid in workers_of(os.getpid()))
    context.close()


def test_the_answer_is_held_to_a_byte_limit_as_well_as_rows(project: Project) -> None:
    rows = 'SELECT ?v WHERE { VALUES ?i { ' + " ".join(str(i) for i in range(300)) + ' } ' \
           'BIND(CONCAT(STR(?i), "' + "x" * 8000 + '") AS ?v) }'  # fmt: skip
    context = ServeContext(project, timeout=30.0, workers=1, max_rows=10_000, max_bytes=1 << 20)
    with serving(create_app(context)) as base:
        expected = "query: the answer is over 1 MiB (--max-bytes); narrow the query or add a LIMIT\n"
        assert ask(base, rows) == (413, expected)
    context.close()


def test_a_row_over_16_mib_is_413_in_one_line(project: Project) -> None:
    big = ('SELECT ?v WHERE { BIND("' + "a" * 68 + '" AS ?v0) '
           + " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(18)) + " BIND(?v18 AS ?v) }")
    context = ServeContext(project, timeout=60.0, workers=1)
    with serving(create_app(context)) as base:
        status, body = ask(base, big)  # CSV: written from the TSV lines, read back by pyoxigraph
        expected = ("query: a row of the answer is over 16 MiB, more than can be written in this form; ask "
                    "for text/tab-separated-values or narrow the query\n")
        assert (status, body) == (413, expected)
        url = f"{base}/sparql?" + urllib.parse.urlencode({"query": big})
        request = urllib.request.Request(url, headers={"Accept": "text/tab-separated-values"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert len(response.read()) == 68 * 2**18 + 2 + 4  # "?v\n", the quoted value, "\n"
    context.close()
