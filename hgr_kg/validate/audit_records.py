"""The audit's view of the imported permit records: for every year the records cover, the approved
decisions per category counted from the records themselves, beside the study's Table 1.

A year is covered when at least one imported decision (``import permits``, ``import batch``) is dated
in it. The graph cannot know whether the batches of a year are all imported, so the totals are
those "from the batches imported", each year listing the sources (batch titles, CSV collections)
its decisions come from, and the years of Table 1 without any record are named as not covered.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from hgr_kg.namespaces import PREFIXES
from hgr_kg.query.canned import run_local

CATEGORIES = ("collection", "preservation", "export", "international-collaboration")
_HINT = " (the audit's record queries never send a request)"

# approved decisions by year (of the decision date) and category, counted from the decisions
_COUNTS = """
SELECT ?year ?category (COUNT(DISTINCT ?permit) AS ?n) WHERE {
  ?permit hgr:recordOf ?collection ; hgr:refYear ?year ; hgr:permitCategory ?code ;
          hgr:decisionStatus hgrid:status-approved .
  ?code skos:notation ?category .
} GROUP BY ?year ?category"""
# the sources of each year's decisions: a batch's title, year and number, or a collection's source
_SOURCES = """
SELECT DISTINCT ?year ?title ?batchYear ?batchNumber WHERE {
  ?permit hgr:recordOf ?collection ; hgr:refYear ?year .
  ?collection dcterms:source/dcterms:isPartOf ?document .
  ?document dcterms:title ?title .
  OPTIONAL { ?document hgr:batchYear ?batchYear ; hgr:batchNumber ?batchNumber }
}"""
_TABLE1 = """
SELECT ?year ?category ?count WHERE {
  ?obs qb:dataSet hgrid:ds-table1 ; hgr:refYear ?year ; hgr:permitCategory ?code ; hgr:permitCount ?count .
  ?code skos:notation ?category .
}"""


@dataclass(frozen=True)
class CategoryTotal:
    category: str
    records: int
    table1: int | None

    @property
    def difference(self) -> int | None:
        return None if self.table1 is None else self.records - self.table1


@dataclass(frozen=True)
class YearRecords:
    year: int
    totals: list[CategoryTotal]
    sources: list[str]


@dataclass(frozen=True)
class RecordCoverage:
    """The covered years (with their totals and sources) and Table 1's years that no record covers."""

    years: list[YearRecords] = field(default_factory=list)
    not_covered: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        years = [{**asdict(y), "totals": [{**asdict(t), "difference": t.difference} for t in y.totals]}
                 for y in self.years]  # fmt: skip
        basis = (
            "approved decisions from the batches and files imported, by the year of the decision date; "
            "the graph cannot know whether a year's batches are complete"
        )
        covered = [y.year for y in self.years]
        return {"basis": basis, "covered": covered, "not_covered": self.not_covered, "years": years}


def _rows(engine: Any, text: str, what: str) -> list[list[str | None]]:
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    table = run_local(engine, prefixes + text, {}, origin=f"the audit's {what}", service_hint=_HINT)
    return [[None if cell is None else str(cell) for cell in row] for row in table.rows]


def _source(title: str, batch_year: str | None, batch_number: str | None) -> str:
    return f"{title} (batch {batch_year}-{batch_number})" if batch_year and batch_number else title


def record_coverage(engine: Any) -> RecordCoverage:
    """The imported records' yearly totals beside Table 1 (``engine``: a graph or a store)."""
    counts: dict[int, dict[str, int]] = {}
    for year, category, n in _rows(engine, _COUNTS, "record counts"):
        if year is not None and category is not None and n is not None:
            counts.setdefault(int(year), {})[category] = int(n)
    sources: dict[int, set[str]] = {}
    for year, title, batch_year, batch_number in _rows(engine, _SOURCES, "record sources"):
        if year is not None and title is not None:
            sources.setdefault(int(year), set()).add(_source(title, batch_year, batch_number))
    table1: dict[tuple[int, str], int] = {}
    for year, category, count in _rows(engine, _TABLE1, "Table 1 counts"):
        if year is not None and category is not None and count is not None:
            table1[int(year), category] = int(count)
    years = [
        YearRecords(
            year,
            [CategoryTotal(c, counts.get(year, {}).get(c, 0), table1.get((year, c))) for c in CATEGORIES],
            sorted(sources.get(year, ())),
        )  # fmt: skip
        for year in sorted(set(counts) | set(sources))
    ]
    covered = {y.year for y in years}
    return RecordCoverage(years, sorted({year for year, _ in table1} - covered))
