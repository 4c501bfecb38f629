"""The legislative timeline figure (the study's Figure 1, with periods in force), drawn with matplotlib.

Everything drawn comes from the graph (:mod:`hgr_kg.draw.timeline_rows`). One row per instrument:
a dot at its promulgation (or adoption), a line to its entry into force, a band for each version's
period in force (a shade per version, an arrow where no end is recorded) and a diamond for each act
amending it; a hollow box for what is dated only to the year. Time runs left to right on one linear
axis, with the long stretches in which nothing happens cut out (an axis break).

Two layouts (``orientation``): ``vertical``, one A4 column wide, rows stacked down the page with
each row's text above its bar; ``horizontal``, a 16:9 slide, text in columns left of the bars. Text is
measured with the renderer that draws it, so wrapping and placement are exact: no two texts overlap
and none leaves the canvas. Notes on labels become numbered footnotes under the figure.

Output is reproducible: the SVG keeps text as text (fonts named, a ``<title>``) with fixed ids and
no timestamp; the PDF embeds TrueType (Type 42) fonts and has no creation date.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from hgr_kg.draw.timeline_rows import Row, in_window, rows
from hgr_kg.draw.timescale import make_scale, year_ticks
from hgr_kg.errors import HgrKgError

if TYPE_CHECKING:  # matplotlib is imported only when drawing
    from matplotlib.figure import Figure

FORMATS = ("svg", "pdf", "png")
LANGS = ("en", "zh")
ORIENTATIONS = ("vertical", "horizontal")
DATES = ("both", "promulgated", "in-force")
CJK_FONT = "WenQuanYi Zen Hei"
LATIN_FONT = "DejaVu Sans"
DPI = 300  # the PNG's resolution; text is measured at it too (hinting makes small text narrower at low dpi)
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# kind key, colour (Okabe-Ito, colour-blind safe), English and Chinese legend labels
KINDS: dict[str, tuple[str, str, str]] = {
    "law": ("#0072B2", "Law", "法律"),
    "administrative-regulation": ("#009E73", "Administrative regulation", "行政法规"),
    "departmental-rule": ("#E69F00", "Departmental rule", "部门规章"),
    "normative-document": ("#56B4E9", "Normative document", "规范性文件"),
    "draft": ("#999999", "Draft", "草案"),
    "judicial": ("#CC79A7", "Court case", "司法案例"),
    "foreign-instrument": ("#D55E00", "Foreign instrument", "域外规范"),
}

TEXT = {
    "en": {
        "title": "Timeline of the legislative reform process for human genetic resources in China",
        "issued": "promulgated (adopted, where no promulgation is recorded)",
        "span": "to entry into force",
        "band": "in force (a shade per version)",
        "open": "in force, no end recorded",
        "amend": "amending act, at its {what}",
        "year": "dated to the year only",
        "unverified": "* unverified",
        "study": "study: {year}",
        "study_note": "The year the study's Figure 1 gives, where it differs from the graph's date.",
        "translation_note": "",
        "no_force": "entry into force not recorded",
        "source": "Source: hgr-kg knowledge graph (data version {built}); every date is a value of the graph "
        "with its citation (hgr-kg sources). Items: the events of the study's Figure 1, the instruments "
        "of the graph, the court cases of its Table 3.",
    },
    "zh": {
        "title": "中国人类遗传资源立法改革进程时间线",
        "issued": "公布（未载公布日期的，为通过日期）",
        "span": "至施行",
        "band": "有效期间（每一版本一种深浅）",
        "open": "现行有效，未载失效日期",
        "amend": "修改文件（标于其{what}日期）",
        "year": "仅知年份",
        "unverified": "* 未核实",
        "study": "研究：{year}年",
        "study_note": "研究图1所标年份（与图谱日期不同时列出）。",
        "translation_note": "编者译名，并非官方中文标题。",
        "no_force": "施行日期未载",
        "source": "来源：hgr-kg 知识图谱（数据版本 {built}）；所有日期均取自图谱并附其引用来源"
        "（hgr-kg sources）。条目：研究图1所列事件、图谱所载文件及研究表3所列案例。",
    },
}
WHAT = {
    "en": {"issued": "promulgation", "in-force": "entry into force"},
    "zh": {"issued": "公布", "in-force": "施行"},
}


@dataclass(frozen=True)
class Style:
    width: float  # inches
    height: float | None  # fixed (a slide) or None (as tall as the rows need)
    font: float  # points, row labels
    margin: float = 0.08

    @property
    def small(self) -> float:
        return self.font * 0.88


STYLES = {"vertical": Style(3.5, None, 6.5), "horizontal": Style(40 / 3, 7.5, 11.0)}


def _font(lang: str) -> list[str]:
    from matplotlib import font_manager

    if lang != "zh":
        return [LATIN_FONT]
    try:
        font_manager.findfont(font_manager.FontProperties(family=CJK_FONT), fallback_to_default=False)
    except ValueError:
        raise HgrKgError(
            f"the Chinese timeline needs the font '{CJK_FONT}' (Debian: apt-get install fonts-wqy-zenhei)"
        ) from None
    return [CJK_FONT, LATIN_FONT]


class Measure:
    """Text sizes in inches, from an Agg renderer at 72 dpi: with hinting off (as the figure draws)
    a glyph's advance is linear in the resolution, so this is the size at every dpi, and cheap."""

    def __init__(self, cjk: bool) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.font_manager import FontProperties

        self._cjk = cjk
        self._renderer = FigureCanvasAgg(Figure(figsize=(1, 1), dpi=72)).get_renderer()
        self._dpi = 72
        self._props = FontProperties
        self._cache: dict[tuple[str, float, str], tuple[float, float]] = {}

    def size(self, text: str, points: float, weight: str = "normal") -> tuple[float, float]:
        key = (text, points, weight)
        if key not in self._cache:
            props = self._props(size=points, weight=weight)
            w, h, _ = self._renderer.get_text_width_height_descent(text or " ", props, ismath=False)
            self._cache[key] = (w / self._dpi, h / self._dpi)
        return self._cache[key]

    def width(self, text: str, points: float, weight: str = "normal") -> float:
        return self.size(text, points, weight)[0]

    def line(self, points: float) -> float:
        """Height of one line of text (tallest CJK and Latin glyphs), with leading."""
        return self.size("Ág国（" if self._cjk else "Ág", points)[1] * 1.18

    def approx(self, text: str, points: float, weight: str = "normal") -> float:
        """The width of ``text`` as the sum of its characters' (measured once each, at 10 pt): no
        kerning, so a little wide, which is the safe side for wrapping."""
        total = 0.0
        for ch in text:
            key = (ch, 10.0, weight)
            if key not in self._cache:
                self.size(ch, 10.0, weight)
            total += self._cache[key][0]
        return total * points / 10.0

    def wrap(self, text: str, width: float, points: float, weight: str = "normal") -> list[str]:
        """``text`` in lines no wider than ``width``: Latin breaks between words, Chinese anywhere."""
        tokens = re.findall(
            r"\d+[年月日号][）》，、。；：”]*|[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef][）》，、。；：”]*|[^\s\u2e80-\u9fff"
            r"\u3000-\u303f\uff00-\uffef]+\s*|\s+",
            text,
        )
        lines, current = [], ""
        for token in tokens:
            if current and self.approx((current + token).rstrip(), points, weight) > width:
                lines.append(current.rstrip())
                current = token.lstrip()
            else:
                current += token
        if current.strip():
            lines.append(current.rstrip())
        return lines or [text]


