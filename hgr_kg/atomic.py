"""Write files so that a failure never leaves a half-written output behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_files(contents: Mapping[Path, bytes]) -> None:
    """Write every file to a temporary sibling first, then rename them all into place.

    If any write fails, the temporary files are removed and no target is touched.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in contents.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
            staged.append((Path(tmp), target))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)


def write_file(target: Path, data: bytes | str) -> None:
    """Atomically write one file (text is encoded as UTF-8)."""
    write_files({target: data.encode("utf-8") if isinstance(data, str) else data})
