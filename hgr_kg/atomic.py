"""Write files so that a failure never leaves a half-written output behind.

A target is written through a symlink to the file it names; a target that is not a regular file (a
folder, a device such as /dev/null, a pipe, a socket, a descriptor under /proc/self/fd, anything in
/proc or /sys) is refused, never replaced. A file that exists keeps its mode and, where permitted,
its owner. A failed write (a full disk, a read-only location, Ctrl-C) removes its temporary file; one
that a killed process left (``.NAME.PID.XXXX.tmp``, its process gone) is removed by the next write.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from hgr_kg.errors import HgrKgError

# pseudo file systems: their "files" are kernel interfaces or open descriptors (/proc/self/fd/1)
PSEUDO = ("/proc", "/sys")
_KINDS = {stat.S_IFDIR: "a folder", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFIFO: "a pipe", stat.S_IFSOCK: "a socket"}  # fmt: skip
_ADVICE = "write to stdout and redirect instead"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _in_pseudo(path: str) -> str | None:
    return next((root for root in PSEUDO if path == root or path.startswith(root + "/")), None)


def resolve_target(target: str | os.PathLike[str], name: str | None = None) -> Path:
    """The regular file (existing or to be made) that writing ``target`` replaces.

    Symlinks are followed one by one, so a chain through /proc (``/dev/stdout`` ->
    ``/proc/self/fd/1``) is seen even when it ends at a regular file. ``name`` is how messages
    call the target (default: the path). Raises HgrKgError for anything but a regular file.
    """
    shown = name or str(target)
    if str(target) == "":
        raise HgrKgError(f"{shown}: an empty file name; give a file name, or - for stdout")
    path = os.path.abspath(target)
    for _ in range(40):
        path = os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))
        root = _in_pseudo(path)
        if root is not None:
            where = f"in {root}" if path == os.path.abspath(target) else f"leads to {path}, in {root}"
            raise HgrKgError(f"{shown}: {where}, not a regular file; {_ADVICE}")
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return Path(path)  # a new file (its folder is made when written)
        except OSError as err:
            raise HgrKgError(f"{shown}: cannot write: {err.strerror}") from None
        if stat.S_ISLNK(info.st_mode):
            path = os.path.join(os.path.dirname(path), os.readlink(path))
            continue
        if stat.S_ISREG(info.st_mode):
            return Path(path)
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "a special file")
        advice = "give a file name" if stat.S_ISDIR(info.st_mode) else _ADVICE
        raise HgrKgError(f"{shown}: {kind}, not a regular file; {advice}")
    raise HgrKgError(f"{shown}: too many levels of symbolic links")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)  # a full disk may only say so here; the data is on disk before the rename


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # (PermissionError: another user's process)
        return True
    return True


def remove_stale(target: Path) -> None:
    """Remove the temporary files of ``target`` (``.NAME.PID.XXXX.tmp``) left by a writer that died
    (``kill -9``, a power cut) before it could remove them; a running writer's are kept."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.([0-9]+)\.[^.]+\.tmp")
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            found = pattern.fullmatch(entry.name)
            if found and int(found.group(1)) != os.getpid() and not _alive(int(found.group(1))):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _stage(target: Path, data: bytes, staged: list[Path]) -> None:
    """Write ``data`` to a temporary sibling of ``target`` (appended to ``staged`` first), named with
    this process's id so that the next writer can tell it from a running one's if this one dies."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    staged.append(Path(tmp))
    try:
        _write_all(fd, data)
        try:
            old = os.stat(target)
        except FileNotFoundError:
            os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        else:
            os.fchmod(fd, stat.S_IMODE(old.st_mode))
            if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                with contextlib.suppress(PermissionError):  # only root may give a file away
                    os.fchown(fd, old.st_uid, old.st_gid)
    finally:
        os.close(fd)


def write_files(contents: Mapping[Path, bytes], names: Mapping[Path, str] | None = None) -> None:
    """Write every file to a temporary sibling first, then rename them all into place.

    Every target is checked before anything is written; if a write fails, the temporary files are
    removed and no target is touched (a failure among the renames themselves, rare, leaves the
    targets renamed so far). Errors are HgrKgError naming the target (as ``names`` gives it, else
    its path).
    """
    names = names or {}
    resolved = {target: resolve_target(target, names.get(target)) for target in contents}
    staged: list[Path] = []
    current = None
    try:
        for target, data in contents.items():
            current = target
            _stage(resolved[target], data, staged)
        for (target, real), tmp in zip(resolved.items(), staged, strict=True):
            current = target
            os.replace(tmp, real)
    except OSError as err:
        raise HgrKgError(f"{names.get(current, current)}: cannot write: {err.strerror or err}") from None
    finally:
        for tmp in staged:
            tmp.unlink(missing_ok=True)  # after the renames there is none left


def write_file(target: Path, data: bytes | str, name: str | None = None) -> None:
    """Atomically write one file (text is encoded as UTF-8); ``name`` is how errors call it."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    write_files({target: payload}, {target: name} if name else None)


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
