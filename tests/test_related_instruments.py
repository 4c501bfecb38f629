"""The instruments around the HGR rules (issue 24): their articles by ``text``, ``search``, ``in-force-on``
and the reader, on the test copy of the project (``hgr_copy``: the articles tests/conftest.py selects),
and the curated relations between them and the HGR articles (data/related-provisions.ttl)."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS, RDFS

from hgr_kg.cli import main
from hgr_kg.namespaces import ELI, HGR, HGRID
from hgr_kg.paths import Project
from tests.conftest import hgr_copy

ROOT = Path(__file__).resolve().parent.parent


def run(project: Project, capsys, *args: str) -> str:
    assert main(["--root", str(project.root), *args]) == 0
    return capsys.readouterr().out


def test_text_prints_the_articles_of_the_new_instruments(project: Project, capsys) -> None:
    out = run(project, capsys, "text", "data-security-law", "--article", "31", "--on", "2025-01-01")
    assert out.startswith("中华人民共和国数据安全法 (data-security-law-2021, in force 2021-09-01 to —)")
    assert (
        "第三十一条 关键信息基础设施的运营者在中华人民共和国境内运营中收集和产生的重要数据的出境安全管理"
        in out
    )
    out = run(project, capsys, "text", "pipl", "--article", "38", "--on", "2025-01-01")
    assert "第三十八条 个人信息处理者因业务等需要，确需向中华人民共和国境外提供个人信息的" in out
    out = run(
        project, capsys, "text", "biomedical-technology-regulation", "--article", "23", "--on", "2026-06-01"
    )
    assert (
        "第二十三条 临床研究机构需要其他机构为其实施生物医学新技术临床研究提供技术支持，提供人体细胞、组织"
        in out
    )


def test_text_before_the_2025_regulation_took_effect_says_so(project: Project, capsys) -> None:
    code = main(
        ["--root", str(project.root), "text", "biomedical-technology-regulation", "--on", "2026-04-30"]
    )
    assert code == 2
    assert "2026-04-30" in capsys.readouterr().err


def test_search_finds_the_data_export_articles(project: Project, capsys) -> None:
    out = run(project, capsys, "search", "数据出境", "--on", "2025-06-01")
    assert "network-data-regulation-2024 第三十七条" in out
    out = run(project, capsys, "search", "向境外提供重要数据", "--on", "2025-06-01")
    assert "data-security-law-2021 第四十六条" in out
    out = run(project, capsys, "search", "确需向中华人民共和国境外提供个人信息", "--on", "2025-06-01")
    assert "pipl-2021 第三十八条" in out


def test_in_force_on_lists_the_2025_regulation_from_2026_05_01(project: Project, capsys) -> None:
    after = run(project, capsys, "query", "run", "in-force-on", "-p", "date=2026-06-01", "-f", "csv")
    before = run(project, capsys, "query", "run", "in-force-on", "-p", "date=2026-04-30", "-f", "csv")
    row = [line for line in after.splitlines() if "biomedical-technology-regulation," in line]
    assert len(row) == 1 and "/biomedical-technology-regulation-2025," in row[0]
    assert "in force; end not recorded" in row[0]
    assert "biomedical-technology-regulation-2025" not in before
    for work in ("data-security-law", "pipl", "network-data-regulation", "export-control-law",
                 "dual-use-export-regulation", "drug-administration-law"):  # fmt: skip
        assert f"{work}-20" in before and f"{work}-20" in after


def test_the_relations_are_typed_sourced_and_readings(graph: Graph) -> None:
    relations = sorted(graph.subjects(predicate=HGR.relationKind))
    assert [str(r).rsplit("/", 1)[-1] for r in relations] == [
        "relation-rmhgr-2024-art2-biomedical-art23",
        "relation-rmhgr-2024-art22-dal-art19",
        "relation-rmhgr-2024-art27-export-control",
        "relation-rmhgr-2024-art28-dsl-art31",
        "relation-rmhgr-2024-art28-network-data-art35-37",
        "relation-rmhgr-2024-art28-pipl-art38",
    ]
    for relation in relations:
        assert graph.value(relation, HGR.isInterpretation).toPython() is True
        assert "The curators' reading" in str(graph.value(relation, RDFS.label))


def test_each_relation_cites_lines_of_the_articles_it_links(graph: Graph) -> None:
    """Every cited line is a line of an article the relation links, or of the RMHGR's definitions (Art. 2,
    which the data-export relation quotes): a reader finds the words there."""
    for relation in graph.subjects(predicate=HGR.relationKind):
        ends = [graph.value(relation, HGR.relatesFrom), *graph.objects(relation, HGR.relatesTo)]
        ends.append(HGRID["rmhgr-2024-art2"])
        lines = set()
        for end in ends:
            units = [end, *graph.objects(end, ELI.has_part)]
            units += [item for unit in units[1:] for item in graph.objects(unit, ELI.has_part)]
            for unit in units:
                for cite in graph.objects(unit, DCTERMS.source):
                    lines.add(str(graph.value(cite, HGR.locator)))
        for cite in graph.objects(relation, DCTERMS.source):
            assert str(graph.value(cite, HGR.locator)) in lines, (relation, cite)


def test_the_cited_lines_hold_the_words(graph: Graph) -> None:
    expect = {
        "rmhgr-2024.md, line 191": "第二十八条 将人类遗传资源信息向外国组织",
        "rmhgr-2024.md, line 55": "人类遗传资源信息是指利用人类遗传资源材料产生的数据等信息资料",
        "rmhgr-2024.md, line 175": "第二十七条 利用我国人类遗传资源开展国际合作科学研究，或者因其他特殊情况",
        "data-security-law-2021.md, line 130": "第三十一条 关键信息基础设施的运营者",
        "export-control-law-2020.md, line 41": "本法所称出口管制，是指国家对从中华人民共和国境内向境外转移",
        "biomedical-technology-regulation-2025.md, line 225": '"content": "临床研究机构需要其他机构为其实施',
    }
    for where, words in expect.items():
        name, line = where.split(", line ")
        assert (
            words in (ROOT / "data" / "texts" / name).read_text(encoding="utf-8").split("\n")[int(line) - 1]
        )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> str:
    from hgr_kg.serve.app import ServeContext, create_app
    from tests.support.served import serving

    context = ServeContext(Project(hgr_copy(tmp_path_factory.mktemp("related")).root))
    with serving(create_app(context)) as base:
        yield base


def page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read().decode("utf-8")


def test_the_reader_shows_the_new_instruments_and_the_relations(served: str) -> None:
    html = page(f"{served}/law/data-security-law")
    assert (
        "第三十一条" in html
        and "关键信息基础设施的运营者在中华人民共和国境内运营中收集和产生的重要数据" in html
    )
    html = page(f"{served}/law/rmhgr?version=rmhgr-2024")
    section = html[html.index('id="art-28"') : html.index('id="art-29"')]
    related = re.findall(r'<p class="related">(.*?)</p>', section, re.S)
    pattern = r'Related \(the curators&#39; reading\): <a href="([^"]+)">([^<]+)</a>'
    links = [re.match(pattern, r) for r in related]
    assert [(m.group(1), m.group(2)) for m in links] == [
        ("/law/data-security-law?version=data-security-law-2021#art-31", "Data Security Law (DSL) Art. 31"),
        ("/law/network-data-regulation?version=network-data-regulation-2024#art-35",
         "Network Data Regulations (2024) Art. 35"),
        ("/law/network-data-regulation?version=network-data-regulation-2024#art-37",
         "Network Data Regulations (2024) Art. 37"),
        ("/law/pipl?version=pipl-2021#art-38", "Personal Information Protection Law (PIPL) Art. 38"),
    ]  # fmt: skip
    html = page(f"{served}/law/biomedical-technology-regulation")
    section = html[html.index('id="art-23"') : html.index('id="art-55"')]
    link = '<a href="/law/rmhgr?version=rmhgr-2024#art-2">RMHGR Art. 2</a>'
    assert f'<p class="related">Related (the curators&#39; reading): {link}' in section
    assert "Status: single mirror copy." in " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_the_dsl_penalty_for_exporting_important_data(project: Project, capsys, graph: Graph) -> None:
    """DSL Art. 46, chosen by its header (penalty_articles), read by the same rules as the HGR penalties:
    the conduct as printed, the authority, the four fines of its text, the kinds, and the article whose
    conduct it is (Art. 31, as the text says: 违反本法第三十一条规定)."""
    import json

    article = "article=hgrid:data-security-law-2021-art46"
    out = run(project, capsys, "query", "run", "penalties", "-p", article, "-f", "json")
    (row,) = json.loads(out)["results"]["bindings"]
    assert row["conduct"]["value"] == "违反本法第三十一条规定，向境外提供重要数据的"
    assert row["authority"]["value"] == "有关主管部门"
    assert (
        row["fines"]["value"]
        == "100000-1000000 CNY; 10000-100000 CNY; 1000000-10000000 CNY; 100000-1000000 CNY"
    )
    assert (row["fineMin"]["value"], row["fineMax"]["value"]) == ("10000", "10000000")
    assert row["kinds"]["value"].split("; ")[:4] == [
        "fine",
        "order to correct",
        "order to suspend the business concerned or to close for rectification",
        "revocation of a business permit or of the business licence",
    ]
    assert row["source"]["value"] == "data/texts/data-security-law-2021.md, line 168"
    penalty = HGRID["data-security-law-2021-art46-para1-penalty"]
    (conduct,) = graph.objects(penalty, HGR.sanctionsConduct)
    assert list(graph.objects(conduct, HGR.conductDefinedIn)) == [HGRID["data-security-law-2021-art31"]]


def test_no_other_penalty_of_the_new_instruments_is_read(graph: Graph) -> None:
    """Of the articles the test copy holds, only DSL Art. 46 (chosen by its header). The whole graph also
    has the Drug Administration Law's criminal clause, Art. 114 (违反本法规定，构成犯罪的: the rule that
    reads Biosecurity Law Art. 82), which the copy does not hold."""
    found = sorted(
        str(article).rsplit("/", 1)[-1]
        for article in graph.objects(None, HGR.penaltyOf)
        if not str(article).rsplit("/", 1)[-1].startswith(("rmhgr", "biosecurity", "criminal"))
    )
    assert found == ["data-security-law-2021-art46"]


def test_the_timeline_draws_each_new_work(project: Project, graph: Graph) -> None:
    """A row per work, marked at its promulgation (or adoption) and entry into force, as the graph dates
    them (the two regulations' promulgation: the mirrors' metadata)."""
    from hgr_kg.draw.timeline_rows import rows

    found = {r.slug: r for r in rows(graph, project.root / "queries", "en")}
    expected = {
        "data-security-law": ("2021-06-10", "2021-09-01"),
        "pipl": ("2021-08-20", "2021-11-01"),
        "network-data-regulation": ("2024-09-24", "2025-01-01"),
        "export-control-law": ("2020-10-17", "2020-12-01"),
        "dual-use-export-regulation": ("2024-09-30", "2024-12-01"),
        "biomedical-technology-regulation": ("2025-09-28", "2026-05-01"),
    }
    for slug, (issued, in_force) in expected.items():
        assert (found[slug].issued.day, found[slug].in_force.day) == (issued, in_force), slug
    drugs = found["drug-administration-law"]
    assert drugs.issued.day == "1984-09-20" and [p.start.day for p in drugs.periods] == ["2019-12-01"]
