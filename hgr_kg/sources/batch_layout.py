"""The layout of the ministry's published permit lists (中国人类遗传资源行政许可事项YYYY年第N批审批结果):
the batch's title, the tables' headers, the approval numbers, the dates, and the rows they make.

The readers (``hgr_kg.sources.batch_readers``) give each table's rows as text cells with where each
row is (a row number, or a PDF page); this module finds the permit tables by their header row, checks
every row and turns it into the row dict of ``hgr_kg.sources.records`` (the same decision as a CSV row
of ``import permits`` would give). Every refusal is one line naming the file, the table and the row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import NoReturn

from hgr_kg.errors import HgrKgError
from hgr_kg.sources.numerals import cn_numeral

# the two headers, as published (compared with width, case and whitespace folded)
HEADER_5 = ["序号", "审批号", "项目名称", "申请单位", "批准时间"]
HEADER_8 = ["序号", "审批号", "项目名称", "医疗机构(组长单位)", "申办方", "合同研究组织", "检测/数据单位",
            "批准时间"]  # fmt: skip
# the approval number's category code, the category (records.CATEGORIES) and the words of a heading
CODES = {"CJ": "collection", "BC": "preservation", "GH": "international-collaboration", "CC": "export"}
HEADING_WORDS = {"collection": "采集", "preservation": "保藏", "international-collaboration": "国际",
                 "export": "出境"}  # fmt: skip
_NUMERAL = "0-9０-９零〇一二两三四五六七八九十百千"
TITLE = re.compile(r"中国人类遗传资源行政许可事项\s*([0-9０-９]{4})\s*年\s*第\s*([" + _NUMERAL + r"]+)\s*批"
                   r"[^\n]{0,12}?审批结果(?:\s*[(（]\s*公示\s*[)）])?")  # fmt: skip
# 国科遗办审字〔2023〕CJ0001号, 2023CJ0001, CJ2023001: an optional year, the code, digits
NUMBER = re.compile(r"(?:国科遗办审字)?(?:[\[〔【(]?[0-9]{4}[\]〕】)]?)?(CJ|BC|GH|CC)[0-9]{1,12}号?")
DATE = re.compile(r"([0-9]{4})\s*[-./年]\s*([0-9]{1,2})\s*[-./月]\s*([0-9]{1,2})\s*日?")
EMPTY = {"", "/", "-", "—", "——", "无", "N/A", "n/a"}


@dataclass
class RawTable:
    """A table as read: its number in the file, the text just above it, and its rows, each with where
    it is (``row 3``, ``page 2``) and its cells' text. ``continued``: the first table of a PDF page,
    which may go on with the previous page's."""

    number: int
    heading: str = ""
    rows: list[tuple[str, list[str]]] = field(default_factory=list)
    continued: bool = False


@dataclass
class Batch:
    """One published list: the year and batch number, its title as printed (None when the file
    states none and the user gave ``--year/--batch``)."""

    year: int
    number: int
    title: str | None


def fold(text: str) -> str:
    """Width and case folded (NFKC), every whitespace removed: how headers and numbers compare."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


def clean(text: str) -> str:
    """A cell's text with its lines joined (a PDF cell wraps a long name: no space between two
    Chinese characters, one space otherwise) and runs of spaces made one."""
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]
    out = ""
    for line in lines:
        glue = "" if not out or (_wide(out[-1]) and _wide(line[0])) else " "
        out += glue + line
    return re.sub(r"[ \t\u3000]+", " ", out).strip()


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def find_titles(text: str) -> dict[tuple[int, int], str]:
    """Every batch title in ``text``: (year, batch number) to the title as printed, each run of
    whitespace in it one space (a PDF may wrap it); the first of each batch."""
    found: dict[tuple[int, int], str] = {}
    for match in TITLE.finditer(text):
        try:
            key = (int(match.group(1)), cn_numeral(unicodedata.normalize("NFKC", match.group(2))))
        except ValueError:
            continue
        found.setdefault(key, re.sub(r"\s+", " ", match.group(0)))
    return found


def batch_of(where: str, text: str, year: int | None, number: int | None) -> Batch:
    """The batch of a file from its title, checked against ``--year/--batch`` if given."""
    titles = find_titles(text)
    given = f"--year {year} --batch {number}"
    if year is not None and number is not None:
        if (year, number) in titles:
            return Batch(year, number, titles[year, number])
        if titles:
            said = "; ".join(titles.values())
            raise HgrKgError(f"{where}: its title says {said}, not {given}; nothing imported")
        return Batch(year, number, None)
    if (year is None) != (number is None):
        raise HgrKgError("--year and --batch: give both or neither")
    if len(titles) == 1:
        (key, title), = titles.items()  # fmt: skip
        if not (1998 <= key[0] <= 2100 and key[1] >= 1):
            raise HgrKgError(f"{where}: its title {title} gives no batch from 1998 to 2100; nothing imported")
        return Batch(key[0], key[1], title)
    if not titles:
        raise HgrKgError(f"{where}: no title 中国人类遗传资源行政许可事项YYYY年第N批审批结果 found; "
                         "give the batch with --year and --batch")  # fmt: skip
    said = "; ".join(titles.values())
    raise HgrKgError(f"{where}: the file names {len(titles)} batches ({said}); "
                     "pick one with --year and --batch")  # fmt: skip


def header_kind(cells: list[str]) -> int | None:
    """5 or 8 if ``cells`` are that header, else None."""
    folded = [fold(c) for c in cells]
    for header in (HEADER_5, HEADER_8):
        if folded == [fold(h) for h in header]:
            return len(header)
    return None


def looks_like_header(cells: list[str]) -> bool:
    """A row that means to be a permit table's header (it names 审批号), right or wrong."""
    return any(fold(c) == "审批号" for c in cells)


