"""An official text as a user downloads it (DOCX, PDF or HTML) read into lines of text, one paragraph a line.

What each reader does, and nothing more (the text is never corrected):

- every form: each line loses its leading and trailing white space (the official files indent paragraphs
  with full-width spaces, U+3000), and empty lines are left out;
- DOCX (python-docx): one line per paragraph of the document body, in order, the paragraphs of table
  cells included; a line break inside a paragraph (``<w:br/>``) starts a new line. The package is checked
  before it is read, as import batch checks it (hgr_kg.sources.zipbound): a zip of more than 2000 parts,
  or whose parts would unpack to more than the size limit (a zip bomb), is refused;
- PDF (pdfminer.six, in a child process with a memory and a time limit): the text lines of each page,
  top to bottom; a line made only of a page number (``- 3 -``, ``3``) is left out; a line is joined to
  the line before it (a wrapped paragraph, joined with nothing between, as Chinese is) when the line
  before reaches the right margin and this one is not indented and does not open an article, a
  chapter or other heading, or an item. Each join and each page number left out is counted;
- HTML (lxml): the text of the page's ``body``, without ``script``, ``style``, ``noscript``,
  ``template``, ``head`` and comments; a block element (``p``, ``div``, ``br``, ``li``, ``tr``,
  headings, ...) ends a line; white space inside a line is collapsed as a browser does. The encoding is
  chosen as import batch chooses it (hgr_kg.sources.htmlcharset): ``--encoding`` if given, else the byte
  order mark, else the page's ``<meta charset>`` (GB2312 and GBK read as their superset GB18030), else
  UTF-8, else GB18030, always strictly: a byte that does not decode is refused naming its line and
  offset, and a page declared GB2312/GBK/GB18030 whose bytes are valid UTF-8 with non-ASCII characters
  (a wrong declaration) is refused.
"""

from __future__ import annotations

import io
from pathlib import Path

from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import OFFICIAL, read_input
from hgr_kg.sources.readfile import ReadFile, clean_lines
from hgr_kg.sources.zipbound import open_package

KINDS = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".xhtml": "html"}


def kind_of(path: Path, given: str | None) -> str:
    if given:
        return given
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise HgrKgError(f"{path}: cannot tell the kind of file from its name; give --kind docx, pdf or html")
    return kind


def read_official(path: Path, kind: str | None = None, encoding: str | None = None) -> ReadFile:
    """Read ``path`` (its kind from ``kind`` or its name) into lines; HgrKgError naming the file."""
    kind = kind_of(path, kind)
    data = read_input(path, OFFICIAL, str(path))
    if kind == "docx":
        found = read_docx(data, str(path))
    elif kind == "pdf":
        from hgr_kg.sources.pdftext import read_pdf

        found = read_pdf(path, data)
    else:
        from hgr_kg.sources.htmltext import read_html

        found = read_html(data, str(path), encoding)
    if not found.lines:
        raise HgrKgError(f"{path}: no text in this {kind.upper()} file"
                         + (" (an image-only or scanned PDF has none)" if kind == "pdf" else ""))  # fmt: skip
    return found


def read_docx(data: bytes, name: str) -> ReadFile:
    from importlib.metadata import version

    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    open_package(data, name, OFFICIAL)
    try:
        document = docx.Document(io.BytesIO(data))
        texts: list[str] = []
        for block in document.element.body.iterchildren():
            if block.tag == qn("w:p"):
                texts.append(Paragraph(block, document).text)
            elif block.tag == qn("w:tbl"):
                for row in Table(block, document).rows:
                    texts.extend(p.text for cell in row.cells for p in cell.paragraphs)
    except HgrKgError:
        raise
    except Exception as err:  # python-docx raises KeyError, ValueError, lxml errors, zipfile errors...
        first = (str(err).splitlines() or [type(err).__name__])[0]
        raise HgrKgError(f"{name}: not a readable DOCX file ({type(err).__name__}: {first})") from None
    lines = clean_lines(texts)
    return ReadFile("docx", data, lines, f"python-docx {version('python-docx')}",
                    ["one line per paragraph of the document body (table cells included); each line "
                     "stripped of leading and trailing white space; empty paragraphs left out"])  # fmt: skip
