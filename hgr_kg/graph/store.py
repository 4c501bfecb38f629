"""Where the graph lives: rdflib's memory store, or a persistent Oxigraph store (the default for
querying) behind the same rdflib ``Graph`` interface through ``oxrdflib``.

The Oxigraph store is kept in ``dist/store/`` and rebuilt only when a source file changed (a
fingerprint of every source's path, size, modification and change times and inode, taken *before*
the sources are read and compared again after the build: a source edited during the build makes it
build again). The curated sources go through the same build as ``hgr-kg build`` (so both stores
hold the same triples); record-level N-Triples files are bulk-loaded straight into Oxigraph without
passing through rdflib, which is what keeps loading hundreds of thousands of records fast.

Layout: ``dist/store/current.json`` names the current generation (a RocksDB folder
``dist/store/db-*``) and holds its fingerprint; it is replaced atomically, so a reader sees either
the old generation or the new one, whole. One process builds at a time, under an OS lock on
``dist/store.lock``; the others wait for it and then open the finished store read-only. Old
generations are removed after the swap: a reader that opened one keeps its open files. A store that
cannot be opened (a damaged file, a corrupt ``current.json``, ``dist/store`` not a folder) is rebuilt
with a one-line notice.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hgr_kg import __version__
from hgr_kg.atomic import write_file
from hgr_kg.errors import HgrKgError
from hgr_kg.graph.rulefiles import rules_digest
from hgr_kg.sources.csvw_metadata import table_files

if TYPE_CHECKING:  # opening a current store imports no rdflib (0.1-0.2 s): only building one does
    from rdflib import Graph

    from hgr_kg.paths import Project

ENGINES = ("oxigraph", "memory")
POINTER = "current.json"
LAYOUT = 2  # of dist/store; a store of another layout is rebuilt
BUILD_ATTEMPTS = 3  # builds while the sources keep changing under it, before serving a stale one


BUILD_CODE = ("sources", "graph")  # the subpackages whose modules build the graph, with the top level


def code_stamp(package: Path) -> list[list]:
    """The path, size and mtime of every module that builds the graph (``package``'s top-level modules
    and those of BUILD_CODE): a store built by other code is rebuilt, even under the same version
    number (a checkout, an edit), since the same sources may then give another graph."""
    stamp = []
    for folder in (package, *(package / name for name in BUILD_CODE)):
        for path in sorted(folder.glob("*.py")):
            stat = path.stat()
            stamp.append([path.relative_to(package).as_posix(), stat.st_size, stat.st_mtime_ns])
    return stamp


def fingerprint(project: Project) -> dict[str, Any]:
    """What the store is built from: every source's path, size, mtime, ctime and inode, the
    versions of hgr-kg and pyoxigraph, the store's layout, the rules the build derives facts by and
    the modules that build it (:func:`code_stamp`)."""
    import pyoxigraph as ox

    entries: list[list] = []
    for path in project.sources():
        for p in [path, *table_files(path)]:
            name = p.relative_to(project.root).as_posix() if p.is_relative_to(project.root) else str(p)
            try:
                stat = p.stat()
            except OSError:
                entries.append([name, None])
                continue
            entries.append([name, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino])
    return {"layout": LAYOUT, "hgr-kg": __version__, "pyoxigraph": ox.__version__, "sources": entries,
            "rules": rules_digest(), "code": code_stamp(Path(__file__).resolve().parent.parent)}


def load_ntriples(store: Any, path: Path) -> None:
    """Bulk-load an N-Triples file into a pyoxigraph store; a syntax error names the file and line."""
    import pyoxigraph as ox

    from hgr_kg.inputs import RECORDS, open_input

    try:
        with open_input(path, RECORDS) as handle:
            store.bulk_load(handle, format=ox.RdfFormat.N_TRIPLES)
    except (SyntaxError, ValueError) as err:
        raise HgrKgError(f"{path}: N-Triples syntax error: {err}") from None


def build_store(project: Project, folder: Path) -> None:
    """Load the project's sources into a new Oxigraph store in the (new or empty) ``folder``."""
    import pyoxigraph as ox

    from hgr_kg.graph.build import assemble

    curated = assemble(project.curated_sources())
    store = ox.Store(str(folder))
    store.bulk_load(curated.ntriples(), ox.RdfFormat.N_TRIPLES)
    for path in project.record_files():
        load_ntriples(store, path)
    store.flush()  # no optimize(): the canned record queries read the derived counts, not the decisions
    del store  # closed: only read-only handles from now on


