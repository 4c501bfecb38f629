"""Canned, parameterised SPARQL queries (``queries/NAME.rq``) and the runner.

A canned query is a valid SPARQL 1.1 file whose leading ``#+`` lines are grlc-style YAML
decorators: ``summary``, ``description``, ``tags`` and ``params`` (a list of ``name``, ``type``,
``required``, ``default``, ``example``, ``description`` and, where the SPARQL variable differs from
the parameter's name, ``variable``). Parameter values are parsed against their declared type and
bound as RDF terms: on rdflib's memory store through ``initBindings``, on Oxigraph and remotely
through a ``VALUES`` block of escaped terms opening the outermost WHERE group (found by a tokenizer
that skips comments, strings and IRIs). Values are never pasted into query text.

Every query is parsed before it runs, by the engine that runs it (Oxigraph parses the text itself;
on rdflib's store and before a request to an endpoint, rdflib's SPARQL parser): an empty text, an
update or invalid SPARQL is refused in one line, and so is a ``SERVICE`` clause (a request to another
server) unless the caller allows it. ``FROM`` names a graph of the store: rdflib does not fetch it.
rdflib's SPARQL parser (pyparsing, 0.2 s to import, 20-800 ms a query) is imported only where it
is used: reading a canned query does not parse it, and a text is parsed for SERVICE only when the
keyword is there outside strings, IRIs and comments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from hgr_kg.errors import HgrKgError
from hgr_kg.interrupt import bounded
from hgr_kg.prefixes import PREFIX_IRIS, QUERY_PREFIXES, XSD
from hgr_kg.query.guard import (
    BLOCKED_HINT,
    TOKENS,
    blocked,
    check_query,
    first_line,
    no_network,
    normalise,
    not_a_query,
    prepared,
    refuse_service,
)
from hgr_kg.sources.decoding import read_text
from hgr_kg.terms import Term, from_oxigraph, iri, literal, to_rdflib

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.plugins.sparql.sparql import Query
    from rdflib.term import Node

    from hgr_kg.query.results import ResultTable, TermTable

# the last: an article's number (37, 334-1, or as printed: 第三十七条), bound as its normalised plain literal
PARAM_TYPES = ("xsd:date", "xsd:gYear", "xsd:integer", "xsd:decimal", "xsd:string", "iri", "rdf:langString",
               "article-number")  # fmt: skip
IRI_SCHEMES = ("http", "https", "urn")
_IRI_FORBIDDEN = re.compile(r'[\s<>"{}|^`\\]')
# the libyaml loader where PyYAML was built with it (5-10 times faster), else the pure-Python one
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    numbers, lines = [], []  # each header line's line number in the file, and its text
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#+"):
            numbers.append(number)
            lines.append(line[2:])
    try:
        meta = yaml.load("\n".join(lines), Loader=_YAML_LOADER) or {}  # noqa: S506 (a safe loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        # libyaml marks a problem at the end of the text on the line after the last
        line = numbers[min(mark.line, len(numbers) - 1)] if mark is not None and numbers else 1
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise HgrKgError(f"{path}:{line}: malformed #+ header: {problem}") from None
    if not isinstance(meta, dict):
        raise HgrKgError(f"{path}:1: the #+ header must be a mapping of decorators")
    return meta


def load_query(path: Path) -> CannedQuery:
    """Read one ``.rq`` file and its header (the SPARQL is parsed where it runs, see the module's
    docstring; a SERVICE clause is refused then)."""
    text = read_text(path)
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


def query_list_text(folder: Path) -> str:
    """One line per canned query: name, summary and parameters (``name:type``, ``?`` = optional), as
    ``hgr-kg query list`` prints them and the README lists them (scripts/readme_queries.py)."""
    lines = []
    for query in list_queries(folder):
        params = ", ".join(f"{p.name}:{p.type}{'' if p.required else '?'}" for p in query.params)
        lines.append(f"{query.name:20s} {query.summary}" + (f"  [{params}]" if params else ""))
    return "\n".join(lines) + "\n"


def find_query(folder: Path, name: str) -> CannedQuery:
    path = folder / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(p.stem for p in sorted(folder.glob("*.rq")))
        raise HgrKgError(f"unknown query '{name}' (known: {known})")
    return load_query(path)


def _expand_iri(value: str) -> str:
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIX_IRIS and not local.startswith("//"):
        return PREFIX_IRIS[prefix] + local
    if not sep:  # a bare name is a resource of this graph
        return PREFIX_IRIS["hgrid"] + value
    return value


def _iri(raw: str, refuse: Callable[[str], HgrKgError]) -> Term:
    expanded = _expand_iri(raw)
    scheme = expanded.partition(":")[0].lower()
    if not raw or raw.endswith(":") or _IRI_FORBIDDEN.search(expanded) or scheme not in IRI_SCHEMES:
        raise refuse("an http, https or urn IRI, or a prefixed name such as hgrid:rmhgr-2019")
    return iri(expanded)


def parse_value(param: Param, raw: str) -> Term:
    """Parse ``raw`` as ``param``'s declared type, as an RDF term (a plain
    :class:`~hgr_kg.terms.Term`, so that binding needs no rdflib); raise a one-line error naming
    the parameter. Digits are ASCII only (``\\d`` and ``int()`` would take full-width and Arabic-Indic
    digits)."""

    def refuse(expected: str) -> HgrKgError:
        return HgrKgError(f"parameter '{param.name}': {raw!r} is not {expected} ({param.type})")

    kind = param.type
    if kind == "xsd:date":
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
            raise refuse("a date of the form YYYY-MM-DD")
        try:
            dt.date.fromisoformat(raw)
        except ValueError:
            raise refuse("a date of the form YYYY-MM-DD") from None
        return literal(raw, XSD + "date")
    if kind == "xsd:gYear":
        if not re.fullmatch(r"[0-9]{4}", raw):
            raise refuse("a year of the form YYYY")
        return literal(raw, XSD + "gYear")
    if kind == "xsd:integer":
        if not re.fullmatch(r"[+-]?[0-9]{1,18}", raw):
            raise refuse("a whole number")
        return literal(str(int(raw)), XSD + "integer")
    if kind == "xsd:decimal":
        try:
            if not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", raw):
                raise InvalidOperation
            Decimal(raw)
        except InvalidOperation:
            raise refuse("a decimal number") from None
        return literal(format(Decimal(raw), "f"), XSD + "decimal")  # as rdflib wrote it: 0.5, not .5
    if kind == "iri":
        return _iri(raw, refuse)
    if kind == "article-number":  # as text --article: 37, 334-1, or as printed (第三十七条)
        from hgr_kg.sources.statutes import ARTICLE_NUMBER_FORMS, normalised_article

        try:
            return literal(normalised_article(raw))
        except ValueError:
            raise refuse(f"an article number such as {ARTICLE_NUMBER_FORMS}") from None
    if kind == "rdf:langString":
        text, sep, lang = raw.rpartition("@")
        if not sep or not re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", lang):
            raise refuse("text with a language tag, such as Beijing@en")
        return literal(text, lang=lang)
    return literal(raw)


def bind_params(query: CannedQuery, raw: Mapping[str, str]) -> dict[str, Term]:
    """Typed RDF terms for the query's variables, from ``raw`` values and the declared defaults."""
    for name in raw:
        query.param(name)  # unknown names are refused
    bound: dict[str, Term] = {}
    for param in query.params:
        value = raw.get(param.name, param.default)
        if value is None:
            if param.required:
                example = f" (e.g. --param {param.name}={param.example})" if param.example else ""
                raise HgrKgError(f"query '{query.name}' needs parameter '{param.name}'{example}")
            continue
        bound[param.var] = parse_value(param, value)
    return bound


