from __future__ import annotations

from pathlib import Path

from rdflib import Literal
from rdflib.namespace import RDF

from hgr_kg.build import build_graph
from hgr_kg.cli import main
from hgr_kg.namespaces import HGR, HGRID
from hgr_kg.paths import Project
from hgr_kg.validate import validate

RECORDS = Path(__file__).parent / "data" / "records"


def _import(project: Project, name: str, *extra: str) -> int:
    return main(["--root", str(project.root), "import", "permits", str(RECORDS / name),
                 "--source", "Test decision list", *extra])  # fmt: skip


def test_import_maps_rows_and_reconciles_organisations(project_copy: Project, capsys) -> None:
    assert _import(project_copy, "good.csv") == 0
    out = capsys.readouterr().out
    assert "imported 4 of 4 rows" in out
    graph = build_graph(project_copy)
    permits = set(graph.subjects(RDF.type, HGR.Permit)) - {HGRID["permit-astrazeneca-2015-83"]}
    records = {p for p in permits if graph.value(p, HGR.recordOf) is not None}
    assert len(records) == 4
    holders = {graph.value(p, HGR.holder) for p in records}
    # "Beijing Cancer Hospital" and "beijing cancer hospital" are the Table 2 organisation
    assert HGRID["org-beijing-cancer-hospital"] in holders and HGRID["org-pumch"] in holders
    partners = {o for p in records for o in graph.objects(p, HGR.partner)}
    assert {
        HGRID["org-astrazeneca"],
        HGRID["org-roche"],
        HGRID["org-novartis"],
        HGRID["org-pfizer"],
    } <= partners
    after_may = [p for p in records if str(graph.value(p, HGR.refYear)) == "2024"
                 and graph.value(p, HGR.appliesProvision) == HGRID["rmhgr-2024"]]  # fmt: skip
    assert len(after_may) == 2  # decisions from 1 May 2024 apply the 2024 version
    assert all(graph.value(p, HGR.refYear) == Literal(2024) for p in records)


def test_records_are_checked_against_the_official_aggregates(project_copy: Project, shapes) -> None:
    assert _import(project_copy, "good.csv", "--tolerance", "0.05") == 0
    report = validate(build_graph(project_copy), shapes)
    assert report.violations == 0
    messages = [r.message for r in report.results if r.shape == "hgrsh:RecordsMatchAggregatesShape"]
    # 3 approved export decisions in 2024 against Table 1's 10 (a revoked one does not count)
    assert (
        "Records give 3 export permits in 2024; the official aggregate (Table 1) is 10 (tolerance 0.05)."
        in messages
    )
    assert any("Records give 0 collection permits in 2024" in m for m in messages)


def test_a_file_with_bad_rows_imports_nothing(project_copy: Project, capsys) -> None:
    assert _import(project_copy, "bad.csv") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "bad.csv:3: decision_date '2024-13-40' is not a date YYYY-MM-DD (and 2 more bad row(s))" in err[0]
    assert not (project_copy.data / "records").exists()


def test_skip_bad_rows_imports_the_good_and_reports_the_bad(project_copy: Project, capsys) -> None:
    assert _import(project_copy, "bad.csv", "--skip-bad-rows") == 0
    out = capsys.readouterr().out
    assert "imported 1 of 4 rows" in out
    assert "bad.csv:3: decision_date '2024-13-40' is not a date YYYY-MM-DD" in out
    assert "bad.csv:4: category 'teleportation' is not one of" in out
    assert "bad.csv:5: column 'applicant' is empty" in out
    assert (project_copy.data / "records" / "permits-bad.nt").is_file()


def test_missing_column_is_named(project_copy: Project, tmp_path: Path, capsys) -> None:
    broken = tmp_path / "cols.csv"
    broken.write_text("decision_number,decision_date\nX,2024-01-01\n")
    code = main(["--root", str(project_copy.root), "import", "permits", str(broken), "--source", "x"])
    assert code == 2
    assert "cols.csv:1: missing column(s) category" in capsys.readouterr().err


