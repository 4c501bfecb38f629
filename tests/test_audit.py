from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Literal

from hgr_kg.cli import main
from hgr_kg.graph.build import build_graph
from hgr_kg.paths import Project
from hgr_kg.validate.audit import audit, summary
from tests.support import browser
from tests.support.pages import PAYLOADS, handlers, parse


def _by_id(graph, project: Project) -> dict:
    return {v.id: v for v in audit(graph, project.queries)}


def test_the_audit_on_an_oxigraph_copy_gives_the_same_verdicts(graph, project: Project) -> None:
    """The main job runs the audit's queries on the graph copied into Oxigraph (faster); every
    verdict, computed value and reason must be the one rdflib's engine gives."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    on_rdflib, on_oxigraph = audit(graph, project.queries), audit(graph, project.queries, store)
    assert [v.id for v in on_oxigraph] == [v.id for v in on_rdflib] and len(on_rdflib) == 88
    assert on_oxigraph == on_rdflib
    assert summary(on_oxigraph) == {"claims": 88, "reproduced": 61, "differs": 25, "not-derivable": 2}


def test_audit_has_at_least_30_claims_covering_the_study(graph, project: Project) -> None:
    verdicts = audit(graph, project.queries)
    assert len(verdicts) >= 30
    locations = " ".join(v.location for v in verdicts)
    for place in (
        "Abstract",
        "Section 3.1",
        "Section 3.2",
        "Section 3.3",
        "Section 3.4",
        "Section 5",
        "Table 1",
    ):
        assert place in locations, place
    counts = summary(verdicts)
    assert counts["claims"] == counts["reproduced"] + counts["differs"] + counts["not-derivable"]


def test_verdicts_of_the_studys_numbers(graph, project: Project) -> None:
    v = _by_id(graph, project)
    assert (v["abstract-decline-pct"].verdict, v["abstract-decline-pct"].computed) == ("reproduced", "-58.4")
    assert v["abstract-decline-n"].verdict == "reproduced"
    assert (v["abstract-revocation-rise"].verdict, v["abstract-revocation-rise"].computed) == (
        "differs",
        "16.3",
    )
    assert v["s31-total-2023"].computed == "5328" and v["s31-total-2023"].verdict == "differs"
    assert (
        v["t1-share-2023-preservation"].computed == "1.73"
        and v["t1-share-2023-preservation"].verdict == "differs"
    )
    assert v["t1-share-2021-collection"].verdict == "reproduced"
    assert v["t1-processed-2021"].computed == "6007" and v["t1-processed-2021"].verdict == "differs"
    assert (
        v["s33-united-states-share"].verdict == "reproduced" and v["s33-united-states-count"].computed == "4"
    )
    assert v["s33-beijing-share"].computed == "16.28" and v["s33-beijing-share"].verdict == "differs"
    assert v["s33-foreign-13"].computed == "9"


def test_verdicts_of_the_legal_statements(graph, project: Project) -> None:
    v = _by_id(graph, project)
    assert (v["s1-criminal-article"].verdict, v["s1-criminal-article"].computed) == ("differs", "334-1")
    assert v["s1-criminal-penalty"].verdict == "differs"  # the maximum is 7 years, not more
    assert v["s1-civil-1009-hgr"].verdict == "differs"  # Art. 1009 does not mention HGR
    assert v["s1-civil-1009-ethics"].verdict == "reproduced"
    assert v["s42-art37-2019"].verdict == "reproduced"
    assert v["s2-impl-rules-2024"].computed == "2023"
    assert v["s34-summary-proceedings"].verdict == "not-derivable"
    # recomputed from the article texts: the filing rule is RMHGR Art. 28(2), not the Rules' Art. 28
    filing = v["s2-filing-article"]
    assert (filing.stated, filing.computed, filing.verdict) == (
        "Implementation Rules Art. 28", "RMHGR Art. 28", "differs")


def test_changing_a_data_value_changes_the_verdicts_resting_on_it(project_copy: Project) -> None:
    before = _by_id(build_graph(project_copy), project_copy)
    assert before["s31-total-2023"].verdict == "differs"
    assert before["t1-processed-2023"].verdict == "reproduced"
    table = project_copy.data / "table1.csv"
    text = table.read_text()
    text = text.replace("2023,total-permits,5328,", "2023,total-permits,5382,")
    table.write_text(text)
    after = _by_id(build_graph(project_copy), project_copy)
    assert after["t1-processed-2023"].verdict == "differs"  # 5,382 + 203 is not 5,531
    assert after["s31-total-2023"].verdict == "reproduced"
    assert after["abstract-decline-pct"].verdict == "differs"  # 5,382 -> 2,214 is -58.9, not -58.4
    assert after["t1-share-2023-collection"].verdict == "differs"  # 1427/5382 = 26.51, not 26.78
    unchanged = [k for k in before if k.startswith("t1-share-2021")]
    assert all(before[k].verdict == after[k].verdict for k in unchanged)


def test_audit_cli_formats(tmp_path: Path, project: Project) -> None:
    root = ["--root", str(project.root), "audit"]
    assert main([*root, "-f", "json", "-o", str(tmp_path / "a.json")]) == 0
    payload = json.loads((tmp_path / "a.json").read_text())
    assert set(payload) == {"claims", "summary"}
    assert {"id", "location", "text", "stated", "computed", "verdict", "reason", "query"} <= set(
        payload["claims"][0]
    )
    assert payload["summary"]["claims"] == len(payload["claims"])
    assert main([*root, "-f", "md", "-o", str(tmp_path / "a.md")]) == 0
    md = (tmp_path / "a.md").read_text()
    assert "## Differs" in md and "| Total applications processed, 2021" in md
    assert main([*root, "-f", "html", "-o", str(tmp_path / "a.html")]) == 0
    html = (tmp_path / "a.html").read_text()
    assert 'id="s1-criminal-article"' in html and "334-1" in html


def test_audit_is_the_same_on_both_stores(tmp_path: Path, project: Project) -> None:
    for store in ("memory", "oxigraph"):
        assert main(["--root", str(project.root), "--store", store, "audit", "-f", "json",
                     "-o", str(tmp_path / f"{store}.json")]) == 0  # fmt: skip
    assert (tmp_path / "memory.json").read_text() == (tmp_path / "oxigraph.json").read_text()
    stated = {c["id"]: c["stated"] for c in json.loads((tmp_path / "oxigraph.json").read_text())["claims"]}
    assert stated["t1-share-2024-preservation"] == "3.70"  # as printed, whatever the store keeps


def _plant_hostile_claims(project: Project) -> None:
    """Claims whose label, quote, locator and reason are each a script injection."""
    claims = []
    for n, payload in enumerate(PAYLOADS):
        text = Literal(payload).n3()
        claims.append(f"""