def heading_category(heading: str) -> str | None:
    """The one category a table's section heading names (采集, 保藏, 国际…合作, 出境), else None."""
    found = [cat for cat, word in HEADING_WORDS.items() if word in heading]
    return found[0] if len(found) == 1 else None


def parse_date(text: str) -> date | None:
    """2023-07-05, 2023年7月5日, 2023.7.5, 2023/7/5 (ASCII or full-width digits) as a date, else None."""
    match = DATE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def in_batch_year(day: date, year: int) -> bool:
    """Whether ``day`` is in ``year`` or within a month of it (1 December before to 31 January after)."""
    return date(year - 1, 12, 1) <= day <= date(year + 1, 1, 31)


def approval_category(number: str) -> str | None:
    """The category of a well-formed approval number (its CJ/BC/GH/CC code), else None."""
    match = NUMBER.fullmatch(fold(number))
    return CODES[match.group(1)] if match else None


@dataclass(frozen=True)
class Refusal:
    """Raises the one-line refusal of a row: ``where`` (file, table, row) and the reason."""

    where: str

    def __call__(self, reason: str) -> NoReturn:
        raise HgrKgError(f"{self.where}: {reason}; nothing imported")


def _names(cell: str) -> str:
    """Several organisations in one cell (、；;) as the ``;``-separated list ``import permits`` reads."""
    if cell in EMPTY:
        return ""
    return ";".join(part.strip() for part in re.split(r"[、；;]", cell) if part.strip() not in EMPTY)


def record(batch: Batch, table: RawTable, width: int, cells: list[str], fail: Refusal) -> dict[str, str]:
    """One data row as a records row dict; ``fail(reason)`` raises the row's one-line refusal."""
    cells = [clean(c) for c in cells]
    number, title, *middle, when = cells[1:]
    if not number:
        fail("审批号 is empty")
    category = approval_category(number)
    if category is None:
        fail(f"approval number {number!r} is malformed (expected its category code CJ, BC, GH or CC "
             "and digits, e.g. CJ2023001 or 国科遗办审字〔2023〕CJ0001号)")  # fmt: skip
    if (category == "international-collaboration") != (width == 8):
        fail(f"approval number {number!r} is {category} but the table has the {width}-column header")
    named = heading_category(table.heading)
    if named is not None and named != category:
        fail(f"approval number {number!r} is {category} but the table's heading says "
             f"{HEADING_WORDS[named]} ({named}): {table.heading[:60]!r}")  # fmt: skip
    day = parse_date(when)
    if day is None:
        fail(f"批准时间 {when!r} is not a date (2023-07-05, 2023年7月5日, 2023.7.5 or 2023/7/5)")
    elif not in_batch_year(day, batch.year):
        fail(f"批准时间 {day.isoformat()} is more than a month outside the batch's year {batch.year}")
    applicant = middle[0]
    if applicant in EMPTY:
        fail(f"{'医疗机构(组长单位)' if width == 8 else '申请单位'} is empty")
    row = {"decision_number": number, "decision_date": day.isoformat() if day else "",
           "category": category or "", "applicant": applicant, "foreign_partners": "", "sponsor": "",
           "city": "", "project_title": "" if title in EMPTY else title, "status": "approved", "cro": "",
           "data_unit": ""}  # fmt: skip
    if width == 8:
        sponsor = "" if middle[1] in EMPTY else middle[1]  # one sponsor per decision, as in a CSV row
        row.update(sponsor=sponsor, cro=_names(middle[2]), data_unit=_names(middle[3]))
    return row


def _header_at(table: RawTable) -> int | None:
    return next((i for i, (_, cells) in enumerate(table.rows[:5]) if looks_like_header(cells)), None)


def permit_rows(name: str, batch: Batch, tables: list[RawTable]) -> list[tuple[str, dict[str, str]]]:
    """The decisions of the permit tables, each with its locator (``table 2, row 5`` or ``table 2,
    page 3``): tables are numbered in the order their header rows come, a table that a PDF page
    continues (the page's first table, no text above it) keeps its number and heading. Raises the
    first bad row's one-line refusal."""
    out: list[tuple[str, dict[str, str]]] = []
    number, width, heading = 0, 0, ""
    for table in tables:
        start = _header_at(table)
        if start is None:
            if not (table.continued and width and not table.heading.strip()):
                continue  # not a permit table (a layout table, a note)
            start = -1  # the previous page's table goes on
        else:
            where, cells = table.rows[start]
            kind = header_kind(cells)
            if kind is None:
                shown = ", ".join(clean(c) for c in cells)
                raise HgrKgError(f"{name}: table {number + 1}, {where}: a header of {len(cells)} column(s) "
                                 f"({shown}) is neither the 5-column ({', '.join(HEADER_5)}) nor the "
                                 f"8-column ({', '.join(HEADER_8)}) header; nothing imported")  # fmt: skip
            same = table.continued and kind == width and not table.heading.strip()
            if not same:
                number, width, heading = number + 1, kind, table.heading
        view = RawTable(number, heading)
        for where, cells in table.rows[start + 1 :]:
            if not any(c.strip() for c in cells) or header_kind(cells) == width:
                continue  # an empty row, or the header again (a PDF repeats it on every page)
            fail = Refusal(f"{name}: table {number}, {where}")
            if len(cells) != width:
                fail(f"{len(cells)} cell(s) where the header has {width}")
            out.append((f"table {number}, {where}", record(batch, view, width, cells, fail)))
    return out
