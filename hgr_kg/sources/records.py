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
Output is N-Triples in ``data/records/`` with a stable (sorted) line order, written term by term
(no rdflib graph of the records is built) and atomically; a file with bad
rows imports nothing unless ``skip_bad_rows`` is set, and then the skipped rows are reported.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, QB, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import IMPORT, RECORDS, open_input, read_input
from hgr_kg.namespaces import ELI, HGR, HGRID
from hgr_kg.sources.decoding import decode, lookup

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

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_NOT_WORD = re.compile(r"[\W_]+")  # punctuation, symbols, spaces and controls


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    new_organisations: int = 0
    reconciled: int = 0
    encoding: str = "UTF-8"
    # decisions already imported from another file: (line, number, number there, file)
    overlaps: list[tuple[int, str, str, str]] = field(default_factory=list)


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


def normalise_number(number: str) -> str:
    """A decision number with case and width folded (NFKC) and punctuation and spaces removed:
    ``D-1``, ``d 1`` and ``Ｄ１`` are one decision."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", number).casefold())


def _slug(text: str) -> str:
    return hashlib.sha1(normalise_name(text).encode()).hexdigest()[:12]


_REGIME_IRIS = [(start, HGRID[name]) for start, name in REGIMES]


def _regime(day: date) -> URIRef:
    for start, iri in _REGIME_IRIS:
        if day >= start:
            return iri
    raise ValueError("before 1998-06-10, the date of the Interim Measures")


def _day(text: str) -> date | None:
    """``text`` as a calendar date written ``YYYY-MM-DD`` (ASCII digits), else None."""
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _check(line: int, row: dict[str, str]) -> str | None:
    for name in REQUIRED:
        if not row.get(name):
            return f"column '{name}' is empty"
    day = _day(row["decision_date"])
    if day is None:
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


def _duplicates(rows: list[tuple[int, dict[str, str]]]) -> dict[int, str]:
    """The rows whose decision number repeats an earlier row's, once normalised (or whose permit
    identifier would), with the reason naming the earlier line."""
    seen: dict[str, tuple[int, str]] = {}
    found: dict[int, str] = {}
    for line, row in rows:
        number = row.get("decision_number")
        if not number:
            continue
        for key in (row["__key__"], "slug:" + row["__slug__"]):
            if key in seen:
                first, earlier = seen[key]
                found[line] = (f"decision_number {number!r} repeats line {first} ({earlier!r}) "
                               "(case, width, punctuation and spaces folded)")  # fmt: skip
                break
        else:
            seen[row["__key__"]] = seen["slug:" + row["__slug__"]] = (line, number)
    return found


def check_name(name: str, option: str = "--name") -> str:
    """``name`` if it is a safe collection name (a file stem ``[a-z0-9][a-z0-9-]*``)."""
    if not _NAME.fullmatch(name):
        raise HgrKgError(f"{option} {name!r}: a collection name is [a-z0-9][a-z0-9-]* (a safe file stem)")
    return name


def check_tolerance(value: float, option: str = "--tolerance") -> float:
    """``value`` if it is a fraction: a finite number from 0 to 1."""
    if not (isinstance(value, (int, float)) and math.isfinite(value) and 0 <= value <= 1):
        raise HgrKgError(f"{option} {value}: the tolerance is a fraction from 0 to 1 (0.05 = 5%)")
    return float(value)


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


def read_rows(path: Path, encoding: str | None = None) -> tuple[list[tuple[int, dict[str, str]]], str]:
    """The rows of the CSV at ``path`` (each with its line number) and the encoding it was read in:
    ``encoding`` if given, else UTF-8 (with or without BOM) or GB18030 (see ``decoding.decode``)."""
    text, said = decode(read_input(path, IMPORT), str(path), encoding, guess=True)
    rows = []
    lines = csv.reader(io.StringIO(text, newline=""), strict=True)
    done = 0  # the last line of the last record read: a malformed record starts on the next
    try:
        header = next(lines, None) or []
        done = lines.line_num
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            expected = ",".join(COLUMNS)
            raise HgrKgError(f"{path}:1: missing column(s) {', '.join(missing)} (expected {expected})")
        for record in lines:
            line, done = done + 1, lines.line_num
            if not record:
                continue
            if len(record) != len(header):
                rows.append((line, {"__error__": "wrong number of cells"}))
                continue
            cells = {k: v.strip() for k, v in zip(header, record, strict=True)}
            cells["__key__"] = normalise_number(cells["decision_number"])
            cells["__slug__"] = _slug(cells["decision_number"])
            rows.append((line, cells))
    except csv.Error as err:
        raise HgrKgError(f"{path}:{done + 1}: malformed CSV: {err}") from None
    return rows, said


def _nt(term: Node) -> str:
    """One RDF term in N-Triples (pyoxigraph escapes literals as the N-Triples grammar requires)."""
    if isinstance(term, Literal):
        if term.language:
            return str(ox.Literal(str(term), language=term.language))
        datatype = ox.NamedNode(str(term.datatype)) if term.datatype is not None else None
        return str(ox.Literal(str(term), datatype=datatype))
    return str(ox.NamedNode(str(term)))


def _string(text: str) -> str:
    return str(ox.Literal(text))


# the N-Triples form of every IRI a decision's lines use
_T = {
    name: f"<{iri}>"
    for name, iri in {
        "a": RDF.type, "recordOf": HGR.recordOf, "number": ELI.number, "key": HGR.normalisedNumber,
        "date": DCTERMS.date, "year": HGR.refYear, "category": HGR.permitCategory,
        "status": HGR.decisionStatus, "holder": HGR.holder, "partner": HGR.partner, "sponsor": HGR.sponsor,
        "city": HGR.cityOf, "title": DCTERMS.title, "provision": HGR.appliesProvision,
        "source": DCTERMS.source, "isPartOf": DCTERMS.isPartOf, "locator": HGR.locator,
        "Permit": HGR.Permit, "Citation": HGR.Citation,
    }.items()
}  # fmt: skip
_XSD_DATE, _XSD_INTEGER = f"<{XSD.date}>", f"<{XSD.integer}>"
_IDS = str(HGRID)


class _Lines:
    """N-Triples lines (UTF-8), deduplicated as a graph would. ``data()`` gives them sorted: by
    subject, then by the rest of the line, which is the lines' own order (a subject term ends with
    ``>``, which no IRI holds, so no subject is a prefix of another), and UTF-8 keeps code point order.
    Lines are kept per subject to hold each subject once in memory."""

    def __init__(self) -> None:
        self.subjects: dict[str, list[str]] = {}

    def add(self, s: Node, p: Node, o: Node | str) -> None:
        """A triple of rdflib terms (a plain ``str`` object is an xsd:string literal)."""
        obj = _string(o) if not isinstance(o, (URIRef, Literal)) else _nt(o)
        self.raw(_nt(s), f"{_nt(p)} {obj}")

    def raw(self, subject: str, rest: str) -> None:
        """A triple already in N-Triples: the subject, and the predicate and object."""
        lines = self.subjects.get(subject)
        if lines is None:
            self.subjects[subject] = [rest]
        else:
            lines.append(rest)

    def data(self) -> bytearray:
        out = bytearray()
        for subject in sorted(self.subjects):
            head = f"{subject} "
            out += "".join(f"{head}{rest} .\n" for rest in sorted(set(self.subjects[subject]))).encode()
        return out


def _problems(
    rows: list[tuple[int, dict[str, str]]], csv_name: str, skip_bad_rows: bool
) -> list[tuple[int, str]]:
    """The bad rows with their reasons; raises on the first unless ``skip_bad_rows``."""
    duplicates = _duplicates(rows)
    problems = []
    for line, row in rows:
        reason = row.get("__error__") or _check(line, row) or duplicates.get(line)
        if reason:
            problems.append((line, reason))
    if problems and not skip_bad_rows:
        first = problems[0]
        more = f" (and {len(problems) - 1} more bad row(s))" if len(problems) > 1 else ""
        raise HgrKgError(f"{csv_name}:{first[0]}: {first[1]}{more}; nothing imported (use --skip-bad-rows)")
    return problems


def _collection(out: _Lines, name: str, source: str, tolerance: float, csv_name: str) -> None:
    collection = HGRID[f"records-{name}"]
    document = HGRID[f"src-records-{name}"]
    cite = HGRID[f"cite-records-{name}"]
    out.add(collection, RDF.type, HGR.RecordCollection)
    out.add(collection, DCTERMS.title, Literal(f"Permit decisions imported from {csv_name}", lang="en"))
    out.add(collection, HGR.aggregateTolerance, Literal(str(tolerance), datatype=XSD.decimal))
    out.add(collection, DCTERMS.source, cite)
    out.add(cite, RDF.type, HGR.Citation)
    out.add(cite, DCTERMS.isPartOf, document)
    out.add(cite, HGR.locator, f"{csv_name}, all rows")
    out.add(document, RDF.type, HGR.SourceDocument)
    out.add(document, DCTERMS.title, Literal(source, lang="en"))
    out.add(document, HGR.sourceKind, HGRID["sourcekind-primary"])


class _Organisations:
    """Names to organisations (their N-Triples IRIs): those of the graph by label or alias, else a
    new one (its triples added to ``out``, its name sourced to ``cite``, the row where it is first
    named). ``sponsor`` gives the IRI as an rdflib term as well."""

    def __init__(self, index: dict[str, URIRef], out: _Lines, report: ImportReport) -> None:
        self.index, self.out, self.report = index, out, report
        self.seen: dict[str, tuple[URIRef, str]] = {}  # label: IRI, its N-Triples
        self.cite: URIRef | None = None  # the citation of the row being read

    def sponsor(self, label: str) -> tuple[URIRef, str]:
        found = self.seen.get(label)
        if found is None:  # counted as reconciled or new by _resolve
            found = self.seen[label] = self._resolve(label)
        else:  # a name seen before is reconciled to the organisation found or minted then
            self.report.reconciled += 1
        return found

    def __call__(self, label: str) -> str:
        return self.sponsor(label)[1]

    def _resolve(self, label: str) -> tuple[URIRef, str]:
        key = normalise_name(label)
        if key in self.index:
            self.report.reconciled += 1
            return self.index[key], _nt(self.index[key])
        org = HGRID[f"org-rec-{_slug(label)}"]
        self.index[key] = org
        self.report.new_organisations += 1
        self.out.add(org, RDF.type, ORG.Organization)
        lang = "zh" if re.search(r"[\u4e00-\u9fff]", label) else "en"
        self.out.add(org, SKOS.prefLabel, Literal(label, lang=lang))
        if self.cite is not None:
            self.out.add(org, DCTERMS.source, self.cite)
        return org, _nt(org)


def _decision(out: _Lines, organisation: _Organisations, name: str, csv_name: str, line: int,
              row: dict[str, str]) -> tuple[date, str, str, URIRef | None]:  # fmt: skip
    """Add one decision (a good row) as N-Triples lines; returns its date, category, status and sponsor.
    The IRIs are made of safe parts (a hash, the collection name, a line number)."""
    day = date.fromisoformat(row["decision_date"])
    category, status = CATEGORIES[row["category"]], STATUSES[row["status"]]
    t, ids = _T, _IDS
    permit = f"<{ids}permit-{name}-{row['__slug__']}>"
    cite = f"<{ids}cite-records-{name}-row-{line}>"
    organisation.cite = URIRef(cite[1:-1])  # a new organisation's name rests on this row
    out.subjects[permit] = lines = []  # (a repeated number is a bad row: a permit is new)
    add = lines.append
    add(f"{t['a']} {t['Permit']}")
    add(f"{t['recordOf']} <{ids}records-{name}>")
    add(f"{t['number']} {_string(row['decision_number'])}")
    add(f"{t['key']} {_string(row['__key__'])}")
    add(f'{t["date"]} "{day.isoformat()}"^^{_XSD_DATE}')
    add(f'{t["year"]} "{day.year}"^^{_XSD_INTEGER}')
    add(f"{t['category']} <{ids}permit-{category}>")
    add(f"{t['status']} <{ids}status-{status}>")
    add(f"{t['holder']} {organisation(row['applicant'])}")
    for partner in filter(None, (p.strip() for p in row["foreign_partners"].split(";"))):
        add(f"{t['partner']} {organisation(partner)}")
    sponsor = None
    if row["sponsor"]:
        sponsor, nt = organisation.sponsor(row["sponsor"])
        add(f"{t['sponsor']} {nt}")
    if row["city"]:
        add(f"{t['city']} {_string(row['city'])}")
    if row["project_title"]:
        add(f"{t['title']} {_string(row['project_title'])}")
    add(f"{t['provision']} <{_regime(day)}>")
    add(f"{t['source']} {cite}")
    out.subjects[cite] = [f"{t['a']} {t['Citation']}", f"{t['isPartOf']} <{ids}src-records-{name}>",
                          f"{t['locator']} {_string(f'{csv_name}, row {line}')}"]
    return day, category, status, sponsor


def records_ntriples(
    rows: list[tuple[int, dict[str, str]]],
    index: dict[str, URIRef],
    name: str,
    source: str,
    tolerance: float,
    skip_bad_rows: bool,
    csv_name: str,
) -> tuple[bytearray, ImportReport]:
    """The N-Triples of the rows (sorted lines), written term by term without building a graph;
    ``index`` is ``name_index`` of the graph the names are reconciled to. Raises on the first bad
    row unless ``skip_bad_rows``."""
    report = ImportReport(rows=len(rows))
    report.skipped = _problems(rows, csv_name, skip_bad_rows)
    bad = {line for line, _ in report.skipped}
    out = _Lines()
    _collection(out, name, source, tolerance, csv_name)
    organisation = _Organisations(dict(index), out, report)
    by_year: Counter[tuple[int, str, str]] = Counter()
    by_sponsor: Counter[tuple[URIRef, int, str, str]] = Counter()
    for line, row in rows:
        if line in bad:
            continue
        day, category, status, sponsor = _decision(out, organisation, name, csv_name, line, row)
        by_year[day.year, category, status] += 1
        if sponsor is not None:
            by_sponsor[sponsor, day.year, category, status] += 1
        report.imported += 1
    for triple in count_triples(name, by_year, by_sponsor):
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
