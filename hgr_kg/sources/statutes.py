"""Statute texts (data/texts/*.md) read into parts, chapters, sections, articles, paragraphs and items.

A text file is a YAML front-matter header between two ``---`` lines, then the body as published by the
mirror (Markdown). The parse is pure: no graph, no network. Every unit keeps its number as printed
(第二十一条, （三）), its normalised number (21, 3; 第三百三十四条之一 -> "334-1"), its position, its
Chinese text and the line of the file it came from.

Headings are recognised by their words, not by the number of ``#`` (the mirrors differ): 第X编 (part),
第X分编 (sub-part, a plain line in the Civil Code), 第X章 (chapter), 第X节 (section), 附则
(supplementary provisions, also a plain line) and 附件X (annex: no articles are read inside one).
A paragraph (款) is a line of an article's text; an item (项) is a line opening with （一） or (一), and
belongs to the paragraph before it. A line opening with a circled number (① …) is an editor's note
(``Statute.notes``), not part of an article. ``<!-- … -->`` lines go to the preamble; one opening
``<!-- excerpt`` (in a file made of fragments) closes every open division and article, so that what
follows a gap is not put in the chapter before it. A file whose header says ``structure: decision``
(an amending decision: numbered items, not articles) is read as paragraphs only; one whose header says
``structure: json-provisions`` holds a mirror's JSON file (``hgr_kg.sources.json_provisions``).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hgr_kg.errors import HgrKgError
from hgr_kg.sources.statute_reader import ARTICLE_NUMBER_FORMS as ARTICLE_NUMBER_FORMS
from hgr_kg.sources.statute_reader import ARTICLE_RE as ARTICLE_RE
from hgr_kg.sources.statute_reader import DIGITS as DIGITS
from hgr_kg.sources.statute_reader import ITEM_RE as ITEM_RE
from hgr_kg.sources.statute_reader import KINDS as KINDS
from hgr_kg.sources.statute_reader import NUMERAL as NUMERAL
from hgr_kg.sources.statute_reader import RESTARTS as RESTARTS
from hgr_kg.sources.statute_reader import UNITS as UNITS
from hgr_kg.sources.statute_reader import Article as Article
from hgr_kg.sources.statute_reader import Division as Division
from hgr_kg.sources.statute_reader import Item as Item
from hgr_kg.sources.statute_reader import Paragraph as Paragraph
from hgr_kg.sources.statute_reader import Statute as Statute
from hgr_kg.sources.statute_reader import _Reader as _Reader
from hgr_kg.sources.statute_reader import article_number as article_number
from hgr_kg.sources.statute_reader import cn_numeral as cn_numeral
from hgr_kg.sources.statute_reader import git_blob_sha1 as git_blob_sha1
from hgr_kg.sources.statute_reader import int_to_cn as int_to_cn
from hgr_kg.sources.statute_reader import normalised_article as normalised_article
from hgr_kg.sources.statute_reader import split_header as split_header


def parse_statute(data: bytes, path: str = "<text>") -> Statute:
    """Parse a text file's bytes (header + body)."""
    header, body, body_line = split_header(data, path)
    statute = Statute(path, header, body, body_line)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body_line + body.count(b"\n", 0, exc.start)
        where = f"byte 0x{body[exc.start]:02x} at offset {len(data) - len(body) + exc.start}"
        raise HgrKgError(f"{path}:{line}: the body is not UTF-8 ({exc.reason}: {where})") from None
    if statute.structure == "decision":
        for offset, line in enumerate(text.split("\n")):
            if line.strip():
                statute.paragraphs.append(Paragraph(len(statute.paragraphs) + 1, line, body_line + offset))
        return statute
    if statute.structure == "json-provisions":
        from hgr_kg.sources.json_provisions import read_json_provisions

        read_json_provisions(statute, text)
        return statute
    if statute.structure != "articles":
        raise HgrKgError(
            f"{path}: structure must be 'articles', 'decision' or 'json-provisions', "
            f"not {statute.structure!r}"
        )
    reader = _Reader(statute)
    for offset, line in enumerate(text.split("\n")):
        if line.strip():
            reader.read(line.rstrip(), body_line + offset)
    return statute


def read_statute(path: str | Path) -> Statute:
    """Read and parse one data/texts file."""
    from hgr_kg.inputs import SOURCE, read_input

    return parse_statute(read_input(path, SOURCE), str(path))


def numbering_problems(statute: Statute) -> list[str]:
    """Every break in the numbering, as 'file:line: message' in line order: articles 1..N in order (an
    inserted 之一, 之二 … follows its base article), divisions numbered 1..n within their part or
    chapter, and items 1..n within their paragraph. An empty list means the numbering is whole."""
    found = _article_problems(statute) + _division_problems(statute) + _item_problems(statute)
    return [f"{statute.path}:{line}: {message}" for line, message in sorted(found)]


def _article_problems(statute: Statute) -> list[tuple[int, str]]:
    problems, last = [], (0, 0)
    for art in statute.articles:
        if (art.base, art.sub) not in ((last[0] + 1, 0), (last[0], last[1] + 1)):
            want = f"第{int_to_cn(last[0] + 1)}条"
            problems.append(
                (art.line, f"{art.number_printed} where {want} (or the next 之 article) was expected")
            )
        last = (art.base, art.sub)
    return problems


def _division_problems(statute: Statute) -> list[tuple[int, str]]:
    problems: list[tuple[int, str]] = []
    counters: dict[str, int] = {}
    stack: list[Division | Article] = list(reversed(statute.divisions))
    while stack:
        node = stack.pop()
        if not isinstance(node, Division):
            continue
        for kind in RESTARTS[node.kind]:
            counters[kind] = 0
        if node.number is not None and node.kind != "annex":
            expected = counters.get(node.kind, 0) + 1
            if node.number != expected:
                want = f"第{int_to_cn(expected)}{_unit(node.kind)}"
                problems.append((node.line, f"{node.number_printed} where {want} was expected"))
            counters[node.kind] = node.number
        stack.extend(reversed(node.children))
    return problems


def _item_problems(statute: Statute) -> list[tuple[int, str]]:
    problems = []
    for art in statute.articles:
        for para in art.paragraphs:
            for expected, item in enumerate(para.items, start=1):
                if item.number != expected:
                    want = f"（{int_to_cn(expected)}）"
                    problems.append(
                        (
                            item.line,
                            f"{art.number_printed} item {item.number_printed} where {want} was expected",
                        )
                    )
    return problems


def _unit(kind: str) -> str:
    return {v: k for k, v in KINDS.items()}[kind]


def comparable(text: str) -> str:
    """Text for comparing versions: NFKC folds the mirrors' ASCII and full-width punctuation together."""
    return unicodedata.normalize("NFKC", text)
