"""The build's rules that let the penalties query find by obligation and by keyword without walking the
graph in its filters (hgr_kg/graph/rules: breach-scope, conduct-words, term-keys): the facts they
derive, read from the graph the tests build, and checked against the texts and the curated readings."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal

from hgr_kg.graph.build import build_graph
from hgr_kg.namespaces import HGR, HGRID
from hgr_kg.paths import Project

# Art. 36(1)(3): 未经批准，利用我国人类遗传资源开展国际合作科学研究
ART36_ITEM3 = HGRID["rmhgr-2019-art36-para1-item3-conduct"]
# Art. 43(1): 对有本条例第三十六条、第三十九条、第四十一条、第四十二条…
ART43_PARA1 = HGRID["rmhgr-2019-art43-para1-conduct"]


def test_a_breach_reaches_the_obligation_its_article_chapter_and_work_article(graph: Graph) -> None:
    # data/penalty-readings.ttl: Art. 36(1)(3) breaches Art. 22(1);
    # Art. 22 is in Chapter 3 (第三章 利用和对外提供)
    scope = set(graph.objects(ART36_ITEM3, HGR.breachScope))
    assert scope == {HGRID["rmhgr-2019-art22-para1"], HGRID["rmhgr-2019-art22"], HGRID["rmhgr-2019-ch3"],
                     HGRID["rmhgr-art22"]}  # fmt: skip


def test_only_read_conducts_have_a_breach_scope(graph: Graph) -> None:
    read = set(graph.objects(None, HGR.readsConduct))
    assert set(graph.subjects(HGR.breachScope, None)) == read
    assert len(read) == 34  # the conducts data/penalty-readings.ttl reads


def test_a_conduct_is_found_by_its_own_words_and_those_of_the_conducts_it_names(graph: Graph) -> None:
    words = {str(w) for w in graph.objects(ART43_PARA1, HGR.conductWords)}
    assert "对有本条例第三十六条、第三十九条、第四十一条、第四十二条规定违法行为的单位，情节严重的" in words
    assert "未经批准，利用我国人类遗传资源开展国际合作科学研究；" in words  # Art. 36(1)(3), named by Art. 43
    assert "违反本条例规定，买卖人类遗传资源的" in words  # Art. 42, named too
    # Art. 38 (export of materials) is not among the articles paragraph 1 names; paragraph 2 names it
    assert "违反本条例规定，未经批准将我国人类遗传资源材料运送、邮寄、携带出境的" not in words
    para2 = {str(w) for w in graph.objects(HGRID["rmhgr-2019-art43-para2-conduct"], HGR.conductWords)}
    assert "违反本条例规定，未经批准将我国人类遗传资源材料运送、邮寄、携带出境的" in para2


def test_the_term_bank_labels_in_lower_case(graph: Graph) -> None:
    assert set(graph.objects(HGRID["term-export"], HGR.termKey)) == {Literal("export"), Literal("出境")}


def test_a_new_reading_gives_its_scope(project_copy: Project) -> None:
    # a reading added by a curator to a conduct no reading reads (Art. 37, false materials), here to Art. 11
    conduct = HGRID["rmhgr-2019-art37-para1-conduct"]
    assert not set(build_graph(project_copy).objects(conduct, HGR.breachScope))
    path: Path = project_copy.data / "penalty-readings.ttl"
    path.write_text(path.read_text(encoding="utf-8") + """
hgrid:reading-test a hgr:ObligationReading ;
    hgr:readsConduct hgrid:rmhgr-2019-art37-para1-conduct ;
    hgr:obligation hgrid:rmhgr-2019-art11 ;
    hgr:isInterpretation true ;
    dcterms:source hgrid:cite-text-rmhgr-2019-line-76 .
""", encoding="utf-8")  # fmt: skip
    scope = set(build_graph(project_copy).objects(conduct, HGR.breachScope))
    # an article's scope: itself, its chapter (第二章) and version, and the work-level article and work
    assert scope == {HGRID["rmhgr-2019-art11"], HGRID["rmhgr-2019-ch2"], HGRID["rmhgr-2019"],
                     HGRID["rmhgr-art11"], HGRID["rmhgr"]}  # fmt: skip
