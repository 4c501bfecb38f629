"""An HTML page's text as lines (see hgr_kg.sources.officialfile for what is read; the encoding is chosen
by hgr_kg.sources.htmlcharset, as for import batch)."""

from __future__ import annotations

import re

from hgr_kg.errors import HgrKgError
from hgr_kg.sources.htmlcharset import decode_page

BLOCKS = frozenset(("address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "div", "dl",
                    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
                    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody",
                    "td", "tfoot", "th", "thead", "tr", "ul"))  # fmt: skip
DROPPED = frozenset(("script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg"))
SPACE_RE = re.compile(r"[ \t\r\n\f]+")


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

    page = decode_page(data, name, given, "--encoding")
    encoding = f"{page.codec} ({page.how})"
    lines = clean_lines(page_lines(page.text, name))
    notes = [f"read as {encoding}", "the text of the page's body without script, style, noscript, template "
             "and comments; a block element (p, div, br, li, tr, td, headings ...) ends a line; white space "
             "inside a line collapsed to one space; each line stripped of leading and trailing white space"]
    return ReadFile("html", data, lines, f"lxml {version('lxml')}", notes, encoding)
