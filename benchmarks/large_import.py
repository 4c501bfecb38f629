"""Import and build with a large permits CSV (issue 10): wall time and peak memory of each step,
against a peer measured in the same run: rdflib parsing the same record file (what the build did
before it took record files by bulk parse).

Run with ``make bench-import`` (or ``python benchmarks/large_import.py [--rows N]``); it works on a
copy of the project in a temporary folder and prints a Markdown table for BENCHMARKS.md. Each step
is a fresh process, so start-up counts, and its peak RSS is its own (``os.wait4``).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from run import cpu_model  # benchmarks/run.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent


def measured(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {process.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024


def steps(project: Path, csv_file: Path) -> dict[str, list[str]]:
    cli = [sys.executable, "-m", "hgr_kg", "--root", str(project)]
    record = project / "data" / "records" / f"permits-{csv_file.stem}.nt"
    peer = f"import rdflib; rdflib.Graph().parse({str(record)!r}, format='nt')"
    return {
        "import permits": [*cli, "import", "permits", str(csv_file), "--source", "Benchmark"],
        "build": [*cli, "build", "--out", str(project / "dist")],
        "query run records-by-year (store built first)": [*cli, "query", "run", "records-by-year"],
        "peer: rdflib parses the record file": [sys.executable, "-c", peer],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        for name in ("ontology", "data", "queries"):
            shutil.copytree(ROOT / name, project / name)
        csv_file = Path(tmp) / f"bench{rows}.csv"
        subprocess.run([sys.executable, str(HERE / "permits_csv.py"), str(rows), "--seed", "1",
                        "-o", str(csv_file)], check=True)  # fmt: skip
        for name, argv in steps(project, csv_file).items():
            results[name] = measured(argv)
    peer = results["peer: rdflib parses the record file"][0]
    print(f"Machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"date {date.today()}; {rows:,} rows, one process each")
    print()
    print("| step | wall (s) | peak RSS (MiB) | × peer |")
    print("|---|---:|---:|---:|")
    for name, (wall, rss) in results.items():
        print(f"| {name} | {wall:.1f} | {rss:,.0f} | {wall / peer:.2f} |")


if __name__ == "__main__":
    main()
