from __future__ import annotations

import json
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Literal

from hgr_kg.cli import main
from hgr_kg.export.networks import export, to_networkx
from hgr_kg.paths import Project
from tests.support import browser
from tests.support.pages import PAYLOADS, handlers, parse


@pytest.fixture(scope="module")
def exported(tmp_path_factory, project: Project) -> Path:
    folder = tmp_path_factory.mktemp("export")
    names = {"graphml": "graph.graphml", "gexf": "graph.gexf", "cytoscape": "graph.cytoscape.json",
             "json": "graph.json", "dot": "graph.dot", "html": "graph.html"}  # fmt: skip
    for fmt, name in names.items():
        assert main(["--root", str(project.root), "export", "-f", fmt, "-o", str(folder / name)]) == 0
    return folder


def test_nodes_and_edges_model_the_graph(graph) -> None:
    g = to_networkx(graph)
    rmhgr = g.nodes["hgrid:rmhgr-2019"]
    assert rmhgr["label"] == "RMHGR (2019)" and rmhgr["label_zh"] == "中华人民共和国人类遗传资源管理条例"
    assert rmhgr["kind"] == "administrative-regulation" and rmhgr["date"] == "2019-03-20"
    assert rmhgr["color"] == "#009E73"
    assert rmhgr["first_date_entry_in_force"] == "2019-07-01" and rmhgr["articles_in_the_text_file"] == 47
    assert any("Art. 47" in s for s in rmhgr["sources"].split("\n"))
    table1 = g.nodes["hgrid:ds-table1"]
    assert table1["kind"] == "dataset" and table1["observations"] == 28
    assert not any(d["kind"] == "observation" for _, d in g.nodes(data=True))
    labels = {d["label"] for _, _, d in g.edges("hgrid:criminal-law-amendment-11", data=True)}
    assert "amends" in labels
    full = to_networkx(graph, observations=True)
    assert sum(1 for _, d in full.nodes(data=True) if d["kind"] == "observation") == 60


def test_subsets(graph) -> None:
    legislation = to_networkx(graph, "legislation")
    kinds = {d["kind"] for _, d in legislation.nodes(data=True)}
    assert "provision" in kinds and "dataset" not in kinds and "case" not in kinds
    cases = to_networkx(graph, "cases")
    assert "hgrid:case-2020-forgery-seals" in cases and "hgrid:rmhgr-2019-art37" not in cases
    statistics = to_networkx(graph, "statistics")
    assert "hgrid:ds-table2" in statistics and "hgrid:org-pfizer" in statistics


def test_graphml_and_gexf_read_back_with_the_same_nodes_and_edges(exported: Path, graph) -> None:
    g = to_networkx(graph)
    for name, reader in (("graph.graphml", nx.read_graphml), ("graph.gexf", nx.read_gexf)):
        back = reader(exported / name)
        assert set(back.nodes) == set(g.nodes), name
        assert back.number_of_edges() == g.number_of_edges(), name
    gexf = (exported / "graph.gexf").read_text()
    assert '<viz:color r="0" g="158" b="115"' in gexf  # administrative regulation, picked up by Gephi
    back = nx.read_graphml(exported / "graph.graphml")
    assert back.nodes["hgrid:rmhgr-2019"]["color"] == "#009E73"


def test_cytoscape_and_node_link_json(exported: Path, graph) -> None:
    g = to_networkx(graph)
    cyto = json.loads((exported / "graph.cytoscape.json").read_text())
    assert len(cyto["elements"]["nodes"]) == g.number_of_nodes()
    assert len(cyto["elements"]["edges"]) == g.number_of_edges()
    link = json.loads((exported / "graph.json").read_text())
    back = nx.node_link_graph(link, edges="edges")
    assert set(back.nodes) == set(g.nodes)


def test_dot_renders_with_graphviz(exported: Path) -> None:
    done = subprocess.run(
        ["dot", "-Tsvg", str(exported / "graph.dot")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "<svg" in done.stdout and "RMHGR (2019)" in done.stdout


def test_html_is_offline_interactive_and_error_free(exported: Path, graph, tmp_path: Path) -> None:
    if not browser.available():
        pytest.skip("chromium is not installed (make test installs it)")
    html = (exported / "graph.html").read_text()
    assert "<script src" not in html and '<link rel="stylesheet"' not in html
    report = browser.inspect(
        exported / "graph.html",
        "({shown: window.hgrKg.nodeView.length, panel: document.getElementById('info').innerText})",
        screenshot=tmp_path / "shot.png",
        click_node="hgrid:rmhgr-2019",
    )
    assert report.errors == []
    assert [u for u in report.requests if not u.startswith("file://")] == []
    assert report.values["shown"] == to_networkx(graph).number_of_nodes()
    assert "RMHGR (2019)" in report.values["panel"] and "Art. 47" in report.values["panel"]
    assert (tmp_path / "shot.png").stat().st_size > 10_000


def test_unknown_format_and_subset_are_usage_errors(project: Project, graph, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--root", str(project.root), "export", "-f", "svg"])
    assert done.value.code == 2
    from hgr_kg.errors import HgrKgError

    with pytest.raises(HgrKgError, match="--subset"):
        export(graph, "json", subset="everything")


def test_labels_cannot_break_out_of_the_html_exports_script(project_copy: Project, tmp_path: Path) -> None:
    nodes = "".join(
        f"hgrid:zz-hostile-{n} a eli:LegalResource ; rdfs:label {Literal(p, lang='en').n3()} ;"
        f" eli:title {Literal(p, lang='zh').n3()} .\n"
        for n, p in enumerate(PAYLOADS)
    )
    (project_copy.data / "zz-hostile.ttl").write_text(
        "@prefix hgrid: <https://w3id.org/hgr-kg/id/> .\n"
        "@prefix eli: <http://data.europa.eu/eli/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + nodes,
        encoding="utf-8",
    )
    page_file = tmp_path / "graph.html"
    argv = ["--root", str(project_copy.root), "--store", "memory", "export", "-f", "html"]
    assert main([*argv, "-o", str(page_file)]) == 0
    page = parse(page_file.read_text(encoding="utf-8"))
    assert [tag for tag, _ in page.tags if tag in ("script", "img")] == ["script", "script"]
    assert handlers(page) == []
    data = page.scripts[1]  # the page's own script, with the data
    for unsafe in ("<!--", "<script", "</script", "\u2028", "\u2029"):
        assert unsafe not in data, unsafe
    if not browser.available():
        pytest.skip("chromium is not installed (make test installs it)")
    script = """({labels: window.hgrKg.data.nodes.map(n => n.label), shown: window.hgrKg.nodeView.length,
                  status: document.getElementById('status').textContent,
                  panel: document.getElementById('info').innerText})"""
    report = browser.inspect(page_file, script, click_node="hgrid:zz-hostile-0")
    assert report.dialogs == [] and report.errors == []
    assert [u for u in report.requests if u != page_file.resolve().as_uri()] == []
    assert set(PAYLOADS) <= set(report.values["labels"])  # the data arrived whole, as strings
    total = len(report.values["labels"])
    assert report.values["shown"] == total and report.values["status"] == f"{total} of {total} nodes"
    assert PAYLOADS[0] in report.values["panel"]  # the clicked node's label, shown as text
