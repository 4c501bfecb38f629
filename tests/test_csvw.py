from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from hgr_kg.cli import main
from hgr_kg.csvw import table_to_graph
from hgr_kg.errors import HgrKgError
from hgr_kg.paths import Project

FIXTURES = Path(__file__).parent / "data" / "csvw"


def test_csvw_mapping_matches_golden_file() -> None:
    produced = table_to_graph(FIXTURES / "mini.csv-metadata.json")
    expected = Graph().parse(FIXTURES / "mini.expected.ttl")
    if not isomorphic(produced, expected):
        _, only_produced, only_expected = graph_diff(to_isomorphic(produced), to_isomorphic(expected))
        pytest.fail(f"extra: {sorted(only_produced)}\nmissing: {sorted(only_expected)}")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2025,collection,many,,,x", "table1.csv:30: column 'count': 'many' is not a whole number"),
        ("2025,collection,5,,x", "table1.csv:30: 5 cells, expected 6"),
        ("20x5,collection,5,,,x", "table1.csv:30: column 'year': '20x5' is not a whole number"),
        ('2025,collection,"5,,,x', "table1.csv:30: malformed CSV"),
        ("2025,collection,,,,x", "table1.csv:30: column 'count' is required"),
    ],
)
def test_malformed_csv_names_file_line_and_column(
    tmp_path: Path, project_copy: Project, capsys, row: str, message: str
) -> None:
    table = project_copy.data / "table1.csv"
    table.write_text(table.read_text() + row + "\n")
    code = main(["--root", str(project_copy.root), "build", "--out", str(tmp_path / "dist")])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "dist").exists()


def test_next_years_row_needs_no_turtle(tmp_path: Path, project_copy: Project) -> None:
    from hgr_kg.build import build_graph
    from hgr_kg.namespaces import HGR, HGRID

    table = project_copy.data / "table1.csv"
    table.write_text(table.read_text() + '2025,export,12,,,"Table 1, row 2025"\n')
    graph = build_graph(project_copy)
    obs = HGRID["obs-table1-2025-export"]
    assert int(graph.value(obs, HGR.permitCount)) == 12


def test_wrong_header_is_reported(tmp_path: Path) -> None:
    for name in ("mini.csv", "mini.csv-metadata.json"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "mini.csv").write_text("yr,cat\n2020,a\n")
    with pytest.raises(HgrKgError, match=r"mini.csv:1: header"):
        table_to_graph(tmp_path / "mini.csv-metadata.json")
