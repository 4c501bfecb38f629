"""Record-level permit decisions: ``hgr-kg import permits FILE.csv``.

One CSV row per decision (see README, "Record-level permits"). Each row becomes a ``hgr:Permit``
linked to its category, its applicant, partners and sponsor (reconciled by name or alias, English or
Chinese, to organisations already in the graph; new ones are minted), the instrument in force on the
decision date, and a citation of the source (row number). The records of one import form a
collection (``hgr:RecordCollection``) that carries the source and the tolerance within which its
counts must match the official aggregates (checked by ``hgrsh:RecordsMatchAggregatesShape``). The
import also derives the collection's counts (by year, category and status, and by sponsor) as RDF
Data Cube data sets, which the canned record queries read; validation recounts the decisions and
checks every count (``hgrsh:RecordCountsMatchRecordsShape``).
Output is N-Triples in ``data/records/`` with a stable order, written atomically; a file with bad
rows imports nothing unless ``skip_bad_rows`` is set, and then the skipped rows are reported.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, QB, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from hgr_kg.errors import HgrKgError
from hgr_kg.namespaces import ELI, HGR, HGRID

COLUMNS = ["decision_number", "decision_date", "category", "applicant", "foreign_partners", "sponsor",
           "city", "project_title", "status"]  # fmt: skip
REQUIRED = ["decision_number", "decision_date", "category", "applicant", "status"]
CATEGORIES = {
    "collection": "collection", "采集": "collection",
    "preservation": "preservation", "保藏": "preservation",
    "export": "export", "出境": "export", "材料出境": "export",
    "international-collaboration": "international-collaboration", "国际合作": "international-collaboration",
    "国际合作科学研究": "international-collaboration",
}  # fmt: skip
STATUSES = {"approved": "approved", "批准": "approved", "revoked": "revoked", "撤销": "revoked",
            "withdrawn": "withdrawn", "撤回": "withdrawn"}  # fmt: skip
# the instrument in force on a decision date (from the graph's own dates: see data/instruments.ttl)
REGIMES = [
    (date(2024, 5, 1), "rmhgr-2024"),
    (date(2019, 7, 1), "rmhgr-2019"),
    (date(1998, 6, 10), "interim-measures-1998"),
]


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    new_organisations: int = 0
    reconciled: int = 0


def normalise_name(name: str) -> str:
    """Fold case, width and punctuation so that aliases in either language compare equal."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[\s,.;:()\[\]（）【】、，。·'\"-]+", " ", text)
    text = re.sub(r"\b(co|ltd|inc|group|limited|company|集团|有限公司|股份有限公司)\b", " ", text)
    return " ".join(text.split())


def name_index(graph: Graph) -> dict[str, URIRef]:
    """Every organisation's labels and aliases (English and Chinese), normalised."""
    index: dict[str, URIRef] = {}
    for org in sorted(set(graph.subjects(RDF.type, ORG.Organization)), key=str):
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for value in graph.objects(org, prop):
                index.setdefault(normalise_name(str(value)), org)  # type: ignore[arg-type]
    return index


def _slug(text: str) -> str:
    return hashlib.sha1(normalise_name(text).encode()).hexdigest()[:12]


def _regime(day: date) -> URIRef:
    for start, name in REGIMES:
        if day >= start:
            return HGRID[name]
    raise ValueError("before 1998-06-10, the date of the Interim Measures")


def _check(line: int, row: dict[str, str]) -> str | None:
    for name in REQUIRED:
        if not row.get(name):
            return f"column '{name}' is empty"
    try:
        day = date.fromisoformat(row["decision_date"])
    except ValueError:
        return f"decision_date {row['decision_date']!r} is not a date YYYY-MM-DD"
    try:
        _regime(day)
    except ValueError as err:
        return f"decision_date {row['decision_date']}: {err}"
    if row["category"].strip() not in CATEGORIES:
        return f"category {row['category']!r} is not one of {', '.join(sorted(set(CATEGORIES.values())))}"
    if row["status"].strip() not in STATUSES:
        return f"status {row['status']!r} is not one of approved, revoked, withdrawn"
    return None


