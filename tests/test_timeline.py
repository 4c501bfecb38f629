from __future__ import annotations

import itertools
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib.text import Text
from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS

from hgr_kg.cli import main
from hgr_kg.draw.timeline import TEXT, draw, render, timeline, timeline_rows
from hgr_kg.draw.timescale import GAP, make_scale, year_ticks
from hgr_kg.errors import HgrKgError
from hgr_kg.graph.build import build_graph
from hgr_kg.namespaces import HGR, HGRID
from hgr_kg.paths import Project

SVG = "{http://www.w3.org/2000/svg}"
WINDOWS = [(1998, 2024), (2019, 2021)]


def _texts(fig) -> list[tuple[str, object]]:  # noqa: ANN001
    """Every visible, non-empty text of ``fig`` with its box as matplotlib's renderer draws it."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [
        (t.get_text(), t.get_window_extent(renderer))
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip()
    ]


@pytest.mark.parametrize(
    ("lang", "orientation", "window"),
    list(itertools.product(("en", "zh"), ("vertical", "horizontal"), WINDOWS)),
)
def test_no_two_texts_overlap_and_none_leaves_the_canvas(
    project: Project, graph, lang: str, orientation: str, window
) -> None:
    rows = timeline_rows(graph, project.queries, lang, *window)
    fig = draw(rows, lang, orientation, "both", "x", *window)
    boxes = _texts(fig)
    canvas = fig.bbox
    assert len(boxes) > 2 * len(rows)
    outside = [
        text
        for text, b in boxes
        if b.x0 < canvas.x0 or b.y0 < canvas.y0 or b.x1 > canvas.x1 or b.y1 > canvas.y1
    ]
    assert outside == []
    overlapping = [(t1, t2) for (t1, b1), (t2, b2) in itertools.combinations(boxes, 2) if b1.overlaps(b2)]
    assert overlapping == []
    if orientation == "horizontal":  # a 16:9 slide
        assert fig.get_size_inches()[0] / fig.get_size_inches()[1] == pytest.approx(16 / 9, rel=0.01)


def test_year_ticks_keep_a_minimum_spacing_and_clear_the_breaks() -> None:
    scale = make_scale(1998, 2025, [1998.4, 2002.0, 2015.5, 2019.4, 2021.3, 2023.4, 2024.2], 0.2, 3.0)
    assert len(scale.segments) == 2 and scale.segments[0][1] == 2003  # 2003-2014 hold nothing: cut
    ticks = year_ticks(scale, lambda s: 0.15, 4 / 72)
    labelled = [scale.x(y) for y, shown in ticks if shown]
    assert [y for y, shown in ticks if shown][:1] == [1998]  # the axis starts with a year
    assert 2015 in [y for y, shown in ticks if shown]  # and so does the part after the break
    assert all(b - a >= 0.15 + 4 / 72 for a, b in itertools.pairwise(sorted(labelled)))
    for year, _ in ticks:
        assert all(abs(scale.x(year) - b) >= GAP / 2 - 1e-9 for b in scale.breaks)


def test_one_row_per_instrument_with_its_dates_and_periods(project: Project, graph) -> None:
    rows = {r.slug: r for r in timeline_rows(graph, project.queries, "en", 1998, 2024)}
    rmhgr = rows["rmhgr"]
    assert (rmhgr.issued.day, rmhgr.in_force.day) == ("2019-05-28", "2019-07-01")
    assert [(p.start.day, p.end and p.end.day) for p in rmhgr.periods] == [
        ("2019-07-01", "2024-05-01"),
        ("2024-05-01", None),
    ]
    assert [
        (a.slug if hasattr(a, "slug") else a.iri.rsplit("/", 1)[1], a.issued.day, a.in_force.day)
        for a in rmhgr.amendments
    ] == [("state-council-decision-2024", "2024-03-10", "2024-05-01")]
    bsl = rows["biosecurity-law"]
    assert (bsl.issued.day, bsl.in_force.day, bsl.study_year) == ("2020-10-17", "2021-04-15", "2021")
    civil = rows["civil-code"]
    assert (civil.issued.day, civil.in_force.day) == ("2020-05-28", "2021-01-01")
    rules = [s for s in rows if "implementation-rules" in s]
    assert rules == ["implementation-rules-2023"]  # once, not once per event
    assert (rows[rules[0]].issued.day, rows[rules[0]].in_force.day) == ("2023-05-26", "2023-07-01")
    law = rows["criminal-law"]
    assert [a.issued.day for a in law.amendments] == ["2020-12-26", "2023-12-29"]  # marks on its band
    assert rows["interim-measures-1998"].in_force is None  # not recorded: no band, nothing invented
    assert rows["interim-measures-1998"].periods == []
    assert rows["event-2002-draft-regulations"].year_only.day == "2002"
    assert "state-council-decision-2024" not in rows and "criminal-law-amendment-11" not in rows
    assert rows["us-eo-14117"].kind == "foreign-instrument"


def test_every_date_drawn_is_the_graphs_with_its_citation(project: Project, graph) -> None:
    for row in timeline_rows(graph, project.queries, "en", None, None):
        for dated in row.dates():
            assert dated.source, (row.slug, dated)
            assert (URIRef(dated.source), RDF.type, HGR.Citation) in graph, dated


def _figure1_events(graph) -> dict[str, str]:  # noqa: ANN001
    found = {}
    for event in graph.subjects(DCTERMS.source, HGRID["cite-study-figure1"]):
        if (event, RDF.type, HGR.TimelineEvent) in graph:
            found[str(event)] = str(graph.value(event, HGR.eventDate) or graph.value(event, HGR.eventYear))
    return found


def _svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_every_event_of_figure1_appears_with_the_graphs_date(project: Project, graph) -> None:
    events = _figure1_events(graph)
    assert len(events) == 8
    rows = timeline_rows(graph, project.queries, "en", 1998, 2024)
    texts = " ".join(_svg_texts(timeline(graph, project.queries, "en", "svg", built="x")))
    for event, day in events.items():
        row = next(r for r in rows if event in r.events)
        assert any(d.day.startswith(day) for d in row.dates()), (event, day)  # a year: its dates' year
        assert day in texts, (event, day)
    # the study's year beside the graph's date where the two differ, explained in a footnote
    assert "(study: 2021³)" in texts or re.search(r"\(study: 2021[¹²³⁴⁵⁶⁷⁸⁹]\)", texts)
    assert TEXT["en"]["study_note"] in texts


def test_svg_keeps_text_as_text_with_fonts_named_and_a_title(project: Project, graph) -> None:
    for lang, label, font in (
        ("en", "Interim Measures (1998)", "DejaVu Sans"),
        ("zh", "人类遗传资源管理暂行办法", "WenQuanYi Zen Hei"),
    ):
        svg = timeline(graph, project.queries, lang, "svg", built="x")
        root = ET.fromstring(svg)
        title = root.find(f"{SVG}title")
        assert title is not None and title.text.startswith(TEXT[lang]["title"])
        texts = _svg_texts(svg)
        assert label in texts
        assert "2019-05-28 → 2019-07-01" in texts
        assert root.find(f"{SVG}defs/{SVG}path[@id]") is None  # no glyph outlines
        styles = [t.get("style", "") for t in root.iter(f"{SVG}text")]
        assert all(f"font-family: '{font}'" in s for s in styles)


def test_the_chinese_figure_is_chinese_and_translations_say_so(project: Project, graph) -> None:
    svg = timeline(graph, project.queries, "zh", "svg", built="x")
    texts = [t for t in _svg_texts(svg) if "hgr-kg" not in t]  # the source line names the tool
    assert [t for t in texts if re.search(r"[A-Za-z]", t)] == []
    joined = " ".join(texts)
    note = TEXT["zh"]["translation_note"]
    assert note in joined
    number = next(t.split()[0] for t in texts if t.endswith(note))
    mark = number.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    assert f"美国第14117号行政令（防止受关注国家获取美国人敏感个人数据）{mark}" in texts
    assert f"中华人民共和国生物安全法{mark}" not in texts  # an official title carries no such mark
    assert "中华人民共和国生物安全法" in texts


def test_notes_leave_the_labels_for_numbered_footnotes(project: Project, graph) -> None:
    texts = _svg_texts(timeline(graph, project.queries, "en", "svg", built="x"))
    assert not [t for t in texts if "as labelled" in t.lower() and not re.match(r"\d ", t)]
    assert any(re.fullmatch(r"draft regulations[¹²³⁴⁵] \*", t) for t in texts)
    assert any(re.match(r"\d Label as in the study's Figure 1; no 2002 draft", t) for t in texts)


def test_dates_option_chooses_the_marks_and_the_legend_says_so(project: Project, graph) -> None:
    shown = {}
    for dates in ("both", "promulgated", "in-force"):
        rows = timeline_rows(graph, project.queries, "en", 1998, 2024)
        svg = render(draw(rows, "en", "vertical", dates, "x"), ("svg",))["svg"]
        shown[dates] = (svg, _svg_texts(svg))
    assert b'id="band-rmhgr-0"' in shown["both"][0] and b'id="marker-rmhgr"' in shown["both"][0]
    assert (
        b'id="band-rmhgr-0"' not in shown["promulgated"][0]
        and b'id="marker-rmhgr"' in shown["promulgated"][0]
    )
    assert b'id="band-rmhgr-0"' in shown["in-force"][0] and b'id="marker-rmhgr"' not in shown["in-force"][0]
    assert (
        TEXT["en"]["issued"] in shown["promulgated"][1] and TEXT["en"]["band"] not in shown["promulgated"][1]
    )
    assert TEXT["en"]["band"] in shown["in-force"][1] and TEXT["en"]["issued"] not in shown["in-force"][1]
    assert "→ 2019-07-01" in shown["in-force"][1] and "2019-05-28" in shown["promulgated"][1]


def test_svg_is_byte_identical_for_the_same_graph(project: Project, graph) -> None:
    first = timeline(graph, project.queries, "en", "svg", built="x")
    assert first == timeline(graph, project.queries, "en", "svg", built="x")
    assert b"<dc:date>" not in first
    for slug in ("interim-measures-1998", "rmhgr", "us-eo-14117"):
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
    for orientation, width in (("vertical", 1050), ("horizontal", 4000)):
        png = timeline(graph, project.queries, "zh", "png", orientation=orientation, built="x")
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(png[16:20], "big") == width  # 3.5 in (a column) or 13.33 in at 300 dpi


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
    assert b'id="label-event-test-added"' in svg and "2010-03-15" in " ".join(_svg_texts(svg))
    before = [r.slug for r in timeline_rows(graph, project_copy.queries, "en", 1998, 2024)]
    assert before.index("event-test-added") == before.index("event-2015-circular") - 1
    extra.write_text(extra.read_text().replace("2010-03-15", "2022-03-15"))
    after = [r.slug for r in timeline_rows(build_graph(project_copy), project_copy.queries, "en", 1998, 2024)]
    assert after[after.index("event-test-added") + 1] == "case-2023-hgr-trafficking"  # first of 2023


def test_range_and_kinds(project: Project, graph) -> None:
    rows = timeline_rows(graph, project.queries, "en", 2023, 2024, ["foreign-instrument"])
    assert {r.slug for r in rows} == {"us-biosecure-s3558", "us-eo-14117", "us-biosecure-hr8333"}
    later = timeline_rows(graph, project.queries, "en", 2025, 2025, ["foreign-instrument"])
    assert {r.slug for r in later} == {"us-doj-rule-28cfr202", "us-ndaa-fy2026"}  # published 2025-01-08
    assert "rmhgr" in {
        r.slug for r in timeline_rows(graph, project.queries, "en", 2024, 2024)
    }  # its revision
    with pytest.raises(HgrKgError, match="unknown kind"):
        timeline(graph, project.queries, kinds=["statute"])


def test_timeline_cli(tmp_path: Path, project: Project) -> None:
    out = tmp_path / "t.pdf"
    assert (
        main(
            [
                "--root",
                str(project.root),
                "timeline",
                "--lang",
                "zh",
                "--orientation",
                "horizontal",
                "--dates",
                "in-force",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"%PDF")
    old = tmp_path / "old.svg"  # --size, the old name of --orientation, still works
    assert main(["--root", str(project.root), "timeline", "--size", "slide", "-o", str(old)]) == 0
    assert ET.parse(old).getroot().get("width") == "960pt"  # 13.33 in: the slide
    assert (
        main(["--root", str(project.root), "timeline", "--from", "2030", "-o", str(tmp_path / "e.svg")]) == 2
    )
    assert not (tmp_path / "e.svg").exists()
