"""Read a published permit list as it comes (HTML, DOCX or PDF) into its text and its tables.

Each reader gives the document's text (where its title is) and its tables as ``RawTable``s, each
with the text just above it (the section heading) and its rows with where they are: ``row N``, the
row's number in its table (HTML, DOCX), or ``page N`` (PDF). The format is told by the file's first
bytes, not its name. Hostile files are refused in one line, as ``add text`` refuses them and by the
same code: a page's encoding is chosen and checked by hgr_kg.sources.htmlcharset, a DOCX's zip is
bounded by hgr_kg.sources.zipbound (parts, unpacked size against the import limit: a zip bomb), and a
PDF is read in hgr_kg.sources.pdftext's child process under its memory and time limits
(hgr_kg.sources.pdftables). A PDF with no text (a scan) and a file that is none of the three are
refused too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html.parser import HTMLParser

from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import IMPORT
from hgr_kg.sources.batch_layout import RawTable, clean
from hgr_kg.sources.htmlcharset import decode_page
from hgr_kg.sources.zipbound import open_package


def _said(err: BaseException) -> str:
    """An exception as one short line."""
    return f"{type(err).__name__}: {' '.join(str(err).split())}"[:200]


def kind(data: bytes) -> str:
    """``pdf``, ``docx`` or ``html`` from the first bytes; anything else is refused by the caller."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta", b"<table", b"<body")):
        return "html"
    return ""


_BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "td", "th", "caption", "title"}


@dataclass
class _Open:
    """A table being read: the table, its rows so far, the row and the cell being read."""

    table: RawTable
    rows: int = 0
    row: list[str] | None = None
    cell: list[str] | None = None


class _Tables(HTMLParser):
    """The tables of a page in the order they open (a table in a table's cell too), each with the
    last line of text between the previous table's start or end and its own start: its heading."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[RawTable] = []
        self.open: list[_Open] = []
        self.text: list[str] = []  # all text, for the title
        self.since: list[str] = []  # the text since a table last started or ended

    def _heading(self) -> str:
        lines = [clean(line) for line in "".join(self.since).split("\n") if line.strip()]
        return lines[-1] if lines else ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._data("\n")
        if tag == "table":
            table = RawTable(len(self.tables) + 1, self._heading())
            self.tables.append(table)
            self.open.append(_Open(table))
            self.since = []
        elif tag == "tr" and self.open:
            self._end_cell()
            self.open[-1].row = []
        elif tag in ("td", "th") and self.open and self.open[-1].row is not None:
            self._end_cell()
            self.open[-1].cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr" and self.open and self.open[-1].row is not None:
            self._end_cell()
            current = self.open[-1]
            current.rows += 1
            current.table.rows.append((f"row {current.rows}", current.row))
            current.row = None
        elif tag == "table" and self.open:
            self._end_cell()
            self.open.pop()
            self.since = []
        if tag in _BLOCKS:
            self._data("\n")

    def _end_cell(self) -> None:
        current = self.open[-1] if self.open else None
        if current is not None and current.cell is not None and current.row is not None:
            current.row.append("".join(current.cell))
            current.cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        self._data(data)

    def _data(self, data: str) -> None:
        self.since.append(data)
        if self.open and self.open[-1].cell is not None:
            self.open[-1].cell.append(data)


def read_html(data: bytes, name: str) -> tuple[str, list[RawTable], str]:
    """The page's text, its tables and the encoding read (``GB18030``, ``UTF-8``)."""
    page = decode_page(data, name)
    parser = _Tables()
    parser.feed(page.text)
    parser.close()
    return "\n".join(parser.text), parser.tables, page.codec.upper()


def read_docx(data: bytes, name: str) -> tuple[str, list[RawTable], str]:
    """The paragraphs and tables of a DOCX in body order (python-docx); a table's heading is the last
    paragraph with text before it."""
    open_package(data, name, IMPORT)
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises several kinds on a broken package
        raise HgrKgError(f"{name}: not a readable DOCX ({_said(err)})") from None
    text = [document.core_properties.title or ""]
    tables: list[RawTable] = []
    last = ""
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            words = Paragraph(element, document).text
            text.append(words)
            last = clean(words) or last
        elif tag == "tbl":
            table = RawTable(len(tables) + 1, last)
            for index, row in enumerate(Table(element, document).rows, start=1):
                table.rows.append((f"row {index}", [cell.text for cell in row.cells]))
            tables.append(table)
            last = ""
    return "\n".join(text), tables, "DOCX"


def read_pdf(data: bytes, name: str) -> tuple[str, list[RawTable], str]:
    """The text and ruled tables of a PDF, page by page (pdfplumber, in pdftext's child process); a
    table's heading is the last line of the page's text between the previous table (or the top) and it."""
    from hgr_kg.sources.pdftext import run_child

    text: list[str] = []
    tables: list[RawTable] = []
    for number, page in enumerate(run_child(name, data, "tables")["pages"], start=1):
        text.append(page["text"])
        for index, found in enumerate(page["tables"]):
            lines = [clean(line) for line in found["above"].splitlines() if line.strip()]
            table = RawTable(len(tables) + 1, lines[-1] if lines else "", continued=index == 0 and number > 1)
            table.rows = [(f"page {number}", row) for row in found["rows"]]
            tables.append(table)
    if not "".join(text).strip():
        raise HgrKgError(f"{name}: the PDF has no text (a scanned image?)")
    return "\n".join(text), tables, "PDF"


def read_document(data: bytes, name: str) -> tuple[str, list[RawTable], str]:
    """The text, the tables and how it was read (``HTML, GB18030``, ``DOCX``, ``PDF``) of a published list;
    a refusal is one line naming the file, ending "nothing imported"."""
    try:
        found = kind(data)
        if found == "pdf":
            return read_pdf(data, name)
        if found == "docx":
            return read_docx(data, name)
        if found == "html":
            text, tables, encoding = read_html(data, name)
            return text, tables, f"HTML, {encoding}"
        raise HgrKgError(f"{name}: neither HTML, DOCX nor PDF (by its first bytes)")
    except HgrKgError as err:
        raise HgrKgError(f"{err}; nothing imported") from None
