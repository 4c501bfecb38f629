from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from hgr_kg.cli import main
from hgr_kg.graph.build import build_graph
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
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (project_copy.data / "broken.ttl").write_text("this is not turtle\n")
    assert main(["--root", str(project_copy.root), "build", "--out", str(out)]) == 2
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


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

# --- record files, the output set, and what a build leaves in dist/ ---------------------------------

_IRIS = {
    "<id:": "<https://w3id.org/hgr-kg/id/",
    "<hgr:": "<https://w3id.org/hgr-kg/ontology#",
    "<rdf:type>": "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
    "<xsd:": "<http://www.w3.org/2001/XMLSchema#",
    "<skos:": "<http://www.w3.org/2004/02/skos/core#",
    "<dcterms:": "<http://purl.org/dc/terms/",
    "<org:": "<http://www.w3.org/ns/org#",
}


def _nt(text: str) -> str:
    """N-Triples written with the short forms of ``_IRIS``."""
    for short, iri in _IRIS.items():
        text = text.replace(short, iri)
    return text


RECORDS_NT = _nt("""\
<id:records-golden> <rdf:type> <hgr:RecordCollection> .
<id:records-golden> <hgr:aggregateTolerance> "21"^^<xsd:decimal> .
<id:permit-golden-1> <rdf:type> <hgr:Permit> .
<id:permit-golden-1> <hgr:recordOf> <id:records-golden> .
<id:permit-golden-1> <dcterms:date> "2024-05-05"^^<xsd:date> .
<id:permit-golden-1> <skos:note> "a \\"quoted\\" note\\non two lines, 人类遗传资源"@zh .
<id:permit-golden-1> <hgr:share> "0.5"^^<xsd:decimal> .
<id:permit-golden-1> <hgr:holder> _:b0 .
_:b0 <skos:prefLabel> "An unnamed holder"@en .
<id:org-npc> <rdf:type> <org:Organization> .
""")
MORE_NT = _nt("""\
<id:permit-golden-2> <rdf:type> <hgr:Permit> .
<id:permit-golden-2> <hgr:holder> _:b0 .
_:b0 <skos:prefLabel> "Another unnamed holder"@en .
<id:permit-golden-1> <rdf:type> <hgr:Permit> .
""")


def _with_records(project: Project) -> None:
    (project.data / "records").mkdir()
    (project.data / "records" / "golden.nt").write_text(RECORDS_NT, encoding="utf-8")
    (project.data / "records" / "more.nt").write_text(MORE_NT, encoding="utf-8")


def test_build_with_record_files_writes_the_same_triples_as_rdflib(
    tmp_path: Path, project_copy: Project, capsys
) -> None:
    """Record files go through pyoxigraph, not rdflib: every output holds the graph rdflib's own
    reading gives (blank nodes of two files kept apart, a duplicate of a curated triple once,
    ``"21"^^xsd:decimal`` normalised to ``21.0``), and the counts are that graph's."""
    from hgr_kg.graph.build import counts_by_class

    _with_records(project_copy)
    reference = build_graph(project_copy)
    out = tmp_path / "dist"
    assert main(["--root", str(project_copy.root), "build", "--out", str(out)]) == 0
    for suffix, fmt in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        assert isomorphic(Graph().parse(out / f"hgr-kg.{suffix}", format=fmt), reference), suffix
    info = json.loads((out / "build-info.json").read_text())
    assert info["triples"] == len(reference) == len((out / "hgr-kg.nt").read_text().splitlines())
    assert info["classes"] == dict(counts_by_class(reference))
    assert info["classes"]["hgr:Permit"] == 4  # 2 curated + 2 records (permit-golden-1 typed twice)
    printed = capsys.readouterr().out.splitlines()
    assert printed == [f"{count:6d}  {name}" for name, count in counts_by_class(reference)] + [
        f"{len(reference):6d}  triples"
    ]


