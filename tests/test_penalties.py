"""Penalties as data: every figure below is read from data/texts/ and checked against the printed text."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF

from hgr_kg.cli import main
from hgr_kg.graph.penalties import Fine, amount, find_fines, penalties
from hgr_kg.namespaces import ELI, HGR, HGRID
from hgr_kg.paths import Project
from hgr_kg.sources.statutes import Statute, read_statute

TEXTS = Project.locate().data / "texts"


@pytest.fixture(scope="module")
def texts() -> dict[str, Statute]:
    names = (
        "rmhgr-2019",
        "rmhgr-2024",
        "biosecurity-law-2020",
        "biosecurity-law-2024",
        "implementation-rules-2023",
    )
    return {name: read_statute(TEXTS / f"{name}.md") for name in names}


def by_article(statute: Statute) -> dict[tuple[str, int], object]:
    return {(p.article.number, p.paragraph.position): p for p in penalties(statute)}


def test_amounts_in_arabic_and_chinese_numerals() -> None:
    assert amount("50", "万") == 500_000
    assert amount("五十", "万") == 500_000
    assert amount("一千", "万") == 10_000_000
    assert find_fines("处五十万元以上五百万元以下的罚款") == [
        Fine("处五十万元以上五百万元以下的罚款", minimum=500_000, maximum=5_000_000)
    ]


def test_rmhgr_2019_art36(texts: dict[str, Statute]) -> None:
    art36 = by_article(texts["rmhgr-2019"])[("36", 1)]
    assert art36.authorities == ["国务院科学技术行政部门"]
    fixed, multiple = art36.fines
    assert (fixed.minimum, fixed.maximum) == (500_000, 5_000_000)
    assert multiple.multiple == (5, 10) and multiple.threshold == 1_000_000
    assert multiple.text == "违法所得在100万元以上的，处违法所得5倍以上10倍以下罚款"
    assert [c[0] for c in art36.conducts] == [1, 2, 3, 4, 5]
    assert art36.conducts[2][1] == "未经批准，利用我国人类遗传资源开展国际合作科学研究；"
    assert set(art36.kinds) == {
        "sanction-order-to-stop", "sanction-confiscation", "sanction-confiscation-illegal-gains",
        "sanction-fine",
    }  # fmt: skip


def test_the_authority_changes_in_2024_and_the_amounts_do_not(texts: dict[str, Statute]) -> None:
    old, new = by_article(texts["rmhgr-2019"]), by_article(texts["rmhgr-2024"])
    assert old.keys() == new.keys()
    for key in old:
        assert [(f.minimum, f.maximum, f.multiple, f.threshold) for f in old[key].fines] == [
            (f.minimum, f.maximum, f.multiple, f.threshold) for f in new[key].fines
        ]
    assert old[("37", 1)].authorities == ["国务院科学技术行政部门"]
    assert new[("37", 1)].authorities == ["国务院卫生健康主管部门"]
    assert old[("39", 1)].authorities == ["省、自治区、直辖市人民政府科学技术行政部门"]
    assert new[("39", 1)].authorities == ["省、自治区、直辖市人民政府人类遗传资源主管部门"]


def test_every_rmhgr_penalty_paragraph(texts: dict[str, Statute]) -> None:
    got = {
        key: (p.authorities, [(f.minimum, f.maximum, f.multiple, f.threshold) for f in p.fines], p.ban_years)
        for key, p in by_article(texts["rmhgr-2019"]).items()
    }
    most, province = "国务院科学技术行政部门", "省、自治区、直辖市人民政府科学技术行政部门"
    gains = (None, None, (5, 10), 1_000_000)
    assert got == {
        ("36", 1): ([most], [(500_000, 5_000_000, None, None), gains], None),
        ("37", 1): ([most], [(500_000, 5_000_000, None, None)], (None, 5)),
        ("38", 1): (["海关"], [], None),
        ("39", 1): ([province], [(500_000, 1_000_000, None, None), gains], None),
        ("40", 1): ([most], [(None, 500_000, None, None)], None),
        ("41", 1): ([most], [(1_000_000, 10_000_000, None, None), gains], None),
        ("42", 1): ([most], [(1_000_000, 10_000_000, None, None), gains], None),
        ("43", 1): ([most, province], [], (1, 5)),
        ("43", 2): ([most, province], [(None, 500_000, None, None)], (1, 5)),
        ("43", 3): ([], [], None),
        ("44", 1): ([], [], None),
        ("45", 1): ([], [], None),
    }
    assert "sanction-ban-permanent" in by_article(texts["rmhgr-2019"])[("43", 2)].kinds
    assert by_article(texts["rmhgr-2019"])[("38", 1)].kinds == ["sanction-under-other-law"]


def test_biosecurity_law_hgr_penalties(texts: dict[str, Statute]) -> None:
    for name, authority in (
        ("biosecurity-law-2020", "国务院科学技术主管部门"),
        ("biosecurity-law-2024", "国务院卫生健康主管部门"),
    ):
        found = by_article(texts[name])
        assert set(found) == {("79", 1), ("80", 1), ("82", 1)}  # Art. 82: 构成犯罪的 (every violation)
        art79, art80 = found[("79", 1)], found[("80", 1)]
        assert art79.authorities == art80.authorities == [authority]
        assert [(f.minimum, f.maximum, f.multiple, f.threshold) for f in art79.fines] == [
            (500_000, 5_000_000, None, None),
            (None, None, (5, 10), 1_000_000),
        ]
        assert [(f.minimum, f.maximum, f.multiple, f.threshold) for f in art80.fines] == [
            (1_000_000, 10_000_000, None, None),
            (None, None, (10, 20), 1_000_000),
        ]
        assert art79.ban_years == (None, 5)


def test_no_penalty_article_of_the_implementation_rules_was_read(texts: dict[str, Statute]) -> None:
    rules = texts["implementation-rules-2023"]
    assert [a.number for a in rules.articles] == ["1", "2", "3", *map(str, range(18, 27)), "47", "48", "49"]
    assert penalties(rules) == []


def test_penalty_nodes_in_the_graph(graph: Graph) -> None:
    node = HGRID["rmhgr-2019-art36-para1-penalty"]
    assert graph.value(node, HGR.penaltyOf) == HGRID["rmhgr-2019-art36"]
    assert graph.value(node, HGR.authority) == HGRID["org-most"]
    assert graph.value(HGRID["rmhgr-2024-art36-para1-penalty"], HGR.authority) == HGRID["org-nhc"]
    fine = HGRID["rmhgr-2019-art36-para1-penalty-fine1"]
    assert graph.value(fine, HGR.minimumAmount).toPython() == Decimal(500_000)
    assert graph.value(fine, HGR.maximumAmount).toPython() == Decimal(5_000_000)
    gains = HGRID["rmhgr-2019-art36-para1-penalty-fine2"]
    assert graph.value(gains, HGR.minimumMultiple) == Literal(5)
    assert graph.value(gains, HGR.illegalGainsThreshold).toPython() == Decimal(1_000_000)
    conduct = HGRID["rmhgr-2019-art36-para1-item3-conduct"]
    locator = str(graph.value(graph.value(conduct, DCTERMS.source), HGR.locator))
    assert locator == "data/texts/rmhgr-2019.md, line 220"
    line = (TEXTS / "rmhgr-2019.md").read_text(encoding="utf-8").split("\n")[219]
    assert line == "(三)未经批准，利用我国人类遗传资源开展国际合作科学研究；"


def test_every_obligation_reading_cites_the_lines_it_rests_on(graph: Graph) -> None:
    """Each reading is marked as an interpretation and cites the line of its conduct and of each
    obligation it names (the lines are checked against the parsed files, so they cannot go stale)."""
    lines: dict[str, int] = {}
    for name in ("rmhgr-2019", "rmhgr-2024", "biosecurity-law-2020", "biosecurity-law-2024"):
        statute = read_statute(TEXTS / f"{name}.md")
        version = statute.header["version"]
        for art in statute.articles:
            lines[f"{version}-art{art.number}"] = art.line
            for para in art.paragraphs:
                lines[f"{version}-art{art.number}-para{para.position}"] = para.line
                for item in para.items:
                    lines[f"{version}-art{art.number}-para{para.position}-item{item.position}"] = item.line
    readings = list(graph.subjects(RDF.type, HGR.ObligationReading))
    assert len(readings) == 2 * 15 + 2 * 2  # RMHGR 2019 and 2024: 15 each; Biosecurity Law: 2 each
    for reading in readings:
        assert graph.value(reading, HGR.isInterpretation) == Literal(True)
        cited = {str(graph.value(c, HGR.locator)) for c in graph.objects(reading, DCTERMS.source)}
        conduct = str(graph.value(reading, HGR.readsConduct)).rsplit("/", 1)[1].removesuffix("-conduct")
        units = [conduct] + [str(o).rsplit("/", 1)[1] for o in graph.objects(reading, HGR.obligation)]
        for unit in units:
            stem = next(
                v
                for v in ("rmhgr-2019", "rmhgr-2024", "biosecurity-law-2020", "biosecurity-law-2024")
                if unit.startswith(v + "-")
            )
            assert f"data/texts/{stem}.md, line {lines[unit]}" in cited, (reading, unit)
    export = HGRID["reading-rmhgr-2019-art38-para1"]
    assert graph.value(export, HGR.obligation) == HGRID["rmhgr-2019-art27-para1"]


def run(project: Project, capsys, *params: str) -> list[dict]:
    args = ["--root", str(project.root), "query", "run", "penalties", "-f", "json"]
    for param in params:
        args += ["--param", param]
    assert main(args) == 0
    payload = json.loads(capsys.readouterr().out)
    return [{k: v["value"] for k, v in b.items()} for b in payload["results"]["bindings"]]


def short(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


MOST, NHC = "国务院科学技术行政部门", "国务院卫生健康主管部门"
NOT_STATED = "(not stated in the text)"


@pytest.mark.parametrize(
    ("date", "conduct", "expected"),
    [
        # exporting HGR materials without approval: customs penalises under other laws (Art. 38); the
        # responsible persons of the entity under Art. 43(2), which names Arts. 36 to 39
        (
            "2020-06-01",
            "export",
            {
                ("rmhgr-2019-art44", NOT_STATED),  # criminal liability: the conduct's words are Art. 334-1's
                ("rmhgr-2019-art38", "海关"),
                ("rmhgr-2019-art43", f"省、自治区、直辖市人民政府科学技术行政部门; {MOST}"),
            },
        ),
        (
            "2025-01-01",
            "export",
            {
                ("rmhgr-2024-art44", NOT_STATED),  # criminal liability: the conduct's words are Art. 334-1's
                ("rmhgr-2024-art38", "海关"),
                ("rmhgr-2024-art43", f"省、自治区、直辖市人民政府人类遗传资源主管部门; {NHC}"),
            },
        ),
        # international collaboration without approval: Art. 36(3); Art. 43 (both paragraphs name Art. 36)
        (
            "2020-06-01",
            "international collaboration without approval",
            {
                ("rmhgr-2019-art36", MOST),
                ("rmhgr-2019-art43", f"省、自治区、直辖市人民政府科学技术行政部门; {MOST}"),
            },
        ),
        (
            "2025-01-01",
            "international collaboration without approval",
            {
                ("rmhgr-2024-art36", NHC),
                ("rmhgr-2024-art43", f"省、自治区、直辖市人民政府人类遗传资源主管部门; {NHC}"),
            },
        ),
        # a foreign entity collecting HGR in China: Art. 41; Art. 43 names Art. 41
        (
            "2020-06-01",
            "foreign entity collecting",
            {
                ("rmhgr-2019-art44", NOT_STATED),  # criminal liability: the conduct's words are Art. 334-1's
                ("rmhgr-2019-art41", MOST),
                ("rmhgr-2019-art43", f"省、自治区、直辖市人民政府科学技术行政部门; {MOST}"),
            },
        ),
        (
            "2025-01-01",
            "foreign entity collecting",
            {
                ("rmhgr-2024-art44", NOT_STATED),  # criminal liability: the conduct's words are Art. 334-1's
                ("rmhgr-2024-art41", NHC),
                ("rmhgr-2024-art43", f"省、自治区、直辖市人民政府人类遗传资源主管部门; {NHC}"),
            },
        ),
    ],
)
def test_penalties_query_on_a_date(project: Project, capsys, date: str, conduct: str, expected: set) -> None:
    rows = run(project, capsys, f"date={date}", f"conduct={conduct}")
    rmhgr = {
        (short(r["article"]), r["authority"]) for r in rows if short(r["instrument"]).startswith("rmhgr")
    }
    assert rmhgr == expected
    organisation = {r.get("organisation") for r in rows if short(r["article"]).endswith(("art36", "art41"))}
    assert organisation <= {
        "Ministry of Science and Technology" if date < "2024" else "National Health Commission"
    }


def test_penalties_query_fines_and_source(project: Project, capsys) -> None:
    rows = run(project, capsys, "date=2020-06-01", "article=hgrid:rmhgr-art36")
    assert len(rows) == 5  # one per item
    item3 = next(r for r in rows if "国际合作科学研究" in r["conduct"])
    assert (
        item3["fines"]
        == "500000-5000000 CNY; 5-10 times the illegal gains where these are 1000000 CNY or more"
    )
    assert item3["source"] == "data/texts/rmhgr-2019.md, line 220"
    assert (item3["from"], item3["until"]) == ("2019-07-01", "2024-05-01")
    rows = run(project, capsys, "article=hgrid:rmhgr-art37")
    assert {(short(r["instrument"]), r["authority"]) for r in rows} == {
        ("rmhgr-2019", MOST),
        ("rmhgr-2024", NHC),
    }


def test_biosecurity_law_penalties_name_the_health_department_after_2024(project: Project, capsys) -> None:
    rows = run(project, capsys, "conduct=境外组织")
    got = {(short(r["article"]), r["authority"]) for r in rows}
    assert got == {
        ("biosecurity-law-2020-art80", "国务院科学技术主管部门"),
        ("biosecurity-law-2024-art80", NHC),
        # 构成犯罪的，依法追究刑事责任 (Art. 82), the route of Art. 80's conduct to Criminal Law Art. 334-1
        ("biosecurity-law-2020-art82", NOT_STATED),
        ("biosecurity-law-2024-art82", NOT_STATED),
    }


def test_decisions_link_the_interim_measures_articles_their_sources_name(graph: Graph) -> None:
    def articles(sanction: str, prop) -> set[str]:
        return {str(o).rsplit("-art", 1)[1] for o in graph.objects(HGRID[sanction], prop)}

    assert articles("sanction-2016-wuxi-suzhou", HGR.appliedArticle) == {"21"}
    assert articles("sanction-2016-wuxi-suzhou", HGR.breachedArticle) == {"4", "16"}
    assert articles("sanction-2018-astrazeneca-china", HGR.appliedArticle) == {"22"}
    assert articles("sanction-2015-huashan", HGR.breachedArticle) == {"11"}
    # reported to rest on the Interim Measures, without an article: no article link
    assert articles("sanction-2020-bms-china", HGR.appliedArticle) == set()
    assert articles("sanction-2020-bms-china", HGR.breachedArticle) == set()
    for n in ("4", "11", "16", "21", "22"):
        article = HGRID[f"interim-measures-1998-art{n}"]
        assert graph.value(article, ELI.is_part_of) == HGRID["interim-measures-1998"]


def test_penalties_query_on_rdflib_gives_the_fines_too(project: Project, graph: Graph) -> None:
    """The embedded rdflib store (--store memory) writes the same fines as Oxigraph and Virtuoso."""
    from hgr_kg.query.canned import bind_params, find_query, run_local

    query = find_query(project.queries, "penalties")
    bound = bind_params(query, {"article": "hgrid:rmhgr-art39", "date": "2020-06-01"})
    table = run_local(graph, query.text, bound)
    fines = {str(row[table.variables.index("fines")]) for row in table.rows}
    assert fines == {"500000-1000000 CNY; 5-10 times the illegal gains where these are 1000000 CNY or more"}
    assert len(table.rows) == 4  # Art. 39's four items


# ------------------------------------------------------------------ issue 22 item 3: kinds and conducts


@pytest.mark.parametrize("name", ["rmhgr-2019", "rmhgr-2024", "biosecurity-law-2020", "biosecurity-law-2024"])
def test_confiscation_of_illegal_gains_is_a_kind_of_its_own(texts: dict[str, Statute], name: str) -> None:
    """没收…违法所得 (RMHGR Arts. 36, 39, 41, 42, 43(2); Biosecurity Law Arts. 79, 80) is its own kind;
    没收…人类遗传资源 only where the text confiscates HGR (not in Art. 43(2): 没收其违法所得)."""
    found = by_article(texts[name])
    gains = {key for key, p in found.items() if "sanction-confiscation-illegal-gains" in p.kinds}
    hgr = {key for key, p in found.items() if "sanction-confiscation" in p.kinds}
    if name.startswith("rmhgr"):
        assert gains == {("36", 1), ("39", 1), ("41", 1), ("42", 1), ("43", 2)}
        assert hgr == {("36", 1), ("39", 1), ("41", 1), ("42", 1)}
    else:
        assert gains == hgr == {("79", 1), ("80", 1)}
    for key in gains:
        assert "没收" in found[key].paragraph.intro and "违法所得" in found[key].paragraph.intro


def test_no_kind_says_destruction(graph: Graph) -> None:
    from rdflib.namespace import SKOS

    for kind in set(graph.objects(None, HGR.sanctionKind)):
        for label in graph.objects(kind, SKOS.prefLabel):
            assert "destruction" not in str(label) and "销毁" not in str(label), label


@pytest.mark.parametrize("name", ["rmhgr-2019", "rmhgr-2024"])
def test_the_conducts_of_arts_43_and_44(texts: dict[str, Statute], name: str) -> None:
    found = by_article(texts[name])
    persons = found[("43", 2)].conducts[0][1]
    assert persons.startswith(
        "对有本条例第三十六条至第三十九条、第四十一条、第四十二条规定违法行为的单位的法定代表人"
    )
    assert persons.endswith("以及其他责任人员") and "没收" not in persons and "罚款" not in persons
    assert found[("43", 1)].conducts[0][1].endswith("规定违法行为的单位，情节严重的")
    assert found[("44", 1)].conducts[0][1] == "违反本条例规定，侵害他人合法权益的……构成犯罪的"


def _units(name: str) -> dict[str, str]:
    """Every article, paragraph and item of a text by its IRI's local name, with its text."""
    statute = read_statute(TEXTS / f"{name}.md")
    version, found = statute.header["version"], {}
    for art in statute.articles:
        for para in art.paragraphs:
            found[f"{version}-art{art.number}-para{para.position}"] = para.text
            for item in para.items:
                found[f"{version}-art{art.number}-para{para.position}-item{item.position}"] = item.text
    return found


