"""Bytes to text for every source the tool reads, with one-line errors naming the file and line.

UTF-8, with or without a byte-order mark, is the default everywhere. Record CSVs from Chinese
government sites are often GB18030: ``decode(..., guess=True)`` tries it (strictly) when the bytes
are not UTF-8, and an explicit ``encoding`` is used strictly as given.
"""

from __future__ import annotations

import codecs

from hgr_kg.errors import HgrKgError

BOM = codecs.BOM_UTF8
NAMES = {"utf-8": "UTF-8", "gb18030": "GB18030"}


def _name(codec: str) -> str:
    return NAMES.get(codec, codec.upper())


def _where(data: bytes, err: UnicodeDecodeError, offset: int = 0) -> str:
    start = err.start + offset
    line = data.count(b"\n", 0, start) + 1
    return f"{line}: byte 0x{data[start]:02x} at offset {start}"


def lookup(encoding: str, option: str = "--encoding") -> str:
    """The canonical codec name of ``encoding`` (``utf-8``, ``gb18030``...); an unknown one, or one that
    is not a text encoding (``rot13``, ``base64``: bytes to bytes or text to text), is an error."""
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise HgrKgError(f"{option} {encoding!r}: unknown encoding") from None
    if not getattr(codec, "_is_text_encoding", True):
        raise HgrKgError(f"{option} {encoding!r}: not a text encoding")
    return codec.name


def decode(data: bytes, where: str, encoding: str | None = None, guess: bool = False) -> tuple[str, str]:
    """``data`` as text and the name of the encoding read (``UTF-8``, ``UTF-8 with BOM``, ``GB18030``).

    ``encoding`` (a codec name) is used strictly; without it the text is UTF-8 (a BOM is dropped)
    or, with ``guess``, GB18030 when it is not UTF-8. Undecodable bytes raise one line naming
    ``where`` (the file), the line and the byte offset.
    """
    codec = lookup(encoding) if encoding is not None else "utf-8"
    bom = codec == "utf-8" and data.startswith(BOM)
    body = data[len(BOM) :] if bom else data
    said = "UTF-8 with BOM" if bom else _name(codec)
    try:
        return body.decode(codec).removeprefix("\ufeff"), said
    except UnicodeDecodeError as err:
        first = err
    if guess and encoding is None and not bom:
        try:  # (GB18030 has its own byte-order mark, read as U+FEFF)
            return data.decode("gb18030").removeprefix("\ufeff"), "GB18030"
        except UnicodeDecodeError:
            line, _, detail = _where(data, first).partition(": ")
            reason = f"neither UTF-8 nor GB18030 ({detail}); pass --encoding"
            raise HgrKgError(f"{where}:{line}: {reason}") from None
    line, _, detail = _where(data, first, len(BOM) if bom else 0).partition(": ")
    raise HgrKgError(f"{where}:{line}: not valid {said} ({detail})") from None


def read_text(path: object, where: str | None = None, encoding: str | None = None) -> str:
    """The text of the source file ``path`` (UTF-8, BOM allowed, unless ``encoding``), read within the
    limit of a source file (``hgr_kg.inputs``); errors name it."""
    from hgr_kg.inputs import SOURCE, read_input

    shown = where or str(path)
    return decode(read_input(str(path), SOURCE, shown), shown, encoding)[0]