@dataclass
class Notes:
    """Numbered footnotes: the same text has one number."""

    texts: list[str] = field(default_factory=list)

    def mark(self, text: str) -> str:
        if text not in self.texts:
            self.texts.append(text)
        return str(self.texts.index(text) + 1).translate(SUPERSCRIPT)


def _date_text(row_or_amendment, dates: str) -> str:  # noqa: ANN001
    issued, in_force = row_or_amendment.issued, row_or_amendment.in_force
    if dates == "promulgated":
        return issued.day if issued else ""
    if dates == "in-force":
        return f"→ {in_force.day}" if in_force else ""
    if issued and in_force and in_force.day != issued.day:
        return f"{issued.day} → {in_force.day}"
    return (issued or in_force).day if (issued or in_force) else ""


def _entries(row: Row, lang: str, dates: str, notes: Notes) -> list[tuple[str, str]]:
    """(text, dates) lines of a row: the instrument, then each amending act."""
    text = TEXT[lang]
    marks = "".join(notes.mark(n) for n in row.notes)
    if row.translated:
        marks += notes.mark(text["translation_note"])
    title = f"{row.label}{marks}{' *' if row.unverified else ''}"
    when = row.year_only.day if row.year_only else _date_text(row, dates)
    if not when and dates == "in-force":
        when = text["no_force"]
    primary = row.year_only or (row.in_force if dates == "in-force" else row.issued)
    if row.study_year and primary is not None and str(primary.year) != row.study_year:
        when += f" ({text['study'].format(year=row.study_year)}{notes.mark(text['study_note'])})"
    out = [(title, when)]
    for amendment in row.amendments:
        out.append((f"◆ {amendment.label}", _date_text(amendment, dates)))
    return out


