"""Reading one Turtle source: a syntax error, an invalid IRI or an ill-typed literal names the file
and line. Below the graph package: the build (``hgr_kg.graph.build``), the cross-references' title
index (``hgr_kg.graph.crossrefs``) and the validation all read Turtle through it."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from hgr_kg.errors import HgrKgError
from hgr_kg.sources.decoding import read_text
from hgr_kg.sources.terms import bad_term, literals_as_written, normalised


def _line_at(text: str, needle: str) -> str:
    """``:LINE`` of the first occurrence of ``needle`` in ``text``, or nothing if it is not there."""
    at = text.find(needle)
    return f":{text.count(chr(10), 0, at) + 1}" if at >= 0 else ""


def _syntax_error_line(text: str, err: Exception) -> int:
    """The line of a Turtle syntax error: rdflib's line, or (for its bare assertions, such as an
    unterminated string at the end of the file) where the context it quotes around ``^`` is."""
    if isinstance(err, BadSyntax):
        return getattr(err, "lines", 0) + 1
    before, caret, after = str(err).partition(" at ^ in ")[2].partition("^")
    at = text.find(before + after) if caret else -1
    return text.count("\n", 0, at + len(before)) + 1 if at >= 0 else 0


def check_terms(graph: Graph, path: Path, text: str = "") -> None:
    """Every IRI of ``graph`` (the triples of the source ``path``, whose ``text`` is searched for
    the line) valid, and every typed literal well-formed for its XSD datatype."""
    problem = bad_term(graph)
    if problem is not None:
        what, needle = problem
        raise HgrKgError(f"{path}{_line_at(text, needle)}: ill-formed term: {what}")


class _InOrder(Graph):
    """A graph that also keeps its triples in the order the parser adds them (a graph iterates in
    hash order), so that merging it keeps the order a direct parse would have had."""

    def __init__(self) -> None:
        super().__init__()
        self.order: list[tuple[Node, Node, Node]] = []

    def add(self, triple: tuple[Node, Node, Node]) -> _InOrder:  # type: ignore[override]
        self.order.append(triple)
        super().add(triple)
        return self


def parse_turtle(path: Path, graph: Graph | None = None) -> Graph:
    """Parse one Turtle file (UTF-8, a BOM allowed) into ``graph``; a syntax error, an invalid IRI
    or an ill-typed literal names the file and line, and leaves ``graph`` unchanged."""
    text = read_text(path)
    fresh = _InOrder()
    try:
        with literals_as_written():
            fresh.parse(data=text, format="turtle", publicID=path.absolute().as_uri())
    except (BadSyntax, AssertionError) as err:
        line = _syntax_error_line(text, err)
        reason = getattr(err, "_why", "") or str(err).splitlines()[0]
        raise HgrKgError(f"{path}{f':{line}' if line else ''}: Turtle syntax error: {reason}") from None
    except Exception as err:  # rdflib raises assorted errors for bad terms
        raise HgrKgError(f"{path}: cannot parse: {str(err).splitlines()[0]}") from None
    check_terms(fresh, path, text)
    target = graph if graph is not None else Graph()
    defaults = set(Graph().namespaces())
    for prefix, namespace in fresh.namespaces():
        if (prefix, namespace) not in defaults:
            target.bind(prefix, namespace)
    target.addN((s, p, normalised(o), target) for s, p, o in fresh.order)
    return target
