"""The canned queries through the SPARQL protocol: ``hgr-kg serve`` (with its answer cache, and with
``--no-cache``) beside Oxigraph's own server (``oxigraph serve-read-only``, the same engine, from the
``oxigraph`` package), rdflib-endpoint (rdflib's memory store behind FastAPI) and Virtuoso, on the
same triples, in the same run. hgr-kg serve's warm-up pass fills its cache: with the cache on, every
measured request is a repeat (a hit); with it off, every request is evaluated.

Each server runs in its own process on 127.0.0.1. Every canned query (its example parameters bound
as a VALUES block, as ``hgr-kg query run`` binds them on Oxigraph) is sent by GET ``/sparql?query=``
(by POST of a form if the URL would be over 7,000 bytes: Oxigraph's server refuses a head over 8 KiB)
with ``Accept: application/sparql-results+json``, over one keep-alive connection per client; each
client goes through the whole list (starting at its own offset) ``--passes`` times. Throughput is
answers per second of wall time; latency is each request's, p50 and p95 over all requests. An answer
whose rows differ in number from hgr-kg's is counted as a mismatch.

With ``--records N`` the servers hold the curated graph plus N synthetic permit decisions
(benchmarks/synth.py, as the scale benchmark makes them; Virtuoso loads them with its bulk loader).
rdflib-endpoint evaluates on its event loop and cannot stop a query, so with ``--rdflib-timeout S``
each query is first sent to it once: one not answered within S seconds is named in the report, its
server process replaced (the graph stays parsed in the parent process), and the query left out of
the workload of every server (so that the ratios compare the same queries); hgr-kg serve and
Virtuoso then answer the left-out queries once each, for the record.

``--hgr-only`` serves a copy of the project whose two codes hold only their HGR articles (the graph
the feature tests build, ``tests/conftest.py: hgr_copy``) instead of the whole project.
``--skip NAME`` leaves a server out (e.g. ``--skip rdflib-endpoint Virtuoso`` for a quick run).

``--overhead`` measures instead what the server adds to one cheap query (``definitions``) at one
client: the same query in this process (pyoxigraph alone; the server's evaluate()), over HTTP, and
``ASK {}`` over HTTP (the HTTP stack alone), medians of ``--overhead-requests``.

    make bench-serve        (pip-installs rdflib-endpoint and oxigraph into .venv first: the benchmark's only)
    make bench-serve-200k   (the same with 200,000 records, rdflib-endpoint held to 10 s a query)
    PYTHONPATH=. .venv/bin/python benchmarks/serve.py [--passes 5] [--rdflib-passes 1] [--json FILE]
        [--records N] [--rdflib-timeout S] [--hgr-only] [--skip NAME...] [--overhead]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from benchmarks.serve_peers import RDFLIB_ENDPOINT, start_oxigraph, start_virtuoso
from hgr_kg.paths import Project
from hgr_kg.query.canned import bind_params, list_queries, with_values
from tests.support import virtuoso  # run with PYTHONPATH=. (it starts Virtuoso as the tests do)

ROOT = Path(__file__).resolve().parent.parent

HGR, HGR_NO_CACHE, OXIGRAPH = "hgr-kg serve", "hgr-kg serve --no-cache", "Oxigraph server"
LONGEST_URL = 7000  # bytes of path and query string sent by GET; a longer query goes by POST
SERVERS = (HGR, HGR_NO_CACHE, OXIGRAPH, "rdflib-endpoint", "Virtuoso")


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    by_query: dict[str, list[float]] = field(default_factory=dict)
    wall: float = 0.0


def workload(project: Project) -> list[tuple[str, str]]:
    out = []
    for query in list_queries(project.queries):
        examples = {p.name: p.example for p in query.params if p.required}
        out.append((query.name, with_values(query.text, bind_params(query, examples))))
    return out


def ask(connection: http.client.HTTPConnection, path: str, text: str) -> tuple[int, bytes]:
    """One query by GET, or, if its URL would be over 8 KiB (Oxigraph's server refuses a request head
    over 8 KiB), by POST of a form, to every server alike."""
    form = urllib.parse.urlencode({"query": text})
    headers = {"Accept": "application/sparql-results+json"}
    if len(form) + len(path) < LONGEST_URL:
        connection.request("GET", f"{path}?{form}", headers=headers)
    else:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request("POST", path, body=form.encode(), headers=headers)
    answer = connection.getresponse()
    return answer.status, answer.read()


def client(port: int, path: str, jobs: list[tuple[str, str]], run: Run, lock: threading.Lock) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    for name, text in jobs:
        started = time.perf_counter()
        try:
            status, body = ask(connection, path, text)
            rows = len(json.loads(body)["results"]["bindings"]) if status == 200 else None
        except Exception as err:  # a failed request is counted, not fatal
            status, rows, body = 0, None, str(err).encode()
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        elapsed = time.perf_counter() - started
        with lock:
            run.latencies.append(elapsed)
            run.by_query.setdefault(name, []).append(elapsed)
            if rows is None:
                run.errors.append(f"{name}: {status} {body[:120]!r}")
            else:
                run.rows[name] = rows
    connection.close()


def measure(port: int, path: str, queries: list[tuple[str, str]], clients: int, passes: int) -> Run:
    run, lock = Run(), threading.Lock()
    threads = []
    for i in range(clients):
        order = queries[i % len(queries) :] + queries[: i % len(queries)]
        threads.append(threading.Thread(target=client, args=(port, path, order * passes, run, lock)))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.wall = time.perf_counter() - started
    return run


def wait_for(port: int, path: str, process: subprocess.Popen | None, timeout: float = 1800) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            if ask(connection, path, "ASK { }")[0] == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server on port {port} did not answer in time")
        time.sleep(0.5)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(run: Run, reference: dict[str, int] | None) -> dict:
    mismatches = sorted(n for n, r in run.rows.items() if reference is not None and reference.get(n) != r)
    latencies = run.latencies
    per_query = {n: 1000 * percentile(v, 0.95) for n, v in sorted(run.by_query.items())}
    return {"requests": len(latencies), "wall": run.wall, "throughput": len(latencies) / run.wall,
            "p50_ms": 1000 * statistics.median(latencies), "p95_ms": 1000 * percentile(latencies, 0.95),
            "errors": run.errors[:20], "error_count": len(run.errors), "mismatches": mismatches,
            "per_query_p95_ms": per_query}  # fmt: skip


def start_hgr(project: Project, *options: str) -> tuple[int, str, subprocess.Popen]:
    port = virtuoso.free_port()
    hgr = subprocess.Popen([sys.executable, "-m", "hgr_kg", "--root", str(project.root), "serve", "--port",
                            str(port), "--timeout", "300", "--max-rows", "1000000", *options],
                           stderr=subprocess.DEVNULL)  # fmt: skip
    return port, "/sparql", hgr


def start_servers(project: Project, dump: Path, folder: Path, bulk: bool, skip: list[str],
                  servers: dict) -> None:  # fmt: skip
    """hgr-kg serve (cache on, then off), Oxigraph's server, rdflib-endpoint and Virtuoso on free ports,
    but those in ``skip``, into ``servers``: name -> (port, path, stop) (filled as each starts, so
    that the caller stops those started should a later one fail)."""
    servers[HGR] = start_hgr(project)
    if HGR_NO_CACHE not in skip:
        servers[HGR_NO_CACHE] = start_hgr(project, "--no-cache")
    if OXIGRAPH not in skip:
        servers[OXIGRAPH] = start_oxigraph(dump, folder)
    if "rdflib-endpoint" not in skip:
        port = virtuoso.free_port()
        rdf = subprocess.Popen(
            [sys.executable, "-c", RDFLIB_ENDPOINT, str(dump), str(port)], stderr=subprocess.DEVNULL
        )
        servers["rdflib-endpoint"] = (port, "/", rdf)
    if "Virtuoso" not in skip:
        running = start_virtuoso(dump, folder, bulk)
        servers["Virtuoso"] = (running.http_port, "/sparql", running)
    for port, path, process in servers.values():
        wait_for(port, path, process if isinstance(process, subprocess.Popen) else None)


def answered_in_time(port: int, path: str, process: subprocess.Popen, queries: list[tuple[str, str]],
                     limit: float) -> tuple[list[tuple[str, str]], dict[str, float | None]]:  # fmt: skip
    """Each query once (the warm-up): those answered within ``limit`` seconds, and the time of each
    (None: not answered in time; the server process is then replaced)."""
    kept, times = [], {}
    for name, text in queries:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=limit)
        started = time.perf_counter()
        try:
            ask(connection, path, text)
        except TimeoutError:
            times[name] = None
            process.send_signal(signal.SIGUSR1)
            time.sleep(1)
            wait_for(port, path, process)
        else:
            times[name] = time.perf_counter() - started
            kept.append((name, text))
        finally:
            connection.close()
    return kept, times


def stop(process) -> None:
    if isinstance(process, subprocess.Popen):
        process.terminate()
        process.wait(timeout=30)
    else:
        process.stop()


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.machine())  # fmt: skip
    return (
        f"{cpu}, {os.cpu_count()} cores (shared with other jobs), Python {platform.python_version()}, "
        f"{date.today().isoformat()}"
    )


def with_records(records: int, folder: Path) -> Project:
    """A copy of the project whose data/records holds ``records`` synthetic decisions (seed 1)."""
    from benchmarks.scale import _project_with
    from benchmarks.synth import write

    path = folder / f"permits-synthetic-{records}.nt"
    write(records, 1, path)
    (folder / "project").mkdir()
    project = Project(_project_with(path, folder / "project"))
    path.unlink()
    return project


def dump_store(project: Project, dump: Path) -> int:
    """The project's store (built first if need be) as N-Triples; the number of triples."""
    import pyoxigraph as ox

    from hgr_kg.graph.store import open_store

    open_store(project, project.root / "dist" / "store").dump(str(dump), ox.RdfFormat.N_TRIPLES,
                                                             from_graph=ox.DefaultGraph())  # fmt: skip
    with dump.open("rb") as lines:
        return sum(1 for _ in lines)