def test_every_conduct_is_quoted_from_its_provision(graph: Graph) -> None:
    """Each conduct's Chinese text is its provision's text (parts elided with ……, in order)."""
    units: dict[str, str] = {}
    for name in ("rmhgr-2019", "rmhgr-2024", "biosecurity-law-2020", "biosecurity-law-2024"):
        units.update(_units(name))
    conducts = list(graph.subjects(RDF.type, HGR.Conduct))
    assert len(conducts) > 40
    for conduct in conducts:
        local = str(conduct).rsplit("/", 1)[1].removesuffix("-conduct")
        if local not in units:
            continue
        text, at = units[local], 0
        for part in str(graph.value(conduct, HGR.text)).split("……"):
            at = text.find(part, at)
            assert at >= 0, (local, part)
            at += len(part)


# ------------------------------------------------------------------ issue 22 item 3: criminal liability

CRIMES = ("criminal-law-after-amendment-11", "criminal-law-after-amendment-12")


@pytest.mark.parametrize("name", CRIMES)
def test_criminal_law_art334_1_is_a_penalty_with_prison_terms_in_years(name: str) -> None:
    statute = read_statute(TEXTS / f"{name}.md")
    (crime,) = penalties(statute)  # Art. 334 (blood) and the rest name no HGR
    assert (crime.article.number, crime.paragraph.position) == ("334-1", 1)
    assert crime.conducts == [
        (
            None,
            "违反国家有关规定，非法采集我国人类遗传资源或者非法运送、邮寄、携带我国人类遗传资源材料出境，"
            "危害公众健康或者社会公共利益，情节严重的",
            crime.paragraph.line,
        )
    ]
    assert crime.authorities == []
    assert set(crime.kinds) == {
        "sanction-imprisonment", "sanction-criminal-detention", "sanction-public-surveillance",
        "sanction-criminal-fine",
    }  # fmt: skip
    assert [(t.circumstance, t.minimum, t.maximum, t.text) for t in crime.prison_terms] == [
        ("情节严重的", None, 3, "处三年以下有期徒刑"),
        ("情节特别严重的", 3, 7, "处三年以上七年以下有期徒刑"),
    ]
    line = (TEXTS / f"{name}.md").read_text(encoding="utf-8").split("\n")[crime.paragraph.line - 1]
    for term in crime.prison_terms:
        assert f"{term.circumstance}，{term.text}" in line


