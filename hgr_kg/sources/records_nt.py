"""Writing a record import as N-Triples, term by term: the collection, each decision, the
organisations it names (reconciled to the graph's or minted) and the derived counts (RDF Data Cube)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, QB, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from hgr_kg.namespaces import ELI, HGR, HGRID
from hgr_kg.sources.records_rows import CATEGORIES, STATUSES, ImportReport, normalise_name, regime, slug


def name_index(graph: Graph) -> dict[str, URIRef]:
    """Every organisation's labels and aliases (English and Chinese), normalised."""
    index: dict[str, URIRef] = {}
    for org in sorted(set(graph.subjects(RDF.type, ORG.Organization)), key=str):
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for value in graph.objects(org, prop):
                index.setdefault(normalise_name(str(value)), org)  # type: ignore[arg-type]
    return index


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
        "Permit": HGR.Permit, "Citation": HGR.Citation, "cro": HGR.contractResearchOrganisation,
        "dataUnit": HGR.dataUnit,
    }.items()
}  # fmt: skip
_XSD_DATE, _XSD_INTEGER = f"<{XSD.date}>", f"<{XSD.integer}>"
_IDS = str(HGRID)


class Lines:
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


def add_collection(out: Lines, name: str, source: str, tolerance: float, csv_name: str,
                   kind: str = "sourcekind-primary") -> None:  # fmt: skip
    """The collection, its source document (titled ``source``: a plain string is English, a Literal
    keeps its language) of kind ``kind``, and the citation of all its rows."""
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
    out.add(document, DCTERMS.title, source if isinstance(source, Literal) else Literal(source, lang="en"))
    out.add(document, HGR.sourceKind, HGRID[kind])


class Organisations:
    """Names to organisations (their N-Triples IRIs): those of the graph by label or alias, else a
    new one (its triples added to ``out``, its name sourced to ``cite``, the row where it is first
    named). ``sponsor`` gives the IRI as an rdflib term as well."""

    def __init__(self, index: dict[str, URIRef], out: Lines, report: ImportReport) -> None:
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
        org = HGRID[f"org-rec-{slug(label)}"]
        self.index[key] = org
        self.report.new_organisations += 1
        self.out.add(org, RDF.type, ORG.Organization)
        lang = "zh" if re.search(r"[\u4e00-\u9fff]", label) else "en"
        self.out.add(org, SKOS.prefLabel, Literal(label, lang=lang))
        if self.cite is not None:
            self.out.add(org, DCTERMS.source, self.cite)
        return org, _nt(org)


def add_decision(
    out: Lines,
    organisation: Organisations,
    name: str,
    csv_name: str,
    line: int,
    row: dict[str, str],
    locator: str | None = None,
) -> tuple[date, str, str, URIRef | None]:
    """Add one decision (a good row) as N-Triples lines; returns its date, category, status and sponsor.
    The IRIs are made of safe parts (a hash, the collection name, a line number). ``locator`` is
    where in its source the decision is (default: ``FILE, row LINE``); a published list's row gives
    the contract research organisations and testing or data units too (``cro``, ``data_unit``)."""
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
    for role, key in (("cro", "cro"), ("dataUnit", "data_unit")):
        for unit in filter(None, (p.strip() for p in row.get(key, "").split(";"))):
            add(f"{t[role]} {organisation(unit)}")
    sponsor = None
    if row["sponsor"]:
        sponsor, nt = organisation.sponsor(row["sponsor"])
        add(f"{t['sponsor']} {nt}")
    if row["city"]:
        add(f"{t['city']} {_string(row['city'])}")
    if row["project_title"]:
        add(f"{t['title']} {_string(row['project_title'])}")
    add(f"{t['provision']} <{regime(day)}>")
    add(f"{t['source']} {cite}")
    out.subjects[cite] = [
        f"{t['a']} {t['Citation']}",
        f"{t['isPartOf']} <{ids}src-records-{name}>",
        f"{t['locator']} {_string(locator or f'{csv_name}, row {line}')}",
    ]
    return day, category, status, sponsor
