"""Write files so that a failure never leaves a half-written output behind."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
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


GENERATIONS = ".build"


@contextlib.contextmanager
def file_set(folder: Path, names: Sequence[str]) -> Iterator[Path]:
    """Replace the files ``folder/NAME`` for every name as one set: a reader sees the old set or the
    new one, never a mix, even if the process dies half-way.

    Yields a fresh, empty folder to write every NAME into. On a normal exit the set is swapped in
    with one atomic rename: each ``folder/NAME`` is a link into ``folder/.build/current/``, and
    ``current`` a link to the newest generation ``folder/.build/g-*``, which the swap replaces; the
    older generations are then removed (a reader that opened one of their files keeps it). Other
    files in ``folder`` are left alone. On an exception the new files are removed and nothing is
    touched. One process swaps at a time (an OS lock on ``folder/.build/lock``). On a filesystem
    without symbolic links, each file is replaced atomically on its own instead.
    """
    generations = folder / GENERATIONS
    generations.mkdir(parents=True, exist_ok=True)
    fd = os.open(generations / "lock", os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        staging = Path(tempfile.mkdtemp(prefix="g-", dir=generations))
        try:
            os.chmod(staging, 0o777 & ~_umask())
            yield staging
            missing = [name for name in names if not (staging / name).is_file()]
            if missing:
                raise FileNotFoundError(f"not written: {', '.join(missing)}")
            _swap_in(folder, generations, staging, names)
        finally:
            if staging.exists() and _current(generations) != staging.name:
                shutil.rmtree(staging, ignore_errors=True)
    finally:
        os.close(fd)


def _current(generations: Path) -> str | None:
    try:
        return os.readlink(generations / "current")
    except OSError:
        return None


def _symlink(target: str, link: Path) -> None:
    """Make ``link`` a symbolic link to ``target``, replacing what is there in one rename."""
    tmp = link.parent / f".{link.name}.{os.getpid()}.{id(link)}.lnk"
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _swap_in(folder: Path, generations: Path, staging: Path, names: Sequence[str]) -> None:
    probe = generations / f".probe.{os.getpid()}"
    probe.unlink(missing_ok=True)
    try:
        os.symlink(staging.name, probe)
    except OSError:  # no symbolic links here: one file at a time
        for name in names:
            os.replace(staging / name, folder / name)
        return
    probe.unlink()
    links = {name: f"{GENERATIONS}/current/{name}" for name in names}
    stale = [n for n in names if not os.path.islink(folder / n) or os.readlink(folder / n) != links[n]]
    if stale and _current(generations) is None:
        # files from before: keep serving them (hard links, no copy) while the links are put in place
        old = Path(tempfile.mkdtemp(prefix="g-", dir=generations))
        os.chmod(old, 0o777 & ~_umask())
        for name in stale:
            if (folder / name).is_file():
                try:
                    os.link(folder / name, old / name, follow_symlinks=True)
                except OSError:
                    shutil.copyfile(folder / name, old / name)
        _symlink(old.name, generations / "current")
    for name in stale:
        _symlink(links[name], folder / name)
    _symlink(staging.name, generations / "current")  # the swap
    for entry in generations.iterdir():
        if entry.name.startswith("g-") and entry.name != staging.name:
            shutil.rmtree(entry, ignore_errors=True)
