"""Cold-process wall time of the main commands on the curated graph (median of N runs).

Run with ``make bench`` (or ``python benchmarks/run.py [--runs N]``); prints a Markdown table for
BENCHMARKS.md. Each run is a fresh ``python -m hgr_kg`` process, so import and parse time count.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERMIT_CHANGE = ["query", "run", "permit-change", "-p", "from=2023", "-p", "to=2024"]


def timed(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "hgr_kg", "--root", str(ROOT), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - start)
    return times


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        tasks = {
            "build": ["build", "--out", f"{tmp}/dist"],
            "validate": ["validate", "-o", f"{tmp}/report.txt"],
            "info": ["info", "--dist", f"{tmp}/dist"],
            "query run permit-change (oxigraph store, built)": PERMIT_CHANGE,
            "query run permit-change --store memory": ["--store", "memory", *PERMIT_CHANGE],
            "demo (the main job)": ["demo", "--dist", f"{tmp}/dist", "--out", f"{tmp}/out"],
            "python -m hgr_kg --version (start-up)": ["--version"],
        }
        results = {name: timed(args, runs) for name, args in tasks.items()}
        every = every_canned_query(min(runs, 3))
    base = statistics.median(results["python -m hgr_kg --version (start-up)"])
    import os

    print(
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}; date {date.today()}; median of {runs} cold runs"
    )
    print()
    print("| command | median (s) | min (s) | max (s) | × start-up |")
    print("|---|---|---|---|---|")
    for name, times in results.items():
        med = statistics.median(times)
        print(f"| `{name}` | {med:.3f} | {min(times):.3f} | {max(times):.3f} | {med / base:.1f} |")
    print()
    print("Every canned query from a cold process (`query run NAME` with its example parameters, default")
    print("Oxigraph store, built), median of each:")
    print()
    print("| query | median (s) |")
    print("|---|---|")
    for name, med in sorted(every.items(), key=lambda item: -item[1]):
        print(f"| `{name}` | {med:.3f} |")


def every_canned_query(runs: int) -> dict[str, float]:
    from hgr_kg.query.canned import list_queries

    out = {}
    for query in list_queries(ROOT / "queries"):
        args = ["query", "run", query.name]
        for param in query.params:
            if param.required and param.example:
                args += ["-p", f"{param.name}={param.example}"]
        out[query.name] = statistics.median(timed(args, runs))
    return out


if __name__ == "__main__":
    main()
