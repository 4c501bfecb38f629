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

The parts: what the figure says and how it looks (:mod:`hgr_kg.draw.timeline_style`), text measured
and wrapped (:mod:`hgr_kg.draw.timeline_measure`), the layout (:mod:`hgr_kg.draw.timeline_layout`), the
painting (:mod:`hgr_kg.draw.timeline_paint`); this module draws the figure and writes its files.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from hgr_kg.draw.timeline_layout import plan_figure
from hgr_kg.draw.timeline_measure import Measure
from hgr_kg.draw.timeline_paint import paint
from hgr_kg.draw.timeline_rows import Row, in_window, rows
from hgr_kg.draw.timeline_style import KINDS, STYLES, TEXT, Style, font_family
from hgr_kg.errors import HgrKgError

if TYPE_CHECKING:  # matplotlib is imported only when drawing
    from matplotlib.figure import Figure

FORMATS = ("svg", "pdf", "png")
LANGS = ("en", "zh")
ORIENTATIONS = ("vertical", "horizontal")
DATES = ("both", "promulgated", "in-force")
DPI = 300  # the PNG's resolution; text is measured at it too (hinting makes small text narrower at low dpi)


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
            "font.family": font_family(lang),
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
        plan = plan_figure(all_rows, lang, orientation, dates, built, start, end, style, measure)
        if base.height is None or plan["height"] <= base.height or font <= 6:
            break
        font -= 0.5
    if base.height is not None and plan["height"] < base.height:  # what is left spreads between the rows
        spare = (base.height - plan["height"]) / (len(all_rows) + 0.5)
        plan = plan_figure(all_rows, lang, orientation, dates, built, start, end, style, measure, spare)
    height = base.height or plan["height"]
    fig.set_size_inches(style.width, height)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, style.width)
    ax.set_ylim(height, 0)  # inches from the top
    ax.axis("off")
    paint(ax, plan, style, orientation, dates, measure)
    return fig


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
