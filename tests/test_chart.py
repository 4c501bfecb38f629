"""`hgr-kg chart permits` (issue 24): the study's Table 1 drawn from the graph. The values drawn are
compared with data/table1.csv read here with the csv module, and each share with the one the study
reports beside its count (reported_share); the files are read back by independent readers (lxml for
the SVG, Pillow for the PNG) and the PNG was looked at."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from rdflib import Graph

from hgr_kg.cli import main
from hgr_kg.draw.permits import PERMITS, chart, marks, series
from hgr_kg.paths import Project
from tests.test_pages import served  # noqa: F401 (the fixture)

TABLE1 = Path(__file__).resolve().parent.parent / "data" / "table1.csv"
SVG = "{http://www.w3.org/2000/svg}"


def table1() -> list[dict]:
    with TABLE1.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_count_drawn_is_table_1s(graph: Graph) -> None:
    drawn = {(s.category, year): value for s in series(graph, "en", "counts") for year, value in s.points}
    expected = {(r["category"], int(r["year"])): float(r["count"]) for r in table1()}
    assert drawn == expected and len(drawn) == 28
    assert drawn[("collection", 2021)] == 1966 and drawn[("total-permits", 2024)] == 2214


def test_each_share_drawn_is_the_count_over_the_years_permits(graph: Graph) -> None:
    """Computed from the counts, not taken from the study's printed shares: it prints 17.27% for
    preservation in 2023, where 92 of 5,328 permits is 1.73% (the audit reports that claim as
    differing)."""
    drawn = {(s.category, year): value for s in series(graph, "en", "shares") for year, value in s.points}
    counts = {(r["category"], int(r["year"])): int(r["count"]) for r in table1()}
    total = {y: n for (c, y), n in counts.items() if c == "total-permits"}
    expected = {(c, y): 100 * n / total[y] for (c, y), n in counts.items() if c in PERMITS}
    assert drawn.keys() == expected.keys() and len(drawn) == 16
    assert all(drawn[key] == pytest.approx(value) for key, value in expected.items())
    assert drawn[("preservation", 2023)] == pytest.approx(1.7267, abs=1e-4)


def test_the_marks_are_the_hgr_instruments_entering_into_force_in_the_years_drawn(graph: Graph) -> None:
    assert [text for _, text in marks(graph, "en", 2021, 2024)] == [
        "Implementation Rules of the Regulations on the Management of Human Genetic Resources (2023-07-01)",
        "Regulations of the People's Republic of China on the Management of Human Genetic Resources "
        "(2024 revision) (2024-05-01)",
    ]
    assert [round(p, 3) for p, _ in marks(graph, "en", 2021, 2024)] == [2023.496, 2024.332]
    first_zh = [text for _, text in marks(graph, "zh", 2021, 2024)][0]
    assert first_zh == "人类遗传资源管理条例实施细则 (2023-07-01)"


@pytest.mark.parametrize(("lang", "legend"), [("en", "international collaboration permits"),
                                              ("zh", "国际合作科学研究许可")])  # fmt: skip
def test_the_svg_has_its_title_legend_and_notes_as_text(graph: Graph, lang: str, legend: str) -> None:
    root = etree.fromstring(chart(graph, lang, "counts", "svg"))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert legend in texts and "2021" in texts and "2024" in texts
    assert root.findtext(f"{SVG}title") == {"en": "Permits by year and category",
                                            "zh": "人类遗传资源行政许可（按年度和类别）"}[lang]  # fmt: skip
    assert any(t.startswith("1. ") and "(2023-07-01)" in t for t in texts)


def test_png_and_pdf_are_what_they_say(graph: Graph) -> None:
    image = Image.open(io.BytesIO(chart(graph, "en", "shares", "png")))
    assert image.format == "PNG" and image.size == (2550, 1500)  # 8.5 x 5 in at 300 dpi
    pdf = chart(graph, "zh", "counts", "pdf")
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


def test_the_command_writes_the_file_and_refuses_bad_options_in_one_line(
    project: Project, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "permits.svg"
    assert main(["--root", str(project.root), "chart", "permits", "--measure", "shares", "-o", str(out)]) == 0
    assert etree.fromstring(out.read_bytes()).findtext(f"{SVG}title") == "Share of the year's permits"
    with pytest.raises(SystemExit) as exit_:
        main(["--root", str(project.root), "chart", "permits", "--lang", "fr"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("hgr-kg chart: error: argument --lang: invalid choice: 'fr'")


def test_the_timeline_page_shows_the_permits_chart(served) -> None:  # noqa: F811
    from tests.test_pages import get

    status, _, body = get(f"{served}/timeline?lang=zh")
    assert status == 200 and 'src="/permits.svg?lang=zh&amp;measure=shares"' in body.decode("utf-8")
    status, kind, svg = get(f"{served}/permits.svg?lang=zh&measure=shares")
    assert status == 200 and kind.startswith("image/svg+xml")
    assert etree.fromstring(svg).findtext(f"{SVG}title") == "各类许可占当年许可总数的比例"
    assert get(f"{served}/permits.svg?measure=bars")[0] == 400
