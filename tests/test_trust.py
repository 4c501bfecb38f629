"""Issue 12: caveats in results, kinds of source, the study as a citable source (items 1-3)."""

from __future__ import annotations

import json

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS

from hgr_kg.cli import main
from hgr_kg.namespaces import HGR, HGRID
from hgr_kg.paths import Project
from hgr_kg.query.canned import find_query, run_local
from hgr_kg.query.results import render
from tests.support.rows import rows

KINDS = {"official", "mirror", "study", "scholarly", "press", "ai"}


def test_cases_carry_status_and_caveat(project: Project, graph: Graph) -> None:
    by_case = {r["case"].rsplit("/", 1)[1]: r for r in rows(project, graph, "cases")}
    deepseek = by_case["case-2023-hgr-trafficking"]
    assert deepseek["status"] == "unverified"
    assert deepseek["caveat"] == (
        "rests only on a chatbot answer cited by the study; not confirmed from an official text"
    )
    forgery = by_case["case-2020-forgery-seals"]
    assert (forgery["status"], forgery["caveat"]) == (
        "secondary only",
        "rests only on the study and weaker sources",
    )
    assert by_case["case-2021-stem-cell-sale"]["status"] == "unverified"


def test_sanctions_say_that_the_2015_2020_ones_are_not_confirmed(project: Project, graph: Graph) -> None:
    found = rows(project, graph, "sanctions")
    assert len(found) == 8
    statuses = {r["sanction"].rsplit("/", 1)[1]: (r["status"], r["caveat"]) for r in found}
    # seven are marked unverified; WuXi (2016) rests on the decision text read in a web snapshot
    assert sum(status == "unverified" for status, _ in statuses.values()) == 7
    assert statuses["sanction-2016-wuxi-suzhou"] == (
        "single mirror copy",
        "rests only on an unofficial reproduction of the official text and weaker sources",
    )
    assert statuses["sanction-2018-amoy-xiamen"] == (
        "unverified",
        "rests only on law-firm or press reports; not confirmed from an official text",
    )
    assert all(caveat for _, caveat in statuses.values())


def test_table_markdown_and_latex_show_the_status_columns(project: Project, graph: Graph) -> None:
    query = find_query(project.queries, "cases")
    table = run_local(graph, query.text, {})
    for fmt in ("table", "md", "latex"):
        out = render(table, fmt)
        assert "status" in out and "caveat" in out, fmt
        assert "rests only on a chatbot answer cited by the study" in out, fmt


def test_every_source_document_has_one_of_the_six_kinds(graph: Graph) -> None:
    documents = set(graph.subjects(RDF.type, HGR.SourceDocument))
    assert len(documents) >= 70
    kinds = {str(graph.value(d, HGR.sourceKind)).rsplit("-", 1)[1] for d in documents}
    assert kinds == KINDS
    for kind in KINDS:
        concept = HGRID[f"sourcekind-{kind}"]
        assert graph.value(concept, SKOS.broader) in {
            HGRID["sourcekind-primary"],
            HGRID["sourcekind-secondary"],
        }
    assert graph.value(HGRID.study, HGR.sourceKind) == HGRID["sourcekind-study"]
    assert graph.value(HGRID["src-lawref-rmhgr-2019"], HGR.sourceKind) == HGRID["sourcekind-mirror"]
    assert graph.value(HGRID["src-text-rmhgr-2019"], HGR.sourceKind) == HGRID["sourcekind-mirror"]
    assert graph.value(HGRID["src-congress-s3558"], HGR.sourceKind) == HGRID["sourcekind-official"]
    assert graph.value(HGRID["src-hankun-2024"], HGR.sourceKind) == HGRID["sourcekind-press"]
    assert graph.value(HGRID["src-study-ref-deepseek-2023"], HGR.sourceKind) == HGRID["sourcekind-ai"]


def test_sources_query_shows_kind_and_facts(project: Project, graph: Graph) -> None:
    found = rows(project, graph, "sources")
    assert list(found[0]) == ["source", "kind", "facts"]
    study = [r for r in found if r["source"].startswith("Statistic tells")]
    assert len(study) == 1 and study[0]["kind"] == "the study" and int(study[0]["facts"]) > 100
    deepseek = [r for r in found if r["source"] == "DeepSeek (2023), as cited by the study"]
    assert deepseek == [
        {"source": "DeepSeek (2023), as cited by the study", "kind": "AI-generated", "facts": "1"}
    ]
    assert all(r["kind"] for r in found)


