"""Dates read from the texts (issue 22 item 6): a header date stated in an article is cited to that
article's line (the quoted words checked against it); a revision dated in a later text's header is a
version of its own, so that its entry into force is not put on the law as first adopted."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, XSD

from hgr_kg.draw.timeline import timeline_rows
from hgr_kg.errors import HgrKgError
from hgr_kg.graph.statute_graph import text_triples
from hgr_kg.namespaces import ELI, HGR, HGRID
from hgr_kg.paths import Project

TEXTS = Path(__file__).resolve().parent.parent / "data" / "texts"


def _day(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


def _locators(graph: Graph, node, prop) -> set[str]:  # noqa: ANN001
    return {str(graph.value(c, HGR.locator)) for c in graph.objects(node, DCTERMS.source)
            if (c, HGR.supports, prop) in graph}  # fmt: skip


def _line(name: str, locator: str) -> str:
    number = int(locator.rsplit("line ", 1)[1])
    return (TEXTS / name).read_text(encoding="utf-8").splitlines()[number - 1]


def test_the_civil_codes_entry_into_force_is_cited_to_art_1260s_line(graph: Graph) -> None:
    version = HGRID["civil-code-2020"]
    assert graph.value(version, ELI.first_date_entry_in_force) == _day("2021-01-01")
    (locator,) = _locators(graph, version, ELI.first_date_entry_in_force)
    assert locator == "data/texts/civil-code-2020.md, line 4559"
    assert _line("civil-code-2020.md", locator).startswith("第一千二百六十条 本法自2021年1月1日起施行。")


def test_the_1997_revision_of_the_criminal_law_is_a_version_of_its_own(graph: Graph) -> None:
    work, revision = HGRID["criminal-law"], HGRID["criminal-law-revision-1997"]
    assert graph.value(work, ELI.first_date_entry_in_force) is None  # the 1979 law's is not recorded
    assert graph.value(work, ELI.date_document) == _day("1979-07-01")
    assert (revision, ELI.is_member_of, work) in graph
    assert graph.value(revision, ELI.date_document) == _day("1997-03-14")
    assert graph.value(revision, ELI.first_date_entry_in_force) == _day("1997-10-01")
    assert graph.value(revision, ELI.date_no_longer_in_force) == _day("2021-03-01")  # the next version held
    assert graph.value(revision, HGR.textFile) is None
    for locator in _locators(graph, revision, ELI.first_date_entry_in_force):  # both consolidated texts
        assert _line(locator.split(", ")[0].removeprefix("data/texts/"), locator).startswith(
            "第四百五十二条 本法自1997年10月1日起施行。")  # fmt: skip


def test_the_timeline_row_of_the_criminal_law_keeps_1979_and_1997_apart(
    project: Project, graph: Graph
) -> None:
    (row,) = [
        r
        for r in timeline_rows(graph, project.queries, "en", 1978, 2024)
        if r.iri == str(HGRID["criminal-law"])
    ]
    assert row.issued.day == "1979-07-01" and row.in_force is None
    assert [(p.start.day, p.end.day if p.end else None) for p in row.periods] == [
        ("1997-10-01", "2021-03-01"),
        ("2021-03-01", "2024-03-01"),
        ("2024-03-01", None),
    ]


def test_a_date_stated_in_an_article_that_does_not_say_it_is_refused(tmp_path: Path) -> None:
    text = (TEXTS / "rmhgr-2019.md").read_text(encoding="utf-8")
    assert "stated_in: 'Art. 47: 本条例自2019年7月1日起施行" in text
    (tmp_path / "texts").mkdir()
    path = tmp_path / "texts" / "rmhgr-2019.md"
    wrong = text.replace("Art. 47: 本条例自2019年7月1日起施行", "Art. 46: 本条例自2019年7月1日起施行", 1)
    path.write_text(wrong, encoding="utf-8")
    with pytest.raises(
        HgrKgError, match=r"rmhgr-2019\.md: dates: .*Art\. 46 \(line \d+\) does not say 本条例自2019"
    ):
        text_triples(path)
