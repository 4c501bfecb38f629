"""The curated graph holds what the study and the statutes say: real values, asserted one by one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, QB, RDF, SKOS, XSD

from hgr_kg.namespaces import ELI, HGR, HGRID

# Table 1 of the study, as printed (count, printed percentage or None).
TABLE1 = {
    2021: {"total-permits": (5690, None), "collection": (1966, "34.55"), "preservation": (63, "1.11"),
           "export": (0, "0"), "international-collaboration": (3661, "64.34"),
           "revocation": (317, "5.57"), "total-processed": (6070, None)},
    2022: {"total-permits": (6900, None), "collection": (2090, "30.29"), "preservation": (80, "1.16"),
           "export": (1, "0.01"), "international-collaboration": (4729, "68.54"),
           "revocation": (309, "4.47"), "total-processed": (7290, None)},
    2023: {"total-permits": (5328, None), "collection": (1427, "26.78"), "preservation": (92, "17.27"),
           "export": (10, "0.19"), "international-collaboration": (3853, "72.32"),
           "revocation": (203, "3.81"), "total-processed": (5531, None)},
    2024: {"total-permits": (2214, None), "collection": (251, "11.34"), "preservation": (82, "3.70"),
           "export": (10, "0.45"), "international-collaboration": (1871, "84.51"),
           "revocation": (236, "10.65"), "total-processed": (2450, None)},
}  # fmt: skip

TABLE2_SPONSORS = [
    ("BeiGene Group", "CN", "4.80"), ("AstraZeneca Group", "GB", "4.03"), ("Roche Group", "CH", "3.82"),
    ("Merck and Co., Inc. (MSD)", "US", "2.89"), ("Novartis Group", "CH", "2.40"),
    ("Johnson and Johnson Group", "US", "2.27"), ("CSPC Pharmaceutical Group", "CN", "1.93"),
    ("Chia Tai Tianqing Group", "CN", "1.66"), ("Innovent Biologics Group", "CN", "1.61"),
    ("Bristol Myers Squibb Group", "US", "1.51"), ("Pfizer Group", "US", "1.44"),
    ("Boehringer Ingelheim Group", "DE", "1.15"), ("Takeda Group", "JP", "1.02"),
]  # fmt: skip
TABLE2_HOSPITALS = [
    ("Beijing Cancer Hospital", "Beijing", "7.70"),
    ("Sun Yat-sen University Cancer Center", "Guangzhou", "5.01"),
    ("Fudan University Affiliated Tumor Hospital", "Shanghai", "4.95"),
    ("Cancer Hospital, Chinese Academy of Medical Sciences", "Beijing", "4.67"),
    ("Peking Union Medical College Hospital (CAMS)", "Beijing", "3.91"),
    ("Institute of Hematology, Chinese Academy of Medical Sciences", "Tianjin", "3.73"),
]


def _cell(graph: Graph, year: int, category: str):
    found = [
        obs
        for obs in graph.subjects(HGR.refYear, Literal(year))
        if graph.value(obs, QB.dataSet) == HGRID["ds-table1"]
        and graph.value(obs, HGR.permitCategory) == HGRID[f"permit-{category}"]
    ]
    assert len(found) == 1, (year, category, found)
    return found[0]


@pytest.mark.parametrize("year", sorted(TABLE1))
def test_every_table1_cell_is_an_observation_sourced_to_the_study(graph: Graph, year: int) -> None:
    for category, (count, share) in TABLE1[year].items():
        obs = _cell(graph, year, category)
        assert (obs, RDF.type, QB.Observation) in graph
        assert graph.value(obs, HGR.permitCount) == Literal(count)
        citation = graph.value(obs, DCTERMS.source)
        assert graph.value(citation, DCTERMS.isPartOf) == HGRID.study
        assert str(graph.value(citation, HGR.locator)) == f"Table 1, row {year}"
        reported = graph.value(obs, HGR.reportedShare)
        if share is None:
            assert reported is None
        else:
            assert Decimal(str(reported)) == Decimal(share)
            assert int(graph.value(obs, HGR.decimals)) == len(share.partition(".")[2])
            assert graph.value(obs, HGR.shareOf) == HGRID["permit-total-permits"]


def test_table1_has_no_other_cells(graph: Graph) -> None:
    cells = set(graph.subjects(QB.dataSet, HGRID["ds-table1"]))
    assert len(cells) == 28


def _participants(graph: Graph, role: str) -> dict[str, tuple]:
    rows = {}
    for obs in graph.subjects(HGR.participantRole, HGRID[f"role-{role}"]):
        org = graph.value(obs, HGR.participant)
        name = str(graph.value(org, SKOS.prefLabel))
        rows[name] = (org, obs)
    return rows


def test_every_table2_sponsor_row(graph: Graph) -> None:
    rows = _participants(graph, "sponsor")
    assert len(rows) == 13
    for rank, (name, country, share) in enumerate(TABLE2_SPONSORS, start=1):
        org, obs = rows[name]
        assert graph.value(obs, HGR.participationShare) == Literal(share, datatype=XSD.decimal)
        assert graph.value(obs, HGR.rank) == Literal(rank)
        assert graph.value(obs, HGR.refPeriod) == Literal("2023-2024")
        assert str(graph.value(graph.value(org, HGR.headquarters), SKOS.notation)) == country


def test_every_table2_medical_organisation_row(graph: Graph) -> None:
    from rdflib.namespace import RDFS

    rows = _participants(graph, "medical-organisation")
    assert len(rows) == 6
    for name, city, share in TABLE2_HOSPITALS:
        org, obs = rows[name]
        assert graph.value(obs, HGR.participationShare) == Literal(share, datatype=XSD.decimal)
        city_node = graph.value(org, HGR.city)
        assert Literal(city, lang="en") in set(graph.objects(city_node, RDFS.label))


@pytest.mark.parametrize(
    ("instrument", "adopted", "in_force"),
    [
        ("rmhgr-2019", "2019-03-20", "2019-07-01"),  # Decree No. 717, Art. 47
        ("rmhgr-2024", "2024-03-10", "2024-05-01"),
        ("biosecurity-law", "2020-10-17", "2021-04-15"),  # Art. 88
        ("criminal-law-amendment-11", "2020-12-26", "2021-03-01"),
        ("civil-code", "2020-05-28", "2021-01-01"),  # Art. 1260
        ("implementation-rules-2023", "2023-05-26", "2023-07-01"),
    ],
)
def test_statute_dates(graph: Graph, instrument: str, adopted: str, in_force: str) -> None:
    node = HGRID[instrument]
    assert graph.value(node, ELI.date_document) == Literal(adopted, datatype=XSD.date)
    assert graph.value(node, ELI.first_date_entry_in_force) == Literal(in_force, datatype=XSD.date)


def test_rmhgr_is_one_work_with_two_versions(graph: Graph) -> None:
    versions = set(graph.objects(HGRID.rmhgr, ELI.has_member))
    assert versions == {HGRID["rmhgr-2019"], HGRID["rmhgr-2024"]}
    assert graph.value(HGRID["rmhgr-2019"], ELI.date_no_longer_in_force) == Literal(
        "2024-05-01", datatype=XSD.date
    )


def test_hgr_offence_is_article_334_1_with_the_studys_label_kept(graph: Graph) -> None:
    article = HGRID["criminal-law-art334-1"]
    assert str(graph.value(article, ELI.number)) == "334-1"
    assert graph.value(article, ELI.is_part_of) == HGRID["criminal-law"]
    assert Literal("Art. 334", lang="en") in set(graph.objects(article, SKOS.altLabel))
    assert (HGRID["criminal-law-amendment-11"], ELI.amends, HGRID["criminal-law"]) in graph


def test_cited_provisions_are_present(graph: Graph) -> None:
    for name in ["rmhgr-2019-art21", "rmhgr-2019-art37", "civil-code-art1009", "biosecurity-law-ch6"] + [
        f"implementation-rules-2023-art{n}" for n in (2, 11, 12, 27, 28, 31, 32, 34, 35, 50)
    ]:
        assert (HGRID[name], RDF.type, ELI.LegalResourceSubdivision) in graph, name


def test_table1_definitions_are_concepts_linked_to_provisions(graph: Graph) -> None:
    scheme = HGRID["scheme-definitions"]
    for name in ("collection", "preservation", "export", "international-collaboration",
                 "revocation-passive", "revocation-active"):  # fmt: skip
        concept = HGRID[f"def-{name}"]
        assert (concept, SKOS.inScheme, scheme) in graph, name
        assert graph.value(concept, HGR.definedBy) is not None, name
    assert graph.value(HGRID["def-international-collaboration"], HGR.definedBy) == HGRID["rmhgr-2019-art21"]


def test_astrazeneca_revocation_with_both_permits(graph: Graph) -> None:
    sanctions = [s for s in graph.subjects(HGR.revokesPermit, None)]
    assert sanctions
    numbers = {
        str(graph.value(p, ELI.number)) for s in sanctions for p in graph.objects(s, HGR.revokesPermit)
    }
    assert any("〔2015〕83号" in n for n in numbers) and any("〔2016〕837号" in n for n in numbers)
    assert any((s, HGR.sanctionType, HGRID["sanction-revocation"]) in graph for s in sanctions)


def test_sanction_counts_stated_by_the_study(graph: Graph) -> None:
    counts = {int(graph.value(s, HGR["count"])) for s in graph.subjects(RDF.type, HGR.SanctionSummary)}
    assert counts == {8, 0}
    assert len(set(graph.subjects(RDF.type, HGR.AdministrativeSanction))) == 8


def test_two_criminal_and_five_civil_cases(graph: Graph) -> None:
    totals = {"criminal": 0, "civil": 0}
    for case in graph.subjects(RDF.type, HGR.CourtCase):
        kind = str(graph.value(case, HGR.caseKind)).rsplit("-", 1)[1]
        totals[kind] += int(graph.value(case, HGR.caseCount) or 1)
    assert totals == {"criminal": 2, "civil": 5}


def test_figure1_events_cover_the_figure(graph: Graph) -> None:
    years = set()
    for event in graph.subjects(RDF.type, HGR.TimelineEvent):
        date = graph.value(event, HGR.eventDate) or graph.value(event, HGR.eventYear)
        years.add(int(str(date)[:4]))
    assert {1998, 2002, 2015, 2019, 2020, 2021, 2023, 2024} <= years
