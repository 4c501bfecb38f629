"""An HTML page's text as lines (see hgr_kg.sources.officialfile for what is read and how the encoding
is chosen)."""

from __future__ import annotations

import codecs
import re

from hgr_kg.errors import HgrKgError

BLOCKS = frozenset(("address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "div", "dl",
                    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
                    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody",
                    "td", "tfoot", "th", "thead", "tr", "ul"))  # fmt: skip
DROPPED = frozenset(("script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg"))
META_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
XML_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.-]+)""", re.IGNORECASE)
GB = ("gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312")
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
SPACE_RE = re.compile(r"[ \t\r\n\f]+")


def declared(data: bytes) -> str | None:
    """The page's own declaration: ``<?xml encoding>`` or ``<meta charset>`` in its first 4 KiB."""
    found = XML_RE.match(data[:4096]) or META_RE.search(data[:4096])
    return found.group(1).decode("ascii").lower() if found else None


def decode(data: bytes, name: str, given: str | None) -> tuple[str, str]:
    """(the text, the encoding it was read as and why)."""
    for bom, codec in BOMS:
        if not given and data.startswith(bom):
            return _strict(data[len(bom) :], codec, name, "byte order mark"), f"{codec} (byte order mark)"
    if given:
        return _strict(data, _codec(given, name, "--encoding"), name, "--encoding"), f"{given} (--encoding)"
    said = declared(data)
    if said:
        codec = _codec(said, name, "the page's meta charset")
        if codec == "gb18030" and not data.isascii() and _is_utf8(data):
            raise HgrKgError(f"{name}: the page says charset={said}, but its bytes are UTF-8: a wrong "
                             "declaration; give --encoding utf-8 (or the right one)")  # fmt: skip
        return _strict(data, codec, name, f"charset={said}"), f"{codec} (the page's charset={said})"
    if _is_utf8(data):
        return data.decode("utf-8"), "utf-8 (no declaration; the bytes are UTF-8)"
    return _strict(data, "gb18030", name, "no declaration, not UTF-8"), "gb18030 (no declaration; not UTF-8)"


def _codec(label: str, name: str, where: str) -> str:
    if label.lower() in GB:
        return "gb18030"  # GB2312 and GBK are subsets: pages declare them and use GBK characters
    try:
        return codecs.lookup(label).name
    except LookupError:
        raise HgrKgError(f"{name}: {where}: unknown encoding {label!r}") from None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _strict(data: bytes, codec: str, name: str, why: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise HgrKgError(f"{name}: not {codec} ({why}): byte 0x{data[err.start]:02x} at offset {err.start} "
                         "does not decode; give --encoding") from None  # fmt: skip


def page_lines(text: str, name: str) -> list[str]:
    """The lines of the page's text: blocks end lines; script, style and the like are left out."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True,
                                  huge_tree=False)  # fmt: skip
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as err:
        raise HgrKgError(f"{name}: not a readable HTML page ({err})") from None
    fatal = parser.error_log.filter_from_fatals()
    if fatal:  # libxml2 stops there (a page nested over 256 deep): the rest of the text would be lost
        raise HgrKgError(f"{name}:{fatal[0].line}: the HTML parser stopped here ({fatal[0].message}); "
                         "the rest of the page would be lost, so it is refused")  # fmt: skip
    body = root.find("body")
    chunks: list[str] = []
    _walk(body if body is not None else root, chunks)
    return "".join(chunks).split("\0")


def _walk(element: object, chunks: list[str]) -> None:
    stack: list[tuple[object, bool]] = [(element, False)]
    while stack:  # no recursion: a page nested 100,000 deep is no problem
        node, closing = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""  # type: ignore[attr-defined]
        block = tag.lower() in BLOCKS
        if closing:
            if block:
                chunks.append("\0")
            _text(node.tail, chunks)  # type: ignore[attr-defined]
            continue
        if tag.lower() in DROPPED or not tag:
            _text(node.tail, chunks)  # type: ignore[attr-defined]
            continue
        if block:
            chunks.append("\0")
        _text(node.text, chunks)  # type: ignore[attr-defined]
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node)))  # type: ignore[call-overload]


def _text(text: str | None, chunks: list[str]) -> None:
    """Text as a browser shows it: each run of white space (line ends included) one space; a NUL
    (which no page shows) dropped, since it marks the end of a block here."""
    if text:
        chunks.append(SPACE_RE.sub(" ", text.replace("\0", "")))


def read_html(data: bytes, name: str, given: str | None = None):  # noqa: ANN201 (a ReadFile)
    from importlib.metadata import version

    from hgr_kg.sources.readfile import ReadFile, clean_lines

    text, encoding = decode(data, name, given)
    lines = clean_lines(page_lines(text, name))
    notes = [f"read as {encoding}", "the text of the page's body without script, style, noscript, template "
             "and comments; a block element (p, div, br, li, tr, td, headings ...) ends a line; white space "
             "inside a line collapsed to one space; each line stripped of leading and trailing white space"]
    return ReadFile("html", data, lines, f"lxml {version('lxml')}", notes, encoding)
