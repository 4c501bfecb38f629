from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from hgr_kg.cli import main
from hgr_kg.paths import Project


def test_build_writes_three_serialisations_that_agree(tmp_path: Path, project: Project, capsys) -> None:
    out = tmp_path / "dist"
    assert main(["--root", str(project.root), "build", "--out", str(out)]) == 0
    graphs = {
        suffix: Graph().parse(out / f"hgr-kg.{suffix}", format=fmt)
        for suffix, fmt in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"))
    }
    assert isomorphic(graphs["ttl"], graphs["nt"])
    assert isomorphic(graphs["ttl"], graphs["jsonld"])
    printed = capsys.readouterr().out
    assert "qb:Observation" in printed and "triples" in printed
    info = json.loads((out / "build-info.json").read_text())
    assert info["triples"] == len(graphs["ttl"])
    assert info["classes"]["qb:Observation"] == 60  # 28 Table 1 cells + 13 text figures + 19 Table 2 rows
    assert not list(out.glob("*.tmp"))


def test_malformed_turtle_exits_2_names_file_and_line_and_writes_nothing(
    tmp_path: Path, project_copy: Project, capsys
) -> None:
    bad = project_copy.data / "broken.ttl"
    bad.write_text('@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n')
    out = tmp_path / "dist"
    code = main(["--root", str(project_copy.root), "build", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{bad}:3:" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_malformed_turtle_leaves_previous_build_intact(tmp_path: Path, project_copy: Project) -> None:
    out = tmp_path / "dist"
    assert main(["--root", str(project_copy.root), "build", "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (project_copy.data / "broken.ttl").write_text("this is not turtle\n")
    assert main(["--root", str(project_copy.root), "build", "--out", str(out)]) == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_python_m_runs_the_same_command() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "hgr_kg", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("hgr-kg ")


def test_load_graph_api(project: Project) -> None:
    from hgr_kg import load_graph

    graph = load_graph(project.root)
    assert len(graph) > 1000


PREFIXES = "@prefix ex: <https://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ('ex:a ex:b "ok" .\nex:a ex:date "1998-02-30"^^xsd:date .\n', 4,
         '"1998-02-30"^^xsd:date is not a valid xsd:date'),
        ('ex:a ex:year "２０２４"^^xsd:gYear .\n', 3, '"２０２４"^^xsd:gYear is not a valid xsd:gYear'),
        ('ex:a ex:n "٢٠٢٤"^^xsd:integer .\n', 3, 'is not a valid xsd:integer'),
        ('ex:a ex:d "2024-W19-1"^^xsd:date .\n', 3, 'is not a valid xsd:date'),
        ("ex:a ex:b\n  <https://example.org/a b> .\n", 4, "IRI <https://example.org/a b> holds a character"),
        ('ex:a ex:b "abc', 3, "Turtle syntax error: "),
    ],
)  # fmt: skip
def test_ill_formed_terms_are_one_line_and_write_nothing(
    tmp_path: Path, project_copy: Project, capsys, body: str, line: int, message: str
) -> None:
    bad = project_copy.data / "zz.ttl"
    bad.write_text(PREFIXES + body, encoding="utf-8")
    root = ["--root", str(project_copy.root)]
    for command in (["build", "--out", str(tmp_path / "dist")], ["validate"]):
        assert main([*root, *command]) == 2, command
        err = capsys.readouterr().err
        assert err.startswith(f"hgr-kg: error: {bad}:{line}: "), err
        assert message in err
        assert len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "dist").exists()


def test_a_non_utf8_turtle_file_is_one_line(tmp_path: Path, project_copy: Project, capsys) -> None:
    bad = project_copy.data / "zz.ttl"
    bad.write_bytes((PREFIXES + 'ex:a ex:b "国" .\n').encode("gb18030"))
    for command in (["build", "--out", str(tmp_path / "dist")], ["validate"]):
        assert main(["--root", str(project_copy.root), *command]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        offset = len(PREFIXES + 'ex:a ex:b "')
        assert err == [f"hgr-kg: error: {bad}:3: not valid UTF-8 (byte 0xb9 at offset {offset})"]
    bom = project_copy.data / "zz.ttl"
    bom.write_bytes(b"\xef\xbb\xbf" + (PREFIXES + 'ex:a ex:b "国" .\n').encode("utf-8"))
    assert main(["--root", str(project_copy.root), "build", "--out", str(tmp_path / "dist")]) == 0
