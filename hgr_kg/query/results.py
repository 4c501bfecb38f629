"""Query results as a table of RDF terms, and their forms: terminal table, CSV, SPARQL JSON,
Markdown and LaTeX.

A :class:`ResultTable` holds rdflib terms (what the library's callers read); a :class:`TermTable`
holds the same as plain :class:`~hgr_kg.terms.Term` values, which the cold query path on the
Oxigraph store makes without importing rdflib, and which every form is written from. Either holds
every term in one canonical form, whichever store answered: a number in the canonical lexical form
of its value (XSD 1.1: ``4.8``, not ``4.80``; ``5`` for a whole decimal), and a plain literal without
the ``xsd:string`` datatype that RDF 1.1 gives it implicitly (Oxigraph states it, rdflib does not).
So every form prints the same on every store.

SPARQL JSON (W3C SPARQL 1.1 Query Results JSON) is written here with Python's json module, in the
same shape and key order as rdflib's serialiser wrote it before (importing that serialiser imports
rdflib's SPARQL parser, 0.2 s); a test reads every canned query's back with rdflib's SPARQL JSON
results parser. CSV is written with Python's csv module, in W3C SPARQL 1.1 CSV's shape (CRLF line ends,
a header of variable names, a term's plain text), because cells a spreadsheet would run as formulas
are neutralised, which rdflib's writer does not do. The table, Markdown and LaTeX forms have no
serialiser in either engine. This module imports rdflib only where a ResultTable is made."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hgr_kg import terms
from hgr_kg.errors import HgrKgError
from hgr_kg.formats import RESULT_FORMATS as FORMATS
from hgr_kg.prefixes import PREFIX_IRIS
from hgr_kg.terms import Term

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

# a spreadsheet runs a cell starting with one of these as a formula (OWASP, "CSV Injection")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def canonical(term: Node | None) -> Node | None:
    """An rdflib ``term`` in its canonical form (:func:`hgr_kg.terms.canonical`); any other
    term as it is."""
    from rdflib import Literal

    if not isinstance(term, Literal) or term.language:
        return term
    plain_term = terms.from_rdflib(term)
    done = terms.canonical(plain_term)
    return term if done == plain_term else terms.to_rdflib(done)


@dataclass(frozen=True)
class TermTable:
    """Rows of plain terms (None: unbound), canonical (see the module's docstring)."""

    variables: list[str]
    rows: list[tuple[Term | None, ...]]

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", [tuple(terms.canonical(t) for t in row) for row in self.rows])

    @classmethod
    def from_triples(cls, triples: Sequence[tuple[Term, Term, Term]]) -> TermTable:
        """A CONSTRUCT or DESCRIBE result: its distinct triples, in order (:func:`terms.sort_triples`),
        the order taken after the terms are canonical, so that both stores give one order."""
        canonical_triples = [tuple(terms.canonical(x) for x in t) for t in triples]
        return cls(["subject", "predicate", "object"], list(terms.sort_triples(canonical_triples)))


@dataclass(frozen=True)
class ResultTable:
    variables: list[str]
    rows: list[tuple[Node | None, ...]]

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", [tuple(canonical(t) for t in row) for row in self.rows])

    @classmethod
    def from_graph(cls, graph: Graph) -> ResultTable:
        table = TermTable.from_triples([tuple(terms.from_rdflib(x) for x in t) for t in graph])
        return cls.from_terms(table)

    @classmethod
    def from_terms(cls, table: TermTable) -> ResultTable:
        return cls(table.variables, [tuple(terms.to_rdflib(t) for t in row) for row in table.rows])

    def terms(self) -> TermTable:
        return TermTable(self.variables, [tuple(terms.from_rdflib(t) for t in row) for row in self.rows])

    @classmethod
    def from_sparql_json(cls, payload: dict) -> ResultTable:
        """Read a W3C SPARQL 1.1 Query Results JSON document."""
        try:
            if "boolean" in payload:
                return cls.from_terms(ask_table(bool(payload["boolean"])))
            variables = list(payload["head"]["vars"])
            rows = []
            for binding in payload["results"]["bindings"]:
                rows.append(tuple(_term(binding.get(v)) for v in variables))
            return cls.from_terms(TermTable(variables, rows))  # rdflib checks language tags here
        except (KeyError, TypeError, ValueError, HgrKgError) as err:
            message = str(err).removeprefix("malformed SPARQL JSON results: ")
        raise HgrKgError(f"malformed SPARQL JSON results: {message}")


def ask_table(answer: bool) -> TermTable:
    """The table of an ASK query's answer: one row, one ``ask`` column."""
    return TermTable(["ask"], [(_ask(answer),)])


def _ask(answer: bool) -> Term:
    return terms.literal("true" if answer else "false", terms.XSD + "boolean")


def _term(value: dict | None) -> Term | None:
    if value is None:
        return None
    kind, text = value["type"], value["value"]
    extra = [value[k] for k in ("xml:lang", "datatype") if k in value]
    if not all(isinstance(x, str) for x in [text, *extra]):
        raise ValueError(f"a term's value, language or datatype is not text: {value!r}")
    if kind in ("uri", "bnode"):
        return Term(kind, text)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return terms.literal(text, lang=value["xml:lang"])
        return terms.literal(text, value.get("datatype", ""))
    raise ValueError(f"unknown term type {kind!r}")


def _table(table: ResultTable | TermTable) -> TermTable:
    return table.terms() if isinstance(table, ResultTable) else table


def shorten(iri: str) -> str:
    for prefix, namespace in PREFIX_IRIS.items():
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def plain(term: Term | None, short: bool = False) -> str:
    """The text of a term as a reader expects it: a literal's text (numbers are canonical in the
    table), an IRI (optionally prefixed)."""
    if term is None:
        return ""
    if term.kind == "uri" and short:
        return shorten(term.value)
    return term.value


def _json_term(term: Term) -> dict[str, str]:
    if term.kind in ("uri", "bnode"):
        return {"type": term.kind, "value": term.value}
    if term.kind != "literal":
        raise HgrKgError(f"an RDF-star triple cannot be written in SPARQL JSON results: {term.value}")
    out = {"type": "literal", "value": term.value}
    if term.lang:
        out["xml:lang"] = term.lang
    elif term.datatype:
        out["datatype"] = term.datatype
    return out


def to_json(table: ResultTable | TermTable) -> str:
    """W3C SPARQL 1.1 Query Results JSON (see the module's docstring)."""
    table = _table(table)
    bindings = [{v: _json_term(t) for v, t in zip(table.variables, row, strict=True) if t is not None}
                for row in table.rows]  # fmt: skip
    document = {"results": {"bindings": bindings}, "head": {"vars": table.variables}}
    return json.dumps(document, allow_nan=False, ensure_ascii=False) + "\n"


def csv_cell(text: str) -> str:
    """A cell a spreadsheet would read as a formula, with a single quote before it (as OWASP
    advises); a number (-58.8, +7, -1.5E3) is kept as it is."""
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def to_csv(table: ResultTable | TermTable, raw: bool = False) -> str:
    """W3C SPARQL 1.1 CSV results (CRLF line ends, a header row); formula-like cells are neutralised
    unless ``raw``."""
    table = _table(table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.variables)
    for row in table.rows:
        cells = [plain(t) for t in row]
        writer.writerow(cells if raw else [csv_cell(c) for c in cells])
    return out.getvalue()


def _cells(table: TermTable) -> list[list[str]]:
    return [[plain(t, short=True) for t in row] for row in table.rows]


def _numeric_columns(table: TermTable) -> list[bool]:
    return [
        all(t is None or t.numeric for t in column) and any(t is not None for t in column)
        for column in zip(*table.rows, strict=True)
    ] or [False] * len(table.variables)


def display_width(text: str) -> int:
    """The columns ``text`` takes on a terminal: two for an East Asian Wide or Fullwidth character
    (Chinese), none for a combining mark, one otherwise (as wcwidth counts them)."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text
    )


def _cell_lines(text: str) -> list[str]:
    """A cell's lines: broken at every line end (LF, CR, CRLF, U+2028, ...), tabs as one space."""
    return text.replace("\t", " ").splitlines() or [""]


def to_text_table(table: ResultTable | TermTable) -> str:
    """A plain-text table aligned by display width, a cell of several lines on as many lines (the
    other cells of its row left blank below their first line, and rows then parted by a blank line)."""
    table = _table(table)
    rows = [[_cell_lines(c) for c in row] for row in _cells(table)]
    widths = [
        max([display_width(v)] + [display_width(line) for r in rows for line in r[i]])
        for i, v in enumerate(table.variables)
    ]
    numeric = _numeric_columns(table)

    def line(values: Sequence[str]) -> str:
        padded = (
            " " * (w - display_width(v)) + v if n else v + " " * (w - display_width(v))
            for v, w, n in zip(values, widths, numeric, strict=True)
        )
        return "  ".join(padded).rstrip()

    out = [line(table.variables), "  ".join("-" * w for w in widths)]
    tall = any(len(cell) > 1 for r in rows for cell in r)
    for n, r in enumerate(rows):
        if tall and n:
            out.append("")
        height = max(len(cell) for cell in r)
        out += [line([cell[k] if k < len(cell) else "" for cell in r]) for k in range(height)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(table: ResultTable | TermTable) -> str:
    table = _table(table)
    numeric = _numeric_columns(table)
    out = ["| " + " | ".join(table.variables) + " |",
           "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]  # fmt: skip
    out += ["| " + " | ".join(_md_escape(c) for c in row) + " |" for row in _cells(table)]
    return "\n".join(out) + "\n"


_LATEX = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
          "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}  # fmt: skip


def latex_escape(text: str) -> str:
    return "".join(_LATEX.get(ch, ch) for ch in text)


def to_latex(table: ResultTable | TermTable) -> str:
    table = _table(table)
    numeric = _numeric_columns(table)
    spec = "".join("r" if n else "l" for n in numeric)
    out = [f"\\begin{{tabular}}{{{spec}}}", "\\hline",
           " & ".join(latex_escape(v) for v in table.variables) + r" \\", "\\hline"]  # fmt: skip
    out += [" & ".join(latex_escape(c) for c in row) + r" \\" for row in _cells(table)]
    out += ["\\hline", "\\end{tabular}"]
    return "\n".join(out) + "\n"


def render(table: ResultTable | TermTable, fmt: str, raw_csv: bool = False) -> str:
    """``table`` in ``fmt``; ``raw_csv`` keeps formula-like CSV cells as they are."""
    renderers = {"table": to_text_table, "csv": to_csv, "json": to_json, "md": to_markdown,
                 "latex": to_latex}  # fmt: skip
    if fmt not in renderers:
        raise HgrKgError(f"unknown format '{fmt}' (formats: {', '.join(FORMATS)})")
    table = _table(table)
    if fmt == "csv":
        return to_csv(table, raw=raw_csv)
    return renderers[fmt](table)
