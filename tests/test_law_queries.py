"""The canned queries on the statute texts: article-text, articles-changed, article-counts, and the
article text in provisions and rmhgr-2019-vs-2024; values asserted are those of data/texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

from hgr_kg.paths import Project
from hgr_kg.query.canned import bind_params, find_query, run_local
from hgr_kg.read.law import amended_articles
from hgr_kg.sources.statutes import read_statute

TEXTS = Path(__file__).resolve().parent.parent / "data" / "texts"


def rows(project: Project, graph: Graph, name: str, **params: str) -> list[dict]:
    query = find_query(project.queries, name)
    table = run_local(graph, query.text, bind_params(query, params))
    return [
        {v: (None if t is None else str(t).rsplit("/", 1)[-1] if "w3id.org" in str(t) else str(t))
         for v, t in zip(table.variables, row, strict=True)}
        for row in table.rows
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("date", "version", "words"),
    [
        ("2020-01-01", "rmhgr-2019", "国务院科学技术行政部门"),
        ("2024-06-01", "rmhgr-2024", "国务院卫生健康主管部门"),
    ],
)
def test_article_text(project: Project, graph: Graph, date: str, version: str, words: str) -> None:
    (row,) = rows(project, graph, "article-text", instrument="hgrid:rmhgr", article="37", date=date)
    assert (row["version"], row["printed"], row["textStatus"]) == (version, "第三十七条", None)
    # the fact shown: the article's text, from a mirror; the 2024 text's compared with a second witness
    # (data/texts/witnesses/), equal in every character
    if version == "rmhgr-2024":
        assert row["status"] == "mirror copy checked against another witness"
        witnessed = (
            "rests on an unofficial reproduction of the official text, checked against another witness"
        )
        assert row["caveat"] == witnessed
    else:
        assert row["status"] == "single mirror copy"
        assert row["caveat"].startswith("rests only on an unofficial reproduction of the official text")
    assert row["text"].startswith("提供虚假材料或者采取其他欺骗手段取得行政许可的，由" + words + "撤销")
    expected = read_statute(TEXTS / f"{version}.md").article(37).text
    assert row["text"] == expected


def test_article_text_of_an_article_not_read_and_of_the_criminal_law(project: Project, graph: Graph) -> None:
    (row,) = rows(project, graph, "article-text", instrument="hgrid:implementation-rules-2023", article="27",
                  date="2024-01-01")  # fmt: skip
    assert (row["text"], row["textStatus"]) == (None, "text not read")
    (row,) = rows(
        project, graph, "article-text", instrument="hgrid:criminal-law", article="334-1", date="2022-01-01"
    )
    assert row["version"] == "criminal-law-after-amendment-11" and row["printed"] == "第三百三十四条之一"
    assert (
        rows(project, graph, "article-text", instrument="hgrid:rmhgr", article="37", date="2019-06-30") == []
    )


@pytest.mark.parametrize(
    ("instrument", "article", "date", "printed"),
    [
        ("rmhgr", "第三十七条", "2024-06-01", "第三十七条"),
        ("rmhgr", "三十七", "2024-06-01", "第三十七条"),
        ("rmhgr", "037", "2024-06-01", "第三十七条"),
        ("criminal-law", "第三百三十四条之一", "2022-01-01", "第三百三十四条之一"),
    ],
)
def test_an_article_number_as_printed_is_taken(project: Project, capsys, instrument, article, date, printed):
    from hgr_kg.cli import main

    args = ["--root", str(project.root), "query", "run", "article-text", "-f", "json",
            "--param", f"instrument=hgrid:{instrument}", "--param", f"article={article}",
            "--param", f"date={date}"]  # fmt: skip
    assert main(args) == 0
    (row,) = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert row["printed"]["value"] == printed


@pytest.mark.parametrize("article", ["37条", "第37条", "Art. 37", "第三十七条之", "三十七-1", "", "٣٧"])
def test_a_malformed_article_number_is_one_line(project: Project, capsys, article: str) -> None:
    from hgr_kg.cli import main

    args = ["--root", str(project.root), "query", "run", "article-text", "--param", "instrument=rmhgr",
            "--param", f"article={article}", "--param", "date=2024-06-01"]  # fmt: skip
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert err == (f"hgr-kg: error: parameter 'article': {article!r} is not an article number such as 37, "
                   "334-1, 第三十七条 or 第三百三十四条之一 (article-number)\n")  # fmt: skip


def test_articles_changed_in_2024(project: Project, graph: Graph) -> None:
    found = rows(
        project,
        graph,
        "articles-changed",
        instrument="hgrid:rmhgr",
        **{"from": "2019-07-01", "to": "2024-05-01"},
    )
    decision = read_statute(TEXTS / "state-council-decision-2024.md")
    named = amended_articles(decision, "中华人民共和国人类遗传资源管理条例")
    assert sorted((r["number"] for r in found), key=int) == named
    assert {(r["change"], r["amendedBy"]) for r in found} == {("changed", "state-council-decision-2024")}
    found = rows(project, graph, "articles-changed", instrument="hgrid:biosecurity-law",
                 **{"from": "2021-04-15", "to": "2024-04-26"})  # fmt: skip
    assert sorted(r["number"] for r in found) == ["54", "56", "57", "79", "80"]
    found = rows(project, graph, "articles-changed", instrument="hgrid:criminal-law",
                 **{"from": "2022-01-01", "to": "2024-06-01"})  # fmt: skip
    assert found == []  # Amendment XII touches none of Arts. 280, 334, 334-1 (the articles in the graph)


def _oxigraph(graph: Graph) -> Graph:
    from hgr_kg.graph.memory import OxigraphGraph, memory_store

    return OxigraphGraph(memory_store(graph))


@pytest.mark.parametrize("engine", ["memory", "oxigraph"])
def test_article_counts(project: Project, graph: Graph, engine: str) -> None:
    store = graph if engine == "memory" else _oxigraph(graph)
    by = {r["version"]: r for r in rows(project, store, "article-counts")}
    for version in ("rmhgr-2019", "rmhgr-2024"):
        assert (by[version]["articles"], by[version]["chapters"], by[version]["notRead"]) == ("47", "6", None)
    rules = by["implementation-rules-2023"]
    assert (rules["articles"], rules["statedArticles"], rules["statedChapters"]) == ("78", "78", "7")
    assert (rules["articlesInFile"], rules["notRead"], rules["chapters"]) == ("15", "63", "3")
    # the lists in the order a reader expects: numbers ascending, chapters as the text has them
    not_read = [*range(4, 18), *range(27, 47), *range(50, 79)]
    assert rules["notReadNumbers"].split("; ") == [str(n) for n in not_read]
    assert rules["chapterNumbers"].split("; ") == ["第一章", "第三章", "第四章"]
    assert by["rmhgr-2019"]["chapterNumbers"] == "第一章; 第二章; 第三章; 第四章; 第五章; 第六章"
    # every other version as found, compared with its source file
    for version, row in by.items():
        statute = read_statute(project.data / "texts" / f"{version}.md")  # the copy's: codes selected
        if statute.structure == "decision" or not statute.articles:  # a decision; the service guide
            assert row["articles"] is None
            continue
        assert int(row["articlesInFile"]) == len(statute.articles)
        selection = statute.header.get("graph_articles")
        expected = (
            len(selection) if selection else statute.header.get("articles_total", len(statute.articles))
        )
        assert int(row["articles"]) == expected, version
    assert by["biosecurity-law-2024"]["articles"] == "88" and by["biosecurity-law-2024"]["chapters"] == "10"
    measures = by["interim-measures-1998"]  # 8 parsed (Art. 3 split off Art. 2's line)
    assert (measures["articlesInFile"], measures["articles"], measures["chapters"]) == ("8", "8", "2")
    assert by["hgr-licensing-service-guide-2015"]["articlesInFile"] == "0"


def test_provisions_show_article_text(project: Project, graph: Graph) -> None:
    found = rows(project, graph, "provisions", instrument="hgrid:rmhgr-2024")
    assert len(found) == 47
    art37 = next(r for r in found if r["number"] == "37")
    assert "国务院卫生健康主管部门" in art37["text"] and "health department" in art37["summary"]


def test_rmhgr_2019_vs_2024_covers_all_47_articles(project: Project, graph: Graph) -> None:
    found = rows(project, graph, "rmhgr-2019-vs-2024")
    assert sorted(int(r["number"]) for r in found) == list(range(1, 48))
    changed = sorted(int(r["number"]) for r in found if r["change"] == "changed")
    assert changed == [4, 5, 9, 11, 14, 15, 17, 22, *range(26, 44), 45]
    assert all(r["text2019"] and r["text2024"] for r in found)


def article_key(number: str) -> tuple[int, int]:
    """An article's number as the text counts it: 2 before 10, 334 before 334-1 before 335."""
    base, _, sub = number.partition("-")
    return int(base), int(sub or 0)


