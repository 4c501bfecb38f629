"""Issue 12 item 7 and the validation of item 2: facts checked against the primary texts, sources
for every fact-bearing node, warnings where facts rest only on weak sources."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDFS, XSD

from hgr_kg.namespaces import ELI, HGR, HGRID
from hgr_kg.paths import Project
from hgr_kg.validate.shacl import validate


def test_weak_sources_are_warned_about(graph: Graph, shapes: Graph) -> None:
    report = validate(graph, shapes)
    assert report.violations == 0
    weak = [r for r in report.results if r.shape == "hgrsh:WeakSourceShape"]
    assert {r.severity for r in weak} == {"Warning"}
    ai = [r.message for r in weak if r.focus_label == "AI-generated"]
    assert ai == [
        "1 fact(s) rest only on sources of this kind, among them DeepSeek (2023), as cited by the study; "
        "e.g. https://w3id.org/hgr-kg/id/case-2023-hgr-trafficking"
    ]
    press = [r.message for r in weak if r.focus_label == "law-firm or press secondary source"]
    assert any("e.g. https://w3id.org/hgr-kg/id/org-court-shanghai-putuo" in m for m in press)
    mirror = [r.message for r in weak if r.focus_label.startswith("unofficial reproduction")]
    assert any(m.startswith("404 fact(s)") and "biosecurity-law-2020.md" in m for m in mirror)
    assert not [r for r in report.results if r.shape == "hgrsh:SourceKindClassifiedShape"]


def test_every_organisation_and_place_has_a_source(graph: Graph) -> None:
    for name in ("org-hgr-office", "org-moh", "org-nhc", "org-most", "org-npcsc", "city-beijing"):
        assert graph.value(HGRID[name], DCTERMS.source) is not None, name
    for name in ("org-hgr-office", "org-moh", "org-nhc"):
        assert graph.value(HGRID[name], HGR.verificationStatus) == HGRID["status-unverified"], name
    art3 = HGRID["cite-org-most-impl-rules-art3"]
    assert graph.value(art3, DCTERMS.isPartOf) == HGRID["src-text-implementation-rules-2023"]


def test_unsourced_organisation_is_a_violation(graph: Graph, shapes: Graph) -> None:
    broken = Graph()
    broken += graph
    broken.remove((HGRID["org-nhc"], DCTERMS.source, None))
    report = validate(broken, shapes)
    caught = [r for r in report.results if r.shape == "hgrsh:SourcedShape"]
    assert [(r.severity, r.focus_label) for r in caught] == [("Violation", "National Health Commission")]


def test_forgery_fine_is_no_discrepancy(graph: Graph, project: Project) -> None:
    comment = str(graph.value(HGRID["case-2020-forgery-seals"], RDFS.comment))
    assert "DISCREPANCY" not in comment
    quoted = (
        "伪造公司、企业、事业单位、人民团体的印章的，"
        "处三年以下有期徒刑、拘役、管制或者剥夺政治权利，并处罚金"
    )
    assert f"line 1605, {quoted}" in comment
    lines = (project.data / "texts" / "criminal-law-after-amendment-11.md").read_text().splitlines()
    assert lines[1604].startswith(quoted)


def test_implementation_rules_adopted_then_promulgated(graph: Graph) -> None:
    rules = HGRID["implementation-rules-2023"]
    events = {
        str(graph.value(e, HGR.eventKind)).rsplit("/", 1)[1]: graph.value(e, HGR.eventDate)
        for e in graph.subjects(HGR.concerns, rules)
    }
    assert events == {
        "event-adoption-at-meeting": Literal("2023-05-11", datatype=XSD.date),
        "event-promulgation": Literal("2023-05-26", datatype=XSD.date),
        "event-entry-into-force": Literal("2023-07-01", datatype=XSD.date),
    }
    comments = " ".join(str(graph.value(e, RDFS.comment)) for e in graph.subjects(HGR.concerns, rules))
    assert "conflict could not be resolved" not in comments


def test_civil_code_in_force_from_its_own_text(graph: Graph, project: Project) -> None:
    civil = HGRID["civil-code"]
    assert graph.value(civil, ELI.first_date_entry_in_force) == Literal("2021-01-01", datatype=XSD.date)
    cite = HGRID["cite-civil-code-text-art1260"]
    assert (civil, DCTERMS.source, cite) in graph
    assert graph.value(cite, DCTERMS.isPartOf) == HGRID["src-text-civil-code-2020"]
    lines = (project.data / "texts" / "civil-code-2020.md").read_text().splitlines()
    assert lines[4558].startswith("第一千二百六十条 本法自2021年1月1日起施行。")
    assert "line 4559" in str(graph.value(cite, HGR.locator))


def test_charge_name_of_art_334_1_is_not_claimed(graph: Graph) -> None:
    comment = str(graph.value(HGRID["criminal-law-art334-1"], RDFS.comment))
    assert "非法采集人类遗传资源、走私人类遗传资源材料罪" in comment and "is NOT recorded" in comment
