"""The validation cache: a cached report is the report a fresh validation gives, and any change to
what it was made from (a source, a shape, the code) validates again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from hgr_kg.paths import Project
from hgr_kg.validate import shacl
from hgr_kg.validate.cache import validation_context
from hgr_kg.validate.shacl import format_report, load_shapes, shapes_digest, validate_project

FIXTURES = Path(__file__).parent / "data" / "shapes"


def _forbid_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated again: the cached report was not used")

    monkeypatch.setattr(shacl, "validate", refuse)
    monkeypatch.setattr(shacl, "read_sources", refuse)


def test_a_cached_report_is_the_fresh_report_until_a_source_changes(
    project_copy: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shapes = load_shapes(project_copy.shapes)
    cache = tmp_path / "dist" / "validation-cache.json"
    fresh = validate_project(project_copy, shapes, cache)
    assert fresh.conforms and fresh.warnings >= 7
    with monkeypatch.context() as patched:
        _forbid_validation(patched)
        cached = validate_project(project_copy, shapes, cache)
    assert cached.results == fresh.results and cached.conforms == fresh.conforms
    for fmt in ("text", "json"):
        assert format_report(cached, fmt) == format_report(fresh, fmt)
    assert isomorphic(cached.graph, fresh.graph) and len(cached.graph) == len(fresh.graph) > 0
    # a curated source changes: validated again, and the broken provision is caught
    shutil.copy(FIXTURES / "ProvisionShape.ttl", project_copy.data / "zz-broken.ttl")
    broken = validate_project(project_copy, shapes, cache)
    assert not broken.conforms
    assert {r.shape for r in broken.results if r.severity == "Violation"} == {"hgrsh:ProvisionShape"}


def test_a_file_checked_with_validate_is_part_of_the_key(project_copy: Project, tmp_path: Path) -> None:
    shapes = load_shapes(project_copy.shapes)
    cache = tmp_path / "validation-cache.json"
    validate_project(project_copy, shapes, cache)
    report = validate_project(project_copy, shapes, cache, [FIXTURES / "CitationShape.ttl"])
    assert any(r.shape == "hgrsh:CitationShape" and r.severity == "Violation" for r in report.results)


def test_a_damaged_cache_entry_is_validated_again(project_copy: Project, tmp_path: Path) -> None:
    shapes = load_shapes(project_copy.shapes)
    cache = tmp_path / "validation-cache.json"
    context = validation_context(project_copy, project_copy.curated_sources(), shapes)
    good = {"severity": "Warning", "focus": "f", "focus_label": "", "path": None, "value": None,
            "message": "m", "shape": "s"}  # fmt: skip
    entries = [
        {"context": context, "results": [good], "report": "<not n-triples"},
        {"context": context, "results": [{**good, "severity": 3}], "report": ""},
        {"context": context, "results": "x", "report": ""},
        {"context": context, "results": [good]},
        ["x"],
        {**good, "context": context},
    ]
    for entry in entries:
        cache.write_text(json.dumps(entry))
        assert shacl.read_curated(cache, context) is None, entry
    cache.write_text(json.dumps({"context": context, "results": [good], "report": ""}))
    assert shacl.read_curated(cache, context).results == [shacl.Result(**good)]
    assert shacl.read_curated(cache, context + "x") is None


def test_the_key_follows_the_shapes_not_their_blank_node_labels(project: Project, tmp_path: Path) -> None:
    first, second = load_shapes(project.shapes), load_shapes(project.shapes)
    assert set(first.all_nodes()) != set(second.all_nodes())  # fresh blank nodes in each parse
    assert shapes_digest(first) == shapes_digest(second)
    changed = (tmp_path / "shapes.ttl")
    changed.write_text(project.shapes.read_text(encoding="utf-8").replace(
        'sh:message "A provision needs a number (eli:number)."', 'sh:message "A provision needs a number."'),
        encoding="utf-8")  # fmt: skip
    assert shapes_digest(load_shapes(changed)) != shapes_digest(first)


def test_the_key_follows_the_code(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    shapes = Graph()
    before = validation_context(project, project.curated_sources(), shapes)
    real = Path.read_bytes

    def edited(path: Path) -> bytes:
        data = real(path)
        return data + b"\n# edited\n" if path.name == "statute_graph.py" else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert validation_context(project, project.curated_sources(), shapes) != before


def test_the_key_follows_the_rules_the_build_derives_by(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule files are not Python modules: an edited rule (another caveat text) is a new key."""
    shapes = Graph()
    before = validation_context(project, project.curated_sources(), shapes)
    real = Path.read_bytes

    def edited(path: Path) -> bytes:
        data = real(path)
        return data.replace(b" and weaker sources", b" and others") if path.name == "fact-status.rq" else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert validation_context(project, project.curated_sources(), shapes) != before


def test_the_builds_graph_is_validated_under_the_digest_it_was_read_with(
    project_copy: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The main job validates the curated graph as built (its N-Triples), keyed on the digest of
    the curated sources taken before the build read them: the same report as reading the sources,
    reused by `hgr-kg validate` while nothing changed, and not reused once a source changed after
    the build."""
    from hgr_kg.graph.build import build

    shapes = load_shapes(project_copy.shapes)
    cache = tmp_path / "dist" / "validation-cache.json"
    result = build(project_copy, tmp_path / "dist")
    # no record files; 429 of them derived by the rules breach-scope (166), conduct-words (225) and
    # term-keys (19) and their three properties' 19 triples in the ontology
    assert result.curated_ntriples.count(b"\n") == result.triples == 33924
    as_built = (result.curated_ntriples, result.curated_digest)
    built = validate_project(project_copy, shapes, cache, built=as_built)
    assert format_report(built, "text") == format_report(validate_project(project_copy, shapes), "text")
    with monkeypatch.context() as patched:
        _forbid_validation(patched)
        assert validate_project(project_copy, shapes, cache).results == built.results
    # a source edited after the build read it: the build's entry is not the new sources' report
    shutil.copy(FIXTURES / "ProvisionShape.ttl", project_copy.data / "zz-broken.ttl")
    assert not validate_project(project_copy, shapes, cache).conforms
    stale = validate_project(project_copy, shapes, tmp_path / "other.json", built=as_built)
    assert stale.conforms  # what the build read, under the build's digest
