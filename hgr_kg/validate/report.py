"""A validation's report: its results (severity, focus, path, value, message, shape), whether the
graph conforms, and the report written as text, Turtle or JSON. Below the validation
(``hgr_kg.validate.shacl``) and its cache (``hgr_kg.validate.cache``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from rdflib import Graph

from hgr_kg.namespaces import SH

FORMATS = ("text", "turtle", "json")
SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Result:
    severity: str
    focus: str
    focus_label: str
    path: str | None
    value: str | None
    message: str
    shape: str


@dataclass
class Report:
    conforms: bool
    results: list[Result] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    @property
    def violations(self) -> int:
        return self.count("Violation")

    @property
    def warnings(self) -> int:
        return self.count("Warning")


def format_report(report: Report, fmt: str) -> str:
    """Render the report as ``text`` (one line per result), ``turtle`` or ``json``."""
    if fmt == "turtle":
        return report.graph.serialize(format="turtle")
    if fmt == "json":
        payload = {
            "conforms": report.conforms,
            "violations": report.violations,
            "warnings": report.warnings,
            "results": [r.__dict__ for r in report.results],
        }
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    lines = [f"{r.severity}: {r.focus_label}: {r.message}" for r in report.results]
    verdict = "conforms" if report.conforms else "does not conform"
    lines.append(f"{verdict}: {report.violations} violation(s), {report.warnings} warning(s)")
    return "\n".join(lines) + "\n"
