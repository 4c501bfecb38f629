"""The rows of the timeline figure, read from the graph by ``queries/timeline-figure.rq`` (what each
item is) and ``queries/timeline-dates.rq`` (every date, with the citation that supports it).

One rule for every instrument: a row per work, marked at its promulgation (``eli:date_publication``;
its adoption, ``eli:date_document``, where no promulgation is recorded), with its entry into force
and the period each version was in force (open-ended where no end is recorded); the acts that amend
it are marks on its row. A timeline event joins the row of the instrument it concerns, or is a row of
its own; a court case is a row dated by its (first) year. Nothing here invents a date: every
:class:`Dated` is a value of the graph and carries the citation the graph gives for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Graph

from hgr_kg.query.canned import find_query, run_local

ELI = "http://data.europa.eu/eli/ontology#"
HGR = "https://w3id.org/hgr-kg/ontology#"
KIND_PRIORITY = [
    "foreign-instrument",
    "judicial",
    "draft",
    "law",
    "administrative-regulation",
    "departmental-rule",
    "normative-document",
]


@dataclass(frozen=True)
class Dated:
    """A date of the graph (YYYY-MM-DD, or YYYY where only the year is known) and its citation."""

    day: str
    source: str

    @property
    def position(self) -> float:
        """Decimal year; a year-only date is its year's start."""
        if len(self.day) == 4:
            return float(self.day)
        day = date.fromisoformat(self.day)
        return day.year + (day.timetuple().tm_yday - 1) / 366

    @property
    def year(self) -> int:
        return int(self.day[:4])


@dataclass(frozen=True)
class Period:
    """The period a version (or a work with no versions) was in force; ``end`` None: none recorded."""

    start: Dated
    end: Dated | None


@dataclass(frozen=True)
class Amendment:
    iri: str
    label: str
    issued: Dated | None
    in_force: Dated | None