def test_record_files_are_validated_incrementally(project_copy: Project, capsys) -> None:
    import json

    assert _import(project_copy, "good.csv", "--tolerance", "0.05") == 0
    capsys.readouterr()
    root = ["--root", str(project_copy.root)]
    assert main([*root, "validate", "-f", "json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert any("Records give 3 export permits in 2024" in r["message"] for r in first["results"])
    cache = project_copy.root / "dist" / "validation-cache.json"
    entries = json.loads(cache.read_text())
    assert len(entries) == 1
    # the next run takes the record file's results from the cache (marked here to prove it)...
    [key] = entries
    entries[key][0]["message"] = "FROM THE CACHE"
    cache.write_text(json.dumps(entries))
    assert main([*root, "validate", "-f", "json"]) == 0
    assert any(r["message"] == "FROM THE CACHE" for r in json.loads(capsys.readouterr().out)["results"])
    # ...until the record file changes
    records = project_copy.data / "records" / "permits-good.nt"
    records.write_text(records.read_text().replace("Test project one", "Test project 1"))
    assert main([*root, "validate", "-f", "json"]) == 0
    again = json.loads(capsys.readouterr().out)["results"]
    assert not any(r["message"] == "FROM THE CACHE" for r in again)
    assert any("Records give 3 export permits in 2024" in r["message"] for r in again)


def test_record_queries_on_both_stores(project_copy: Project, capsys) -> None:
    assert _import(project_copy, "good.csv") == 0
    capsys.readouterr()
    root = ["--root", str(project_copy.root)]
    for store in ("memory", "oxigraph"):
        assert main([*root, "--store", store, "query", "run", "records-by-year", "-f", "csv"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines == ["year,category,status,count", "2024,export,approved,3", "2024,export,revoked,1"], (
            store
        )
        args = [*root, "--store", store, "query", "run", "records-sponsor-shares", "-p",
                "category=hgrid:permit-export", "-f", "csv"]  # fmt: skip
        assert main(args) == 0
        rows = capsys.readouterr().out.splitlines()
        assert rows[0] == "sponsor,permits,share"
        assert sorted(rows[1:]) == [
            "https://w3id.org/hgr-kg/id/org-astrazeneca,1,33.33",
            "https://w3id.org/hgr-kg/id/org-roche,1,33.33",
        ], store


def test_import_derives_counts_that_validation_recounts(project_copy: Project, capsys) -> None:
    import json

    assert _import(project_copy, "good.csv", "--tolerance", "0.05") == 0
    records = project_copy.data / "records" / "permits-good.nt"
    text = records.read_text()
    # the derived counts: 3 approved and 1 revoked export decisions in 2024; AstraZeneca sponsors one
    approved = "<https://w3id.org/hgr-kg/id/obs-records-good-2024-export-approved>"
    assert f'{approved} <https://w3id.org/hgr-kg/ontology#permitCount> "3"^^' in text
    sponsor = "<https://w3id.org/hgr-kg/id/obs-records-good-sponsors-org-astrazeneca-2024-export-approved>"
    assert f'{sponsor} <https://w3id.org/hgr-kg/ontology#permitCount> "1"^^' in text
    capsys.readouterr()
    root = ["--root", str(project_copy.root)]
    assert main([*root, "validate", "-f", "json"]) == 0
    assert not [r for r in json.loads(capsys.readouterr().out)["results"] if r["severity"] == "Violation"]
    # one decision loses its number, another gets a second date, and a derived count is changed by
    # hand: all three are caught
    number = next(line for line in text.splitlines() if "<http://data.europa.eu/eli/ontology#number>" in line)
    dated = next(line for line in text.splitlines() if "<http://purl.org/dc/terms/date>" in line
                 and not line.startswith(number.split()[0]))  # fmt: skip
    broken = text.replace(number + "\n", "").replace(
        f'{approved} <https://w3id.org/hgr-kg/ontology#permitCount> "3"^^',
        f'{approved} <https://w3id.org/hgr-kg/ontology#permitCount> "30"^^',
    ) + dated.split('"')[0] + '"1999-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .\n'

    records.write_text(broken)
    assert main([*root, "validate", "-f", "json"]) == 1
    found = {(r["shape"], r["message"]) for r in json.loads(capsys.readouterr().out)["results"]
             if r["severity"] == "Violation"}  # fmt: skip
    decision = number.split()[0].strip("<>")
    assert (
        "hgrsh:PermitRecordShape",
        f"Permit decision {decision} has no decision number (eli:number); it needs exactly one.",
    ) in found
    assert (
        "hgrsh:PermitRecordShape",
        f"Permit decision {dated.split()[0].strip('<>')} has more than one decision date (dcterms:date); "
        "it needs exactly one.",
    ) in found
    assert (
        "hgrsh:RecordCountsMatchRecordsShape",
        "The counts derived from this collection give 30 for 2024, "
        "<https://w3id.org/hgr-kg/id/permit-export>, <https://w3id.org/hgr-kg/id/status-approved>, "
        "but its decisions count 3.",
    ) in found


def test_derived_counts_meet_the_w3c_data_cube_integrity_constraints(project_copy: Project) -> None:
    """IC-1 to IC-19 of the W3C Data Cube spec on the curated graph plus an import's derived counts."""
    from pyshacl import validate as shacl_validate
    from rdflib import Graph
    from rdflib.namespace import QB

    assert _import(project_copy, "good.csv") == 0
    graph = build_graph(project_copy)
    # AstraZeneca and Roche (approved), Pfizer (revoked)
    assert len(set(graph.subjects(QB.dataSet, HGRID["ds-records-good-sponsors"]))) == 3
    shapes_file = Path(__file__).resolve().parent / "data" / "w3c" / "w3c-datacube.shapes.ttl"
    conforms, _, text = shacl_validate(graph, shacl_graph=Graph().parse(shapes_file), advanced=True,
                                       inference="none")  # fmt: skip
    assert conforms, text


def test_a_malformed_record_file_is_named_with_its_line(project_copy: Project, capsys) -> None:
    records = project_copy.data / "records"
    records.mkdir()
    (records / "permits-broken.nt").write_text(
        "<https://w3id.org/hgr-kg/id/x> <https://w3id.org/hgr-kg/ontology#recordOf> "
        "<https://w3id.org/hgr-kg/id/c> .\n"
        "<https://w3id.org/hgr-kg/id/x> <not an iri> \"y\" .\n"
    )
    assert main(["--root", str(project_copy.root), "validate"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "permits-broken.nt: N-Triples syntax error" in err[0] and "line 2" in err[0]


def test_counts_of_two_collections_are_not_reported_as_conflicting(project_copy: Project, capsys) -> None:
    import json

    assert _import(project_copy, "good.csv") == 0
    assert _import(project_copy, "bad.csv", "--skip-bad-rows") == 0  # 1 approved export in 2024, against 3
    capsys.readouterr()
    assert main(["--root", str(project_copy.root), "validate", "-f", "json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    conflicts = {r["focus"] for r in results if r["shape"] == "hgrsh:ConflictingValuesShape"}
    assert conflicts == {"https://w3id.org/hgr-kg/id/ds-table1"}  # Table 1 against Section 3.1 only
    compared = [r["message"] for r in results if r["shape"] == "hgrsh:RecordsMatchAggregatesShape"]
    expected = "Records give 1 export permits in 2024; the official aggregate (Table 1) is 10 (tolerance 0)."
    assert expected in compared


def test_exports_fold_the_decisions_into_their_collection(project_copy: Project) -> None:
    from hgr_kg.export import to_networkx

    assert _import(project_copy, "good.csv") == 0
    g = to_networkx(build_graph(project_copy), "cases")
    collection = "hgrid:records-good"
    assert g.nodes[collection]["kind"] == "record-collection"
    assert not [n for n, kind in g.nodes(data="kind") if kind == "permit" and "permit-good-" in n]
    edges = g.out_edges(collection, data=True)
    holders = {v: d["count"] for _, v, d in edges if d["label"] == "permit holder"}
    # Beijing Cancer Hospital holds two of the four decisions (rows 1 and 4)
    assert holders["hgrid:org-beijing-cancer-hospital"] == 2
