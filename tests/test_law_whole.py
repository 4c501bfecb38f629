"""Every article of every text file is in the graph (issue 22 item 1): the whole Criminal Law (both
consolidated texts) and the whole Civil Code, with their divisions, paragraphs and references; the
answers are compared with what the parser reads from the files, and with the words of the files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from hgr_kg.cli import main
from hgr_kg.graph.statute_ids import article_iri
from hgr_kg.namespaces import ELI, HGR, HGRID
from hgr_kg.paths import Project
from hgr_kg.sources.statutes import comparable, read_statute

TEXTS = Path(__file__).resolve().parent.parent / "data" / "texts"
CODES = ("criminal-law-after-amendment-11", "criminal-law-after-amendment-12", "civil-code-2020")


@pytest.fixture(scope="module")
def graph(whole_graph: Graph) -> Graph:
    """Here the project's own graph: every article of the codes (elsewhere their HGR articles only)."""
    return whole_graph


@pytest.fixture()
def project(whole_project: Project) -> Project:
    return whole_project


def run(project: Project, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(project.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("version", CODES)
def test_every_article_and_division_of_a_code_is_in_the_graph(graph: Graph, version: str) -> None:
    statute = read_statute(TEXTS / f"{version}.md")
    held = {
        str(graph.value(a, ELI.number))
        for a in graph.subjects(HGR.partOfVersion, HGRID[version])
        if (a, ELI.type_subdivision, HGRID["subdivision-article"]) in graph
    }
    assert held == {a.number for a in statute.articles}
    assert len(held) == {"civil-code-2020": 1260}.get(version, 505)  # 452 numbered, 之一… inserted
    for article in statute.articles:  # the text as the file has it, every one
        assert graph.value(article_iri(version, article.number), HGR.text) == Literal(article.text, lang="zh")
    for kind in ("part", "chapter", "section"):
        found = [d for d in graph.subjects(ELI.type_subdivision, HGRID[f"subdivision-{kind}"])
                 if (d, HGR.partOfVersion, HGRID[version]) in graph]  # fmt: skip
        assert len(found) == len(statute.divisions_of(kind)), kind


def test_the_civil_code_has_its_seven_books_and_the_criminal_law_its_two_parts(graph: Graph) -> None:
    def parts(version: str) -> int:
        return sum(1 for d in graph.subjects(ELI.type_subdivision, HGRID["subdivision-part"])
                   if (d, HGR.partOfVersion, HGRID[version]) in graph)  # fmt: skip

    assert parts("civil-code-2020") == 7 and parts("criminal-law-after-amendment-12") == 2


def test_diff_of_the_criminal_law_lists_exactly_the_articles_amendment_xii_changed(
    project: Project, capsys
) -> None:
    """The changed articles are those whose texts differ between the two files (read here by the
    parser, not through the graph), and they are the seven Amendment XII rewrote."""
    old = {a.number: comparable(a.text) for a in read_statute(TEXTS / f"{CODES[0]}.md").articles}
    new = {a.number: comparable(a.text) for a in read_statute(TEXTS / f"{CODES[1]}.md").articles}
    differing = sorted((n for n in new if old.get(n) != new[n]), key=int)
    assert differing == ["165", "166", "169", "387", "390", "391", "393"] and old.keys() == new.keys()
    code, out, _ = run(project, capsys, "diff", "criminal-law", "--from", "2022-01-01", "--to", "2025-01-01",
                       "-f", "json")  # fmt: skip
    assert code == 0
    result = json.loads(out)
    assert [c["number"] for c in result["changed"]] == differing
    assert result["added"] == [] and result["removed"] == []
    art387 = next(c for c in result["changed"] if c["number"] == "387")
    assert ("五", "三") in [(op["old"], op["new"]) for op in art387["ops"] if op["op"] != "equal"]


def test_any_article_of_the_codes_is_readable(project: Project, capsys) -> None:
    code, out, _ = run(project, capsys, "text", "criminal-law", "--on", "2025-01-01", "--article", "151")
    assert code == 0
    assert "第二编 分则" in out and "第二节 走私罪" in out
    assert "第一百五十一条 走私武器、弹药、核材料或者伪造的货币的，处七年以上有期徒刑" in out
    code, out, _ = run(project, capsys, "text", "civil-code", "--on", "2022-01-01",
                       "--article", "第一千二百六十条")  # fmt: skip
    assert code == 0 and "第一千二百六十条 本法自2021年1月1日起施行。" in out
    code, out, _ = run(project, capsys, "text", "criminal-law", "--on", "2022-01-01", "--article", "133-1")
    assert code == 0 and "第一百三十三条之一 在道路上驾驶机动车，有下列情形之一的，处拘役，并处罚金：" in out


def test_references_inside_a_whole_code_are_resolved(graph: Graph) -> None:
    """Criminal Law Art. 45: 有期徒刑的期限，除本法第五十条、第六十九条规定外…: references to Arts. 50
    and 69 of the same version, found in the whole text (not held when only three articles were)."""
    version = CODES[1]
    citing = article_iri(version, "45")
    refs = list(graph.subjects(HGR.citingArticle, citing))
    assert len(refs) == 1 and graph.value(refs[0], RDF.type) == HGR.Reference
    assert graph.value(refs[0], HGR.quotedText) == Literal("本法第五十条、第六十九条", lang="zh")
    both = {article_iri(version, "50"), article_iri(version, "69")}
    assert set(graph.objects(refs[0], HGR.refersTo)) == both == set(graph.objects(citing, ELI.cites))


def test_article_counts_name_a_codes_chapters_with_their_part_in_the_order_of_the_text(
    project: Project, capsys
) -> None:
    """A code numbers its chapters afresh in each part (编): 第一章 alone named 15 chapters of the
    Criminal Law, printed in no order (issue 22)."""
    code, out, _ = run(project, capsys, "query", "run", "article-counts", "-f", "json")
    assert code == 0
    rows = {b["version"]["value"].rsplit("/", 1)[-1]: b for b in json.loads(out)["results"]["bindings"]}
    criminal = rows["criminal-law-after-amendment-12"]
    assert (criminal["articlesInFile"]["value"], criminal["articles"]["value"]) == ("505", "505")
    assert criminal["chapterNumbers"]["value"] == "; ".join(
        [f"第一编第{n}章" for n in "一二三四五"] + [f"第二编第{n}章" for n in "一二三四五六七八九十"]
    )
    civil = rows["civil-code-2020"]["chapterNumbers"]["value"].split("; ")
    assert len(civil) == len(set(civil)) == 84 == int(rows["civil-code-2020"]["chapters"]["value"])
    assert civil[:2] == ["第一编第一章", "第一编第二章"] and civil[-1] == "第七编第十章"
    contracts = [c for c in civil if c.startswith("第三编")]  # numbered on through its three sub-parts
    assert contracts == [f"第三编{n}" for n in (f"第{x}章" for x in CN_1_TO_29)]


UNITS = "一二三四五六七八九"
CN_1_TO_29 = [*UNITS, "十", *(f"十{d}" for d in UNITS), "二十", *(f"二十{d}" for d in UNITS)]


def test_the_whole_codes_validate_and_each_new_warning_is_a_law_the_graph_does_not_hold(
    project: Project,
) -> None:
    """0 violations; the codes add 15 warnings, each a reference to a law the graph does not hold:
    the nine laws Civil Code Art. 1260 repeals, and in both Criminal Law texts 治安管理处罚法 (Art.
    38), 商业银行法 (Art. 186) and 传染病防治法 (Art. 330)."""
    from hgr_kg.validate.shacl import load_shapes, validate_project

    report = validate_project(project, load_shapes(project.shapes))
    assert report.violations == 0
    ours = [r for r in report.results if "/civil-code-2020-" in r.focus or "/criminal-law-after-" in r.focus]
    assert {r.message.split(":")[0] for r in ours} == {"Cross-reference not resolved"}
    cited = sorted(r.focus_label.split("》")[0] + "》 " + r.focus.rsplit("/", 1)[-1].split("-ref")[0]
                   for r in ours)  # fmt: skip
    repealed = [
        "侵权责任法",
        "合同法",
        "婚姻法",
        "担保法",
        "收养法",
        "民法总则",
        "民法通则",
        "物权法",
        "继承法",
    ]
    expected = [f"《中华人民共和国{law}》 civil-code-2020-art1260-para1" for law in repealed] + [
        f"《中华人民共和国{law}》 criminal-law-after-amendment-{n}-art{art}"
        for law, art in (("传染病防治法", "330-para3"), ("商业银行法", "186-para4"),
                         ("治安管理处罚法", "38-para4"))
        for n in (11, 12)]  # fmt: skip
    assert cited == sorted(expected)