def test_build_does_not_parse_record_files_with_rdflib(
    tmp_path: Path, project_copy: Project, monkeypatch
) -> None:
    """The slow path (137 s and 4.7 GiB at 100k rows) is rdflib's N-Triples parser."""
    real = Graph.parse

    def no_ntriples(self, source=None, *args, format=None, **kwargs):  # noqa: A002
        assert format != "nt", f"rdflib parses {source}"
        return real(self, source, *args, format=format, **kwargs)

    _with_records(project_copy)
    monkeypatch.setattr(Graph, "parse", no_ntriples)
    assert main(["--root", str(project_copy.root), "build", "--out", str(tmp_path / "dist")]) == 0


def test_a_syntax_error_in_a_record_file_names_file_and_line_and_writes_nothing(
    tmp_path: Path, project_copy: Project, capsys
) -> None:
    _with_records(project_copy)
    bad = project_copy.data / "records" / "more.nt"
    bad.write_text(MORE_NT + '<https://w3id.org/hgr-kg/id/x> <https://w3id.org/hgr-kg/ontology#p> "open .\n')
    out = tmp_path / "dist"
    assert main(["--root", str(project_copy.root), "build", "--out", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"hgr-kg: error: {bad}:5: N-Triples syntax error: "), err
    assert not out.exists()


def test_build_out_an_existing_file_is_one_line_exit_2(tmp_path: Path, project: Project, capsys) -> None:
    target = tmp_path / "a-file"
    target.write_text("keep me\n")
    assert main(["--root", str(project.root), "build", "--out", str(target)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"hgr-kg: error: {target}: not a folder (the build writes hgr-kg.ttl, .nt, .jsonld "
                   "and build-info.json into a folder)"]  # fmt: skip
    assert target.read_text() == "keep me\n"


def _tiny_project(root: Path, value: str) -> Project:
    (root / "ontology").mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    ontology = "<https://example.org/o> a <http://www.w3.org/2002/07/owl#Ontology> .\n"
    (root / "ontology" / "o.ttl").write_text(ontology)
    marker = f'<https://example.org/m> <https://example.org/v> "{value}" .\n'
    (root / "data" / "marker.ttl").write_text(marker)
    return Project(root)


def _build_value(out: Path) -> str:
    """The marker value the output set holds; fails if its files are not from one build."""
    values = set()
    for suffix, fmt in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        graph = Graph().parse(out / f"hgr-kg.{suffix}", format=fmt)
        values |= {str(o) for o in graph.objects(URIRef("https://example.org/m"), URIRef("https://example.org/v"))}
        assert json.loads((out / "build-info.json").read_text())["triples"] == len(graph)
    digest = json.loads((out / "build-info.json").read_text())["sources_digest"]
    assert len(values) == 1, values
    return f"{values.pop()} {digest}"


def test_a_build_interrupted_during_its_final_renames_leaves_one_whole_set(
    tmp_path: Path, monkeypatch
) -> None:
    """Ctrl-C at each rename in turn, over a set of regular files (as an older version, or a
    filesystem without links, writes) and over a set of links: the output folder holds the old
    build or the new one, whole; other files in it are left alone."""
    import os
    import shutil

    import hgr_kg.atomic

    out, project = tmp_path / "dist", _tiny_project(tmp_path / "p", "old")
    real_replace, real_symlink = os.replace, os.symlink

    def refused(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    def regular_files() -> None:
        shutil.rmtree(out, ignore_errors=True)
        _tiny_project(project.root, "old")
        monkeypatch.setattr(hgr_kg.atomic.os, "symlink", refused)
        assert main(["--root", str(project.root), "build", "--out", str(out)]) == 0
        monkeypatch.setattr(hgr_kg.atomic.os, "symlink", real_symlink)
        (out / "store-like-file").write_text("kept\n")

    interrupted_somewhere = set()
    for start in ("regular files", "links"):
        regular_files()
        for n in range(1, 10):
            if start == "regular files" and n > 1:
                regular_files()
            old = _build_value(out)
            _tiny_project(project.root, f"new {n}")

            def interrupted(src, dst, *args, calls=[], at=n, **kwargs):  # noqa: B006
                calls.append(dst)
                if len(calls) == at:
                    raise KeyboardInterrupt
                return real_replace(src, dst, *args, **kwargs)

            monkeypatch.setattr(hgr_kg.atomic.os, "replace", interrupted)
            code = main(["--root", str(project.root), "build", "--out", str(out)])
            monkeypatch.setattr(hgr_kg.atomic.os, "replace", real_replace)
            now = _build_value(out)
            assert (code == 130 and now == old) or (code == 0 and now.startswith(f"new {n} ")), (start, n)
            interrupted_somewhere.add((start, code))
            assert (out / "store-like-file").read_text() == "kept\n"
            assert not [p for p in out.rglob("*") if p.name.endswith((".tmp", ".lnk")) or ".probe" in p.name]
    assert interrupted_somewhere == {(s, c) for s in ("regular files", "links") for c in (0, 130)}


def test_outputs_of_an_older_version_are_replaced_as_a_set(tmp_path: Path) -> None:
    """Regular files from before (written one by one) become the set's links, with the new build."""
    out = tmp_path / "dist"
    out.mkdir()
    for name in ("hgr-kg.ttl", "hgr-kg.nt", "hgr-kg.jsonld", "build-info.json"):
        (out / name).write_text("{}\n" if name.endswith(".json") else "")
    project = _tiny_project(tmp_path / "p", "fresh")
    assert main(["--root", str(project.root), "build", "--out", str(out)]) == 0
    assert _build_value(out).startswith("fresh ")
    assert len(list((out / ".build").glob("g-*"))) == 1


def test_a_large_build_writes_the_json_ld_in_a_second_process(tmp_path: Path, monkeypatch) -> None:
    import hgr_kg.graph.build

    monkeypatch.setattr(hgr_kg.graph.build, "PARALLEL_FROM", 0)
    project = _tiny_project(tmp_path / "p", "parallel")
    (project.data / "records").mkdir()
    (project.data / "records" / "golden.nt").write_text(RECORDS_NT, encoding="utf-8")
    out = tmp_path / "dist"
    assert main(["--root", str(project.root), "build", "--out", str(out)]) == 0
    assert _build_value(out).startswith("parallel ")
    assert isomorphic(Graph().parse(out / "hgr-kg.jsonld", format="json-ld"), build_graph(project))


def test_without_symbolic_links_each_output_is_replaced_on_its_own(tmp_path: Path, monkeypatch) -> None:
    import hgr_kg.atomic

    def refused(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(hgr_kg.atomic.os, "symlink", refused)
    out = tmp_path / "dist"
    for value in ("one", "two"):
        project = _tiny_project(tmp_path / "p", value)
        assert main(["--root", str(project.root), "build", "--out", str(out)]) == 0
        assert _build_value(out).startswith(f"{value} ")
    assert all(not p.is_symlink() for p in out.iterdir())
    assert [p.name for p in (out / ".build").iterdir()] == ["lock"]


def test_info_and_validate_rebuild_a_corrupt_build_info_or_validation_cache(
    project_copy: Project, tmp_path: Path, capsys
) -> None:
    from hgr_kg.validate.shacl import read_cache

    root = ["--root", str(project_copy.root)]
    dist = project_copy.root / "dist"
    dist.mkdir()
    corrupt = [b'{"built": "2026-', b"[1, 2]", b"\xff\xfe", b'{"built": 3}']
    for text in corrupt:
        (dist / "build-info.json").write_bytes(text)
        assert main([*root, "info", "--dist", str(dist)]) == 0
        captured = capsys.readouterr()
        assert captured.err == "" and "last build: none (run 'hgr-kg build')" in captured.out
    (dist / "validation-cache.json").write_bytes(corrupt[0])
    assert main([*root, "validate"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and "conforms: 0 violation(s)" in captured.out
    good = {"severity": "Warning", "focus": "f", "focus_label": "", "path": None, "value": None,
            "message": "m", "shape": "s"}  # fmt: skip
    cache = tmp_path / "cache.json"
    for text in [*corrupt, b'{"k": [{"severity": "Warning"}]}', json.dumps({"k": [{**good, "severity": 1}]})]:
        cache.write_bytes(text if isinstance(text, bytes) else text.encode())
        assert read_cache(cache) == {}
    cache.write_text(json.dumps({"k": [good], "bad": "x"}))
    assert read_cache(cache) == {"k": [good]}
    assert read_cache(tmp_path / "none.json") == {}