def run_all(servers: dict, queries: list[tuple[str, str]], args: argparse.Namespace, results: dict) -> None:
    """The workload on every server at each number of clients, after a warm-up pass (for
    rdflib-endpoint under --rdflib-timeout: the pass that finds the queries it answers in time)."""
    if args.rdflib_timeout and "rdflib-endpoint" in servers:
        port, path, process = servers["rdflib-endpoint"]
        queries, times = answered_in_time(port, path, process, queries, args.rdflib_timeout)
        results["rdflib_warmup_s"] = times
        results["left_out"] = [name for name, took in times.items() if took is None]
        print(f"rdflib-endpoint: not answered within {args.rdflib_timeout:g} s: {results['left_out']}",
              file=sys.stderr)  # fmt: skip
    results["queries"] = len(queries)
    reference = None
    for name, (port, path, _) in servers.items():
        if not (args.rdflib_timeout and name == "rdflib-endpoint"):
            measure(port, path, queries, 1, 1)  # warm-up: caches, parsed queries
        for clients in args.clients:
            passes = args.rdflib_passes if name == "rdflib-endpoint" else args.passes
            run = measure(port, path, queries, clients, passes)
            if reference is None:
                reference = dict(run.rows)
            done = results["runs"][f"{name} x{clients}"] = summary(run, reference)
            print(f"{name} x{clients}: {done['throughput']:.2f}/s, p50 {done['p50_ms']:.0f} ms, p95 "
                  f"{done['p95_ms']:.0f} ms, {done['error_count']} errors (load {load_average()})",
                  file=sys.stderr)  # fmt: skip
            if args.json:  # what is done so far, should a long run be cut short
                args.json.write_text(json.dumps(results, indent=2))