hgrid:claim-zz-hostile-{n} a hgr:Claim , oa:Annotation ;
    rdfs:label {Literal(payload, lang="en").n3()} ;
    oa:hasTarget [ a oa:SpecificResource ; oa:hasSource hgrid:study ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact {text} ] ] ;
    hgr:statedValue "1" ;
    hgr:notDerivableBecause {text} ;
    dcterms:source [ a hgr:Citation ; dcterms:isPartOf hgrid:study ; hgr:locator {text} ] .
""")
    with (project.data / "claims.ttl").open("a", encoding="utf-8") as handle:
        handle.write("".join(claims))


def test_claims_text_reaches_the_html_audit_as_text_only(project_copy: Project, tmp_path: Path) -> None:
    _plant_hostile_claims(project_copy)
    page_file = tmp_path / "audit.html"
    argv = ["--root", str(project_copy.root), "--store", "memory", "audit", "-f", "html"]
    assert main([*argv, "-o", str(page_file)]) == 0
    page = parse(page_file.read_text(encoding="utf-8"))
    assert [tag for tag, _ in page.tags if tag in ("script", "img", "iframe", "object")] == []
    assert handlers(page) == []
    for payload in PAYLOADS:  # label, quote, where and reason: four times each, as text
        assert page.text.count(payload) >= 4, payload
    if not browser.available():
        pytest.skip("chromium is not installed (make test installs it)")
    report = browser.inspect(page_file, "document.body.innerText", ready="document.readyState === 'complete'")
    assert report.dialogs == [] and report.errors == []
    assert report.requests == [page_file.resolve().as_uri()]  # no <img src=x> was made
    assert PAYLOADS[0] in report.values and PAYLOADS[1] in report.values


def test_claims_text_opens_no_raw_html_in_the_markdown_audit(project_copy: Project, tmp_path: Path) -> None:
    _plant_hostile_claims(project_copy)
    out = tmp_path / "audit.md"
    assert main(["--root", str(project_copy.root), "--store", "memory", "audit", "-o", str(out)]) == 0
    md = out.read_text(encoding="utf-8")
    hostile = [line for line in md.splitlines() if "alert(" in line]
    assert len(hostile) == 2 * sum("alert(" in p for p in PAYLOADS)  # its table row and its list item
    # a Markdown renderer passes raw HTML through: every tag opener is backslash-escaped
    assert [line for line in hostile if re.search(r"(?<!\\)<[A-Za-z/!?]", line)] == []
    assert "\\<script>alert(1)\\</script>" in md
