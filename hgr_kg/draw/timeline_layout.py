"""The timeline figure laid out: where every text, row, legend entry, tick and footnote goes, in inches
from the top left of the canvas (:func:`plan_figure`). Nothing is drawn here:
:mod:`hgr_kg.draw.timeline_paint` draws the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hgr_kg.draw.timeline_measure import Measure
from hgr_kg.draw.timeline_rows import Row
from hgr_kg.draw.timeline_style import KINDS, SUPERSCRIPT, TEXT, WHAT, Style
from hgr_kg.draw.timescale import make_scale, year_ticks


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


def plan_figure(all_rows, lang, orientation, dates, built, start, end,  # noqa: ANN001, PLR0913
                st: Style, m: Measure, spare: float = 0.0) -> dict:  # fmt: skip
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
