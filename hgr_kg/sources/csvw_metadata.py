"""The checks of a CSVW table description (``data/NAME.csv-metadata.json``) that need no RDF: its
structure, its table's encoding and the table file it names. Kept apart from hgr_kg.sources.csvw, which maps
the table to RDF, so that a command that needs no graph (``search``) does not import rdflib."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import SOURCE, read_input
from hgr_kg.sources.decoding import lookup, read_text


def load_metadata(path: Path) -> dict[str, Any]:
    """The table description at ``path``, its structure checked (one-line errors naming the file)."""
    try:
        meta = json.loads(read_text(path))
    except json.JSONDecodeError as err:
        raise HgrKgError(f"{path}:{err.lineno}: malformed JSON: {err.msg}") from None
    if not isinstance(meta, dict) or "url" not in meta or "tableSchema" not in meta:
        raise HgrKgError(f"{path}:1: a CSVW table description needs 'url' and 'tableSchema'")
    if not isinstance(meta["url"], str):
        raise HgrKgError(f"{path}: 'url' must be a string")
    for key in ("tableSchema", "dialect"):
        if not isinstance(meta.get(key, {}), dict):
            raise HgrKgError(f"{path}: {key} must be an object")
    columns = meta["tableSchema"].get("columns", [])
    if not isinstance(columns, list):
        raise HgrKgError(f"{path}: tableSchema.columns must be a list")
    for number, column in enumerate(columns, start=1):
        if not isinstance(column, dict):
            raise HgrKgError(f"{path}: column {number} must be an object")
        if not column.get("virtual") and not isinstance(column.get("name"), str):
            raise HgrKgError(f"{path}: column {number} has no 'name'")
    return meta


def table_encoding(meta: dict[str, Any], path: Path) -> str:
    """The codec of the table: the CSVW ``dialect.encoding`` of the metadata at ``path``, or UTF-8."""
    declared = meta.get("dialect", {}).get("encoding", "utf-8")
    if not isinstance(declared, str):
        raise HgrKgError(f"{path}: dialect.encoding must be a string")
    return lookup(declared, f"{path}: dialect.encoding")


def resolve_table(meta: dict[str, Any], metadata_path: Path) -> Path:
    """The table that ``meta`` (read from ``metadata_path``) names, resolved: it must lie in the folder
    of the metadata, or below (a ``url`` such as ``/etc/passwd`` or ``../../x`` is refused unread)."""
    folder = metadata_path.parent.resolve()
    csv_path = (folder / meta["url"]).resolve()
    if not csv_path.is_relative_to(folder):
        outside = f"'url' {meta['url']!r} names a file outside {metadata_path.parent}"
        rule = "a table must be in the folder of its metadata (or below)"
        raise HgrKgError(f"{metadata_path}: {outside}; {rule}")
    return csv_path


def table_path(metadata_path: Path) -> Path:
    """The CSV file that the metadata at ``metadata_path`` describes (its ``url``), which must exist."""
    meta = load_metadata(metadata_path)
    csv_path = resolve_table(meta, metadata_path)
    if not csv_path.exists():
        raise HgrKgError(f"{metadata_path}: 'url' names {csv_path}, which does not exist")
    return csv_path


def table_files(path: Path) -> list[Path]:
    """The CSV file a CSVW metadata file describes (none if it cannot be read: the build says why)."""
    if not path.name.endswith(".csv-metadata.json"):
        return []
    try:
        meta = json.loads(read_input(path, SOURCE).decode("utf-8"))
        return [resolve_table(meta, path)] if isinstance(meta.get("url"), str) else []
    except (HgrKgError, UnicodeDecodeError, ValueError, AttributeError):
        return []
