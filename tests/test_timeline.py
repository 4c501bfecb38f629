from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from hgr_kg.cli import main
from hgr_kg.draw.timeline import timeline, timeline_items
from hgr_kg.errors import HgrKgError
from hgr_kg.graph.build import build_graph
from hgr_kg.paths import Project

FIGURE1_YEARS = {1998, 2002, 2015, 2019, 2020, 2021, 2023, 2024}


def test_items_cover_figure1_with_correct_dates(project: Project, graph) -> None:
    items = timeline_items(graph, project.queries, "en", 1998, 2024)
    dates = {it.slug: it.date for it in items}
    assert {int(it.date[:4]) for it in items} >= FIGURE1_YEARS
    assert dates["event-1998-interim-measures"] == "1998-06-10"
    assert dates["event-2019-rmhgr-adoption"] == "2019-05-28"
    assert dates["event-2020-civil-code-adoption"] == "2020-05-28"
    assert dates["event-2021-biosecurity-law-in-force"] == "2021-04-15"
    assert dates["event-2024-rmhgr-revision"] == "2024-03-10"
    assert dates["event-2002-draft-regulations"] == "2002"  # only the year is known
    kinds = {it.slug: it.kind for it in items}
    assert kinds["event-2019-rmhgr-adoption"] == "administrative-regulation"
    assert kinds["us-eo-14117"] == "foreign-instrument"
    assert kinds["case-2020-forgery-seals"] == "judicial"
    assert [it.position for it in items] == sorted(it.position for it in items)


def test_svg_is_byte_identical_for_the_same_graph(project: Project, graph) -> None:
    first = timeline(graph, project.queries, "en", "svg", built="x")
    assert first == timeline(graph, project.queries, "en", "svg", built="x")
    assert b"<dc:date>" not in first
    for slug in ("event-1998-interim-measures", "event-2024-rmhgr-revision", "us-eo-14117"):
        assert f'id="label-{slug}"'.encode() in first


def test_pdf_embeds_truetype_fonts(project: Project, graph, tmp_path: Path) -> None:
    for lang, font in (("en", "DejaVuSans"), ("zh", "WenQuanYiZenHei")):
        pdf = timeline(graph, project.queries, lang, "pdf", built="x")
        path = tmp_path / f"t-{lang}.pdf"
        path.write_bytes(pdf)
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = [line for line in fonts.splitlines()[2:] if line.strip()]
        assert rows and all(" TrueType " in r or "CID TrueType" in r for r in rows), fonts
        assert all(re.search(r"\byes\s+yes\b", r) for r in rows), fonts  # embedded, subset
        assert font in fonts
        assert b"CreationDate" not in pdf


def test_png_at_print_resolution(project: Project, graph) -> None:
    png = timeline(graph, project.queries, "zh", "png", built="x")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width == 1050  # 3.5 in at 300 dpi


def test_an_event_added_to_the_data_appears_and_a_date_change_moves_it(project_copy: Project) -> None:
    extra = project_copy.data / "extra-event.ttl"
    extra.write_text(
        "@prefix hgr: <https://w3id.org/hgr-kg/ontology#> .\n"
        "@prefix hgrid: <https://w3id.org/hgr-kg/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'hgrid:event-test-added a hgr:TimelineEvent ; rdfs:label "Test event added"@en , "测试事件"@zh ;\n'
        '  hgr:eventKind hgrid:event-guidance ; hgr:eventDate "2010-03-15"^^xsd:date ;\n'
        "  dcterms:source hgrid:cite-study-table1 .\n"
    )
    graph = build_graph(project_copy)
    svg = timeline(graph, project_copy.queries, "en", "svg", built="x")
    assert b'id="label-event-test-added"' in svg
    before = [it.slug for it in timeline_items(graph, project_copy.queries, "en", 1998, 2024)]
    assert before.index("event-test-added") == before.index("event-2015-circular") - 1
    extra.write_text(extra.read_text().replace("2010-03-15", "2022-03-15"))
    after = [
        it.slug for it in timeline_items(build_graph(project_copy), project_copy.queries, "en", 1998, 2024)
    ]
    # the next event is the adoption of the Implementation Rules at MoST's meeting (2023-05-11)
    following = after.index("event-2023-implementation-rules-ministerial-adoption")
    assert after.index("event-test-added") == following - 1


def test_range_and_kinds(project: Project, graph) -> None:
    items = timeline_items(graph, project.queries, "en", 2023, 2024, ["foreign-instrument"])
    assert {it.slug for it in items} == {"us-biosecure-s3558", "us-eo-14117", "us-biosecure-hr8333",
                                         "us-doj-rule-28cfr202"}  # fmt: skip
    with pytest.raises(HgrKgError, match="unknown kind"):
        timeline(graph, project.queries, kinds=["statute"])


def test_timeline_cli(tmp_path: Path, project: Project) -> None:
    out = tmp_path / "t.pdf"
    assert main(["--root", str(project.root), "timeline", "--lang", "zh", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert (
        main(["--root", str(project.root), "timeline", "--from", "2030", "-o", str(tmp_path / "e.svg")]) == 2
    )
    assert not (tmp_path / "e.svg").exists()
