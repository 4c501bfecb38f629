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
from hgr_kg.errors import HgrKgError
from hgr_kg.graph.statute_graph import text_triples
from hgr_kg.graph.statute_ids import article_iri
from hgr_kg.namespaces import ELI, HGR, HGRID
from hgr_kg.paths import Project
from hgr_kg.sources.statutes import comparable, read_statute

TEXTS = Path(__file__).resolve().parent.parent / "data" / "texts"
CODES = ("criminal-law-after-amendment-11", "criminal-law-after-amendment-12", "civil-code-2020")


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


def test_a_header_that_selects_articles_is_refused(tmp_path: Path) -> None:
    text = (TEXTS / "rmhgr-2019.md").read_bytes()
    text = text.replace(b"\nversion:", b"\ngraph_articles: ['1']\nversion:", 1)
    (tmp_path / "texts").mkdir()
    path = tmp_path / "texts" / "rmhgr-2019.md"
    path.write_bytes(text)
    with pytest.raises(HgrKgError, match=r"rmhgr-2019\.md: graph_articles: every article"):
        text_triples(path)