@dataclass
class Row:
    iri: str
    kind: str
    label: str
    translated: bool = False  # the label is the curator's translation, not an official title
    unverified: bool = False
    issued: Dated | None = None
    in_force: Dated | None = None
    year_only: Dated | None = None
    periods: list[Period] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    study_year: str | None = None

    @property
    def slug(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    def dates(self) -> list[Dated]:
        """Every date the row can draw."""
        found = [d for d in (self.issued, self.in_force, self.year_only) if d is not None]
        for period in self.periods:
            found += [d for d in (period.start, period.end) if d is not None]
        for amendment in self.amendments:
            found += [d for d in (amendment.issued, amendment.in_force) if d is not None]
        return found

    @property
    def first(self) -> float:
        return min(d.position for d in self.dates())


def _clean(label: str) -> str:
    return re.sub(r"^\d{4}\s*(年)?\s*[:：]\s*", "", label).strip()


def _dates(graph: Graph, queries: Path) -> dict[str, dict[str, list[Dated]]]:
    """item -> property local name -> its dates (earliest first), each with a supporting citation."""
    table = run_local(graph, find_query(queries, "timeline-dates").text, {})
    found: dict[str, dict[str, dict[str, str]]] = {}
    for item, prop, day, source, *_status in table.rows:
        name = re.split(r"[#/]", str(prop))[-1]
        days = found.setdefault(str(item), {}).setdefault(name, {})
        best, cited = days.get(str(day)), str(source or "")
        if best is None or (cited and (not best or cited < best)):
            days[str(day)] = cited
    return {
        item: {name: [Dated(d, s) for d, s in sorted(days.items())] for name, days in props.items()}
        for item, props in found.items()
    }


def _first(props: dict[str, list[Dated]], *names: str) -> Dated | None:
    for name in names:
        if props.get(name):
            return props[name][0]
    return None


def _issued(props: dict[str, list[Dated]]) -> Dated | None:
    return _first(props, "date_publication", "date_document", "eventDate")


def rows(graph: Graph, queries: Path, lang: str) -> list[Row]:
    """Every row of the figure (no year window), in the order of its first date."""
    table = run_local(graph, find_query(queries, "timeline-figure").text, {})
    col = {name: i for i, name in enumerate(table.variables)}
    dates = _dates(graph, queries)
    facts: dict[str, dict[str, object]] = {}
    for record in table.rows:
        value = {name: (None if record[i] is None else str(record[i])) for name, i in col.items()}
        kind = str(value["kind"]).rsplit("/type-", 1)[-1]
        if kind not in KIND_PRIORITY:
            continue
        previous = facts.get(value["item"])
        if previous is None or KIND_PRIORITY.index(kind) < KIND_PRIORITY.index(previous["kind"]):
            facts[value["item"]] = {**value, "kind": kind}
    return _assemble(facts, dates, lang)


def _label(fact: dict, lang: str) -> tuple[str, bool]:
    if lang == "zh" and (fact["labelZh"] or fact["nameZh"]):
        label = fact["labelZh"] or fact["nameZh"]
        translated = not fact["labelZh"] and str(fact["nameIsTranslation"]).lower() in ("true", "1")
    else:
        label, translated = fact["labelEn"] or fact["item"], False
    case_kind = fact["caseKindZh" if lang == "zh" else "caseKindEn"]
    if fact["role"] == "case" and case_kind.lower() not in label.lower():  # the category may name it
        label = f"{case_kind}{'：' if lang == 'zh' else ': '}{label}"
    return _clean(label), translated


def _work_of(iri: str, facts: dict[str, dict]) -> str | None:
    """The row an item belongs to: itself for a work, its work for a version or amending act."""
    seen = set()
    while iri in facts and iri not in seen:
        seen.add(iri)
        fact = facts[iri]
        if fact["role"] in ("work", "case") or (fact["role"] == "event" and not fact["parent"]):
            return iri
        iri = fact["parent"]
    return None


def _assemble(facts: dict[str, dict], dates: dict, lang: str) -> list[Row]:
    table: dict[str, Row] = {}
    for iri, fact in facts.items():
        if _work_of(iri, facts) != iri:
            continue
        props = dates.get(iri, {})
        label, translated = _label(fact, lang)
        row = Row(iri, fact["kind"], label, translated, str(fact["status"]).endswith("/status-unverified"))
        if fact["role"] == "case" or (fact["role"] == "event" and not _first(props, "eventDate")):
            row.year_only = _first(props, "year", "eventYear")
        else:
            row.issued = _issued(props)
            row.in_force = _first(props, "first_date_entry_in_force")
        table[iri] = row
    for iri, fact in sorted(facts.items()):
        row = table.get(_work_of(iri, facts) or "")
        if row is None:
            continue
        if fact["role"] == "amendment":
            props = dates.get(iri, {})
            row.amendments.append(
                Amendment(
                    iri, _label(fact, lang)[0], _issued(props), _first(props, "first_date_entry_in_force")
                )
            )
        if fact["role"] == "event":
            _join_event(row, iri, fact, lang)
    for row in table.values():
        row.periods = _periods(row, facts, dates)
        row.amendments.sort(key=lambda a: (a.issued or a.in_force or Dated("9999", "")).position)
    found = [row for row in table.values() if row.dates()]
    return sorted(found, key=lambda r: (r.first, r.iri))


def _join_event(row: Row, iri: str, fact: dict, lang: str) -> None:
    row.events.append(iri)
    note = fact["noteZh" if lang == "zh" else "noteEn"]
    if note and note not in row.notes:
        row.notes.append(note)
    row.study_year = row.study_year or fact["studyYear"]
    row.unverified = row.unverified or str(fact["status"]).endswith("/status-unverified")


def _periods(row: Row, facts: dict[str, dict], dates: dict) -> list[Period]:
    """Each version's period in force, in order; a work's own period before its first version held."""
    versions = [iri for iri, f in facts.items() if f["role"] == "version" and f["parent"] == row.iri]
    periods = []
    for version in versions:
        props = dates.get(version, {})
        start = _first(props, "first_date_entry_in_force")
        if start is not None:
            periods.append(Period(start, _first(props, "date_no_longer_in_force")))
    periods.sort(key=lambda p: p.start.position)
    own = dates.get(row.iri, {})
    if row.in_force is not None and (not periods or row.in_force.position < periods[0].start.position):
        periods.insert(
            0, Period(row.in_force, periods[0].start if periods else _first(own, "date_no_longer_in_force"))
        )
    return periods


def in_window(item: Row | Amendment, start: int | None, end: int | None) -> bool:
    """Whether any date of ``item`` falls in the years ``start``..``end``."""
    found = item.dates() if isinstance(item, Row) else [d for d in (item.issued, item.in_force) if d]
    return any((start is None or d.year >= start) and (end is None or d.year <= end) for d in found)