def count_triples(
    name: str, by_year: Counter[tuple[int, str, str]], by_sponsor: Counter[tuple[URIRef, int, str, str]]
) -> Iterator[tuple[Node, Node, Node]]:
    """The counts derived from collection ``name`` as two RDF Data Cube data sets (hgr:RecordCounts):
    decisions by (year, category, status), and by (sponsor, year, category, status). Keys hold the
    category and status local names (``international-collaboration``, ``approved``)."""
    collection = HGRID[f"records-{name}"]
    cite = HGRID[f"cite-records-{name}"]
    sets = [
        ("", "dsd-record-counts", "year, category and status", by_year),
        ("-sponsors", "dsd-record-sponsor-counts", "sponsor, year, category and status", by_sponsor),
    ]
    for suffix, structure, breakdown, counts in sets:
        dataset = HGRID[f"ds-records-{name}{suffix}"]
        yield dataset, RDF.type, QB.DataSet
        yield dataset, RDF.type, HGR.RecordCounts
        title = f"Permit decisions of records-{name}, counted by {breakdown}"
        yield dataset, RDFS.label, Literal(title, lang="en")
        yield dataset, QB.structure, HGRID[structure]
        yield dataset, PROV.wasDerivedFrom, collection
        yield dataset, DCTERMS.source, cite
        for key, n in sorted(counts.items(), key=lambda item: tuple(map(str, item[0]))):
            *who, year, category, status = key
            local = "-".join([*(str(w).removeprefix(str(HGRID)) for w in who), str(year), category, status])
            obs = HGRID[f"obs-records-{name}{suffix}-{local}"]
            yield obs, RDF.type, QB.Observation
            yield obs, QB.dataSet, dataset
            if who:
                yield obs, HGR.participant, who[0]
                yield obs, HGR.participantRole, HGRID["role-sponsor"]
            yield obs, HGR.refYear, Literal(year)
            yield obs, HGR.permitCategory, HGRID[f"permit-{category}"]
            yield obs, HGR.decisionStatus, HGRID[f"status-{status}"]
            yield obs, HGR.permitCount, Literal(n)
            yield obs, DCTERMS.source, cite


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as err:
        raise HgrKgError(f"{path}: cannot read: {err.strerror}") from None
    rows = []
    with handle:
        reader = csv.DictReader(handle, strict=True)
        try:
            header = reader.fieldnames or []
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise HgrKgError(
                    f"{path}:1: missing column(s) {', '.join(missing)} (expected {','.join(COLUMNS)})"
                )
            for row in reader:
                if None in row or any(v is None for v in row.values()):
                    rows.append((reader.line_num, {"__error__": "wrong number of cells"}))
                    continue
                rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
        except csv.Error as err:
            raise HgrKgError(f"{path}:{reader.line_num}: malformed CSV: {err}") from None
    return rows