class _Unusable(Exception):
    """The store is there but cannot be opened (the reason is the message)."""


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def _read_pointer(folder: Path) -> dict | None:
    """The current generation's record, or None when there is no store (or one of the first layout,
    a bare RocksDB folder, which is rebuilt silently)."""
    if not folder.exists() and not folder.is_symlink():
        return None
    if not folder.is_dir():
        raise _Unusable("not a folder")
    try:
        pointer = json.loads((folder / POINTER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        if (folder / "CURRENT").is_file():
            return None
        raise _Unusable(f"no {POINTER}") from None
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise _Unusable(f"{POINTER}: {_first_line(err)}") from None
    db = pointer.get("db") if isinstance(pointer, dict) else None
    if not isinstance(db, str) or not db.startswith("db-") or "/" in db:
        raise _Unusable(f"{POINTER}: not a store record")
    return pointer


def current_db(folder: Path) -> Path:
    """The folder of the store's current generation (after :func:`open_store`): what the server's
    query workers open read-only."""
    try:
        pointer = _read_pointer(folder)
    except _Unusable as err:
        raise HgrKgError(f"{folder}: {err}") from None
    if pointer is None:
        raise HgrKgError(f"{folder}: no store")
    return folder / pointer["db"]


def _open_current(folder: Path, project: Project) -> Any:
    """The store read-only if it is there and current; None if absent or out of date."""
    import pyoxigraph as ox

    pointer = _read_pointer(folder)
    if pointer is None or pointer.get("fingerprint") != fingerprint(project):
        return None
    try:
        return ox.Store.read_only(str(folder / pointer["db"]))
    except (OSError, RuntimeError, ValueError) as err:
        raise _Unusable(_first_line(err)) from None


@contextlib.contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """Hold an OS lock on ``lock`` (other processes wait; released if the process dies)."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _new_generation(project: Project, folder: Path) -> tuple[Path, dict | None]:
    """Build a new generation in ``folder``; its fingerprint, taken before the sources were read, or
    None if they kept changing during every attempt (then it is rebuilt on the next run)."""
    for attempt in range(1, BUILD_ATTEMPTS + 1):
        before = fingerprint(project)
        db = Path(tempfile.mkdtemp(prefix="db-", dir=folder))
        try:
            build_store(project, db)
        except BaseException:
            shutil.rmtree(db, ignore_errors=True)
            raise
        if fingerprint(project) == before:
            return db, before
        if attempt < BUILD_ATTEMPTS:
            shutil.rmtree(db, ignore_errors=True)
    return db, None


def _rebuild(project: Project, folder: Path) -> Any:
    """Build a new generation, swap it in, remove every other; the new store, read-only. The caller
    holds the lock."""
    import pyoxigraph as ox

    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        folder.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    (folder.parent / "store.fingerprint.json").unlink(missing_ok=True)  # of the first layout
    db, stamp = _new_generation(project, folder)
    write_file(folder / POINTER, json.dumps({"db": db.name, "fingerprint": stamp}))
    for entry in folder.iterdir():
        if entry.name not in (POINTER, db.name):
            _remove(entry)
    return ox.Store.read_only(str(db))


def _say_notice(message: str) -> None:
    print(f"hgr-kg: notice: {message}", file=sys.stderr)


def open_store(project: Project, folder: Path, notice: Callable[[str], None] = _say_notice) -> Any:
    """The project's Oxigraph store in ``folder``, read-only; built first (by one process at a
    time) if it is missing, out of date or cannot be opened (then with a ``notice``)."""
    with contextlib.suppress(_Unusable):  # decided under the lock: another process may be swapping
        store = _open_current(folder, project)
        if store is not None:
            return store
    try:
        with _exclusive(folder.parent / f"{folder.name}.lock"):
            reason = None
            try:
                store = _open_current(folder, project)  # another process may have built it meanwhile
                if store is not None:
                    return store
            except _Unusable as err:
                reason = str(err)
            store = _rebuild(project, folder)
    except OSError as err:
        raise HgrKgError(f"{folder}: cannot build the store: {err.strerror or _first_line(err)}") from None
    if reason is not None:
        notice(f"{folder} could not be opened ({reason}); rebuilt")
    return store


def open_graph(
    project: Project, engine: str = "oxigraph", folder: Path | None = None,
    notice: Callable[[str], None] = _say_notice,
) -> Graph:  # fmt: skip
    """The project's graph in ``engine``; the Oxigraph store is rebuilt first if a source changed."""
    from hgr_kg.graph.build import build_graph
    from hgr_kg.graph.memory import OxigraphGraph
    from hgr_kg.namespaces import bind_prefixes

    if engine == "memory":
        return build_graph(project)
    if engine != "oxigraph":
        raise HgrKgError(f"--store: {engine!r} is not one of {', '.join(ENGINES)}")
    graph = OxigraphGraph(open_store(project, folder or project.root / "dist" / "store", notice))
    bind_prefixes(graph)
    return graph
