"""Each canned query in process on the persistent Oxigraph store (dist/store), best of 3, in ms.

    python -m benchmarks.canned_in_process [--repeat N] [--against REV]

Opens (building it first if out of date) the project's store, then runs every canned query with its
example parameters bound (hgr_kg.query.canned.bind_params, with_values) straight on pyoxigraph,
the rows read whole. Prints a Markdown table: query, rows, best time.

With ``--against REV`` (a git revision), each query is run twice in the same run, on the same store:
its text at REV (the peer) and its text now, once with the required example parameters (as the
server benchmark sends them) and once with all of them; the table gives both times, their ratio and
whether the rows are the same, in the same order. A query that REV does not have is left out."""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from hgr_kg.graph.store import open_store
from hgr_kg.paths import Project
from hgr_kg.query.canned import bind_params, list_queries, with_values


def _best(store: Any, text: str, repeat: int) -> tuple[list[tuple], float]:
    best, rows = float("inf"), []
    for _ in range(repeat):
        start = time.perf_counter()
        rows = [tuple(str(v) if v is not None else None for v in row) for row in store.query(text)]
        best = min(best, time.perf_counter() - start)
    return rows, best * 1000


def timings(project: Project, repeat: int = 3) -> list[tuple[str, int, float]]:
    store = open_store(project, project.root / "dist" / "store")
    out = []
    for query in list_queries(project.queries):
        bound = bind_params(query, {p.name: p.example for p in query.params if p.example})
        rows, ms = _best(store, with_values(query.text, bound), repeat)
        out.append((query.name, len(rows), ms))
    return out


def _queries_at(root: Path, revision: str, folder: Path) -> dict:
    """The canned queries of ``revision``, written to ``folder`` and read as the project reads them."""
    names = subprocess.run(["git", "-C", str(root), "ls-tree", "--name-only", revision, "queries/"],
                           check=True, capture_output=True, text=True).stdout.split()  # fmt: skip
    for name in names:
        if name.endswith(".rq"):
            text = subprocess.run(["git", "-C", str(root), "show", f"{revision}:{name}"], check=True,
                                  capture_output=True).stdout  # fmt: skip
            (folder / Path(name).name).write_bytes(text)
    return {query.name: query for query in list_queries(folder)}


def against(project: Project, revision: str, repeat: int = 3) -> list[tuple]:
    """(query, parameters, rows, ms at ``revision``, ms now, same rows) for each query both have."""
    store = open_store(project, project.root / "dist" / "store")
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        before = _queries_at(project.root, revision, Path(tmp))
        for query in list_queries(project.queries):
            if query.name not in before:
                continue
            for label, keep in (("required", lambda p: p.required), ("all", lambda p: True)):
                raw = {p.name: p.example for p in query.params if p.example and keep(p)}
                old = before[query.name]
                old_rows, old_ms = _best(store, with_values(old.text, bind_params(old, raw)), repeat)
                rows, ms = _best(store, with_values(query.text, bind_params(query, raw)), repeat)
                out.append((query.name, label, len(rows), old_ms, ms, rows == old_rows))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--against", metavar="REV", help="also time each query's text at this git revision")
    args = parser.parse_args(argv)
    project = Project.locate()
    if args.against:
        print(f"| query | parameters | rows | at {args.against} (ms) | now (ms) | × | same rows |")
        print("|---|---|---:|---:|---:|---:|---|")
        for name, label, count, old, new, same in against(project, args.against, args.repeat):
            print(f"| {name} | {label} | {count} | {old:.1f} | {new:.1f} | {old / new:.1f} | "
                  f"{'yes' if same else 'NO'} |")  # fmt: skip
        return 0
    print(f"| query | rows | best of {args.repeat} (ms) |\n|---|---:|---:|")
    for name, count, ms in timings(project, args.repeat):
        print(f"| {name} | {count} | {ms:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