def run_left_out(servers: dict, queries: list[tuple[str, str]], left_out: list[str], results: dict) -> None:
    """The queries rdflib-endpoint did not answer in time, once each on the other two servers."""
    jobs = [(name, text) for name, text in queries if name in left_out]
    for name in (HGR, "Virtuoso"):
        if jobs and name in servers:
            port, path, _ = servers[name]
            run = measure(port, path, jobs, 1, 1)
            found = {n: (1000 * v[0], run.rows.get(n)) for n, v in run.by_query.items()}
            results["left_out_runs"][name] = found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5, help="passes per client for hgr-kg and Virtuoso")
    parser.add_argument("--rdflib-passes", type=int, default=1, help="passes per client for rdflib-endpoint")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--records", type=int, default=0, help="also this many synthetic permit decisions")
    parser.add_argument("--rdflib-timeout", type=float, metavar="S",
                        help="leave out the queries rdflib-endpoint cannot answer in S seconds")  # fmt: skip
    parser.add_argument("--hgr-only", action="store_true",
                        help="a copy whose codes hold only their HGR articles (as in tests)")  # fmt: skip
    parser.add_argument("--skip", nargs="+", default=[], choices=SERVERS[1:], metavar="NAME",
                        help=f"leave these servers out (of: {', '.join(SERVERS[1:])})")  # fmt: skip
    parser.add_argument("--overhead", action="store_true", help="only what the server adds to one query")
    parser.add_argument("--overhead-requests", type=int, default=300)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    if args.overhead:
        from benchmarks.serve_overhead import overhead

        print(overhead(Project.locate(ROOT), args.overhead_requests))
        return
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), "load_start": load_average(), "records": args.records, "runs": {},
               "left_out": [], "left_out_runs": {}, "rdflib_timeout": args.rdflib_timeout}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        project = with_records(args.records, Path(tmp)) if args.records else Project.locate(ROOT)
        if args.hgr_only:
            from tests.conftest import hgr_copy

            (Path(tmp) / "hgr-only").mkdir()
            project = hgr_copy(Path(tmp) / "hgr-only")
        queries = workload(project)
        results["all_queries"] = len(queries)
        dump = Path(tmp) / "graph.nt"
        results["triples"] = dump_store(project, dump)
        servers: dict = {}
        try:
            start_servers(project, dump, Path(tmp), bool(args.records), args.skip, servers)
            run_all(servers, queries, args, results)
            run_left_out(servers, queries, results["left_out"], results)
        finally:
            for _, _, process in servers.values():
                stop(process)
    results["load_end"] = load_average()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(report(results))


