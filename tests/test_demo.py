from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from hgr_kg.cli import main
from hgr_kg.paths import Project
from hgr_kg.validate.shacl import format_report, validate_project


def test_demo_runs_the_main_job(tmp_path: Path, project: Project, shapes: Graph, capsys) -> None:
    dist, out = tmp_path / "dist", tmp_path / "out"
    code = main(["--root", str(project.root), "demo", "--dist", str(dist), "--out", str(out)])
    assert code == 0
    for name in ("hgr-kg.ttl", "hgr-kg.nt", "hgr-kg.jsonld", "build-info.json"):
        assert (dist / name).stat().st_size > 0
    report = (out / "validation.txt").read_text().splitlines()
    assert report[-1].startswith("conforms: 0 violation(s), ")
    # validated in a second process (and cached in dist/): the report of a validation here, no cache
    direct = validate_project(project, shapes)
    assert (out / "validation.txt").read_text() == format_report(direct, "text")
    assert (out / "validation.json").read_text() == format_report(direct, "json")
    info = (out / "info.txt").read_text()
    assert "qb:Observation" in info and "(current)" in info
    assert "validation: 0 violation(s)" in capsys.readouterr().err
    written = sorted(p.stem for p in (out / "queries").glob("*.csv"))
    assert written == sorted(p.stem for p in project.queries.glob("*.rq"))
    permits = (out / "queries" / "permits-by-year.csv").read_text().splitlines()
    assert permits[0] == "year,category,count,source,status,caveat" and len(permits) == 29
    for lang in ("en", "zh"):
        assert (out / f"timeline-{lang}.svg").read_bytes().startswith(b"<?xml")
        assert (out / f"timeline-{lang}.pdf").read_bytes().startswith(b"%PDF")
        assert (out / f"timeline-{lang}.png").read_bytes().startswith(b"\x89PNG")
    assert "| claims | reproduced | differs | not derivable |" in (out / "audit.md").read_text()
    assert "<h1>Audit of the study" in (out / "audit.html").read_text()
    for name in ("graphml", "gexf", "cytoscape.json", "json", "dot", "html"):
        assert (out / f"graph.{name}").stat().st_size > 1000, name


def test_info_reports_missing_build(tmp_path: Path, project: Project, capsys) -> None:
    assert main(["--root", str(project.root), "info", "--dist", str(tmp_path / "none")]) == 0
    out = capsys.readouterr().out
    assert "last build: none" in out
    assert "[the study]" in out and "[unofficial reproduction of an official text (mirror)]" in out


def test_demo_stops_at_a_broken_source_in_one_line(tmp_path: Path, project_copy: Project, capsys) -> None:
    broken = project_copy.data / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c\n", encoding="utf-8")
    dist, out = tmp_path / "dist", tmp_path / "out"
    assert main(["--root", str(project_copy.root), "demo", "--dist", str(dist), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"hgr-kg: error: {broken}:"), err
    assert not out.exists() and not (dist / "hgr-kg.ttl").exists()


def test_demo_stops_at_broken_shapes_in_one_line_with_nothing_written(
    tmp_path: Path, project_copy: Project, capsys
) -> None:
    """The build succeeds and the validation fails (its shapes do not parse): one line, exit 2, and
    no report of this run in out/ (not the info, tables, exports and audit without the validation)."""
    with project_copy.shapes.open("a", encoding="utf-8") as shapes:
        shapes.write("\nhgrsh:Broken a sh:NodeShape ;\n")
    dist, out = tmp_path / "dist", tmp_path / "out"
    assert main(["--root", str(project_copy.root), "demo", "--dist", str(dist), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("built ") and len(err) == 2, err
    assert err[1].startswith(f"hgr-kg: error: {project_copy.shapes}:"), err
    assert not out.exists()


def test_a_worker_warms_up_without_failing() -> None:
    """A pool whose initializer raises starts new workers for ever and its tasks never run: warming a
    worker never raises (a missing library fails the task that needs it, in one line)."""
    from hgr_kg.demo import _import

    _import("hgr_kg.no_such_module", "json")