def test_prison_terms_in_the_graph_agree_with_the_curated_maximum(graph: Graph) -> None:
    penalty = HGRID["criminal-law-after-amendment-12-art334-1-para1-penalty"]
    assert graph.value(penalty, HGR.penaltyOf) == HGRID["criminal-law-after-amendment-12-art334-1"]
    terms = sorted(
        (graph.value(t, HGR.minimumYears), graph.value(t, HGR.maximumYears))
        for t in graph.objects(penalty, HGR.prisonTerm)
    )
    assert terms == [(None, Literal(3)), (Literal(3), Literal(7))] or terms == [
        (Literal(3), Literal(7)),
        (None, Literal(3)),
    ]
    curated = graph.value(HGRID["criminal-law-art334-1"], HGR.maximumImprisonmentYears)
    assert max(int(t[1]) for t in terms) == int(curated) == 7
    assert graph.value(penalty, HGR.authorityStatus) == HGRID["authority-not-stated"]


@pytest.mark.parametrize("name", ["biosecurity-law-2020", "biosecurity-law-2024"])
def test_the_biosecurity_law_general_criminal_clause_is_read(texts: dict[str, Statute], name: str) -> None:
    art82 = by_article(texts[name])[("82", 1)]
    assert art82.conducts[0][1] == "违反本法规定，构成犯罪的……造成人身、财产或者其他损害的"
    assert set(art82.kinds) == {"sanction-criminal-liability", "sanction-civil-liability"}