def report(results: dict) -> str:
    runs = results["runs"]
    what = f" plus {results['records']:,} synthetic permit decisions" if results["records"] else ""
    lines = [f"Machine: {results['machine']}; load average (1, 5, 15 min) {results['load_start']} at the "
             f"start, {results['load_end']} at the end. {results['triples']:,} triples (the curated graph"
             f"{what}), {results['queries']} of the {results['all_queries']} canned queries.",
             ""]  # fmt: skip
    if results["left_out"]:
        lines += [f"Left out (rdflib-endpoint did not answer them within {results['rdflib_timeout']:g} s): "
                  + ", ".join(f"`{n}`" for n in results["left_out"]) + ".", ""]  # fmt: skip
    lines += ["| server | clients | requests | answers/s | × Oxigraph server | × rdflib-endpoint | "
              "p50 (ms) | p95 (ms) | errors | rows differ from hgr-kg |", "|---" * 10 + "|"]  # fmt: skip
    for key, run in runs.items():
        name, clients = key.rsplit(" x", 1)
        ratios = []
        for base in (runs.get(f"{OXIGRAPH} x{clients}"), runs.get(f"rdflib-endpoint x{clients}")):
            ratios.append(f"{run['throughput'] / base['throughput']:.2f}" if base else "")
        lines.append(f"| {name} | {clients} | {run['requests']} | {run['throughput']:.1f} | {ratios[0]} | "
                     f"{ratios[1]} | {run['p50_ms']:.1f} | {run['p95_ms']:.1f} | {run['error_count']} | "
                     f"{', '.join(run['mismatches']) or 'none'} |")  # fmt: skip
    return "\n".join(lines + per_query(results))


def per_query(results: dict) -> list[str]:
    """p95 per query at one client, slowest on hgr-kg (no cache, else cached) first; then the
    left-out queries, once each."""
    names = [name for name in SERVERS if f"{name} x1" in results["runs"]]
    one = {name: results["runs"][f"{name} x1"]["per_query_p95_ms"] for name in names}
    first = HGR_NO_CACHE if HGR_NO_CACHE in one else HGR
    if first not in one:
        return []
    lines = ["", "p95 per query at 1 client (ms), slowest first:", "",
             "| query | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]  # fmt: skip
    for query, _ in sorted(one[first].items(), key=lambda x: -x[1]):
        cells = [f"{one[n][query]:.1f}" if query in one[n] else "" for n in names]
        lines.append(f"| `{query}` | " + " | ".join(cells) + " |")
    left = results["left_out_runs"]
    if left:
        lines += ["", "The left-out queries, once each (ms, rows):", "",
                  "| query | hgr-kg serve | Virtuoso |", "|---|---|---|"]  # fmt: skip
        for query in results["left_out"]:
            cells = [f"{left[n][query][0]:.0f} ({left[n][query][1]} rows)" if query in left.get(n, {}) else ""
                     for n in (HGR, "Virtuoso")]  # fmt: skip
            lines.append(f"| `{query}` | " + " | ".join(cells) + " |")
    return lines


if __name__ == "__main__":
    main()
