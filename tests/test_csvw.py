from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from hgr_kg.cli import main
from hgr_kg.errors import HgrKgError
from hgr_kg.paths import Project
from hgr_kg.sources.csvw import table_to_graph

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
    from hgr_kg.graph.build import build_graph
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


def _mini(tmp_path: Path) -> Path:
    for name in ("mini.csv", "mini.csv-metadata.json"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path / "mini.csv-metadata.json"


def _error(metadata: Path) -> str:
    with pytest.raises(HgrKgError) as caught:
        table_to_graph(metadata)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    metadata = _mini(tmp_path)
    table = tmp_path / "mini.csv"
    table.write_bytes(b"\xef\xbb\xbf" + table.read_bytes())
    metadata.write_bytes(b"\xef\xbb\xbf" + metadata.read_bytes())
    assert isomorphic(table_to_graph(metadata), Graph().parse(FIXTURES / "mini.expected.ttl"))


def test_a_gb18030_table_needs_its_declared_encoding(tmp_path: Path) -> None:
    metadata = _mini(tmp_path)
    table = tmp_path / "mini.csv"
    table.write_bytes("code,name,value,note\na1,阿尔法,3.50,\n".encode("gb18030"))
    assert "阿尔法".encode("gb18030") in table.read_bytes()
    assert _error(metadata) == (
        f"{table}:2: not valid UTF-8 (byte 0xb0 at offset 24); declare the table's encoding in "
        f'{metadata} ("dialect": {{"encoding": "gb18030"}})'
    )
    meta = json.loads(metadata.read_text())
    meta["dialect"] = {"encoding": "gb18030"}
    metadata.write_text(json.dumps(meta))
    graph = table_to_graph(metadata)
    assert Literal("阿尔法", lang="en") in set(graph.objects())
    meta["dialect"] = {"encoding": "klingon"}
    metadata.write_text(json.dumps(meta))
    assert _error(metadata) == f"{metadata}: dialect.encoding 'klingon': unknown encoding"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m["tableSchema"].update(columns={"name": "code"}), "tableSchema.columns must be a list"),
        (lambda m: m.update(tableSchema="columns"), "tableSchema must be an object"),
        (lambda m: m["tableSchema"]["columns"][1].pop("name"), "column 2 has no 'name'"),
        (lambda m: m["tableSchema"]["columns"].append(7), "column 7 must be an object"),
        (lambda m: m.update(url=["mini.csv"]), "'url' must be a string"),
        (lambda m: m.update(dialect="utf-8"), "dialect must be an object"),
    ],
)
def test_malformed_metadata_is_one_line(tmp_path: Path, change, message: str) -> None:
    metadata = _mini(tmp_path)
    meta = json.loads(metadata.read_text())
    change(meta)
    metadata.write_text(json.dumps(meta))
    assert _error(metadata) == f"{metadata}: {message}"


def test_non_utf8_metadata_is_one_line(tmp_path: Path) -> None:
    metadata = _mini(tmp_path)
    metadata.write_bytes(metadata.read_bytes().replace(b'"en"', '"中"'.encode("gb18030")))
    assert _error(metadata).startswith(f"{metadata}:8: not valid UTF-8 (byte 0xd6")


def test_a_missing_table_is_named_with_its_metadata(tmp_path: Path) -> None:
    metadata = _mini(tmp_path)
    (tmp_path / "mini.csv").unlink()
    assert _error(metadata) == f"{metadata}: 'url' names {tmp_path / 'mini.csv'}, which does not exist"


def test_a_csv_without_metadata_in_data_is_an_error(tmp_path: Path, project_copy: Project, capsys) -> None:
    (project_copy.data / "table2.csv-metadata.json").unlink()
    code = main(["--root", str(project_copy.root), "build", "--out", str(tmp_path / "dist")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and not (tmp_path / "dist").exists()
    assert err == [f"hgr-kg: error: {project_copy.data / 'table2.csv'}: a table in data/ needs its CSVW "
                   "metadata table2.csv-metadata.json (or move it out of data/)"]  # fmt: skip


def test_an_unterminated_quote_names_the_line_it_opens(tmp_path: Path, project_copy: Project, capsys) -> None:
    table = project_copy.data / "table1.csv"
    lines = table.read_text().splitlines(keepends=True)
    table.write_text("".join(lines[:2]) + '2025,collection,"5,,,x\n' + "".join(lines[2:]))
    code = main(["--root", str(project_copy.root), "build", "--out", str(tmp_path / "dist")])
    assert code == 2
    assert f"{table}:3: malformed CSV: " in capsys.readouterr().err


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("２０２５,collection,5,,,x", "table1.csv:30: column 'year': '２０２５' is not a whole number"),
        ("2025,collection,٥,,,x", "table1.csv:30: column 'count': '٥' is not a whole number"),
    ],
)
def test_only_ascii_digits_are_numbers(
    tmp_path: Path, project_copy: Project, capsys, row: str, message: str
) -> None:
    table = project_copy.data / "table1.csv"
    table.write_text(table.read_text() + row + "\n")
    assert main(["--root", str(project_copy.root), "build", "--out", str(tmp_path / "dist")]) == 2
    assert message in capsys.readouterr().err


def test_a_date_cell_must_be_a_calendar_date(tmp_path: Path) -> None:
    metadata = _mini(tmp_path)
    meta = json.loads(metadata.read_text())
    meta["tableSchema"]["columns"][3]["datatype"] = "date"
    metadata.write_text(json.dumps(meta))
    (tmp_path / "mini.csv").write_text("code,name,value,note\na1,Alpha,3.50,1998-02-30\n")
    expected = "column 'note': '1998-02-30' is not a date such as 2019-07-01 (xsd:date)"
    assert _error(metadata) == f"{tmp_path / 'mini.csv'}:2: {expected}"


@pytest.mark.parametrize("command", [["info"], ["query", "run", "records-by-year"], ["validate"]])
def test_every_command_names_a_broken_table_description(project_copy: Project, capsys, command) -> None:
    metadata = project_copy.data / "table2.csv-metadata.json"
    (project_copy.data / "table2.csv").unlink()
    assert main(["--root", str(project_copy.root), *command]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    missing = project_copy.data / "table2.csv"
    assert err == [f"hgr-kg: error: {metadata}: 'url' names {missing}, which does not exist"]
    metadata.write_bytes(metadata.read_bytes().replace(b'"url"', '"网址": "", "url"'.encode("gb18030"), 1))
    assert main(["--root", str(project_copy.root), *command]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"hgr-kg: error: {metadata}:") and "not valid UTF-8" in err[0]
