"""Each fact's status and caveat (docs/guide-query.md, "Status and caveats"), as the canned queries give them.

tests/data/status/before.json holds the values the five queries gave while each computed them
itself (the rule pasted into each), taken before the rule moved into the build: every row's key
columns, status and caveat; and the whole rows of single-secondary-source and sources. Since the one
status vocabulary (issue 22 item 5), a row pinned "verified" reads "single mirror copy" where its caveat
says it rests on an unofficial reproduction, "official text" where it does not; nothing else changed."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from hgr_kg.paths import Project
from tests.conftest import DATA
from tests.support.rows import rows

PINNED = json.loads((DATA / "status" / "before.json").read_text(encoding="utf-8"))
# Issue 24 (tests/data/status/issue-24.json): the related instruments' versions and text documents
# added (each "single mirror copy"; the RMHGR 2024's witness, a document no fact cites), and the rows
# that changed: the RMHGR 2024 is now a mirror copy checked against another witness, and its text
# document carries the six curated relations too (291 facts -> 297).
ISSUE_24 = json.loads((DATA / "status" / "issue-24.json").read_text(encoding="utf-8"))


# Issue 23: the six curators' readings of the sanctions' conducts (data/sanction-readings.ttl) rest on the
# line of the RMHGR 2019 penalty item (6 facts more) and on the decision's description (ScienceNet 3,
# the WuXi decision text 1, the nfa5.com report 2)
_MIRROR, _PRESS = "unofficial reproduction of an official text (mirror)", "law-firm or press secondary source"
_RMHGR_2019 = ("中华人民共和国人类遗传资源管理条例 (2019 text (State Council Decree No. 717)), "
               "text file data/texts/rmhgr-2019.md", _MIRROR)  # fmt: skip
_SCIENCENET = ("华大基因、阿斯利康、药明康德、上海华山医院等6家公司或机构"
               "因违反人类遗传资源管理规定遭科技部处罚", _PRESS)  # fmt: skip
_WUXI = ("科学技术部行政处罚决定书（苏州药明康德新药开发股份有限公司，2016年10月21日）"
         "— unofficial snapshot of the decision text", _MIRROR)  # fmt: skip
_NFA5 = ("违反人类遗传资源管理规定，科技部处罚百时美施贵宝", _PRESS)
ISSUE_23 = {"sources": {
    "removed": [[*_RMHGR_2019, "300"], [*_SCIENCENET, "5"], [*_WUXI, "5"], [*_NFA5, "4"]],
    "added": [[*_RMHGR_2019, "306"], [*_SCIENCENET, "8"], [*_WUXI, "6"], [*_NFA5, "6"]],
}}  # fmt: skip


def pinned(name: str) -> list:
    found = list(PINNED[name])
    for delta in (ISSUE_24.get(name), ISSUE_23.get(name)):
        if delta:
            found = [row for row in found if row not in delta["removed"]] + delta["added"]
    return sorted(found)
WITH_STATUS = ("cases", "sanctions", "timeline", "instruments", "permits-by-year")


@pytest.mark.parametrize("name", WITH_STATUS)
def test_status_and_caveat_as_pinned(project: Project, graph: Graph, name: str) -> None:
    found = rows(project, graph, name)
    first = list(found[0])[:2]
    assert sorted([r[first[0]], r[first[1]], r["status"], r["caveat"]] for r in found) == pinned(name)


@pytest.mark.parametrize("name", ["single-secondary-source", "sources"])
def test_provenance_rows_as_pinned(project: Project, graph: Graph, name: str) -> None:
    assert sorted(list(r.values()) for r in rows(project, graph, name)) == pinned(name)


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
    from rdflib import BNode

    from hgr_kg.graph.derive import derive
    from hgr_kg.namespaces import HGR, HGRID

    data = Graph()
    data += graph.triples((None, HGR.sourceKind, None))  # the documents' kinds, ranks and statuses
    for kind in set(graph.objects(None, HGR.sourceKind)):
        data += graph.triples((kind, None, None))
    data += graph.triples((HGRID["fact-no-source"], None, None))
    data.parse(data="""
        @prefix hgr: <https://w3id.org/hgr-kg/ontology#> .
        @prefix hgrid: <https://w3id.org/hgr-kg/id/> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        [] a hgr:CourtCase ; dcterms:source [ dcterms:isPartOf hgrid:study ; hgr:locator "Table 3" ] .
        """, format="turtle")  # fmt: skip
    derive(data)
    cases = [s for s in data.subjects(predicate=None, object=HGR.CourtCase) if isinstance(s, BNode)]
    assert len(cases) == 1
    assert data.value(cases[0], HGR.factStatus) == HGRID["fact-secondary"]
    assert str(data.value(cases[0], HGR.soleSource)) == "https://w3id.org/hgr-kg/id/study"


# ---------------------------------------------------------------- issue 22 item 5: one status vocabulary

FACT_STATUSES = {
    "fact-official": ("official text", "官方文本"),
    "fact-mirror-checked": ("mirror copy checked against another witness", "经另一文本核对的镜像副本"),
    "fact-single-mirror": ("single mirror copy", "单一镜像副本"),
    "fact-secondary": ("secondary only", "仅二手来源"),
    "fact-own-translation": ("own translation", "本项目自译"),
    "fact-unverified": ("unverified", "未核实"),
    "fact-no-source": ("no source", "无来源"),
}
MIRROR_ONLY = "rests only on an unofficial reproduction of the official text"
MIRROR_AND_WEAKER_UNVERIFIED = (
    "rests only on an unofficial reproduction of the official text and weaker sources; "
    "not confirmed from an official text"
)
CHATBOT = "rests only on a chatbot answer cited by the study; not confirmed from an official text"


def test_the_fact_statuses_are_skos_concepts_with_labels(graph: Graph) -> None:
    from rdflib.namespace import SKOS

    from hgr_kg.namespaces import HGR, HGRID

    scheme = HGRID["scheme-fact-statuses"]
    concepts = set(graph.subjects(SKOS.inScheme, scheme))
    assert {str(c).rsplit("/", 1)[1] for c in concepts} == set(FACT_STATUSES)
    for name, (en, zh) in FACT_STATUSES.items():
        labels = {(str(v), v.language) for v in graph.objects(HGRID[name], SKOS.prefLabel)}
        assert labels == {(en, "en"), (zh, "zh")}, name
        assert graph.value(HGRID[name], SKOS.definition) is not None, name
    # every kind of source and every verification mark leads to one of them
    leads = set(graph.objects(None, HGR.resultStatus))
    assert leads and leads <= concepts
    assert graph.value(HGRID["sourcekind-mirror"], HGR.resultStatus) == HGRID["fact-single-mirror"]
    assert graph.value(HGRID["sourcekind-official"], HGR.resultStatus) == HGRID["fact-official"]
    # and every derived status is one of them: none is the bare word "verified"
    derived = set(graph.objects(None, HGR.factStatus))
    assert derived <= concepts


def test_a_mirror_only_fact_is_a_single_mirror_never_verified(project: Project, graph: Graph) -> None:
    instruments = {r["instrument"].rsplit("/", 1)[1]: r for r in rows(project, graph, "instruments")}
    assert (instruments["rmhgr-2019"]["status"], instruments["rmhgr-2019"]["caveat"]) == (
        "single mirror copy",
        MIRROR_ONLY,
    )
    assert (instruments["us-biosecure-s3558"]["status"], instruments["us-biosecure-s3558"]["caveat"]) == (
        "official text",
        "",
    )
    assert "verified" not in {r["status"] for r in instruments.values()}


def test_definitions_show_the_doubt_on_export(project: Project, graph: Graph) -> None:
    found = rows(project, graph, "definitions")
    export = [r for r in found if r["term"] == "Export"]
    assert export == [{
        "term": "Export",
        "definition": "The transfer of human genetic resources from mainland China to other countries or "
        "regions, including the Hong Kong SAR, the Macau SAR and Taiwan.",
        "provision": "https://w3id.org/hgr-kg/id/implementation-rules-2023-art11",
        "status": "unverified",
        "caveat": MIRROR_AND_WEAKER_UNVERIFIED,
    }]  # fmt: skip
    revocation = [r for r in found if r["term"] == "Revocation"][0]
    assert revocation["status"] == "single mirror copy"


def test_provisions_show_each_article_status(project: Project, graph: Graph) -> None:
    found = {r["provision"].rsplit("/", 1)[1]: r for r in rows(project, graph, "provisions")}
    art37 = found["rmhgr-2019-art37"]
    assert (art37["status"], art37["caveat"]) == ("single mirror copy", MIRROR_ONLY + " and weaker sources")
    art11 = found["implementation-rules-2023-art11"]
    assert (art11["number"], art11["text"], art11["status"], art11["caveat"]) == (
        "11",
        "",
        "unverified",
        MIRROR_AND_WEAKER_UNVERIFIED,
    )
    assert all(r["status"] for r in found.values())


def test_table2_queries_show_that_they_rest_on_the_study(project: Project, graph: Graph) -> None:
    sponsors = rows(project, graph, "sponsors")
    assert sponsors[0] == {"organisation": "BeiGene Group", "country": "China", "share": "4.8",
                           "status": "secondary only", "caveat": "rests only on the study"}  # fmt: skip
    countries = rows(project, graph, "sponsor-countries")
    assert countries[0] == {"country": "China", "organisations": "4", "totalShare": "10",
                            "status": "secondary only", "caveat": "rests only on the study"}  # fmt: skip
    beijing = rows(project, graph, "hospitals-by-city")[0]
    assert (beijing["city"], beijing["status"], beijing["caveat"]) == (
        "Beijing",
        "secondary only",
        "rests only on the study",
    )


def test_case_provisions_show_the_case_status(project: Project, graph: Graph) -> None:
    found = rows(project, graph, "case-provisions")
    trafficking = [r for r in found if r["case"].endswith("/case-2023-hgr-trafficking")]
    assert trafficking == [{
        "case": "https://w3id.org/hgr-kg/id/case-2023-hgr-trafficking", "year": "2023",
        "provision": "https://w3id.org/hgr-kg/id/criminal-law-art334-1", "number": "334-1",
        "instrument": "https://w3id.org/hgr-kg/id/criminal-law", "status": "unverified", "caveat": CHATBOT,
    }]  # fmt: skip


def test_cites_show_the_reference_status_beside_its_resolution(project: Project, graph: Graph) -> None:
    found = rows(project, graph, "cites", article="https://w3id.org/hgr-kg/id/rmhgr-2019-art43")
    assert found and {(r["factStatus"], r["caveat"]) for r in found} == {("single mirror copy", MIRROR_ONLY)}
    assert {r["status"] for r in found} <= {"resolved", "generic", "unresolved"}  # the resolution, as before


CHECKED_DATA = """
@prefix hgr: <https://w3id.org/hgr-kg/ontology#> .
@prefix hgrid: <https://w3id.org/hgr-kg/id/> .
@prefix ex: <https://example.org/user/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:mirror-a a hgr:SourceDocument ; dcterms:title "A mirror"@en ; hgr:sourceKind hgrid:sourcekind-mirror ;
    hgr:checkedAgainst ex:mirror-b .