def test_single_secondary_source_lists_facts_labelled_once_each(project: Project, graph: Graph) -> None:
    found = rows(project, graph, "single-secondary-source")
    assert len(found) == 117  # 108 + the 9 Chinese names of foreign instruments (curator translations)
    assert all(r["label"] for r in found)
    assert len({r["resource"] for r in found}) == len(found)
    assert not [r for r in found if "/claim-" in r["resource"]]
    by_resource = {r["resource"].rsplit("/", 1)[1]: r for r in found}
    assert by_resource["case-2023-hgr-trafficking"]["kind"] == "AI-generated"
    assert by_resource["obs-table1-2021-total-permits"]["label"] == "total permits 2021: 5690"


def test_the_study_is_citable(graph: Graph) -> None:
    study = HGRID.study
    bibo = "http://purl.org/ontology/bibo/"
    assert graph.value(study, URIRef(bibo + "doi")).toPython() == "10.3389/fgene.2025.1611003"
    assert str(graph.value(study, DCTERMS.title)).startswith("Statistic tells: the regulatory pendulum")
    assert str(graph.value(study, URIRef(bibo + "volume"))) == "16"
    assert str(graph.value(study, URIRef(bibo + "number"))) == "1611003"
    assert str(graph.value(study, DCTERMS.issued)) == "2025-07-03"
    journal = graph.value(study, DCTERMS.isPartOf)
    assert str(graph.value(journal, DCTERMS.title)) == "Frontiers in Genetics"
    authors = list(graph.items(graph.value(study, URIRef(bibo + "authorList"))))
    family, given = FOAF.familyName, FOAF.givenName
    names = [(str(graph.value(a, family)), str(graph.value(a, given))) for a in authors]
    assert names == [("Song", "Lingqiao"), ("Liu", "Zhenyu"), ("Meng", "Fanlin")]
    deepseek = HGRID["src-study-ref-deepseek-2023"]
    assert graph.value(deepseek, HGR.citedBy) == study
    assert str(graph.value(deepseek, DCTERMS.bibliographicCitation)) == "DeepSeek, 2023"


def test_readme_names_the_study_by_its_citation(whole_project: Project) -> None:
    readme = (whole_project.root / "README.md").read_text(encoding="utf-8")
    assert "shared/seed" not in readme
    assert "doi:10.3389/fgene.2025.1611003" in readme


def test_sources_cli_json(project: Project, capsys) -> None:
    assert main(["--root", str(project.root), "query", "run", "sources", "-f", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["head"]["vars"] == ["source", "kind", "facts"]


def test_timeline_instruments_and_permits_carry_status(project: Project, graph: Graph) -> None:
    events = {r["event"]: r for r in rows(project, graph, "timeline")}
    guidelines = events["2023: service guidelines"]  # the study's label note is a footnote now
    assert (guidelines["status"], guidelines["caveat"]) == (
        "unverified", "rests only on the study; not confirmed from an official text"
    )
    instruments = {r["instrument"].rsplit("/", 1)[1]: r for r in rows(project, graph, "instruments")}
    assert (instruments["us-biosecure-s3558"]["status"], instruments["us-biosecure-s3558"]["caveat"]) == (
        "official text", ""
    )
    assert instruments["rmhgr-2019"]["caveat"].startswith("rests only on an unofficial reproduction")
    permits = rows(project, graph, "permits-by-year")
    assert {(r["status"], r["caveat"]) for r in permits} == {("secondary only", "rests only on the study")}


def test_cases_count_the_studys_seven_cases(project: Project, graph: Graph) -> None:
    """One row per case or group of cases, with the number of cases it stands for and all its years:
    the four embryo-preservation cases of 2021-2024 are one row of 4, so the rows add up to 7."""
    found = rows(project, graph, "cases")
    assert [(r["case"].rsplit("/", 1)[1], r["year"], r["years"], r["cases"]) for r in found] == [
        ("case-2020-forgery-seals", "2020", "2020", "1"),
        ("case-2021-2024-embryo-preservation", "2021", "2021; 2023; 2024", "4"),
        ("case-2021-stem-cell-sale", "2021", "2021", "1"),
        ("case-2023-hgr-trafficking", "2023", "2023", "1"),
    ]
    assert sum(int(r["cases"]) for r in found) == 7
