"""Markdown tables for BENCHMARKS.md from the JSON that ``scale.py`` writes.

    python benchmarks/report.py benchmarks/results/scale-*.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ENGINES = {
    "rdflib": "rdflib memory store",
    "oxigraph-memory": "Oxigraph in memory",
    "oxigraph-disk": "Oxigraph on disk (`dist/store`)",
    "virtuoso": "Virtuoso (HTTP)",
}
RECORD_QUERIES = ["records-by-year", "records-sponsor-shares", "ad-hoc count of the decisions"]


def _num(value: float | None, places: int = 2) -> str:
    return "—" if value is None else f"{value:,.{places}f}"


def _ratio(value: float | None, base: float | None) -> str:
    return "—" if value is None or not base else f"{value / base:.3g}"


def _slowest_other(queries: dict[str, float]) -> tuple[str, float] | None:
    others = {k: v for k, v in queries.items() if k not in RECORD_QUERIES}
    return max(others.items(), key=lambda item: item[1]) if others else None


def size_tables(n: str, row: dict) -> list[str]:
    base = row.get("rdflib", {})
    base_q = base.get("queries", {})
    lines = [f"### {int(n):,} records", ""]
    lines += ["| engine | load (s) | × rdflib | peak MiB | reopen (s) |", "|---|---:|---:|---:|---:|"]
    for key, name in ENGINES.items():
        r = row.get(key, {})
        if "error" in r or not r:
            lines.append(f"| {name} | {r.get('error', 'not run')} | | | |")
            continue
        lines.append(f"| {name} | {_num(r['load'])} | {_ratio(r['load'], base.get('load'))} | "
                     f"{_num(r['peak_mib'], 0)} | {_num(r.get('reopen'))} |")  # fmt: skip
    lines += ["", "| engine | " + " | ".join(f"{q} (s) | × rdflib" for q in RECORD_QUERIES)
              + " | slowest other canned query (s) | all 23 canned queries (s) |",
              "|---|" + "---:|---:|" * len(RECORD_QUERIES) + "---|---:|"]  # fmt: skip
    for key, name in ENGINES.items():
        r = row.get(key, {})
        queries = r.get("queries")
        if not queries:
            continue
        cells = [f"{_num(queries.get(q), 3)} | {_ratio(queries.get(q), base_q.get(q))}"
                 for q in RECORD_QUERIES]  # fmt: skip
        slowest = _slowest_other(queries)
        other = f"{slowest[0]} {slowest[1]:.3f}" if slowest else "not run"
        total = sum(v for k, v in queries.items() if k != "ad-hoc count of the decisions")
        everything = _num(total, 2) if slowest else "—"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {other} | {everything} |")
    lines += ["", "| validation | time (s) | × rdflib | peak MiB | violations | warnings |",
              "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    ours, theirs = row.get("validate", {}), row.get("validate-rdflib", {})
    for label, r in (("`hgr-kg validate` (record file in Oxigraph)", ours),
                     ("pySHACL on rdflib's memory store, same shapes", theirs)):  # fmt: skip
        if not r or "error" in r:
            lines.append(f"| {label} | {r.get('error', 'not run') if r else 'not run'} | | | | |")
            continue
        lines.append(f"| {label} | {_num(r['validate'])} | {_ratio(r['validate'], theirs.get('validate'))} | "
                     f"{_num(r['peak_mib'], 0)} | {r['violations']} | {r['warnings']} |")  # fmt: skip
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    for path in args.files:
        data = json.loads(path.read_text())
        print(f"<!-- {path.name}; cold `hgr-kg query run` on the curated graph: "
              f"{data['cold_query_run']:.3f} s -->\n")  # fmt: skip
        for n, row in data["sizes"].items():
            print("\n".join(size_tables(n, row)))


if __name__ == "__main__":
    main()
