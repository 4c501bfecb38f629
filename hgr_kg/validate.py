"""SHACL validation of the built graph with pySHACL."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from hgr_kg.build import parse_turtle
from hgr_kg.errors import HgrKgError
from hgr_kg.labels import label
from hgr_kg.namespaces import SH, bind_prefixes

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


def load_shapes(path: Path) -> Graph:
    return parse_turtle(path)


def _name(graph: Graph, node: Node | None) -> str | None:
    if node is None:
        return None
    try:
        return graph.namespace_manager.normalizeUri(node)
    except Exception:
        return str(node)


def _node_shape(shapes: Graph, shape: Node | None) -> Node | None:
    """The named node shape a (possibly blank) property shape belongs to."""
    parent = shapes.value(predicate=SH.property, object=shape) if shape is not None else None
    return parent if parent is not None else shape


def validate(data: Graph, shapes: Graph) -> Report:
    """Validate ``data`` against ``shapes``; a report with one result per problem found.

    ``conforms`` is true when there is no violation (warnings do not break conformance).
    """
    from pyshacl import validate as shacl_validate

    _, report_graph, text = shacl_validate(
        data, shacl_graph=shapes, advanced=True, inference="none", allow_warnings=True
    )
    if not isinstance(report_graph, Graph):
        raise HgrKgError(f"the shapes cannot be applied: {str(text).splitlines()[-1]}")
    results: list[Result] = []
    for node in report_graph.subjects(predicate=SH.resultSeverity):
        focus = report_graph.value(node, SH.focusNode)
        severity = SEVERITY_NAMES.get(report_graph.value(node, SH.resultSeverity), "Info")
        messages = sorted(str(m) for m in report_graph.objects(node, SH.resultMessage))
        results.append(
            Result(
                severity=severity,
                focus=str(focus),
                focus_label=label(data, focus) if focus is not None else "",
                path=_name(data, report_graph.value(node, SH.resultPath)),
                value=_name(data, report_graph.value(node, SH.value)),
                message=messages[0] if messages else "",
                shape=_name(shapes, _node_shape(shapes, report_graph.value(node, SH.sourceShape))) or "",
            )
        )
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    results.sort(key=lambda r: (order[r.severity], r.focus_label, r.message))
    bind_prefixes(report_graph)
    return Report(
        conforms=not any(r.severity == "Violation" for r in results), results=results, graph=report_graph
    )


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
