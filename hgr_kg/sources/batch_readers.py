"""Read a published permit list as it comes (HTML, DOCX or PDF) into its text and its tables.

Each reader gives the document's text (where its title is) and its tables as ``RawTable``s, each
with the text just above it (the section heading) and its rows with where they are: ``row N``, the
row's number in its table (HTML, DOCX), or ``page N`` (PDF). The format is told by the file's first
bytes, not its name. Hostile files are refused in one line: a DOCX whose parts unpack to more than
the import limit (a zip bomb), a PDF with no text (a scan), a file that is none of the three.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import IMPORT, format_size
from hgr_kg.sources.batch_layout import RawTable, clean
from hgr_kg.sources.decoding import decode

MAX_PAGES = 2000
MAX_PARTS = 2000
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
# the encodings a Chinese page names, read as the superset the bytes may use
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030"}


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


def html_text(data: bytes, name: str) -> tuple[str, str]:
    """The page as text and the encoding read: a UTF-8 byte-order mark, else the ``<meta charset>``
    (GB2312 and GBK read as GB18030, their superset), else UTF-8 or GB18030 (as ``decoding.decode``)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return decode(data, name)
    match = _CHARSET.search(data[:4096])
    if match:
        said = match.group(1).decode("ascii").lower()
        return decode(data, name, _SUPERSETS.get(said, said))
    return decode(data, name, guess=True)


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
    text, encoding = html_text(data, name)
    parser = _Tables()
    parser.feed(text)
    parser.close()
    return "\n".join(parser.text), parser.tables, encoding


def _unpacked(data: bytes, name: str) -> None:
    """Refuse a DOCX whose parts unpack to more than the import limit, by unpacking them (a zip's
    stated sizes may lie), or that is not a zip at all."""
    limit, total = IMPORT.value(), 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise HgrKgError(f"{name}: {len(parts)} parts in the DOCX (at most {MAX_PARTS}); "
                                 "nothing imported")  # fmt: skip
            for part in parts:
                with archive.open(part) as stream:
                    while chunk := stream.read(1 << 20):
                        total += len(chunk)
                        if total > limit:
                            raise HgrKgError(f"{name}: the DOCX unpacks to more than {format_size(limit)} "
                                             "(a zip bomb?); nothing imported")  # fmt: skip
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, ValueError) as err:
        raise HgrKgError(f"{name}: not a readable DOCX ({_said(err)}); nothing imported") from None


def read_docx(data: bytes, name: str) -> tuple[str, list[RawTable], str]:
    """The paragraphs and tables of a DOCX in body order (python-docx); a table's heading is the last
    paragraph with text before it."""
    _unpacked(data, name)
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises several kinds on a broken package
        raise HgrKgError(f"{name}: not a readable DOCX ({_said(err)}); nothing imported") from None
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
    """The text and ruled tables of a PDF, page by page (pdfplumber); a table's heading is the page's
    text between the previous table (or the top) and it."""
    import pdfplumber

    text: list[str] = []
    tables: list[RawTable] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise HgrKgError(f"{name}: {len(pdf.pages)} pages (at most {MAX_PAGES}); nothing imported")
            for number, page in enumerate(pdf.pages, start=1):
                text.append(page.extract_text() or "")
                top = 0.0
                for index, found in enumerate(page.find_tables()):
                    above = ""
                    if found.bbox[1] > top + 1:
                        above = page.crop((0, top, page.width, found.bbox[1])).extract_text() or ""
                    lines = [clean(line) for line in above.splitlines() if line.strip()]
                    heading = lines[-1] if lines else ""
                    table = RawTable(len(tables) + 1, heading, continued=index == 0 and number > 1)
                    table.rows = [(f"page {number}", [c or "" for c in row]) for row in found.extract()]
                    tables.append(table)
                    top = found.bbox[3]
    except HgrKgError:
        raise
    except Exception as err:  # pdfminer raises many kinds on a malformed file
        raise HgrKgError(f"{name}: not a readable PDF ({_said(err)}); nothing imported") from None
    if not "".join(text).strip():
        raise HgrKgError(f"{name}: the PDF has no text (a scanned image?); nothing imported")
    return "\n".join(text), tables, "PDF"


def read_document(data: bytes, name: str) -> tuple[str, list[RawTable], str]:
    """The text, the tables and how it was read (``HTML, GB18030``, ``DOCX``, ``PDF``) of a published list."""
    found = kind(data)
    if found == "pdf":
        return read_pdf(data, name)
    if found == "docx":
        return read_docx(data, name)
    if found == "html":
        text, tables, encoding = read_html(data, name)
        return text, tables, f"HTML, {encoding}"
    raise HgrKgError(f"{name}: neither HTML, DOCX nor PDF (by its first bytes); nothing imported")