@dataclass
class Block:
    """A row laid out: its text lines (x, y, text, colour, size, weight, gid) and the y of its bar."""

    row: Row
    texts: list[tuple[float, float, str, str, float, str, str]]
    bar_y: float
    height: float


def _layout_row(
    row: Row,
    entries: list[tuple[str, str]],
    m: Measure,
    st: Style,
    cols: tuple[float, float, float, float],
    y: float,
    orientation: str,
) -> Block:
    """Text of ``row`` from ``y`` down. ``cols``: text x, text width, dates x, dates width."""
    tx, tw, dx, dw = cols
    line, small = m.line(st.font), m.line(st.small)
    texts, top = [], y
    for k, (title, when) in enumerate(entries):
        colour, weight = ("#111111", "normal") if k == 0 else ("#333333", "normal")
        lines = m.wrap(title, tw, st.font, weight)
        for i, text in enumerate(lines):
            texts.append(
                (
                    tx,
                    y + i * line,
                    text,
                    colour,
                    st.font,
                    weight,
                    f"label-{row.slug}" if k == 0 and i == 0 else f"label-{row.slug}-{k}-{i}",
                )
            )
        if orientation == "vertical":
            last = m.width(lines[-1], st.font, weight)
            fits = when and tx + last + 0.08 + m.width(when, st.small) <= tx + tw
            wy = y + (len(lines) - 1) * line if fits else y + len(lines) * line
            wx = tx + last + 0.08 if fits else tx + 0.1
            used = len(lines) * line if fits or not when else len(lines) * line + small
        else:
            wx, wy = dx, y
            when_lines = m.wrap(when, dw, st.small) if when else []
            used = max(len(lines) * line, len(when_lines) * small)
        if when and orientation == "vertical":
            texts.append(
                (wx, wy + (line - small) / 2, when, "#555555", st.small, "normal", f"date-{row.slug}-{k}")
            )
        elif when:
            for i, text in enumerate(m.wrap(when, dw, st.small)):
                texts.append(
                    (
                        wx,
                        wy + i * small + (line - small) / 2,
                        text,
                        "#555555",
                        st.small,
                        "normal",
                        f"date-{row.slug}-{k}-{i}",
                    )
                )
        y += used
    bar_h = line * 0.8
    if orientation == "vertical":
        return Block(row, texts, y + bar_h / 2, y + bar_h - top)
    return Block(row, texts, top + line / 2, y - top)


def _legend_entries(lang: str, dates: str, kinds: list[str], any_year: bool) -> list[tuple[str, str, str]]:
    """(symbol, colour, text) of the legend, only what the figure shows."""
    text = TEXT[lang]
    out = [("patch", KINDS[k][0], KINDS[k][1 if lang == "en" else 2]) for k in kinds]
    if dates in ("both", "promulgated"):
        out.append(("dot", "#333333", text["issued"]))
    if dates == "both":
        out.append(("span", "#333333", text["span"]))
    if dates in ("both", "in-force"):
        out += [("band", "#333333", text["band"]), ("open", "#333333", text["open"])]
    what = WHAT[lang]["in-force" if dates == "in-force" else "issued"]
    out.append(("diamond", "#333333", text["amend"].format(what=what)))
    if any_year:
        out.append(("year", "#333333", text["year"]))
    out.append(("", "#333333", text["unverified"]))
    return out


