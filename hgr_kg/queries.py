"""Canned, parameterised SPARQL queries (``queries/NAME.rq``) and the runner.

A canned query is a valid SPARQL 1.1 file whose leading ``#+`` lines are grlc-style YAML
decorators: ``summary``, ``description``, ``tags`` and ``params`` (a list of ``name``, ``type``,
``required``, ``default``, ``example``, ``description`` and, where the SPARQL variable differs from
the parameter's name, ``variable``). Parameter values are parsed against their declared type and
bound as RDF terms: locally through rdflib's ``initBindings``, remotely through a ``VALUES`` block
built from escaped terms. Values are never pasted into query text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from hgr_kg.errors import HgrKgError
from hgr_kg.namespaces import PREFIXES

if TYPE_CHECKING:
    from hgr_kg.results import ResultTable

PARAM_TYPES = ("xsd:date", "xsd:gYear", "xsd:integer", "xsd:decimal", "xsd:string", "iri", "rdf:langString")
_IRI_FORBIDDEN = re.compile(r'[\s<>"{}|^`\\]')
_QUERY_FORMS = re.compile(r"^\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool = False
    default: str | None = None
    example: str | None = None
    description: str = ""
    variable: str = ""

    @property
    def var(self) -> str:
        return self.variable or self.name


@dataclass(frozen=True)
class CannedQuery:
    name: str
    path: Path
    summary: str
    description: str
    text: str
    params: tuple[Param, ...] = ()
    tags: tuple[str, ...] = field(default_factory=tuple)

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise HgrKgError(f"query '{self.name}' has no parameter '{name}' (parameters: {known})")


def _header(path: Path, text: str) -> dict:
    lines = [line[2:] for line in text.splitlines() if line.startswith("#+")]
    try:
        meta = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise HgrKgError(f"{path}:{line}: malformed #+ header: {problem}") from None
    if not isinstance(meta, dict):
        raise HgrKgError(f"{path}:1: the #+ header must be a mapping of decorators")
    return meta


def load_query(path: Path) -> CannedQuery:
    """Read one ``.rq`` file and its header; the SPARQL is checked to parse."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise HgrKgError(f"{path}: cannot read: {err.strerror}") from None
    meta = _header(path, text)
    params = []
    for spec in meta.get("params") or []:
        if not isinstance(spec, dict) or "name" not in spec or spec.get("type") not in PARAM_TYPES:
            raise HgrKgError(f"{path}: each param needs a name and a type among {', '.join(PARAM_TYPES)}")
        params.append(
            Param(
                name=str(spec["name"]),
                type=spec["type"],
                required=bool(spec.get("required", False)),
                default=None if spec.get("default") is None else str(spec["default"]),
                example=None if spec.get("example") is None else str(spec["example"]),
                description=str(spec.get("description", "")),
                variable=str(spec.get("variable", "")),
            )
        )
    try:
        prepareQuery(text)
    except Exception as err:
        raise HgrKgError(f"{path}: not valid SPARQL: {str(err).splitlines()[0]}") from None
    return CannedQuery(
        name=path.stem,
        path=path,
        summary=str(meta.get("summary", path.stem)),
        description=str(meta.get("description", "")),
        text=text,
        params=tuple(params),
        tags=tuple(meta.get("tags") or ()),
    )


def list_queries(folder: Path) -> list[CannedQuery]:
    return [load_query(p) for p in sorted(folder.glob("*.rq"))]


def find_query(folder: Path, name: str) -> CannedQuery:
    path = folder / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(p.stem for p in sorted(folder.glob("*.rq")))
        raise HgrKgError(f"unknown query '{name}' (known: {known})")
    return load_query(path)


def _expand_iri(value: str) -> str:
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return str(PREFIXES[prefix]) + local
    if not sep:  # a bare name is a resource of this graph
        return str(PREFIXES["hgrid"]) + value
    return value


