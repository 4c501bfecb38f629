"""Scale benchmarks: synthetic permit records at 20k / 200k / 2M, loaded and queried (every canned
query, plus an ad-hoc count over the decisions themselves) on rdflib's memory store, Oxigraph in
memory, Oxigraph on disk (the tool's own store, dist/store) and Virtuoso (bulk loader, queried over
HTTP); peak memory per engine; validation as `hgr-kg validate` does it, against pySHACL on rdflib's
memory store with the same shapes; the cold-process time of `hgr-kg query run` on the curated graph.
Each measurement runs in its own process. Results go to stdout and to benchmarks/results/scale.json.

    python benchmarks/scale.py --sizes 20000 200000 [--with-2m] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
QUERIES = ["records-by-year", "records-sponsor-shares"]
# the count records-by-year gives, computed from the decisions instead of the derived counts
AD_HOC = """PREFIX hgr: <https://w3id.org/hgr-kg/ontology#>
SELECT ?year ?code ?status (COUNT(?permit) AS ?count) WHERE {
  ?permit hgr:recordOf ?collection ; hgr:refYear ?year ; hgr:permitCategory ?code ;
          hgr:decisionStatus ?status .
} GROUP BY ?year ?code ?status"""


def _project_with(records: Path, folder: Path) -> Path:
    for name in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "data" / "records").mkdir(exist_ok=True)
    shutil.copy(records, folder / "data" / "records" / records.name)
    return folder


def _time_queries(run, queries: Path, runs: int, only_records: bool = False) -> dict[str, float]:
    """Median of ``runs`` for the record queries and the ad-hoc count; one run of every other one.
    ``run(text, bindings)`` runs a query on the engine measured and returns its result table."""
    from hgr_kg.query.canned import bind_params, list_queries

    def timed(text: str, bindings: dict, times: int) -> tuple[float, object]:
        spent = []
        for _ in range(times):
            start = time.perf_counter()
            table = run(text, bindings)
            spent.append(time.perf_counter() - start)
        return statistics.median(spent), table

    out = {}
    for query in list_queries(queries):
        if only_records and query.name not in QUERIES:
            continue
        examples = {p.name: p.example for p in query.params if p.required and p.example}
        repeat = runs if query.name in QUERIES else 1
        out[query.name], table = timed(query.text, bind_params(query, examples), repeat)
        if query.name in QUERIES:
            assert table.rows, query.name
    out["ad-hoc count of the decisions"], table = timed(AD_HOC, {}, runs)
    assert table.rows
    return out


def one(engine: str, records: Path, runs: int, only_records: bool = False) -> dict:
    """Load and query in this process (run as a subprocess so that peak memory is its own)."""
    from hgr_kg.paths import Project

    with tempfile.TemporaryDirectory() as tmp:
        project = Project(_project_with(records, Path(tmp)))
        start = time.perf_counter()
        if engine == "rdflib":
            from hgr_kg.graph.build import build_graph

            graph = build_graph(project)
        elif engine == "oxigraph-memory":
            import pyoxigraph as ox

            from hgr_kg.graph.build import read_sources
            from hgr_kg.graph.memory import OxigraphGraph
            from hgr_kg.graph.store import load_ntriples
            from hgr_kg.namespaces import bind_prefixes

            store = ox.Store()
            curated = read_sources(project.curated_sources())
            store.bulk_load(curated.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
            for path in project.record_files():
                load_ntriples(store, path)
            graph = OxigraphGraph(store)
            bind_prefixes(graph)
        else:  # oxigraph-disk: the tool's own persistent store
            from hgr_kg.graph.store import open_graph

            graph = open_graph(project, "oxigraph")
        load = time.perf_counter() - start
        reopen = None
        if engine == "oxigraph-disk":
            code = ("import time; t=time.perf_counter(); from hgr_kg.graph.store import open_graph; "
                    "from hgr_kg.paths import Project; "
                    f"g=open_graph(Project.locate({str(project.root)!r})); "
                    "print(time.perf_counter()-t)")  # fmt: skip
            reopen = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                          check=True).stdout)  # fmt: skip
        from hgr_kg.query.canned import run_local

        queries = _time_queries(lambda text, bound: run_local(graph, text, bound), project.queries, runs,
                                only_records)  # fmt: skip
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {"engine": engine, "load": load, "reopen": reopen, "queries": queries, "peak_mib": peak}


def virtuoso(records: Path, runs: int) -> dict:
    """Virtuoso's bulk loader (ld_dir + rdf_loader_run), then the same queries over HTTP."""
    from hgr_kg.graph.build import build_graph
    from hgr_kg.paths import Project
    from hgr_kg.query.remote import run_remote
    from tests.support import virtuoso as server

    with tempfile.TemporaryDirectory() as tmp:
        running = server.start(Path(tmp) / "db")
        try:
            load_dir = Path(tmp) / "db"
            curated = load_dir / "curated.nt"
            curated.write_bytes(build_graph(Project.locate(ROOT)).serialize(format="nt", encoding="utf-8"))
            shutil.copy(records, load_dir / records.name)
            start = time.perf_counter()
            running.isql(f"ld_dir('{load_dir}', '*.nt', 'https://w3id.org/hgr-kg/graph');\n"
                         "rdf_loader_run();\ncheckpoint;\n", timeout=3600)  # fmt: skip
            load = time.perf_counter() - start
            out = _time_queries(lambda text, bound: run_remote(running.sparql, text, bound, timeout=600),
                                ROOT / "queries", runs)  # fmt: skip
        finally:
            running.stop()
    return {"engine": "virtuoso", "load": load, "reopen": None, "queries": out, "peak_mib": None}