def _where_group(text: str) -> int | None:
    """The offset just after the ``{`` that opens the query's outermost WHERE group: the first
    group after the WHERE keyword at brace depth 0, else the first group at depth 0 (WHERE is
    optional in SELECT, ASK and DESCRIBE). Comments, strings and IRIs are skipped as tokens, so a
    ``WHERE {`` inside them is not seen."""
    depth, after_where, first = 0, False, None
    for token in TOKENS.finditer(text):
        kind = token.lastgroup
        if kind == "open":
            if depth == 0 and after_where:
                return token.end()
            if depth == 0 and first is None:
                first = token.end()
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word" and depth == 0 and token.group().upper() == "WHERE":
            after_where = True
    return first


def with_values(text: str, bindings: Mapping[str, Term | Node]) -> str:
    """The query with a ``VALUES`` block for ``bindings`` (Terms or rdflib terms) opening its
    outermost WHERE group."""
    if not bindings:
        return text
    names = sorted(bindings)
    block = "VALUES ({}) {{ ({}) }}".format(
        " ".join(f"?{n}" for n in names), " ".join(bindings[n].n3() for n in names)
    )
    at = _where_group(text)
    if at is None:
        raise HgrKgError("cannot bind parameters: the query has no WHERE group")
    return f"{text[:at]}\n  {block}\n{text[at:]}"


def _table(result: Any) -> ResultTable:
    """Every row of an rdflib query result (computed lazily: errors may come while reading them)."""
    from hgr_kg.query.results import ResultTable, ask_table

    if result.type == "ASK":
        return ResultTable.from_terms(ask_table(bool(result.askAnswer)))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return ResultTable.from_graph(result.graph)
    variables = [str(v) for v in result.vars or []]
    return ResultTable(variables, [tuple(row) for row in result])


