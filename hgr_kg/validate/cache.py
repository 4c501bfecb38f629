"""The validation's cache, in the build folder: the curated graph's report, kept while no curated
source, shape, module of hgr-kg or library version changed (``validation_context``), and each record file's
results, kept while its content, those and the other files' decision numbers did not. An entry that
cannot be read, or is not of the expected form, counts as absent: that part is validated again."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from rdflib import Graph

from hgr_kg.atomic import write_file
from hgr_kg.errors import HgrKgError
from hgr_kg.graph.build import sources_digest
from hgr_kg.namespaces import bind_prefixes
from hgr_kg.paths import Project
from hgr_kg.validate.report import SEVERITY_NAMES, Report, Result


def validation_context(
    project: Project, curated_files: list[Path], shapes: Graph, digest: str | None = None
) -> str:
    """A digest that changes with any curated source, shape (not with blank node labels), module of
    hgr-kg, or version of pySHACL, rdflib and pyoxigraph: what a cached result was made from
    (``digest``: the curated sources' digest, where it was taken when they were read)."""
    digest = digest if digest is not None else sources_digest(project, curated_files)
    return f"{digest}:{shapes_digest(shapes)}:{_code_digest()}"


def shapes_digest(shapes: Graph) -> str:
    """A digest of ``shapes`` that does not depend on blank node labels: the sorted lines of its
    canonical form (pyoxigraph's canonicalisation, a few tens of ms; rdflib's ``to_isomorphic`` took
    3-4 s on the shapes graph)."""
    import hashlib

    import pyoxigraph as ox

    dataset = ox.Dataset(ox.parse(shapes.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)  # stable within a version (in the key)
    return hashlib.sha256("".join(sorted(f"{quad}\n" for quad in dataset)).encode()).hexdigest()


def _code_digest() -> str:
    """A digest of hgr-kg's modules, the rules the build derives facts by (hgr_kg.graph.derive) and
    the versions of the libraries that validate: the same sources give another graph or report when
    the code that reads or checks them changes."""
    import hashlib
    from importlib.metadata import version

    from hgr_kg.graph.rulefiles import rules_digest

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(f"\0rules {rules_digest()}".encode())
    for name in ("pyshacl", "rdflib", "pyoxigraph"):
        digest.update(f"\0{name} {version(name)}".encode())
    return digest.hexdigest()


_RESULT_FIELDS = set(Result.__dataclass_fields__)


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def read_cache(path: Path) -> dict[str, list[dict]]:
    """The validation cache: per record file, its results. A cache that cannot be read, or any entry
    not of the expected form, counts as absent (those files are validated again)."""
    stored = _read_json(path)
    if not isinstance(stored, dict):
        return {}
    return {key: results for key, results in stored.items() if isinstance(results, list)
            and all(_is_result(r) for r in results)}  # fmt: skip


def curated_cache(cache: Path) -> Path:
    """Where the curated graph's report is cached, next to the record files' ``cache``: its context,
    results and report graph."""
    return cache.with_name(f"{cache.stem}-curated{cache.suffix}")


def read_curated(path: Path, context: str) -> Report | None:
    """The curated graph's report as cached in ``path`` for ``context`` (``validation_context``), or None: no
    cache, another context, or an entry not of the expected form."""
    entry = _read_json(path)
    if not isinstance(entry, dict) or set(entry) != {"context", "results", "report"}:
        return None
    results, report = entry["results"], entry["report"]
    if entry["context"] != context or not isinstance(report, str) or not isinstance(results, list):
        return None
    if not all(_is_result(r) for r in results):
        return None
    graph = Graph()
    try:
        graph.parse(data=report, format="nt")
    except Exception:  # a damaged entry: validated again
        return None
    bind_prefixes(graph)
    found = [Result(**r) for r in results]
    return Report(conforms=not any(r.severity == "Violation" for r in found), results=found, graph=graph)


def curated_entry(report: Report, context: str) -> dict:
    return {"context": context, "results": [r.__dict__ for r in report.results],
            "report": report.graph.serialize(format="nt")}  # fmt: skip


def _is_result(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and set(entry) == _RESULT_FIELDS
        and entry["severity"] in SEVERITY_NAMES.values()
        and all(value is None or isinstance(value, str) for value in entry.values())
    )


def write_cache(path: Path, data: object) -> None:
    with contextlib.suppress(OSError, HgrKgError):  # a cache that cannot be written: slower next time
        write_file(path, json.dumps(data))