def _number_of(iri: str) -> str:
    return iri.rsplit("-art", 1)[1]


@pytest.mark.parametrize("engine", ["memory", "oxigraph"])
def test_article_numbers_sort_as_numbers(project: Project, graph: Graph, engine: str) -> None:
    """Every canned query that lists articles gives them in the order of the text (issue 22, 6)."""
    store = graph if engine == "memory" else _oxigraph(graph)
    found = [r["number"] for r in rows(project, store, "rmhgr-2019-vs-2024")]
    assert found == [str(n) for n in range(1, 48)]
    found = [r["number"] for r in rows(project, store, "provisions", instrument="hgrid:rmhgr-2024")]
    assert found == [str(n) for n in range(1, 48)]
    changed = [r["number"] for r in rows(project, store, "articles-changed", instrument="hgrid:rmhgr",
                                         **{"from": "2019-07-01", "to": "2024-05-01"})]  # fmt: skip
    assert changed == ["4", "5", "9", "11", "14", "15", "17", "22", *map(str, range(26, 44)), "45"]
    citing = [r["article"].rsplit("-art", 1) for r in rows(project, store, "cites")]
    for version in {v for v, _ in citing}:
        numbers = [n for v, n in citing if v == version]
        assert numbers == sorted(numbers, key=article_key), version
    assert [n for v, n in citing if v == "rmhgr-2019"][:3] == ["3", "9", "12"]
    penalties = rows(project, store, "penalties", date="2020-01-01")
    for instrument in {r["instrument"] for r in penalties}:
        numbers = [_number_of(r["article"]) for r in penalties if r["instrument"] == instrument]
        assert numbers == sorted(numbers, key=article_key), instrument
    cases = rows(project, store, "case-provisions")
    for case in {r["case"] for r in cases}:
        numbers = [r["number"] for r in cases if r["case"] == case and r["number"]]
        assert numbers == sorted(numbers, key=article_key), case


def test_the_cites_of_one_version(project: Project, graph: Graph) -> None:
    """`cites -p version=...` alone restricts to that version's articles (it returned every one)."""
    found = rows(project, graph, "cites", version="hgrid:rmhgr-2024")
    assert found and {r["article"].rsplit("-art", 1)[0] for r in found} == {"rmhgr-2024"}
    assert [(r["article"], r["quoted"]) for r in found if r["article"] == "rmhgr-2024-art25"] == [
        ("rmhgr-2024-art25", "本条例第二十四条")
    ]
    with_number = rows(project, graph, "cites", version="hgrid:rmhgr-2024", number="25")
    assert [r["quoted"] for r in with_number] == ["本条例第二十四条"]
