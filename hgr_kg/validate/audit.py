"""Audit the study's claims against the graph: recompute each claim's value and give a verdict.

Claims are ``hgr:Claim`` annotations (``data/claims.ttl``). A claim is recomputed by a canned query
(``hgr:recomputeQuery`` with parameters, a row filter and the variable to read) or by a SPARQL
``SELECT ?value`` (``hgr:recomputeSparql``, run with the project's prefixes), unless
``hgr:notDerivableBecause`` says why the published data cannot give it. Verdicts follow one rule
for every claim: ``reproduced`` when the recomputed value equals the stated one at the stated
precision, ``differs`` otherwise (with the difference), ``not-derivable`` when there is nothing to
compare. Claims are data: their queries never run a SERVICE clause (a request to another server).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from rdflib.term import Node

from hgr_kg.errors import HgrKgError
from hgr_kg.namespaces import HGR, PREFIXES
from hgr_kg.query.canned import bind_params, find_query, run_local

VERDICTS = ("reproduced", "differs", "not-derivable")
NO_SERVICE = " (claims are data: they never send a request)"
OA = Namespace("http://www.w3.org/ns/oa#")
FORMATS = ("md", "json", "html")


@dataclass(frozen=True)
class Verdict:
    id: str
    location: str
    text: str
    quote: str
    stated: str
    computed: str | None
    verdict: str
    reason: str
    query: str


def _prefixes() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def _text(value: Node | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, Literal) and value.datatype == XSD.boolean:
        return "true" if value.toPython() else "false"
    if isinstance(value, Literal) and value.datatype in (XSD.decimal, XSD.double, XSD.float):
        number = Decimal(str(value.toPython()))
        if number == number.to_integral():
            return format(number.normalize(), "f")
        rounded = number.quantize(Decimal("0.0001")) if number.as_tuple().exponent < -4 else number
        return format(rounded.normalize(), "f") if rounded != number else str(number)
    return str(value)


def _stated_text(stated: Node | None, decimals: Node | None) -> str:
    """The stated value as the study prints it: a decimal keeps its stated places (3.70, not 3.7)."""
    if isinstance(stated, Literal) and stated.datatype == XSD.decimal and decimals is not None:
        return str(Decimal(str(stated)).quantize(Decimal(1).scaleb(-int(decimals))))
    return _text(stated) or ""


def _by_query(graph: Graph, queries: Path, claim: Node, memo: dict, engine: Any) -> tuple[str | None, str]:
    name = str(graph.value(claim, HGR.recomputeQuery))
    params = dict(sorted(str(p).split("=", 1) for p in graph.objects(claim, HGR.queryParam)))
    filters = dict(sorted(str(f).split("=", 1) for f in graph.objects(claim, HGR.rowFilter)))
    variable = str(graph.value(claim, HGR.resultVariable))
    key = (name, tuple(sorted(params.items())))
    if key not in memo:  # many claims read the same query's result
        query = find_query(queries, name)
        memo[key] = run_local(engine, query.text, bind_params(query, params), origin=f"claim {claim}: query "
                              f"'{name}'", service_hint=NO_SERVICE)  # fmt: skip
    table = memo[key]
    rows = [
        row for row in table.rows
        if all(_text(row[table.variables.index(k)]) == v for k, v in filters.items())
    ]  # fmt: skip
    described = f"{name} " + " ".join(f"--param {k}={v}" for k, v in params.items())
    described += "".join(f" | row {k}={v}" for k, v in filters.items()) + f" | {variable}"
    if variable == "#rows":
        return str(len(rows)), described.strip()
    if variable not in table.variables:
        raise HgrKgError(f"claim {claim}: query '{name}' has no variable '{variable}'")
    return (_text(rows[0][table.variables.index(variable)]) if rows else None), described.strip()


def _by_sparql(graph: Graph, claim: Node, engine: Any) -> tuple[str | None, str]:
    text = str(graph.value(claim, HGR.recomputeSparql))
    rows = run_local(engine, _prefixes() + text, {}, origin=f"claim {claim}: its SPARQL",
                     service_hint=NO_SERVICE).rows  # fmt: skip
    return (_text(rows[0][0]) if rows and rows[0][0] is not None else None), text


def compare(stated: Literal, decimals: int | None, computed: str | None) -> tuple[str, str]:
    """The verdict and its reason, by the same rule for every claim."""
    if computed is None:
        return "not-derivable", "the graph gives no value for it"
    if stated.datatype in (XSD.decimal, XSD.integer):
        try:
            got, want = Decimal(computed), Decimal(str(stated))
        except InvalidOperation:
            return "differs", f"the graph gives {computed!r}, not a number"
        places = decimals if decimals is not None else 0
        tolerance = Decimal(1).scaleb(-places) / 2
        if abs(got - want) <= tolerance:
            return "reproduced", f"equal at {places} decimal(s)"
        difference = (got - want).quantize(Decimal(1).scaleb(-(places + 2)))
        return "differs", f"the graph gives {computed}; difference {difference:+} (computed minus stated)"
    if stated.datatype == XSD.boolean:
        want_bool = "true" if stated.toPython() else "false"
        if computed == want_bool:
            return "reproduced", "the provision text or data agree"
        return "differs", f"the graph says {computed}"
    if computed == str(stated):
        return "reproduced", "equal"
    return "differs", f"the graph gives {computed!r}"


def audit(graph: Graph, queries: Path, engine: Any = None) -> list[Verdict]:
    """Every claim of the graph with its verdict, in document order of their ids. The queries run on
    ``engine`` (the same graph in a pyoxigraph store: the same rows, several times faster), or on
    ``graph`` itself."""
    engine = graph if engine is None else engine
    verdicts = []
    memo: dict = {}
    for claim in sorted(set(graph.subjects(RDF.type, HGR.Claim)), key=str):
        stated = graph.value(claim, HGR.statedValue)
        decimals = graph.value(claim, HGR.decimals)
        citation = graph.value(claim, DCTERMS.source)
        location = str(graph.value(citation, HGR.locator) or "") if citation is not None else ""
        target = graph.value(claim, OA.hasTarget)
        selector = graph.value(target, OA.hasSelector) if target is not None else None
        quote = str(graph.value(selector, OA.exact) or "") if selector is not None else ""
        reason_nd = graph.value(claim, HGR.notDerivableBecause)
        if reason_nd is not None:
            computed, how = None, ""
            verdict, reason = "not-derivable", str(reason_nd)
        else:
            if graph.value(claim, HGR.recomputeQuery) is not None:
                computed, how = _by_query(graph, queries, claim, memo, engine)
            else:
                computed, how = _by_sparql(graph, claim, engine)
            verdict, reason = compare(stated, int(decimals) if decimals is not None else None, computed)
        verdicts.append(
            Verdict(
                id=str(claim).rsplit("/", 1)[-1].removeprefix("claim-"),
                location=location,
                text=str(graph.value(claim, RDFS.label) or ""),
                quote=quote,
                stated=_stated_text(stated, decimals),
                computed=computed,
                verdict=verdict,
                reason=reason,
                query=how,
            )
        )
    return verdicts


def summary(verdicts: list[Verdict]) -> dict[str, int]:
    counts = Counter(v.verdict for v in verdicts)
    return {"claims": len(verdicts), **{k: counts.get(k, 0) for k in VERDICTS}}


def to_json(verdicts: list[Verdict], records: Any = None) -> str:
    """The verdicts and their summary; with ``records`` (a ``RecordCoverage``) that covers a year,
    its totals too, under ``records``."""
    claims = [asdict(x) for x in verdicts]
    payload: dict[str, Any] = {"claims": claims, "summary": summary(verdicts)}
    if records is not None and records.years:
        payload["records"] = records.to_json()
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def render(verdicts: list[Verdict], fmt: str, records: Any = None) -> str:
    """The report in ``fmt``; ``records`` (``audit_records.record_coverage``) adds the imported
    records' yearly totals beside Table 1."""
    if fmt not in FORMATS:
        raise HgrKgError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt == "json":
        return to_json(verdicts, records)
    from hgr_kg.templating import environment

    template = environment().get_template(f"audit.{fmt}.jinja2")
    return template.render(verdicts=verdicts, summary=summary(verdicts), verdict_names=VERDICTS,
                           records=records)  # fmt: skip
