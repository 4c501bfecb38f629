"""Coverage is data, and every answer says it (issue 22 item 2): a version held in fragments only
(the Implementation Rules 2023: 15 of 78 articles; the Interim Measures 1998: Arts. 1-8; the 2015
service guide) carries hgr:textCoverage from its file's header, and text, diff, search, the canned
queries and the reader's pages say what was not read, and so not shown, compared or searched."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph

from hgr_kg.cli import main
from hgr_kg.paths import Project
from hgr_kg.sources.statutes import read_statute
from tests.test_law_queries import rows

TEXTS = Path(__file__).resolve().parent.parent / "data" / "texts"
RULES = (
    "implementation-rules-2023: fragments only: 63 of 78 articles not read (4-17, 27-46, 50-78 (the text "
    "has 78 articles in 7 chapters, per the graph's sources; not read here)); read: 15 articles (1-3, "
    "18-26, 47-49). What was not read is not shown, compared or searched."
)
MEASURES = "interim-measures-1998: fragments only: not read: 9 to the end (how many articles the text has"


def run(project: Project, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(project.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_interim_measures_are_read_on_a_date_with_what_is_not_known_said(
    project: Project, capsys
) -> None:
    first = read_statute(TEXTS / "interim-measures-1998.md").article("1")
    code, out, _ = run(
        project, capsys, "text", "interim-measures-1998", "--on", "1999-01-01", "--article", "1"
    )
    assert code == 0
    assert f"第一条 {first.text}" in out and first.text.startswith("为了有效保护和合理利用我国的人类遗传资源")
    assert (
        "Entry into force not recorded: interim-measures-1998 (issued 1998-06-10) is the only version "
        "held; whether it was in force on 1999-01-01 is not established."
    ) in out
    assert MEASURES in out
    code, _, err = run(project, capsys, "text", "interim-measures-1998", "--on", "1998-01-01")
    assert code == 2 and "no version with a text in force on 1998-01-01" in err  # before it was issued
    code, _, err = run(
        project, capsys, "text", "interim-measures-1998", "--on", "1999-01-01", "--article", "12"
    )
    assert code == 2 and err.startswith(
        "hgr-kg: error: interim-measures-1998: article 12 is not in the text held."
    )
    assert MEASURES in err and err.count("\n") == 1


def test_text_and_diff_of_the_implementation_rules_name_what_was_not_read(project: Project, capsys) -> None:
    code, out, _ = run(project, capsys, "text", "implementation-rules-2023", "--on", "2024-01-01")
    assert code == 0 and RULES in out
    code, out, _ = run(project, capsys, "text", "rmhgr", "--on", "2024-06-01", "--article", "37")
    assert code == 0 and "fragments only" not in out  # a whole text says nothing of the kind
    code, out, _ = run(project, capsys, "diff", "implementation-rules-2023", "--from", "2023-08-01",
                       "--to", "2025-01-01", "-f", "json")  # fmt: skip
    assert code == 0
    result = json.loads(out)
    assert result["coverage"] == [RULES] and len(result["not_read"]) == 63
    code, out, _ = run(project, capsys, "diff", "implementation-rules-2023", "--from", "2023-08-01",
                       "--to", "2025-01-01")  # fmt: skip
    assert out.rstrip().endswith(RULES)


def test_search_says_what_it_could_not_search(project: Project, capsys) -> None:
    code, out, _ = run(project, capsys, "search", "知情同意", "-f", "json")
    assert code == 0
    unsearched = json.loads(out)["not_searched"]
    # the codes and the related instruments (issue 24) are held in part by the test copy (tests/conftest.py)
    assert [line.split(":", 1)[0] for line in unsearched] == [
        "biomedical-technology-regulation-2025",
        "civil-code-2020",
        "criminal-law-after-amendment-11",
        "criminal-law-after-amendment-12",
        "data-security-law-2021",
        "drug-administration-law-2019",
        "dual-use-export-regulation-2024",
        "export-control-law-2020",
        "hgr-licensing-service-guide-2015",
        "implementation-rules-2023",
        "interim-measures-1998",
        "network-data-regulation-2024",
        "pipl-2021",
    ]
    assert RULES in unsearched
    code, out, _ = run(project, capsys, "search", "知情同意")
    assert f"Not searched: {RULES}" in out
    code, out, _ = run(project, capsys, "search", "知情同意", "--instrument", "rmhgr", "-f", "json")
    assert json.loads(out)["not_searched"] == []  # a whole text: nothing left out


def test_documents_without_articles_are_readable_and_searchable(project: Project, capsys) -> None:
    guide = read_statute(TEXTS / "hgr-licensing-service-guide-2015.md")
    sections = guide.loose_paragraphs()
    assert sections[2][1:] == (35, "一、适用范围")
    code, out, _ = run(project, capsys, "text", "hgr-licensing-service-guide-2015", "--on", "2016-01-01")
    assert code == 0 and "一、适用范围\n" in out and sections[3][2] in out and "<!--" not in out
    guide_id = "hgr-licensing-service-guide-2015"
    code, out, _ = run(project, capsys, "search", "适用范围", "--instrument", guide_id, "-f", "json")
    hits = json.loads(out)["hits"]
    assert (hits[0]["number"], hits[0]["source"]) == (
        "¶3",
        "data/texts/hgr-licensing-service-guide-2015.md, line 35",
    )
    decision = read_statute(TEXTS / "state-council-decision-2024.md")
    opening = next(p.intro for p in decision.paragraphs if p.intro.startswith("为贯彻落实党的二十大"))
    code, out, _ = run(project, capsys, "text", "state-council-decision-2024", "--on", "2024-06-01")
    assert code == 0 and opening in out and "<!--" not in out


def test_article_counts_say_whole_or_fragments(project: Project, graph: Graph) -> None:
    by = {r["version"]: r for r in rows(project, graph, "article-counts")}
    measures = by["interim-measures-1998"]
    assert (measures["coverage"], measures["articlesInFile"], measures["statedArticles"]) == (
        "fragments only",
        "8",
        None,
    )
    assert measures["partsNotRead"].startswith("9 to the end")
    rules = by["implementation-rules-2023"]
    assert (rules["coverage"], rules["articlesInFile"], rules["statedArticles"]) == (
        "fragments only",
        "15",
        "78",
    )
    assert by["rmhgr-2019"]["coverage"] == "whole text held" and by["rmhgr-2019"]["partsNotRead"] is None
    assert {r["version"] for r in by.values() if r["coverage"] == "fragments only"} == {
        "interim-measures-1998",
        "implementation-rules-2023",
        "hgr-licensing-service-guide-2015",
    }


def test_in_force_on_keeps_apart_what_it_cannot_establish(project: Project, graph: Graph) -> None:
    found = rows(project, graph, "in-force-on", date="2010-01-01")
    assert [(r["instrument"], r["inForceOnDate"]) for r in found] == [
        ("criminal-law", "yes"),
        ("interim-measures-1998", "not established"),
    ]
    found = rows(project, graph, "in-force-on", date="2024-06-01")
    established = [r["instrument"] for r in found if r["inForceOnDate"] == "yes"]
    assert "rmhgr" in established and "interim-measures-1998" not in established
    marks = [r["inForceOnDate"] for r in found]  # those not established listed apart, after those in force
    assert marks == sorted(marks, reverse=True) and marks[-1] == "not established"
    assert {"interim-measures-1998", "us-eo-14117"} <= {
        r["instrument"] for r in found if r["inForceOnDate"] != "yes"
    }


def test_a_code_held_in_part_says_so_where_its_answer_would_be_empty(project: Project, capsys) -> None:
    """The Criminal Law's two texts are whole in their files, but their headers put only Arts. 280, 334
    and 334-1 into the graph: the diff over Amendment XII (which changed Arts. 165, 166, 169, 387,
    390, 391, 393) finds no change among those, and says which articles it did not compare."""
    span = ("--from", "2022-01-01", "--to", "2025-01-01")
    code, out, _ = run(project, capsys, "diff", "criminal-law", *span)
    assert code == 0 and "changed: none" in out
    for version in ("criminal-law-after-amendment-11", "criminal-law-after-amendment-12"):
        assert (f"{version}: selected articles only: Arts. 280, 334, 334-1 (header graph_articles) of the "
                "505 articles of the text file are in the graph; not in the graph: the other 502 articles "
                "of the file") in out  # fmt: skip
    code, _, err = run(project, capsys, "text", "criminal-law", "--on", "2025-01-01", "--article", "151")
    assert code == 2 and "selected articles only" in err and err.count("\n") == 1
