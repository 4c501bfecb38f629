"""The bound on a DOCX's zip package, in one place for every command that reads a DOCX (``add text``
through hgr_kg.sources.officialfile, ``import batch`` through hgr_kg.sources.batch_readers).

A package is refused in one line, before python-docx reads it, if it is no zip, if it has more than
``MAX_PARTS`` parts, if its parts' sizes as the zip states them add up to more than the command's size
limit (a zip bomb), or if a part unpacks to more than the zip states. The last is checked by unpacking
each compressed part in chunks of 1 MiB, never more at once: zipfile cuts a part at its stated size,
but only after unpacking in one piece up to 2 GiB of what the part holds, so a stated size is a bound
only once it is known to be true.
"""

from __future__ import annotations

import copy
import io
import zipfile
import zlib

from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import Limit, format_size

MAX_PARTS = 2000
CHUNK = 1 << 20


def open_package(data: bytes, name: str, limit: Limit) -> zipfile.ZipFile:
    """The DOCX's zip, within ``limit`` (its unpacked parts) and ``MAX_PARTS``, with word/document.xml."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        parts = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as err:
        raise HgrKgError(f"{name}: not a DOCX file (not a zip package: {err})") from None
    if len(parts) > MAX_PARTS:
        raise HgrKgError(f"{name}: {len(parts)} parts in the DOCX (at most {MAX_PARTS})")
    total, most = sum(part.file_size for part in parts), limit.value()
    if total > most:
        raise HgrKgError(f"{name}: the DOCX unpacks to {format_size(total)}, over the limit of "
                         f"{format_size(most)} for {limit.what} (a zip bomb?); raise it with {limit.option} "
                         f"or {limit.env}")  # fmt: skip
    if "word/document.xml" not in package.namelist():
        raise HgrKgError(f"{name}: not a DOCX file (a zip without word/document.xml)")
    try:
        for part in parts:
            _true_size(package, part, name)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as err:
        raise HgrKgError(f"{name}: not a readable DOCX file (part {part.filename!r}: {err})") from None
    return package


def _true_size(package: zipfile.ZipFile, part: zipfile.ZipInfo, name: str) -> None:
    """Refuse ``part`` if it unpacks to more than its stated size (read in chunks, by its raw bytes)."""
    if part.flag_bits & 0x1:
        raise HgrKgError(f"{name}: part {part.filename!r} of the DOCX is encrypted")
    if part.compress_type == zipfile.ZIP_STORED:
        return  # read as it is stored, cut at its stated size
    if part.compress_type != zipfile.ZIP_DEFLATED:
        raise HgrKgError(f"{name}: part {part.filename!r} of the DOCX is compressed with method "
                         f"{part.compress_type}, not deflate")  # fmt: skip
    raw = copy.copy(part)  # the part's compressed bytes, as they are stored
    raw.compress_type, raw.file_size, raw.CRC = zipfile.ZIP_STORED, part.compress_size, None
    inflater, left = zlib.decompressobj(-zlib.MAX_WBITS), part.file_size
    with package.open(raw) as stream:
        while pending := inflater.unconsumed_tail or stream.read(CHUNK):
            left -= len(inflater.decompress(pending, CHUNK))
            if left < 0:
                raise HgrKgError(f"{name}: part {part.filename!r} of the DOCX unpacks to more than the "
                                 f"{format_size(part.file_size)} the zip states (a zip bomb?)")  # fmt: skip
