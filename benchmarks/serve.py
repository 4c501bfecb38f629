"""The canned queries through the SPARQL protocol: ``hgr-kg serve`` beside rdflib-endpoint (rdflib's
memory store behind FastAPI) and Virtuoso, on the same triples, in the same run.

Each server runs in its own process on 127.0.0.1. Every canned query (its example parameters bound
as a VALUES block, as ``hgr-kg query run`` binds them on Oxigraph) is sent by GET ``/sparql?query=``
with ``Accept: application/sparql-results+json``, over one keep-alive connection per client; each
client goes through the whole list (starting at its own offset) ``--passes`` times. Throughput is
answers per second of wall time; latency is each request's, p50 and p95 over all requests. An answer
whose rows differ in number from hgr-kg's is counted as a mismatch.

    make bench-serve        (pip-installs rdflib-endpoint into .venv first: the benchmark's only)
    PYTHONPATH=. .venv/bin/python benchmarks/serve.py [--passes 5] [--rdflib-passes 1] [--json FILE]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
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

from hgr_kg.paths import Project
from hgr_kg.query.canned import bind_params, list_queries, with_values
from tests.support import virtuoso  # run with PYTHONPATH=. (it starts Virtuoso as the tests do)

ROOT = Path(__file__).resolve().parent.parent

RDFLIB_ENDPOINT = """
import sys, uvicorn
from rdflib import Graph
from rdflib_endpoint import SparqlEndpoint
graph = Graph()
graph.parse(sys.argv[1], format="nt")
app = SparqlEndpoint(graph=graph, enable_update=False, cors_enabled=False)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


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
    connection.request("GET", f"{path}?{urllib.parse.urlencode({'query': text})}",
                       headers={"Accept": "application/sparql-results+json"})  # fmt: skip
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


def wait_for(port: int, path: str, process: subprocess.Popen | None, timeout: float = 180) -> None:
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


def start_servers(project: Project, dump: Path, folder: Path, graph) -> dict:
    """hgr-kg serve, rdflib-endpoint and Virtuoso on free ports: name -> (port, path, stop)."""
    from hgr_kg.export.publish import Server, publish

    servers = {}
    port = virtuoso.free_port()
    hgr = subprocess.Popen([sys.executable, "-m", "hgr_kg", "--root", str(project.root), "serve", "--port",
                            str(port), "--timeout", "300", "--max-rows", "1000000"],
                           stderr=subprocess.DEVNULL)  # fmt: skip
    servers["hgr-kg serve"] = (port, "/sparql", hgr)
    port = virtuoso.free_port()
    rdf = subprocess.Popen(
        [sys.executable, "-c", RDFLIB_ENDPOINT, str(dump), str(port)], stderr=subprocess.DEVNULL
    )
    servers["rdflib-endpoint"] = (port, "/", rdf)
    running = virtuoso.start(folder / "virtuoso")
    publish(graph, Server(query=running.sparql, update=f"{running.base}/sparql-auth", user="dba",
                          password=running.password))  # fmt: skip
    servers["Virtuoso"] = (running.http_port, "/sparql", running)
    for port, path, process in servers.values():
        wait_for(port, path, process if isinstance(process, subprocess.Popen) else None)
    return servers


def stop(process) -> None:
    if isinstance(process, subprocess.Popen):
        process.terminate()
        process.wait(timeout=30)
    else:
        process.stop()


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.machine())  # fmt: skip
    load = os.getloadavg()[0]
    return (
        f"{cpu}, {os.cpu_count()} cores (shared with other jobs; load average {load:.1f} at the start), "
        f"Python {platform.python_version()}, {date.today().isoformat()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5, help="passes per client for hgr-kg and Virtuoso")
    parser.add_argument("--rdflib-passes", type=int, default=1, help="passes per client for rdflib-endpoint")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    import pyoxigraph as ox
    from rdflib import Graph

    from hgr_kg.graph.store import open_store

    project = Project.locate(ROOT)
    queries = workload(project)
    results = {"machine": machine(), "queries": len(queries), "runs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "graph.nt"
        open_store(project, project.root / "dist" / "store").dump(str(dump), ox.RdfFormat.N_TRIPLES,
                                                                 from_graph=ox.DefaultGraph())  # fmt: skip
        graph = Graph().parse(dump, format="nt")
        results["triples"] = len(graph)
        servers = start_servers(project, dump, Path(tmp), graph)
        try:
            reference = None
            for name, (port, path, _) in servers.items():
                measure(port, path, queries, 1, 1)  # warm-up: caches, parsed queries
                for clients in args.clients:
                    passes = args.rdflib_passes if name == "rdflib-endpoint" else args.passes
                    run = measure(port, path, queries, clients, passes)
                    if reference is None:
                        reference = dict(run.rows)
                    results["runs"][f"{name} x{clients}"] = summary(run, reference)
                    print(f"{name} x{clients}: {results['runs'][f'{name} x{clients}']['throughput']:.1f}/s",
                          file=sys.stderr)  # fmt: skip
        finally:
            for _, _, process in servers.values():
                stop(process)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(report(results))


def report(results: dict) -> str:
    head = "| server | clients | requests | answers/s | × rdflib-endpoint | p50 (ms) | p95 (ms) | errors | "
    lines = [f"Machine: {results['machine']}. {results['triples']} triples, {results['queries']} canned "
             "queries.", "", head + "rows differ from hgr-kg |", "|---" * 9 + "|"]  # fmt: skip
    runs = results["runs"]
    for key, run in runs.items():
        name, clients = key.rsplit(" x", 1)
        base = runs.get(f"rdflib-endpoint x{clients}")
        ratio = f"{run['throughput'] / base['throughput']:.1f}" if base else ""
        lines.append(f"| {name} | {clients} | {run['requests']} | {run['throughput']:.1f} | {ratio} | "
                     f"{run['p50_ms']:.1f} | {run['p95_ms']:.1f} | {run['error_count']} | "
                     f"{', '.join(run['mismatches']) or 'none'} |")  # fmt: skip
    hgr = runs.get("hgr-kg serve x1")
    if hgr:
        lines += ["", "hgr-kg serve, 1 client, p95 per query (ms):", "", "| query | p95 (ms) |", "|---|---|"]
        lines += [
            f"| `{n}` | {v:.1f} |" for n, v in sorted(hgr["per_query_p95_ms"].items(), key=lambda x: -x[1])
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
