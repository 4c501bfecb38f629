"""Well-formed RDF terms: every IRI a valid IRI, every typed literal in its XSD datatype's lexical space.

rdflib accepts ``<http://ex/a b>`` and ``"1998-02-30"^^xsd:date`` when parsing (it logs a warning
with a traceback, then fails later, when serialising, or never); and its ``Literal.ill_typed`` does
not check ``xsd:gYear`` and takes non-ASCII digits (``"２０２４"``, ``"٢٠٢٤"``) as numbers and
``2024-W19-1`` as a date. The XSD 1.1 lexical spaces are ASCII patterns (XSD part 2, section 3), so
the common datatypes are checked here against them, and by rdflib's own conversion (which catches
impossible calendar dates).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

import rdflib
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

# characters the N-Triples/Turtle IRIREF production excludes
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_TZ = r"(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00)?"
_YEAR = r"-?([1-9][0-9]{3,}|0[0-9]{3})"
_DAY = rf"{_YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = r"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?)"
_DECIMAL = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"
_INTEGER = r"[+-]?[0-9]+"
LEXICAL = {
    XSD.date: rf"{_DAY}{_TZ}",
    XSD.dateTime: rf"{_DAY}T{_TIME}{_TZ}",
    XSD.gYear: rf"{_YEAR}{_TZ}",
    XSD.gYearMonth: rf"{_YEAR}-(0[1-9]|1[0-2]){_TZ}",
    XSD.decimal: _DECIMAL,
    XSD.double: rf"({_DECIMAL}([Ee][+-]?[0-9]+)?|[+-]?INF|NaN)",
    XSD.float: rf"({_DECIMAL}([Ee][+-]?[0-9]+)?|[+-]?INF|NaN)",
    XSD.boolean: r"true|false|1|0",
    **{
        XSD[name]: _INTEGER
        for name in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                     "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong")
    },  # fmt: skip
}
_PATTERNS = {datatype: re.compile(pattern) for datatype, pattern in LEXICAL.items()}


class _IllFormedTermWarnings(logging.Filter):
    """Drop rdflib's warnings (with tracebacks) about ill-typed literals and invalid IRIs: the tool
    reports them as one-line errors instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not (message.startswith("Failed to convert Literal") or "not look like a valid URI" in message)


logging.getLogger("rdflib.term").addFilter(_IllFormedTermWarnings())


def ill_typed(literal: Literal) -> bool:
    """Whether ``literal``'s lexical form is outside its datatype's lexical space."""
    if literal.datatype is None:
        return False
    pattern = _PATTERNS.get(literal.datatype)
    if pattern is not None and not pattern.fullmatch(str(literal)):
        return True
    return bool(literal.ill_typed)


def bad_term(graph: Graph) -> tuple[str, str] | None:
    """The first ill-formed term of ``graph`` (in a stable order): what is wrong, and a text to look
    for in the source to find its line."""
    problems = []
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and _BAD_IRI.search(term):
                shown = term.replace("\n", "\\n")
                allowed = "a character not allowed in an IRI (space, <>\"{}|^`\\)"
                problems.append((f"IRI <{shown}> holds {allowed}", str(term)))
            elif isinstance(term, Literal) and ill_typed(term):
                name = graph.namespace_manager.normalizeUri(term.datatype)
                problems.append((f'"{term}"^^{name} is not a valid {name}', f'"{term}"'))
    return min(problems) if problems else None


@contextmanager
def literals_as_written() -> Iterator[None]:
    """Parse with literals kept as written: rdflib otherwise rewrites a typed literal's lexical form
    from its value (``"٢٠٢٤"^^xsd:integer`` becomes ``"2024"``, ``"2024-W19-1"^^xsd:date``
    ``"2024-05-06"``) before it can be checked."""
    before = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = before


def normalised(term: Node) -> Node:
    """``term``, a typed literal with the lexical form rdflib normalises it to (as a normal parse
    would have written it), once its form as written has been checked."""
    if isinstance(term, Literal) and term.datatype is not None:
        return Literal(str(term), datatype=term.datatype, normalize=True)
    return term
