"""Cold-process wall time of the main commands on the curated graph (median of N runs).

Run with ``make bench`` (or ``python benchmarks/run.py [--runs N]``); prints a Markdown table for
BENCHMARKS.md. Each run is a fresh ``python -m hgr_kg`` process, so import and parse time count. The
peer is the start-up (``python -m hgr_kg --version``), measured in the same run: on a shared machine
the ratios to it say more than the seconds. The goals (issue 11): the main job under 10 s, every
canned query and the text, diff and search commands under 0.5 s.
"""

from __future__ import annotations

import argparse
import os
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


PEER = "python -m hgr_kg --version (start-up, the peer)"
READING = {  # the reading commands of issue 11, on the persistent store (built before they are timed)
    "text rmhgr --article 37": ["text", "rmhgr", "--article", "37"],
    "diff rmhgr --from 2019-07-01 --to 2024-05-01": ["diff", "rmhgr", "--from", "2019-07-01",
                                                     "--to", "2024-05-01"],
    "search 出境": ["search", "出境"],
}


def timed(args: list[str], runs: int) -> list[float]:
    """Wall time of ``runs`` fresh processes; ``{run}`` in an argument is the run's number."""
    times = []
    for run in range(runs):
        command = [sys.executable, "-m", "hgr_kg", "--root", str(ROOT)]
        command += [arg.replace("{run}", f"{run}") for arg in args]
        start = time.perf_counter()
        subprocess.run(
            command,
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
        timed(["query", "run", "sponsor-countries"], 1)  # the persistent store, built if it is not current
        timed(READING["search 出境"], 1)  # and the search index
        tasks = {
            PEER: ["--version"],
            "build": ["build", "--out", f"{tmp}/dist"],
            "validate": ["validate", "-o", f"{tmp}/report.txt"],
            "info": ["info", "--dist", f"{tmp}/dist"],
            "query run permit-change (oxigraph store, built)": PERMIT_CHANGE,
            "query run permit-change --store memory": ["--store", "memory", *PERMIT_CHANGE],
            "demo (the main job), a new build folder each run": ["demo", "--dist", f"{tmp}/new-{{run}}",
                                                                 "--out", f"{tmp}/out"],
            "demo (the main job), validation cached": ["demo", "--dist", f"{tmp}/dist",
                                                       "--out", f"{tmp}/out"],
            **READING,
        }  # fmt: skip
        timed(tasks["demo (the main job), validation cached"], 1)  # its cache warm
        results = {name: timed(args, runs) for name, args in tasks.items()}
        every = every_canned_query(min(runs, 3))
    print(
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}; date {date.today()}; load average {os.getloadavg()[0]:.1f} at the end; "
        f"median of {runs} cold runs"
    )
    print()
    print(table(results, statistics.median(results[PEER])))
    print()
    print("Every canned query from a cold process (`query run NAME` with its example parameters, default")
    print(f"Oxigraph store, built), median of {min(runs, 3)}:")
    print()
    print(table({name: [med] for name, med in sorted(every.items(), key=lambda item: -item[1])},
                statistics.median(results[PEER])))  # fmt: skip


def table(results: dict[str, list[float]], peer: float) -> str:
    """A Markdown table: median, min and max of each command, and the median's ratio to the peer."""
    lines = ["| command | median (s) | min (s) | max (s) | × peer |", "|---|---|---|---|---|"]
    for name, times in results.items():
        med = statistics.median(times)
        lines.append(f"| `{name}` | {med:.3f} | {min(times):.3f} | {max(times):.3f} | {med / peer:.1f} |")
    return "\n".join(lines)


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
