"""The timeline figure drawn with matplotlib from its plan (:func:`hgr_kg.draw.timeline_layout.plan_figure`):
the title, the legend, the axis with its breaks and ticks, each row's text and bar (dot, span, bands,
diamonds, year boxes) and the footnotes.
"""

from __future__ import annotations

from hgr_kg.draw.timeline_layout import Block
from hgr_kg.draw.timeline_measure import Measure
from hgr_kg.draw.timeline_rows import Row
from hgr_kg.draw.timeline_style import KINDS, Style


def paint(ax, plan: dict, st: Style, orientation: str, dates: str, m: Measure) -> None:  # noqa: ANN001
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