def draw(
    all_rows: list[Row],
    lang: str = "en",
    orientation: str = "vertical",
    dates: str = "both",
    built: str = "",
    start: int = 1998,
    end: int = 2024,
) -> Figure:
    """The figure of ``all_rows`` (already chosen for the years ``start``..``end``)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    if not all_rows:
        raise HgrKgError("the timeline has no items in the chosen years and kinds")
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)  # no bold CJK face: fine
    plt.rcParams.update(
        {
            "font.family": _font(lang),
            "svg.hashsalt": "hgr-kg",
            "pdf.fonttype": 42,
            "svg.fonttype": "none",
            "text.hinting": "no_hinting",
        }
    )
    base = STYLES[orientation]
    fig = plt.figure(figsize=(base.width, base.height or 4.0), dpi=DPI)
    measure = Measure(lang == "zh")
    font = base.font
    while True:  # a slide has a fixed height: the text shrinks until everything fits
        style = Style(base.width, base.height, font)
        plan = _plan(all_rows, lang, orientation, dates, built, start, end, style, measure)
        if base.height is None or plan["height"] <= base.height or font <= 6:
            break
        font -= 0.5
    if base.height is not None and plan["height"] < base.height:  # what is left spreads between the rows
        spare = (base.height - plan["height"]) / (len(all_rows) + 0.5)
        plan = _plan(all_rows, lang, orientation, dates, built, start, end, style, measure, spare)
    height = base.height or plan["height"]
    fig.set_size_inches(style.width, height)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, style.width)
    ax.set_ylim(height, 0)  # inches from the top
    ax.axis("off")
    _paint(ax, plan, style, orientation, dates, measure)
    return fig


def _columns(orientation: str, entries: list, st: Style, m: Measure) -> tuple[tuple, tuple]:
    """Text x, text width, dates x, dates width; and the chart's left and right, in inches."""
    margin = st.margin
    if orientation == "vertical":
        return (margin, st.width - 2 * margin, 0.0, 0.0), (margin + 0.12, st.width - margin - 0.12)
    text_w = st.width * 0.30
    widths = [m.width(w, st.small) for e in entries for _, w in e if w]
    date_w = min(max(widths, default=0.5) * 1.05, st.width * 0.22)  # wrapping sums glyphs: a little wide
    cols = (margin, text_w, margin + text_w + 0.12, date_w)
    return cols, (margin + text_w + date_w + 0.3, st.width - margin - 0.15)


def _footer(notes: Notes, source_text: str, points: float, st: Style, m: Measure, y: float):  # noqa: ANN202
    """The numbered footnotes and the source line from ``y`` down: (footnotes, source, bottom)."""
    margin, line = st.margin, m.line(points)
    foot = []
    for number, note in enumerate(notes.texts, 1):
        for i, text in enumerate(m.wrap(note, st.width - 2 * margin - 0.1, points)):
            foot.append((margin + (0 if i == 0 else 0.1), y, f"{number} {text}" if i == 0 else text))
            y += line
    y += 0.03
    source = []
    for text in m.wrap(source_text, st.width - 2 * margin, points):
        source.append((margin, y, text))
        y += line
    return foot, source, y