def records_graph(
    rows: list[tuple[int, dict[str, str]]],
    known: Graph,
    name: str,
    source: str,
    tolerance: float,
    skip_bad_rows: bool,
    csv_name: str,
) -> tuple[Graph, ImportReport]:
    """The RDF of the rows; raises on the first bad row unless ``skip_bad_rows``."""
    report = ImportReport(rows=len(rows))
    problems = []
    for line, row in rows:
        reason = row.get("__error__") or _check(line, row)
        if reason:
            problems.append((line, reason))
    if problems and not skip_bad_rows:
        first = problems[0]
        more = f" (and {len(problems) - 1} more bad row(s))" if len(problems) > 1 else ""
        raise HgrKgError(f"{csv_name}:{first[0]}: {first[1]}{more}; nothing imported (use --skip-bad-rows)")
    report.skipped = problems
    bad = {line for line, _ in problems}
    index = name_index(known)
    g = Graph()
    collection = HGRID[f"records-{name}"]
    document = HGRID[f"src-records-{name}"]
    g.add((collection, RDF.type, HGR.RecordCollection))
    g.add((collection, DCTERMS.title, Literal(f"Permit decisions imported from {csv_name}", lang="en")))
    g.add((collection, HGR.aggregateTolerance, Literal(str(tolerance), datatype=XSD.decimal)))
    g.add((collection, DCTERMS.source, HGRID[f"cite-records-{name}"]))
    g.add((HGRID[f"cite-records-{name}"], RDF.type, HGR.Citation))
    g.add((HGRID[f"cite-records-{name}"], DCTERMS.isPartOf, document))
    g.add((HGRID[f"cite-records-{name}"], HGR.locator, Literal(f"{csv_name}, all rows")))
    g.add((document, RDF.type, HGR.SourceDocument))
    g.add((document, DCTERMS.title, Literal(source, lang="en")))
    g.add((document, HGR.sourceKind, HGRID["sourcekind-primary"]))

    def organisation(label: str) -> URIRef:
        key = normalise_name(label)
        if key in index:
            report.reconciled += 1
            return index[key]
        org = HGRID[f"org-rec-{_slug(label)}"]
        index[key] = org
        report.new_organisations += 1
        g.add((org, RDF.type, ORG.Organization))
        lang = "zh" if re.search(r"[\u4e00-\u9fff]", label) else "en"
        g.add((org, SKOS.prefLabel, Literal(label, lang=lang)))
        return org

    by_year: Counter[tuple[int, str, str]] = Counter()
    by_sponsor: Counter[tuple[URIRef, int, str, str]] = Counter()
    for line, row in rows:
        if line in bad:
            continue
        day = date.fromisoformat(row["decision_date"])
        category, status = CATEGORIES[row["category"]], STATUSES[row["status"]]
        by_year[day.year, category, status] += 1
        permit = HGRID[f"permit-{name}-{_slug(row['decision_number'])}"]
        cite = HGRID[f"cite-records-{name}-row-{line}"]
        g.add((permit, RDF.type, HGR.Permit))
        g.add((permit, HGR.recordOf, collection))
        g.add((permit, ELI.number, Literal(row["decision_number"])))
        g.add((permit, DCTERMS.date, Literal(row["decision_date"], datatype=XSD.date)))
        g.add((permit, HGR.refYear, Literal(day.year)))
        g.add((permit, HGR.permitCategory, HGRID[f"permit-{category}"]))
        g.add((permit, HGR.decisionStatus, HGRID[f"status-{status}"]))
        g.add((permit, HGR.holder, organisation(row["applicant"])))
        for partner in filter(None, (p.strip() for p in row["foreign_partners"].split(";"))):
            g.add((permit, HGR.partner, organisation(partner)))
        if row["sponsor"]:
            sponsor = organisation(row["sponsor"])
            g.add((permit, HGR.sponsor, sponsor))
            by_sponsor[sponsor, day.year, category, status] += 1
        if row["city"]:
            g.add((permit, HGR.cityOf, Literal(row["city"])))
        if row["project_title"]:
            g.add((permit, DCTERMS.title, Literal(row["project_title"])))
        g.add((permit, HGR.appliesProvision, _regime(day)))
        g.add((permit, DCTERMS.source, cite))
        g.add((cite, RDF.type, HGR.Citation))
        g.add((cite, DCTERMS.isPartOf, document))
        g.add((cite, HGR.locator, Literal(f"{csv_name}, row {line}")))
        report.imported += 1
    for triple in count_triples(name, by_year, by_sponsor):
        g.add(triple)
    return g, report


def import_permits(
    csv_path: Path,
    out_dir: Path,
    known: Graph,
    source: str,
    name: str | None = None,
    tolerance: float = 0.0,
    skip_bad_rows: bool = False,
) -> tuple[Path, ImportReport]:
    """Import ``csv_path`` into ``out_dir/permits-NAME.nt``; returns the file and a report."""
    from hgr_kg.atomic import write_file

    name = name or re.sub(r"[^a-z0-9-]+", "-", csv_path.stem.lower()).strip("-")
    rows = read_rows(csv_path)
    graph, report = records_graph(rows, known, name, source, tolerance, skip_bad_rows, csv_path.name)
    data = b"".join(sorted(graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)))
    target = out_dir / f"permits-{name}.nt"
    write_file(target, data)
    return target, report
