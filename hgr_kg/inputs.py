"""Read what comes in with bounds: the counterpart of hgr_kg.atomic for reading.

Every input file (a source in ``ontology/``, ``data/``, ``queries/``, a record file, the CSV of an
import, a query file) is opened without blocking (a pipe cannot hang the command), refused unless it
is a regular file (a folder, a device such as /dev/zero, a pipe, a socket), and refused when it is
larger than its limit; a read never takes more than the limit plus one byte, so a file that grows
while it is read is caught too. An endpoint's answer is read in chunks to its limit. Each refusal
is one line naming the file (or the endpoint) and the limit, and how to raise it: a command-line
option, or an environment variable, which a spawned worker process inherits.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from hgr_kg.errors import HgrKgError

KIB, MIB, GIB, TIB = 1 << 10, 1 << 20, 1 << 30, 1 << 40
_UNITS = (("TiB", TIB), ("GiB", GIB), ("MiB", MIB), ("KiB", KIB))
_FACTORS = {"": 1, "k": KIB, "m": MIB, "g": GIB, "t": TIB}
_SIZE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kmgt]?)(?:i?b)?\s*", re.IGNORECASE)
_KINDS = {stat.S_IFDIR: "a folder", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFIFO: "a pipe", stat.S_IFSOCK: "a socket"}  # fmt: skip
CHUNK = 1 << 20


def parse_size(text: str, name: str) -> int:
    """A size in bytes from ``64M``, ``64 MiB``, ``2G``, ``1.5G`` or a number of bytes (binary units);
    ``name`` (an option or a variable) is what a refusal names."""
    match = _SIZE.fullmatch(text)
    size = int(float(match.group(1)) * _FACTORS[match.group(2).lower()]) if match else 0
    if size <= 0:
        raise HgrKgError(f"{name} {text!r}: not a size (a number of bytes, or with a unit: 64M, 512MiB, 2G)")
    return size


def format_size(size: int) -> str:
    """``size`` bytes for a message: ``64 MiB``, ``2.5 GiB``, ``300 bytes``."""
    for unit, factor in _UNITS:
        if size >= factor:
            return f"{size // factor} {unit}" if size % factor == 0 else f"{size / factor:.1f} {unit}"
    return f"{size} bytes"


@dataclass(frozen=True)
class Limit:
    """The most bytes one input of a kind may hold: ``$env`` if set, else ``default``."""

    what: str  # "a source file"
    default: int
    env: str
    option: str

    def value(self) -> int:
        text = os.environ.get(self.env, "")
        return parse_size(text, self.env) if text.strip() else self.default

    def over(self, name: str, size: int | None = None) -> HgrKgError:
        """The refusal of ``name``, of ``size`` bytes (None: more than the limit, the size unknown)."""
        limit = format_size(self.value())
        amount = format_size(size) if size is not None else f"more than {limit}"
        return HgrKgError(f"{name}: {amount} is over the limit of {limit} for {self.what}; "
                          f"raise it with {self.option} or {self.env}")  # fmt: skip

    def help(self) -> str:
        """The sentence an option's --help gives."""
        default = format_size(self.default)
        return f"refuse {self.what} larger than SIZE (e.g. 64M, 2G; default {default}, or ${self.env})"


SOURCE = Limit("a source file", 64 * MIB, "HGR_KG_MAX_FILE_SIZE", "--max-file-size")
RECORDS = Limit("a record file", 2 * GIB, "HGR_KG_MAX_RECORD_SIZE", "--max-record-size")
IMPORT = Limit("an imported file", 512 * MIB, "HGR_KG_MAX_IMPORT_SIZE", "--max-size")
ANSWER = Limit("an endpoint's answer", 256 * MIB, "HGR_KG_MAX_ANSWER_SIZE", "--max-answer-size")
# a DOCX, PDF or HTML file of an official text (``add text``); a DOCX's parts count uncompressed
OFFICIAL = Limit("an official text's file", 32 * MIB, "HGR_KG_MAX_TEXT_SIZE", "--max-text-size")


# the options that set them (their argparse dest), see hgr_kg.cli.common.limits_set
LIMITS = {"max_file_size": SOURCE, "max_record_size": RECORDS, "max_size": IMPORT, "max_answer_size": ANSWER,
          "max_text_size": OFFICIAL}


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "a special file")


def _open_fd(path: str | os.PathLike[str], shown: str) -> int:
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(path, flags)  # O_NONBLOCK: opening a pipe with no writer returns at once
    except OSError as err:
        with contextlib.suppress(OSError):  # a socket cannot be opened at all: say what it is
            mode = os.stat(path).st_mode
            if not stat.S_ISREG(mode):
                raise HgrKgError(f"{shown}: {_kind(mode)}, not a regular file") from None
        raise HgrKgError(f"{shown}: cannot read: {err.strerror or err}") from None


@contextlib.contextmanager
def open_input(path: str | os.PathLike[str], limit: Limit, name: str | None = None) -> Iterator[BinaryIO]:
    """The regular file ``path`` opened for reading (binary, blocking again once checked), if it holds
    at most ``limit`` bytes. ``name`` is how refusals call it (default: the path)."""
    shown = name or str(path)
    fd = _open_fd(path, shown)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise HgrKgError(f"{shown}: {_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit.value():
            raise limit.over(shown, info.st_size)
        os.set_blocking(fd, True)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield handle


def read_input(path: str | os.PathLike[str], limit: Limit, name: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` (see ``open_input``)."""
    shown = name or str(path)
    with open_input(path, limit, shown) as handle:
        return read_bounded(handle, limit, shown)


class _Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


def read_bounded(handle: _Readable, limit: Limit, name: str) -> bytes:
    """Everything ``handle`` gives, read in chunks up to ``limit`` bytes (a stream, a pipe, an HTTP
    answer); one byte more is the refusal naming ``name``."""
    most = limit.value()
    parts, total = [], 0
    try:
        while total <= most:
            part = handle.read(min(CHUNK, most + 1 - total))
            if not part:
                return b"".join(parts)
            parts.append(part)
            total += len(part)
    except OSError as err:
        raise HgrKgError(f"{name}: cannot read: {err.strerror or err}") from None
    raise limit.over(name)


def digest_input(digest: object, path: str | os.PathLike[str], limit: Limit) -> None:
    """Add the bytes of ``path`` to the hash ``digest`` in chunks, bounded as ``read_input``; a file
    that is gone adds its error number instead (the digest then differs from any good one)."""
    try:
        os.stat(path)
    except OSError as err:
        digest.update(f"\0{err.errno}".encode())  # type: ignore[attr-defined]
        return
    with open_input(path, limit) as handle:
        total, most = 0, limit.value()
        while part := handle.read(CHUNK):
            total += len(part)
            if total > most:
                raise limit.over(str(path))
            digest.update(part)  # type: ignore[attr-defined]
