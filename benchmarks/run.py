"""Cold-process wall time of the main commands on the curated graph (median of N runs).

Run with ``make bench`` (or ``python benchmarks/run.py [--runs N]``); prints a Markdown table for
BENCHMARKS.md. Each run is a fresh ``python -m hgr_kg`` process, so import and parse time count. The
peer is the start-up (``python -m hgr_kg --version``), measured in the same run: on a shared machine
the ratios to it say more than the seconds. Each figure has its CPU seconds (user + system, worker
processes included) and the load average when it was taken. With ``--old DIR`` (an unpacked older
commit, run with this virtual environment), every command is run with the old code and the new
alternately, and the table gives the ratio new/old too. The goals (issue 11): the main job under 10 s,
every canned query and the text, diff and search commands under 0.5 s.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
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
    # and the commands issue 11 says must stay fast with the larger graph (to stdout)
    "info": ["info"],
    "timeline --lang zh (SVG)": ["timeline", "--lang", "zh"],
    "export -f graphml": ["export", "-f", "graphml"],
}


_NUMBERS = itertools.count()
NEW: Path | None = None  # the new code: this checkout, or --new DIR


@dataclass
class Runs:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    load: list[float] = field(default_factory=list)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(args: list[str], runs: int, code: Path | None = None, into: Runs | None = None,
          side: str = "new") -> Runs:
    """Wall and CPU time of ``runs`` fresh processes, with the code at ``code`` (None: this checkout);
    ``{run}`` in an argument is a number new for each process started, ``{side}`` "old" or "new" (the
    validation cache's key has every module of hgr-kg: each side keeps its own build folder)."""
    out = into or Runs()
    env = dict(os.environ, PYTHONPATH=str(code)) if code is not None else None
    for _ in range(runs):
        run = next(_NUMBERS)
        command = [sys.executable, "-m", "hgr_kg", "--root", str(ROOT)]
        command += [arg.replace("{run}", f"{run}").replace("{side}", side) for arg in args]
        out.load.append(os.getloadavg()[0])
        cpu, start = _children_cpu(), time.perf_counter()
        # run from the code's folder: ``-m`` puts the working folder first on sys.path, before PYTHONPATH
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                       cwd=code or ROOT)  # fmt: skip
        out.wall.append(time.perf_counter() - start)
        out.cpu.append(_children_cpu() - cpu)
    return out


def alternating(args: list[str], runs: int, old: Path | None) -> tuple[Runs, Runs | None]:
    """The new code's runs and, with ``old``, the old code's, one of each in turn."""
    new, before = Runs(), (Runs() if old is not None else None)
    for _ in range(runs):
        if old is not None:
            timed(args, 1, old, before, "old")
        timed(args, 1, NEW, new)
    return new, before


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
    parser.add_argument("--old", type=Path, metavar="DIR", help="an unpacked older commit to compare with")
    parser.add_argument("--new", type=Path, metavar="DIR", help="the new code, unpacked (default: this one)")
    parser.add_argument("--only", choices=("demo", "reading", "queries"), action="append",
                        help="time only these groups (repeatable; default: all)")  # fmt: skip
    options = parser.parse_args()
    global NEW
    runs, old, only = options.runs, options.old, set(options.only or ("demo", "reading", "queries"))
    NEW = options.new
    with tempfile.TemporaryDirectory() as tmp:
        timed(["query", "run", "sponsor-countries"], 1)  # the persistent store, built if it is not current
        timed(READING["search 出境"], 1)  # and the search index
        tasks = {PEER: ["--version"]}
        if "demo" in only:
            tasks.update({
                "demo (the main job), a new build folder each run": ["demo", "--dist", f"{tmp}/new-{{run}}",
                                                                     "--out", f"{tmp}/out"],
                "demo (the main job), validation cached": ["demo", "--dist", f"{tmp}/dist-{{side}}",
                                                           "--out", f"{tmp}/out"],
            })  # fmt: skip
            timed(tasks["demo (the main job), validation cached"], 1, NEW)  # its cache warm
            if old is not None:
                timed(tasks["demo (the main job), validation cached"], 1, old, side="old")
        if "reading" in only:
            tasks.update(READING)
            tasks["query run permit-change"] = PERMIT_CHANGE
        results = {name: alternating(args, runs, old) for name, args in tasks.items()}
        every = every_canned_query(min(runs, 3), old) if "queries" in only else {}
    print(
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}; date {date.today()}; load average {os.getloadavg()[0]:.1f} at the end; "
        f"median of {runs} cold runs"
    )
    print()
    peer = statistics.median(results[PEER][0].wall)
    print(table(results, peer))
    if every:
        print()
        print("Every canned query from a cold process (`query run NAME` with its example parameters, default")
        print(f"Oxigraph store, built), median of {min(runs, 3)}:")
        print()
        print(table(dict(sorted(every.items(), key=lambda item: -statistics.median(item[1][0].wall))), peer))


def table(results: dict[str, tuple[Runs, Runs | None]], peer: float) -> str:
    """A Markdown table: each command's median wall time, its ratio to the peer, its median CPU
    seconds and the load average, and with the old code's runs, their median and the ratio new/old."""
    lines = ["| command | median (s) | × peer | CPU s | load | old median (s) | old CPU s | new/old (wall) |",
             "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for name, (new, old) in results.items():
        med = statistics.median(new.wall)
        row = (f"| `{name}` | {med:.3f} | {med / peer:.1f} | {statistics.median(new.cpu):.2f} | "
               f"{min(new.load):.1f}-{max(new.load):.1f} |")  # fmt: skip
        if old is not None:
            before = statistics.median(old.wall)
            row += f" {before:.3f} | {statistics.median(old.cpu):.2f} | {med / before:.2f} |"
        else:
            row += " | | |"
        lines.append(row)
    return "\n".join(lines)


def every_canned_query(runs: int, old: Path | None) -> dict[str, tuple[Runs, Runs | None]]:
    from hgr_kg.query.canned import list_queries

    out = {}
    for query in list_queries(ROOT / "queries"):
        args = ["query", "run", query.name]
        for param in query.params:
            if param.required and param.example:
                args += ["-p", f"{param.name}={param.example}"]
        out[query.name] = alternating(args, runs, old)
    return out


if __name__ == "__main__":
    main()
