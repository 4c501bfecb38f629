"""Outputs read by independent readers: the GraphML XSD and igraph, W3C's SPARQL CSV results format,
Gephi-ready attributes, and the same rows and numbers from either embedded store."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import igraph
import networkx as nx
import pytest
from lxml import etree
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from hgr_kg.cli import main
from hgr_kg.export.networks import export, to_networkx
from hgr_kg.graph.labels import label
from hgr_kg.graph.store import open_graph
from hgr_kg.namespaces import ELI, HGR, HGRID
from hgr_kg.paths import Project
from hgr_kg.query.canned import bind_params, list_queries, run_local
from hgr_kg.query.results import render

GRAPHML_SCHEMAS = Path(__file__).resolve().parent / "data" / "graphml"


class _LocalSchemas(etree.Resolver):
    """The GraphML schemas import each other by their http addresses: read the copies kept here."""

    def resolve(self, url, pubid, context):  # noqa: ANN001, ANN201
        local = GRAPHML_SCHEMAS / url.rsplit("/", 1)[-1]
        if not local.is_file():
            raise AssertionError(f"the GraphML schema asks for {url}, not kept in tests/data/graphml")
        return self.resolve_filename(str(local), context)


def _graphml_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalSchemas())
    return etree.XMLSchema(etree.parse(str(GRAPHML_SCHEMAS / "graphml.xsd"), parser))


@pytest.fixture(scope="module")
def graphml(tmp_path_factory, graph: Graph) -> Path:
    path = tmp_path_factory.mktemp("graphml") / "graph.graphml"
    path.write_bytes(export(graph, "graphml"))
    return path


def test_graphml_passes_the_graphml_xsd(graphml: Path) -> None:
    schema = _graphml_schema()
    valid = schema.validate(etree.parse(str(graphml)))
    assert valid, [str(e) for e in list(schema.error_log)[:5]]


def test_graphml_edge_ids_are_unique_and_igraph_reads_the_file(graphml: Path, graph: Graph) -> None:
    expected = to_networkx(graph)
    ids = [edge.get("id") for edge in etree.parse(str(graphml)).iter("{*}edge")]
    assert len(ids) == expected.number_of_edges() and len(set(ids)) == len(ids)
    assert all(" " not in i for i in ids)
    second = igraph.Graph.Read_GraphML(str(graphml))  # igraph's own C reader (libxml2)
    assert (second.vcount(), second.ecount()) == (expected.number_of_nodes(), expected.number_of_edges())
    assert sorted(second.vs["id"]) == sorted(expected.nodes)


def test_query_csv_has_the_crlf_line_endings_of_w3c_sparql_csv(project: Project, capsys) -> None:
    argv = ["--root", str(project.root), "--store", "memory", "query", "run", "sources", "-f", "csv"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    lines = out.split("\r\n")
    assert out.endswith("\r\n") and len(lines) > 3
    assert all("\n" not in line for line in lines)  # no bare LF anywhere
    assert next(csv.reader(io.StringIO(out, newline="")))[0] == "source"


def test_a_label_falls_back_to_another_language_then_to_a_readable_local_name(graph: Graph) -> None:
    bsl = HGRID["src-lawref-bsl"]  # titled in Chinese only
    assert label(graph, bsl, "en").startswith("中华人民共和国生物安全法 (2020-10-17)")
    small = Graph()
    small.add((HGRID["only-english"], RDFS.label, Literal("Only English", lang="en")))
    small.add((HGRID["nameless-thing"], RDFS.comment, Literal("no label at all")))
    assert label(small, HGRID["only-english"], "zh") == "Only English"
    assert label(small, HGRID["nameless-thing"]) == "nameless thing"
    assert label(small, URIRef("https://example.org/vocab#someThing")) == "some thing"


def test_no_exported_node_is_labelled_by_its_raw_id(graph: Graph) -> None:
    raw = [n for n, d in to_networkx(graph).nodes(data=True) if d["label"].startswith(("hgrid:", "http"))]
    assert raw == []


def test_edge_labels_are_one_vocabulary(graph: Graph) -> None:
    labels = {d["label"] for _, _, d in to_networkx(graph).edges(data=True)}
    assert {"is part of", "was derived from", "amends"} <= labels
    assert [x for x in labels if x != x.lower() or "_" in x] == []  # no isPartOf, wasDerivedFrom


INVERSE_LABELS = {"has part": "is part of", "amended by": "amends", "has member": "is member of"}


def _labelled(g: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(s, o, d["label"]) for s, o, d in g.edges(data=True)}


def _inverse_duplicates(g: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    edges = _labelled(g)
    return [e for e in edges if e[2] in INVERSE_LABELS and (e[1], e[0], INVERSE_LABELS[e[2]]) in edges]


def test_gephi_leaves_out_sources_and_inverse_edges(graph: Graph) -> None:
    full = to_networkx(graph)
    lean = to_networkx(graph, sources=False, inverse=False)
    assert any(d["kind"] == "source" for _, d in full.nodes(data=True))
    assert not any(d["kind"] == "source" for _, d in lean.nodes(data=True))
    assert not any(d["label"] == "source" for _, _, d in lean.edges(data=True))
    assert len(_inverse_duplicates(full)) > 30 and _inverse_duplicates(lean) == []
    lean_labels = {d["label"] for _, _, d in lean.edges(data=True)}
    assert "has part" not in lean_labels and {"is part of", "amends", "is member of"} <= lean_labels
    # an edge whose inverse the data does not state is kept: no relation is lost
    # (each amended article of the 2024 version, hgr:amendedBy: no eli:amends names it)
    assert ("hgrid:rmhgr-2024-art37", "hgrid:state-council-decision-2024", "amended by") in _labelled(lean)


def test_node_facts_are_typed_attributes_gephi_can_filter(graph: Graph, tmp_path: Path) -> None:
    g = to_networkx(graph)
    rmhgr = g.nodes["hgrid:rmhgr-2019"]
    assert rmhgr["first_date_entry_in_force"] == "2019-07-01"
    assert "facts" not in rmhgr
    numbers = [d["number_of_items"] for _, d in to_networkx(graph, observations=True).nodes(data=True)
               if "number_of_items" in d]  # fmt: skip
    assert numbers and all(type(n) is int for n in numbers)
    path = tmp_path / "g.gexf"
    path.write_bytes(export(graph, "gexf", observations=True))
    keys = {e.get("title"): e.get("type") for e in etree.parse(str(path)).iter("{*}attribute")}
    assert keys["number_of_items"] in ("integer", "long") and keys["first_date_entry_in_force"] == "string"
    back = nx.read_gexf(path)
    assert back.nodes["hgrid:obs-table1-2024-export"]["number_of_items"] == 10


def test_export_cli_takes_the_gephi_options(project: Project, tmp_path: Path, capsys) -> None:
    out = tmp_path / "lean.graphml"
    argv = ["--root", str(project.root), "--store", "memory", "export", "-f", "graphml", "--no-sources",
            "--no-inverse", "-o", str(out)]  # fmt: skip
    assert main(argv) == 0, capsys.readouterr().err
    back = nx.read_graphml(out)
    assert not any(d["kind"] == "source" for _, d in back.nodes(data=True))
    assert _inverse_duplicates(back) == [] and back.number_of_edges() > 100


@pytest.fixture(scope="module")
def both_stores(tmp_path_factory, graph: Graph) -> tuple[Graph, Graph, Project]:
    from tests.conftest import hgr_copy

    project = hgr_copy(tmp_path_factory.mktemp("stores"))  # the graph of ``graph``
    return graph, open_graph(project, "oxigraph"), project


def test_every_canned_query_prints_the_same_rows_in_the_same_order_on_both_stores(both_stores) -> None:
    memory, oxigraph, project = both_stores
    for query in list_queries(project.queries):
        bound = bind_params(query, {p.name: p.example for p in query.params if p.example})
        # not JSON: a GROUP_CONCAT of strings in one language keeps the tag on Oxigraph, not on rdflib
        for fmt in ("csv", "table"):
            on_memory = render(run_local(memory, query.text, bound), fmt)
            on_oxigraph = render(run_local(oxigraph, query.text, bound), fmt)
            assert on_oxigraph == on_memory, (query.name, fmt)


@pytest.mark.parametrize("name", ["sponsors", "permit-shares"])
def test_decimals_print_canonically(name: str, both_stores) -> None:
    memory, _, project = both_stores
    query = next(q for q in list_queries(project.queries) if q.name == name)
    table = run_local(memory, query.text, bind_params(query, {}))
    cells = [cell for row in csv.reader(io.StringIO(render(table, "csv"), newline="")) for cell in row]
    decimals = [c for c in cells if re.fullmatch(r"[0-9]+\.[0-9]+", c)]
    assert decimals and [c for c in decimals if c.endswith("0")] == []  # 4.8, not 4.80
    if name == "sponsors":
        assert "4.8" in cells


@pytest.mark.parametrize("name", ["sponsors", "permit-shares", "sanctions"])
def test_the_cli_prints_the_same_table_with_either_store(name: str, both_stores, capsys) -> None:
    _, _, project = both_stores
    printed = []
    for store in ("memory", "oxigraph"):
        assert main(["--root", str(project.root), "--store", store, "query", "run", name]) == 0
        printed.append(capsys.readouterr().out)
    assert printed[0] == printed[1] and len(printed[0].splitlines()) > 5


def test_the_law_in_the_network_exports_read_back_by_igraph(graph: Graph, tmp_path: Path) -> None:
    """Every article of the graph, its penalties and the references between articles, in `law` and in
    `all`; each article labelled with its instrument and version (Gephi showed `Article 37` twice)."""
    articles = {str(a) for a in graph.subjects(HGR.partOfVersion, None)
                if (a, ELI.type_subdivision, HGRID["subdivision-article"]) in graph}  # fmt: skip
    penalties = {str(p) for p in graph.subjects(RDF.type, HGR.Penalty)}
    assert len(articles) > 300 and len(penalties) > 20
    short = lambda iri: "hgrid:" + iri.rsplit("/", 1)[1]  # noqa: E731
    for subset in ("law", "all"):
        path = tmp_path / f"{subset}.graphml"
        path.write_bytes(export(graph, "graphml", subset=subset))
        assert _graphml_schema().validate(etree.parse(str(path)))
        back = igraph.Graph.Read_GraphML(str(path))
        by_id = {v["id"]: v for v in back.vs}
        assert {short(a) for a in articles} <= by_id.keys(), subset
        assert {short(p) for p in penalties} <= by_id.keys(), subset
        labels = [by_id[short(a)]["label"] for a in articles]
        assert len(set(labels)) == len(labels), subset  # no two articles share a label
        assert by_id["hgrid:rmhgr-2019-art37"]["label"] == "RMHGR 2019 Art. 37"
        assert by_id["hgrid:rmhgr-2024-art37"]["label"] == "RMHGR 2024 Art. 37"
        assert by_id["hgrid:criminal-law-after-amendment-12-art334-1"]["label"].endswith(" Art. 334-1")
        edges = {(back.vs[e.source]["id"], back.vs[e.target]["id"], e["label"]) for e in back.es}
        cited = {t for s, t, name in edges if s == "hgrid:rmhgr-2019-art43" and name == "cites"}
        assert cited == {f"hgrid:rmhgr-2019-art{n}" for n in (36, 37, 38, 39, 41, 42)}, subset
        of_art37 = {s for s, t, _ in edges if t == "hgrid:rmhgr-2019-art37" and by_id[s]["kind"] == "penalty"}
        assert of_art37 and all(by_id[s]["label"] == "Penalty under rmhgr-2019 Art. 37" for s in of_art37)
    node_link = json.loads(export(graph, "json", subset="all"))
    provisions = [n for n in node_link["nodes"] if n["kind"] in ("provision", "article")]
    assert len(provisions) > len(articles)  # every article, and the curated provisions
