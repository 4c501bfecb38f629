"""Each canned query in process on the persistent Oxigraph store (dist/store), best of 3, in ms.

    python -m benchmarks.canned_in_process [--repeat N]

Opens (building it first if out of date) the project's store, then runs every canned query with its
example parameters bound (hgr_kg.query.canned.bind_params, with_values) straight on pyoxigraph,
the rows read whole. Prints a Markdown table: query, rows, best time."""

from __future__ import annotations

import argparse
import time

from hgr_kg.graph.store import open_store
from hgr_kg.paths import Project
from hgr_kg.query.canned import bind_params, list_queries, with_values


def timings(project: Project, repeat: int = 3) -> list[tuple[str, int, float]]:
    store = open_store(project, project.root / "dist" / "store")
    out = []
    for query in list_queries(project.queries):
        bound = bind_params(query, {p.name: p.example for p in query.params if p.example})
        text = with_values(query.text, bound)
        best, count = float("inf"), 0
        for _ in range(repeat):
            start = time.perf_counter()
            count = len(list(store.query(text)))
            best = min(best, time.perf_counter() - start)
        out.append((query.name, count, best * 1000))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"| query | rows | best of {args.repeat} (ms) |\n|---|---:|---:|")
    for name, count, ms in timings(Project.locate(), args.repeat):
        print(f"| {name} | {count} | {ms:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
