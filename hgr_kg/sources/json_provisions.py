"""A text whose body is a mirror's JSON file of provisions (header ``structure: json-provisions``).

Ansvar-Systems/chinese-law-mcp kept the national database's texts as JSON files (``data/seed/ID.json``):
``{"title": …, "provisions": [{"provision_ref": "1", "chapter": "第二章 …", "content": "…"}, …]}``, one
object per article, ``content`` the article's text with its paragraphs joined by ``\\n`` and without the
article's heading (第一条). The body of such a data/texts file is that JSON file byte for byte; this
module takes the text out of it: ``content`` decoded as a JSON string, split at ``\\n`` into paragraphs
(a line opening with （一） is an item), the article numbered by ``provision_ref`` (its printed number
第N条 is made from that key: the JSON does not print it), a chapter opened where ``chapter`` changes.
Every unit cites the line of the file that holds its ``"content":`` key.

The mirror's ``chapter`` key is one article early: the last article of a chapter carries the next
chapter's heading (its RMHGR 2024 puts 第二章 on Art. 10; the other mirror's text opens 第二章 before
Art. 11, and so for every chapter). A header ``chapter_key: late-by-one`` reads each article's chapter
from the key of the article before it (the first article: none); ``as-given`` (the default) takes the key
as it is. No chapter 1 heading is in these files, so the articles before 第二章 are in no chapter.
"""

from __future__ import annotations

import json
import re

from hgr_kg.errors import HgrKgError
from hgr_kg.sources.numerals import ARTICLE_RE, int_to_cn
from hgr_kg.sources.statute_reader import ITEM_RE, Statute, _Reader

CONTENT_RE = re.compile(r'^\s*"content": "')
REF_RE = re.compile(r"^[1-9][0-9]{0,3}$")


def content_lines(text: str, body_line: int) -> list[int]:
    """The file line of each provision's ``"content":`` key, in order (the mirror's JSON has one key
    a line)."""
    return [body_line + n for n, line in enumerate(text.split("\n")) if CONTENT_RE.match(line)]


def load_provisions(statute: Statute, text: str) -> dict:
    """The JSON document, checked to hold a list of provisions each with a number and a text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        line = statute.body_line + exc.lineno - 1
        raise HgrKgError(f"{statute.path}:{line}: the body is not JSON ({exc.msg})") from None
    provisions = data.get("provisions") if isinstance(data, dict) else None
    if not isinstance(provisions, list) or not provisions:
        raise HgrKgError(f"{statute.path}:{statute.body_line}: the JSON body has no 'provisions' list")
    for n, prov in enumerate(provisions, start=1):
        ok = isinstance(prov, dict) and isinstance(prov.get("content"), str)
        if not ok or not REF_RE.match(str(prov.get("provision_ref", ""))):
            raise HgrKgError(
                f"{statute.path}:{statute.body_line}: provision {n} needs a numeric 'provision_ref' "
                "and a 'content' string"
            )
    return data


def read_json_provisions(statute: Statute, text: str) -> None:
    """Fill ``statute`` (title, chapters, articles, paragraphs, items) from the JSON body ``text``."""
    data = load_provisions(statute, text)
    provisions = data["provisions"]
    lines = content_lines(text, statute.body_line)
    if len(lines) != len(provisions):
        raise HgrKgError(
            f"{statute.path}:{statute.body_line}: {len(provisions)} provisions but {len(lines)} "
            "'\"content\":' lines (the JSON must have one key a line)"
        )
    statute.title = data.get("title") if isinstance(data.get("title"), str) else None
    headings = [str(prov.get("chapter") or "").strip() for prov in provisions]
    if statute.header.get("chapter_key") == "late-by-one":
        headings = ["", *headings[:-1]]
    elif statute.header.get("chapter_key", "as-given") != "as-given":
        raise HgrKgError(f"{statute.path}: chapter_key must be 'as-given' or 'late-by-one'")
    reader, chapter = _Reader(statute), ""
    for prov, line, heading in zip(provisions, lines, headings, strict=True):
        if heading and heading != chapter:
            if not reader.heading(heading, line):
                raise HgrKgError(f"{statute.path}:{line}: unrecognised chapter: {heading}")
            chapter = heading
        _article(reader, int(prov["provision_ref"]), prov["content"], line)


def _article(reader: _Reader, number: int, content: str, line: int) -> None:
    pieces = [piece.rstrip() for piece in content.split("\n") if piece.strip()]
    if not pieces:
        raise HgrKgError(f"{reader.statute.path}:{line}: provision {number} has no text")
    first = f"第{int_to_cn(number)}条 {pieces[0]}"
    reader.start_article(ARTICLE_RE.match(first), first, line)
    for piece in pieces[1:]:
        item = ITEM_RE.match(piece)
        if item and reader.item(item, piece, line):
            continue
        reader.plain(piece, line)
