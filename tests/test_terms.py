"""The cold query path without rdflib: plain terms, their canonical forms, the prefixes a query may
use undeclared, and that ``query run`` and ``sparql`` on the Oxigraph store print what the rdflib
path prints, in every form, without importing rdflib."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from hgr_kg import terms
from hgr_kg.formats import RESULT_FORMATS
from hgr_kg.namespaces import bind_prefixes
from hgr_kg.paths import Project
from hgr_kg.prefixes import PREFIX_IRIS, QUERY_PREFIXES
from hgr_kg.query.canned import run_local, run_store, with_values
from hgr_kg.query.results import ResultTable, render
from hgr_kg.terms import Term

ROOT = Path(__file__).resolve().parent.parent
XSD = PREFIX_IRIS["xsd"]

# numbers written every way rdflib and Oxigraph read them, and what every form prints for each
EDGE_LITERALS = [
    ('"4.80"^^xsd:decimal', "4.8"),
    ('"5.0"^^xsd:decimal', "5"),
    ('"-0.0"^^xsd:decimal', "0"),
    ('" 1.5 "^^xsd:decimal', "1.5"),
    ('"NaN"^^xsd:decimal', "NaN"),
    ('"1e2"^^xsd:double', "100.0"),
    ('"INF"^^xsd:double', "inf"),
    ('"0.1"^^xsd:float', "0.1"),
    ('"05"^^xsd:integer', "5"),
    ('"1_0"^^xsd:integer', "10"),
    ('"abc"^^xsd:integer', "abc"),
    ('"1.50"^^xsd:long', "1.50"),
    ('"a"^^xsd:string', "a"),
    ('"a"@en', "a"),
    ('"2020-01-01"^^xsd:date', "2020-01-01"),
]


def test_the_prefixes_are_rdflibs() -> None:
    """The IRIs written out in hgr_kg.prefixes are those of rdflib's namespaces, and the prefixes a
    query may use undeclared are those oxrdflib passes (an rdflib graph's, with ours bound)."""
    from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SKOS, XSD

    expected = {"qb": QB, "prov": PROV, "skos": SKOS, "org": ORG, "foaf": FOAF, "dcterms": DCTERMS,
                "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD}  # fmt: skip
    assert {k: PREFIX_IRIS[k] for k in expected} == {k: str(v) for k, v in expected.items()}
    graph = Graph()
    bind_prefixes(graph)
    assert {prefix: str(namespace) for prefix, namespace in graph.namespaces()} == QUERY_PREFIXES
    assert list(QUERY_PREFIXES)[-3:] == ["hgr", "hgrid", "eli"]


@pytest.mark.parametrize(("written", "printed"), EDGE_LITERALS)
def test_a_literal_prints_alike_from_either_store(written: str, printed: str) -> None:
    """One literal, loaded into rdflib's memory store and into Oxigraph (each reads it its own way),
    prints the same in every form, by the rdflib path and by the plain-term path."""
    turtle = f"@prefix xsd: <{XSD}> .\n<urn:s> <urn:p> {written} .\n"
    graph = Graph().parse(data=turtle, format="turtle")
    store = ox.Store()
    store.load(turtle.encode(), ox.RdfFormat.TURTLE)
    query = "SELECT ?o WHERE { ?s ?p ?o }"
    tables = [run_local(graph, query, {}), run_local(store, query, {}), run_store(store, query, {})]
    assert [str(table.rows[0][0]) for table in tables] == [printed] * 3
    for fmt in RESULT_FORMATS:
        assert len({render(table, fmt) for table in tables}) == 1, fmt


@pytest.mark.parametrize("written", ['"2019-07-01+08:00"^^xsd:date', '"12:00:00Z"^^xsd:time'])
def test_a_time_zone_is_printed_as_the_store_has_it(written: str) -> None:
    """A date or time with its time zone prints as the Oxigraph store holds it (rdflib's terms
    rewrite it when they are made: the date's zone dropped, Z as +00:00; rdflib's own store still
    does)."""
    turtle = f"@prefix xsd: <{XSD}> .\n<urn:s> <urn:p> {written} .\n"
    store = ox.Store()
    store.load(turtle.encode(), ox.RdfFormat.TURTLE)
    table = run_store(store, "SELECT ?o WHERE { ?s ?p ?o }", {})
    assert render(table, "csv") == f"o\r\n{written.split(chr(34))[1]}\r\n"


def test_canonical_is_rdflibs_reading_of_numbers() -> None:
    """A number is read with the constructor rdflib reads it with; one that does not read is kept."""
    cases = {("4.80", "decimal"): "4.8", ("1E3", "decimal"): "1000", ("٣", "integer"): "3",
             ("1e400", "double"): "inf", ("x", "double"): "x",
             ("1.0", "nonNegativeInteger"): "1.0"}  # fmt: skip
    for (lexical, name), expected in cases.items():
        term = terms.canonical(Term("literal", lexical, XSD + name))
        assert term is not None and term.value == expected, (lexical, name)
        node = Literal(lexical, datatype=URIRef(XSD + name))
        assert str(ResultTable(["x"], [(node,)]).rows[0][0]) == expected
    assert terms.canonical(Term("literal", "a", XSD + "string")) == Term("literal", "a")
    assert terms.canonical(Term("uri", "urn:x")) == Term("uri", "urn:x")


def test_a_bound_string_cannot_leave_its_quotes() -> None:
    """A parameter's text is one literal in the VALUES block, whatever quotes, backslashes and line
    ends it holds; Oxigraph returns it unchanged."""
    hostile = 'a"} ; DROP ALL ; #\\\n\r"""\''
    text = with_values("SELECT ?x WHERE { BIND(?v AS ?x) }", {"v": terms.literal(hostile)})
    assert text.count("VALUES") == 1
    table = run_store(ox.Store(), text, {})
    assert table.rows == [(Term("literal", hostile),)]
    with pytest.raises(ValueError, match="not an IRI"):
        terms.iri("urn:a> } ; DROP ALL").n3()


def test_terms_and_rdflib_terms_convert_both_ways() -> None:
    nodes = [URIRef("urn:x"), Literal("a", lang="en"), Literal("5", datatype=URIRef(XSD + "integer")),
             Literal("p")]  # fmt: skip
    assert [terms.to_rdflib(terms.from_rdflib(n)) for n in nodes] == nodes
    assert [terms.from_rdflib(n).n3() for n in nodes] == [n.n3() for n in nodes]


@pytest.fixture(scope="module")
def through_oxrdflib(project: Project) -> Graph:
    """The built store behind rdflib's Graph interface (oxrdflib): the path that makes rdflib terms."""
    from hgr_kg.graph.store import open_graph

    return open_graph(project, "oxigraph")


@pytest.mark.parametrize("fmt", RESULT_FORMATS)
def test_query_run_on_the_store_does_not_import_rdflib(
    fmt: str, tmp_path: Path, through_oxrdflib: Graph, project: Project
) -> None:
    """The cold path: a canned query and an ad-hoc one on the (built) Oxigraph store, to every form,
    in a fresh process that ends with neither rdflib nor oxrdflib imported; and the text is what the
    query gives through oxrdflib, which makes rdflib terms (the same project's store, built by the
    fixture)."""
    out = tmp_path / f"out.{fmt}"
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?s a ?type }", encoding="utf-8")
    script = (
        "import sys\n"
        "from hgr_kg.cli import main\n"
        f"root = ['--root', {str(project.root)!r}]\n"
        f"codes = [main([*root, 'query', 'run', 'penalties', '-p', 'date=2025-01-01',"
        f" '-f', {fmt!r}, '-o', {str(out)!r}]),\n"
        f"         main([*root, 'sparql', {str(ask)!r}, '-f', {fmt!r}])]\n"
        "assert codes == [0, 0], codes\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rdflib', 'oxrdflib', 'pyparsing')))\n"
    )
    done = _python(script)
    assert done.stdout.splitlines()[-1] == "[]"
    text = (ROOT / "queries" / "penalties.rq").read_text(encoding="utf-8")
    table = run_local(through_oxrdflib, text, {"date": terms.literal("2025-01-01", XSD + "date")})
    assert len(table.rows) > 10
    assert out.read_bytes().decode("utf-8") == render(table, fmt)  # CSV keeps its CRLF
    if fmt == "json":
        assert json.loads(done.stdout.splitlines()[0]) == {
            "results": {
                "bindings": [{"ask": {"type": "literal", "value": "true", "datatype": XSD + "boolean"}}]
            },
            "head": {"vars": ["ask"]},
        }


def test_text_and_diff_on_the_store_do_not_import_rdflib(project: Project) -> None:
    """``text`` and ``diff`` run their queries on the store as plain terms too: the 2019 and 2024
    texts of Art. 37 name their department, and the diff runs, with rdflib never imported."""
    from hgr_kg.graph.store import open_store

    open_store(project, project.root / "dist" / "store")  # built here, where importing rdflib is no matter
    script = (
        "import sys\n"
        "from hgr_kg.cli import main\n"
        f"root = ['--root', {str(project.root)!r}]\n"
        "for on in ('2020-01-01', '2024-06-01'):\n"
        "    assert main([*root, 'text', 'rmhgr', '--on', on, '--article', '37']) == 0\n"
        "assert main([*root, 'diff', 'rmhgr', '--from', '2019-07-01', '--to', '2024-05-01']) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rdflib', 'oxrdflib', 'pyparsing')))\n"
    )
    done = _python(script)
    assert done.stdout.splitlines()[-1] == "[]"
    first, _, rest = done.stdout.partition("国务院卫生健康主管部门")
    assert "国务院科学技术行政部门" in first and rest


def _python(script: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done


def test_json_results_read_back_by_rdflibs_parser(through_oxrdflib: Graph, project: Project) -> None:
    """Every canned query's ``-f json`` (written with Python's json module) read by rdflib's SPARQL
    JSON results parser, an independent reader: the same variables and the same terms, row by row,
    as the query gives through oxrdflib."""
    import io

    from rdflib.query import Result

    from hgr_kg.graph.store import open_store
    from hgr_kg.query.canned import bind_params, list_queries
    from hgr_kg.query.results import to_json

    store = open_store(project, ROOT / "dist" / "store")
    for query in list_queries(project.queries):
        bound = bind_params(query, {p.name: p.example for p in query.params if p.example})
        parsed = Result.parse(io.StringIO(to_json(run_store(store, query.text, bound))), format="json")
        expected = run_local(through_oxrdflib, query.text, bound)
        assert [str(v) for v in parsed.vars] == expected.variables, query.name
        got = [tuple(row.get(v) for v in parsed.vars) for row in parsed.bindings]
        assert got == expected.rows, query.name
        assert got or "records" in query.tags, query.name  # record queries: empty until an import


@pytest.mark.parametrize(
    "term",
    [
        {"type": "literal", "value": "a", "xml:lang": "bad tag"},
        {"type": "literal", "value": "a", "datatype": 5},
        {"type": "uri", "value": 7},
        {"type": "triple", "value": "x"},
    ],  # fmt: skip
)
def test_malformed_sparql_json_from_an_endpoint_is_one_error(term: dict) -> None:
    """What an endpoint sends is checked: a bad language tag or datatype is one HgrKgError, as any
    other malformed document."""
    from hgr_kg.errors import HgrKgError

    payload = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": term}]}}
    with pytest.raises(HgrKgError, match="^malformed SPARQL JSON results: "):
        ResultTable.from_sparql_json(payload)


def test_construct_orders_alike_on_both_stores(project: Project, tmp_path: Path, capsys) -> None:
    """Two objects of one text, plain and language-tagged, come in one order from either store (the
    order is taken after the terms are canonical: Oxigraph states xsd:string, rdflib does not)."""
    from hgr_kg.cli import main

    query = tmp_path / "c.rq"
    query.write_text('CONSTRUCT { <http://e/s> <http://e/p> ?o } WHERE { VALUES ?o { "a"@en "a" } }')
    outputs = []
    for store in ("oxigraph", "memory"):
        assert main(["--root", str(project.root), "--store", store, "sparql", str(query), "-f", "json"]) == 0
        outputs.append(json.loads(capsys.readouterr().out)["results"]["bindings"])
    assert outputs[0] == outputs[1]
    assert [row["object"] for row in outputs[0]] == [
        {"type": "literal", "value": "a"},
        {"type": "literal", "value": "a", "xml:lang": "en"},
    ]


def test_a_triple_term_is_written_or_refused_in_one_line(project: Project, tmp_path: Path, capsys) -> None:
    """An RDF-star triple in a result: CSV writes it in N-Triples, SPARQL JSON refuses it in one line
    (exit 2), and the library's rdflib rows refuse it with an HgrKgError, not a traceback."""
    from hgr_kg.cli import main
    from hgr_kg.errors import HgrKgError

    text = 'SELECT ?t WHERE { BIND(TRIPLE(<http://e/s>, <http://e/p>, "o") AS ?t) }'
    query = tmp_path / "t.rq"
    query.write_text(text)
    root = ["--root", str(project.root)]
    assert main([*root, "sparql", str(query), "-f", "csv"]) == 0
    assert capsys.readouterr().out == 't\r\n"<<( <http://e/s> <http://e/p> ""o"" )>>"\r\n'  # CSV quotes
    assert main([*root, "sparql", str(query), "-f", "json"]) == 2
    assert "RDF-star triple" in capsys.readouterr().err
    with pytest.raises(HgrKgError, match="RDF-star triple"):
        run_local(ox.Store(), text, {})


@pytest.mark.parametrize(("raw", "sent"), [(".5", "0.5"), ("5.", "5"), ("+1.5", "1.5"), ("00.10", "0.10"),
                                           ("0.0000001", "0.0000001"), ("-3.50", "-3.50")])  # fmt: skip
def test_a_decimal_parameter_is_sent_as_rdflib_wrote_it(raw: str, sent: str) -> None:
    """A decimal parameter goes into the VALUES text in the lexical form rdflib gave it (a leading
    zero, no sign +, no trailing point), never in scientific notation, which xsd:decimal does not
    allow."""
    from hgr_kg.query.canned import Param, parse_value

    term = parse_value(Param("p", "xsd:decimal"), raw)
    assert term.value == sent == str(Literal(raw, datatype=URIRef(XSD + "decimal")))
    assert term.n3() == f'"{sent}"^^<{XSD}decimal>'
