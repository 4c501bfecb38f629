"""Query results as a table of RDF terms, and their forms: terminal table, CSV, SPARQL JSON,
Markdown and LaTeX.

The table holds every term in one canonical form, whichever store answered: a number in the
canonical lexical form of its value (XSD 1.1: ``4.8``, not ``4.80``; ``5`` for a whole decimal), and a
plain literal without the ``xsd:string`` datatype that RDF 1.1 gives it implicitly (Oxigraph states
it, rdflib does not). So every form prints the same on every store.

SPARQL JSON is written by rdflib's own serialiser (W3C SPARQL 1.1 Query Results JSON). CSV is
written here with Python's csv module, in W3C SPARQL 1.1 CSV's shape (CRLF line ends, a header of
variable names, a term's plain text), because cells a spreadsheet would run as formulas are
neutralised, which rdflib's writer does not do. The table, Markdown and LaTeX forms have no
serialiser in either engine."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from hgr_kg.errors import HgrKgError
from hgr_kg.formats import RESULT_FORMATS as FORMATS
from hgr_kg.namespaces import PREFIXES

# a spreadsheet runs a cell starting with one of these as a formula (OWASP, "CSV Injection")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.nonNegativeInteger}


def canonical(term: Node | None) -> Node | None:
    """``term`` in its canonical form (see the module docstring); any other term as it is."""
    if not isinstance(term, Literal) or term.language:
        return term
    if term.datatype == XSD.string:
        return Literal(str(term))
    if term.datatype not in NUMERIC:
        return term
    value = term.toPython()
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return term  # an ill-formed number is kept as written
    if isinstance(value, Decimal):
        if not value.is_finite():
            return term
        whole = value == value.to_integral()
        text = format(value.to_integral() if whole else value.normalize(), "f")
    elif isinstance(value, float):
        text = repr(value) if math.isfinite(value) else str(term)
    else:
        text = str(value)
    return term if text == str(term) else Literal(text, datatype=term.datatype)


@dataclass(frozen=True)
class ResultTable:
    variables: list[str]
    rows: list[tuple[Node | None, ...]]

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", [tuple(canonical(t) for t in row) for row in self.rows])

    @classmethod
    def from_graph(cls, graph: Graph) -> ResultTable:
        rows = sorted(graph, key=lambda t: tuple(str(x) for x in t))
        return cls(["subject", "predicate", "object"], [tuple(t) for t in rows])

    @classmethod
    def from_sparql_json(cls, payload: dict) -> ResultTable:
        """Read a W3C SPARQL 1.1 Query Results JSON document."""
        try:
            if "boolean" in payload:
                return cls(["ask"], [(Literal(bool(payload["boolean"])),)])
            variables = list(payload["head"]["vars"])
            rows = []
            for binding in payload["results"]["bindings"]:
                rows.append(tuple(_term(binding.get(v)) for v in variables))
        except (KeyError, TypeError, ValueError) as err:
            raise HgrKgError(f"malformed SPARQL JSON results: {err}") from None
        return cls(variables, rows)


def _term(value: dict | None) -> Node | None:
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        if "datatype" in value:
            return Literal(value["value"], datatype=URIRef(value["datatype"]))
        return Literal(value["value"])
    raise ValueError(f"unknown term type {kind!r}")


def shorten(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)) and iri != str(namespace):
            return f"{prefix}:{iri[len(str(namespace)) :]}"
    return iri


def plain(term: Node | None, short: bool = False) -> str:
    """The text of a term as a reader expects it: a literal's text (numbers are canonical in the
    table), an IRI (optionally prefixed)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term)) if short else str(term)
    return str(term)


def to_json(table: ResultTable) -> str:
    """W3C SPARQL 1.1 Query Results JSON, written by rdflib's serialiser (imported here: importing it
    imports rdflib's SPARQL parser, 0.2 s, which the other forms do not need)."""
    from rdflib.plugins.sparql.results.jsonresults import JSONResultSerializer

    result = Result("SELECT")
    names = [Variable(v) for v in table.variables]
    result.vars = names
    result.bindings = [{v: t for v, t in zip(names, row, strict=True) if t is not None} for row in table.rows]
    out = io.StringIO()
    JSONResultSerializer(result).serialize(out)
    return out.getvalue() + "\n"


def csv_cell(text: str) -> str:
    """A cell a spreadsheet would read as a formula, with a single quote before it (as OWASP
    advises); a number (-58.8, +7, -1.5E3) is kept as it is."""
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def to_csv(table: ResultTable, raw: bool = False) -> str:
    """W3C SPARQL 1.1 CSV results (CRLF line ends, a header row); formula-like cells are neutralised
    unless ``raw``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.variables)
    for row in table.rows:
        cells = [plain(t) for t in row]
        writer.writerow(cells if raw else [csv_cell(c) for c in cells])
    return out.getvalue()


def _cells(table: ResultTable) -> list[list[str]]:
    return [[plain(t, short=True) for t in row] for row in table.rows]


def _numeric_columns(table: ResultTable) -> list[bool]:
    return [
        all(t is None or (isinstance(t, Literal) and t.datatype in NUMERIC) for t in column)
        and any(t is not None for t in column)
        for column in zip(*table.rows, strict=True)
    ] or [False] * len(table.variables)


def to_text_table(table: ResultTable) -> str:
    cells = _cells(table)
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(table.variables)]
    numeric = _numeric_columns(table)

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            (v.rjust(w) if n else v.ljust(w)) for v, w, n in zip(values, widths, numeric, strict=True)
        ).rstrip()

    out = [line(table.variables), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(table: ResultTable) -> str:
    numeric = _numeric_columns(table)
    out = ["| " + " | ".join(table.variables) + " |",
           "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]  # fmt: skip
    out += ["| " + " | ".join(_md_escape(c) for c in row) + " |" for row in _cells(table)]
    return "\n".join(out) + "\n"


_LATEX = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
          "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}  # fmt: skip


def latex_escape(text: str) -> str:
    return "".join(_LATEX.get(ch, ch) for ch in text)


def to_latex(table: ResultTable) -> str:
    numeric = _numeric_columns(table)
    spec = "".join("r" if n else "l" for n in numeric)
    out = [f"\\begin{{tabular}}{{{spec}}}", "\\hline",
           " & ".join(latex_escape(v) for v in table.variables) + r" \\", "\\hline"]  # fmt: skip
    out += [" & ".join(latex_escape(c) for c in row) + r" \\" for row in _cells(table)]
    out += ["\\hline", "\\end{tabular}"]
    return "\n".join(out) + "\n"


def render(table: ResultTable, fmt: str, raw_csv: bool = False) -> str:
    """``table`` in ``fmt``; ``raw_csv`` keeps formula-like CSV cells as they are."""
    renderers = {"table": to_text_table, "csv": to_csv, "json": to_json, "md": to_markdown,
                 "latex": to_latex}  # fmt: skip
    if fmt not in renderers:
        raise HgrKgError(f"unknown format '{fmt}' (formats: {', '.join(FORMATS)})")
    if fmt == "csv":
        return to_csv(table, raw=raw_csv)
    return renderers[fmt](table)
