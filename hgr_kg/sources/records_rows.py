"""Reading and checking the rows of a record import: the columns, categories and statuses, the
normalised names and decision numbers, and the checks every row passes (``hgr_kg.sources.records``
imports them; ``hgr_kg.sources.batch`` makes the same rows from the ministry's published lists)."""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import URIRef

from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import IMPORT, read_input
from hgr_kg.namespaces import HGRID
from hgr_kg.sources.decoding import decode

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


def normalise_number(number: str) -> str:
    """A decision number with case and width folded (NFKC) and punctuation and spaces removed:
    ``D-1``, ``d 1`` and ``Ｄ１`` are one decision."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", number).casefold())


def slug(text: str) -> str:
    return hashlib.sha1(normalise_name(text).encode()).hexdigest()[:12]


_REGIME_IRIS = [(start, HGRID[name]) for start, name in REGIMES]


def regime(day: date) -> URIRef:
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
        regime(day)
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
            cells["__slug__"] = slug(cells["decision_number"])
            rows.append((line, cells))
    except csv.Error as err:
        raise HgrKgError(f"{path}:{done + 1}: malformed CSV: {err}") from None
    return rows, said


def bad_rows(
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