ex:mirror-b a hgr:SourceDocument ; dcterms:title "Another mirror"@en ;
    hgr:sourceKind hgrid:sourcekind-mirror .
ex:checked a hgr:TimelineEvent ; rdfs:label "an event in a checked mirror"@en ;
    hgr:eventKind hgrid:event-adoption ; hgr:eventYear "2030"^^xsd:gYear ;
    dcterms:source [ a hgr:Citation ; dcterms:isPartOf ex:mirror-a ; hgr:locator "Art. 1" ] .
ex:single a hgr:TimelineEvent ; rdfs:label "an event in one mirror"@en ;
    hgr:eventKind hgrid:event-adoption ; hgr:eventYear "2031"^^xsd:gYear ;
    dcterms:source [ a hgr:Citation ; dcterms:isPartOf ex:mirror-b ; hgr:locator "Art. 2" ] .
"""


def test_a_mirror_checked_against_another_witness_is_told_apart(project_copy: Project) -> None:
    """A fact whose strongest document is a mirror recorded as checked against another witness
    (hgr:checkedAgainst) reads "mirror copy checked against another witness"; one in a mirror
    nobody checked reads "single mirror copy"."""
    from hgr_kg.graph.build import build_graph

    (project_copy.data / "user.ttl").write_text(CHECKED_DATA, encoding="utf-8")
    graph = build_graph(project_copy)
    events = rows(project_copy, graph, "timeline", **{"from": "2030"})
    assert {r["event"]: (r["status"], r["caveat"]) for r in events} == {
        "an event in a checked mirror": (
            "mirror copy checked against another witness",
            "rests on an unofficial reproduction of the official text, checked against another witness"),
        "an event in one mirror": ("single mirror copy", MIRROR_ONLY),
    }  # fmt: skip


# A general rule over queries/ (every file, whatever is added): a canned query whose rows show a fact
# projects that fact's status and caveat. A row shows a fact when a cell is a resource that carries a
# derived status (hgr:factStatus: it has a source), or a text (a plain or language-tagged string) that
# is the value of a property of one. Numbers and dates are not matched (a count coincides with an
# unrelated value by chance), so a query that shows only numbers of facts (permit-change, permit-shares)
# escapes the rule. It projects the status when one column holds only labels of the fact statuses
# (whatever its name: cites' status is its resolution) and another's name starts with caveat.
NOT_YET: set[str] = set()  # every canned query that shows a fact gives its status (issue 22 item 5)


def _query_names() -> list[str]:
    from hgr_kg.query.canned import list_queries

    return [q.name for q in list_queries(Project.locate(DATA.parent.parent).queries)]


def _shown_fact(graph: Graph, table) -> str | None:  # noqa: ANN001
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from hgr_kg.namespaces import HGR

    facts = set(graph.subjects(HGR.factStatus, None))
    # the values the build derives to search by (a term's label in lower case, a conduct's search
    # words) are not what a query shows of a fact: "export", a permit category, is also a term's key
    derived = {HGR.factCaveat, HGR.termKey, HGR.conductWords}
    for row in table.rows:
        for cell in row:
            if isinstance(cell, URIRef) and cell in facts:
                return str(cell)
            text = isinstance(cell, Literal) and cell.datatype in (None, XSD.string)
            if text and any(s in facts and p not in derived for s, p in graph.subject_predicates(cell)):
                return str(cell)
    return None


def _lacks_status(project: Project, graph: Graph, name: str) -> str | None:
    """The fact query ``name`` shows without its status and caveat (None: it shows none, or shows
    them with their status)."""
    from rdflib.namespace import SKOS

    from hgr_kg.namespaces import HGRID
    from hgr_kg.query.canned import bind_params, find_query, run_local

    query = find_query(project.queries, name)
    examples = {p.name: p.example for p in query.params if p.example}
    table = run_local(graph, query.text, bind_params(query, examples))
    shown = _shown_fact(graph, table)
    if shown is None:
        return None  # shows no fact (sources, records, permit counts): nothing to mark
    labels = {
        str(label)
        for concept in graph.subjects(SKOS.inScheme, HGRID["scheme-fact-statuses"])
        for label in graph.objects(concept, SKOS.prefLabel)
        if label.language == "en"
    }
    columns = [str(v) for v in table.variables]
    status_columns = [
        column for i, column in enumerate(columns)
        if not column.startswith("caveat")
        and all(row[i] is not None and str(row[i]) in labels for row in table.rows)
    ]  # fmt: skip
    return None if status_columns and any(c.startswith("caveat") for c in columns) else shown


def test_every_query_that_shows_a_fact_shows_its_status(project: Project, graph: Graph) -> None:
    """A general rule over every canned query: one whose rows show a fact gives its status and caveat.
    The queries that do not yet are exactly NOT_YET (none since issue 22 item 5): a new query without them
    fails, and so does one on the list once it gives them (then take it off)."""
    lacking = {name: _lacks_status(project, graph, name) for name in _query_names()}
    assert {name for name, fact in lacking.items() if fact is not None} == NOT_YET, lacking