def test_criminal_routes_link_matching_conducts_to_art334_1(graph: Graph) -> None:
    """An HGR conduct whose words are those of a crime (采集…人类遗传资源; 运送、邮寄、携带…出境)
    leads, through its instrument's 构成犯罪的，依法追究刑事责任, to Criminal Law Art. 334之一; cited
    to all the lines."""
    routes = {}
    for route in graph.subjects(RDF.type, HGR.CriminalRoute):
        conduct = str(graph.value(route, HGR.fromConduct)).rsplit("/", 1)[1].removesuffix("-conduct")
        via = str(graph.value(route, HGR.viaPenalty)).rsplit("/", 1)[1]
        routes[conduct] = (via, graph.value(route, HGR.criminalProvision))
        assert graph.value(route, HGR.isInterpretation) == Literal(True)
    crime = HGRID["criminal-law-art334-1"]
    for version in ("rmhgr-2019", "rmhgr-2024"):
        mine = {k: v for k, v in routes.items() if k.startswith(version + "-")}
        assert set(mine) == {
            f"{version}-art36-para1-item1",
            f"{version}-art38-para1",
            f"{version}-art39-para1-item1",
            f"{version}-art39-para1-item2",
            f"{version}-art39-para1-item3",
            f"{version}-art41-para1",
        }
        assert set(mine.values()) == {(f"{version}-art44-para1-penalty", crime)}
    for version in ("biosecurity-law-2020", "biosecurity-law-2024"):
        mine = {k: v for k, v in routes.items() if k.startswith(version + "-")}
        assert mine == {
            f"{version}-art79-para1": (f"{version}-art82-para1-penalty", crime),
            f"{version}-art80-para1": (f"{version}-art82-para1-penalty", crime),
        }
    route = HGRID["route-rmhgr-2024-art38-para1-to-criminal-law-art334-1"]
    cited = {str(graph.value(c, HGR.locator)) for c in graph.objects(route, DCTERMS.source)}
    assert cited == {
        "data/texts/rmhgr-2024.md, line 239",
        "data/texts/rmhgr-2024.md, line 269",
        "data/texts/criminal-law-after-amendment-11.md, line 1987",
        "data/texts/criminal-law-after-amendment-12.md, line 1995",
    }
    assert str(graph.value(route, HGR.crimeConduct)) == "非法运送、邮寄、携带我国人类遗传资源材料出境"


