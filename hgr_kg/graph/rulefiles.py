"""The build's rule files (``rules/*.rq``, see ``hgr_kg.graph.derive``) and their digest, which the
store's fingerprint holds: importable without rdflib, so that opening the store needs none."""

from __future__ import annotations

from pathlib import Path

RULES = Path(__file__).resolve().parent / "rules"


def rule_files() -> list[Path]:
    """The rule files, in the order they run (by name)."""
    return sorted(RULES.glob("*.rq"))


def rules_digest() -> str:
    """A digest of the rule files (names and texts): derived triples are current while it holds."""
    import hashlib

    digest = hashlib.sha256()
    for path in rule_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
