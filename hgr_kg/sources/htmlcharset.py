"""The encoding of an HTML page, chosen in one place for every command that reads pages (``add text``
through hgr_kg.sources.htmltext, ``import batch`` through hgr_kg.sources.batch_readers).

``--encoding`` if given (add text has it), else the byte order mark (UTF-8, UTF-16), else the page's
own declaration in its first 4 KiB (``<?xml encoding>`` or ``<meta charset>``), else UTF-8 if the bytes
are UTF-8, else GB18030. A label of GB2312 or GBK (any of their names: gbk, x-gbk, cp936, euc-cn ...)
is read as their superset GB18030: the pages that declare them use GBK and GB18030 characters. The page
is always decoded strictly: a byte that does not decode is refused in one line naming the file, the
line and the byte offset; a page that declares a GB encoding but whose bytes are UTF-8 with non-ASCII
characters (a wrong declaration, which GB18030 would read as other characters) is refused too, and so
is a label that names no encoding or no text encoding (``rot13``).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from hgr_kg.errors import HgrKgError

META_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
XML_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.-]+)""", re.IGNORECASE)
# the labels of GB2312 and GBK that Python does not know (the WHATWG's), and the codecs read as GB18030
GB_LABELS = frozenset(("x-gbk", "chinese", "csgb2312", "csiso58gb231280", "gb_2312", "iso-ir-58"))
GB_CODECS = frozenset(("gb2312", "gbk", "gb18030"))
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True)
class PageText:
    """A page's text, the codec it was read with (``gb18030``) and why (``the page's charset=gbk``)."""

    text: str
    codec: str
    how: str


def declared(data: bytes) -> str | None:
    """The page's own declaration: ``<?xml encoding>`` or ``<meta charset>`` in its first 4 KiB."""
    found = XML_RE.match(data[:4096]) or META_RE.search(data[:4096])
    return found.group(1).decode("ascii").lower() if found else None


def decode_page(data: bytes, name: str, given: str | None = None, option: str | None = None) -> PageText:
    """The text of the page ``data`` (the file ``name``); ``given`` is the encoding the user gave with
    ``option`` (``--encoding``), which a refusal suggests when the command has it."""
    hint = f"; give {option}" if option else ""
    for bom, codec in BOMS:
        if not given and data.startswith(bom):
            text = _strict(data, len(bom), codec, name, "byte order mark", hint)
            return PageText(text, codec, "byte order mark")
    if given:
        codec = _codec(given, name, option or "the encoding given")
        return PageText(_strict(data, 0, codec, name, option or "given", hint), codec, option or "given")
    said = declared(data)
    if said:
        codec = _codec(said, name, "the page's meta charset")
        if codec == "gb18030" and not data.isascii() and _is_utf8(data):
            right = f"{hint} utf-8 (or the right one)" if hint else ""
            raise HgrKgError(f"{name}: the page says charset={said}, but its bytes are UTF-8: a wrong "
                             f"declaration{right}")  # fmt: skip
        return PageText(_strict(data, 0, codec, name, f"charset={said}", hint), codec,
                        f"the page's charset={said}")  # fmt: skip
    if _is_utf8(data):
        return PageText(data.decode("utf-8"), "utf-8", "no declaration; the bytes are UTF-8")
    text = _strict(data, 0, "gb18030", name, "no declaration, not UTF-8", hint)
    return PageText(text, "gb18030", "no declaration; not UTF-8")


def _codec(label: str, name: str, where: str) -> str:
    if label.lower() in GB_LABELS:
        return "gb18030"
    try:
        info = codecs.lookup(label)
    except LookupError:
        raise HgrKgError(f"{name}: {where}: unknown encoding {label!r}") from None
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64: not bytes to text
        raise HgrKgError(f"{name}: {where}: not a text encoding {label!r}")
    return "gb18030" if info.name in GB_CODECS else info.name


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _strict(data: bytes, start: int, codec: str, name: str, why: str, hint: str) -> str:
    """``data`` from ``start`` decoded strictly, or one line naming the byte at fault in the file."""
    try:
        return data[start:].decode(codec)
    except UnicodeDecodeError as err:
        offset = start + err.start
        line = data.count(b"\n", 0, offset) + 1
        raise HgrKgError(f"{name}:{line}: not valid {codec.upper()} ({why}): byte 0x{data[offset]:02x} at "
                         f"offset {offset} does not decode{hint}") from None  # fmt: skip