def run_local(graph: Graph | Any, text: str, bindings: Mapping[str, Term | Node],
              timeout: float | None = None, allow_service: bool = False, origin: str = "query",
              service_hint: str = "") -> ResultTable:  # fmt: skip
    """Run a query on ``graph`` (an rdflib graph, or a pyoxigraph store: the same rows without rdflib's
    SPARQL engine, which oxrdflib imports) with ``bindings`` (Terms or rdflib terms), stopped after
    ``timeout`` seconds (None: no limit); the rows as rdflib terms.

    Refused in one line naming ``origin``: what :func:`check_query` refuses (on Oxigraph the store
    parses the text, rdflib only says why it failed). An error while the query runs or its rows are
    read (an invalid regex, a SERVICE that fails) is one line too."""
    from hgr_kg.query.results import ResultTable

    if type(graph).__module__ == "pyoxigraph":
        table = run_store(graph, text, bindings, timeout, allow_service, origin, service_hint)
        return ResultTable.from_terms(table)
    text = normalise(text) if allow_service else refuse_service(text, origin, service_hint)
    from rdflib import Variable

    query: str | Query = text
    if bindings and type(graph.store).__name__ == "OxigraphStore":
        # Oxigraph substitutes only projected variables: bind through VALUES, as on a server
        query, bindings = with_values(text, bindings), {}
    elif type(graph.store).__name__ == "Memory":
        text = check_query(text, origin, allow_service=True)
        query = prepared(text)
    initial = {Variable(k): to_rdflib(v) for k, v in bindings.items()}

    def work() -> ResultTable:
        try:
            return _table(graph.query(query, initBindings=initial))
        except SyntaxError as err:  # Oxigraph parses the text itself (rdflib only when it fails)
            problem, syntax = first_line(err), True
        except Exception as err:
            problem, syntax = _failure(err, allow_service), False
        # raised outside the handler: no reference to the query's frames (pyoxigraph's results must be
        # dropped in the thread that made them)
        if syntax:
            raise not_a_query(text, origin, problem)
        raise HgrKgError(f"{origin}: query failed: {problem}")

    return bounded(work, timeout, origin, setup=None if allow_service else no_network)


def _failure(err: BaseException, allow_service: bool) -> str:
    """The first line of why a query failed, naming the wall where it stopped a request."""
    problem = first_line(err)
    return problem if allow_service or not blocked(err) else f"{problem}{BLOCKED_HINT}"


def run(where: Graph | Any, text: str, bindings: Mapping[str, Term | Node], **options: Any) -> Any:
    """:func:`run_store` on a pyoxigraph store (plain Terms, no rdflib), :func:`run_local` on an rdflib
    graph (rdflib terms); ``options`` are theirs. For callers that read rows through ``str`` or write
    them in a result form, which is the same for both."""
    runner = run_store if type(where).__module__ == "pyoxigraph" else run_local
    return runner(where, text, bindings, **options)


def run_store(store: Any, text: str, bindings: Mapping[str, Term | Node],
              timeout: float | None = None, allow_service: bool = False, origin: str = "query",
              service_hint: str = "") -> TermTable:  # fmt: skip
    """:func:`run_local` on a pyoxigraph ``store``, the rows as plain Terms: neither this nor the
    result forms import rdflib (unless the text mentions SERVICE or does not run, when rdflib's parser
    says why)."""
    text = normalise(text) if allow_service else refuse_service(text, origin, service_hint)
    query_text = with_values(text, bindings)
    return bounded(lambda: _on_oxigraph(store, query_text, text, origin, allow_service), timeout, origin,
                   setup=None if allow_service else no_network)  # fmt: skip


def _on_oxigraph(store: Any, query: str, text: str, origin: str, allow_service: bool = False) -> TermTable:
    """Every row of ``query`` (``text`` with its bindings) on the pyoxigraph ``store``'s default
    graph, with the prefixes oxrdflib would pass (:data:`hgr_kg.prefixes.QUERY_PREFIXES`)."""
    import pyoxigraph as ox

    from hgr_kg.query.results import TermTable, ask_table

    try:
        results = store.query(query, prefixes=QUERY_PREFIXES)
        if isinstance(results, ox.QueryBoolean):
            return ask_table(bool(results))
        if isinstance(results, ox.QuerySolutions):
            variables = [v.value for v in results.variables]
            return TermTable(variables, [tuple(from_oxigraph(t) for t in solution) for solution in results])
        return TermTable.from_triples([(from_oxigraph(t.subject), from_oxigraph(t.predicate),
                                        from_oxigraph(t.object)) for t in results])  # fmt: skip
    except SyntaxError as err:
        problem, syntax = first_line(err), True
    except Exception as err:
        problem, syntax = _failure(err, allow_service), False
    results = None  # dropped here, in the thread that made them, not with the error's frames
    if syntax:  # raised outside the handler, as in run_local
        raise not_a_query(text, origin, problem)
    raise HgrKgError(f"{origin}: query failed: {problem}")
