from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hgr_kg.cli import main
from hgr_kg.graph.build import build_graph
from hgr_kg.graph.store import open_graph
from hgr_kg.paths import Project
from hgr_kg.query.canned import bind_params, list_queries, run_local
from tests.test_remote import _rows

ROOT = Path(__file__).resolve().parent.parent
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PERMITS_2024_EXPORT = (
    "PREFIX hgr: <https://w3id.org/hgr-kg/ontology#> PREFIX hgrid: <https://w3id.org/hgr-kg/id/>"
    " SELECT ?n WHERE { hgrid:obs-table1-2024-export hgr:permitCount ?n }"
)


def _count(graph) -> int:
    return int(run_local(graph, COUNT, {}).rows[0][0])


def _export_2024(graph) -> list[int]:
    return [int(r[0]) for r in run_local(graph, PERMITS_2024_EXPORT, {}).rows]


def _edit_table1(project: Project, count: int) -> None:
    """Table 1's 2024 export permits (10 in the study) become ``count``."""
    table = project.data / "table1.csv"
    text, done = re.subn(r"(?m)^2024,export,\d+,", f"2024,export,{count},", table.read_text())
    assert done == 1
    table.write_text(text)


def _store_stamp(project: Project) -> int:
    """When the store's current generation was last written (changes on every rebuild)."""
    return max(p.stat().st_mtime_ns for p in (project.root / "dist" / "store").rglob("*") if p.is_file())


def test_every_canned_query_gives_identical_rows_on_both_stores(project_copy: Project, graph) -> None:
    oxi = open_graph(project_copy, "oxigraph")
    assert len(oxi) == len(graph)
    for query in list_queries(project_copy.queries):
        bound = bind_params(query, {p.name: p.example for p in query.params if p.example})
        memory_rows = run_local(graph, query.text, bound)
        oxigraph_rows = run_local(oxi, query.text, bound)
        assert oxigraph_rows.variables == memory_rows.variables, query.name
        assert _rows(oxigraph_rows) == _rows(memory_rows), query.name


def test_the_store_itself_gives_the_rows_oxrdflib_gives(project_copy: Project) -> None:
    """``run_local`` on the pyoxigraph store (what the reading commands use, without oxrdflib) gives
    the table the rdflib view gives, term for term: every canned query, an ASK and a CONSTRUCT."""
    oxi = open_graph(project_copy, "oxigraph")
    texts = [(q.text, bind_params(q, {p.name: p.example for p in q.params if p.example}))
             for q in list_queries(project_copy.queries)]  # fmt: skip
    texts += [("ASK { ?s a <http://data.europa.eu/eli/ontology#LegalResource> }", {}),
              ("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l } LIMIT 50", {})]  # fmt: skip
    found = []
    for text, bound in texts:
        direct, through = run_local(oxi._oxigraph, text, bound), run_local(oxi, text, bound)
        assert direct == through, text[:80]
        found.append(len(direct.rows))
    assert sum(1 for n in found if n) >= len(found) - 3  # (the record-level queries: no record files)
    assert found[-2] == 1 and found[-1] == 50


def test_store_is_reused_and_rebuilt_only_when_a_source_changes(project_copy: Project) -> None:
    first = open_graph(project_copy, "oxigraph")
    built = _store_stamp(project_copy)
    del first
    open_graph(project_copy, "oxigraph")
    assert _store_stamp(project_copy) == built  # reopened, not rebuilt
    time.sleep(0.01)
    _edit_table1(project_copy, 11)
    changed = open_graph(project_copy, "oxigraph")
    assert _store_stamp(project_copy) != built
    assert _export_2024(changed) == [11]


def test_cli_store_option(project_copy: Project, capsys) -> None:
    root = ["--root", str(project_copy.root)]
    for store in ("oxigraph", "memory"):
        assert main([*root, "--store", store, "query", "run", "sponsor-countries", "-f", "csv"]) == 0
        rows = capsys.readouterr().out.splitlines()
        assert "United States,4,8.11,secondary only,rests only on the study" in rows


def test_a_source_edited_while_the_store_is_built_is_not_trusted_stale(
    project_copy: Project, monkeypatch
) -> None:
    """The fingerprint is taken before the sources are read: an edit made during the build (here:
    right after the curated sources were read) makes the store rebuild, never serve the old figure
    under the new fingerprint."""
    import hgr_kg.graph.build as build_module  # the store reads the sources through it

    real = build_module.assemble
    edits = []

    def read_then_edit(files):
        graph = real(files)
        if not edits:
            time.sleep(0.01)
            _edit_table1(project_copy, 12)
            edits.append(True)
        return graph

    monkeypatch.setattr(build_module, "assemble", read_then_edit)
    assert _export_2024(open_graph(project_copy, "oxigraph")) == [12]
    monkeypatch.setattr(build_module, "assemble", real)
    assert _export_2024(open_graph(project_copy, "oxigraph")) == [12]


def test_a_source_that_keeps_changing_during_every_build_is_served_once_then_rebuilt(
    project_copy: Project, monkeypatch
) -> None:
    import hgr_kg.graph.build as build_module  # the store reads the sources through it

    real = build_module.assemble
    edits = iter(range(20, 40))

    def read_then_edit(files):
        graph = real(files)
        time.sleep(0.01)
        _edit_table1(project_copy, next(edits))
        return graph

    monkeypatch.setattr(build_module, "assemble", read_then_edit)
    served = _export_2024(open_graph(project_copy, "oxigraph"))
    assert served == [21]  # what the last of the three builds read (10, then 20, then 21)
    monkeypatch.setattr(build_module, "assemble", real)
    assert _export_2024(open_graph(project_copy, "oxigraph")) == [22]  # not trusted: built again


