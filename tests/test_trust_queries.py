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
    # 20, the Criminal Law's 1997 revision (text not held), and issue 24's seven texts around the HGR rules
    # with the Drug Administration Law's 2001 revision (text not held)
    assert len(names) == len(set(names)) == 29
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
    # undated: the three regulations whose texts state no date; the graph holds only the mirror's date of
    # publication for them (eli:date_publication), not a date of the document
    undated = sorted(r["from"].rsplit("/", 1)[1] for r in found if not r["date"])
    assert undated == ["biomedical-technology-regulation-2025", "dual-use-export-regulation-2024",
                       "network-data-regulation-2024"]  # fmt: skip
    by_from = {r["from"].rsplit("/", 1)[1]: r["date"] for r in found if r["relation"] == "is_member_of"}
    assert by_from["rmhgr-2019"] == "2019-03-20"  # adopted (the version date was promulgation, 05-28)
    assert by_from["biosecurity-law-2020"] == "2020-10-17"
    assert by_from["civil-code-2020"] == "2020-05-28"


def test_records_by_year_says_when_no_records_are_imported(project: Project, graph: Graph) -> None:
    assert rows(project, graph, "records-by-year") == [
        {"year": "", "category": "", "status": "", "count": "",
         "note": "no records imported (hgr-kg import permits FILE.csv)"}
    ]  # fmt: skip


def test_sanction_conduct_today_reads_each_decision_against_the_law_on_a_date(project: Project, graph: Graph):
    """Issue 23: from a sanction to the provisions for the same conduct on a date. The readings are the
    curators' (data/sanction-readings.ttl); a decision without one says so; before the 2019 text came
    into force (2019-07-01) no version of the provision read was in force, and the row says that."""
    h = "https://w3id.org/hgr-kg/id/"
    on_2025 = rows(project, graph, "sanction-conduct-today", date="2025-01-01")
    assert len(on_2025) == 9  # 6 readings of 5 decisions, and 3 decisions without one
    wuxi = [r for r in on_2025 if r["sanction"] == h + "sanction-2016-wuxi-suzhou"]
    assert [(r["articleOnDate"], r["conductOnDate"], r["inForceFrom"]) for r in wuxi] == [
        (h + "rmhgr-2024-art38", h + "rmhgr-2024-art38-para1-conduct", "2024-05-01")
    ]
    assert wuxi[0]["conductText"].startswith(
        "违反本条例规定，未经批准将我国人类遗传资源材料运送、邮寄、携带出境"
    )
    unread = sorted(r["sanction"][len(h) :] for r in on_2025 if r["reading"] == "")
    assert unread == [
        "sanction-2018-amoy-xiamen",
        "sanction-2018-astrazeneca-china",
        "sanction-2018-kunhao-ruicheng",
    ]
    assert {r["note"] for r in on_2025 if r["reading"] == ""} == {
        "no reading of this decision's conduct is held (data/sanction-readings.ttl)"
    }
    on_2020 = rows(
        project, graph, "sanction-conduct-today", date="2020-01-01", sanction="hgrid:sanction-2020-bms-china"
    )
    assert [(r["articleOnDate"], r["conductOnDate"]) for r in on_2020] == [
        (h + "rmhgr-2019-art37", h + "rmhgr-2019-art37-para1-conduct")
    ]
    on_2019 = rows(
        project, graph, "sanction-conduct-today", date="2019-06-30", sanction="hgrid:sanction-2015-huashan"
    )
    assert [(r["articleOnDate"], r["note"]) for r in on_2019] == [
        ("", "the provision read is not in force on the date")
    ]