def validation(records: Path, engine: str) -> dict:
    """``validate``: the tool's own validation of a project holding the records (the curated graph
    with pySHACL on rdflib, then the record file in an in-memory Oxigraph store, with a cold cache);
    ``rdflib``: the baseline, pySHACL with the same shapes on rdflib's memory store (curated graph
    plus the records, parsed by rdflib)."""
    from hgr_kg.paths import Project
    from hgr_kg.validate.shacl import load_shapes, validate, validate_project

    with tempfile.TemporaryDirectory() as tmp:
        project = Project(_project_with(records, Path(tmp)))
        start = time.perf_counter()
        if engine == "rdflib":
            from hgr_kg.graph.build import build_graph

            report = validate(build_graph(project), load_shapes(project.shapes))
        else:
            report = validate_project(project, load_shapes(project.shapes))
        took = time.perf_counter() - start
    return {"engine": engine, "validate": took, "violations": report.violations, "warnings": report.warnings,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}  # fmt: skip


def _child(args: list[str]) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def cold_query(runs: int) -> float:
    subprocess.run([sys.executable, "-m", "hgr_kg", "--root", str(ROOT), "query", "run", "sources"],
                   capture_output=True, check=True)  # builds the store once  # fmt: skip
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "hgr_kg", "--root", str(ROOT), "query", "run", "permit-change",
                        "-p", "from=2023", "-p", "to=2024"], capture_output=True, check=True)  # fmt: skip
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", default="all", choices=("all", "one", "virtuoso", "validate"))
    parser.add_argument("--engine", default="rdflib")
    parser.add_argument("--records", type=Path)
    parser.add_argument("--sizes", type=int, nargs="*", default=[20000, 200000])
    parser.add_argument("--with-2m", action="store_true", help="also 2,000,000 records (needs time and disk)")
    parser.add_argument("--rdflib-max", type=int, default=200000, help="largest size for rdflib's store")
    parser.add_argument("--shacl-max", type=int, default=2000, help="largest size for the rdflib validation")
    parser.add_argument("--only-records", action="store_true", help="(one) only the record queries")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.mode == "one":
        print(json.dumps(one(args.engine, args.records, args.runs, args.only_records)))
        return
    if args.mode == "virtuoso":
        print(json.dumps(virtuoso(args.records, args.runs)))
        return
    if args.mode == "validate":
        print(json.dumps(validation(args.records, args.engine)))
        return
    sizes = args.sizes + ([2_000_000] if args.with_2m else [])
    results: dict = {"cold_query_run": cold_query(5), "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            records = Path(tmp) / f"permits-synthetic-{n}.nt"
            subprocess.run([sys.executable, str(HERE / "synth.py"), str(n), "-o", str(records)], check=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
            row = {}
            for engine in ("rdflib", "oxigraph-memory", "oxigraph-disk"):
                if engine == "rdflib" and n > args.rdflib_max:
                    row[engine] = {"error": "not run: does not fit in memory at this size"}
                    continue
                # rdflib takes minutes for some curated queries on a large graph: record queries only
                few = ["--only-records"] if engine == "rdflib" and n > 20_000 else []
                row[engine] = _child(
                    ["one", "--engine", engine, "--records", str(records), "--runs", str(args.runs), *few]
                )
            row["virtuoso"] = _child(["virtuoso", "--records", str(records), "--runs", str(args.runs)])
            row["validate"] = _child(["validate", "--engine", "validate", "--records", str(records)])
            if n <= args.shacl_max:
                row["validate-rdflib"] = _child(["validate", "--engine", "rdflib", "--records", str(records)])
            results["sizes"][str(n)] = row
            records.unlink()
            print(json.dumps({n: row}), file=sys.stderr)
    (HERE / "results").mkdir(exist_ok=True)
    name = "scale-" + "-".join(str(n) for n in sizes) + ".json"
    (HERE / "results" / name).write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
