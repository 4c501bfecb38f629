"""Where the project's ontology, data and queries live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from hgr_kg.errors import HgrKgError

ENV_ROOT = "HGR_KG_ROOT"


@dataclass(frozen=True)
class Project:
    """The folders a command reads from. ``root`` holds ``ontology/``, ``data/`` and ``queries/``."""

    root: Path

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def shapes(self) -> Path:
        return self.ontology / "shapes.ttl"

    @classmethod
    def locate(cls, root: str | os.PathLike[str] | None = None) -> Project:
        """Find the project: an explicit root, then ``$HGR_KG_ROOT``, the checkout this package
        is in, and the current directory."""
        candidates: list[Path] = []
        if root is not None:
            candidates.append(Path(root))
        elif os.environ.get(ENV_ROOT):
            candidates.append(Path(os.environ[ENV_ROOT]))
        else:
            candidates += [Path(__file__).resolve().parent.parent, Path.cwd()]
        for candidate in candidates:
            try:
                if (candidate / "ontology").is_dir() and (candidate / "data").is_dir():
                    return cls(candidate.resolve())
            except OSError as err:  # a name too long, a loop of links
                given = "--root" if root is not None else f"${ENV_ROOT}" if os.environ.get(ENV_ROOT) else ""
                raise HgrKgError(f"{given} {candidate}: {err.strerror or err}".lstrip()) from None
        raise HgrKgError(
            f"no hgr-kg project (ontology/ and data/) found at {candidates[0]}; pass --root or set {ENV_ROOT}"
        )

    @property
    def records(self) -> Path:
        return self.data / "records"

    @property
    def texts(self) -> Path:
        return self.data / "texts"

    def text_files(self) -> list[Path]:
        """The statute texts (``data/texts/*.md`` but the folder's README), in a stable order."""
        return sorted(p for p in self.texts.glob("*.md") if p.name != "README.md")

    def curated_sources(self) -> list[Path]:
        """The ontology, the curated data (Turtle, CSVW) and the statute texts, in a stable order.
        Every CSVW metadata is checked (well-formed, its table there), and every CSV in ``data/`` must
        be described by one (``NAME.csv-metadata.json``): a table without is not silently left out."""
        from hgr_kg.sources.csvw_metadata import table_path

        files = sorted(self.ontology.glob("*.ttl"))
        files = [f for f in files if f.name != "shapes.ttl"]
        files += sorted(self.data.glob("*.ttl"))
        tables = sorted(self.data.glob("*.csv-metadata.json"))
        described = {table_path(metadata) for metadata in tables}  # each metadata checked, its CSV there
        for table in sorted(self.data.glob("*.csv")):
            if table.resolve() not in described:  # it would silently be left out of the graph
                hint = f"needs its CSVW metadata {table.name}-metadata.json (or move it out of data/)"
                raise HgrKgError(f"{table}: a table in data/ {hint}")
        return files + tables + self.text_files()

    def record_files(self) -> list[Path]:
        """The imported record-level files (N-Triples in ``data/records/``), in a stable order."""
        return sorted(self.records.glob("*.nt"))

    def sources(self) -> list[Path]:
        """Every source file a build reads, in a stable order."""
        return self.curated_sources() + self.record_files()