def typed(project: Project, capsys, *params: str) -> list[dict]:
    args = ["--root", str(project.root), "query", "run", "penalties", "-f", "json"]
    for param in params:
        args += ["--param", param]
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)["results"]["bindings"]


XSD_NS = "http://www.w3.org/2001/XMLSchema#"


def test_export_shows_the_criminal_route_beside_art38(project: Project, capsys) -> None:
    rows = typed(project, capsys, "date=2025-01-01", "conduct=出境")
    by = {short(r["article"]["value"]): r for r in rows}
    assert set(by) == {
        "rmhgr-2024-art38", "rmhgr-2024-art43", "rmhgr-2024-art44",
        "criminal-law-after-amendment-12-art334-1",
    }  # fmt: skip
    assert by["rmhgr-2024-art38"]["criminalRoute"]["value"] == str(HGRID["criminal-law-art334-1"])
    assert by["rmhgr-2024-art44"]["criminalRoute"]["value"] == str(HGRID["criminal-law-art334-1"])
    crime = by["criminal-law-after-amendment-12-art334-1"]
    assert crime["prisonMax"] == {"type": "literal", "value": "7", "datatype": XSD_NS + "integer"}
    assert "prisonMin" not in crime  # the first circumstance sets no minimum (三年以下)
    assert crime["termUnit"]["value"] == "year"
    assert crime["prison"]["value"] == "up to 3 years (情节严重的); 3-7 years (情节特别严重的)"
    assert crime["source"]["value"] == "data/texts/criminal-law-after-amendment-12.md, line 1995"
    persons = by["rmhgr-2024-art43"]
    assert (persons["banMin"]["value"], persons["banMax"]["value"]) == ("1", "5")
    assert "fineMin" not in persons and persons["fineMax"]["value"].startswith("500000")


