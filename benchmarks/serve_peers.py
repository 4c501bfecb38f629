"""The other servers of ``benchmarks/serve.py``, started on the same triples: Oxigraph's own server,
rdflib-endpoint (the script it runs) and Virtuoso."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import virtuoso  # run with PYTHONPATH=. (it starts Virtuoso as the tests do)

GRAPH = "https://w3id.org/hgr-kg/graph"
# the graph is parsed once; the server runs in a forked child, which SIGUSR1 replaces (a query past
# the time limit cannot be stopped otherwise: rdflib-endpoint evaluates on its event loop)
RDFLIB_ENDPOINT = """
import os, signal, sys, uvicorn
from rdflib import Graph
from rdflib_endpoint import SparqlEndpoint
graph = Graph()
graph.parse(sys.argv[1], format="nt")
app = SparqlEndpoint(graph=graph, enable_update=False, cors_enabled=False)
child = 0
def restart(signum, frame):
    if child:
        os.kill(child, signal.SIGKILL)
def stop(signum, frame):
    restart(signum, frame)
    os._exit(0)
signal.signal(signal.SIGUSR1, restart)
signal.signal(signal.SIGTERM, stop)
while True:
    child = os.fork()
    if child == 0:
        signal.signal(signal.SIGUSR1, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
        os._exit(0)
    os.waitpid(child, 0)
"""

def start_oxigraph(dump: Path, folder: Path) -> tuple[int, str, subprocess.Popen]:
    """Oxigraph's own server, read-only, over a store it loaded from the dump (its default graph)."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if binary is None:
        raise RuntimeError("no oxigraph command: pip install oxigraph (make bench-serve does)")
    location = folder / "oxigraph"
    subprocess.run([binary, "load", "--location", str(location), "--file", str(dump)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    port = virtuoso.free_port()
    command = [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}",
               "--timeout-s", "300"]  # fmt: skip
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    return port, "/query", server


def start_virtuoso(dump: Path, folder: Path, bulk: bool) -> virtuoso.Virtuoso:
    """Virtuoso with the dump: published as the tests do (``hgr-kg publish``), or, for a large graph,
    loaded with its bulk loader (as the scale benchmark loads it)."""
    from rdflib import Graph

    from hgr_kg.export.publish import Server, publish

    running = virtuoso.start(folder / "virtuoso")
    if bulk:
        shutil.copy(dump, folder / "virtuoso" / dump.name)
        running.isql(f"ld_dir('{folder / 'virtuoso'}', '{dump.name}', '{GRAPH}');\nrdf_loader_run();\n"
                     "checkpoint;\n", timeout=3600)  # fmt: skip
    else:
        publish(Graph().parse(dump, format="nt"), Server(query=running.sparql, update=f"{running.base}/"
                "sparql-auth", user="dba", password=running.password))  # fmt: skip
    return running
