from __future__ import annotations

import json
from pathlib import Path

from hgr_kg.audit import audit, summary
from hgr_kg.build import build_graph
from hgr_kg.cli import main
from hgr_kg.paths import Project


def _by_id(graph, project: Project) -> dict:
    return {v.id: v for v in audit(graph, project.queries)}


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