def _plan(all_rows, lang, orientation, dates, built, start, end, st: Style, m: Measure,  # noqa: ANN001, PLR0913
          spare: float = 0.0) -> dict:  # fmt: skip
    """Where everything goes, in inches from the top left; ``spare`` inches more between rows."""
    text, notes, margin = TEXT[lang], Notes(), st.margin
    entries = [_entries(r, lang, dates, notes) for r in all_rows]
    title_fs, foot_fs, tick_fs = st.font * 1.2, st.small * 0.92, st.small
    title = m.wrap(text["title"], st.width - 2 * margin, title_fs, "bold")
    y = margin + len(title) * m.line(title_fs) + 0.06
    cols, chart = _columns(orientation, entries, st, m)
    kinds = [k for k in KINDS if any(r.kind == k for r in all_rows)]
    legend = _flow(
        _legend_entries(lang, dates, kinds, any(r.year_only for r in all_rows)),
        margin,
        st.width - margin,
        y,
        st.small,
        m,
    )
    y = legend["bottom"] + 0.04
    tick_h = m.line(tick_fs)
    axis_top = y + tick_h + 0.04
    y = axis_top + 0.06
    blocks = []
    for row, rows_entries in zip(all_rows, entries, strict=True):
        block = _layout_row(row, rows_entries, m, st, cols, y, orientation)
        blocks.append(block)
        y += block.height + m.line(st.font) * (0.3 if orientation == "horizontal" else 0.5) + spare
    axis_bottom = y
    y = axis_bottom + tick_h + 0.1
    foot, source, y = _footer(notes, text["source"].format(built=built), foot_fs, st, m, y)
    positions = [d.position for r in all_rows for d in r.dates()]
    positions += [d.position + 0.99 for r in all_rows for d in [r.year_only] if d]
    scale = make_scale(float(start), float(end + 1), positions, chart[0], chart[1] - chart[0])
    ticks = year_ticks(scale, lambda s: m.width(s, tick_fs), 4 / 72)
    return {
        "title": title,
        "title_fs": title_fs,
        "legend": legend,
        "blocks": blocks,
        "scale": scale,
        "ticks": ticks,
        "tick_fs": tick_fs,
        "axis": (axis_top, axis_bottom),
        "foot": foot,
        "foot_fs": foot_fs,
        "font": st.font,
        "source": source,
        "height": y + margin,
        "margin": margin,
    }


def _flow(entries, left: float, right: float, top: float, points: float, m: Measure) -> dict:  # noqa: ANN001
    """Legend entries left to right, wrapping at ``right``: (symbol x, text x, y, entry)."""
    line, sym = m.line(points), 0.2
    x, y, placed = left, top, []
    for entry in entries:
        width = (sym if entry[0] else 0) + m.width(entry[2], points)
        if x > left and x + width > right:
            x, y = left, y + line
        placed.append((x, x + (sym if entry[0] else 0), y, entry))
        x += width + 0.14
    return {"placed": placed, "points": points, "line": line, "bottom": y + line}


def _paint(ax, plan: dict, st: Style, orientation: str, dates: str, m: Measure) -> None:  # noqa: ANN001
    margin = plan["margin"]
    y = margin
    for line in plan["title"]:
        ax.text(
            margin, y, line, ha="left", va="top", fontsize=plan["title_fs"], fontweight="bold", gid="caption"
        )
        y += m.line(plan["title_fs"])
    _paint_legend(ax, plan["legend"])
    _paint_axis(ax, plan, orientation, m)
    for block in plan["blocks"]:
        for x, ty, text, colour, size, weight, gid in block.texts:
            ax.text(x, ty, text, ha="left", va="top", fontsize=size, color=colour, fontweight=weight, gid=gid)
        _paint_bar(ax, block, plan["scale"], dates, m.line(st.font))
    for x, ty, text in plan["foot"] + plan["source"]:
        ax.text(x, ty, text, ha="left", va="top", fontsize=plan["foot_fs"], color="#444444")


