"""A PDF's text lines, read with pdfminer.six in a child process (``python -m hgr_kg.sources.pdftext``)
that may use at most ``MEMORY`` bytes and ``SECONDS`` seconds: a PDF's streams are compressed, and one
that unpacks to gigabytes must fail on its own, not take the machine with it. Import batch reads a
PDF's tables in the same child under the same limits (``run_child``, hgr_kg.sources.pdftables).

The child gives each page's text lines with their positions; the parent joins the lines of a wrapped
paragraph (see hgr_kg.sources.officialfile for the rule) and leaves out page numbers.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from hgr_kg.errors import HgrKgError
from hgr_kg.sources.numerals import ARTICLE_RE, NUMERAL

MEMORY = 1 << 30
SECONDS = 120
PAGE_NUMBER_RE = re.compile(r"^[-—–－ ]*[0-9]+[-—–－ ]*$")
# a line that opens a unit never continues the line before: an article, a division, 附则, an item
OPENS_RE = re.compile(rf"^(第[{NUMERAL}]+(分编|编|章|节)|附[ \u3000]*则$|[（(][{NUMERAL}]+[）)])")


def read_pdf(path: Path, data: bytes):  # noqa: ANN201 (a ReadFile; imported late to keep this module light)
    from hgr_kg.sources.readfile import ReadFile

    answer = run_child(str(path), data, "lines")
    lines, notes = join_lines(answer["pages"])
    return ReadFile("pdf", data, lines, f"pdfminer.six {answer['version']}", notes)


def run_child(name: str, data: bytes, task: str) -> dict:
    """What the child process makes of the PDF ``data`` (the file ``name``) under ``MEMORY`` and
    ``SECONDS``: for ``lines`` (add text) pdfminer's text lines, for ``tables`` (import batch)
    pdfplumber's text and tables (hgr_kg.sources.pdftables); plain data, read back as JSON. A child that
    stops, runs out of time or refuses the file is one HgrKgError naming the file."""
    import hgr_kg

    here = Path(hgr_kg.__file__).resolve().parent.parent  # the child runs this same package's code
    try:
        command = [sys.executable, "-m", "hgr_kg.sources.pdftext", str(MEMORY), task]
        done = subprocess.run(command, input=data, cwd=here, capture_output=True, timeout=SECONDS,
                              check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        raise HgrKgError(f"{name}: reading the PDF took more than {SECONDS} s; refused") from None
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise HgrKgError(f"{name}: the PDF could not be read (the reader stopped: exit {done.returncode}; "
                         f"over {MEMORY >> 20} MiB of memory?)") from None  # fmt: skip
    if "error" in answer:
        raise HgrKgError(f"{name}: {answer['error']}")
    return answer


def join_lines(pages: list[list[list]]) -> tuple[list[str], list[str]]:
    """The paragraphs of ``pages`` (each a list of [text, x0, x1, size] lines, top to bottom) and the
    words saying what was joined and left out."""
    out: list[str] = []
    joined = numbers = 0
    before = None  # (x1, right, size) of the line before, if it may continue
    for page in pages:
        lines = [line for line in page if line[0].strip()]
        numbers += sum(1 for line in lines if PAGE_NUMBER_RE.match(line[0].strip()))
        lines = [line for line in lines if not PAGE_NUMBER_RE.match(line[0].strip())]
        if not lines:
            continue
        left = min(line[1] for line in lines)
        right = max(line[2] for line in lines)
        for text, x0, x1, size in lines:
            text = text.strip(" \t\u3000\u00a0")
            indented = x0 > left + 0.5 * size
            opens = ARTICLE_RE.match(text) or OPENS_RE.match(text)
            if before is not None and out and not indented and not opens:
                out[-1] += text
                joined += 1
            else:
                out.append(text)
            before = (x1, right, size) if x1 >= right - 1.0 * size else None
    notes = [f"PDF text lines read top to bottom, page by page; {joined} lines joined to the line before "
             "(a wrapped paragraph: the line before reaches the right margin, this one is not indented "
             "and opens no article, heading or item), with nothing between them",
             f"{numbers} lines holding only a page number left out",
             "each line stripped of leading and trailing white space"]  # fmt: skip
    return out, notes


def _child(memory: int, task: str) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        if task == "tables":
            from hgr_kg.sources.pdftables import pages_and_tables as work
        else:
            work = _pages
        print(json.dumps(work(sys.stdin.buffer.read()), ensure_ascii=False))
    except Exception as err:  # pdfminer raises many kinds on a broken or hostile file
        print(json.dumps({"error": _refusal(err, memory)}))


def _refusal(err: BaseException, memory: int) -> str:
    """What ``err`` says of the PDF, seen through the errors that wrap it (pdfplumber's
    PdfminerException(error) around pdfminer's, a MemoryError among them)."""
    chain = [err]
    while len(chain) < 10:
        inner = chain[-1].__cause__ or chain[-1].__context__ or (chain[-1].args or [None])[0]
        if not isinstance(inner, BaseException) or inner in chain:
            break
        chain.append(inner)
    if any(isinstance(one, MemoryError) for one in chain):
        return f"reading the PDF needed more than {memory >> 20} MiB of memory; refused"
    first = (str(chain[-1]).splitlines() or [""])[0][:200]
    kind = type(chain[-1]).__name__
    if "Password" in kind or "Encrypt" in kind:
        return f"the PDF is encrypted and needs a password ({kind}); save an unencrypted copy"
    return f"not a readable PDF file ({kind}: {first})"


def _pages(data: bytes) -> dict:
    import io
    from importlib.metadata import version

    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine

    if not data.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        return {"error": "not a PDF file (no %PDF- header)"}
    pages = []
    for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
        lines = []
        for box in page:
            if isinstance(box, LTTextContainer):
                for line in box:
                    if isinstance(line, LTTextLine):
                        lines.append([line.get_text().rstrip("\n"), line.x0, line.x1, line.height, line.y1])
        lines.sort(key=lambda line: (-round(line[4], 0), line[1]))
        pages.append([line[:4] for line in _same_row(lines)])
    return {"version": version("pdfminer.six"), "pages": pages}


def _same_row(lines: list[list]) -> list[list]:
    """Lines on one baseline (pdfminer cuts a line at a wide gap) made one, left to right."""
    rows: list[list] = []
    for line in lines:
        last = rows[-1] if rows else None
        if last is not None and abs(last[4] - line[4]) < 0.3 * line[3] and line[1] >= last[2]:
            last[0] += " " + line[0]
            last[2] = line[2]
        else:
            rows.append(list(line))
    return rows


if __name__ == "__main__":
    _child(int(sys.argv[1]), sys.argv[2])