def test_a_reader_keeps_working_while_the_store_is_rebuilt(project_copy: Project) -> None:
    old = open_graph(project_copy, "oxigraph")
    expected = _count(old)
    time.sleep(0.01)
    _edit_table1(project_copy, 13)
    new = open_graph(project_copy, "oxigraph")  # a rebuild, swapped in while `old` is open
    assert _export_2024(new) == [13]
    assert _export_2024(old) == [10]
    assert _count(old) == expected
    assert len(list(old.triples((None, None, None)))) == expected


def _truncate_sst(store: Path) -> None:
    ssts = sorted(store.rglob("*.sst"))
    assert ssts
    for sst in ssts:
        os.truncate(sst, sst.stat().st_size // 2)


def _delete_current(store: Path) -> None:
    [current] = [p for p in store.rglob("CURRENT") if p.is_file()]
    current.unlink()


def _corrupt_fingerprint(store: Path) -> None:
    stamps = [*store.parent.glob("store*.json"), *store.glob("*.json")]
    assert stamps
    for stamp in stamps:
        stamp.write_text('{"sources": [["data/table1.csv", 12')


def _store_is_a_file(store: Path) -> None:
    import shutil

    shutil.rmtree(store)
    store.write_text("not a store\n")


@pytest.mark.parametrize("damage", [_truncate_sst, _delete_current, _corrupt_fingerprint, _store_is_a_file])
def test_a_store_that_cannot_be_opened_is_rebuilt_with_a_notice(
    project_copy: Project, damage, capsys
) -> None:
    root = ["--root", str(project_copy.root)]
    assert main([*root, "query", "run", "sponsor-countries", "-f", "csv"]) == 0
    expected = capsys.readouterr().out
    damage(project_copy.root / "dist" / "store")
    assert main([*root, "query", "run", "sponsor-countries", "-f", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out == expected
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("hgr-kg: notice: ") and lines[0].endswith("; rebuilt"), lines[0]
    assert "dist/store could not be opened" in lines[0]
    # rebuilt for good: the next run opens it silently
    assert main([*root, "query", "run", "sponsor-countries", "-f", "csv"]) == 0
    assert capsys.readouterr().err == ""
    assert _count(open_graph(project_copy, "oxigraph")) == len(build_graph(project_copy))


def test_concurrent_queries_after_a_source_change(project_copy: Project) -> None:
    """8 processes query at once right after a source changed (all race to rebuild the store), 20
    rounds: every one succeeds with nothing on stderr, and the store holds exactly the build's
    triples (a doubled load once gave 6249 instead of 5253 under a valid fingerprint)."""
    expected = len(build_graph(project_copy))
    command = [sys.executable, "-m", "hgr_kg", "--root", str(project_copy.root),
               "query", "run", "instruments", "-f", "csv"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    source = project_copy.data / "sanctions.ttl"

    def run(_: int) -> subprocess.CompletedProcess:
        return subprocess.run(command, capture_output=True, text=True, env=env, check=False)

    with ThreadPoolExecutor(max_workers=8) as pool:
        for round_ in range(20):
            stat = source.stat()
            os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
            done = list(pool.map(run, range(8)))
            for proc in done:
                assert proc.returncode == 0 and proc.stderr == "", (round_, proc.stderr)
                assert proc.stdout == done[0].stdout and proc.stdout.count("\n") > 5
            assert _count(open_graph(project_copy, "oxigraph")) == expected, round_
    # one generation left, and the pointer to it
    store = project_copy.root / "dist" / "store"
    assert sorted(p.name.split("-")[0] for p in store.iterdir()) == ["current.json", "db"]


def test_the_store_holds_the_builds_triples_with_record_files(project_copy: Project) -> None:
    """Record files are bulk-loaded: blank nodes of two files stay apart, as in the build."""
    from tests.test_build import _with_records

    _with_records(project_copy)
    assert _count(open_graph(project_copy, "oxigraph")) == len(build_graph(project_copy))


def test_an_edited_rule_file_rebuilds_the_store(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The derived status is built into the store: its fingerprint follows the rule files, which
    are not sources of the project (hgr_kg/graph/rules/)."""
    from hgr_kg.graph.store import fingerprint

    before = fingerprint(project)
    real = Path.read_bytes

    def edited(path: Path) -> bytes:
        data = real(path)
        if path.name != "fact-status.rq":
            return data
        assert b"hgrid:fact-no-source" in data  # the edit below changes the rule
        return data.replace(b"hgrid:fact-no-source", b"hgrid:fact-none")

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert fingerprint(project) != before


def test_a_store_built_by_other_code_is_rebuilt(tmp_path) -> None:
    """The store's fingerprint holds the modules that build the graph: an edit of one (a checkout under
    the same version number) gives another fingerprint, so the store is rebuilt, not served stale."""
    import os

    from hgr_kg.graph.store import code_stamp, fingerprint

    package = tmp_path / "hgr_kg"
    for folder in ("", "graph", "sources", "serve"):
        (package / folder).mkdir(parents=True, exist_ok=True)
        (package / folder / "m.py").write_text("x = 1\n")
    before = code_stamp(package)
    assert [entry[0] for entry in before] == ["m.py", "sources/m.py", "graph/m.py"]
    os.utime(package / "serve" / "m.py", ns=(1, 1))  # not a module that builds the graph
    assert code_stamp(package) == before
    (package / "graph" / "m.py").write_text("x = 2\n")
    os.utime(package / "graph" / "m.py", ns=(2, 2))
    assert code_stamp(package) != before
    real = Path(fingerprint.__code__.co_filename).resolve().parent.parent
    assert ["graph/store.py", real.joinpath("graph/store.py").stat().st_size] in [
        entry[:2] for entry in fingerprint(Project.locate(ROOT))["code"]
    ]