def _paint_legend(ax, legend: dict) -> None:  # noqa: ANN001
    from matplotlib.patches import Rectangle

    line = legend["line"]
    for sx, tx, y, (symbol, colour, text) in legend["placed"]:
        cy = y + line * 0.45
        if symbol == "patch":
            ax.add_patch(Rectangle((sx, cy - 0.035), 0.14, 0.07, color=colour, lw=0))
        elif symbol == "dot":
            ax.plot([sx + 0.07], [cy], "o", ms=legend["points"] * 0.75, color=colour, mec="white", mew=0.4)
        elif symbol == "span":
            ax.plot([sx, sx + 0.15], [cy, cy], color=colour, lw=0.7)
        elif symbol in ("band", "open"):
            ax.add_patch(
                Rectangle(
                    (sx, cy - 0.03), 0.13 if symbol == "band" else 0.1, 0.06, color=colour, alpha=0.45, lw=0
                )
            )
            if symbol == "open":
                ax.plot([sx + 0.12], [cy], ">", ms=3, color=colour, mew=0)
        elif symbol == "diamond":
            ax.plot([sx + 0.07], [cy], "D", ms=legend["points"] * 0.6, color=colour, mec="white", mew=0.4)
        elif symbol == "year":
            ax.add_patch(Rectangle((sx, cy - 0.035), 0.14, 0.07, fill=False, ec=colour, lw=0.6))
        ax.text(tx, y, text, ha="left", va="top", fontsize=legend["points"], color="#222222")


def _paint_axis(ax, plan: dict, orientation: str, m: Measure) -> None:  # noqa: ANN001
    scale, (top, bottom) = plan["scale"], plan["axis"]
    levels = (top, bottom) if orientation == "vertical" else (bottom,)
    for level in levels:
        for x0, x1 in scale.pieces(scale.start, scale.end):
            ax.plot([x0, x1], [level, level], color="#333333", lw=0.7)
        for bx in scale.breaks:
            for dx in (-0.025, 0.025):
                ax.plot(
                    [bx + dx - 0.02, bx + dx + 0.02], [level + 0.04, level - 0.04], color="#333333", lw=0.7
                )
        for year, labelled in plan["ticks"]:
            x = scale.x(year)
            up = level == top and orientation == "vertical"
            ax.plot(
                [x, x],
                [level, level + (-0.03 if up else 0.03) * (1 if labelled else 0.6)],
                color="#333333",
                lw=0.5,
            )
            if labelled:
                ax.text(
                    x,
                    level - 0.035 if up else level + 0.035,
                    str(year),
                    ha="center",
                    va="bottom" if up else "top",
                    fontsize=plan["tick_fs"],
                    color="#333333",
                )
    if orientation == "vertical":  # grid lines only behind the bars, never through the text
        line = m.line(plan["font"])
        spans = [(b.bar_y - line * 0.45, b.bar_y + line * 0.45) for b in plan["blocks"]]
    else:
        spans = [(top, bottom)]
    for year, labelled in plan["ticks"]:
        for y0, y1 in spans if labelled else []:
            ax.plot([scale.x(year)] * 2, [y0, y1], color="#dddddd", lw=0.4, zorder=0)


def _paint_bar(ax, block: Block, scale, dates: str, line: float) -> None:  # noqa: ANN001
    row, y = block.row, block.bar_y
    colour = KINDS[row.kind][0]
    inside = lambda d: d is not None and scale.start <= d.position <= scale.end  # noqa: E731
    _paint_periods(ax, row, y, scale, dates, line)
    issued, in_force = row.issued, row.in_force
    if dates == "both" and inside(issued) and in_force and in_force.position > issued.position:
        for x0, x1 in scale.pieces(issued.position, in_force.position):
            ax.plot([x0, x1], [y, y], color=colour, lw=0.8)
    if dates != "in-force" and inside(issued):
        ax.plot([scale.x(issued.position)], [y], "o", ms=line * 72 * 0.42, color=colour, mec="white", mew=0.5,
                gid=f"marker-{row.slug}")  # fmt: skip
    for amendment in row.amendments:
        when = amendment.in_force if dates == "in-force" else amendment.issued
        if inside(when):
            ax.plot([scale.x(when.position)], [y], "D", ms=line * 72 * 0.36, color="#222222", mec="white",
                    mew=0.5)  # fmt: skip


