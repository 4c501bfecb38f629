"""Each fact's status and caveat (README, "Status and caveats"), as the canned queries give them.

tests/data/status/before.json holds the values the five queries gave while each computed them
itself (the rule pasted into each), taken before the rule moved into the build: every row's key
columns, status and caveat; and the whole rows of single-secondary-source and sources."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from hgr_kg.paths import Project
from tests.conftest import DATA
from tests.support.rows import rows

PINNED = json.loads((DATA / "status" / "before.json").read_text(encoding="utf-8"))
WITH_STATUS = ("cases", "sanctions", "timeline", "instruments", "permits-by-year")


@pytest.mark.parametrize("name", WITH_STATUS)
def test_status_and_caveat_as_pinned(project: Project, graph: Graph, name: str) -> None:
    found = rows(project, graph, name)
    first = list(found[0])[:2]
    assert sorted([r[first[0]], r[first[1]], r["status"], r["caveat"]] for r in found) == PINNED[name]


@pytest.mark.parametrize("name", ["single-secondary-source", "sources"])
def test_provenance_rows_as_pinned(project: Project, graph: Graph, name: str) -> None:
    assert sorted(list(r.values()) for r in rows(project, graph, name)) == PINNED[name]


USER_DATA = """
@prefix hgr: <https://w3id.org/hgr-kg/ontology#> .
@prefix hgrid: <https://w3id.org/hgr-kg/id/> .
@prefix ex: <https://example.org/user/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:answer a hgr:SourceDocument ; dcterms:title "A chatbot's answer"@en ; hgr:sourceKind hgrid:sourcekind-ai ;
    hgr:citedBy ex:report .
ex:report a hgr:SourceDocument ; dcterms:title "A press report"@en ; hgr:sourceKind hgrid:sourcekind-press .
ex:gazette a hgr:SourceDocument ; dcterms:title "The gazette"@en ; hgr:sourceKind hgrid:sourcekind-official .
ex:relayed a hgr:TimelineEvent ; rdfs:label "an event the report relays from the chatbot"@en ;
    hgr:eventKind hgrid:event-adoption ; hgr:eventYear "2030"^^xsd:gYear ;
    dcterms:source [ a hgr:Citation ; dcterms:isPartOf ex:answer ; hgr:locator "answer" ] ,
                   [ a hgr:Citation ; dcterms:isPartOf ex:report ; hgr:locator "p. 1" ] .
ex:both a hgr:TimelineEvent ; rdfs:label "an event in the gazette and the report"@en ;
    hgr:eventKind hgrid:event-adoption ; hgr:eventYear "2031"^^xsd:gYear ;
    dcterms:source [ a hgr:Citation ; dcterms:isPartOf ex:gazette ; hgr:locator "No. 1" ] ,
                   [ a hgr:Citation ; dcterms:isPartOf ex:report ; hgr:locator "p. 2" ] ;
    hgr:verificationStatus hgrid:status-unverified .
"""


def test_the_rule_applies_to_data_a_user_adds(project_copy: Project) -> None:
    """The build derives the status of any new fact by the general rule: the report relays the
    chatbot (hgr:citedBy), so it does not count and the fact rests only on the chatbot; a fact in
    the gazette and the report is as strong as the gazette, and a verification mark overrides."""
    from hgr_kg.graph.build import build_graph

    (project_copy.data / "user.ttl").write_text(USER_DATA, encoding="utf-8")
    graph = build_graph(project_copy)
    events = rows(project_copy, graph, "timeline", **{"from": "2030"})
    found = {r["event"]: (r["status"], r["caveat"]) for r in events}
    assert found == {
        "an event the report relays from the chatbot": (
            "secondary only", "rests only on a chatbot answer cited by law-firm or press secondary source"),
        "an event in the gazette and the report": (
            "unverified", "not confirmed from an official text"),
    }  # fmt: skip
    single = {r["label"]: r["kind"] for r in rows(project_copy, graph, "single-secondary-source")}
    assert single["an event the report relays from the chatbot"] == "AI-generated"
    assert "an event in the gazette and the report" not in single


def test_a_blank_node_fact_gets_its_own_status(graph: Graph) -> None:
    """A fact written as a blank node (``[ ... ]`` in Turtle) gets its status and sole source on
    itself: the rules run in Oxigraph, which must keep the graph's blank nodes as they are."""
    from rdflib import BNode, Literal

    from hgr_kg.graph.derive import derive
    from hgr_kg.namespaces import HGR

    data = Graph()
    data += graph.triples((None, HGR.sourceKind, None))  # the documents' kinds, ranks and statuses
    for kind in set(graph.objects(None, HGR.sourceKind)):
        data += graph.triples((kind, None, None))
    data.parse(data="""
        @prefix hgr: <https://w3id.org/hgr-kg/ontology#> .
        @prefix hgrid: <https://w3id.org/hgr-kg/id/> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        [] a hgr:CourtCase ; dcterms:source [ dcterms:isPartOf hgrid:study ; hgr:locator "Table 3" ] .
        """, format="turtle")  # fmt: skip
    derive(data)
    cases = [s for s in data.subjects(predicate=None, object=HGR.CourtCase) if isinstance(s, BNode)]
    assert len(cases) == 1
    assert data.value(cases[0], HGR.factStatus) == Literal("secondary only")
    assert str(data.value(cases[0], HGR.soleSource)) == "https://w3id.org/hgr-kg/id/study"
