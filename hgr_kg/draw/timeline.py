"""The legislative timeline figure (the study's Figure 1), drawn from the graph with matplotlib.

Everything drawn comes from ``queries/timeline-figure.rq``: adding an event or instrument to
``data/`` adds it to the figure, and changing a date moves it. The layout is a vertical time axis
with one label per item; labels keep their date order and are pushed apart just enough never to
overlap, with a leader line to the item's true date. Output is reproducible: the SVG has fixed ids
and no timestamp, the PDF embeds TrueType (Type 42) fonts and has no creation date.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Graph

from hgr_kg.errors import HgrKgError
from hgr_kg.query.canned import bind_params, find_query, run_local

FORMATS = ("svg", "pdf", "png")
LANGS = ("en", "zh")
SIZES = {"column": 3.5, "slide": 10.0}  # figure width in inches: one A4 column, or a 16:9 slide

# kind key, colour (Okabe-Ito, colour-blind safe), English and Chinese legend labels
KINDS: dict[str, tuple[str, str, str]] = {
    "law": ("#0072B2", "Law", "法律"),
    "administrative-regulation": ("#009E73", "Administrative regulation", "行政法规"),
    "departmental-rule": ("#E69F00", "Departmental rule", "部门规章"),
    "normative-document": ("#56B4E9", "Normative document", "规范性文件"),
    "draft": ("#999999", "Draft", "草案"),
    "judicial": ("#CC79A7", "Judicial", "司法"),
    "foreign-instrument": ("#D55E00", "Foreign", "域外"),
}
KIND_PRIORITY = ["foreign-instrument", "judicial", "draft", "law", "administrative-regulation",
                 "departmental-rule", "normative-document"]  # fmt: skip
CJK_FONT = "WenQuanYi Zen Hei"
LATIN_FONT = "DejaVu Sans"

TEXT = {
    "en": {
        "title": "Timeline of the legislative reform process for human genetic resources in China",
        "source": "Source: hgr-kg knowledge graph (data version {built}). Events of Figure 1 of the "
        "study; dates from official texts where the graph holds them, else the year. * unverified.",
        "year_only": "year only",
    },
    "zh": {
        "title": "中国人类遗传资源立法改革进程时间线",
        "source": "来源：hgr-kg 知识图谱（数据版本 {built}）。事件依据研究图1；日期以图谱所载官方文本为准，"
        "否则仅标年份。* 未核实。",
        "year_only": "仅年份",
    },
}


@dataclass(frozen=True)
class Item:
    iri: str
    date: str  # YYYY or YYYY-MM-DD
    label: str
    kind: str
    unverified: bool

    @property
    def position(self) -> float:
        """Decimal year; a year-only date sits in the middle of its year."""
        if len(self.date) == 4:
            return int(self.date) + 0.5
        day = date.fromisoformat(self.date)
        return day.year + (day.timetuple().tm_yday - 0.5) / 366

    @property
    def slug(self) -> str:
        return self.iri.rsplit("/", 1)[-1]


def _clean(label: str) -> str:
    return re.sub(r"^\d{4}\s*(年)?\s*[:：]\s*", "", label).strip()


def timeline_items(graph: Graph, queries: Path, lang: str, start: int | None, end: int | None,
                   kinds: list[str] | None = None) -> list[Item]:  # fmt: skip
    """The items of the figure, from the graph, one per resource, in date order."""
    query = find_query(queries, "timeline-figure")
    raw = {k: str(v) for k, v in (("from", start), ("to", end)) if v is not None}
    table = run_local(graph, query.text, bind_params(query, raw))
    column = {name: i for i, name in enumerate(table.variables)}
    chosen: dict[str, Item] = {}
    for row in table.rows:
        iri = str(row[column["item"]])
        kind = str(row[column["kind"]]).rsplit("/type-", 1)[-1]
        if kind not in KINDS:
            continue
        label_zh, label_en = row[column["labelZh"]], row[column["labelEn"]]
        label = str(label_zh if lang == "zh" and label_zh is not None else label_en or iri)
        case_kind = row[column["caseKindZh" if lang == "zh" else "caseKindEn"]]
        if case_kind is not None:  # a court case: "criminal case: forgery of seals"
            label = f"{case_kind}{'：' if lang == 'zh' else ': '}{label}"
        item = Item(iri, str(row[column["date"]]), _clean(label), kind,
                    str(row[column["status"]]).endswith("/status-unverified"))  # fmt: skip
        previous = chosen.get(iri)
        if previous is None or KIND_PRIORITY.index(kind) < KIND_PRIORITY.index(previous.kind):
            chosen[iri] = item
    items = [i for i in chosen.values() if kinds is None or i.kind in kinds]
    return sorted(items, key=lambda i: (i.position, i.iri))


def _font(lang: str) -> list[str]:
    from matplotlib import font_manager

    families = [LATIN_FONT]
    if lang == "zh":
        try:
            font_manager.findfont(font_manager.FontProperties(family=CJK_FONT), fallback_to_default=False)
        except ValueError:
            raise HgrKgError(
                f"the Chinese timeline needs the font '{CJK_FONT}' (Debian: apt-get install fonts-wqy-zenhei)"
            ) from None
        families = [CJK_FONT, LATIN_FONT]
    return families


BREAK_YEARS = 3.0


def layout(items: list[Item], heights: list[float]) -> list[float]:
    """Top of each label (inches below the axis start): items follow in date order, never
    overlapping; the space between two items grows with the time between them, up to a cap, so
    that quiet years are compressed (and marked with a break) while dense years stay readable."""
    placed = [0.0]
    for k in range(1, len(items)):
        years = max(0.0, items[k].position - items[k - 1].position)
        placed.append(placed[-1] + heights[k - 1] + min(0.35, 0.12 * years))
    return placed


def year_ticks(items: list[Item], marks: list[float]) -> list[tuple[int, float]]:
    """Where each 1 January between the first and last item falls on the (piecewise) axis."""
    points = [(it.position, m) for it, m in zip(items, marks, strict=True)]
    ticks = []
    for year in range(int(points[0][0]) + 1, int(points[-1][0]) + 1):
        for (t0, p0), (t1, p1) in itertools.pairwise(points):
            if t0 <= year <= t1 and t1 > t0:
                ticks.append((year, p0 + (p1 - p0) * (year - t0) / (t1 - t0)))
                break
    return ticks


def _wrap(text: str, width_in: float, fontsize: float) -> list[str]:
    """Wrap mixed Chinese and Latin text to ``width_in`` inches: Latin breaks between words, Chinese
    between any two characters; widths estimated per character (full width for CJK)."""

    def size(chunk: str) -> float:
        wide = sum(1 for ch in chunk if unicodedata.east_asian_width(ch) in "WF")
        return (wide * 1.0 + (len(chunk) - wide) * 0.56) * fontsize / 72

    tokens = re.findall(
        r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]|[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+\s*|\s+",
        text,
    )
    lines, current = [], ""
    for token in tokens:
        if current and size((current + token).rstrip()) > width_in:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    if current.strip():
        lines.append(current.rstrip())
    return lines or [text]


def draw(items: list[Item], lang: str, size: str, built: str):  # noqa: ANN201 (a matplotlib Figure)
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.lines import Line2D

    if not items:
        raise HgrKgError("the timeline has no items in the chosen years and kinds")
    width = SIZES[size]
    fontsize = 7.0 if size == "column" else 11.0
    line_h = fontsize * 1.3 / 72  # inches per text line
    text = TEXT[lang]
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)  # no bold CJK face: fine
    plt.rcParams.update({"font.family": _font(lang), "font.size": fontsize, "svg.hashsalt": "hgr-kg",
                         "pdf.fonttype": 42, "svg.fonttype": "path"})  # fmt: skip

    axis_x = 0.55 if size == "column" else 1.0  # inches from the left
    label_x = axis_x + 0.22
    text_x = label_x + (0.62 if size == "column" else 1.0)  # after the date column
    wrap_width = width - text_x - 0.08
    labels = []
    for it in items:
        body = f"{it.label}{' *' if it.unverified else ''}"
        labels.append([it.date, *_wrap(body, wrap_width, fontsize)])
    heights = [len(lines) * line_h + line_h * 0.35 for lines in labels]
    placed = layout(items, heights)
    marks = [p + line_h * 0.45 for p in placed]
    axis_end = placed[-1] + heights[-1]

    title_fs = fontsize * 1.15
    title = "\n".join(_wrap(text["title"], width - 0.16, title_fs * 1.1))
    top_margin = 0.12 + (title.count("\n") + 1) * title_fs * 1.3 / 72 + 0.15
    used = [k for k in KINDS if any(it.kind == k for it in items)]
    columns = 2 if size == "column" else 4
    legend_rows = (len(used) + 1 + columns - 1) // columns
    source_fs = fontsize * 0.75
    source = "\n".join(_wrap(text["source"].format(built=built), width - 0.16, source_fs))
    legend_h = legend_rows * line_h * 1.25 + 0.1
    bottom_margin = 0.1 + legend_h + (source.count("\n") + 1) * source_fs * 1.3 / 72 + 0.1
    height = top_margin + axis_end + bottom_margin

    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)  # inches from the top
    ax.axis("off")

    def y(inch: float) -> float:
        return top_margin + inch

    ax.text(0.08, 0.12, title, ha="left", va="top", fontsize=title_fs, fontweight="bold", gid="caption")
    ax.plot([axis_x, axis_x], [y(marks[0] - 0.08), y(marks[-1] + 0.08)], color="#333333", lw=1.0)
    for k in range(1, len(items)):
        if items[k].position - items[k - 1].position > BREAK_YEARS:  # a compressed stretch of time
            mid = (marks[k] + marks[k - 1]) / 2
            ax.plot([axis_x - 0.07, axis_x + 0.07], [y(mid - 0.045), y(mid - 0.005)], color="#333333", lw=0.8)
            ax.plot([axis_x - 0.07, axis_x + 0.07], [y(mid + 0.005), y(mid + 0.045)], color="#333333", lw=0.8)
    last_label = -1.0
    for year, pos in year_ticks(items, marks):
        ax.plot([axis_x - 0.05, axis_x], [y(pos), y(pos)], color="#333333", lw=0.6)
        if pos - last_label < line_h * 1.1:  # no room for this year's number
            continue
        last_label = pos
        ax.text(axis_x - 0.08, y(pos), str(year), ha="right", va="center", fontsize=fontsize * 0.85,
                color="#333333")  # fmt: skip
    for it, top, mark, lines in zip(items, placed, marks, labels, strict=True):
        colour = KINDS[it.kind][0]
        ax.plot([axis_x, label_x - 0.04], [y(mark), y(mark)], color=colour, lw=0.6, gid=f"leader-{it.slug}")
        ax.plot([axis_x], [y(mark)], marker="o" if len(it.date) > 4 else "s", ms=fontsize * 0.6,
                color=colour, mec="white", mew=0.4, gid=f"marker-{it.slug}")  # fmt: skip
        ax.text(label_x, y(top), lines[0], ha="left", va="top", fontsize=fontsize * 0.9,
                fontweight="bold", color=colour, gid=f"date-{it.slug}")  # fmt: skip
        ax.text(text_x, y(top), "\n".join(lines[1:]), ha="left",
                va="top", linespacing=1.3, color="#111111", gid=f"label-{it.slug}")  # fmt: skip

    handles = [Line2D([], [], marker="o", ls="", color=KINDS[k][0], label=KINDS[k][1 if lang == "en" else 2])
               for k in used]  # fmt: skip
    handles.append(Line2D([], [], marker="s", ls="", color="#555555", label=text["year_only"]))
    legend_top = 1 - (top_margin + axis_end + 0.1) / height
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.02, legend_top),
               frameon=False, ncol=columns, fontsize=fontsize * 0.85, handletextpad=0.3,
               columnspacing=0.8, borderaxespad=0)  # fmt: skip
    ax.text(0.08, height - 0.08, source, ha="left", va="bottom", fontsize=source_fs, color="#444444",
            gid="source")  # fmt: skip
    return fig


def render(fig, fmts: tuple[str, ...]) -> dict[str, bytes]:  # noqa: ANN001
    """The figure in each format: SVG (no timestamp), PDF (Type 42 fonts, no dates), PNG (300 dpi)."""
    from matplotlib import pyplot as plt

    out = {}
    for fmt in fmts:
        buffer = io.BytesIO()
        metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None},
                    "png": {"Software": None}}[fmt]  # fmt: skip
        fig.savefig(buffer, format=fmt, dpi=300, metadata=metadata)
        out[fmt] = buffer.getvalue()
    plt.close(fig)
    return out


def timeline(graph: Graph, queries: Path, lang: str = "en", fmt: str = "svg", size: str = "column",
             start: int | None = 1998, end: int | None = 2024, kinds: list[str] | None = None,
             built: str = "") -> bytes:  # fmt: skip
    """Draw the timeline of ``graph`` and return the file's bytes."""
    if lang not in LANGS or fmt not in FORMATS or size not in SIZES:
        raise HgrKgError(f"timeline: lang must be {LANGS}, format {FORMATS}, size {tuple(SIZES)}")
    unknown = sorted(set(kinds or []) - set(KINDS))
    if unknown:
        raise HgrKgError(f"--kinds: unknown kind(s) {', '.join(unknown)} (kinds: {', '.join(KINDS)})")
    items = timeline_items(graph, queries, lang, start, end, kinds)
    return render_items(items, lang, size, built, (fmt,))[fmt]


def render_items(items: list[Item], lang: str, size: str, built: str,
                 fmts: tuple[str, ...]) -> dict[str, bytes]:  # fmt: skip
    """Draw ``items`` and render the figure in each of ``fmts`` (needs no graph: runs in a worker)."""
    return render(draw(items, lang, size, built), fmts)