def _paint_periods(ax, row: Row, y: float, scale, dates: str, line: float) -> None:  # noqa: ANN001
    """The hollow box of a year-only date; the bands of the periods in force (an arrow: no end)."""
    from matplotlib.patches import Rectangle

    colour, half = KINDS[row.kind][0], line * 0.22
    if row.year_only and scale.start <= row.year_only.position <= scale.end:
        for x0, x1 in scale.pieces(row.year_only.position, row.year_only.position + 1):
            ax.add_patch(Rectangle((x0, y - half * 1.3), x1 - x0, half * 2.6, fill=False, ec=colour, lw=0.8,
                                   gid=f"year-{row.slug}"))  # fmt: skip
    if dates not in ("both", "in-force"):
        return
    for k, period in enumerate(row.periods):
        end = period.end.position if period.end else scale.end
        for x0, x1 in scale.pieces(period.start.position, end):
            shade = 0.55 if k % 2 == 0 else 0.3  # a shade per version
            ax.add_patch(Rectangle((x0, y - half), x1 - x0, 2 * half, color=colour, lw=0, alpha=shade,
                                   gid=f"band-{row.slug}-{k}"))  # fmt: skip
        if period.end is None and period.start.position < scale.end:
            ax.plot([scale.x1], [y], ">", ms=line * 72 * 0.42, color=colour, mew=0)


def render(fig, fmts: tuple[str, ...], title: str = "") -> dict[str, bytes]:  # noqa: ANN001
    """The figure in each format: SVG (text as text with its fonts named, a <title> from ``title``, no
    timestamp), PDF (Type 42 fonts, no dates), PNG (300 dpi)."""
    from matplotlib import pyplot as plt

    out = {}
    for fmt in fmts:
        buffer = io.BytesIO()
        metadata = {
            "svg": {"Date": None, "Title": title},
            "pdf": {"CreationDate": None, "ModDate": None},
            "png": {"Software": None},
        }[fmt]
        fig.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
        out[fmt] = buffer.getvalue()
    plt.close(fig)
    return out


def timeline_rows(
    graph: Graph, queries: Path, lang: str, start: int | None, end: int | None, kinds: list[str] | None = None
) -> list[Row]:
    """The rows of the figure: those with a date in ``start``..``end``, of ``kinds`` (all if None)."""
    unknown = sorted(set(kinds or []) - set(KINDS))
    if unknown:
        raise HgrKgError(f"--kinds: unknown kind(s) {', '.join(unknown)} (kinds: {', '.join(KINDS)})")
    chosen = []
    for row in rows(graph, queries, lang):
        if in_window(row, start, end) and (kinds is None or row.kind in kinds):
            row.amendments = [a for a in row.amendments if in_window(a, start, end)]
            chosen.append(row)
    return chosen


def timeline(
    graph: Graph,
    queries: Path,
    lang: str = "en",
    fmt: str = "svg",
    orientation: str = "vertical",
    start: int | None = 1998,
    end: int | None = 2024,
    kinds: list[str] | None = None,
    built: str = "",
    dates: str = "both",
) -> bytes:
    """Draw the timeline of ``graph`` and return the file's bytes."""
    if lang not in LANGS or fmt not in FORMATS or orientation not in ORIENTATIONS or dates not in DATES:
        raise HgrKgError(
            f"timeline: lang must be {LANGS}, format {FORMATS}, orientation {ORIENTATIONS}, dates {DATES}"
        )
    chosen = timeline_rows(graph, queries, lang, start, end, kinds)
    return render_rows(chosen, lang, orientation, built, (fmt,), dates, start, end)[fmt]


def window(chosen: list[Row], start: int | None, end: int | None) -> tuple[int, int]:
    """The years the axis covers: ``start``..``end``, or the rows' own years where one is open."""
    years = [d.year for r in chosen for d in r.dates()]
    return (start if start is not None else min(years)), (end if end is not None else max(years))


def render_rows(
    chosen: list[Row],
    lang: str,
    orientation: str,
    built: str,
    fmts: tuple[str, ...],
    dates: str = "both",
    start: int | None = 1998,
    end: int | None = 2024,
) -> dict[str, bytes]:
    """Draw ``chosen`` and render the figure in each of ``fmts`` (needs no graph: runs in a worker)."""
    if not chosen:
        raise HgrKgError("the timeline has no items in the chosen years and kinds")
    first, last = window(chosen, start, end)
    fig = draw(chosen, lang, orientation, dates, built, first, last)
    return render(fig, fmts, f"{TEXT[lang]['title']} ({first}–{last})")