def test_fines_as_typed_numbers(project: Project, capsys) -> None:
    rows = typed(project, capsys, "date=2020-06-01", "article=hgrid:rmhgr-art36")
    assert len(rows) == 5
    for row in rows:
        got = {k: (Decimal(row[k]["value"]), row[k]["datatype"]) for k in (
            "fineMin", "fineMax", "multipleMin", "multipleMax", "gainsThreshold")}  # fmt: skip
        assert got == {
            "fineMin": (500_000, XSD_NS + "decimal"),
            "fineMax": (5_000_000, XSD_NS + "decimal"),
            "multipleMin": (5, XSD_NS + "integer"),
            "multipleMax": (10, XSD_NS + "integer"),
            "gainsThreshold": (1_000_000, XSD_NS + "decimal"),
        }
        assert row["fineUnit"]["value"] == "CNY"


def test_conduct_in_either_language_through_the_term_bank(project: Project, capsys) -> None:
    """外国 finds Biosecurity Law Art. 80 (境外), and export finds Criminal Law Art. 334之一 (出境)."""
    foreign = {short(r["article"]) for r in run(project, capsys, "date=2025-01-01", "conduct=外国")}
    assert {"biosecurity-law-2024-art80", "rmhgr-2024-art36", "rmhgr-2024-art41"} <= foreign
    export = {short(r["article"]) for r in run(project, capsys, "date=2025-01-01", "conduct=export")}
    chinese = {short(r["article"]) for r in run(project, capsys, "date=2025-01-01", "conduct=出境")}
    assert export == chinese
    assert {"rmhgr-2024-art38", "criminal-law-after-amendment-12-art334-1"} <= export


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_an_obligation_leads_to_the_penalty_for_breaking_it(project: Project, capsys, store: str) -> None:
    """Issue 23: `penalties -p article=hgrid:rmhgr-art22` gave nothing. RMHGR Art. 22 requires approval of
    international collaboration (para. 1) and a filing before a clinical trial (para. 2); Art. 36 punishes
    both without naming Art. 22, so the link is the curator's reading (data/penalty-readings.ttl), shown
    in the breaches column."""
    args = ["--root", str(project.root), "--store", store, "query", "run", "penalties", "-f", "json",
            "--param", "article=hgrid:rmhgr-art22"]  # fmt: skip
    assert main(args) == 0
    bindings = json.loads(capsys.readouterr().out)["results"]["bindings"]
    rows = sorted((short(b["article"]["value"]), short(b["breaches"]["value"]), b["conduct"]["value"][:8])
                  for b in bindings)  # fmt: skip
    assert rows == [
        ("rmhgr-2019-art36", "rmhgr-2019-art22-para1", "未经批准，利用我"),
        ("rmhgr-2019-art36", "rmhgr-2019-art22-para2", "开展国际合作临床"),
        ("rmhgr-2024-art36", "rmhgr-2024-art22-para1", "未经批准，利用我"),
        ("rmhgr-2024-art36", "rmhgr-2024-art22-para2", "开展国际合作临床"),
    ]
    one = run(project, capsys, "article=hgrid:rmhgr-2019-art22-para2")  # a paragraph, of one version
    found = [(short(r["article"]), short(r["breaches"])) for r in one]
    assert found == [("rmhgr-2019-art36", "rmhgr-2019-art22-para2")]
