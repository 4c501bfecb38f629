"""Published permit lists in the ministry's layout, made by the tests: an HTML page (GB18030), a DOCX
(python-docx) and a PDF (reportlab, CID font STSong-Light).

Every project name, organisation and approval number here is SYNTHETIC (测试项目一, 测试医院甲,
CJ2099…-style numbers): invented for the tests, naming no real project, applicant or decision.
"""

from __future__ import annotations

import html
from pathlib import Path

HEADER_5 = ["序号", "审批号", "项目名称", "申请单位", "批准时间"]
HEADER_8 = ["序号", "审批号", "项目名称", "医疗机构(组长单位)", "申办方", "合同研究组织", "检测/数据单位",
            "批准时间"]  # fmt: skip

# (section heading, header, rows without 序号); synthetic throughout
HTML_SECTIONS = [
    ("一、中国人类遗传资源采集审批", HEADER_5, [
        ["2021CJ0001", "测试项目一", "测试医院甲", "2021-03-02"],
        ["2021CJ0002", "测试项目二", "测试大学乙", "2021年3月9日"],
        ["2021CJ0003", "测试项目三", "测试医院甲", "2021.3.16"],
    ]),
    ("二、中国人类遗传资源保藏审批", HEADER_5, [
        ["2021BC0001", "测试样本库一", "测试研究所丙", "2021/3/2"],
    ]),
    ("三、中国人类遗传资源国际科学研究合作审批", HEADER_8, [
        ["2021GH0001", "测试国际合作研究一", "测试医院甲", "测试申办方公司A", "测试合同研究组织B",
         "测试检测公司C", "2021-03-23"],
        ["2021GH0002", "测试国际合作研究二", "测试大学乙", "测试申办方公司D", "/",
         "测试检测公司C、测试数据公司E", "２０２１－０３－３０"],
    ]),
    ("四、中国人类遗传资源材料出境证明", HEADER_5, [
        ["2021CC0001", "测试出境项目一", "测试医院甲", "2021-03-30"],
    ]),
]  # fmt: skip


def numbered(rows: list[list[str]]) -> list[list[str]]:
    return [[str(i), *row] for i, row in enumerate(rows, start=1)]


def html_page(path: Path, title: str, sections=HTML_SECTIONS, encoding: str = "gb18030",  # noqa: ANN001
              charset: str | None = "gb2312") -> Path:  # fmt: skip
    """A page as the service platform publishes it: a ``<meta charset>`` (GB2312), the title in
    ``<title>`` and ``<h2>``, a layout table around, each section a heading and a ruled table."""
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    parts = [f"<!DOCTYPE html><html><head>{meta}<title>{html.escape(title)}</title></head><body>",
             "<table class='layout'><tr><td>", f"<h2>{html.escape(title)}</h2>"]  # fmt: skip
    for heading, header, rows in sections:
        parts.append(f"<p><strong>{html.escape(heading)}</strong></p>\n<table border='1'>\n")
        parts.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>\n")
        for row in numbered(rows):
            parts.append("<tr>" + "".join(f"<td>\n  {html.escape(c)}\n</td>" for c in row) + "</tr>\n")
        parts.append("</table>\n")
    parts.append("</td></tr></table><p>科学技术部</p></body></html>")
    path.write_bytes("".join(parts).encode(encoding))
    return path


DOCX_SECTIONS = [
    ("一、中国人类遗传资源采集审批", HEADER_5, [
        ["2023CJ0101", "测试项目四", "测试医院丁", "2023-06-28"],
        ["2023CJ0102", "测试项目五", "测试医院甲", "2023年7月5日"],
    ]),
    ("二、中国人类遗传资源国际科学研究合作审批", HEADER_8, [
        ["2023GH0101", "测试国际合作研究三", "测试医院丁", "测试申办方公司A", "测试合同研究组织B", "无",
         "2023-07-05"],
        ["2023GH0102", "测试国际合作研究四", "测试医院甲", "测试申办方公司F", "测试合同研究组织B",
         "测试检测公司C", "2023/7/5"],
    ]),
]  # fmt: skip


def docx_file(path: Path, title: str, sections=DOCX_SECTIONS) -> Path:  # noqa: ANN001
    from docx import Document

    document = Document()
    document.add_paragraph(title)
    for heading, header, rows in sections:
        document.add_paragraph(heading)
        table = document.add_table(rows=1, cols=len(header))
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        for row in numbered(rows):
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=False):
                cell.text = text
    document.save(str(path))
    return path


def pdf_rows(count: int) -> list[list[str]]:
    """``count`` synthetic international collaboration rows for a table that runs over pages."""
    return [[f"2023GH{200 + i:04d}", f"测试国际合作研究{i}", "测试医院甲", "测试申办方公司A",
             "测试合同研究组织B", "测试检测公司C", "2023-09-12"] for i in range(1, count + 1)]  # fmt: skip


PDF_SECTIONS = [
    ("一、中国人类遗传资源采集审批", HEADER_5, [
        ["2023CJ0201", "测试项目六", "测试大学乙", "2023-09-12"],
    ]),
    ("二、中国人类遗传资源国际科学研究合作审批", HEADER_8, pdf_rows(40)),
]  # fmt: skip


def pdf_file(path: Path, title: str, sections=PDF_SECTIONS) -> Path:  # noqa: ANN001
    """A ruled-table PDF (reportlab, STSong-Light); a long table runs over pages with its header
    repeated on each."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=10, leading=14)
    story = [Paragraph(title, style)]
    for heading, header, rows in sections:
        story.append(Paragraph(heading, style))
        table = Table([header, *numbered(rows)], repeatRows=1)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light", 8),
                                   ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))  # fmt: skip
        story.append(table)
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    return path
