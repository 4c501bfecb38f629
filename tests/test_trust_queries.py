"""Issue 12 item 6: query details from the trial."""

from __future__ import annotations

from rdflib import Graph

from hgr_kg.cli import main
from hgr_kg.paths import Project
from tests.support.rows import rows


def test_hospitals_by_city_names_the_hospitals(project: Project, graph: Graph) -> None:
    beijing = rows(project, graph, "hospitals-by-city")[0]
    assert beijing == {
        "city": "Beijing",
        "organisations": "3",
        "names": "Beijing Cancer Hospital; Cancer Hospital, Chinese Academy of Medical Sciences; "
        "Peking Union Medical College Hospital (CAMS)",
        "totalShare": "16.28",
        "status": "secondary only",
        "caveat": "rests only on the study",
    }


def test_permit_change_gives_the_absolute_change(project: Project, graph: Graph) -> None:
    change = rows(project, graph, "permit-change", **{"from": "2023", "to": "2024"})
    found = {r["category"]: r for r in change}
    assert (found["total-permits"]["change"], found["total-permits"]["changePct"]) == ("-3114", "-58.4")
    assert found["export"]["change"] == "0"


def test_instruments_one_row_each(project: Project, graph: Graph) -> None:
    found = rows(project, graph, "instruments")
    names = [r["instrument"] for r in found]
    assert len(names) == len(set(names)) == 21  # 20, and the Criminal Law's 1997 revision (text not held)
    biosecure = [r for r in found if r["instrument"].endswith("/us-biosecure-hr8333")]
    assert [r["type"] for r in biosecure] == ["draft; foreign instrument"]


def test_sanctions_in_a_date_range(project: Project, graph: Graph) -> None:
    found = rows(project, graph, "sanctions", **{"from": "2018-07-01", "to": "2018-12-31"})
    assert [r["sanction"].rsplit("/", 1)[1] for r in found] == [
        "sanction-2018-amoy-xiamen",
        "sanction-2018-astrazeneca-china",
        "sanction-2018-kunhao-ruicheng",
    ]
    assert len(rows(project, graph, "sanctions", to="2016-12-31")) == 3
    # the 2015 Huashan sanction is dated by its year only: it counts from 2015-01-01
    assert len(rows(project, graph, "sanctions", **{"from": "2015-01-01"})) == 8
    assert len(rows(project, graph, "sanctions", **{"from": "2015-01-02"})) == 7


def test_sanctions_range_refuses_a_bad_date(project: Project, capsys) -> None:
    assert main(["--root", str(project.root), "query", "run", "sanctions", "--param", "from=2018-13-01"]) == 2
    assert capsys.readouterr().err == (
        "hgr-kg: error: parameter 'from': '2018-13-01' is not a date of the form YYYY-MM-DD (xsd:date)\n"
    )


def test_amendment_chain_dates_versions_by_adoption(project: Project, graph: Graph) -> None:
    found = rows(project, graph, "amendment-chain")
    assert all(r["date"] for r in found)
    by_from = {r["from"].rsplit("/", 1)[1]: r["date"] for r in found if r["relation"] == "is_member_of"}
    assert by_from["rmhgr-2019"] == "2019-03-20"  # adopted (the version date was promulgation, 05-28)
    assert by_from["biosecurity-law-2020"] == "2020-10-17"
    assert by_from["civil-code-2020"] == "2020-05-28"


def test_records_by_year_says_when_no_records_are_imported(project: Project, graph: Graph) -> None:
    assert rows(project, graph, "records-by-year") == [
        {"year": "", "category": "", "status": "", "count": "",
         "note": "no records imported (hgr-kg import permits FILE.csv)"}
    ]  # fmt: skip
