"""``hgr-kg import batch FILE...``: the ministry's published permit lists, read as published.

The fixtures (tests/support/batches.py) are made here in the published layout, with synthetic
projects, organisations and approval numbers."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, SKOS

from hgr_kg.cli import main
from hgr_kg.errors import HgrKgError
from hgr_kg.graph.build import build_graph
from hgr_kg.namespaces import HGR, HGRID
from hgr_kg.paths import Project
from hgr_kg.sources.batch_layout import batch_of, find_titles, parse_date
from tests.support.batches import (
    DOCX_SECTIONS,
    HEADER_5,
    HEADER_8,
    HTML_SECTIONS,
    docx_file,
    html_page,
    pdf_file,
)

T3 = "中国人类遗传资源行政许可事项2021年第3批审批结果（公示）"  # full-width parentheses
T19 = "中国人类遗传资源行政许可事项2023年第19批审批结果（公示）"
T20 = "中国人类遗传资源行政许可事项2023年第20批审批结果(公示)"  # ASCII parentheses


def _import(project: Project, *args: str | Path) -> int:
    return main(["--root", str(project.root), "import", "batch", *map(str, args)])


def _error(capsys) -> str:  # noqa: ANN001
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


def _nothing_written(project: Project) -> None:
    records = project.data / "records"
    assert not records.exists() or not any(records.iterdir())


def test_title_dates_and_numbers_in_the_published_forms() -> None:
    assert find_titles(f"…{T3}…") == {(2021, 3): T3}
    assert find_titles("中国人类遗传资源行政许可事项２０２３年第十九批审批结果") == {
        (2023, 19): "中国人类遗传资源行政许可事项２０２３年第十九批审批结果"}  # fmt: skip
    with pytest.raises(HgrKgError, match="1990年第1批审批结果 gives no batch from 1998 to 2100"):
        batch_of("x.html", "中国人类遗传资源行政许可事项1990年第1批审批结果", None, None)
    forms = ("2023-07-05", "2023年7月5日", "2023.7.5", "2023/7/5", "２０２３－０７－０５",
             " 2023 年 7 月 5 日 ")  # fmt: skip
    for text in forms:
        assert parse_date(text) == date(2023, 7, 5), text
    for text in ("2023-02-30", "20230705", "2023-7", "July 5, 2023", ""):
        assert parse_date(text) is None, text


def test_html_docx_and_pdf_import_in_the_published_layout(project_copy: Project, tmp_path: Path,
                                                          capsys) -> None:  # fmt: skip
    files = [html_page(tmp_path / "b3.html", T3), docx_file(tmp_path / "b19.docx", T19),
             pdf_file(tmp_path / "b20.pdf", T20)]  # fmt: skip
    assert _import(project_copy, *files) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("imported 7 decisions (collection 3, export 1, international-collaboration 2, "
                             f"preservation 1) of {T3} (batch 2021-3, read as HTML, GB18030)")  # fmt: skip
    assert out[1].startswith(f"imported 4 decisions (collection 2, international-collaboration 2) of {T19} "
                             "(batch 2023-19, read as DOCX)")  # fmt: skip
    # the 40-row table runs over two pages, its header repeated on the second: 40 decisions, not 41
    assert out[2].startswith(f"imported 41 decisions (collection 1, international-collaboration 40) of {T20} "
                             "(batch 2023-20, read as PDF)")  # fmt: skip
    records = project_copy.data / "records"
    names = ["batch-2021-03.nt", "batch-2023-19.nt", "batch-2023-20.nt"]
    assert sorted(p.name for p in records.iterdir()) == names
    graph = build_graph(project_copy)
    counts = Counter(
        (int(graph.value(p, HGR.refYear)), str(graph.value(p, HGR.permitCategory)).rsplit("-", 1)[-1]
         if "international" not in str(graph.value(p, HGR.permitCategory)) else "gh")
        for p in graph.subjects(HGR.recordOf, None)
    )  # fmt: skip
    assert counts == {(2021, "collection"): 3, (2021, "preservation"): 1, (2021, "gh"): 2,
                      (2021, "export"): 1, (2023, "collection"): 3, (2023, "gh"): 42}  # fmt: skip


def test_each_decision_keeps_its_batch_as_source(project_copy: Project, tmp_path: Path) -> None:
    path = docx_file(tmp_path / "list.docx", T19)
    assert _import(project_copy, path) == 0
    graph = build_graph(project_copy)
    (permit,) = graph.subjects(HGR.normalisedNumber, Literal("2023gh0102"))
    assert graph.value(permit, DCTERMS.date) == Literal(date(2023, 7, 5))  # written 2023/7/5
    assert graph.value(permit, HGR.permitCategory) == HGRID["permit-international-collaboration"]
    assert graph.value(permit, HGR.decisionStatus) == HGRID["status-approved"]
    assert graph.value(permit, HGR.appliesProvision) == HGRID["rmhgr-2019"]
    assert str(graph.value(permit, DCTERMS.title)) == "测试国际合作研究四"
    cite = graph.value(permit, DCTERMS.source)
    assert str(graph.value(cite, HGR.locator)) == "list.docx, table 2, row 3"
    document = graph.value(cite, DCTERMS.isPartOf)
    assert document == HGRID["src-records-batch-2023-19"]
    assert graph.value(document, DCTERMS.title) == Literal(T19, lang="zh")
    assert graph.value(document, HGR.batchYear) == Literal(2023)
    assert graph.value(document, HGR.batchNumber) == Literal(19)
    assert graph.value(document, HGR.fileName) == Literal("list.docx")
    assert graph.value(document, HGR.fileSha256) == Literal(hashlib.sha256(path.read_bytes()).hexdigest())
    assert graph.value(document, HGR.sourceKind) == HGRID["sourcekind-official"]
    sponsor = graph.value(permit, HGR.sponsor)
    cro = graph.value(permit, HGR.contractResearchOrganisation)
    unit = graph.value(permit, HGR.dataUnit)
    holder = graph.value(permit, HGR.holder)
    labels = [str(graph.value(o, SKOS.prefLabel)) for o in (holder, sponsor, cro, unit)]
    assert labels == ["测试医院甲", "测试申办方公司F", "测试合同研究组织B", "测试检测公司C"]
    # 无 (none) in 检测/数据单位 is no organisation
    (other,) = graph.subjects(HGR.normalisedNumber, Literal("2023gh0101"))
    assert graph.value(other, HGR.dataUnit) is None


def test_an_approval_number_in_two_batches_is_refused(project_copy: Project, tmp_path: Path, capsys) -> None:
    assert _import(project_copy, docx_file(tmp_path / "b19.docx", T19)) == 0
    capsys.readouterr()
    row = ["2023cj 0102", "测试项目七", "测试医院丁", "2023-09-12"]
    later = html_page(tmp_path / "b20.html", T20, _section([row]))
    assert _import(project_copy, later) == 2
    assert _error(capsys) == ("hgr-kg: error: b20.html, table 1, row 2 (batch 2023-20): approval number "
                              "'2023cj 0102' is already imported as '2023CJ0102' in batch-2023-19.nt; "
                              "nothing imported")  # fmt: skip
    assert sorted(p.name for p in (project_copy.data / "records").iterdir()) == ["batch-2023-19.nt"]
    # importing the same batch again replaces it: no refusal
    assert _import(project_copy, docx_file(tmp_path / "b19.docx", T19)) == 0


def test_a_repeat_within_one_command_names_both_batches(project_copy: Project, tmp_path: Path,
                                                       capsys) -> None:  # fmt: skip
    one = html_page(tmp_path / "a.html", T3)
    dup = _section([["2021CJ0001", "测试项目八", "测试医院丁", "2021-05-01"]])
    two = html_page(tmp_path / "b.html", "中国人类遗传资源行政许可事项2021年第4批审批结果(公示)", dup)
    assert _import(project_copy, one, two) == 2
    assert _error(capsys) == ("hgr-kg: error: b.html, table 1, row 2 (batch 2021-4): approval number "
                              "'2021CJ0001' repeats a.html, table 1, row 2 (batch 2021-3) ('2021CJ0001') "
                              "(case, width, punctuation and spaces folded); nothing imported")  # fmt: skip
    _nothing_written(project_copy)
    assert _import(project_copy, one, html_page(tmp_path / "c.html", T3)) == 2
    assert _error(capsys) == "hgr-kg: error: c.html and a.html are both batch 2021-3; nothing imported"


def test_the_title_and_the_options(project_copy: Project, tmp_path: Path, capsys) -> None:
    path = html_page(tmp_path / "b3.html", T3)
    assert _import(project_copy, path, "--year", "2021", "--batch", "4") == 2
    said = f"b3.html: its title says {T3}, not --year 2021 --batch 4; nothing imported"
    assert _error(capsys) == f"hgr-kg: error: {said}"
    untitled = html_page(tmp_path / "untitled.html", "审批结果")
    assert _import(project_copy, untitled) == 2
    assert "untitled.html: no title 中国人类遗传资源行政许可事项YYYY年第N批审批结果 found" in _error(capsys)
    _nothing_written(project_copy)
    assert _import(project_copy, untitled, "--year", "2021", "--batch", "3") == 0
    assert "of no title in the file (batch 2021-3, read as HTML, GB18030)" in capsys.readouterr().out
    assert _import(project_copy, untitled, path, "--year", "2021", "--batch", "3") == 2
    assert "give one FILE with them" in _error(capsys)
    assert _import(project_copy, untitled, "--year", "21", "--batch", "3") == 2
    assert _error(capsys) == "hgr-kg: error: --year '21': a whole number from 1998 to 2100"


def _section(rows: list[list[str]], header: list[str] = HEADER_5,
             heading: str = "一、中国人类遗传资源采集审批") -> list:  # fmt: skip
    return [(heading, header, rows)]


BAD = {
    "seven-columns": (_section([["2021GH0001", "测试", "测试医院甲", "测试公司A", "/", "/", "2021-03-23"]],
                               HEADER_8[:6] + HEADER_8[7:]),
                      "bad.html: table 1, row 1: a header of 7 column(s) (序号, 审批号, 项目名称, "
                      "医疗机构(组长单位), 申办方, 合同研究组织, 批准时间) is neither the 5-column"),
    "row-cells": (_section([["2021CJ0001", "测试项目一", "测试医院甲", "2021-03-02", "多余"]]),
                  "bad.html: table 1, row 2: 6 cell(s) where the header has 5; nothing imported"),
    "number": (_section([["2021XX0001", "测试项目一", "测试医院甲", "2021-03-02"]]),
               "bad.html: table 1, row 2: approval number '2021XX0001' is malformed"),
    "date-year": (_section([["2021CJ0001", "测试项目一", "测试医院甲", "2022-03-02"]]),
                  "bad.html: table 1, row 2: 批准时间 2022-03-02 is more than a month outside the batch's "
                  "year 2021"),
    "date-form": (_section([["2021CJ0001", "测试项目一", "测试医院甲", "2021-02-30"]]),
                  "bad.html: table 1, row 2: 批准时间 '2021-02-30' is not a date"),
    "heading": (_section([["2021BC0001", "测试样本库一", "测试研究所丙", "2021-03-02"]]),
                "bad.html: table 1, row 2: approval number '2021BC0001' is preservation but the table's "
                "heading says 采集 (collection)"),
    "gh-in-5": (_section([["2021GH0001", "测试", "测试医院甲", "2021-03-02"]], heading="附表"),
                "bad.html: table 1, row 2: approval number '2021GH0001' is international-collaboration but "
                "the table has the 5-column header"),
    "applicant": (_section([["2021CJ0001", "测试项目一", "", "2021-03-02"]]),
                  "bad.html: table 1, row 2: 申请单位 is empty"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_table_or_row_is_refused_in_one_line(case: str, project_copy: Project, tmp_path: Path,
                                                   capsys) -> None:  # fmt: skip
    sections, message = BAD[case]
    good = docx_file(tmp_path / "good.docx", T19)  # a good file in the same command
    assert _import(project_copy, good, html_page(tmp_path / "bad.html", T3, sections)) == 2
    error = _error(capsys)
    assert error.startswith(f"hgr-kg: error: {message}"), error
    assert error.endswith("; nothing imported")
    _nothing_written(project_copy)


def test_hostile_files_are_refused(project_copy: Project, tmp_path: Path, capsys) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (3 << 20))  # 3 MiB of zeros: a few KiB packed
    assert bomb.stat().st_size < 64 << 10
    assert main(["--root", str(project_copy.root), "import", "batch", str(bomb), "--max-size", "1M"]) == 2
    assert _error(capsys) == ("hgr-kg: error: bomb.docx: the DOCX unpacks to 3 MiB, over the limit of 1 MiB "
                              "for an imported file (a zip bomb?); raise it with --max-size or "
                              "HGR_KG_MAX_IMPORT_SIZE; nothing imported")  # fmt: skip
    blank = tmp_path / "scan.pdf"
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(blank))
    page.rect(100, 100, 300, 300, fill=1)  # a picture of a page, no text
    page.save()
    assert _import(project_copy, blank) == 2
    said = "scan.pdf: the PDF has no text (a scanned image?); nothing imported"
    assert _error(capsys) == f"hgr-kg: error: {said}"
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    assert _import(project_copy, broken) == 2
    assert _error(capsys).startswith("hgr-kg: error: broken.pdf: ")
    other = tmp_path / "list.xls"
    other.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert _import(project_copy, other) == 2
    said = "list.xls: neither HTML, DOCX nor PDF (by its first bytes); nothing imported"
    assert _error(capsys) == f"hgr-kg: error: {said}"
    big = html_page(tmp_path / "big.html", T3)
    assert main(["--root", str(project_copy.root), "import", "batch", str(big), "--max-size", "1K"]) == 2
    assert "over the limit of 1 KiB for an imported file" in _error(capsys)
    notes = tmp_path / "notes.html"
    notes.write_bytes(f"<html><body><h1>{T3}</h1><table><tr><td>说明</td></tr></table></body></html>".encode())
    assert _import(project_copy, notes) == 2
    assert "notes.html: no permit table" in _error(capsys)
    _nothing_written(project_copy)


def test_encodings_of_a_page(project_copy: Project, tmp_path: Path, capsys) -> None:
    utf8 = html_page(tmp_path / "u.html", T3, encoding="utf-8", charset=None)  # no meta: UTF-8 tried first
    assert _import(project_copy, utf8) == 0
    assert "read as HTML, UTF-8" in capsys.readouterr().out
    bare = html_page(tmp_path / "g.html", T3, charset=None)  # GB18030 bytes, no meta: guessed
    assert _import(project_copy, bare) == 0
    assert "read as HTML, GB18030" in capsys.readouterr().out
    wrong = html_page(tmp_path / "w.html", T3, encoding="gb18030", charset="utf-8")  # a meta that lies
    assert _import(project_copy, wrong) == 2
    assert _error(capsys).startswith("hgr-kg: error: w.html:1: not valid UTF-8")


def test_docx_sections_are_the_fixture(tmp_path: Path) -> None:
    """The fixtures hold what the counts above assume (a guard on the test data itself)."""
    assert [len(rows) for _, _, rows in HTML_SECTIONS] == [3, 1, 2, 1]
    assert [len(rows) for _, _, rows in DOCX_SECTIONS] == [2, 2]


def test_the_audit_gives_the_records_totals_beside_table_1(project_copy: Project, tmp_path: Path) -> None:
    files = [html_page(tmp_path / "b3.html", T3), docx_file(tmp_path / "b19.docx", T19)]
    assert _import(project_copy, *files) == 0
    root = ["--root", str(project_copy.root), "--store", "memory", "audit"]
    assert main([*root, "-f", "json", "-o", str(tmp_path / "a.json")]) == 0
    records = json.loads((tmp_path / "a.json").read_text())["records"]
    assert records["covered"] == [2021, 2023] and records["not_covered"] == [2022, 2024]
    y2021, y2023 = records["years"]
    assert y2021["totals"] == [
        {"category": "collection", "records": 3, "table1": 1966, "difference": -1963},
        {"category": "preservation", "records": 1, "table1": 63, "difference": -62},
        {"category": "export", "records": 1, "table1": 0, "difference": 1},
        {"category": "international-collaboration", "records": 2, "table1": 3661, "difference": -3659},
    ]
    assert y2021["sources"] == [f"{T3} (batch 2021-3)"]
    assert [t["records"] for t in y2023["totals"]] == [2, 0, 0, 2]
    assert main([*root, "-f", "md", "-o", str(tmp_path / "a.md")]) == 0
    md = (tmp_path / "a.md").read_text()
    assert "Records cover: 2021, 2023. Not covered (no record): 2022, 2024." in md
    assert "| 2021 | collection | 3 | 1966 | -1963 |" in md
    assert "the totals **from the\nbatches imported**" in md


def test_no_records_and_a_hostile_file_name_in_the_audit(project_copy: Project, tmp_path: Path) -> None:
    root = ["--root", str(project_copy.root), "--store", "memory", "audit"]
    assert main([*root, "-f", "md", "-o", str(tmp_path / "none.md")]) == 0
    assert "no year is covered" in (tmp_path / "none.md").read_text()
    assert main([*root, "-f", "json", "-o", str(tmp_path / "none.json")]) == 0
    assert "records" not in json.loads((tmp_path / "none.json").read_text())  # the JSON keeps its shape
    sections = _section([["2022CJ0001", "测试项目九", "测试医院甲", "2022-04-01"]])
    hostile = html_page(tmp_path / "<script>alert(1)<.html", "审批结果", sections)  # untitled: its name
    assert _import(project_copy, hostile, "--year", "2022", "--batch", "1") == 0
    assert main([*root, "-f", "html", "-o", str(tmp_path / "a.html")]) == 0
    page = (tmp_path / "a.html").read_text()
    said = "&lt;script&gt;alert(1)&lt;.html (states no title; batch 2022-1 as given by --year and --batch)"
    assert said in page
    assert "<script>alert" not in page
    assert main([*root, "-f", "md", "-o", str(tmp_path / "a.md")]) == 0
    assert "\\<script>alert(1)" in (tmp_path / "a.md").read_text()


def test_a_pdf_past_the_memory_limit_is_refused_in_one_line(project_copy: Project, tmp_path: Path, capsys,
                                                            monkeypatch) -> None:  # fmt: skip
    """The tables are read as add text reads a PDF: in a child process under pdftext's memory limit (here
    lowered to 256 MiB): a content stream of 512 MiB of spaces, 2.2 MiB packed, which pdfplumber in this
    process unpacked to 1 GiB, stops the child."""
    from hgr_kg.sources import pdftext
    from tests.test_add_text import flate_bomb_pdf

    monkeypatch.setattr(pdftext, "MEMORY", 256 << 20)
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(flate_bomb_pdf(512 << 20, fill=b" "))
    assert bomb.stat().st_size < 3 << 20
    assert _import(project_copy, bomb) == 2
    assert _error(capsys) == ("hgr-kg: error: bomb.pdf: reading the PDF needed more than 256 MiB of memory; "
                              "refused; nothing imported")  # fmt: skip
    _nothing_written(project_copy)


def test_a_pdf_past_the_time_limit_is_refused_in_one_line(project_copy: Project, tmp_path: Path, capsys,
                                                          monkeypatch) -> None:  # fmt: skip
    """pdftext's time limit holds for the tables too (here lowered below a child's start)."""
    from hgr_kg.sources import pdftext

    monkeypatch.setattr(pdftext, "SECONDS", 0.01)
    assert _import(project_copy, pdf_file(tmp_path / "b20.pdf", T20)) == 2
    assert _error(capsys) == ("hgr-kg: error: b20.pdf: reading the PDF took more than 0.01 s; refused; "
                              "nothing imported")  # fmt: skip
    _nothing_written(project_copy)


ZIP_BOMBS = {  # what both commands say of it, then each its own limit and how to raise it
    "size": "bomb.docx: the DOCX unpacks to 3 MiB, over the limit of 1 MiB for ",
    "parts": "bomb.docx: 2001 parts in the DOCX (at most 2000)",
}


@pytest.mark.parametrize("bomb", sorted(ZIP_BOMBS))
def test_both_commands_refuse_a_zip_bomb_with_one_bound(bomb: str, project_copy: Project, tmp_path: Path,
                                                        capsys, monkeypatch) -> None:  # fmt: skip
    with zipfile.ZipFile(tmp_path / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (3 << 20) if bomb == "size" else b"<w:document/>")
        for index in range(2000 if bomb == "parts" else 0):
            archive.writestr(f"word/media/part{index}.xml", b"")
    monkeypatch.chdir(tmp_path)  # both name the file as given
    texts = main(["--root", str(project_copy.root), "add", "text", "bomb.docx", "--version", "rmhgr-2019",
                  "--source-url", "https://flk.npc.gov.cn/x", "--replace",
                  "--max-text-size", "1M"])  # fmt: skip
    assert texts == 2
    added = _error(capsys)
    assert _import(project_copy, "bomb.docx", "--max-size", "1M") == 2
    imported = _error(capsys)
    said = "hgr-kg: error: " + ZIP_BOMBS[bomb]
    limits = {"size": ("an official text's file (a zip bomb?); raise it with --max-text-size or "
                       "HGR_KG_MAX_TEXT_SIZE", "an imported file (a zip bomb?); raise it with --max-size or "
                       "HGR_KG_MAX_IMPORT_SIZE"), "parts": ("", "")}  # fmt: skip
    assert added == said + limits[bomb][0]
    assert imported == said + limits[bomb][1] + "; nothing imported"
    _nothing_written(project_copy)


def test_both_commands_refuse_a_part_that_unpacks_past_its_stated_size(project_copy: Project,
                                                                      tmp_path: Path, capsys,
                                                                      monkeypatch) -> None:  # fmt: skip
    """A part whose zip entry states 100 bytes (and their CRC) but which unpacks to 3 MiB: zipfile would cut
    it at 100 bytes, but only after unpacking it whole; both commands refuse it unread."""
    import struct
    import zlib

    with zipfile.ZipFile(tmp_path / "made.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (3 << 20))
    data = bytearray((tmp_path / "made.docx").read_bytes())
    crc = zlib.crc32(b"\0" * 100)
    for signature, at_crc, at_size in ((b"PK\x03\x04", 14, 22), (b"PK\x01\x02", 16, 24)):
        start = data.index(signature)
        struct.pack_into("<I", data, start + at_crc, crc)
        struct.pack_into("<I", data, start + at_size, 100)
    (tmp_path / "liar.docx").write_bytes(bytes(data))
    monkeypatch.chdir(tmp_path)
    said = ("hgr-kg: error: liar.docx: part 'word/document.xml' of the DOCX unpacks to more than the 100 "
            "bytes the zip states (a zip bomb?)")  # fmt: skip
    assert main(["--root", str(project_copy.root), "add", "text", "liar.docx", "--version", "rmhgr-2019",
                 "--source-url", "https://flk.npc.gov.cn/x", "--replace"]) == 2  # fmt: skip
    assert _error(capsys) == said
    assert _import(project_copy, "liar.docx") == 2
    assert _error(capsys) == said + "; nothing imported"
    _nothing_written(project_copy)


WORDS = "第一条 测试文字𠀀镕"  # a four-byte GB18030 character (in neither GB2312 nor GBK) and a GBK one


@pytest.mark.parametrize("label", ["gb2312", "GBK", "gb18030", "x-gbk", "cp936", "euc-cn"])
def test_both_commands_read_a_gb18030_page_the_same_way(label: str) -> None:
    """A page that names a GB encoding is read as GB18030, the superset its bytes may use, by both."""
    from hgr_kg.sources import batch_readers, htmltext

    page = f"<html><head><meta charset='{label}'></head><body><p>{WORDS}</p></body></html>"
    data = page.encode("gb18030")
    added = htmltext.read_html(data, "p.html")
    text, _, read_as = batch_readers.read_html(data, "p.html")
    assert added.lines == [WORDS] and WORDS in text
    assert added.encoding == f"gb18030 (the page's charset={label.lower()})" and read_as == "GB18030"
    declared = b'<?xml version="1.0" encoding="gbk"?>' + data.replace(f"charset='{label}'".encode(), b"")
    assert htmltext.read_html(declared, "p.html").lines == [WORDS]
    assert WORDS in batch_readers.read_html(declared, "p.html")[0]


BAD_PAGES = {
    "utf8-says-gbk": ("gbk", "utf-8", "p.html: the page says charset=gbk, but its bytes are UTF-8: a wrong "
                      "declaration"),
    "gb18030-says-utf8": ("utf-8", "gb18030", "p.html:1: not valid UTF-8 (charset=utf-8): byte 0xb5 at "
                          "offset 50 does not decode"),
    "rot13": ("rot13", "utf-8", "p.html: the page's meta charset: not a text encoding 'rot13'"),
    "unknown": ("x-no-such", "utf-8", "p.html: the page's meta charset: unknown encoding 'x-no-such'"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_PAGES))
def test_both_commands_refuse_a_page_the_same_way(case: str) -> None:
    from hgr_kg.sources import batch_readers, htmltext

    label, encoding, said = BAD_PAGES[case]
    data = f"<html><head><meta charset='{label}'></head><body><p>{WORDS}</p></body></html>".encode(encoding)
    with pytest.raises(HgrKgError) as added:
        htmltext.read_html(data, "p.html")
    with pytest.raises(HgrKgError) as imported:
        batch_readers.read_html(data, "p.html")
    assert str(added.value).startswith(said), str(added.value)
    assert str(imported.value).startswith(said), str(imported.value)
