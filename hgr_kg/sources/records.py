"""Record-level permit decisions: ``hgr-kg import permits FILE.csv``.

One CSV row per decision (see docs/guide-import.md, "Record-level permits"). Each row becomes a ``hgr:Permit``
linked to its category, its applicant, partners and sponsor (reconciled by name or alias, English or
Chinese, to organisations already in the graph; new ones are minted), the instrument in force on the
decision date, and a citation of the source (row number). The records of one import form a
collection (``hgr:RecordCollection``) that carries the source and the tolerance within which its
counts must match the official aggregates (checked by ``hgrsh:RecordsMatchAggregatesShape``). The
import also derives the collection's counts (by year, category and status, and by sponsor) as RDF
Data Cube data sets, which the canned record queries read; validation recounts the decisions and
checks every count (``hgrsh:RecordCountsMatchRecordsShape``).
Output is N-Triples in ``data/records/`` with a stable (sorted) line order, written term by term
(no rdflib graph of the records is built) and atomically; a file with bad
rows imports nothing unless ``skip_bad_rows`` is set, and then the skipped rows are reported.
"""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import RECORDS, open_input
from hgr_kg.sources.decoding import lookup
from hgr_kg.sources.records_nt import (
    Lines,
    Organisations,
    add_collection,
    add_decision,
    count_triples,
    name_index,
)
from hgr_kg.sources.records_rows import (
    COLUMNS,
    ImportReport,
    bad_rows,
    check_name,
    check_tolerance,
    normalise_name,
    normalise_number,
    read_rows,
)

__all__ = ["COLUMNS", "ImportReport", "check_name", "check_tolerance", "count_triples", "import_permits",
           "imported_numbers", "name_index", "normalise_name", "normalise_number", "read_rows",
           "records_ntriples"]  # fmt: skip


def records_ntriples(
    rows: list[tuple[int, dict[str, str]]],
    index: dict[str, URIRef],
    name: str,
    source: str,
    tolerance: float,
    skip_bad_rows: bool,
    csv_name: str,
    locators: Mapping[int, str] | None = None,
    extra: Iterable[tuple[Node, Node, Node]] = (),
    kind: str = "sourcekind-primary",
) -> tuple[bytearray, ImportReport]:
    """The N-Triples of the rows (sorted lines), written term by term without building a graph;
    ``index`` is ``name_index`` of the graph the names are reconciled to. Raises on the first bad
    row unless ``skip_bad_rows``. ``locators`` says where each row is in its source (by line; default
    ``FILE, row LINE``); ``extra`` triples are added (what a published list says of itself); ``kind``
    is the source's kind (``hgrid:sourcekind-…``)."""
    report = ImportReport(rows=len(rows))
    report.skipped = bad_rows(rows, csv_name, skip_bad_rows)
    bad = {line for line, _ in report.skipped}
    out = Lines()
    add_collection(out, name, source, tolerance, csv_name, kind)
    organisation = Organisations(dict(index), out, report)
    by_year: Counter[tuple[int, str, str]] = Counter()
    by_sponsor: Counter[tuple[URIRef, int, str, str]] = Counter()
    for line, row in rows:
        if line in bad:
            continue
        where = locators.get(line) if locators else None
        day, category, status, sponsor = add_decision(out, organisation, name, csv_name, line, row, where)
        by_year[day.year, category, status] += 1
        if sponsor is not None:
            by_sponsor[sponsor, day.year, category, status] += 1
        report.imported += 1
    for triple in [*extra, *count_triples(name, by_year, by_sponsor)]:
        out.add(*triple)
    return out.data(), report


_NUMBER_PREDICATE = b" <http://data.europa.eu/eli/ontology#number> "


def imported_numbers(files: list[Path]) -> dict[str, tuple[str, str]]:
    """The decision numbers of record files already imported, normalised, each with the number as
    written and the file's name. A line scan: only the ``eli:number`` lines are parsed."""
    found: dict[str, tuple[str, str]] = {}
    for path in files:
        try:
            with open_input(path, RECORDS) as handle:
                lines = b"".join(line for line in handle if _NUMBER_PREDICATE in line)
            quads = ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)
            for quad in quads:
                if isinstance(quad.object, ox.Literal):
                    found.setdefault(normalise_number(quad.object.value), (quad.object.value, path.name))
        except (OSError, SyntaxError) as err:
            raise HgrKgError(f"{path}: cannot read its decision numbers: {err}") from None
    return found


def import_permits(
    csv_path: Path,
    out_dir: Path,
    known: Graph,
    source: str,
    name: str | None = None,
    tolerance: float = 0.0,
    skip_bad_rows: bool = False,
    encoding: str | None = None,
) -> tuple[Path, ImportReport]:
    """Import ``csv_path`` into ``out_dir/permits-NAME.nt``; returns the file and a report.

    ``known`` holds the organisations names are reconciled to (the curated graph). A decision whose
    number is already in another record file of ``out_dir`` is imported and listed in
    ``report.overlaps`` (validation warns of it: hgrsh:DecisionInOneCollectionShape).
    """
    from hgr_kg.atomic import write_file

    if name is None:
        name = re.sub(r"[^a-z0-9-]+", "-", csv_path.stem.lower()).strip("-")
        if not name:
            raise HgrKgError(f"{csv_path}: no collection name in the file name; pass --name")
    check_name(name)
    tolerance = check_tolerance(tolerance)
    if encoding is not None:
        lookup(encoding)
    collecting = gc.isenabled()
    gc.disable()  # millions of small objects and no cycles: the cyclic collector would only rescan them
    try:
        rows, said = read_rows(csv_path, encoding)
        data, report = records_ntriples(rows, name_index(known), name, source, tolerance, skip_bad_rows,
                                        csv_path.name)  # fmt: skip
    finally:
        if collecting:
            gc.enable()
    report.encoding = said
    target = out_dir / f"permits-{name}.nt"
    others = [p for p in sorted(out_dir.glob("*.nt")) if p.name != target.name] if out_dir.is_dir() else []
    existing = imported_numbers(others)
    bad = {line for line, _ in report.skipped}
    for line, row in rows:
        if line not in bad and row.get("__key__") in existing:
            there, file = existing[row["__key__"]]
            report.overlaps.append((line, row["decision_number"], there, file))
    write_file(target, data)
    return target, report
