"""The ministry's published permit lists: ``hgr-kg import batch FILE...``.

Each file is one batch of licensing decisions (中国人类遗传资源行政许可事项YYYY年第N批审批结果(公示)) as
published: an HTML page, a DOCX or a PDF (``batch_readers``). Its permit tables (``batch_layout``)
become the same decisions as ``import permits`` makes from a CSV (``records``), one record collection
per batch, ``data/records/batch-YYYY-NN.nt``; the batch is the collection's source document (its
title, year and number, the file's name and SHA-256) and each decision's citation says where in it
the row is (``FILE, table 2, row 5`` or ``FILE, table 2, page 3``). An approval number that repeats,
in the same batch, in another file of the same command, or in a record file already imported, is
refused naming both places; so is anything else wrong, and then nothing is written.
"""

from __future__ import annotations

import gc
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal

from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import IMPORT, read_input
from hgr_kg.namespaces import HGR, HGRID
from hgr_kg.sources.batch_layout import Batch, batch_of, permit_rows
from hgr_kg.sources.batch_readers import read_document
from hgr_kg.sources.records import check_tolerance, imported_numbers, name_index, records_ntriples
from hgr_kg.sources.records_rows import normalise_number, slug


@dataclass
class BatchFile:
    """One file read and checked: its batch, its decisions (each with its locator), how it was read."""

    path: Path
    batch: Batch
    sha256: str
    read_as: str
    rows: list[tuple[str, dict[str, str]]]

    @property
    def name(self) -> str:
        return f"batch-{self.batch.year}-{self.batch.number:02d}"

    @property
    def label(self) -> str:
        return f"batch {self.batch.year}-{self.batch.number}"


@dataclass
class BatchReport:
    path: Path
    target: Path
    batch: Batch
    read_as: str
    imported: int = 0
    categories: Counter[str] = field(default_factory=Counter)
    reconciled: int = 0
    new_organisations: int = 0


def read_batch(path: Path, year: int | None = None, number: int | None = None) -> BatchFile:
    """Read and check one published list (within the import size limit); raises on the first fault."""
    data = read_input(path, IMPORT)
    text, tables, read_as = read_document(data, path.name)
    batch = batch_of(path.name, text, year, number)
    rows = permit_rows(path.name, batch, tables)
    if not rows:
        raise HgrKgError(f"{path.name}: no permit table (a header row 序号, 审批号, 项目名称, …, 批准时间) "
                         "with a decision in it; nothing imported")  # fmt: skip
    for _, row in rows:
        row["__key__"] = normalise_number(row["decision_number"])
        row["__slug__"] = slug(row["decision_number"])
    return BatchFile(path, batch, hashlib.sha256(data).hexdigest(), read_as, rows)


def _check_apart(files: list[BatchFile], existing: dict[str, tuple[str, str]]) -> None:
    """Refuse two files of one batch, and an approval number that repeats (in a batch, across the
    files, or in a record file already imported), naming both places."""
    batches: dict[str, BatchFile] = {}
    for one in files:
        if one.name in batches:
            raise HgrKgError(f"{one.path.name} and {batches[one.name].path.name} are both {one.label}; "
                             "nothing imported")  # fmt: skip
        batches[one.name] = one
    seen: dict[str, str] = {}
    for one in files:
        for locator, row in one.rows:
            here = f"{one.path.name}, {locator} ({one.label})"
            number = row["decision_number"]
            for key in (row["__key__"], "slug:" + row["__slug__"]):
                if key in seen:
                    raise HgrKgError(f"{here}: approval number {number!r} repeats {seen[key]} (case, "
                                     "width, punctuation and spaces folded); nothing imported")  # fmt: skip
            if row["__key__"] in existing:
                there, file = existing[row["__key__"]]
                raise HgrKgError(f"{here}: approval number {number!r} is already imported as {there!r} in "
                                 f"{file}; nothing imported")  # fmt: skip
            seen[row["__key__"]] = seen["slug:" + row["__slug__"]] = f"{here} ({number!r})"


def _document(one: BatchFile) -> list[tuple]:
    """What the batch says of itself, on its source document."""
    document = HGRID[f"src-records-{one.name}"]
    return [
        (document, HGR.batchYear, Literal(one.batch.year)),
        (document, HGR.batchNumber, Literal(one.batch.number)),
        (document, HGR.fileName, Literal(one.path.name)),
        (document, HGR.fileSha256, Literal(one.sha256)),
    ]


def _title(one: BatchFile) -> Literal:
    if one.batch.title is not None:
        return Literal(one.batch.title, lang="zh")
    said = f"{one.path.name} (states no title; {one.label} as given by --year and --batch)"
    return Literal(said, lang="en")


def import_batches(
    files: list[Path],
    out_dir: Path,
    known: Graph,
    year: int | None = None,
    number: int | None = None,
    tolerance: float = 0.0,
) -> list[BatchReport]:
    """Import each published list into ``out_dir/batch-YYYY-NN.nt`` (all or none written); ``known``
    holds the organisations names are reconciled to. Importing a batch again replaces its file."""
    from hgr_kg.atomic import write_files

    tolerance = check_tolerance(tolerance)
    if year is not None and len(files) > 1:
        raise HgrKgError("--year and --batch name the batch of one file; give one FILE with them")
    read = [read_batch(path, year, number) for path in files]
    targets = {out_dir / f"{one.name}.nt" for one in read}
    others = sorted(p for p in out_dir.glob("*.nt") if p not in targets) if out_dir.is_dir() else []
    _check_apart(read, imported_numbers(others))
    index = name_index(known)
    contents: dict[Path, bytes] = {}
    reports = []
    collecting = gc.isenabled()
    gc.disable()  # many small objects and no cycles (as records.import_permits)
    try:
        for one in read:
            rows = [(line, row) for line, (_, row) in enumerate(one.rows, start=1)]
            locators = {line: f"{one.path.name}, {where}" for line, (where, _) in enumerate(one.rows, 1)}
            data, done = records_ntriples(rows, index, one.name, _title(one), tolerance, False, one.path.name,
                                          locators, _document(one), "sourcekind-official")  # fmt: skip
            target = out_dir / f"{one.name}.nt"
            contents[target] = bytes(data)
            report = BatchReport(one.path, target, one.batch, one.read_as, done.imported,
                                 Counter(row["category"] for _, row in one.rows), done.reconciled,
                                 done.new_organisations)  # fmt: skip
            reports.append(report)
    finally:
        if collecting:
            gc.enable()
    write_files(contents)
    return reports
