"""hgr_kg.graph.statute_graph and hgr_kg.graph.versions: the texts as RDF, versions one after another."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, XSD

from hgr_kg.graph.statute_graph import text_to_graph
from hgr_kg.graph.versions import articles_of
from hgr_kg.namespaces import ELI, HGR, HGRID

FIXTURES = Path(__file__).resolve().parent / "data" / "texts"
NOT_READ = HGRID["status-not-read"]


def _day(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


def test_golden_fixture():
    got = text_to_graph(FIXTURES / "mini.md")
    expected = Graph().parse(FIXTURES / "mini.expected.ttl")
    if not isomorphic(got, expected):
        missing = to_isomorphic(expected) - to_isomorphic(got)
        extra = to_isomorphic(got) - to_isomorphic(expected)
        raise AssertionError(f"missing {sorted(missing)[:5]}; extra {sorted(extra)[:5]}")


def test_fixture_structure_and_dates():
    g = text_to_graph(FIXTURES / "mini.md")
    art2 = HGRID["mini-2021-art2"]
    assert g.value(art2, ELI.is_part_of) == HGRID["mini-2021-ch1"]
    assert g.value(art2, HGR.printedNumber) == Literal("第二条", lang="zh")
    assert (
        str(g.value(art2, HGR.text))
        == "有下列情形之一的，适用本条例：\n（一）采集；\n（二）保藏。\n前款所称情形不包括教学。"
    )
    assert str(g.value(HGRID["mini-2021-art2-para1-item2"], HGR.text)) == "保藏。"
    assert g.value(HGRID["mini-2021-art2-para2"], HGR.position).toPython() == 2
    # the revision date is the version's; the promulgation and entry into force before it, the work's
    assert g.value(HGRID["mini-2021"], ELI.version_date) == _day("2021-03-04")
    assert g.value(HGRID["mini"], ELI.first_date_entry_in_force) == _day("2019-02-01")
    assert g.value(HGRID["mini-2021"], ELI.first_date_entry_in_force) is None
    # articles_total: 4, so Art. 4 exists, marked not read, without text
    assert g.value(HGRID["mini-2021-art4"], HGR.textStatus) == NOT_READ
    assert g.value(HGRID["mini-2021-art4"], HGR.text) is None
    locator = g.value(g.value(art2, DCTERMS.source), HGR.locator)
    assert str(locator) == "data/texts/mini.md, line 30"


def test_rmhgr_versions_in_the_graph(graph):
    for version in ("rmhgr-2019", "rmhgr-2024"):
        articles = articles_of(graph, HGRID[version])
        assert len(articles) == 47
        chapters = set(graph.subjects(ELI.type_subdivision, HGRID["subdivision-chapter"]))
        assert len([c for c in chapters if graph.value(c, HGR.partOfVersion) == HGRID[version]]) == 6
    art37 = HGRID["rmhgr-2024-art37"]
    assert "国务院卫生健康主管部门" in graph.value(art37, HGR.text)
    # the curated paraphrase stays on the same IRI, next to the text
    assert graph.value(art37, ELI.description, any=True) is not None
    assert graph.value(art37, ELI.is_member_of) == HGRID["rmhgr-art37"]
    assert graph.value(art37, ELI.first_date_entry_in_force) == _day("2024-05-01")
    assert graph.value(HGRID["rmhgr-2019-art37"], ELI.date_no_longer_in_force) == _day("2024-05-01")
    assert (art37, DCTERMS.replaces, HGRID["rmhgr-2019-art37"]) in graph
    assert (art37, HGR.amendedBy, HGRID["state-council-decision-2024"]) in graph


def test_unchanged_articles_are_character_equal(graph):
    pairs = list(graph.subject_objects(HGR.unchangedFrom))
    assert len(pairs) > 100
    strict = [(n, o) for n, o in pairs if str(graph.value(n, HGR.text)) == str(graph.value(o, HGR.text))]
    # RMHGR 2019 prints ASCII parentheses where 2024 prints full-width ones; all else is character-equal
    for new, old in set(pairs) - set(strict):
        assert str(graph.value(new, HGR.text)) == str(graph.value(old, HGR.text)).translate(
            str.maketrans("()", "（）")
        )
    assert (HGRID["rmhgr-2024-art21"], HGR.unchangedFrom, HGRID["rmhgr-2019-art21"]) in graph


def test_biosecurity_law_versions(graph):
    old, new = HGRID["biosecurity-law-2020"], HGRID["biosecurity-law-2024"]
    assert graph.value(old, ELI.first_date_entry_in_force) == _day("2021-04-15")
    assert graph.value(old, ELI.date_no_longer_in_force) == _day("2024-04-26")
    assert graph.value(new, ELI.first_date_entry_in_force) == _day("2024-04-26")
    replaced = sorted(
        str(graph.value(a, ELI.number))
        for a in articles_of(graph, new).values()
        if graph.value(a, DCTERMS.replaces)
    )
    assert replaced == ["54", "56", "57", "79", "80"]
    assert len(articles_of(graph, new)) == 88


def test_large_codes_hold_only_the_selected_articles(graph):
    for version, numbers in (
        ("criminal-law-after-amendment-11", {"280", "334", "334-1"}),
        ("criminal-law-after-amendment-12", {"280", "334", "334-1"}),
        ("civil-code-2020", {"1009"}),
    ):
        assert set(articles_of(graph, HGRID[version])) == numbers
    art = HGRID["criminal-law-after-amendment-11-art334-1"]
    assert graph.value(art, ELI.is_member_of) == HGRID["criminal-law-art334-1"]  # the curated provision
    assert graph.value(art, HGR.printedNumber) == Literal("第三百三十四条之一", lang="zh")
    assert graph.value(art, ELI.first_date_entry_in_force) == _day("2021-03-01")
    assert graph.value(art, ELI.date_no_longer_in_force) == _day("2024-03-01")
    section = graph.value(art, ELI.is_part_of)
    assert section == HGRID["criminal-law-after-amendment-11-part2-ch6-sec5"]
    assert graph.value(HGRID["civil-code-2020-art1009"], ELI.is_part_of) == HGRID["civil-code-2020-part4-ch2"]


def test_implementation_rules_articles_not_read(graph):
    articles = articles_of(graph, HGRID["implementation-rules-2023"])
    assert len(articles) == 78
    not_read = sorted(int(n) for n, a in articles.items() if graph.value(a, HGR.textStatus) == NOT_READ)
    assert not_read == [*range(4, 18), *range(27, 47), *range(50, 79)]
    for n in not_read:
        assert graph.value(articles[str(n)], HGR.text) is None
    # the curated study characterisation of Art. 11 stays, labelled unverified, on the same article
    art11 = HGRID["implementation-rules-2023-art11"]
    assert graph.value(art11, HGR.verificationStatus) == HGRID["status-unverified"]
    assert "第二条 " not in graph.value(HGRID["implementation-rules-2023-art2"], HGR.text)


def test_interim_measures_articles_in_the_graph(graph):
    """Arts. 1-8 of the excerpt are in the graph with their text (Arts. 2 and 3 printed on one line)."""
    articles = articles_of(graph, HGRID["interim-measures-1998"])
    assert set(articles) == {"1", "2", "3", "4", "5", "6", "7", "8"}
    art4 = HGRID["interim-measures-1998-art4"]
    assert str(graph.value(art4, HGR.text)).startswith("国家对重要遗传家系和特定地区遗传资源实行申报登记制度")
    assert graph.value(art4, HGR.partOfVersion) == HGRID["interim-measures-1998"]
    assert HGRID["interim-measures-1998-ch1"] in set(graph.objects(art4, ELI.is_part_of))
    definition = str(graph.value(HGRID["interim-measures-1998-art2"], HGR.text))
    assert definition.startswith("本办法所称人类遗传资源是指含有人体基因组、基因及其产物的器官")
    assert str(graph.value(HGRID["interim-measures-1998-art3"], HGR.text)).endswith("必须遵守本办法。")
    # the articles the decisions cite but the excerpt does not hold stay without text
    for n in ("11", "16", "21", "22"):
        assert graph.value(HGRID[f"interim-measures-1998-art{n}"], HGR.text) is None
    assert graph.value(HGRID["interim-measures-1998"], HGR.entryIntoForceStatus) == HGRID["date-not-recorded"]


def test_service_guide_text_file_has_no_articles(graph):
    guide = HGRID["hgr-licensing-service-guide-2015"]
    assert str(graph.value(guide, HGR.textFile)) == "data/texts/hgr-licensing-service-guide-2015.md"
    assert graph.value(guide, HGR.articlesInTextFile) == Literal(0, datatype=XSD.integer)
    assert articles_of(graph, guide) == {}
