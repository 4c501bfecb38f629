"""A PDF's text and ruled tables read with pdfplumber, page by page: what ``import batch`` reads of a
published list. This runs only in the child process of hgr_kg.sources.pdftext, under its memory and time
limits (``run_child(name, data, "tables")``), and gives back plain data only: for each page its text
and its tables, each table the text between the previous table (or the page's top) and it (where its
heading is) and its rows, each a list of strings (an empty cell ``""``)."""

from __future__ import annotations

MAX_PAGES = 2000


def pages_and_tables(data: bytes) -> dict:
    """``{"version": pdfplumber's, "pages": [{"text": str, "tables": [{"above": str, "rows": [[str]]}]}]}``,
    or ``{"error": ...}`` for a PDF of more than ``MAX_PAGES`` pages."""
    import io
    from importlib.metadata import version

    import pdfplumber

    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) > MAX_PAGES:
            return {"error": f"{len(pdf.pages)} pages (at most {MAX_PAGES})"}
        for page in pdf.pages:
            tables, top = [], 0.0
            for found in page.find_tables():
                above = ""
                if found.bbox[1] > top + 1:
                    above = page.crop((0, top, page.width, found.bbox[1])).extract_text() or ""
                rows = [[cell or "" for cell in row] for row in found.extract()]
                tables.append({"above": above, "rows": rows})
                top = found.bbox[3]
            pages.append({"text": page.extract_text() or "", "tables": tables})
    return {"version": version("pdfplumber"), "pages": pages}
