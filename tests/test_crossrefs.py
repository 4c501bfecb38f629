"""Cross-references read from data/texts/: what the texts really say, resolved to the graph's IRIs."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from hgr_kg.cli import main
from hgr_kg.graph.crossrefs import expand_chain, references, title_index
from hgr_kg.namespaces import ELI, HGRID
from hgr_kg.paths import Project
from hgr_kg.sources.statutes import parse_statute, read_statute

TEXTS = Project.locate().data / "texts"


def refs_of(name: str) -> list[tuple[str, str, str, list[str]]]:
    statute = read_statute(TEXTS / f"{name}.md")
    found = references(statute, title_index(str(TEXTS)))
    return [(r.article.number, r.quote, r.kind, [str(t).rsplit("/", 1)[1] for t in r.targets]) for r in found]


def test_ranges_lists_and_paragraph_items() -> None:
    assert [str(t).rsplit("/", 1)[1] for t in expand_chain("v", "第三十六条至第三十九条、第四十二条")] == [
        "v-art36", "v-art37", "v-art38", "v-art39", "v-art42",
    ]  # fmt: skip
    assert [str(t).rsplit("/", 1)[1] for t in expand_chain("v", "第二十二条第二款")] == ["v-art22-para2"]
    assert [str(t).rsplit("/", 1)[1] for t in expand_chain("v", "第五十六条第一款第三项")] == [
        "v-art56-para1-item3"
    ]


def test_every_reference_of_the_rmhgr_2019() -> None:
    assert refs_of("rmhgr-2019") == [
        ("3", "依照相关法律、行政法规规定", "generic", []),
        ("9", "按照国家有关规定", "generic", []),
        ("12", "前款", "relative", ["rmhgr-2019-art12-para1"]),
        ("16", "依照国家有关规定", "generic", []),
        ("18", "依照法律、行政法规和国家有关规定", "generic", []),
        ("20", "遵守有关生物技术研究、临床应用管理法律、行政法规和国家有关规定", "generic", []),
        ("21", "遵守我国法律、行政法规和国家有关规定", "generic", []),
        ("25", "本条例第二十四条", "internal", ["rmhgr-2019-art24"]),
        ("38", "依照法律、行政法规的规定", "generic", []),
        ("43", "本条例第三十六条、第三十九条、第四十一条、第四十二条", "internal",
         ["rmhgr-2019-art36", "rmhgr-2019-art39", "rmhgr-2019-art41", "rmhgr-2019-art42"]),
        ("43", "本条例第三十六条至第三十九条、第四十一条、第四十二条", "internal",
         ["rmhgr-2019-art36", "rmhgr-2019-art37", "rmhgr-2019-art38", "rmhgr-2019-art39",
          "rmhgr-2019-art41", "rmhgr-2019-art42"]),
        ("43", "依照有关法律、行政法规的规定", "generic", []),
        ("46", "《中华人民共和国保守国家秘密法》", "external", []),
        ("46", "国家其他有关保密规定", "generic", []),
    ]  # fmt: skip


GENERIC_MISSED = [  # issue 22, 6: the same kind as 依照法律、行政法规, with another verb or after a title
    ("9", "按照国家有关规定"),
    ("20", "遵守有关生物技术研究、临床应用管理法律、行政法规和国家有关规定"),
    ("21", "遵守我国法律、行政法规和国家有关规定"),
    ("46", "国家其他有关保密规定"),  # 依照《中华人民共和国保守国家秘密法》和国家其他有关保密规定
]


@pytest.mark.parametrize("version", ["rmhgr-2019", "rmhgr-2024"])
def test_generic_references_with_any_verb_are_held(version: str) -> None:
    """依照, 按照 or 遵守 laws, regulations or state provisions: each a generic reference, with its text."""
    generic = [(n, q) for n, q, kind, targets in refs_of(version) if kind == "generic" and not targets]
    for number, quote in GENERIC_MISSED:
        assert (number, quote) in generic
    text = (TEXTS / f"{version}.md").read_text(encoding="utf-8")
    assert all(quote in text for _, quote in generic)


def test_a_breach_of_state_provisions_is_a_generic_reference() -> None:
    for name in ("criminal-law-after-amendment-11", "criminal-law-after-amendment-12"):
        assert ("334-1", "违反国家有关规定", "generic", []) in refs_of(name)


def test_the_eight_generic_references_are_in_the_graph(project: Project, capsys) -> None:
    found = []
    for version in ("rmhgr-2019", "rmhgr-2024"):
        rows = run(project, capsys, "cites", f"version=hgrid:{version}")
        found += [(r["article"], r["quoted"], r["status"]) for r in rows if r["kind"] == "generic"]
    for version in ("rmhgr-2019", "rmhgr-2024"):
        for number, quote in GENERIC_MISSED:
            assert (f"{version}-art{number}", quote, "generic") in found
    assert len([f for f in found if (f[0].rsplit("-art", 1)[1], f[1]) in GENERIC_MISSED]) == 8


def test_titles_and_an_alias_resolve_to_works() -> None:
    rules = refs_of("implementation-rules-2023")
    assert ("1", "《中华人民共和国生物安全法》", "external", ["biosecurity-law"]) in rules
    assert ("1", "《条例》", "external", ["rmhgr"]) in rules  # (以下称《条例》)
    assert ("2", "《条例》第二条", "external", ["rmhgr-art2"]) in rules
    assert ("2", "前款", "relative", ["implementation-rules-2023-art2-para2"]) in rules
    assert ("56", "前款", "relative", ["biosecurity-law-2024-art56-para1"]) in refs_of("biosecurity-law-2024")


def test_a_reference_to_an_article_not_read_resolves_to_that_article() -> None:
    """Arts. 47-48 of the Implementation Rules cite Arts. 39-46, whose text was not read. The articles
    exist (the header's articles_total: 78; the graph holds them marked not read), so the reference
    resolves to them; only a paragraph or item of an article not read cannot be checked."""
    rules = [r for r in refs_of("implementation-rules-2023") if r[0] in ("47", "48")]
    assert rules == [
        ("47", "本实施细则第四十六条", "internal", ["implementation-rules-2023-art46"]),
        ("48", "本实施细则第四十四条至第四十六条", "internal",
         [f"implementation-rules-2023-art{n}" for n in (44, 45, 46)]),
        ("48", "本实施细则第三十九条至第四十三条", "internal",
         [f"implementation-rules-2023-art{n}" for n in range(39, 44)]),
    ]  # fmt: skip
    body = "第一条 依照本细则第三条第二款。依照本细则第二条。依照本细则第四条。\n"
    text = "---\nversion: v\narticles_total: 3\n---\n" + body
    refs = references(parse_statute(text.encode(), "t.md"), {})
    assert [(r.quote, [str(t).rsplit("/", 1)[1] for t in r.targets]) for r in refs] == [
        ("本细则第三条第二款", []),  # the paragraphs of an article not read are not known
        ("本细则第二条", ["v-art2"]),
        ("本细则第四条", []),  # beyond articles_total: unresolved
    ]


def test_a_reference_to_a_missing_article_is_unresolved() -> None:
    text = (
        "---\nversion: x\ninstrument: x\ntitle: 测试条例\n---\n第一条 依照本条例第九条、本条第二款的规定。\n"
    )
    statute = parse_statute(text.encode(), "x.md")
    found = references(statute, {})
    assert [(r.quote, r.kind, r.targets) for r in found] == [
        ("本条例第九条", "internal", []),
        ("本条第二款", "relative", []),
    ]


def test_eli_cites_in_the_graph(graph: Graph) -> None:
    cited = set(graph.objects(HGRID["rmhgr-2019-art43"], ELI.cites))
    assert cited == {HGRID[f"rmhgr-2019-art{n}"] for n in (36, 37, 38, 39, 41, 42)}
    assert set(graph.objects(HGRID["implementation-rules-2023-art1"], ELI.cites)) == {
        HGRID["biosecurity-law"], HGRID["rmhgr"],
    }  # fmt: skip


def run(project: Project, capsys, name: str, *params: str) -> list[dict]:
    args = ["--root", str(project.root), "query", "run", name, "-f", "json"]
    for param in params:
        args += ["--param", param]
    assert main(args) == 0
    payload = json.loads(capsys.readouterr().out)
    rows = payload["results"]["bindings"]
    return [
        {k: v["value"].rsplit("/", 1)[-1] if v["type"] == "uri" else v["value"] for k, v in b.items()}
        for b in rows
    ]


def test_which_articles_of_the_rmhgr_2019_cite_art36(project: Project, capsys) -> None:
    rows = run(project, capsys, "cited-by", "article=hgrid:rmhgr-2019-art36")
    where = "data/texts/rmhgr-2019.md, line"
    assert [(r["citing"], r["quoted"], r["source"]) for r in rows] == [
        ("rmhgr-2019-art43", "本条例第三十六条、第三十九条、第四十一条、第四十二条", f"{where} 252"),
        ("rmhgr-2019-art43", "本条例第三十六条至第三十九条、第四十一条、第四十二条", f"{where} 254"),
    ]
    by_number = run(project, capsys, "cited-by", "version=hgrid:rmhgr-2019", "number=36")
    assert by_number == rows


def test_cited_by_a_work_level_article(project: Project, capsys) -> None:
    rows = run(project, capsys, "cited-by", "article=hgrid:rmhgr-art36")
    assert sorted({r["citing"] for r in rows}) == ["rmhgr-2019-art43", "rmhgr-2024-art43"]
    rows = run(project, capsys, "cited-by", "article=hgrid:rmhgr-art2")
    assert [(r["citing"], r["quoted"]) for r in rows] == [
        ("implementation-rules-2023-art2", "《条例》第二条")
    ]


@pytest.mark.parametrize("article", ["hgrid:rmhgr-2019-art46", "hgrid:biosecurity-law-2024-art86"])
def test_cites_keeps_an_unresolved_reference(project: Project, capsys, article: str) -> None:
    rows = run(project, capsys, "cites", f"article={article}")
    assert [(r["quoted"], r["kind"], r["status"]) for r in rows] == [
        ("《中华人民共和国保守国家秘密法》", "external", "unresolved"),
        ("国家其他有关保密规定", "generic", "generic"),
    ]


def test_unresolved_references_are_warnings_quoting_the_text(graph: Graph, shapes: Graph) -> None:
    from hgr_kg.validate.shacl import validate

    report = validate(graph, shapes)
    found = sorted(r.focus_label for r in report.results if r.shape == "hgrsh:UnresolvedReferenceShape")
    assert found == [
        "《中华人民共和国保守国家秘密法》, cited in biosecurity-law-2020 Art. 86",
        "《中华人民共和国保守国家秘密法》, cited in biosecurity-law-2024 Art. 86",
        "《中华人民共和国保守国家秘密法》, cited in rmhgr-2019 Art. 46",
        "《中华人民共和国保守国家秘密法》, cited in rmhgr-2024 Art. 46",
        # the Cybersecurity Law, cited by two articles of issue 24's texts the test copy keeps
        "《中华人民共和国网络安全法》, cited in data-security-law-2021 Art. 31",
        "《中华人民共和国网络安全法》, cited in network-data-regulation-2024 Art. 1",
        "《科学技术保密规定》, cited in interim-measures-1998 Art. 5",  # no instrument of the graph
    ]
    assert {r.severity for r in report.results if r.shape == "hgrsh:UnresolvedReferenceShape"} == {"Warning"}