def parse_value(param: Param, raw: str) -> Node:
    """Parse ``raw`` as ``param``'s declared type; raise a one-line error naming the parameter."""

    def refuse(expected: str) -> HgrKgError:
        return HgrKgError(f"parameter '{param.name}': {raw!r} is not {expected} ({param.type})")

    kind = param.type
    if kind == "xsd:date":
        try:
            dt.date.fromisoformat(raw)
        except ValueError:
            raise refuse("a date of the form YYYY-MM-DD") from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise refuse("a date of the form YYYY-MM-DD")
        return Literal(raw, datatype=XSD.date)
    if kind == "xsd:gYear":
        if not re.fullmatch(r"\d{4}", raw):
            raise refuse("a year of the form YYYY")
        return Literal(raw, datatype=XSD.gYear)
    if kind == "xsd:integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", raw):
            raise refuse("a whole number")
        return Literal(int(raw))
    if kind == "xsd:decimal":
        try:
            if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", raw):
                raise InvalidOperation
            Decimal(raw)
        except InvalidOperation:
            raise refuse("a decimal number") from None
        return Literal(raw, datatype=XSD.decimal)
    if kind == "iri":
        iri = _expand_iri(raw)
        if _IRI_FORBIDDEN.search(iri) or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri):
            raise refuse("an IRI or a prefixed name such as hgrid:rmhgr-2019")
        return URIRef(iri)
    if kind == "rdf:langString":
        text, sep, lang = raw.rpartition("@")
        if not sep or not re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", lang):
            raise refuse("text with a language tag, such as Beijing@en")
        return Literal(text, lang=lang)
    return Literal(raw)


def bind_params(query: CannedQuery, raw: Mapping[str, str]) -> dict[str, Node]:
    """Typed RDF terms for the query's variables, from ``raw`` values and the declared defaults."""
    for name in raw:
        query.param(name)  # unknown names are refused
    bound: dict[str, Node] = {}
    for param in query.params:
        value = raw.get(param.name, param.default)
        if value is None:
            if param.required:
                example = f" (e.g. --param {param.name}={param.example})" if param.example else ""
                raise HgrKgError(f"query '{query.name}' needs parameter '{param.name}'{example}")
            continue
        bound[param.var] = parse_value(param, value)
    return bound


def check_read_only(text: str, origin: str) -> None:
    """Refuse anything but a query (SELECT, ASK, CONSTRUCT, DESCRIBE): the runner never updates."""
    body = "\n".join(
        line for line in text.splitlines() if not re.match(r"^\s*(#|PREFIX\b|BASE\b)", line, re.I)
    )
    try:
        prepareQuery(text)
    except Exception as err:
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        if not _QUERY_FORMS.search(body):
            raise HgrKgError(
                f"{origin}: only queries are run (SELECT, ASK, CONSTRUCT, DESCRIBE); updates are refused"
            ) from None
        raise HgrKgError(f"{origin}: not valid SPARQL: {message}") from None


def with_values(text: str, bindings: Mapping[str, Node]) -> str:
    """The query with a ``VALUES`` block for ``bindings`` opening its outermost WHERE group."""
    if not bindings:
        return text
    names = sorted(bindings)
    block = "VALUES ({}) {{ ({}) }}".format(
        " ".join(f"?{n}" for n in names), " ".join(bindings[n].n3() for n in names)
    )
    match = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if match is None:
        raise HgrKgError("cannot bind parameters: the query has no WHERE clause")
    return f"{text[: match.end()]}\n  {block}\n{text[match.end() :]}"


@functools.lru_cache(maxsize=256)
def prepared(text: str) -> Query:
    """The text parsed by rdflib once (rdflib parses a text query on every call, 20-50 ms each)."""
    return prepareQuery(text)


def run_local(graph: Graph, text: str, bindings: Mapping[str, Node]) -> ResultTable:
    from hgr_kg.results import ResultTable

    query: str | Query = text
    if bindings and type(graph.store).__name__ == "OxigraphStore":
        # Oxigraph substitutes only projected variables: bind through VALUES, as on a server
        query, bindings = with_values(text, bindings), {}
    elif type(graph.store).__name__ == "Memory":
        try:
            query = prepared(text)
        except Exception as err:
            raise HgrKgError(f"query failed: {str(err).splitlines()[0]}") from None
    try:
        result = graph.query(query, initBindings={Variable(k): v for k, v in bindings.items()})
    except Exception as err:
        raise HgrKgError(f"query failed: {str(err).splitlines()[0]}") from None
    if result.type == "ASK":
        return ResultTable(["ask"], [(Literal(bool(result.askAnswer)),)])
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return ResultTable.from_graph(result.graph)
    variables = [str(v) for v in result.vars or []]
    return ResultTable(variables, [tuple(row) for row in result])
